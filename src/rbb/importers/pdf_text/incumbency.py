"""The Summary's "Human resources incumbency performance" table: approved
strength, actual average and vacancy rate per category of personnel.

"National staff" and "United Nations Volunteers" are headings without cells;
the rows under them (``National Professional Officers``, ``International``)
are their parts. Footnote marks glued to labels (``Approveda``, ``Temporary
positionsc``) are not part of them.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from decimal import Decimal

from rbb.model import IncumbencyRow, PersonnelCategory

from ..cells import CellError, parse_number, trailing_cells
from ..performance_table_rules import INCUMBENCY_PARTS, category_of
from ..reading import Reading
from ..source import Line
from .layout import is_footnote, skip_footnotes

TITLE = re.compile(r"^\s*Human resources incumbency performance\s*$", re.IGNORECASE)
_CELLS = 3
_HEADER_LINES = 6

__all__ = ["TITLE", "category_of", "read_incumbency"]


def read_incumbency(lines: Sequence[Line], index: int, section: str,
                    reading: Reading) -> tuple[list[IncumbencyRow], int]:
    """Read the table whose title is ``lines[index]``; returns the index after it."""
    title = lines[index]
    index += 1
    header = 0
    while index < len(lines) and header < _HEADER_LINES and not _is_row(lines[index]):
        index += 1
        header += 1
    rows: list[IncumbencyRow] = []
    parent: PersonnelCategory | None = None
    while index < len(lines) and not is_footnote(lines[index]):
        line = lines[index]
        label, cells = trailing_cells(line.text, _CELLS)
        category = category_of(" ".join(label.split()), parent)
        if category is None:
            if _corrupt(line.text, parent):
                reading.error("bad-number", f"incumbency: the row '{line.stripped}' does "
                              "not read: expected three numbers (approved, actual average, "
                              "vacancy rate)", line, section)
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
            index += 1
            continue
        if parent is not None and category not in INCUMBENCY_PARTS[parent].values():
            parent = None
        row = _row(line, label, category, cells, section, reading)
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
    label, cells = trailing_cells(line.text, _CELLS)
    return bool(cells) or category_of(" ".join(label.split()), None) is not None \
        or _corrupt(line.text, None)


def _row(line: Line, label: str, category: PersonnelCategory, cells: list[str], section: str,
         reading: Reading) -> IncumbencyRow | None:
    if len(cells) != _CELLS:
        reading.error("missing-cells", f"incumbency, row '{label}': {len(cells)} cells, expected "
                      "3 (approved, actual average, vacancy rate)", line, section)
        return None
    values: list[Decimal | None] = []
    for cell in cells:
        try:
            values.append(parse_number(cell))
        except CellError as error:
            reading.error("bad-number", f"incumbency, row '{label}': {error}", line, section)
            return None
    approved, actual, rate = values
    return IncumbencyRow(category=category, label=" ".join(label.split()), approved=approved,
                         actual_average=actual, vacancy_rate=rate, source_line=line.number)
