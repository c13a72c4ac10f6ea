"""The other tables of section II of a budget report and section III of a performance
report (docs/domain.md, "Other sections of the reports"): their totals, the percentages of
the budget they print, and the figures they share with the financial table.
"""

# The message and location lambdas passed to Report.compare are called at once, inside
# the call, or never: binding loop variables late is what they are meant to do.
# ruff: noqa: B023

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from decimal import Decimal

from rbb.model import DocumentKind, Stage
from rbb.model.staffing import RowType
from rbb.model.tables import AmountRow, Redeployment
from rbb.presentation import format_amount, format_count

from .. import derived
from .base import Report, Where, sum_tolerance

CHECKS: dict[str, str] = {
    "tables.amount-total": "The total row of non-budgeted contributions, training costs and "
                           "other revenue equals the sum of its items.",
    "tables.training-participants": "Internal plus external participants equal the total, "
                                    "for each category and period.",
    "tables.travel-total": "Official travel, non-training: the total person-trips and amount "
                           "equal the sum of the rows.",
    "tables.travel-percentage": "Each travel row's percentage of the total budget equals its "
                                "amount over the total requirements of the period.",
    "tables.travel-class": "Official travel (the class) equals non-training travel plus "
                           "training travel (warning).",
    "tables.programmatic-total": "Programmatic activities: the total equals the sum of the "
                                 "areas; an \"including\" line is not more than its area.",
    "tables.quick-impact-projects": "The quick-impact projects of the period equal the class "
                                    "in the financial table.",
    "tables.efficiency-total": "Efficiency gains: the total equals the sum of the initiatives.",
    "tables.efficiency-approved-budget": "The approved budget quoted under efficiency gains "
                                         "is the gross apportionment of the previous period.",
    "tables.efficiency-percentage": "Efficiencies as a percentage of the approved budget.",
    "tables.redeployment": "Redeployments: original distribution plus redeployment equals the "
                           "revised distribution; rows add up to the total; the original "
                           "distribution is the apportionment of the group.",
    "tables.redeployment-percentage": "Percentage of redeployment to the total appropriation.",
    "tables.monthly-expenditure": "The twelve months of the expenditure pattern add up to the "
                                  "gross expenditure.",
}


def check(report: Report) -> None:
    document = report.document
    _amount_rows(report, "Non-budgeted contributions", "non_budgeted_contributions",
                 document.non_budgeted_contributions)
    _amount_rows(report, "Training", "training_costs", document.training_costs)
    _amount_rows(report, "Other revenue and adjustments", "other_revenue",
                 document.other_revenue)
    _training_participants(report)
    _travel(report)
    _programmatic(report)
    _quick_impact_projects(report)
    _efficiency(report)
    _redeployments(report)
    _monthly(report)


def _amount_rows(report: Report, section: str, table: str, rows: Sequence[AmountRow]) -> None:
    items = [r for r in rows if r.row_type is RowType.ITEM]
    for row in rows:
        if row.row_type is not RowType.TOTAL or not items:
            continue
        computed = derived.total(r.amount for r in items)
        report.compare(
            "tables.amount-total",
            lambda: f"{section}, {row.label}: printed {format_amount(row.amount)}, the "
            f"{len(items)} "
            f"items add up to {format_amount(computed)}",
            lambda: Where(section=section, table=table, row=row.label, column="amount",
                  source_line=row.source_line),
            row.amount, computed, sum_tolerance(len(items)))


def _training_participants(report: Report) -> None:
    groups: dict[tuple[str, str, str], dict[str, tuple[int | None, int | None]]] = \
        defaultdict(dict)
    for part in report.document.training_participants:
        groups[(part.category, part.kind, part.period.label)][part.location] = (
            part.count, part.source_line)
    for (category, kind, period), places in groups.items():
        if "total" not in places or not ({"internal", "external"} & places.keys()):
            continue
        printed, line = places["total"]
        computed = sum(places[p][0] or 0 for p in ("internal", "external") if p in places)
        report.compare(
            "tables.training-participants",
            lambda: f"Training participants, {category.replace('_', ' ')} ({kind} {period}): "
            f"printed "
            f"total {format_count(printed)}, internal and external add up to "
            f"{format_count(computed)}",
            lambda: Where(section="Training", table="training_participants", row="total",
                  column=f"{category} {kind} {period}", source_line=line),
            None if printed is None else Decimal(printed), Decimal(computed), Decimal(0))


def total_budget(report: Report, period_label: str) -> Decimal | None:
    """Total requirements of a period as the document's financial table prints them
    (gross requirements where no total line is printed)."""
    for table in report.document.financial_tables:
        rows = derived.rows_by_line(table)
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


def class_amount(report: Report, line: str, stage: Stage) -> tuple[Decimal | None, int | None]:
    """A class's amount at a stage of the document's own period."""
    for table in report.document.financial_tables:
        rows = derived.rows_by_line(table)
        for column in table.amount_columns():
            if column.stage is stage and column.period == report.document.period and \
                    line in rows:
                return rows[line].values.get(column.key), rows[line].source_line
    return None, None


