"""The Summary's "Human resources incumbency performance" table: approved
strength, planned average (reports of about 2003-2010), actual average and vacancy
rate per category of personnel.

The header says which columns are printed: a ``Planned`` column makes a row four
cells (approved, planned, actual, rate), else three; a row with another number of
cells is an error naming its line and the columns expected, never a guess.

"National staff" and "United Nations Volunteers" are headings without cells;
the rows under them (``National Professional Officers``, ``International``)
are their parts, as are ``Posts`` under ``International staff`` and the staff
under ``Temporary positions`` (``performance_table_rules.INCUMBENCY_PARTS``).
Footnote marks glued to labels (``Approveda``, ``Temporary positionsc``) are not
part of them.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from rbb.model import IncumbencyRow, PersonnelCategory

from ..cells import parse_number, trailing_cells
from ..performance_table_rules import INCUMBENCY_PARTS, category_of, part_label
from ..reading import Reading
from ..source import Line
from ..summary_tables import incumbency_splits
from .layout import is_footnote, skip_footnotes

TITLE = re.compile(r"^\s*Human resources incumbency performance\s*$", re.IGNORECASE)
_PLANNED = re.compile(r"\bplanned", re.IGNORECASE)
_HEADER_LINES = 6
_MOST_CELLS = 4
_COLUMN_NAMES = {3: ("approved", "actual average", "vacancy rate"),
                 4: ("approved", "planned average", "actual average", "vacancy rate")}
_COLUMN_KEYS = {3: ("approved", "actual_average", "vacancy_rate"),
                4: ("approved", "planned", "actual_average", "vacancy_rate")}
_COUNT_WORDS = {3: "three", 4: "four"}

__all__ = ["TITLE", "category_of", "read_incumbency"]


@dataclass(frozen=True, slots=True)
class _Columns:
    """How many cells a row of this table has, from its header."""

    count: int

    @property
    def expected(self) -> str:
        return f"{self.count} ({', '.join(_COLUMN_NAMES[self.count])})"

    @property
    def numbers(self) -> str:
        return f"{_COUNT_WORDS[self.count]} numbers ({', '.join(_COLUMN_NAMES[self.count])})"


def read_incumbency(lines: Sequence[Line], index: int, section: str,
                    reading: Reading) -> tuple[list[IncumbencyRow], int]:
    """Read the table whose title is ``lines[index]``; returns the index after it."""
    title = lines[index]
    index += 1
    header: list[str] = []
    while index < len(lines) and len(header) < _HEADER_LINES and not _is_row(lines[index]):
        header.append(lines[index].text)
        index += 1
    columns = _Columns(4 if _PLANNED.search(" ".join(header)) else 3)
    rows: list[IncumbencyRow] = []
    parent: PersonnelCategory | None = None
    heading: str | None = None
    while index < len(lines) and not is_footnote(lines[index]):
        line = lines[index]
        label, cells = trailing_cells(line.text)
        label = " ".join(label.split())
        category = category_of(label, parent)
        if category is None:
            if _corrupt(line.text, parent):
                reading.error("bad-number", f"incumbency: the row '{line.stripped}' does "
                              f"not read: expected {columns.numbers}", line, section)
            elif cells:
                reading.error("unknown-category", f"incumbency: unknown category '{label}': "
                              "expected military observers, United Nations police, international "
                              "staff, national staff, United Nations Volunteers or temporary "
                              "positions", line, section)
            else:
                break
            index += 1
            continue
        if not cells:
            parent = category if category in INCUMBENCY_PARTS else None
            heading = label if parent is not None else None
            index += 1
            continue
        if parent is not None and category not in INCUMBENCY_PARTS[parent].values():
            parent = heading = None
        row = _row(line, part_label(heading, label, category), category, cells, columns,
                   section, reading)
        if row is not None:
            rows.append(row)
        index += 1
    if not rows:
        reading.error("table-without-rows", "the human resources incumbency table has no rows",
                      title, section)
    if index < len(lines) and is_footnote(lines[index]):
        index, _ = skip_footnotes(lines, index)
    return rows, index


def _corrupt(text: str, parent: PersonnelCategory | None) -> bool:
    """A category followed by cells that do not read (``Military observers 8 8 x``)."""
    words = text.split()
    for size in range(len(words) - 1, 0, -1):
        if category_of(" ".join(words[:size]), parent) is not None:
            return re.search(r"\d|[–—]", " ".join(words[size:])) is not None
    return False


def _is_row(line: Line) -> bool:
    label, cells = trailing_cells(line.text, _MOST_CELLS)
    return bool(cells) or category_of(" ".join(label.split()), None) is not None \
        or _corrupt(line.text, None)


def _row(line: Line, label: str, category: PersonnelCategory, cells: list[str],
         columns: _Columns, section: str, reading: Reading) -> IncumbencyRow | None:
    """One cell per column; a run of space-grouped thousands (``15 000 9 753``) is split
    as ``summary_tables.incumbency_splits`` says, and a row it cannot split in exactly
    one way is an error."""
    tokens = " ".join(cells).split()
    if len(tokens) < columns.count:
        reading.error("missing-cells", f"incumbency, row '{label}': {len(tokens)} cells, "
                      f"expected {columns.expected}", line, section)
        return None
    splits = incumbency_splits(tokens, _COLUMN_KEYS[columns.count])
    if len(splits) != 1:
        reading.error("bad-number" if not splits else "ambiguous-cells",
                      f"incumbency, row '{label}': '{' '.join(tokens)}' does not split into "
                      f"cells in exactly one way: expected {columns.expected}", line, section)
        return None
    values: list[Decimal | None] = [parse_number(cell) for cell in splits[0]]  # each parses
    planned = values.pop(1) if columns.count == 4 else None
    approved, actual, rate = values
    return IncumbencyRow(category=category, label=label, approved=approved,
                         planned_average=planned, actual_average=actual, vacancy_rate=rate,
                         source_line=line.number)
