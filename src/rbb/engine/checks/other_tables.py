"""The other tables of section II of a budget report and section III of a performance
report (docs/domain.md, "Other sections of the reports"): their totals, the percentages of
the budget they print, and the figures they share with the financial table.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator, Sequence
from decimal import Decimal

from rbb.model import Document, DocumentKind, Finding, Stage
from rbb.model.staffing import RowType
from rbb.model.tables import AmountRow
from rbb.presentation import format_amount, format_count

from .. import derived
from .comparison import (
    EXACT,
    Where,
    compare,
    compare_percentage,
    error,
    show_whole,
    total_against_items,
    warning,
)
from .shared_readings import rows_by_line


def check_amount_totals(document: Document) -> Iterator[Finding]:
    yield from _amount_rows(document, "Non-budgeted contributions",
                            "non_budgeted_contributions", document.non_budgeted_contributions)
    yield from _amount_rows(document, "Training", "training_costs", document.training_costs)
    yield from _amount_rows(document, "Other revenue and adjustments", "other_revenue",
                            document.other_revenue)


def _amount_rows(document: Document, section: str, table: str,
                 rows: Sequence[AmountRow]) -> Iterator[Finding]:
    items = [r for r in rows if r.row_type is RowType.ITEM]
    for row in rows:
        if row.row_type is not RowType.TOTAL or not items:
            continue
        yield from total_against_items(
            "tables.amount-total",
            Where.of(document, section=section, table=table, row=row.label, column="amount",
                     source_line=row.source_line),
            row.amount, [item.amount for item in items],
            "{section}, {label}: printed {printed}, the {count} items add up to {computed}",
            section=section, label=row.label)


def _show_count(value: Decimal) -> str:
    return format_count(int(value))


def check_training_participants(document: Document) -> Iterator[Finding]:
    groups: dict[tuple[str, str, str], dict[str, tuple[int | None, int | None]]] = \
        defaultdict(dict)
    for part in document.training_participants:
        groups[(part.category, part.kind, part.period.label)][part.location] = (
            part.count, part.source_line)
    for (category, kind, period), places in groups.items():
        if "total" not in places or not ({"internal", "external"} & places.keys()):
            continue
        printed, line = places["total"]
        yield from total_against_items(
            "tables.training-participants",
            Where.of(document, section="Training", table="training_participants", row="total",
                     column=f"{category} {kind} {period}", source_line=line),
            None if printed is None else Decimal(printed),
            [Decimal(places[p][0] or 0) for p in ("internal", "external") if p in places],
            "Training participants, {category} ({kind} {period}): printed total {printed}, "
            "internal and external add up to {computed}", show=_show_count, tolerance=EXACT,
            category=category.replace("_", " "), kind=kind, period=period)


def total_budget(document: Document, period_label: str) -> Decimal | None:
    """Total requirements of a period as the document's financial table prints them
    (gross requirements where no total line is printed)."""
    for table in document.financial_tables:
        rows = rows_by_line(table)
        for column in table.amount_columns():
            if column.period is None or column.period.label != period_label:
                continue
            if column.stage is Stage.EXPENDITURE:
                continue
            for line in (derived.TOTAL, derived.GROSS):
                value = rows[line].values.get(column.key) if line in rows else None
                if value is not None:
                    return value
    return None


def class_amount(document: Document, line: str,
                 stage: Stage) -> tuple[Decimal | None, int | None]:
    """A class's amount at a stage of the document's own period."""
    for table in document.financial_tables:
        rows = rows_by_line(table)
        for column in table.amount_columns():
            if column.stage is stage and column.period == document.period and line in rows:
                return rows[line].values.get(column.key), rows[line].source_line
    return None, None


_TRAVEL = "Official travel, non-training"


def check_travel_totals(document: Document) -> Iterator[Finding]:
    trips = document.official_travel
    items = [t for t in trips if t.row_type is RowType.ITEM]
    where = Where.of(document, section=_TRAVEL, table="official_travel")
    for row in trips:
        if row.row_type is not RowType.TOTAL or not items:
            continue
        yield from total_against_items(
            "tables.travel-total",
            where.at(row=row.label, column="amount", source_line=row.source_line),
            row.amount, [t.amount for t in items],
            "Official travel, total amount: printed {printed}, the rows add up to {computed}")
        if row.person_trips is not None:
            yield from total_against_items(
                "tables.travel-total",
                where.at(row=row.label, column="person_trips", source_line=row.source_line),
                Decimal(row.person_trips), [Decimal(t.person_trips or 0) for t in items],
                "Official travel, total person-trips: printed {printed}, the rows add up to "
                "{computed}", show=show_whole, tolerance=EXACT)


def check_travel_percentages(document: Document) -> Iterator[Finding]:
    where = Where.of(document, section=_TRAVEL, table="official_travel")
    period = document.period.label
    for row in document.official_travel:
        share = row.percentages.get(period)
        budget = total_budget(document, period)
        if share is None or not budget or row.amount is None:
            continue
        yield from compare_percentage(
            "tables.travel-percentage",
            where.at(row=row.label, column=f"percentage {period}", source_line=row.source_line),
            share, row.amount, budget,
            "Official travel, {label}: printed {share} per cent of the total budget {period}; "
            "{amount} over {budget}", label=row.label, share=share, period=period,
            amount=format_amount(row.amount), budget=format_amount(budget))


def check_travel_class(document: Document) -> Iterator[Finding]:
    if document.kind is not DocumentKind.BUDGET:
        return
    non_training = next((t for t in document.official_travel
                         if t.row_type is RowType.TOTAL), None)
    training = [r for r in document.training_costs
                if r.row_type is RowType.ITEM and "travel" in r.label.lower()]
    printed, line = class_amount(document, "official_travel", Stage.COST_ESTIMATES)
    if non_training is None or non_training.amount is None or not training or printed is None:
        return
    computed = non_training.amount + derived.total(r.amount for r in training)
    if computed != printed:
        yield warning(
            "tables.travel-class",
            f"Official travel (cost estimates) is {format_amount(printed)}; non-training "
            f"travel {format_amount(non_training.amount)} and training travel add up to "
            f"{format_amount(computed)}",
            Where.of(document, section="Financial resources", table="financial_resources",
                     row="official_travel", source_line=line),
            printed=printed, computed=computed)


def check_programmatic_activities(document: Document) -> Iterator[Finding]:
    activities = document.programmatic_activities
    items = [a for a in activities if a.row_type is RowType.ITEM and a.parent is None]
    where = Where.of(document, section="Programmatic activities",
                     table="programmatic_activities")
    by_name = {a.description: a for a in items}
    for activity in activities:
        here = where.at(row=activity.description, column=activity.stage.value,
                        source_line=activity.source_line)
        if activity.row_type is RowType.TOTAL and items:
            yield from total_against_items(
                "tables.programmatic-total", here, activity.amount, [a.amount for a in items],
                "Programmatic activities, total: printed {printed}, the areas add up to "
                "{computed}")
        parent = by_name.get(activity.parent) if activity.parent else None
        if parent is not None and parent.amount is not None and activity.amount is not None \
                and activity.amount > parent.amount:
            yield error("tables.programmatic-total",
                        f"Programmatic activities: {activity.description!r} "
                        f"({format_amount(activity.amount)}) is part of {parent.description!r}"
                        f" but larger than it ({format_amount(parent.amount)})",
                        here, printed=activity.amount, computed=parent.amount)


def check_quick_impact_projects(document: Document) -> Iterator[Finding]:
    kind, stage = (("proposed", Stage.COST_ESTIMATES) if document.kind is DocumentKind.BUDGET
                   else ("actual", Stage.EXPENDITURE))
    printed, line = class_amount(document, "quick_impact_projects", stage)
    for qip in document.quick_impact_projects:
        if qip.period != document.period or qip.kind != kind or printed is None:
            continue
        yield from compare(
            "tables.quick-impact-projects",
            Where.of(document, section="Quick-impact projects", table="quick_impact_projects",
                     row=f"{kind} {qip.period}", column="amount", source_line=qip.source_line),
            qip.amount, printed, EXACT,
            "Quick-impact projects {period} ({kind}): the table prints {printed}, the "
            "financial table (line {line}) {computed}", period=qip.period, kind=kind,
            line=line)


_EFFICIENCY = "Efficiency gains"


def check_efficiency_totals(document: Document) -> Iterator[Finding]:
    gains = document.efficiency_gains
    if gains is None:
        return
    where = Where.of(document, section=_EFFICIENCY, table="efficiency_gains")
    items = [g.amount for g in gains.gains if g.row_type is RowType.ITEM]
    for row in gains.gains:
        if row.row_type is RowType.TOTAL:
            yield from total_against_items(
                "tables.efficiency-total",
                where.at(row="total", column="amount", source_line=row.source_line),
                row.amount, items,
                "Efficiency gains, total: printed {printed}, the initiatives add up to "
                "{computed}")


def check_efficiency_approved_budget(document: Document) -> Iterator[Finding]:
    gains = document.efficiency_gains
    if gains is None or document.kind is not DocumentKind.BUDGET:
        return
    previous = document.period.previous.label
    yield from compare(
        "tables.efficiency-approved-budget",
        Where.of(document, section=_EFFICIENCY, table="efficiency_gains",
                 row="approved_budget", column="amount",
                 source_line=gains.approved_budget_source_line),
        gains.approved_budget, total_budget(document, previous), EXACT,
        "Efficiency gains: the approved budget {previous} is printed as {printed}, the "
        "apportionment is {computed}", previous=previous)


def check_efficiency_percentage(document: Document) -> Iterator[Finding]:
    gains = document.efficiency_gains
    if gains is None or not gains.approved_budget:
        return
    totals = [g for g in gains.gains if g.row_type is RowType.TOTAL]
    gained = totals[0].amount if totals and totals[0].amount is not None else \
        derived.total(g.amount for g in gains.gains if g.row_type is RowType.ITEM)
    approved = gains.approved_budget
    yield from compare_percentage(
        "tables.efficiency-percentage",
        Where.of(document, section=_EFFICIENCY, table="efficiency_gains",
                 row="percentage_of_approved_budget", column="percentage",
                 source_line=gains.percentage_source_line),
        gains.percentage_of_approved_budget, gained, approved,
        "Efficiencies as a percentage of the approved budget: printed {share}; {gained} "
        "over {approved}", share=gains.percentage_of_approved_budget,
        gained=format_amount(gained), approved=format_amount(approved))


_REDEPLOYMENTS = "Redeployments across groups"
_DISTRIBUTION = ("original_distribution", "redeployment", "revised_distribution")


def check_redeployments(document: Document) -> Iterator[Finding]:
    """Each group's original distribution plus its redeployment is its revised
    distribution; the groups add up to the total; and the original distribution of a
    group is its appropriation, i.e. the apportionment the financial table prints for
    the group (performance report, section III.B)."""
    redeployments = document.redeployments
    if redeployments is None:
        return
    where = Where.of(document, section=_REDEPLOYMENTS, table="redeployments")
    items = [r for r in redeployments.rows if r.row_type is RowType.ITEM]
    for row in redeployments.rows:
        if row.original_distribution is not None and row.revised_distribution is not None:
            yield from total_against_items(
                "tables.redeployment",
                where.at(row=row.group, column="revised_distribution",
                         source_line=row.source_line),
                row.revised_distribution, [row.original_distribution, row.redeployment],
                "Redeployments, {group}: original distribution plus redeployment is "
                "{computed}, the revised distribution is printed as {printed}", group=row.group)
        if row.row_type is RowType.TOTAL and items:
            for column in _DISTRIBUTION:
                yield from total_against_items(
                    "tables.redeployment",
                    where.at(row="total", column=column, source_line=row.source_line),
                    getattr(row, column), [getattr(item, column) for item in items],
                    "Redeployments, total {column}: printed {printed}, the groups add up to "
                    "{computed}", column=column.replace("_", " "))
    for row in items:
        printed, line = class_amount(document, row.group, Stage.APPORTIONMENT)
        if printed is None or row.original_distribution is None:
            continue
        yield from compare(
            "tables.redeployment",
            where.at(row=row.group, column="original_distribution",
                     source_line=row.source_line),
            row.original_distribution, printed, EXACT,
            "Redeployments, {group}: the original distribution {printed} is not the "
            "apportionment {computed} of the financial table (line {line})",
            group=row.group, line=line)


def check_redeployment_percentage(document: Document) -> Iterator[Finding]:
    redeployments = document.redeployments
    if redeployments is None:
        return
    items = [r for r in redeployments.rows if r.row_type is RowType.ITEM]
    total_row = next((r for r in redeployments.rows if r.row_type is RowType.TOTAL), None)
    appropriation = total_row.original_distribution if total_row else None
    moved = derived.total(r.redeployment for r in items if r.redeployment and r.redeployment > 0)
    if not appropriation:
        return
    yield from compare_percentage(
        "tables.redeployment-percentage",
        Where.of(document, section=_REDEPLOYMENTS, table="redeployments",
                 row="percentage_of_appropriation", column="percentage",
                 source_line=redeployments.percentage_source_line),
        redeployments.percentage_of_appropriation, moved, appropriation,
        "Percentage of redeployment to total appropriation: printed {share}; {moved} moved "
        "out of {appropriation}", share=redeployments.percentage_of_appropriation,
        moved=format_amount(moved), appropriation=format_amount(appropriation))


def check_monthly_expenditure(document: Document) -> Iterator[Finding]:
    months = document.monthly_expenditure
    if len(months) != 12:
        return
    printed, _ = class_amount(document, derived.GROSS, Stage.EXPENDITURE)
    yield from total_against_items(
        "tables.monthly-expenditure",
        Where.of(document, section="Monthly expenditure pattern", table="monthly_expenditure",
                 row="total", column="amount", source_line=months[-1].source_line),
        printed, [month.amount for month in months],
        "The monthly expenditure pattern adds up to {computed}; gross expenditure is "
        "{printed}")
