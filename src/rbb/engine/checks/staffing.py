"""Human resources: grade-band subtotals, office sums, net change, the summary table
against the component tables, incumbency and the estimated civilian personnel cost
per component (docs/domain.md, "People"; budget report section I.D tables 1–3).
"""

# The message and location lambdas passed to Report.compare are called at once, inside
# the call, or never: binding loop variables late is what they are meant to do.
# ruff: noqa: B023

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from decimal import Decimal

from rbb.model import DocumentKind, StaffingTable, Stage
from rbb.model.classes import snake_case
from rbb.model.staffing import (
    INTERNATIONAL_BANDS,
    NATIONAL_BANDS,
    UNV_BANDS,
    RowType,
    StaffingColumn,
    StaffingKind,
    StaffingRow,
)
from rbb.presentation import format_amount

from .. import derived
from .base import Report, Where, sum_tolerance

CHECKS: dict[str, str] = {
    "staffing.band-subtotal": "International, national and UNV subtotals equal the sum of "
                              "their grade bands.",
    "staffing.row-total": "A row's total equals the sum of its categories.",
    "staffing.net-change": "Net change equals proposed less approved posts, column by column.",
    "staffing.office-sum": "Subtotals and totals equal the sum of the offices above them "
                           "(an office printed as the sum of its sections included).",
    "staffing.component-summary": "The summary human-resources table prints, for each "
                                  "component, the totals of that component's table.",
    "staffing.incumbency": "Incumbency: the vacancy rate is (approved − actual average) ÷ "
                           "approved, within the rounding of the average.",
    "staffing.civilian-cost": "The estimated civilian personnel cost of the components adds "
                              "up to the civilian personnel group of the financial table "
                              "(a constant unattributed difference is a warning).",
}

SECTION = "Human resources"
_SUBTOTALS: tuple[tuple[StaffingColumn, tuple[StaffingColumn, ...]], ...] = (
    (StaffingColumn.INTERNATIONAL_SUBTOTAL, INTERNATIONAL_BANDS),
    (StaffingColumn.NATIONAL_SUBTOTAL, NATIONAL_BANDS),
    (StaffingColumn.UNV_SUBTOTAL, UNV_BANDS),
)


def check(report: Report) -> None:
    for table in report.document.staffing_tables:
        where = Where(section=SECTION, table=table.key)
        uniformed = any(set(row.counts) == {StaffingColumn.TOTAL} for row in table.rows)
        for row in table.rows:
            # Table 2's "Total (I–III)" adds the uniformed rows above to the civilian
            # categories; the office sums check that total, not the row's own parts.
            _row_totals(report, where, row, civilian_only=not (
                uniformed and row.row_type is RowType.TOTAL))
        _net_change(report, where, table)
        _office_sums(report, where, table)
    _components_into_summary(report)
    _incumbency(report)
    _civilian_cost(report)


def _row_name(row: StaffingRow) -> str:
    when = f" {row.period}" if row.period else ""
    return f"{row.office} | {row.kind.value}{when}"


def _count(row: StaffingRow, column: StaffingColumn) -> int:
    value = row.counts.get(column)
    return value if value else 0


def _row_totals(report: Report, where: Where, row: StaffingRow, *,
                civilian_only: bool = True) -> None:
    counts = row.counts
    for subtotal, bands in _SUBTOTALS:
        if subtotal not in counts:
            continue
        present = [band for band in bands if band in counts]
        computed = sum(_count(row, band) for band in present)
        if not present or counts[subtotal] == computed:
            continue
        report.compare("staffing.band-subtotal",
                       f"{row.office}, {row.kind.value}: {subtotal.value} printed "
                       f"{counts[subtotal]}, its bands add up to {computed}",
                       where.at(row=_row_name(row), column=subtotal.value,
                                source_line=row.source_line),
                       _dec(counts[subtotal]), Decimal(computed), Decimal(0))
    if StaffingColumn.TOTAL not in counts or not civilian_only:
        return
    parts = total_parts(counts)
    computed = sum(_count(row, column) for column in parts)
    if parts and counts[StaffingColumn.TOTAL] != computed:
        report.compare("staffing.row-total",
                       f"{row.office}, {row.kind.value}: total printed "
                       f"{counts[StaffingColumn.TOTAL]}, its categories add up to {computed}",
                       where.at(row=_row_name(row), column=StaffingColumn.TOTAL.value,
                                source_line=row.source_line),
                       _dec(counts[StaffingColumn.TOTAL]), Decimal(computed), Decimal(0))


