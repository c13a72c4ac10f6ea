"""A budget Summary's "Human resources" table that the line-by-line readers did not
find (Word text collapsed onto one line, cells in `` / `` or ``|``, HTML cells), read
from the words of the text (``rbb.importers.summary_personnel``).

Kept apart from ``_summary_from_words`` so the importer calls it as one more step
after its readers; nothing here replaces a table the line readers read with rows.
"""

from __future__ import annotations

from rbb.model import DocumentKind
from rbb.model.staffing import StaffingTable

from ..reading import Parts, Reading
from ..source import Line
from ..summary_personnel import HUMAN_RESOURCES, SECTION, read_personnel_summary

__all__ = ["personnel_from_words", "read_personnel_summary"]


def personnel_from_words(lines: list[Line], reading: Reading, parts: Parts) -> None:
    """Store the Summary's human resources table of a budget read from its words,
    unless the line readers stored it with rows; its problems become the import's."""
    if reading.meta.kind is not DocumentKind.BUDGET:
        return
    tables = parts.rows(lambda d: d.staffing_tables)
    if any(table.key == HUMAN_RESOURCES and table.rows for table in tables):
        return
    table, diagnostics = read_personnel_summary("\n".join(line.text for line in lines),
                                                name=reading.file)
    if table is not None:
        # a title the line readers found without a row gives way to the table read
        tables[:] = [t for t in tables if t.key != HUMAN_RESOURCES]
        tables.insert(0, table)
        _supersede(reading, table)
    reading.diagnostics.extend(diagnostics)


def _supersede(reading: Reading, table: StaffingTable) -> None:
    """Drop what the line readers said of the lines the table read from words spans
    (the words reader says itself what it could not read); what the words readers of
    the Summary said stays."""
    first = table.source_line or 0
    last = max((row.source_line or first for row in table.rows), default=first)
    reading.diagnostics[:] = [
        d for d in reading.diagnostics
        if d.line is None or not first <= d.line <= last or d.section in _WORDS_SECTIONS]


_WORDS_SECTIONS = frozenset({"financial_resources", SECTION})
"""The sections the words readers of the Summary name in their diagnostics."""
