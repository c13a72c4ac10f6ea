"""Money tables: every subtotal, total, variance amount and variance percentage of
"Financial resources", as printed against as computed (docs/domain.md, "Money tables").
"""

# The message and location lambdas passed to Report.compare are called at once, inside
# the call, or never: binding loop variables late is what they are meant to do.
# ruff: noqa: B023

from __future__ import annotations

from decimal import Decimal

from rbb.model import MoneyColumn, MoneyRow, MoneyTable
from rbb.model.classes import BY_CODE
from rbb.model.money import ColumnRole
from rbb.presentation import format_amount, format_percentage

from .. import derived
from .base import Report, Where, sum_tolerance

CHECKS: dict[str, str] = {
    "money.group-subtotal": "A group subtotal (I, II, III) equals the sum of its classes.",
    "money.national-staff": "National staff equals National Professional Officers plus "
                            "National General Service staff where all three are printed.",
    "money.gross": "Gross requirements equal the sum of the three groups.",
    "money.net": "Net requirements equal gross requirements less staff assessment income.",
    "money.total": "Total requirements equal gross requirements plus voluntary "
                   "contributions in kind (budgeted).",
    "money.variance-amount": "The variance amount of every row follows the report's "
                             "convention: (3) − (2) in a budget, (1) − (2) in a performance "
                             "report.",
    "money.variance-percentage": "The variance percentage equals the variance over the "
                                 "apportionment, to the printed decimals.",
    "money.summary-table": "The summary table in front of the report prints the same figures "
                           "as the detailed table of section II/III.",
}

SECTION = "Financial resources"


def check(report: Report) -> None:
    """Run every money-table identity over the document's financial tables."""
    document = report.document
    for table in document.financial_tables:
        columns = [c for c in table.columns if c.role is not ColumnRole.VARIANCE_PERCENTAGE]
        rows = derived.rows_by_line(table)
        where = Where(section=SECTION, table=table.key)
        for column in columns:
            _group_subtotals(report, where, rows, column)
            _summary_lines(report, where, rows, column)
        _variances(report, where, table)
    _summary_against_detail(report)


def _label(row: MoneyRow) -> str:
    entry = BY_CODE.get(row.line)
    return entry.label if entry else row.label


def _column_label(column: MoneyColumn) -> str:
    return column.label or column.key


def _group_subtotals(report: Report, where: Where, rows: dict[str, MoneyRow],
                     column: MoneyColumn) -> None:
    for group in derived.GROUP_CODES:
        subtotal = rows.get(group)
        parts = derived.class_rows(rows, group)
        if subtotal is None or not parts:
            continue
        printed = subtotal.values.get(column.key)
        computed = derived.group_subtotal(parts, column.key)
        report.compare(
            "money.group-subtotal",
            lambda: f"{_label(subtotal)}, {_column_label(column)}: printed "
            f"{format_amount(printed)}, "
            f"its {len(parts)} classes add up to {format_amount(computed)}",
            lambda: where.at(row=group, column=column.key, source_line=subtotal.source_line),
            printed, computed, sum_tolerance(len(parts)))
    parts = derived.national_staff_parts(rows)
    if parts:
        whole = rows["national_staff"]
        printed = whole.values.get(column.key)
        computed = derived.group_subtotal(parts, column.key)
        report.compare(
            "money.national-staff",
            lambda: f"National staff, {_column_label(column)}: printed {format_amount(printed)}, "
            f"NPO and NGS add up to {format_amount(computed)}",
            lambda: where.at(row="national_staff", column=column.key,
                             source_line=whole.source_line),
            printed, computed, sum_tolerance(len(parts)))


def _value(rows: dict[str, MoneyRow], line: str, column: str) -> Decimal | None:
    row = rows.get(line)
    return None if row is None else row.values.get(column)


