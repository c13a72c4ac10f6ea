"""Human resources tables: the Summary's table by component and category, and the
component tables 1, 2, 3 ... of section I.D by office and grade band, with the
estimated civilian personnel cost printed under each (docs/domain.md, "People").

An office is a label line (a row whose other cells are empty, or a line without
tabs between blank lines) followed by its ``Approved posts 2024/25``,
``Proposed posts 2025/26`` and ``Net change`` rows. A label followed directly by
another label is a heading: ``Mission Support Division`` is the parent office
of the offices below it until ``Subtotal, Mission Support Division``; a
numbered category (``III. Civilian staff``) only groups.
"""

from __future__ import annotations

from dataclasses import dataclass

from rbb.model import Period
from rbb.model.classes import snake_case
from rbb.model.staffing import StaffingColumn, StaffingKind, StaffingRow, StaffingTable
from rbb.model.tables import ComponentCost

from ..cells import compact, letters
from ..reading import Reading
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
from .text import has_tab, is_footnote, next_nonblank, prose_text, split_cells


@dataclass
class StaffingRead:
    """What one staffing table yielded and where its lines end."""

    columns: list[StaffingColumn]
    rows: list[StaffingRow]
    end: int


@dataclass
class ComponentTable:
    table: StaffingTable | None
    costs: list[ComponentCost]
    end: int


def header_columns(lines: list[Line], index: int) -> tuple[list[StaffingColumn], int] | None:
    """The columns of a staffing header at ``index`` and the index after it."""
    cells = split_cells(lines[index])
    nxt = next_nonblank(lines, index + 1)
    below = split_cells(lines[nxt]) if nxt is not None else []
    if (nxt is not None and "internationalstaff" in map(letters, cells)
            and {"subtotal", "fs"} & set(map(letters, below))):
        return _band_columns(cells, below), nxt + 1
    named = [letters(cell) for cell in cells[1:] if cell]
    if named and all(name in CATEGORY_COLUMNS for name in named) and not kind_of(cells[0]):
        return [CATEGORY_COLUMNS[name] for name in named], index + 1
    return None


def _band_columns(top: list[str], below: list[str]) -> list[StaffingColumn]:
    columns: list[StaffingColumn] = []
    group = ""
    for index in range(1, max(len(top), len(below))):
        if index < len(top) and top[index]:
            group = GROUPS.get(letters(top[index]), letters(top[index]))
        band = compact(below[index]) if index < len(below) else ""
        column = BANDS.get((group, band))
        if column is not None:
            columns.append(column)
    return columns


def read_staffing(lines: list[Line], start: int, reading: Reading,
                  section: str) -> StaffingRead:
    """Read the table whose header is at ``start`` until a line that is not part of it."""
    columns: list[StaffingColumn] = []
    seen: list[StaffingColumn] = []
    blocks: list[OfficeBlock] = []
    index = start
    while index < len(lines):
        line = lines[index]
        if line.blank or is_footnote(line):
            index += 1
            continue
        if "estimated amount" in line.text.lower():
            break
        header = header_columns(lines, index)
        if header is not None:
            columns, index = header
            seen += [column for column in columns if column not in seen]
            continue
        cells = split_cells(line)
        kind = kind_of(cells[0]) if columns else None
        if kind is not None:
            row = _read_counts(cells, kind, columns, line, reading, section)
            if not blocks:
                reading.unplaced(line, section, "an office label before its posts")
            elif row is not None:
                blocks[-1].rows.append(row)
        elif columns and _is_label(line) and _block_follows(lines, index):
            blocks.append(OfficeBlock(prose_text(cells[0]), line))
        else:
            break
        index += 1
    return StaffingRead(seen, staffing_rows(blocks), index)


def _is_label(line: Line) -> bool:
    cells = split_cells(line)
    return bool(cells[0]) and not any(cells[1:]) and not kind_of(cells[0])


