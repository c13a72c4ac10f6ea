"""Staffing tables of a budget in PDF text: the Summary's human resources table
by component and category, the component tables (``Table 1`` ...) by office and
grade band, and the estimated civilian personnel cost printed under each.

The extraction prints a header as words (``International staff  National
staff  UNV  Total`` over ``USG– ASG  D-2– D-1 ... Subtotal``), an office as a
line of text (wrapped when long), and its rows as a label and space-separated
counts (``Approved posts 2024/25  1  –  3 ...``). What the columns, rows and
labels mean is shared with the tabbed parser (``rbb.importers.staffing_table_rules``);
this module only finds them in the text. The tables are taken out of their
section before the section is read, so the framework and prose readers never
see them.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

from rbb.model.classes import snake_case
from rbb.model.staffing import StaffingColumn, StaffingTable
from rbb.model.tables import ComponentCost

from ..cells import compact, letters, trailing_cells
from ..reading import Parts, Reading
from ..source import Line
from ..staffing_table_rules import (
    BANDS,
    CATEGORY_COLUMNS,
    COST_ROW,
    GROUPS,
    HR_TITLE,
    TABLE,
    OfficeBlock,
    PostsRow,
    civilian_cost,
    kind_of,
    post_counts,
    staffing_rows,
)
from .layout import dangles, is_footnote
from .outline import Section

_BAND_TOKENS = ("usgasg", "d2d1", "p5p4", "p3p2", "fs", "subtotal", "npo", "ngs",
                "international", "national")
_MARKUP = re.compile(r"<[^>]+>|\*+|\^[a-z]\b|\\(?=\$)")
_LABEL_HOPS = 3
_NAME_WORDS = 5
_NOTE_LINES = 6


def take_staffing(section: Section, reading: Reading, parts: Parts) -> None:
    """Read every staffing table of the section and leave the rest of its lines."""
    lines = section.body
    kept: list[Line] = []
    index = 0
    while index < len(lines):
        header = _header(lines, index)
        if header is None:
            kept.append(lines[index])
            index += 1
            continue
        key, title, component, first = _title(kept, section, lines[index])
        columns, rows, index = _read_rows(lines, index, section.code, reading)
        parts.rows(lambda d: d.staffing_tables).append(StaffingTable(
            key=key, title=title, component=component, columns=tuple(columns),
            rows=tuple(staffing_rows(rows)), source_line=first.number))
        costs, index = _read_costs(lines, index, component or "", section.code, reading)
        parts.rows(lambda d: d.civilian_cost_estimates).extend(costs)
    section.body = kept


def _clean(text: str) -> str:
    return " ".join(_MARKUP.sub("", text).split())


def _title(kept: list[Line], section: Section,
           header: Line) -> tuple[str, str, str | None, Line]:
    """``Table 2`` / ``Human resources: component 1, substantive`` above the header
    (the Summary's table: ``Human resources``), taken out of the prose."""
    key, title, component, first = f"table_at_{header.number}", "Human resources", None, header
    if kept and _clean(kept[-1].text).lower().startswith("human resources"):
        first = kept.pop()
        title = re.sub(r"(?<=[a-z])[a-z]$", "", _clean(first.text)) \
            if not HR_TITLE.match(_clean(first.text)) else _clean(first.text)
        if (match := HR_TITLE.match(title)) is not None:
            component = snake_case(match["name"])
        else:
            title = "Human resources"
    if kept and (number := TABLE.match(_clean(kept[-1].text))) is not None:
        first = kept.pop()
        key = f"table_{number['number']}"
    elif section.code == "Summary" and component is None:
        key, first = "human_resources", header
    return key, title, component, first


def _header(lines: Sequence[Line], index: int) -> tuple[list[StaffingColumn], int] | None:
    """The columns of a staffing header at ``index`` and the index after it."""
    text = _clean(lines[index].text)
    if trailing_cells(text)[1]:
        return None
    top = _names(text, GROUPS)
    if index + 1 < len(lines) and "international" in top and "national" in top:
        bands = _bands(compact(_clean(lines[index + 1].text)))
        if bands and bands[0] in ("usgasg", "d2d1", "p5p4", "p3p2"):
            return _band_columns(top, bands), index + 2
    words = text.split()
    if words and words[0].lower() == "category":
        words = words[1:]
    named = _names(" ".join(words), CATEGORY_COLUMNS, whole=True)
    if named and (len(named) >= 2 or words != text.split()) and not kind_of(text):
        return [CATEGORY_COLUMNS[name] for name in named], index + 1
    return None


def _names(text: str, known: Mapping[str, object], *,
           whole: bool = False) -> list[str]:
    """The known names the words spell, longest first (``United Nations police``);
    with ``whole``, every word must belong to one, else nothing."""
    words = text.split()
    found: list[str] = []
    index = 0
    while index < len(words):
        for end in range(min(len(words), index + _NAME_WORDS), index, -1):
            name = letters(" ".join(words[index:end]))
            if name not in known and name[:-1] in known:
                name = name[:-1]  # a footnote mark glued to the last word (``Volunteersb``)
            if name in known:
                found.append(name)
                index = end
                break
        else:
            if whole:
                return []
            index += 1
    return [GROUPS.get(name, name) for name in found] if known is GROUPS else found


def _bands(text: str) -> list[str]:
    bands: list[str] = []
    while text:
        token = next((t for t in _BAND_TOKENS if text.startswith(t)), None)
        if token is None:
            return []
        bands.append(token)
        text = text[len(token):]
    return bands


def _band_columns(groups: list[str], bands: list[str]) -> list[StaffingColumn]:
    """Bands under their groups, in order: a ``Subtotal`` closes a group."""
    columns: list[StaffingColumn] = []
    position = 0
    for band in bands:
        group = groups[position] if position < len(groups) else ""
        if (column := BANDS.get((group, band))) is not None:
            columns.append(column)
        if band == "subtotal":
            position += 1
    if "total" in groups[position:]:
        columns.append(StaffingColumn.TOTAL)
    return columns


def _read_rows(lines: Sequence[Line], index: int, section: str,
               reading: Reading) -> tuple[list[StaffingColumn], list[OfficeBlock], int]:
    seen: list[StaffingColumn] = []
    columns: list[StaffingColumn] = []
    blocks: list[OfficeBlock] = []
    while index < len(lines):
        if (header := _header(lines, index)) is not None:
            columns, index = header
            seen += [column for column in columns if column not in seen]
            continue
        line = lines[index]
        text = _clean(line.text)
        label, cells = trailing_cells(text)
        kind = kind_of(label) if cells else None
        if kind is not None and blocks:
            row = _counts(cells, columns, line, section, reading)
            if row is not None:
                blocks[-1].rows.append(PostsRow(kind[0], kind[1], row, line))
        elif not cells and text and "estimated amount" not in text.lower() \
                and _block_follows(lines, index):
            if blocks and not blocks[-1].rows and dangles(blocks[-1].label):
                blocks[-1].label = f"{blocks[-1].label} {text}"
            else:
                blocks.append(OfficeBlock(text, line))
        elif (resumed := _after_note(lines, index)) is not None:
            index = resumed
            continue
        else:
            break
        index += 1
    return seen, blocks, index


def _after_note(lines: Sequence[Line], index: int) -> int | None:
    """A note under the table (``Note: The following abbreviations ...``), then
    the header printed again: the table goes on (the note is not stored)."""
    text = _clean(lines[index].text)
    if not (text.startswith(("Note", "Abbreviations")) or is_footnote(lines[index])):
        return None
    for ahead in range(index + 1, min(len(lines), index + _NOTE_LINES)):
        if _header(lines, ahead) is not None:
            return ahead
    return None


def _block_follows(lines: Sequence[Line], index: int) -> bool:
    """A label starts an office only if its posts rows (or a sub-office) follow."""
    for hop in range(1, _LABEL_HOPS + 1):
        if index + hop >= len(lines):
            return False
        label, cells = trailing_cells(_clean(lines[index + hop].text))
        if cells:
            return kind_of(label) is not None
        if _header(lines, index + hop) is not None:
            return False
    return False


def _counts(cells: list[str], columns: list[StaffingColumn], line: Line, section: str,
            reading: Reading) -> dict[StaffingColumn, int | None] | None:
    """Space-separated counts cannot tell which column a missing one belongs to: a row
    must print exactly one per column."""
    if len(cells) != len(columns):
        reading.error("missing-cells", f"{len(cells)} counts for the {len(columns)} columns of "
                      "the staffing table", line, section)
        return None
    return post_counts(columns, cells, line, section, reading)


def _read_costs(lines: Sequence[Line], index: int, component: str, section: str,
                reading: Reading) -> tuple[list[ComponentCost], int]:
    """``Estimated amount (civilian personnel) (Thousands of United States dollars)``
    then ``Approved 2024/25  $5,137.2``, ``Proposed 2025/26  $5,672.3``."""
    costs: list[ComponentCost] = []
    if index >= len(lines) or "estimated amount" not in lines[index].text.lower():
        return costs, index
    index += 1
    while index < len(lines) and _clean(lines[index].text).startswith("("):
        index += 1
    while index < len(lines) and (match := COST_ROW.match(_clean(lines[index].text))):
        kind = kind_of(f"{match['kind']} {match['period']}")
        if kind is not None and kind[1] is not None:
            cost = civilian_cost(kind[0], kind[1], match["amount"], component, lines[index],
                                 section, reading)
            if cost is not None:
                costs.append(cost)
        index += 1
    return costs, index