def _summary_lines(report: Report, where: Where, rows: dict[str, MoneyRow],
                   column: MoneyColumn) -> None:
    key = column.key
    gross_row = rows.get(derived.GROSS)
    groups = [rows[g] for g in derived.GROUP_CODES if g in rows]
    if gross_row is not None and groups:
        printed = gross_row.values.get(key)
        computed = derived.gross_requirements(r.values.get(key) for r in groups)
        report.compare(
            "money.gross",
            lambda: f"Gross requirements, {_column_label(column)}: printed "
            f"{format_amount(printed)}, "
            f"the groups add up to {format_amount(computed)}",
            lambda: where.at(row=derived.GROSS, column=key, source_line=gross_row.source_line),
            printed, computed, sum_tolerance(len(groups)))
    gross = _value(rows, derived.GROSS, key)
    if gross is None:
        return
    staff_assessment = _value(rows, derived.STAFF_ASSESSMENT, key)
    net_row = rows.get(derived.NET)
    if net_row is not None and staff_assessment is not None:
        printed = net_row.values.get(key)
        computed = derived.net_requirements(gross, staff_assessment)
        report.compare(
            "money.net",
            lambda: f"Net requirements, {_column_label(column)}: printed {format_amount(printed)}, "
            f"gross less staff assessment is {format_amount(computed)}",
            lambda: where.at(row=derived.NET, column=key, source_line=net_row.source_line),
            printed, computed, sum_tolerance(2))
    voluntary = _value(rows, derived.VOLUNTARY, key)
    total_row = rows.get(derived.TOTAL)
    if total_row is not None:
        printed = total_row.values.get(key)
        computed = derived.total_requirements(gross, voluntary or Decimal(0))
        report.compare(
            "money.total",
            lambda: f"Total requirements, {_column_label(column)}: printed "
            f"{format_amount(printed)}, "
            f"gross plus voluntary contributions in kind is {format_amount(computed)}",
            lambda: where.at(row=derived.TOTAL, column=key, source_line=total_row.source_line),
            printed, computed, sum_tolerance(2))


def _variances(report: Report, where: Where, table: MoneyTable) -> None:
    convention = derived.variance_columns(table, report.document.kind)
    if convention is None:
        return
    base = convention.base
    amount_column, percentage_column = convention.amount, convention.percentage
    minuend, subtrahend = _column_label(convention.minuend), _column_label(convention.subtrahend)
    for row in table.rows:
        computed = convention.variance(row)
        if computed is None:
            continue
        if amount_column is not None and amount_column.key in row.values:
            printed = row.values[amount_column.key]
            report.compare(
                "money.variance-amount",
                lambda: f"{_label(row)}, variance: printed {format_amount(printed)}, "
                        f"{minuend} less {subtrahend} is {format_amount(computed)}",
                lambda: where.at(row=row.line, column=amount_column.key,
                                 source_line=row.source_line),
                printed, computed, sum_tolerance(2))
        apportionment = row.values.get(base.key)
        if percentage_column is None or apportionment is None:
            continue
        percentage = row.values.get(percentage_column.key)
        report.compare_percentage(
            "money.variance-percentage",
            lambda: f"{_label(row)}, variance percentage: printed "
                    f"{format_percentage(percentage)}, variance {format_amount(computed)} "
                    f"over apportionment {format_amount(apportionment)}",
            lambda: where.at(row=row.line, column=percentage_column.key,
                             source_line=row.source_line),
            percentage, computed, apportionment, numerator_places=1, denominator_places=1)


def _summary_against_detail(report: Report) -> None:
    """The summary "Financial resources" table in front of a report repeats the group
    and summary lines of the detailed table; both must print the same figures."""
    tables = report.document.financial_tables
    if len(tables) < 2:
        return
    detail = max(tables, key=lambda t: len(t.rows))
    detail_rows = derived.rows_by_line(detail)
    for table in tables:
        if table is detail:
            continue
        for row in table.rows:
            twin = detail_rows.get(row.line)
            if twin is None:
                continue
            for column in table.columns:
                if column.key not in row.values or column.key not in twin.values:
                    continue
                printed, other = row.values[column.key], twin.values[column.key]
                if printed is None or other is None or printed == other:
                    continue
                report.error(
                    "money.summary-table",
                    f"{_label(row)}, {_column_label(column)}: the summary table prints "
                    f"{format_amount(printed)}, the detailed table (line {twin.source_line}) "
                    f"{format_amount(other)}",
                    Where(section=SECTION, table=table.key, row=row.line, column=column.key,
                          source_line=row.source_line),
                    printed=printed, computed=other)
