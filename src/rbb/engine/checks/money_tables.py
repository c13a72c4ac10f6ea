"""Money tables: every subtotal, total, variance amount and variance percentage of
"Financial resources", as printed against as computed (docs/domain.md, "Money tables").
"""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

from rbb.model import Document, Finding, MoneyColumn, MoneyRow, MoneyTable
from rbb.model.classes import BY_CODE
from rbb.model.money import ColumnRole
from rbb.presentation import format_amount, format_percentage

from .. import derived
from .comparison import (
    Where,
    compare,
    compare_percentage,
    error,
    sum_tolerance,
    total_against_items,
)
from .shared_readings import rows_by_line

SECTION = "Financial resources"


def _amount_columns(document: Document,
                    ) -> Iterator[tuple[Where, dict[str, MoneyRow], MoneyColumn]]:
    """Every financial table's rows with each of its columns but the percentages."""
    for table in document.financial_tables:
        rows = rows_by_line(table)
        where = Where.of(document, section=SECTION, table=table.key)
        for column in table.columns:
            if column.role is not ColumnRole.VARIANCE_PERCENTAGE:
                yield where, rows, column


def _label(row: MoneyRow) -> str:
    entry = BY_CODE.get(row.line)
    return entry.label if entry else row.label


def _column_label(column: MoneyColumn) -> str:
    return column.label or column.key


def check_group_subtotals(document: Document) -> Iterator[Finding]:
    for where, rows, column in _amount_columns(document):
        for group in derived.GROUP_CODES:
            subtotal = rows.get(group)
            parts = derived.class_rows(rows, group)
            if subtotal is None or not parts:
                continue
            yield from total_against_items(
                "money.group-subtotal",
                where.at(row=group, column=column.key, source_line=subtotal.source_line),
                subtotal.values.get(column.key), [part.values.get(column.key) for part in parts],
                "{row}, {column}: printed {printed}, its {count} classes add up to {computed}",
                row=_label(subtotal), column=_column_label(column))


def check_national_staff(document: Document) -> Iterator[Finding]:
    for where, rows, column in _amount_columns(document):
        parts = derived.national_staff_parts(rows)
        if not parts:
            continue
        whole = rows["national_staff"]
        yield from total_against_items(
            "money.national-staff",
            where.at(row="national_staff", column=column.key, source_line=whole.source_line),
            whole.values.get(column.key), [part.values.get(column.key) for part in parts],
            "National staff, {column}: printed {printed}, NPO and NGS add up to {computed}",
            column=_column_label(column))


def _value(rows: dict[str, MoneyRow], line: str, column: str) -> Decimal | None:
    row = rows.get(line)
    return None if row is None else row.values.get(column)


def check_gross(document: Document) -> Iterator[Finding]:
    for where, rows, column in _amount_columns(document):
        gross_row = rows.get(derived.GROSS)
        groups = [rows[g] for g in derived.GROUP_CODES if g in rows]
        if gross_row is None or not groups:
            continue
        yield from total_against_items(
            "money.gross",
            where.at(row=derived.GROSS, column=column.key, source_line=gross_row.source_line),
            gross_row.values.get(column.key), [group.values.get(column.key) for group in groups],
            "Gross requirements, {column}: printed {printed}, the groups add up to {computed}",
            column=_column_label(column))


def check_net(document: Document) -> Iterator[Finding]:
    for where, rows, column in _amount_columns(document):
        gross = _value(rows, derived.GROSS, column.key)
        staff_assessment = _value(rows, derived.STAFF_ASSESSMENT, column.key)
        net_row = rows.get(derived.NET)
        if gross is None or net_row is None or staff_assessment is None:
            continue
        yield from compare(
            "money.net",
            where.at(row=derived.NET, column=column.key, source_line=net_row.source_line),
            net_row.values.get(column.key), derived.net_requirements(gross, staff_assessment),
            sum_tolerance(2),
            "Net requirements, {column}: printed {printed}, gross less staff assessment is "
            "{computed}", column=_column_label(column))


def check_total(document: Document) -> Iterator[Finding]:
    for where, rows, column in _amount_columns(document):
        gross = _value(rows, derived.GROSS, column.key)
        total_row = rows.get(derived.TOTAL)
        if gross is None or total_row is None:
            continue
        voluntary = _value(rows, derived.VOLUNTARY, column.key)
        yield from total_against_items(
            "money.total",
            where.at(row=derived.TOTAL, column=column.key, source_line=total_row.source_line),
            total_row.values.get(column.key), [gross, voluntary],
            "Total requirements, {column}: printed {printed}, gross plus voluntary "
            "contributions in kind is {computed}", column=_column_label(column))


def _variance_rows(document: Document,
                   ) -> Iterator[tuple[Where, derived.VarianceColumns, MoneyRow, Decimal]]:
    """Each row with a variance in the report's convention, and that variance."""
    for table in document.financial_tables:
        convention = derived.variance_columns(table, document.kind)
        if convention is None:
            continue
        where = Where.of(document, section=SECTION, table=table.key)
        for row in table.rows:
            computed = convention.variance(row)
            if computed is not None:
                yield where, convention, row, computed


def check_variance_amounts(document: Document) -> Iterator[Finding]:
    for where, convention, row, computed in _variance_rows(document):
        column = convention.amount
        if column is None or column.key not in row.values:
            continue
        yield from compare(
            "money.variance-amount",
            where.at(row=row.line, column=column.key, source_line=row.source_line),
            row.values[column.key], computed, sum_tolerance(2),
            "{row}, variance: printed {printed}, {minuend} less {subtrahend} is {computed}",
            row=_label(row), minuend=_column_label(convention.minuend),
            subtrahend=_column_label(convention.subtrahend))


def check_variance_percentages(document: Document) -> Iterator[Finding]:
    for where, convention, row, computed in _variance_rows(document):
        column = convention.percentage
        apportionment = row.values.get(convention.base.key)
        if column is None or apportionment is None:
            continue
        percentage = row.values.get(column.key)
        yield from compare_percentage(
            "money.variance-percentage",
            where.at(row=row.line, column=column.key, source_line=row.source_line),
            percentage, computed, apportionment,
            "{row}, variance percentage: printed {percentage}, variance {variance} over "
            "apportionment {apportionment}",
            row=_label(row), percentage=format_percentage(percentage),
            variance=format_amount(computed), apportionment=format_amount(apportionment))


def check_summary_against_detail(document: Document) -> Iterator[Finding]:
    """The summary "Financial resources" table in front of a report repeats the group
    and summary lines of the detailed table; both must print the same figures."""
    tables = document.financial_tables
    if len(tables) < 2:
        return
    detail = max(tables, key=lambda t: len(t.rows))
    detail_rows = rows_by_line(detail)
    for table in tables:
        if table is detail:
            continue
        yield from _summary_table(document, table, detail_rows)


def _summary_table(document: Document, table: MoneyTable,
                   detail_rows: dict[str, MoneyRow]) -> Iterator[Finding]:
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
            yield error(
                "money.summary-table",
                f"{_label(row)}, {_column_label(column)}: the summary table prints "
                f"{format_amount(printed)}, the detailed table (line {twin.source_line}) "
                f"{format_amount(other)}",
                Where.of(document, section=SECTION, table=table.key, row=row.line,
                         column=column.key, source_line=row.source_line),
                printed=printed, computed=other)
