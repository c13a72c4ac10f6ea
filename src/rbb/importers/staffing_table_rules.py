"""What a staffing table means, whatever its shape: the columns its header
names, the kind of each posts row, the number of posts in each cell, how
offices, parent offices, subtotals and totals follow from the order of the
labels, and the estimated civilian personnel cost printed under a component's
table (docs/domain.md, "People").

Both text shapes print the same template: a header naming personnel categories
(the Summary's table: ``Military observers ... Total``) or grade bands under
their groups (``International staff`` over ``USG–ASG ... Subtotal``), then
an office label followed by its ``Approved posts 2024/25``, ``Proposed posts
2025/26`` and ``Net change`` rows. The ``tabbed`` and ``pdf_text`` parsers find
the cells; this module says what they are.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from rbb.model import Period
from rbb.model.staffing import RowType, StaffingColumn, StaffingKind, StaffingRow
from rbb.model.tables import ComponentCost

from .cells import CellError, letters, parse_number
from .reading import Reading
from .source import Line

KIND_ROW = re.compile(
    r"^(?P<kind>approved|proposed)(?:\s+(?:posts|temporary positions|positions))?\s+"
    r"(?P<period>\d{4}/\d{2})$", re.I)
COST_ROW = re.compile(r"^(?P<kind>approved|proposed)\s+(?P<period>\d{4}/\d{2})\s+(?P<amount>.+)$",
                      re.I)
"""``Approved 2024/25  $5,137.2``: an estimated civilian personnel cost."""
CATEGORY = re.compile(r"^[IVX]+\.\s+")
"""``III. Civilian staff``: a numbered category only groups the offices below."""
TABLE = re.compile(r"^Table\s+(?P<number>\d+)\b")
HR_TITLE = re.compile(r"^Human resources\s*:\s*(?:component\s+\d+\s*,\s*)?(?P<name>.+)$", re.I)
CATEGORY_COLUMNS: dict[str, StaffingColumn] = {
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
"""Column headers of the Summary's table and of the military and police rows,
keyed by their letters (``letters``)."""
BANDS: dict[tuple[str, str], StaffingColumn] = {
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
"""A grade band under its group: (group, band as ``compact`` gives it)."""
GROUPS = {"internationalstaff": "international", "nationalstaff": "national", "unv": "unv",
          "unitednationsvolunteers": "unv", "total": "total"}
"""The groups of the band header's top line, keyed by their letters."""


def kind_of(label: str) -> tuple[StaffingKind, Period | None] | None:
    """``Approved posts 2024/25`` → (approved, 2024/25); ``Net change`` → (net change, None)."""
    if letters(label) == "netchange":
        return StaffingKind.NET_CHANGE, None
    match = KIND_ROW.match(label.strip())
    if match is None:
        return None
    kind = StaffingKind.APPROVED if match["kind"].lower() == "approved" else StaffingKind.PROPOSED
    try:
        return kind, Period.parse(match["period"])
    except ValueError:
        return None


def post_counts(columns: list[StaffingColumn], cells: list[str], line: Line, section: str,
                reading: Reading) -> dict[StaffingColumn, int | None] | None:
    """The number of posts in each column of a posts row, the cells in column order;
    None, with an error on the line, when a cell is empty or not a whole number
    (``n/a`` is no count, a dash is none)."""
    counts: dict[StaffingColumn, int | None] = {}
    for index, column in enumerate(columns):
        text = cells[index] if index < len(cells) else ""
        if not text:
            reading.error("missing-column", f"no value in the column {column.value}; expected "
                          f"{len(columns)} values, one per column", line, section)
            return None
        try:
            value = parse_number(text)
        except CellError as error:
            reading.error("bad-number", f"column {column.value}: {error}", line, section)
            return None
        if value is not None and value != value.to_integral_value():
            reading.error("bad-number", f"column {column.value}: {text!r} is not a number of "
                          "posts", line, section)
            return None
        counts[column] = None if value is None else int(value)
    return counts


def civilian_cost(kind: StaffingKind, period: Period, amount: str, component: str, line: Line,
                  section: str, reading: Reading) -> ComponentCost | None:
    """``Approved 2024/25  $5,137.2`` under a component's table: its estimated civilian
    personnel cost; None when the amount is ``n/a``, or does not read (an error)."""
    try:
        value = parse_number(amount)
    except CellError as error:
        reading.error("bad-number", f"estimated amount: {error}", line, section)
        return None
    if value is None:
        return None
    return ComponentCost(component=component, kind=kind.value, period=period, amount=value,
                         source_line=line.number)


@dataclass
class PostsRow:
    """One ``Approved posts`` / ``Proposed posts`` / ``Net change`` row, by column."""

    kind: StaffingKind
    period: Period | None
    counts: dict[StaffingColumn, int | None]
    line: Line


@dataclass
class OfficeBlock:
    """An office label and the posts rows under it (none for a heading)."""

    label: str
    line: Line
    rows: list[PostsRow] = field(default_factory=list)


def staffing_rows(blocks: list[OfficeBlock]) -> list[StaffingRow]:
    """The rows of a staffing table from its labels in order: a label without
    rows is the parent office of those below it until a ``Subtotal``; a numbered
    category only groups; ``Subtotal, ...`` and ``Total ...`` close them."""
    rows: list[StaffingRow] = []
    parent: str | None = None
    parents, subtotals = _front_offices(blocks)
    for index, block in enumerate(blocks):
        label = block.label
        if not block.rows:
            if not CATEGORY.match(label):
                parent = label
            continue
        office, parent_office, row_type = CATEGORY.sub("", label), parent, RowType.ITEM
        if letters(label).startswith("subtotal"):
            row_type, parent_office, parent = RowType.SUBTOTAL, None, None
        elif letters(label).startswith("total"):
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


def _front_offices(blocks: list[OfficeBlock]) -> tuple[dict[int, str], set[int]]:
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


def _approved_total(block: OfficeBlock) -> int | None:
    for row in block.rows:
        if row.kind is StaffingKind.APPROVED:
            return row.counts.get(StaffingColumn.TOTAL)
    return None