def _travel(report: Report) -> None:
    trips = report.document.official_travel
    items = [t for t in trips if t.row_type is RowType.ITEM]
    where = Where(section="Official travel, non-training", table="official_travel")
    for row in trips:
        if row.row_type is RowType.TOTAL and items:
            computed = derived.total(t.amount for t in items)
            report.compare("tables.travel-total",
                           lambda: f"Official travel, total amount: printed "
                           f"{format_amount(row.amount)}, "
                           f"the rows add up to {format_amount(computed)}",
                           lambda: where.at(row=row.label, column="amount",
                                            source_line=row.source_line),
                           row.amount, computed, sum_tolerance(len(items)))
            if row.person_trips is not None:
                counted = sum(t.person_trips or 0 for t in items)
                report.compare("tables.travel-total",
                               lambda: f"Official travel, total person-trips: printed "
                               f"{row.person_trips}, the rows add up to {counted}",
                               lambda: where.at(row=row.label, column="person_trips",
                                        source_line=row.source_line),
                               Decimal(row.person_trips), Decimal(counted), Decimal(0))
        period = report.document.period.label
        share = row.percentages.get(period)
        budget = total_budget(report, period)
        if share is not None and budget and row.amount is not None:
            report.compare_percentage(
                "tables.travel-percentage",
                lambda: f"Official travel, {row.label}: printed {share} per cent of the total "
                f"budget "
                f"{period}; {format_amount(row.amount)} over {format_amount(budget)}",
                lambda: where.at(row=row.label, column=f"percentage {period}",
                         source_line=row.source_line),
                share, row.amount, budget)
    _travel_class(report)


def _travel_class(report: Report) -> None:
    if report.document.kind is not DocumentKind.BUDGET:
        return
    non_training = next((t for t in report.document.official_travel
                         if t.row_type is RowType.TOTAL), None)
    training = [r for r in report.document.training_costs
                if r.row_type is RowType.ITEM and "travel" in r.label.lower()]
    printed, line = class_amount(report, "official_travel", Stage.COST_ESTIMATES)
    if non_training is None or non_training.amount is None or not training or printed is None:
        return
    computed = non_training.amount + derived.total(r.amount for r in training)
    if computed != printed:
        report.warning(
            "tables.travel-class",
            f"Official travel (cost estimates) is {format_amount(printed)}; non-training "
            f"travel {format_amount(non_training.amount)} and training travel add up to "
            f"{format_amount(computed)}",
            Where(section="Financial resources", table="financial_resources",
                  row="official_travel", source_line=line),
            printed=printed, computed=computed)


def _programmatic(report: Report) -> None:
    activities = report.document.programmatic_activities
    items = [a for a in activities if a.row_type is RowType.ITEM and a.parent is None]
    where = Where(section="Programmatic activities", table="programmatic_activities")
    by_name = {a.description: a for a in items}
    for activity in activities:
        if activity.row_type is RowType.TOTAL and items:
            computed = derived.total(a.amount for a in items)
            report.compare("tables.programmatic-total",
                           lambda: f"Programmatic activities, total: printed "
                           f"{format_amount(activity.amount)}, the areas add up to "
                           f"{format_amount(computed)}",
                           lambda: where.at(row=activity.description, column=activity.stage.value,
                                    source_line=activity.source_line),
                           activity.amount, computed, sum_tolerance(len(items)))
        parent = by_name.get(activity.parent) if activity.parent else None
        if parent is not None and parent.amount is not None and activity.amount is not None \
                and activity.amount > parent.amount:
            report.error("tables.programmatic-total",
                         f"Programmatic activities: {activity.description!r} "
                         f"({format_amount(activity.amount)}) is part of {parent.description!r}"
                         f" but larger than it ({format_amount(parent.amount)})",
                         where.at(row=activity.description, column=activity.stage.value,
                                  source_line=activity.source_line),
                         printed=activity.amount, computed=parent.amount)


def _quick_impact_projects(report: Report) -> None:
    document = report.document
    kind, stage = (("proposed", Stage.COST_ESTIMATES) if document.kind is DocumentKind.BUDGET
                   else ("actual", Stage.EXPENDITURE))
    printed, line = class_amount(report, "quick_impact_projects", stage)
    for qip in document.quick_impact_projects:
        if qip.period != document.period or qip.kind != kind or printed is None:
            continue
        report.compare("tables.quick-impact-projects",
                       lambda: f"Quick-impact projects {qip.period} ({kind}): the table prints "
                       f"{format_amount(qip.amount)}, the financial table (line {line}) "
                       f"{format_amount(printed)}",
                       lambda: Where(section="Quick-impact projects", table="quick_impact_projects",
                             row=f"{kind} {qip.period}", column="amount",
                             source_line=qip.source_line),
                       qip.amount, printed, Decimal(0))


