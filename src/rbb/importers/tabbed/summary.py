"""The Summary in front of the report: its paragraphs, the financial resources
table by group (``financial_resources_summary``) and, in a budget, the human
resources table by component and category (``human_resources``); in a
performance report, "Human resources incumbency performance" (``incumbency``)."""

from __future__ import annotations

from rbb.model.staffing import StaffingTable

from ..reading import Parts, Reading
from ..source import Line
from .financial_sections import is_money_header, read_money_table
from .outline import Region
from .paragraphs import read_paragraphs
from .resources import is_incumbency_header, read_incumbency
from .small_tables import split_region
from .staffing_sections import header_columns, read_staffing
from .text import prose_text


def read_summary(region: Region, reading: Reading, parts: Parts) -> None:
    prose, runs = split_region(region)
    paragraphs = read_paragraphs(prose, region.label, reading, strict=False)
    parts.rows(lambda d: d.paragraphs).extend(paragraphs)
    for run in runs:
        lines = run.header_lines + run.rows
        title = _title_before(region, lines[0])
        if is_money_header(lines[0]):
            table = read_money_table(lines, key="financial_resources_summary", title=title,
                                     section=region.label, reading=reading)
            if table is not None:
                parts.rows(lambda d: d.financial_tables).append(table)
        elif is_incumbency_header(run):
            parts.rows(lambda d: d.incumbency).extend(read_incumbency(run, region.label, reading))
        elif header_columns(lines, 0) is not None:
            read = read_staffing(lines, 0, reading, region.label)
            parts.rows(lambda d: d.staffing_tables).append(StaffingTable(
                key="human_resources", title=title, columns=tuple(read.columns),
                rows=tuple(read.rows), source_line=lines[0].number))
            for line in lines[read.end:]:
                if not line.blank:
                    reading.unplaced(line, region.label, "a row of the human resources table")
        else:
            for line in lines:
                reading.unplaced(line, region.label, "the financial or human resources table")


def _title_before(region: Region, first: Line) -> str:
    """The title printed above a table: the last short prose line before it."""
    title = ""
    for line in region.lines:
        if line.number >= first.number:
            break
        text = prose_text(line.text)
        if text and len(text) < 80 and not text.startswith("("):
            title = text
    return title
