"""Human resources tables: the Summary's table by component and category, and the
component tables 1, 2, 3 ... of section I.D by office and grade band, with the
estimated civilian personnel cost printed under each (DOMAIN.md, "People").

An office is a label line (a row whose other cells are empty, or a line without
tabs between blank lines) followed by its ``Approved posts 2024/25``,
``Proposed posts 2025/26`` and ``Net change`` rows. A label followed directly by
another label is a heading: ``Mission Support Division`` is the parent office
of the offices below it until ``Subtotal, Mission Support Division``; a
numbered category (``III. Civilian staff``) only groups.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from rbb.model import Period
from rbb.model.classes import snake_case
from rbb.model.staffing import RowType, StaffingColumn, StaffingKind, StaffingRow, StaffingTable
from rbb.model.tables import ComponentCost

from ..cells import CellError, parse_number
from ..source import Line
from .text import Context, has_tab, is_footnote, next_nonblank, prose_text, split_cells, squash

_KIND_ROW = re.compile(
    r"^(?P<kind>approved|proposed)(?:\s+(?:posts|temporary positions|positions))?\s+"
    r"(?P<period>\d{4}/\d{2})$", re.I)
_COST_ROW = re.compile(r"^(?P<kind>approved|proposed)\s+(?P<period>\d{4}/\d{2})\s+(?P<amount>.+)$",
                       re.I)
_CATEGORY = re.compile(r"^[IVX]+\.\s+")
_TABLE = re.compile(r"^Table\s+(?P<number>\d+)\b")
_HR_TITLE = re.compile(r"^Human resources\s*:\s*(?:component\s+\d+\s*,\s*)?(?P<name>.+)$", re.I)
_CATEGORY_COLUMNS: dict[str, StaffingColumn] = {
    "militaryobservers": StaffingColumn.MILITARY_OBSERVERS,
    "militarycontingents": StaffingColumn.MILITARY_CONTINGENTS,
    "unitednationspolice": StaffingColumn.UNITED_NATIONS_POLICE,
    "formedpoliceunits": StaffingColumn.FORMED_POLICE_UNITS,
    "internationalstaff": StaffingColumn.INTERNATIONAL_STAFF,
    "nationalprofessionalofficers": StaffingColumn.NPO,
    "nationalgeneralservicestaff": StaffingColumn.NGS,
    "nationalstaff": StaffingColumn.NATIONAL_SUBTOTAL,
    "unitednationsvolunteers": StaffingColumn.UNITED_NATIONS_VOLUNTEERS,
    "temporarypositions": StaffingColumn.GENERAL_TEMPORARY_ASSISTANCE,
    "generaltemporaryassistance": StaffingColumn.GENERAL_TEMPORARY_ASSISTANCE,
    "governmentprovidedpersonnel": StaffingColumn.GOVERNMENT_PROVIDED_PERSONNEL,
    "total": StaffingColumn.TOTAL,
}
_BANDS: dict[tuple[str, str], StaffingColumn] = {
    ("international", "usgasg"): StaffingColumn.USG_ASG,
    ("international", "d2d1"): StaffingColumn.D2_D1,
    ("international", "p5p4"): StaffingColumn.P5_P4,
    ("international", "p3p2"): StaffingColumn.P3_P2,
    ("international", "fs"): StaffingColumn.FS,
    ("international", "subtotal"): StaffingColumn.INTERNATIONAL_SUBTOTAL,
    ("national", "npo"): StaffingColumn.NPO,
    ("national", "ngs"): StaffingColumn.NGS,
    ("national", "subtotal"): StaffingColumn.NATIONAL_SUBTOTAL,
    ("unv", "international"): StaffingColumn.UNV_INTERNATIONAL,
    ("unv", "national"): StaffingColumn.UNV_NATIONAL,
    ("unv", "subtotal"): StaffingColumn.UNV_SUBTOTAL,
    ("total", ""): StaffingColumn.TOTAL,
}
_GROUPS = {"internationalstaff": "international", "nationalstaff": "national", "unv": "unv",
           "unitednationsvolunteers": "unv", "total": "total"}


def _compact(text: str) -> str:
    return re.sub(r"[^a-z0-9]", "", text.lower())


@dataclass
class _Row:
    kind: StaffingKind
    period: Period | None
    counts: dict[StaffingColumn, int | None]
    line: Line


@dataclass
class _Block:
    label: str
    line: Line
    rows: list[_Row] = field(default_factory=list)


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


def kind_of(label: str) -> tuple[StaffingKind, Period | None] | None:
    """``Approved posts 2024/25`` → (approved, 2024/25); ``Net change`` → (net change, None)."""
    if squash(label) == "netchange":
        return StaffingKind.NET_CHANGE, None
    match = _KIND_ROW.match(label.strip())
    if match is None:
        return None
    kind = StaffingKind.APPROVED if match["kind"].lower() == "approved" else StaffingKind.PROPOSED
    try:
        return kind, Period.parse(match["period"])
    except ValueError:
        return None


def header_columns(lines: list[Line], index: int) -> tuple[list[StaffingColumn], int] | None:
    """The columns of a staffing header at ``index`` and the index after it."""
    cells = split_cells(lines[index])
    nxt = next_nonblank(lines, index + 1)
    below = split_cells(lines[nxt]) if nxt is not None else []
    if (nxt is not None and "internationalstaff" in map(squash, cells)
            and {"subtotal", "fs"} & set(map(squash, below))):
        return _band_columns(cells, below), nxt + 1
    named = [squash(cell) for cell in cells[1:] if cell]
    if named and all(name in _CATEGORY_COLUMNS for name in named) and not kind_of(cells[0]):
        return [_CATEGORY_COLUMNS[name] for name in named], index + 1
    return None


def _band_columns(top: list[str], below: list[str]) -> list[StaffingColumn]:
    columns: list[StaffingColumn] = []
    group = ""
    for index in range(1, max(len(top), len(below))):
        if index < len(top) and top[index]:
            group = _GROUPS.get(squash(top[index]), squash(top[index]))
        band = _compact(below[index]) if index < len(below) else ""
        column = _BANDS.get((group, band))
        if column is not None:
            columns.append(column)
    return columns


def read_staffing(lines: list[Line], start: int, context: Context,
                  section: str) -> StaffingRead:
    """Read the table whose header is at ``start`` until a line that is not part of it."""
    columns: list[StaffingColumn] = []
    seen: list[StaffingColumn] = []
    blocks: list[_Block] = []
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
            row = _read_counts(cells, kind, columns, line, context, section)
            if not blocks:
                context.unplaced(line, section, "an office label before its posts")
            elif row is not None:
                blocks[-1].rows.append(row)
        elif columns and _is_label(line) and _block_follows(lines, index):
            blocks.append(_Block(prose_text(cells[0]), line))
        else:
            break
        index += 1
    return StaffingRead(seen, _rows(blocks), index)


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
                 columns: list[StaffingColumn], line: Line, context: Context,
                 section: str) -> _Row | None:
    values = cells[1:]
    extra = [value for value in values[len(columns):] if value]
    if extra:
        context.error("extra-cell", f"{', '.join(extra)}: more values than the "
                      f"{len(columns)} columns of the staffing table", line, section)
        return None
    counts: dict[StaffingColumn, int | None] = {}
    for index, column in enumerate(columns):
        text = values[index] if index < len(values) else ""
        if not text:
            context.error("missing-column", f"no value in the column {column.value}; expected "
                          f"{len(columns)} values, one per column", line, section)
            return None
        try:
            value = parse_number(text)
        except CellError as error:
            context.error("bad-number", f"column {column.value}: {error}", line, section)
            return None
        if value is not None and value != value.to_integral_value():
            context.error("bad-number", f"column {column.value}: {text!r} is not a number of "
                          "posts", line, section)
            return None
        counts[column] = None if value is None else int(value)
    return _Row(kind[0], kind[1], counts, line)


def _rows(blocks: list[_Block]) -> list[StaffingRow]:
    rows: list[StaffingRow] = []
    parent: str | None = None
    parents, subtotals = _front_offices(blocks)
    for index, block in enumerate(blocks):
        label = block.label
        if not block.rows:
            if not _CATEGORY.match(label):
                parent = label
            continue
        office, parent_office, row_type = _CATEGORY.sub("", label), parent, RowType.ITEM
        if squash(label).startswith("subtotal"):
            row_type, parent_office, parent = RowType.SUBTOTAL, None, None
        elif squash(label).startswith("total"):
            total = re.match(r"^Total\s+[a-z]", label) is None
            row_type = RowType.TOTAL if total else RowType.SUBTOTAL
            parent_office, parent = None, None
        elif index in subtotals:
            row_type = RowType.SUBTOTAL
        parent_office = parents.get(index, parent_office)
        rows += [StaffingRow(office=office, parent_office=parent_office, row_type=row_type,
                             kind=row.kind, period=row.period, counts=row.counts,
                             source_line=row.line.number) for row in block.rows]
    return rows


def _front_offices(blocks: list[_Block]) -> tuple[dict[int, str], set[int]]:
    """``Office of Rule of Law`` followed by ``Office of Rule of Law (front office)``:
    the first is printed as the sum of its front office and the sections after it.
    They are its children until their approved totals add up to its own."""
    parents: dict[int, str] = {}
    subtotals: set[int] = set()
    for index, block in enumerate(blocks[:-1]):
        if not block.rows or blocks[index + 1].label != f"{block.label} (front office)":
            continue
        subtotals.add(index)
        target, running = _approved_total(block), 0
        for child in range(index + 1, len(blocks)):
            amount = _approved_total(blocks[child])
            if not blocks[child].rows or amount is None or target is None:
                parents[child] = block.label
                break
            parents[child] = block.label
            running += amount
            if running >= target:
                break
    return parents, subtotals


def _approved_total(block: _Block) -> int | None:
    for row in block.rows:
        if row.kind is StaffingKind.APPROVED:
            return row.counts.get(StaffingColumn.TOTAL)
    return None


def read_component_table(lines: list[Line], start: int, default_component: str | None,
                         context: Context, section: str) -> ComponentTable:
    """``Table 2`` / ``Human resources: component 1, substantive`` / header / rows /
    ``Estimated amount (civilian personnel)`` with its approved and proposed amounts."""
    number = _TABLE.match(lines[start].stripped)
    key = f"table_{number['number']}" if number else f"table_{lines[start].number}"
    index = start + 1
    title_at = next_nonblank(lines, index)
    title, component = lines[start].stripped, default_component
    if title_at is not None and (match := _HR_TITLE.match(prose_text(lines[title_at].text))):
        title, component = prose_text(lines[title_at].text), snake_case(match["name"])
        index = title_at + 1
    header_at = next_nonblank(lines, index)
    if header_at is None or header_columns(lines, header_at) is None:
        context.error("table-incomplete", f"{lines[start].stripped}: expected the header of a "
                      "human resources table (International staff ... National staff ... UNV)",
                      lines[header_at] if header_at is not None else lines[start], section)
        return ComponentTable(None, [], header_at if header_at is not None else index)
    read = read_staffing(lines, header_at, context, section)
    table = StaffingTable(key=key, title=title, component=component, columns=tuple(read.columns),
                          rows=tuple(read.rows), source_line=lines[start].number)
    costs, end = read_costs(lines, read.end, component or "", context, section)
    return ComponentTable(table, costs, end)


def read_costs(lines: list[Line], start: int, component: str, context: Context,
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
        kind, period, amount = row
        try:
            value = parse_number(amount)
        except CellError as error:
            context.error("bad-number", f"estimated amount: {error}", line, section)
            continue
        if value is not None:
            costs.append(ComponentCost(component=component, kind=kind.value, period=period,
                                       amount=value, source_line=line.number))
    return costs, index


def _cost_row(line: Line) -> tuple[StaffingKind, Period, str] | None:
    cells = [cell for cell in line.text.split("\t") if cell.strip()]
    if len(cells) >= 2:
        label, amount = prose_text(cells[0]), cells[-1]
    else:
        match = _COST_ROW.match(line.stripped)
        if match is None:
            return None
        label, amount = f"{match['kind']} {match['period']}", match["amount"]
    kind = kind_of(label)
    if kind is None or kind[1] is None:
        return None
    return kind[0], kind[1], amount