def _block_follows(lines: list[Line], index: int) -> bool:
    """A label starts an office only if its posts rows (or a sub-office) follow."""
    for _hop in range(3):
        nxt = next_nonblank(lines, index + 1)
        if nxt is None:
            return False
        cells = split_cells(lines[nxt])
        if kind_of(cells[0]):
            return True
        if not _is_label(lines[nxt]) or is_footnote(lines[nxt]):
            return False
        if not has_tab(lines[nxt]) and len(lines[nxt].stripped) > 120:
            return False
        index = nxt
    return False


def _read_counts(cells: list[str], kind: tuple[StaffingKind, Period | None],
                 columns: list[StaffingColumn], line: Line, reading: Reading,
                 section: str) -> PostsRow | None:
    values = cells[1:]
    extra = [value for value in values[len(columns):] if value]
    if extra:
        reading.error("extra-cell", f"{', '.join(extra)}: more values than the "
                      f"{len(columns)} columns of the staffing table", line, section)
        return None
    counts = post_counts(columns, values, line, section, reading)
    return None if counts is None else PostsRow(kind[0], kind[1], counts, line)


def read_component_table(lines: list[Line], start: int, default_component: str | None,
                         reading: Reading, section: str) -> ComponentTable:
    """``Table 2`` / ``Human resources: component 1, substantive`` / header / rows /
    ``Estimated amount (civilian personnel)`` with its approved and proposed amounts."""
    number = TABLE.match(lines[start].stripped)
    key = f"table_{number['number']}" if number else f"table_{lines[start].number}"
    index = start + 1
    title_at = next_nonblank(lines, index)
    title, component = lines[start].stripped, default_component
    if title_at is not None and (match := HR_TITLE.match(prose_text(lines[title_at].text))):
        title, component = prose_text(lines[title_at].text), snake_case(match["name"])
        index = title_at + 1
    header_at = next_nonblank(lines, index)
    if header_at is None or header_columns(lines, header_at) is None:
        reading.error("table-incomplete", f"{lines[start].stripped}: expected the header of a "
                      "human resources table (International staff ... National staff ... UNV)",
                      lines[header_at] if header_at is not None else lines[start], section)
        return ComponentTable(None, [], header_at if header_at is not None else index)
    read = read_staffing(lines, header_at, reading, section)
    table = StaffingTable(key=key, title=title, component=component, columns=tuple(read.columns),
                          rows=tuple(read.rows), source_line=lines[start].number)
    costs, end = read_costs(lines, read.end, component or "", reading, section)
    return ComponentTable(table, costs, end)


def read_costs(lines: list[Line], start: int, component: str, reading: Reading,
               section: str) -> tuple[list[ComponentCost], int]:
    """``Estimated amount (civilian personnel)``, then ``Approved 2024/25  $5,137.2``:
    the amount is the last cell, or the last word when the row has no tabs."""
    index = next_nonblank(lines, start)
    if index is None or "estimated amount" not in lines[index].text.lower():
        return [], start
    costs: list[ComponentCost] = []
    index += 1
    while (nxt := next_nonblank(lines, index)) is not None:
        line = lines[nxt]
        if prose_text(line.text).startswith("(") and not costs:
            index = nxt + 1
            continue
        row = _cost_row(line)
        if row is None:
            break
        index = nxt + 1
        cost = civilian_cost(*row, component, line, section, reading)
        if cost is not None:
            costs.append(cost)
    return costs, index


def _cost_row(line: Line) -> tuple[StaffingKind, Period, str] | None:
    cells = [cell for cell in line.text.split("\t") if cell.strip()]
    if len(cells) >= 2:
        label, amount = prose_text(cells[0]), cells[-1]
    else:
        match = COST_ROW.match(line.stripped)
        if match is None:
            return None
        label, amount = f"{match['kind']} {match['period']}", match["amount"]
    kind = kind_of(label)
    if kind is None or kind[1] is None:
        return None
    return kind[0], kind[1], amount