def _efficiency(report: Report) -> None:
    gains = report.document.efficiency_gains
    if gains is None:
        return
    where = Where(section="Efficiency gains", table="efficiency_gains")
    items = [g for g in gains.gains if g.row_type is RowType.ITEM]
    totals = [g for g in gains.gains if g.row_type is RowType.TOTAL]
    computed = derived.total(g.amount for g in items)
    for row in totals:
        report.compare("tables.efficiency-total",
                       lambda: f"Efficiency gains, total: printed {format_amount(row.amount)}, the "
                       f"initiatives add up to {format_amount(computed)}",
                       lambda: where.at(row="total", column="amount", source_line=row.source_line),
                       row.amount, computed, sum_tolerance(len(items)))
    gained = totals[0].amount if totals and totals[0].amount is not None else computed
    approved = gains.approved_budget
    previous = report.document.period.previous.label
    budget = total_budget(report, previous)
    if approved is not None and budget is not None and \
            report.document.kind is DocumentKind.BUDGET:
        report.compare("tables.efficiency-approved-budget",
                       lambda: f"Efficiency gains: the approved budget {previous} is printed as "
                       f"{format_amount(approved)}, the apportionment is "
                       f"{format_amount(budget)}",
                       lambda: where.at(row="approved_budget", column="amount",
                                source_line=gains.approved_budget_source_line),
                       approved, budget, Decimal(0))
    if approved:
        report.compare_percentage(
            "tables.efficiency-percentage",
            lambda: f"Efficiencies as a percentage of the approved budget: printed "
            f"{gains.percentage_of_approved_budget}; {format_amount(gained)} over "
            f"{format_amount(approved)}",
            lambda: where.at(row="percentage_of_approved_budget", column="percentage",
                     source_line=gains.percentage_source_line),
            gains.percentage_of_approved_budget, gained, approved)


def _redeployments(report: Report) -> None:
    redeployments = report.document.redeployments
    if redeployments is None:
        return
    where = Where(section="Redeployments across groups", table="redeployments")
    items = [r for r in redeployments.rows if r.row_type is RowType.ITEM]
    for row in redeployments.rows:
        if row.original_distribution is not None and row.revised_distribution is not None:
            computed = row.original_distribution + (row.redeployment or Decimal(0))
            report.compare("tables.redeployment",
                           lambda: f"Redeployments, {row.group}: original distribution plus "
                           f"redeployment is {format_amount(computed)}, the revised "
                           f"distribution is printed as {format_amount(row.revised_distribution)}",
                           lambda: where.at(row=row.group, column="revised_distribution",
                                    source_line=row.source_line),
                           row.revised_distribution, computed, sum_tolerance(2))
        if row.row_type is RowType.TOTAL and items:
            for column in ("original_distribution", "redeployment", "revised_distribution"):
                printed = getattr(row, column)
                added = derived.total(getattr(r, column) for r in items)
                report.compare("tables.redeployment",
                               lambda: f"Redeployments, total {column.replace('_', ' ')}: printed "
                               f"{format_amount(printed)}, the groups add up to "
                               f"{format_amount(added)}",
                               lambda: where.at(row="total", column=column,
                                                source_line=row.source_line),
                               printed, added, sum_tolerance(len(items)))
    _redeployment_against_apportionment(report, items, where)
    total_row = next((r for r in redeployments.rows if r.row_type is RowType.TOTAL), None)
    appropriation = total_row.original_distribution if total_row else None
    moved = derived.total(r.redeployment for r in items if r.redeployment and r.redeployment > 0)
    if appropriation:
        report.compare_percentage(
            "tables.redeployment-percentage",
            lambda: f"Percentage of redeployment to total appropriation: printed "
            f"{redeployments.percentage_of_appropriation}; {format_amount(moved)} moved out "
            f"of {format_amount(appropriation)}",
            lambda: where.at(row="percentage_of_appropriation", column="percentage",
                     source_line=redeployments.percentage_source_line),
            redeployments.percentage_of_appropriation, moved, appropriation)


def _redeployment_against_apportionment(report: Report, items: Sequence[Redeployment],
                                        where: Where) -> None:
    """The original distribution of a group is its appropriation, i.e. the apportionment
    the financial table prints for the group (performance report, section III.B)."""
    for row in items:
        printed, line = class_amount(report, row.group, Stage.APPORTIONMENT)
        if printed is None or row.original_distribution is None:
            continue
        report.compare("tables.redeployment",
                       lambda: f"Redeployments, {row.group}: the original distribution "
                       f"{format_amount(row.original_distribution)} is not the apportionment "
                       f"{format_amount(printed)} of the financial table (line {line})",
                       lambda: where.at(row=row.group, column="original_distribution",
                                source_line=row.source_line),
                       row.original_distribution, printed, Decimal(0))


def _monthly(report: Report) -> None:
    months = report.document.monthly_expenditure
    if len(months) != 12:
        return
    printed, _ = class_amount(report, derived.GROSS, Stage.EXPENDITURE)
    if printed is None:
        return
    computed = derived.total(m.amount for m in months)
    report.compare("tables.monthly-expenditure",
                   lambda: f"The monthly expenditure pattern adds up to {format_amount(computed)}; "
                   f"gross expenditure is {format_amount(printed)}",
                   lambda: Where(section="Monthly expenditure pattern", table="monthly_expenditure",
                         row="total", column="amount", source_line=months[-1].source_line),
                   printed, computed, sum_tolerance(12))
