"""The Summary's tables that the line-by-line readers did not find, read from the words
of the text: Word text collapsed onto one line, cells separated by `` / `` or ``|``,
HTML cells (``rbb.importers.summary_tables``, ``rbb.importers.summary_personnel``).

A table the line readers stored with rows is theirs. Otherwise the table read from
words is stored, and what the line readers said of the lines it spans is dropped: the
words reader read every row of those lines, and says itself what it could not.
"""

from __future__ import annotations

from collections.abc import Sequence

from rbb.model import Diagnostic, DocumentKind

from ..reading import Parts, Reading
from ..source import Line
from ..summary_personnel import HUMAN_RESOURCES, read_personnel_summary
from ..summary_tables import (
    BUDGET_FINANCIAL,
    INCUMBENCY,
    PERFORMANCE_FINANCIAL,
    SummaryTable,
    incumbency_rows,
    money_table,
    read_summary_tables,
)

__all__ = ["summary_from_words"]

_SUMMARY_KEY = "financial_resources_summary"


def summary_from_words(lines: list[Line], reading: Reading, parts: Parts) -> None:
    """Store each Summary table the line readers left without rows (the financial
    summary; a performance report's incumbency; a budget's human resources) from
    the words of the text, with the words readers' diagnostics of the tables taken."""
    money = parts.rows(lambda d: d.financial_tables)
    incumbency = parts.rows(lambda d: d.incumbency)
    staffing = parts.rows(lambda d: d.staffing_tables)
    kind = reading.meta.kind
    want_money = not any(t.rows for t in money if t.key == _SUMMARY_KEY)
    want_incumbency = kind is DocumentKind.PERFORMANCE and not incumbency
    want_personnel = kind is DocumentKind.BUDGET and not any(
        t.rows for t in staffing if t.key == HUMAN_RESOURCES)
    if not (want_money or want_incumbency or want_personnel):
        return
    text = "\n".join(line.text for line in lines)
    spans: list[tuple[int, int]] = []
    said: list[Diagnostic] = []
    if want_money or want_incumbency:
        found = read_summary_tables(text, name=reading.file)
        summary = next((t for t in found.tables
                        if t.key in (PERFORMANCE_FINANCIAL, BUDGET_FINANCIAL)), None)
        if want_money:
            told = [d for d in found.diagnostics if d.section == "financial_resources"]
            said += told
            if summary is not None:
                # a heading the line readers found without a row (its cells in ` / `)
                money[:] = [t for t in money if t.key != _SUMMARY_KEY]
                money.insert(0, money_table(summary, reading.meta.period))
                spans.append(_span(summary, told))
        table = found.table(INCUMBENCY) if want_incumbency else None
        if table is not None and (rows := incumbency_rows(table)):
            told = [d for d in found.diagnostics if d.section == "human_resources"]
            said += told
            incumbency[:] = rows
            spans.append(_span(table, told))
    if want_personnel:
        personnel, diagnostics = read_personnel_summary(text, name=reading.file)
        said += diagnostics
        if personnel is not None:
            staffing[:] = [t for t in staffing if t.key != HUMAN_RESOURCES]
            staffing.insert(0, personnel)
            first = personnel.source_line or 0
            spans.append(_near(first, max([first, *(row.source_line or first
                                                    for row in personnel.rows)]), diagnostics))
    reading.diagnostics[:] = [d for d in reading.diagnostics
                              if d.line is None or not any(a <= d.line <= b for a, b in spans)]
    reading.diagnostics.extend(said)


def _span(table: SummaryTable, told: Sequence[Diagnostic]) -> tuple[int, int]:
    last = max([table.title_line, *(cell.line for row in table.rows for cell in row.cells)])
    return _near(table.title_line, last, told)


def _near(first: int, last: int, told: Sequence[Diagnostic]) -> tuple[int, int]:
    """The lines a table read from words spans: its title to its last cell, or to a
    line just after it its reader said something of (a row the text cuts off)."""
    after = [d.line for d in told if d.line is not None and last < d.line <= last + _NEAR]
    return first, max([last, *after])


_NEAR = 5
"""A row the text cuts off is on the lines right after the last row read."""
