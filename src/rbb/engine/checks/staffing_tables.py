"""Human resources: grade-band subtotals, office sums, net change, the summary table
against the component tables, incumbency and the estimated civilian personnel cost
per component (docs/domain.md, "People"; budget report section I.D tables 1–3).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator, Sequence
from decimal import Decimal

from rbb.model import Document, DocumentKind, Finding, StaffingTable, Stage
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
from .comparison import (
    EXACT,
    Where,
    compare,
    compare_percentage,
    show_whole,
    sum_tolerance,
    total_against_items,
    warning,
)
from .shared_readings import once_per_document, rows_by_line

SECTION = "Human resources"
_SUBTOTALS: tuple[tuple[StaffingColumn, tuple[StaffingColumn, ...]], ...] = (
    (StaffingColumn.INTERNATIONAL_SUBTOTAL, INTERNATIONAL_BANDS),
    (StaffingColumn.NATIONAL_SUBTOTAL, NATIONAL_BANDS),
    (StaffingColumn.UNV_SUBTOTAL, UNV_BANDS),
)


@once_per_document
def _rows(document: Document) -> tuple[tuple[Where, StaffingRow, bool], ...]:
    """Every row of every staffing table where it is printed, and whether its total adds
    up its own civilian categories: Table 2's "Total (I–III)" adds the uniformed rows
    above to the civilian categories; the office sums check that total, not the row's
    own parts."""
    found = []
    for table in document.staffing_tables:
        where = Where.of(document, section=SECTION, table=table.key)
        uniformed = any(set(row.counts) == {StaffingColumn.TOTAL} for row in table.rows)
        for row in table.rows:
            found.append((where.at(row=_row_name(row), source_line=row.source_line), row,
                          not (uniformed and row.row_type is RowType.TOTAL)))
    return tuple(found)


def _row_name(row: StaffingRow) -> str:
    when = f" {row.period}" if row.period else ""
    return f"{row.office} | {row.kind.value}{when}"


def _count(row: StaffingRow, column: StaffingColumn) -> int:
    value = row.counts.get(column)
    return value if value else 0


def check_band_subtotals(document: Document) -> Iterator[Finding]:
    for here, row, _ in _rows(document):
        counts = row.counts
        for subtotal, bands in _SUBTOTALS:
            present = [band for band in bands if band in counts]
            if subtotal not in counts or not present:
                continue
            yield from total_against_items(
                "staffing.band-subtotal", here, _dec(counts[subtotal]),
                [_count(row, band) for band in present],
                "{office}, {kind}: {subtotal} printed {printed}, its bands add up to {computed}",
                show=show_whole, tolerance=EXACT, in_column=subtotal, office=row.office,
                kind=row.kind, subtotal=subtotal)


def check_row_totals(document: Document) -> Iterator[Finding]:
    for here, row, civilian_only in _rows(document):
        counts = row.counts
        if StaffingColumn.TOTAL not in counts or not civilian_only:
            continue
        parts = total_parts(counts)
        if not parts:
            continue
        yield from total_against_items(
            "staffing.row-total", here, _dec(counts[StaffingColumn.TOTAL]),
            [_count(row, c) for c in parts],
            "{office}, {kind}: total printed {printed}, its categories add up to {computed}",
            show=show_whole, tolerance=EXACT, in_column=StaffingColumn.TOTAL,
            office=row.office, kind=row.kind)


def total_parts(counts: dict[StaffingColumn, int | None]) -> list[StaffingColumn]:
    """The columns a row's total adds up: subtotals where printed, else their bands."""
    columns: list[StaffingColumn] = [c for c in counts if c is not StaffingColumn.TOTAL]
    for subtotal, bands in _SUBTOTALS:
        if subtotal in counts:
            columns = [c for c in columns if c not in bands]
    return columns


def _dec(value: int | None) -> Decimal | None:
    return None if value is None else Decimal(value)


def check_net_change(document: Document) -> Iterator[Finding]:
    for table in document.staffing_tables:
        yield from _net_change(Where.of(document, section=SECTION, table=table.key), table)


def _net_change(where: Where, table: StaffingTable) -> Iterator[Finding]:
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
        here = where.at(row=_row_name(net), source_line=net.source_line)
        for column, printed in net.counts.items():
            if column not in approved.counts or column not in proposed.counts:
                continue
            yield from compare(
                "staffing.net-change", here, _dec(printed),
                Decimal(_count(proposed, column) - _count(approved, column)), EXACT,
                "{office}, {column}: net change printed {printed}, proposed less approved is "
                "{computed}", show=show_whole, in_column=column, office=net.office,
                column=column)


def check_office_sums(document: Document) -> Iterator[Finding]:
    for table in document.staffing_tables:
        yield from _office_sums(Where.of(document, section=SECTION, table=table.key), table)