def total_parts(counts: dict[StaffingColumn, int | None]) -> list[StaffingColumn]:
    """The columns a row's total adds up: subtotals where printed, else their bands."""
    columns: list[StaffingColumn] = [c for c in counts if c is not StaffingColumn.TOTAL]
    for subtotal, bands in _SUBTOTALS:
        if subtotal in counts:
            columns = [c for c in columns if c not in bands]
    return columns


def _dec(value: int | None) -> Decimal | None:
    return None if value is None else Decimal(value)


def _net_change(report: Report, where: Where, table: StaffingTable) -> None:
    blocks: dict[tuple[str, str | None], dict[StaffingKind, StaffingRow]] = defaultdict(dict)
    order: list[tuple[str, str | None]] = []
    for row in table.rows:
        key = (row.office, row.parent_office)
        if key not in blocks:
            order.append(key)
        blocks[key].setdefault(row.kind, row)
    for key in order:
        rows = blocks[key]
        net = rows.get(StaffingKind.NET_CHANGE)
        approved, proposed = rows.get(StaffingKind.APPROVED), rows.get(StaffingKind.PROPOSED)
        if net is None or approved is None or proposed is None:
            continue
        for column, printed in net.counts.items():
            if column not in approved.counts or column not in proposed.counts:
                continue
            computed = _count(proposed, column) - _count(approved, column)
            report.compare("staffing.net-change",
                           lambda: f"{net.office}, {column.value}: net change printed {printed}, "
                           f"proposed less approved is {computed}",
                           lambda: where.at(row=_row_name(net), column=column.value,
                                    source_line=net.source_line),
                           _dec(printed), Decimal(computed), Decimal(0))


def _office_sums(report: Report, where: Where, table: StaffingTable) -> None:
    """Walk each kind's rows in print order. An office with sections under it (its
    ``parent_office``) is their sum; a closing subtotal is the sum of the offices since
    the previous one; a total is the sum of everything above it."""
    by_kind: dict[tuple[StaffingKind, str], list[StaffingRow]] = defaultdict(list)
    for row in table.rows:
        by_kind[(row.kind, row.period.label if row.period else "")].append(row)
    printed_offices = {row.office for row in table.rows}
    for rows in by_kind.values():
        children: dict[str, list[StaffingRow]] = defaultdict(list)
        for row in rows:
            if row.parent_office and row.parent_office in printed_offices:
                children[row.parent_office].append(row)
        entries: list[tuple[StaffingRow, bool]] = []
        for row in rows:
            if row.parent_office and row.parent_office in printed_offices:
                continue
            if row.office in children:
                _compare_sum(report, where, row, children[row.office])
                entries.append((row, False))
            elif row.row_type is RowType.SUBTOTAL:
                start = max((i + 1 for i, (_, closed) in enumerate(entries) if closed), default=0)
                parts = [entry for entry, _ in entries[start:]]
                _compare_sum(report, where, row, parts)
                entries[start:] = [(row, True)]
            elif row.row_type is RowType.TOTAL:
                _compare_sum(report, where, row, [entry for entry, _ in entries])
                entries = []
            else:
                entries.append((row, False))


def _compare_sum(report: Report, where: Where, row: StaffingRow,
                 parts: Sequence[StaffingRow]) -> None:
    if not parts:
        return
    for column, printed in row.counts.items():
        if printed is None or not any(column in part.counts for part in parts):
            continue
        computed = sum(_count(part, column) for part in parts)
        report.compare("staffing.office-sum",
                       lambda: f"{row.office}, {row.kind.value}, {column.value}: printed "
                       f"{printed}, the "
                       f"{len(parts)} rows above add up to {computed}",
                       lambda: where.at(row=_row_name(row), column=column.value,
                                source_line=row.source_line),
                       Decimal(printed), Decimal(computed), Decimal(0))


