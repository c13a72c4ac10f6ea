"""Small documents built by hand from lines quoted from the seeds, so each test reads
like the report it checks (STYLE.md: tests written as input text)."""

from __future__ import annotations

from decimal import Decimal
from types import ModuleType
from typing import Any

from rbb.importers.cells import parse_number
from rbb.model import (
    ColumnRole,
    Document,
    DocumentKind,
    Finding,
    MoneyColumn,
    MoneyRow,
    MoneyTable,
    Period,
    Stage,
)
from rbb.model.classes import LineKind, line_for_label
from rbb.model.mission import mission_for_code
from rbb.model.money import column_key
from rbb.model.staffing import RowType

UNMIK = mission_for_code("UNMIK")
assert UNMIK is not None


def document(kind: str = "budget", period: str = "2025/26", **fields: Any) -> Document:
    return Document(
        kind=DocumentKind(kind),
        mission=UNMIK,
        period=Period.parse(period),
        title=f"UNMIK {kind} {period}",
        **fields,
    )


def columns(kind: str, period: str) -> tuple[MoneyColumn, ...]:
    p = Period.parse(period)
    if kind == "budget":
        stages = (
            (Stage.EXPENDITURE, p.shifted(-2)),
            (Stage.APPORTIONMENT, p.previous),
            (Stage.COST_ESTIMATES, p),
        )
    else:
        stages = ((Stage.APPORTIONMENT, p), (Stage.EXPENDITURE, p))
    amount = tuple(
        MoneyColumn(
            key=column_key(stage, when),
            label=f"{stage.value} {when}",
            role=ColumnRole.AMOUNT,
            stage=stage,
            period=when,
        )
        for stage, when in stages
    )
    return (
        *amount,
        MoneyColumn(
            key="variance_amount", label="Variance amount", role=ColumnRole.VARIANCE_AMOUNT
        ),
        MoneyColumn(
            key="variance_percentage",
            label="Variance percentage",
            role=ColumnRole.VARIANCE_PERCENTAGE,
        ),
    )


def money_table(
    text: str,
    *,
    kind: str = "budget",
    period: str = "2025/26",
    key: str = "financial_resources",
    first_line: int = 1,
) -> MoneyTable:
    """Rows as the report prints them: ``label<TAB>cell<TAB>cell ...``; a row is placed
    on ``first_line`` plus its index, like a source line."""
    cols = columns(kind, period)
    rows = []
    for index, line in enumerate(x for x in text.strip().splitlines() if x.strip()):
        label, *cells = line.split("\t")
        entry = line_for_label(label)
        assert entry is not None, label
        row_type = {LineKind.GROUP: RowType.SUBTOTAL, LineKind.CLASS: RowType.ITEM}.get(
            entry.kind, RowType.TOTAL
        )
        values = {c.key: parse_number(cell) for c, cell in zip(cols, cells, strict=True)}
        rows.append(
            MoneyRow(
                line=entry.code,
                label=label,
                row_type=row_type,
                values=values,
                source_line=first_line + index,
            )
        )
    return MoneyTable(key=key, title="Financial resources", columns=cols, rows=tuple(rows))


def dec(text: str) -> Decimal:
    return Decimal(text)


def run(family: ModuleType | tuple[ModuleType, ...], doc: Document) -> list[Finding]:
    """The findings of the registered checks of one module (or several) on a document,
    in the order of ``run_checks``."""
    from rbb.engine.checks import sort_findings
    from rbb.engine.checks.registry import CHECKS, DocumentCheck

    modules = {m.__name__ for m in (family if isinstance(family, tuple) else (family,))}
    findings: list[Finding] = []
    for check in CHECKS:
        if isinstance(check, DocumentCheck) and check.function.__module__ in modules:
            findings += check.function(doc)
    return sort_findings(findings)
