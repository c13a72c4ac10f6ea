"""The small tables of section III: redeployments across groups (III.B),
other revenue and adjustments (III.D.1), borrowing (III.D.2, in millions),
substantive and other programmatic activities (III.E) and the value of
non-budgeted contributions (III.F).

Each is a label and a fixed number of cells per row, a ``Total`` row, and at
times footnotes whose marks are glued to a label (``Status-of-mission
agreementa``).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal

from rbb.model import Stage
from rbb.model.staffing import RowType
from rbb.model.tables import AmountRow, Borrowing, ProgrammaticActivity, Redeployment, Redeployments

from ..cells import CellError, parse_number, trailing_cells
from ..performance_table_rules import (
    UNKNOWN_GROUP,
    borrowing_date,
    is_part_of_above,
    is_redeployment_percentage,
    redeployment_group,
    small_row_type,
)
from ..reading import Parts, Reading
from ..source import Line
from .layout import dangles, is_footnote, skip_footnotes
from .paragraphs import NUMBERED

_WRAP_LINES = 3
_DATE = re.compile(r"^(?P<date>\d{1,2}\s+[A-Z][a-z]+\s+\d{4})\s+(?P<lender>\S.*)$")


@dataclass
class TableRow:
    label: str
    cells: list[str]
    line: Line


def read_rows(lines: Sequence[Line], index: int, count: int,
              label_only: Callable[[str], bool] = lambda _: False,
              ) -> tuple[list[TableRow], int, set[str]]:
    """Rows of ``count`` cells, labels that wrap onto the next line joined; the
    footnotes under the table are stepped over and their marks returned."""
    rows: list[TableRow] = []
    while index < len(lines) and not NUMBERED.match(lines[index].text) \
            and not is_footnote(lines[index]):
        label, cells = trailing_cells(lines[index].text, count)
        label = " ".join(label.split())
        words = label.split()
        if cells and len(words) > 1 and len(words[-1]) == 1 and not words[-1].isdigit():
            # ``Total x 331.8``: a stray character before the cells is a cell that did
            # not read (the ``2`` of ``2 331.8``), not part of the label.
            rows.append(TableRow(" ".join(words[:-1]), [" ".join([words[-1], *cells])],
                                 lines[index]))
            index += 1
            continue
        if cells:
            rows.append(TableRow(label, cells, lines[index]))
            index += 1
            continue
        junk = label.split()[-1] if label.split() else ""
        if is_junk_cell(label):
            # A cell that does not read (``Investment revenue (16.x)``): keep the row so
            # that reading its amount reports the line.
            rows.append(TableRow(label[: -len(junk)].strip(), [junk], lines[index]))
            index += 1
            continue
        wrapped = _wrapped(lines, index, count)
        if wrapped is not None:
            rows.append(wrapped[0])
            index = wrapped[1] + 1
            continue
        if label_only(label):
            rows.append(TableRow(label, [], lines[index]))
            index += 1
            continue
        break
    marks: set[str] = set()
    if index < len(lines) and is_footnote(lines[index]):
        index, marks = skip_footnotes(lines, index)
    return rows, index, marks


def is_junk_cell(label: str) -> bool:
    """The label ends in a token with digits that did not read as a cell."""
    words = label.split()
    return len(words) > 1 and re.search(r"\d", words[-1]) is not None \
        and not words[0].startswith("(")


def _wrapped(lines: Sequence[Line], index: int, count: int) -> tuple[TableRow, int] | None:
    parts = [lines[index].stripped]
    for ahead in range(index + 1, min(index + 1 + _WRAP_LINES, len(lines))):
        label, cells = trailing_cells(lines[ahead].text, count)
        label = " ".join(label.split())
        continues = dangles(parts[-1]) or label[:1].islower() or label[:1] == "("
        if not continues:
            return None
        parts.append(label)
        if cells:
            return TableRow(" ".join(parts), cells, lines[ahead]), ahead
    return None


def amount(row: TableRow, index: int, where: str, section: str,
           reading: Reading) -> tuple[bool, Decimal | None]:
    """The cell at ``index``, or an error naming the table, row and line."""
    if index >= len(row.cells):
        reading.error("missing-cells", f"{where}, row '{row.label}': no cell for column "
                      f"{index + 1}", row.line, section)
        return False, None
    try:
        return True, parse_number(row.cells[index])
    except CellError as error:
        reading.error("bad-number", f"{where}, row '{row.label}': {error}", row.line, section)
        return False, None


def _unmark(label: str, marks: set[str]) -> str:
    """``Status-of-mission agreementa`` → ``Status-of-mission agreement`` when ``a``
    is a footnote mark of the table."""
    if len(label) > 1 and label[-1] in marks and label[-2].isalpha():
        return label[:-1]
    return label


def read_redeployments(lines: Sequence[Line], index: int, section: str, reading: Reading,
                       parts: Parts) -> int:
    where = "redeployments across groups"
    rows, index, _ = read_rows(lines, index, 3, is_redeployment_percentage)
    table: list[Redeployment] = []
    percentage: Decimal | None = None
    percentage_line: int | None = None
    for row in rows:
        if is_redeployment_percentage(row.label):
            percentage_line = row.line.number
            if row.cells:
                _, percentage = amount(row, 0, where, section, reading)
            continue
        group = redeployment_group(row.label)
        if group is None:
            reading.error("unknown-group", f"{where}: unknown group '{row.label}': "
                          f"{UNKNOWN_GROUP}", row.line, section)
            continue
        values = [amount(row, column, where, section, reading) for column in range(3)]
        if not all(ok for ok, _ in values):
            continue
        original, moved, revised = (value for _, value in values)
        table.append(Redeployment(group=group[0],
                                  original_distribution=original, redeployment=moved,
                                  revised_distribution=revised, row_type=group[1],
                                  source_line=row.line.number))
    parts.put(lambda d: d.redeployments, Redeployments(
        rows=tuple(table), percentage_of_appropriation=percentage,
        percentage_source_line=percentage_line))
    return index


def read_amount_rows(lines: Sequence[Line], index: int, section: str, where: str,
                     reading: Reading) -> tuple[list[AmountRow], int]:
    """Other revenue, non-budgeted contributions: a label and an amount."""
    rows, index, marks = read_rows(lines, index, 1)
    out: list[AmountRow] = []
    for row in rows:
        ok, value = amount(row, 0, where, section, reading)
        if ok:
            out.append(AmountRow(label=_unmark(row.label, marks), amount=value,
                                 row_type=small_row_type(row.label), source_line=row.line.number))
    return out, index


def read_borrowing(lines: Sequence[Line], index: int, section: str, reading: Reading,
                   parts: Parts) -> int:
    """``31 July 2021  MINUSMA  32.5``: date, lending mission, millions of dollars."""
    where = "borrowing"
    rows, index, _ = read_rows(lines, index, 1)
    for row in rows:
        match = _DATE.match(row.label)
        as_at = borrowing_date(match["date"]) if match else None
        if match is None or as_at is None:
            reading.error("borrowing-row", f"{where}: expected a date, the lending mission and "
                          f"an amount, found '{row.label}'", row.line, section)
            continue
        ok, value = amount(row, 0, where, section, reading)
        if ok and value is not None:
            parts.rows(lambda d: d.borrowing).append(Borrowing(
                as_at=as_at, lending_mission=match["lender"], amount_millions=value,
                source_line=row.line.number))
    return index


def read_programmatic(lines: Sequence[Line], index: int, stage: Stage, section: str,
                      reading: Reading, parts: Parts) -> int:
    """``including gender and youth activities 306.3`` is a part of the row above it."""
    rows, index, _ = read_rows(lines, index, 1)
    parent: str | None = None
    for row in rows:
        ok, value = amount(row, 0, "programmatic activities", section, reading)
        if not ok:
            continue
        part_of = parent if is_part_of_above(row.label) else None
        row_type = small_row_type(row.label)
        parts.rows(lambda d: d.programmatic_activities).append(ProgrammaticActivity(
            description=row.label, amount=value, stage=stage, row_type=row_type, parent=part_of,
            source_line=row.line.number))
        if part_of is None and row_type is RowType.ITEM:
            parent = row.label
    return index
