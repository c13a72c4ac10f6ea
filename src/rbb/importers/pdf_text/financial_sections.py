"""Money tables: "Performance of financial resources" in the Summary and
section III.A "Financial resources" (in a budget report, the Summary's and
section II's "Financial resources", with "Cost estimates" columns).

Columns come from the header's words in the order printed (``Apportionment``,
``Expenditure``, ``Cost estimates``, then the variance's ``Amount`` and
``Percentage``). A row is a label and one cell per column; a label too long
for its cell wraps onto the next line, whose cells complete the row
("Communications and information" / "technology  1 869.8  1 993.5 ...").
Group headings carry no cells in the detailed table; ``Subtotal`` rows are
the group's subtotal.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from rbb.model import DocumentKind, MoneyColumn, MoneyRow, MoneyTable, Period, Stage
from rbb.model.classes import BY_CODE, FinancialLine, LineKind, line_for_label
from rbb.model.money import ColumnRole, column_key
from rbb.model.staffing import RowType

from ..cells import CellError, parse_number, trailing_cells
from ..reading import Reading
from ..source import Line
from .layout import is_footnote, skip_footnotes
from .paragraphs import NUMBERED

UNITS = re.compile(r"^\s*\(?\s*(?:Thousands|Millions) of United States dollars", re.IGNORECASE)
_HEADER_LINES = 8
_WRAP_LINES = 3
_STAGES = (
    ("cost estimates", Stage.COST_ESTIMATES, "Cost estimates"),
    ("apportionment", Stage.APPORTIONMENT, "Apportionment"),
    ("expenditure", Stage.EXPENDITURE, "Expenditure"),
    ("appropriation", Stage.APPROPRIATION, "Appropriation"),
)
_PERIOD = re.compile(r"\b((?:19|20)\d\d/\d\d)\b")
_EXPECTED = {
    DocumentKind.PERFORMANCE: (Stage.APPORTIONMENT, Stage.EXPENDITURE),
    DocumentKind.BUDGET: (Stage.EXPENDITURE, Stage.APPORTIONMENT, Stage.COST_ESTIMATES),
}
_BUDGET_OFFSETS = {Stage.EXPENDITURE: -2, Stage.APPORTIONMENT: -1, Stage.APPROPRIATION: -1}
STANDARD = "expected one of the standard classes of expenditure"


def units_end(lines: Sequence[Line], index: int) -> int:
    """The units line may wrap before its closing parenthesis."""
    start = index
    while index < len(lines) and index - start < 3:
        index += 1
        if ")" in lines[index - 1].text or not lines[start].stripped.startswith("("):
            break
    return index


def header_text(lines: Sequence[Line]) -> str:
    return " ".join(line.stripped for line in lines)


def is_money_header(text: str) -> bool:
    lowered = text.lower()
    stages = sum(1 for word, _, _ in _STAGES if word in lowered)
    return stages >= 2 or (stages >= 1 and "variance" in lowered)


_LABEL_CHARS = re.compile(r"^[A-Za-z][A-Za-z ,()'’/.-]*$")


def known_line(label: str) -> FinancialLine | None:
    """The class, group or summary line a label names; a label with other marks
    than a label has (``equipment ?``) names none."""
    plain = _plain(label)
    return line_for_label(plain) if _LABEL_CHARS.match(plain) else None


def _plain(label: str) -> str:
    return " ".join(label.split()).strip()


def is_row_start(line: Line) -> bool:
    """A label of the table, or a label with at least two cells."""
    label, cells = trailing_cells(line.text)
    plain = _plain(label)
    return (known_line(plain) is not None or plain in ("Subtotal", "Total")
            or len(cells) >= 2 or _row_like(plain, cells, 2))


def read_header(lines: Sequence[Line], index: int) -> tuple[list[Line], int]:
    """The lines of a column header: everything before the first row."""
    header: list[Line] = []
    while index < len(lines) and len(header) < _HEADER_LINES and not is_row_start(lines[index]):
        header.append(lines[index])
        index += 1
    return header, index


@dataclass
class _Table:
    key: str
    section: str
    columns: list[MoneyColumn]
    rows: list[MoneyRow] = field(default_factory=list)
    group: str | None = None


def read_money_table(lines: Sequence[Line], index: int, *, key: str, title: str,
                     title_line: Line | None, section: str,
                     reading: Reading) -> tuple[MoneyTable, int]:
    """Read the table whose units line is ``lines[index]``; returns the index after it."""
    index = units_end(lines, index)
    header, index = read_header(lines, index)
    table = _Table(key, section, _columns(header, title, title_line, section, reading))
    index = _read_rows(table, lines, index, reading)
    if not table.rows:
        where = header[-1] if header else title_line
        reading.error("table-without-rows", f"the table '{title}' has no rows: expected a row per "
                      f"class of expenditure ({STANDARD})", where, section)
    return MoneyTable(key=key, title=title, columns=tuple(table.columns), rows=tuple(table.rows),
                      source_line=None if title_line is None else title_line.number), index


def _columns(header: Sequence[Line], title: str, title_line: Line | None, section: str,
             reading: Reading) -> list[MoneyColumn]:
    text = header_text(header)
    lowered = text.lower()
    found = sorted((lowered.find(word), stage, label) for word, stage, label in _STAGES
                   if word in lowered)
    stages = [(stage, label) for _, stage, label in found]
    expected = _EXPECTED[reading.meta.kind]
    missing = [stage.value.replace("_", " ") for stage in expected
               if stage not in {s for s, _ in stages}]
    missing += [word for word in ("amount", "percentage") if word not in lowered]
    if missing:
        where = header[0] if header else title_line
        reading.error("missing-column", f"the column header of '{title}' lacks "
                      f"{', '.join(missing)}: expected "
                      f"{', '.join(s.value.replace('_', ' ') for s in expected)}, "
                      "variance amount and percentage", where, section)
        stages = [(stage, next(lbl for _, s, lbl in _STAGES if s is stage)) for stage in expected]
    periods = [Period.parse(label) for label in _PERIOD.findall(text)
               if _valid_period(label)]
    columns = []
    for position, (stage, label) in enumerate(stages):
        if len(periods) == len(stages):
            period = periods[position]
        elif reading.meta.kind is DocumentKind.BUDGET:
            period = reading.meta.period.shifted(_BUDGET_OFFSETS.get(stage, 0))
        else:
            period = reading.meta.period
        columns.append(MoneyColumn(key=column_key(stage, period), label=f"{label} ({period})",
                                   role=ColumnRole.AMOUNT, stage=stage, period=period))
    columns.append(MoneyColumn(key="variance_amount", label="Variance: amount",
                               role=ColumnRole.VARIANCE_AMOUNT))
    columns.append(MoneyColumn(key="variance_percentage", label="Variance: percentage",
                               role=ColumnRole.VARIANCE_PERCENTAGE))
    return columns


def _valid_period(label: str) -> bool:
    try:
        Period.parse(label)
    except ValueError:
        return False
    return True


def _read_rows(table: _Table, lines: Sequence[Line], index: int, reading: Reading) -> int:
    count = len(table.columns)
    while index < len(lines) and not NUMBERED.match(lines[index].text):
        line = lines[index]
        label, cells = trailing_cells(line.text, count)
        label = _plain(label)
        if cells and (known_line(label) is not None or label == "Subtotal"):
            _row(table, line, label, cells, reading)
            index += 1
            continue
        if not cells and _row_like(label, cells, count):
            _unreadable(table, line, label, reading)
            index += 1
            continue
        wrapped = _wrapped(lines, index, count)
        if wrapped is not None:
            full, ahead, cells = wrapped
            _row(table, lines[ahead], full, cells, reading)
            index = ahead + 1
            continue
        found = known_line(label)
        if not cells and found is not None and found.kind is LineKind.GROUP:
            table.group = found.code
            index += 1
            continue
        if _row_like(label, cells, count):
            _unreadable(table, line, label, reading)
            index += 1
            continue
        break
    if index < len(lines) and is_footnote(lines[index]):
        index, _ = skip_footnotes(lines, index)
    return index


def _row_like(label: str, cells: list[str], count: int) -> bool:
    """Cells under the columns, or a known label followed by what should be
    cells (``Military observers 357.3 279.7 77.6 21.x``)."""
    if len(cells) >= max(2, count - 1):
        return True
    prefix = _known_prefix(label)
    return prefix is not None and re.search(r"\d|[–—]", label[len(prefix.label):]) is not None


def _known_prefix(label: str) -> FinancialLine | None:
    words = label.split()
    for size in range(len(words) - 1, 0, -1):
        found = known_line(" ".join(words[:size]))
        if found is None and size == 1 and words[0] == "Subtotal":
            found = FinancialLine("subtotal", "Subtotal", LineKind.SUMMARY)
        if found is not None:
            return found
    return None


def _unreadable(table: _Table, line: Line, label: str, reading: Reading) -> None:
    """A row whose label is not a class, or whose cells do not all read."""
    where = f"table '{table.key}'"
    prefix = _known_prefix(label)
    if prefix is not None:
        junk = label[len(prefix.label):].strip() if label.startswith(prefix.label) else label
        reading.error("bad-number", f"{where}, row '{prefix.label}': expected a number such "
                      f"as 33 040.5, (119.7) or –, found '{junk}'", line, table.section)
        return
    reading.error("unknown-class", f"{where}: unknown row label '{label}': {STANDARD}",
                  line, table.section)


def _wrapped(lines: Sequence[Line], index: int,
             count: int) -> tuple[str, int, list[str]] | None:
    """A label printed over several lines, the last carrying the cells."""
    if trailing_cells(lines[index].text, count)[1]:
        return None
    parts = [lines[index].stripped]
    for ahead in range(index + 1, min(index + 1 + _WRAP_LINES, len(lines))):
        label, cells = trailing_cells(lines[ahead].text, count)
        parts.append(_plain(label))
        full = _plain(" ".join(parts))
        if cells:
            return (full, ahead, cells) if known_line(full) is not None else None
        if _known_prefix(full) is not None and _row_like(full, cells, count):
            return full, ahead, cells  # wrapped, and its cells do not read
    return None


def _row(table: _Table, line: Line, label: str, cells: list[str], reading: Reading) -> None:
    where = f"table '{table.key}'"
    if label == "Subtotal":
        if table.group is None:
            reading.warning("subtotal-without-group", f"{where}: a subtotal before any group "
                            "heading", line, table.section)
            return
        found: FinancialLine | None = BY_CODE[table.group]
        row_type = RowType.SUBTOTAL
    else:
        found = known_line(label)
        row_type = RowType.ITEM
    if found is None:
        _unreadable(table, line, label, reading)
        return
    if len(cells) < len(table.columns):
        reading.error("missing-cells", f"{where}: the row '{label}' has {len(cells)} cells, "
                      f"expected {len(table.columns)} (one per column)", line, table.section)
        return
    values: dict[str, Decimal | None] = {}
    for column, cell in zip(table.columns, cells, strict=True):
        try:
            values[column.key] = parse_number(cell)
        except CellError as error:
            reading.error("bad-number", f"{where}, row '{label}', column '{column.label}': "
                          f"{error}", line, table.section)
            return
    if found.kind is LineKind.GROUP and row_type is RowType.ITEM:
        table.group = found.code
    table.rows.append(MoneyRow(line=found.code, label=label if row_type is RowType.ITEM
                               else f"Subtotal, {found.label.lower()}", row_type=row_type,
                               values=values, source_line=line.number))
