"""A section of prose and tables: the Summary, sections I to III.

Tables are found by what they print, not by where: a units line
(``(Thousands of United States dollars)``) and a column header. The header's
words say which table it is (``Apportionment`` ... ``Variance`` is a money
table, ``Original distribution`` ... ``Redeployment`` the redeployments,
``Lending mission`` the borrowing), the section title says the rest (other
revenue, programmatic activities, non-budgeted contributions). Everything
else is prose.
"""

from __future__ import annotations

from collections.abc import Sequence

from rbb.model import Stage

from ..cells import trailing_cells
from ..reading import Parts, Reading
from ..source import Line
from .financial_sections import UNITS, is_money_header, read_money_table, units_end
from .incumbency import TITLE as INCUMBENCY_TITLE
from .incumbency import read_incumbency
from .layout import SENTENCE_END
from .outline import Section
from .paragraphs import NUMBERED, read_prose
from .small_tables import (
    is_junk_cell,
    read_amount_rows,
    read_borrowing,
    read_programmatic,
    read_redeployments,
)

_TITLE_MAX = 90
_HEADER_LINES = 8
_ROW_WORDS = 8


def read_body(section: Section, reading: Reading, parts: Parts) -> None:
    lines = section.body
    prose: list[Line] = []
    index = 0
    while index < len(lines):
        line = lines[index]
        if INCUMBENCY_TITLE.match(line.text):
            _flush(prose, section, reading, parts)
            rows, index = read_incumbency(lines, index, section.code, reading)
            parts.rows(lambda d: d.incumbency).extend(rows)
            _stray_rows(lines, index, section, reading)
            continue
        if UNITS.match(line.text):
            title_line = prose.pop() if prose and _is_title(prose[-1]) else None
            _flush(prose, section, reading, parts)
            index = _read_table(lines, index, section, title_line, reading, parts)
            _stray_rows(lines, index, section, reading)
            continue
        prose.append(line)
        index += 1
    _flush(prose, section, reading, parts)


def _stray_rows(lines: Sequence[Line], index: int, section: Section, reading: Reading) -> None:
    """Rows left after a table stopped early (a row that did not read ends it):
    short labels with cells, up to the next paragraph or table."""
    stop = index
    strays: list[Line] = []
    while index < len(lines) and not (NUMBERED.match(lines[index].text)
                                      or UNITS.match(lines[index].text)
                                      or INCUMBENCY_TITLE.match(lines[index].text)):
        label, cells = trailing_cells(lines[index].text)
        if cells and len(label.split()) <= _ROW_WORDS:
            strays.append(lines[index])
        index += 1
    if strays and strays[0] is not lines[stop]:
        strays.insert(0, lines[stop])  # the line the table stopped at
    for stray in strays:
        reading.unplaced(stray, section.code, "prose or a table this importer reads; this row "
                         "follows the end of the table read (a row that did not read ends it)")


def _flush(prose: list[Line], section: Section, reading: Reading, parts: Parts) -> None:
    if prose:
        parts.rows(lambda d: d.paragraphs).extend(read_prose(prose, section.code, reading))
        prose.clear()


def _is_title(line: Line) -> bool:
    text = line.stripped
    return len(text) <= _TITLE_MAX and not text.endswith((*SENTENCE_END, ",")) \
        and text[:1].isupper()


def _peek_header(lines: Sequence[Line], index: int) -> tuple[str, int]:
    """The header's text: the lines after the units line, up to the first row."""
    words: list[str] = []
    start = index
    while index < len(lines) and index - start < _HEADER_LINES and \
            not trailing_cells(lines[index].text)[1] and not is_junk_cell(lines[index].stripped):
        words.append(lines[index].stripped)
        index += 1
    return " ".join(words), index


def _read_table(lines: Sequence[Line], index: int, section: Section, title_line: Line | None,
                reading: Reading, parts: Parts) -> int:
    after_units = units_end(lines, index)
    header, rows_at = _peek_header(lines, after_units)
    lowered = header.lower()
    title_text = section.title if title_line is None else title_line.stripped
    where = title_line or lines[index]
    scope = f"{section.title} {title_text}".lower()
    if is_money_header(header):
        key = "financial_resources_summary" if section.code == "Summary" else "financial_resources"
        tables = parts.rows(lambda d: d.financial_tables)
        if any(table.key == key for table in tables):
            key = f"{key}_{len(tables) + 1}"
        table, end = read_money_table(lines, index, key=key, title=title_text,
                                      title_line=where, section=section.code, reading=reading)
        tables.append(table)
        return end
    if "redeployment" in lowered:
        return read_redeployments(lines, rows_at, section.code, reading, parts)
    if "lending mission" in lowered:
        return read_borrowing(lines, rows_at, section.code, reading, parts)
    if "programmatic" in scope:
        stage = Stage.EXPENDITURE if "expenditure" in lowered else Stage.COST_ESTIMATES
        return read_programmatic(lines, rows_at, stage, section.code, reading, parts)
    if "non-budgeted" in scope:
        rows, end = read_amount_rows(lines, rows_at, section.code,
                                     "non-budgeted contributions", reading)
        parts.rows(lambda d: d.non_budgeted_contributions).extend(rows)
        return end
    if "other revenue" in scope:
        rows, end = read_amount_rows(lines, rows_at, section.code, "other revenue", reading)
        parts.rows(lambda d: d.other_revenue).extend(rows)
        return end
    reading.warning("table-not-read", f"a table this importer does not read ('{title_text}', "
                    f"columns '{header}'): its figures are not imported", where, section.code)
    return rows_at
