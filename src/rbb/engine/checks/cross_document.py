"""Across documents: the same fact agrees in every report that prints it (docs/domain.md,
"The cycle"). A budget report for P prints the expenditure of P−2 and the
apportionment of P−1; the performance reports of those periods print them too. The
actual vacancy rates of a budget report's vacancy-factor table are the incumbency
vacancy rates of the performance report of the same period.

The performance report of a period is the reference for that period's apportionment
and expenditure (it closes the period); otherwise the earliest document is.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from rbb.model import Document, DocumentKind, Finding, PersonnelCategory, Severity, VacancyKind
from rbb.model.money import ColumnRole
from rbb.presentation import format_amount

from .. import derived


@dataclass(frozen=True, slots=True)
class _Printed:
    document: Document
    table: str
    column: str
    value: Decimal
    source_line: int | None


def _rank(document: Document, period_label: str) -> tuple[int, int, str]:
    closes = document.kind is DocumentKind.PERFORMANCE and document.period.label == period_label
    return (0 if closes else 1, document.period.start_year, document.kind.value)


def check_amounts(documents: Sequence[Document]) -> list[Finding]:
    """Findings on every document whose amount differs from the reference document's."""
    if len(documents) < 2:
        return []
    facts: dict[tuple[str, str, str, str], list[_Printed]] = defaultdict(list)
    for document in documents:
        for table in document.financial_tables:
            rows = derived.rows_by_line(table)
            for column in table.columns:
                if column.role is not ColumnRole.AMOUNT or not column.stage or not column.period:
                    continue
                for line, row in rows.items():
                    value = row.values.get(column.key)
                    if value is None:
                        continue
                    key = (document.mission.code, column.period.label, column.stage.value, line)
                    printed = _Printed(document, table.key, column.key, value, row.source_line)
                    if not any(p.document is document for p in facts[key]):
                        facts[key].append(printed)
    findings = []
    for (mission, period, stage, line), prints in facts.items():
        if len(prints) < 2 or len({p.value for p in prints}) == 1:
            continue
        ordered = sorted(prints, key=lambda p: _rank(p.document, period))
        reference = ordered[0]
        for other in ordered[1:]:
            if other.value == reference.value:
                continue
            findings.append(Finding(
                severity=Severity.ERROR, code="cross.amount", document=str(other.document.key),
                section="Financial resources", table=other.table, row=line, column=other.column,
                source_line=other.source_line, printed=other.value, computed=reference.value,
                message=(f"{mission} {line.replace('_', ' ')}, {stage.replace('_', ' ')} "
                         f"{period}: printed {format_amount(other.value)} here, "
                         f"{format_amount(reference.value)} in {reference.document.key} "
                         f"(line {reference.source_line})")))
    return findings


_UNV = {PersonnelCategory.UNITED_NATIONS_VOLUNTEERS,
        PersonnelCategory.UNITED_NATIONS_VOLUNTEERS_INTERNATIONAL}


def _same(a: PersonnelCategory, b: PersonnelCategory) -> bool:
    return a is b or (a in _UNV and b in _UNV)


def check_vacancy_rates(documents: Sequence[Document]) -> list[Finding]:
    """Findings on every budget whose actual vacancy factor differs from the incumbency
    rate of the performance report of that period."""
    if len(documents) < 2:
        return []
    performance = {(d.mission.code, d.period.label): d for d in documents
                   if d.kind is DocumentKind.PERFORMANCE}
    findings = []
    for document in documents:
        if document.kind is not DocumentKind.BUDGET:
            continue
        for factor in document.vacancy_factors:
            if factor.kind is not VacancyKind.ACTUAL or factor.rate is None:
                continue
            closing = performance.get((document.mission.code, factor.period.label))
            if closing is None:
                continue
            row = next((r for r in closing.incumbency if _same(r.category, factor.category)),
                       None)
            if row is None or row.vacancy_rate is None or row.vacancy_rate == factor.rate:
                continue
            findings.append(Finding(
                severity=Severity.ERROR, code="cross.vacancy-rate", document=str(document.key),
                section="Vacancy factors", table="vacancy_factors", row=factor.category.value,
                column=f"actual {factor.period}", source_line=factor.source_line,
                printed=factor.rate, computed=row.vacancy_rate,
                message=(f"actual vacancy rate of {factor.category.value.replace('_', ' ')} in "
                         f"{factor.period}: {factor.rate} per cent here, {row.vacancy_rate} in "
                         f"{closing.key} (line {row.source_line})")))
    return findings
