"""What the page over every stored mission reads of the store: plain SQL on the index
tables (``financial_figures``, ``documents``, ``document_parts``), never a document
body, so that its cost grows with the page and not with the store (docs/cycle.md, "The
whole of peacekeeping")."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from functools import cache
from typing import Any

from sqlalchemy import Engine, Select, bindparam, select, union

from rbb.model.cycle import DocumentKind, Period

from . import schema
from .repository import FinancialFigure
from .statements import reading

CHUNK = 500
"""Identifiers bound in one ``IN`` list (SQLite allows 32 766, PostgreSQL more)."""


def mission_periods(engine: Engine, lines: Sequence[str]) -> list[tuple[str, Period]]:
    """Every (mission, period) a stored document is for or prints one of ``lines`` for
    (a budget prints the expenditure of two periods before its own), by mission and
    period. The figures are found through their index on (line, period, stage)."""
    d, f = schema.documents, schema.financial_figures
    own = select(d.c.mission_code, d.c.period)
    printed = (select(d.c.mission_code, f.c.period).join(d, d.c.id == f.c.document_id)
               .where(f.c.line.in_(list(lines))))
    with reading(engine) as connection:
        rows = connection.execute(union(own, printed)).all()
    return sorted({(str(code), Period.parse(period)) for code, period in rows},
                  key=lambda item: (item[0], item[1].start_year))


def figures_of(engine: Engine, missions: Sequence[str], periods: Sequence[Period],
               lines: Sequence[str]) -> list[tuple[str, FinancialFigure]]:
    """The amounts of ``lines`` for ``periods`` printed by any document of ``missions``,
    each with its mission."""
    if not missions or not periods:
        return []
    found: list[tuple[str, FinancialFigure]] = []
    with reading(engine) as connection:
        for start in range(0, len(missions), CHUNK):
            rows = connection.execute(_figures(), {
                "missions": list(missions[start:start + CHUNK]),
                "periods": sorted({p.label for p in periods}),
                "lines": list(lines)}).mappings().all()
            found += [(str(row["mission_code"]), _figure(row)) for row in rows]
    return found


def parts_of(engine: Engine, document_ids: Sequence[int], names: Sequence[str]
             ) -> dict[int, dict[str, str]]:
    """The stored JSON of the parts ``names`` of each document (by the parts' primary
    key), unparsed: the caller validates the little it uses."""
    found: dict[int, dict[str, str]] = {}
    ids = sorted(set(document_ids))
    with reading(engine) as connection:
        for start in range(0, len(ids), CHUNK):
            for document_id, name, body in connection.execute(_parts(), {
                    "ids": ids[start:start + CHUNK], "names": list(names)}):
                found.setdefault(int(document_id), {})[str(name)] = str(body)
    return found


@cache
def _figures() -> Select[Any]:
    f, d = schema.financial_figures, schema.documents
    return (select(f, d.c.kind, d.c.mission_code).join(d, d.c.id == f.c.document_id)
            .where(f.c.line.in_(bindparam("lines", expanding=True)),
                   f.c.period.in_(bindparam("periods", expanding=True)),
                   d.c.mission_code.in_(bindparam("missions", expanding=True)))
            .order_by(d.c.mission_code, f.c.period, f.c.stage, f.c.id))


@cache
def _parts() -> Select[Any]:
    p = schema.document_parts
    return select(p.c.document_id, p.c.name, p.c.body).where(
        p.c.document_id.in_(bindparam("ids", expanding=True)),
        p.c.name.in_(bindparam("names", expanding=True)))


def _figure(row: Any) -> FinancialFigure:
    return FinancialFigure(
        document_id=row["document_id"], document_kind=DocumentKind(row["kind"]),
        table_key=row["table_key"], line=row["line"], row_type=row["row_type"],
        stage=row["stage"], period=Period.parse(row["period"]),
        amount=None if row["amount"] is None else Decimal(row["amount"]),
        source_line=row["source_line"])
