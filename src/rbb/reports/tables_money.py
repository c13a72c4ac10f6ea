"""Money tables as the reports print them: "Financial resources" (summary by
group, and by class in section II.A / III.A), with the variance columns and
their column numbering (docs/domain.md, "Money tables")."""

from __future__ import annotations

from rbb.engine import derived
from rbb.model import Document, DocumentKind, MoneyColumn, MoneyRow, MoneyTable
from rbb.model.classes import BY_CODE, LineKind
from rbb.model.money import ColumnRole
from rbb.model.staffing import RowType

from . import figures
from .finding_marks import FindingIndex
from .view import Cell, HeaderCell, Row, RowKind, Table

THOUSANDS = "(Thousands of United States dollars)"


def units(document: Document, *, summary: bool = False) -> str:
    """The units line of "Financial resources", with the budget year (the summary of a
    budget report words it "is from")."""
    if document.kind is DocumentKind.BUDGET:
        return (f"(Thousands of United States dollars; budget year is "
                f"{'from ' if summary else ''}1 July to 30 June)")
    return (f"(Thousands of United States dollars. Budget year is from "
            f"{figures.period_span(document.period)})")


def money_table(document: Document, table: MoneyTable, index: FindingIndex, *,
                title: str, numbered_columns: bool) -> Table:
    """One money table: a heading row before each group's classes, classes indented,
    subtotals and totals as printed, and the variance columns."""
    columns = table.columns
    rows = _rows(table, index)
    header = _header(document, table, numbered_columns)
    return Table(
        key=table.key, header=header, rows=tuple(rows),
        columns=("Category", *(c.label for c in columns)),
        title=title, units=units(document, summary=not numbered_columns),
        findings=index.notes(r.source_line for r in table.rows),
        widths=(28, *([72 // max(1, len(columns))] * len(columns))),
        source_line=table.source_line)


def _split_label(column: MoneyColumn) -> tuple[str, str | None]:
    """``Variance: Amount`` → (``Variance``, ``Amount``)."""
    head, sep, tail = column.label.partition(": ")
    return (head, tail) if sep else (column.label, None)


def _header(document: Document, table: MoneyTable,
            numbered: bool) -> tuple[tuple[HeaderCell, ...], ...]:
    first: list[HeaderCell] = [HeaderCell("Category", rowspan=2)]
    second: list[HeaderCell] = []
    columns = table.columns
    i = 0
    while i < len(columns):
        head, tail = _split_label(columns[i])
        if tail is None:
            first.append(HeaderCell(head, rowspan=2, numeric=True))
            i += 1
            continue
        span = 1
        while i + span < len(columns) and _split_label(columns[i + span])[0] == head:
            span += 1
        first.append(HeaderCell(head, colspan=span, numeric=True))
        second.extend(HeaderCell(_split_label(c)[1] or "", numeric=True)
                      for c in columns[i:i + span])
        i += span
    header: list[tuple[HeaderCell, ...]] = [tuple(first), tuple(second)]
    if numbered:
        header.append((HeaderCell(""), *(HeaderCell(t, numeric=True)
                                         for t in column_numbers(document, table))))
    return tuple(header)


def column_numbers(document: Document, table: MoneyTable) -> list[str]:
    """``(1)``, ``(2)``, ``(3)``, ``(4)=(3)-(2)``, ``(5)=(4)÷(2)`` in a budget report;
    ``(3)=(1)-(2)``, ``(4)=(3)÷(1)`` in a performance report."""
    amounts = [c.key for c in table.amount_columns()]
    spec = derived.variance_columns(table, document.kind)
    numbers: list[str] = []
    position = {key: n for n, key in enumerate(amounts, start=1)}
    variance_number = len(amounts) + 1
    for column in table.columns:
        if column.role is ColumnRole.AMOUNT:
            numbers.append(f"({position[column.key]})")
        elif spec is None:
            numbers.append("")
        elif column.role is ColumnRole.VARIANCE_AMOUNT:
            numbers.append(f"({variance_number})=({position[spec.minuend.key]})"
                           f"-({position[spec.subtrahend.key]})")
        else:
            numbers.append(f"({variance_number + 1})=({variance_number})"
                           f"÷({position[spec.base.key]})")
    return numbers


def _rows(table: MoneyTable, index: FindingIndex) -> list[Row]:
    out: list[Row] = []
    printed_headings: set[str] = set()
    has_national_whole = any(r.line == "national_staff" for r in table.rows)
    summary_only = all(BY_CODE.get(r.line) is None or BY_CODE[r.line].kind is not LineKind.CLASS
                       for r in table.rows)
    for row in table.rows:
        line = BY_CODE.get(row.line)
        if not summary_only and line is not None and line.kind is LineKind.CLASS \
                and line.group and line.group not in printed_headings:
            printed_headings.add(line.group)
            out.append(Row((Cell(BY_CODE[line.group].label, italic=True),
                            *(Cell("") for _ in table.columns)), kind="heading"))
        if line is not None and line.kind is LineKind.GROUP:
            printed_headings.add(line.code)
        label = "Subtotal" if not summary_only and line is not None and \
            line.kind is LineKind.GROUP else row.label
        out.append(_row(table, row, index, label=label,
                        indent=_indent(row, summary_only, has_national_whole)))
    return out


def _indent(row: MoneyRow, summary_only: bool, has_national_whole: bool) -> int:
    line = BY_CODE.get(row.line)
    if summary_only or line is None or line.kind is not LineKind.CLASS:
        return 0
    return 2 if line.parent and has_national_whole else 1


def _kind(row: MoneyRow) -> RowKind:
    if row.row_type is RowType.TOTAL:
        return "total"
    if row.row_type is RowType.SUBTOTAL:
        return "subtotal"
    return "item"


def _row(table: MoneyTable, row: MoneyRow, index: FindingIndex, *, label: str,
         indent: int) -> Row:
    """A printed row; a group's subtotal in the table by class reads ``Subtotal``, under
    the group's heading, as the reports print it."""
    cells = [Cell(label, indent=indent)]
    for column in table.columns:
        value = row.values.get(column.key)
        text = figures.percentage(value) if column.role is ColumnRole.VARIANCE_PERCENTAGE \
            else figures.amount(value)
        if value is None and column.key not in row.values:
            text = ""
        cells.append(Cell(text, numeric=True,
                          flagged=index.flagged(row.source_line, column.key)))
    return Row(tuple(cells), kind=_kind(row), source_line=row.source_line)