def _office_sums(where: Where, table: StaffingTable) -> Iterator[Finding]:
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
                yield from _compare_sum(where, row, children[row.office])
                entries.append((row, False))
            elif row.row_type is RowType.SUBTOTAL:
                start = max((i + 1 for i, (_, closed) in enumerate(entries) if closed), default=0)
                parts = [entry for entry, _ in entries[start:]]
                yield from _compare_sum(where, row, parts)
                entries[start:] = [(row, True)]
            elif row.row_type is RowType.TOTAL:
                yield from _compare_sum(where, row, [entry for entry, _ in entries])
                entries = []
            else:
                entries.append((row, False))


def _compare_sum(where: Where, row: StaffingRow,
                 parts: Sequence[StaffingRow]) -> Iterator[Finding]:
    if not parts:
        return
    here = where.at(row=_row_name(row), source_line=row.source_line)
    for column, printed in row.counts.items():
        if printed is None or not any(column in part.counts for part in parts):
            continue
        yield from total_against_items(
            "staffing.office-sum", here, Decimal(printed),
            [_count(part, column) for part in parts],
            "{office}, {kind}, {column}: printed {printed}, the {count} rows above add up to "
            "{computed}", show=show_whole, tolerance=EXACT, in_column=column,
            office=row.office, kind=row.kind, column=column)


def check_components_into_summary(document: Document) -> Iterator[Finding]:
    tables = document.staffing_tables
    summary = next((t for t in tables if t.component is None), None)
    if summary is None:
        return
    computed = derived.human_resources_totals(document)
    where = Where.of(document, section=SECTION, table=summary.key)
    for row in summary.rows:
        component = computed.get(snake_case(row.office))
        if component is None:
            continue
        key = derived.staffing_row_key(row.kind, row.period.label if row.period else None)
        counts = component.get(key)
        if counts is None:
            continue
        here = where.at(row=_row_name(row), source_line=row.source_line)
        for column, printed in row.counts.items():
            value = counts.get(column)
            if value is None and column in derived.UNIFORMED.values():
                value = 0
            if value is None or printed is None:
                continue
            yield from compare(
                "staffing.component-summary", here, Decimal(printed), Decimal(value), EXACT,
                "{office}, {kind}, {column}: the summary table prints {printed}, the "
                "component's table {computed}", show=show_whole, in_column=column,
                office=row.office, kind=row.kind.value, column=column)


def check_incumbency(document: Document) -> Iterator[Finding]:
    """The vacancy rate is the actual average's shortfall against the planned average
    where the table prints one (reports of about 2003-2010), else against the approved
    strength; the message names the base used."""
    where = Where.of(document, section=SECTION, table="incumbency")
    for row in document.incumbency:
        base_name, base = row.vacancy_base
        if base is None or row.actual_average is None or row.vacancy_rate is None:
            continue
        yield from compare_percentage(
            "staffing.incumbency",
            where.at(row=row.category.value, column="vacancy_rate", source_line=row.source_line),
            row.vacancy_rate, base - row.actual_average, base,
            "{label}: vacancy rate printed {rate}; {base_name} {base}, actual average "
            "{average}", numerator_places=0, denominator_places=6, label=row.label,
            rate=row.vacancy_rate, base_name=base_name, base=base, average=row.actual_average)


def check_civilian_cost(document: Document) -> Iterator[Finding]:
    """Budget report, under each component's staffing table: "Estimated amount (civilian
    personnel)". Together the components' amounts are the civilian personnel group of
    the financial table, less any cost the mission carries outside every component (a
    cost held centrally). Such a cost leaves the components short of the group by the
    same amount in every period printed, so a shortfall that is equal in two or more
    periods is a warning; any other difference is compared within the rounding of the
    components' amounts."""
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
        group = _group_amount(document, stage, key[1])
        if group is None:
            continue
        differences.append((key, group, derived.total(amounts), lines[key]))
    if not differences:
        return
    shortfalls = {group - added for _, group, added, _ in differences}
    constant = len(shortfalls) == 1 and len(differences) > 1 and next(iter(shortfalls)) > 0
    for (kind, period), group, added, line in differences:
        if group == added:
            continue
        where = Where.of(document, section=SECTION, table="estimated_civilian_personnel_cost",
                         row=f"{kind} {period}", column="amount", source_line=line)
        message = (f"the components' estimated civilian personnel costs ({kind} {period}) add "
                   f"up to {format_amount(added)}; the civilian personnel group of the "
                   f"financial table is {format_amount(group)} (difference "
                   f"{format_amount(group - added)}")
        if constant:
            yield warning("staffing.civilian-cost", message + ", the same in every period: "
                          "costs no component carries)", where, printed=added, computed=group)
        else:
            yield from compare("staffing.civilian-cost", where, added, group,
                               sum_tolerance(len(sums[(kind, period)])), "{text})",
                               text=message)


def _group_amount(document: Document, stage: Stage, period: str) -> Decimal | None:
    for table in document.financial_tables:
        rows = rows_by_line(table)
        row = rows.get("civilian_personnel")
        if row is None:
            continue
        for column in table.amount_columns():
            if column.stage is stage and column.period and column.period.label == period:
                return row.values.get(column.key)
    return None
