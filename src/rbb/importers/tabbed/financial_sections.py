"""Financial resources tables (Summary, and section II.A "Overall").

Header: ``Category | Expenditure (2023/24) | Apportionment (2024/25) | Cost
estimates (2025/26) | Variance``, then ``Amount | Percentage`` under Variance
and, in II.A, the ``(1) (2) (3) (4)=(3)-(2)`` line. Rows are the standard
classes of expenditure (``model.classes``) under their group headings, a
``Subtotal`` per group, then the summary lines (docs/domain.md, "Money tables").
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal

from rbb.model import GROUPS, DocumentKind, Period, Stage
from rbb.model.classes import FinancialLine, LineKind, line_for_label
from rbb.model.money import ColumnRole, MoneyColumn, MoneyRow, MoneyTable, column_key
from rbb.model.staffing import RowType

from ..cells import CellError, letters, parse_cell
from ..reading import Reading
from ..source import Line
from .text import split_cells

_STAGES: tuple[tuple[str, Stage], ...] = (
    ("expenditure", Stage.EXPENDITURE),
    ("apportionment", Stage.APPORTIONMENT),
    ("cost estimates", Stage.COST_ESTIMATES),
    ("appropriation", Stage.APPROPRIATION),
    ("recommended", Stage.ACABQ_RECOMMENDED),
)
_PERIOD = re.compile(r"\((?P<period>\d{4}/\d{2})\)")
_FORMULA = re.compile(r"^\(\d\)")
_TOTALS = frozenset({"gross_requirements", "net_requirements", "total_requirements"})
REQUIRED_LINES = ("gross_requirements", "net_requirements", "total_requirements")
_STANDARD = "one of the standard classes of expenditure (e.g. International staff, Official travel)"


def is_money_header(line: Line) -> bool:
    """A header row naming at least two stages of the budget cycle."""
    cells = [cell.lower() for cell in split_cells(line)]
    return sum(1 for cell in cells if any(cell.startswith(s) for s, _ in _STAGES)) >= 2


@dataclass
class _Table:
    key: str
    title: str
    section: str
    header: Line
    columns: list[MoneyColumn] = field(default_factory=list)
    rows: list[MoneyRow] = field(default_factory=list)
    group: FinancialLine | None = None
    groups_seen: set[str] = field(default_factory=set)
    seen: set[tuple[str, RowType]] = field(default_factory=set)
    last_line: int = 0


def read_money_table(lines: list[Line], *, key: str, title: str, section: str,
                     reading: Reading) -> MoneyTable | None:
    """The table whose header is the first line of ``lines``; errors name the line."""
    table = _Table(key, title, section, lines[0])
    if not _read_header(table, lines, reading):
        return None
    for line in lines[1:]:
        if line.blank or _is_subheader(line):
            continue
        _read_row(table, line, reading)
    _require_rows(table, reading)
    return MoneyTable(key=key, title=title, columns=tuple(table.columns), rows=tuple(table.rows),
                      source_line=table.header.number)


def _is_subheader(line: Line) -> bool:
    cells = split_cells(line)
    rest = [cell for cell in cells[1:] if cell]
    if cells[0] or not rest:
        return False
    return all(_FORMULA.match(c) or letters(c) in {"amount", "percentage"} for c in rest)


def _read_header(table: _Table, lines: list[Line], reading: Reading) -> bool:
    top = split_cells(lines[0])
    sub = next((split_cells(line) for line in lines[1:3] if _is_subheader(line)), [])
    variance = False
    for index in range(1, len(top)):
        label = top[index]
        below = sub[index] if index < len(sub) else ""
        if label:
            variance = letters(label).startswith("variance")
        if variance and letters(below) in {"amount", "percentage"}:
            role = (ColumnRole.VARIANCE_AMOUNT if letters(below) == "amount"
                    else ColumnRole.VARIANCE_PERCENTAGE)
            table.columns.append(MoneyColumn(key=role.value, label=f"Variance: {below}",
                                             role=role))
        elif label and not variance:
            column = _stage_column(label, reading)
            if column is None:
                reading.error("unknown-column", f"unknown column {label!r} in the financial "
                              "resources table: expected Expenditure, Apportionment, Cost "
                              "estimates or Variance", lines[0], table.section)
                return False
            table.columns.append(column)
    return _require_columns(table, reading)


def _stage_column(label: str, reading: Reading) -> MoneyColumn | None:
    lowered = label.lower()
    for start, stage in _STAGES:
        if lowered.startswith(start):
            match = _PERIOD.search(label)
            period = Period.parse(match["period"]) if match else reading.meta.period
            return MoneyColumn(key=column_key(stage, period), label=label,
                               role=ColumnRole.AMOUNT, stage=stage, period=period)
    return None


def _require_columns(table: _Table, reading: Reading) -> bool:
    period = reading.meta.period
    if reading.meta.kind is DocumentKind.BUDGET:
        wanted = [column_key(Stage.EXPENDITURE, period.shifted(-2)),
                  column_key(Stage.APPORTIONMENT, period.previous),
                  column_key(Stage.COST_ESTIMATES, period)]
    else:
        wanted = [column_key(Stage.APPORTIONMENT, period), column_key(Stage.EXPENDITURE, period)]
    wanted += [ColumnRole.VARIANCE_AMOUNT.value, ColumnRole.VARIANCE_PERCENTAGE.value]
    keys = [column.key for column in table.columns]
    missing = [key for key in wanted if key not in keys]
    if missing:
        reading.error("missing-column", f"the financial resources table has no column "
                      f"{', '.join(missing)}; expected the columns {', '.join(wanted)}",
                      table.header, table.section)
        return False
    return True


def _read_row(table: _Table, line: Line, reading: Reading) -> None:
    cells = split_cells(line)
    label, values = cells[0], cells[1:]
    printed = [value for value in values if value]
    if not label:
        if printed:
            reading.error("unplaced-number", "numbers without a row label: expected a class "
                          "of expenditure in the first cell", line, table.section)
        return
    found = _line_of(table, label)
    if found is None and letters(label) == "subtotal":
        reading.error("unknown-class", "a Subtotal row before any group heading: expected "
                      "'Military and police personnel', 'Civilian personnel' or 'Operational "
                      "costs' above it", line, table.section)
        return
    if found is None:
        reading.error("unknown-class", f"unknown row {label!r}: expected {_STANDARD}, a group "
                      "or a summary line such as Gross requirements", line, table.section)
        return
    if found.kind is LineKind.GROUP:
        table.group = found
        table.groups_seen.add(found.code)
        if not printed:
            return
    elif found.kind is LineKind.CLASS and table.group is not None and (
        found.group != table.group.code
    ):
        reading.warning("class-out-of-group", f"{label} is printed under {table.group.label}; "
                        f"expected under its group {found.group}", line, table.section)
    row_type = _row_type(found, label)
    if (found.code, row_type) in table.seen:
        reading.error("duplicate-row", f"{label!r} is printed twice in the table", line,
                      table.section)
        return
    amounts = _amounts(table, line, values, reading)
    if amounts is None:
        return
    table.seen.add((found.code, row_type))
    table.last_line = line.number
    table.rows.append(MoneyRow(line=found.code, label=label, row_type=row_type, values=amounts,
                               source_line=line.number))


def _line_of(table: _Table, label: str) -> FinancialLine | None:
    if letters(label) == "subtotal":
        return table.group
    return line_for_label(label)


def _row_type(found: FinancialLine, label: str) -> RowType:
    """A group's row (its ``Subtotal``, or the group line of the Summary table) is a
    subtotal; gross, net and total requirements are totals."""
    if found.kind is LineKind.GROUP:
        return RowType.SUBTOTAL
    if found.code in _TOTALS:
        return RowType.TOTAL
    return RowType.ITEM


def _amounts(table: _Table, line: Line, values: list[str],
             reading: Reading) -> dict[str, Decimal | None] | None:
    columns = table.columns
    extra = [value for value in values[len(columns):] if value]
    if extra:
        reading.error("extra-cell", f"{len(columns) + len(extra)} values for "
                      f"{len(columns)} columns: {', '.join(extra)} cannot be tied to a column",
                      line, table.section)
        return None
    amounts: dict[str, Decimal | None] = {}
    for index, column in enumerate(columns):
        text = values[index] if index < len(values) else ""
        if not text:
            reading.error("missing-column", f"no value in the column {column.label!r}; "
                          f"expected {len(columns)} values, one per column", line, table.section)
            return None
        try:
            amounts[column.key] = parse_cell(text).value
        except CellError as error:
            reading.error("bad-number", f"column {column.label!r}: {error}", line,
                          table.section)
            return None
    return amounts


def _require_rows(table: _Table, reading: Reading) -> None:
    """A truncated report keeps the header and loses rows: say which are missing."""
    have = {row.line for row in table.rows} | table.groups_seen
    missing = [group.label for group in GROUPS if group.code not in have]
    missing += [code.replace("_", " ").capitalize() for code in REQUIRED_LINES if code not in have]
    if missing:
        end = table.last_line or table.header.number
        reading.error("table-incomplete", f"the financial resources table (header at line "
                      f"{table.header.number}) ends at line {end} without rows for "
                      f"{', '.join(missing)}: the report seems truncated or damaged",
                      end, table.section)