def _components_into_summary(report: Report) -> None:
    tables = report.document.staffing_tables
    summary = next((t for t in tables if t.component is None), None)
    if summary is None:
        return
    computed = derived.human_resources_totals(report.document)
    where = Where(section=SECTION, table=summary.key)
    for row in summary.rows:
        component = computed.get(snake_case(row.office))
        if component is None:
            continue
        key = derived.staffing_row_key(row.kind, row.period.label if row.period else None)
        counts = component.get(key)
        if counts is None:
            continue
        for column, printed in row.counts.items():
            value = counts.get(column)
            if value is None and column in derived.UNIFORMED.values():
                value = 0
            if value is None or printed is None:
                continue
            report.compare("staffing.component-summary",
                           lambda: f"{row.office}, {row.kind.value}, {column.value}: the "
                           f"summary table "
                           f"prints {printed}, the component's table {value}",
                           lambda: where.at(row=_row_name(row), column=column.value,
                                    source_line=row.source_line),
                           Decimal(printed), Decimal(value), Decimal(0))


def _incumbency(report: Report) -> None:
    where = Where(section=SECTION, table="incumbency")
    for row in report.document.incumbency:
        if row.approved is None or row.actual_average is None or row.vacancy_rate is None:
            continue
        report.compare_percentage(
            "staffing.incumbency",
            lambda: f"{row.label}: vacancy rate printed {row.vacancy_rate}; approved "
            f"{row.approved}, "
            f"actual average {row.actual_average}",
            lambda: where.at(row=row.category.value, column="vacancy_rate",
                             source_line=row.source_line),
            row.vacancy_rate, row.approved - row.actual_average, row.approved,
            numerator_places=0, denominator_places=6)


def _civilian_cost(report: Report) -> None:
    """Budget report, under each component's staffing table: "Estimated amount (civilian
    personnel)". The components together are the civilian personnel group, except
    costs no component carries; a difference that is the same in every period is such
    a cost (a warning), one that changes between periods is an error."""
    document = report.document
    costs = document.civilian_cost_estimates
    if not costs or document.kind is not DocumentKind.BUDGET:
        return
    sums: dict[tuple[str, str], list[Decimal]] = defaultdict(list)
    lines: dict[tuple[str, str], int | None] = {}
    for cost in costs:
        key = (cost.kind, cost.period.label)
        sums[key].append(cost.amount)
        lines.setdefault(key, cost.source_line)
    differences: list[tuple[tuple[str, str], Decimal, Decimal, int | None]] = []
    for key, amounts in sums.items():
        stage = Stage.COST_ESTIMATES if key[0] == "proposed" else Stage.APPORTIONMENT
        group = _group_amount(report, stage, key[1])
        if group is None:
            continue
        differences.append((key, group, derived.total(amounts), lines[key]))
    if not differences:
        return
    gaps = {group - added for _, group, added, _ in differences}
    constant = len(gaps) == 1 and len(differences) > 1 and next(iter(gaps)) > 0
    for (kind, period), group, added, line in differences:
        if group == added:
            continue
        where = Where(section=SECTION, table="estimated_civilian_personnel_cost",
                      row=f"{kind} {period}", column="amount", source_line=line)
        message = (f"the components' estimated civilian personnel costs ({kind} {period}) add "
                   f"up to {format_amount(added)}; the civilian personnel group of the "
                   f"financial table is {format_amount(group)} (difference "
                   f"{format_amount(group - added)}")
        if constant:
            report.warning("staffing.civilian-cost",
                           message + ", the same in every period: costs no component carries)",
                           where, printed=added, computed=group)
        else:
            report.compare("staffing.civilian-cost", lambda: message + ")", where, added, group,
                           sum_tolerance(len(sums[(kind, period)])))


def _group_amount(report: Report, stage: Stage, period: str) -> Decimal | None:
    for table in report.document.financial_tables:
        rows = derived.rows_by_line(table)
        row = rows.get("civilian_personnel")
        if row is None:
            continue
        for column in table.amount_columns():
            if column.stage is stage and column.period and column.period.label == period:
                return row.values.get(column.key)
    return None


