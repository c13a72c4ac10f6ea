"""``rbb show``: a stored document as tables on the terminal. A legislative document
(rbb.model.legislative) shows every figure it states with its paragraph and line; a
report of the Secretary-General shows how much each of its parts holds (``rbb report``
regenerates the report itself)."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

from rich.table import Table

from rbb.model import Document
from rbb.presentation import format_amount

PARTS = (("financial_tables", "Financial resources tables"),
         ("staffing_tables", "Staffing tables"), ("components", "Framework components"),
         ("variance_explanations", "Variance explanations"), ("paragraphs", "Paragraphs"))


def identity_table(document: Document, facts: int) -> Table:
    table = Table("field", "value", title=str(document.key), show_header=False)
    rows = [("kind", document.kind.value), ("mission", f"{document.mission.code} "
                                                      f"({document.mission.name})"),
            ("period", document.period.stated if not document.period.is_financial_year
             else document.period.label),
            ("title", document.title), ("symbol", document.symbol or ""),
            ("date", document.date.isoformat() if document.date else ""),
            ("concerns", ", ".join(document.concerns)), ("facts", str(facts))]
    for name, value in rows:
        if value:
            table.add_row(name, value)
    return table


def _amounts(amounts: tuple[Decimal, ...]) -> str:
    return "; ".join(format_amount(amount) for amount in amounts)


def _line(line: int | None) -> str:
    return "" if line is None else str(line)


def document_tables(document: Document) -> Iterator[Table]:
    """The tables of what the document states (amounts in thousands of dollars)."""
    if not document.kind.legislative:
        parts = Table("part", "items", title="Parts of the report")
        for name, label in PARTS:
            parts.add_row(label, str(len(getattr(document, name))))
        yield parts
        return
    if document.stage_figures:
        stages = Table("stage", "period", "line of the budget", "amount", "paragraph",
                       "source line", title="Stage figures (thousands of US dollars)")
        for figure in document.stage_figures:
            stages.add_row(figure.stage.value, figure.period.label, figure.key or "total",
                           format_amount(figure.amount), figure.paragraph or "",
                           _line(figure.source_line))
        yield stages
    if document.recommendations:
        table = Table("paragraph", "kind", "recommendation", "amounts", "posts", "source line",
                      title="Recommendations of the Advisory Committee")
        for item in document.recommendations:
            table.add_row(item.paragraph, item.kind.value, item.text, _amounts(item.amounts),
                          "" if item.posts is None else str(item.posts),
                          _line(item.source_line))
        yield table
    if document.decisions:
        table = Table("paragraph", "kind", "decision", "amounts", "source line",
                      title="Decisions of the General Assembly")
        for decision in document.decisions:
            table.add_row(decision.paragraph, decision.kind.value, decision.text,
                          _amounts(decision.amounts), _line(decision.source_line))
        yield table
    if document.financing:
        table = Table("part", "period", "amount", "paragraph", "source line",
                      title="Financing (thousands of US dollars)")
        for part in document.financing:
            name = part.part.value if part.for_part is None else \
                f"{part.part.value} ({part.for_part.value})"
            table.add_row(name, part.period.label, format_amount(part.amount),
                          part.paragraph or "", _line(part.source_line))
        yield table
