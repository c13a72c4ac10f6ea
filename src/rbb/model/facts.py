"""Facts: every number of a document with its provenance, one per line.

The flat view analysts load into pandas or a spreadsheet, and that independent
extractions are held against line by line (``section,table,row,column,value,
unit,source_line``). Derived from the document, never stored apart from it.
"""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

from .base import Record
from .document import Document
from .money import ColumnRole
from .spreadsheet import SpreadsheetCell, csv_line

FACT_HEADER = ("section", "table", "row", "column", "value", "unit", "source_line")

THOUSANDS_USD = "thousands_usd"
MILLIONS_USD = "millions_usd"
PERCENT = "percent"


class Fact(Record):
    section: str
    table: str
    row: str
    column: str
    value: Decimal | None
    unit: str
    source_line: int | None

    def cells(self) -> tuple[SpreadsheetCell, ...]:
        return (self.section, self.table, self.row, self.column, self.value, self.unit,
                self.source_line)


def document_facts(document: Document) -> list[Fact]:
    """All facts of a document, in the order they are printed."""
    facts = list(_facts(document))
    facts.sort(key=lambda f: (f.source_line is None, f.source_line or 0))
    return facts


def facts_csv(facts: list[Fact]) -> str:
    """The facts as CSV; text cells are neutralised (``rbb.model.spreadsheet``)."""
    return csv_line(FACT_HEADER) + "".join(csv_line(fact.cells()) for fact in facts)


def _fact(section: str, table: str, row: str, column: str, value: Decimal | None, unit: str,
          line: int | None) -> Fact:
    return Fact(section=section, table=table, row=row, column=column, value=value, unit=unit,
                source_line=line)


def _facts(doc: Document) -> Iterator[Fact]:
    for money in doc.financial_tables:
        for row in money.rows:
            name = row.line if row.row_type.value == "item" else f"{row.line} ({row.row_type})"
            for column in money.columns:
                if column.key not in row.values:
                    continue
                unit = PERCENT if column.role is ColumnRole.VARIANCE_PERCENTAGE else THOUSANDS_USD
                yield _fact("financial_resources", money.key, name, column.key,
                            row.values[column.key], unit, row.source_line)
    for staffing in doc.staffing_tables:
        for srow in staffing.rows:
            when = f" {srow.period}" if srow.period else ""
            name = f"{srow.office} | {srow.kind.value}{when}"
            for col, count in srow.counts.items():
                if count is not None:
                    yield _fact("human_resources", staffing.key, name, col.value, Decimal(count),
                                "posts", srow.source_line)
    for cost in doc.civilian_cost_estimates:
        yield _fact("human_resources", "estimated_civilian_personnel_cost", cost.component,
                    f"{cost.kind} {cost.period}", cost.amount, THOUSANDS_USD, cost.source_line)
    for factor in doc.vacancy_factors:
        yield _fact("vacancy_factors", "vacancy_factors", factor.category.value,
                    f"{factor.kind.value} {factor.period}", factor.rate, PERCENT,
                    factor.source_line)
    for inc in doc.incumbency:
        # "Planned (average)" only where the table prints it (reports of about 2003-2010)
        planned = () if inc.planned_average is None else (
            ("planned_average", inc.planned_average, "persons"),)
        for name, value, unit in (("approved", inc.approved, "persons"), *planned,
                                  ("actual_average", inc.actual_average, "persons"),
                                  ("vacancy_rate", inc.vacancy_rate, PERCENT)):
            yield _fact("human_resources", "incumbency", inc.category.value, name, value, unit,
                        inc.source_line)
    yield from _framework_facts(doc)
    yield from _table_facts(doc)
    yield from _legislative_facts(doc)


def _framework_facts(doc: Document) -> Iterator[Fact]:
    for component in doc.components:
        table = f"component {component.key}"
        for ea in component.expected_accomplishments:
            for indicator in ea.indicators:
                for value in indicator.values:
                    unit = PERCENT if value.unit == "per cent" else "number"
                    yield _fact("frameworks", table, f"indicator {indicator.number}",
                                str(value.period), value.value, unit, value.source_line)
            for index, output in enumerate(ea.outputs, start=1):
                row = f"output {ea.number}.{index}"
                for q_index, quantity in enumerate(output.quantities, start=1):
                    yield _fact("frameworks", table, row, f"quantity {q_index}", quantity.value,
                                "number", quantity.source_line)
                if output.completed_quantity is not None:
                    yield _fact("frameworks", table, row, "completed", output.completed_quantity,
                                "number", output.completed_source_line or output.source_line)
                for c_index, completion in enumerate(output.further_completions, start=2):
                    if completion.completed_quantity is not None:
                        yield _fact("frameworks", table, row, f"completed {c_index}",
                                    completion.completed_quantity, "number",
                                    completion.source_line)


def _table_facts(doc: Document) -> Iterator[Fact]:
    for row in doc.non_budgeted_contributions:
        yield _fact("non_budgeted_contributions", "non_budgeted_contributions", row.label,
                    "amount", row.amount, THOUSANDS_USD, row.source_line)
    if doc.efficiency_gains is not None:
        gains = doc.efficiency_gains
        for gain in gains.gains:
            yield _fact("efficiency_gains", "efficiency_gains", gain.category, "amount",
                        gain.amount, THOUSANDS_USD, gain.source_line)
        if gains.approved_budget is not None:
            yield _fact("efficiency_gains", "efficiency_gains", "approved_budget", "amount",
                        gains.approved_budget, THOUSANDS_USD, gains.approved_budget_source_line)
        if gains.percentage_of_approved_budget is not None:
            yield _fact("efficiency_gains", "efficiency_gains", "percentage_of_approved_budget",
                        "percentage", gains.percentage_of_approved_budget, PERCENT,
                        gains.percentage_source_line)
    for row in doc.training_costs:
        yield _fact("training", "training_costs", row.label, "amount", row.amount,
                    THOUSANDS_USD, row.source_line)
    for part in doc.training_participants:
        yield _fact("training", "training_participants", f"{part.location}",
                    f"{part.category} {part.kind} {part.period}",
                    None if part.count is None else Decimal(part.count), "participants",
                    part.source_line)
    for trip in doc.official_travel:
        if trip.person_trips is not None:
            yield _fact("official_travel", "official_travel", trip.label, "person_trips",
                        Decimal(trip.person_trips), "person_trips", trip.source_line)
        yield _fact("official_travel", "official_travel", trip.label, "amount", trip.amount,
                    THOUSANDS_USD, trip.source_line)
        for period, share in trip.percentages.items():
            yield _fact("official_travel", "official_travel", trip.label,
                        f"percentage_of_total_budget {period}", share, PERCENT, trip.source_line)
    for activity in doc.programmatic_activities:
        yield _fact("programmatic_activities", "programmatic_activities", activity.description,
                    activity.stage.value, activity.amount, THOUSANDS_USD, activity.source_line)
    for qip in doc.quick_impact_projects:
        when = f"{qip.kind} {qip.period}"
        yield _fact("quick_impact_projects", "quick_impact_projects", when, "amount", qip.amount,
                    THOUSANDS_USD, qip.source_line)
        yield _fact("quick_impact_projects", "quick_impact_projects", when, "number_of_projects",
                    None if qip.number_of_projects is None else Decimal(qip.number_of_projects),
                    "projects", qip.source_line)
    if doc.redeployments is not None:
        for red in doc.redeployments.rows:
            for name, value in (("original_distribution", red.original_distribution),
                                ("redeployment", red.redeployment),
                                ("revised_distribution", red.revised_distribution)):
                yield _fact("redeployments", "redeployments", red.group, name, value,
                            THOUSANDS_USD, red.source_line)
        if doc.redeployments.percentage_of_appropriation is not None:
            yield _fact("redeployments", "redeployments", "percentage_of_appropriation",
                        "percentage", doc.redeployments.percentage_of_appropriation, PERCENT,
                        doc.redeployments.percentage_source_line)
    for month in doc.monthly_expenditure:
        yield _fact("monthly_expenditure", "monthly_expenditure", month.month.strftime("%Y-%m"),
                    "amount", month.amount, THOUSANDS_USD, month.source_line)
    for row in doc.other_revenue:
        yield _fact("other_revenue", "other_revenue", row.label, "amount", row.amount,
                    THOUSANDS_USD, row.source_line)
    for loan in doc.borrowing:
        yield _fact("borrowing", "borrowing", loan.as_at.isoformat(), loan.lending_mission,
                    loan.amount_millions, MILLIONS_USD, loan.source_line)
    for explanation in doc.variance_explanations:
        yield _fact("analysis_of_variances", "analysis_of_variances", explanation.line, "amount",
                    explanation.amount, THOUSANDS_USD, explanation.source_line)
        yield _fact("analysis_of_variances", "analysis_of_variances", explanation.line,
                    "percentage", explanation.percentage, PERCENT, explanation.source_line)
    # The amounts an action of the General Assembly names ("appropriation of the amount
    # of $46,045,300"), in thousands of dollars like every other money fact.
    # An action can wrap: ``amount_source_lines`` (when given) has each amount's own line.
    for a_index, action in enumerate(doc.general_assembly_actions, start=1):
        lines = action.amount_source_lines
        for m_index, amount in enumerate(action.amounts, start=1):
            yield _fact("general_assembly_actions", "general_assembly_actions",
                        f"action {a_index}", f"amount {m_index}", amount, THOUSANDS_USD,
                        lines[m_index - 1] if m_index <= len(lines) else action.source_line)


def _amounts(section: str, row: str, amounts: tuple[Decimal, ...], lines: tuple[int, ...],
             line: int | None) -> Iterator[Fact]:
    """The amounts a recommendation or a decision names, each on its own line when given."""
    for index, amount in enumerate(amounts, start=1):
        yield _fact(section, section, row, f"amount {index}", amount, THOUSANDS_USD,
                    lines[index - 1] if index <= len(lines) else line)


def _legislative_facts(doc: Document) -> Iterator[Fact]:
    """What an ACABQ report or a resolution states (rbb.model.legislative): the stages'
    amounts, the amounts and posts each recommendation names, each decision's amounts, the
    financing figures; rows name the paragraph, as the documents are cited."""
    for figure in doc.stage_figures:
        yield _fact("stage_figures", "stage_figures", figure.key or figure.level.value,
                    f"{figure.stage.value} {figure.period}", figure.amount, THOUSANDS_USD,
                    figure.source_line)
    for recommendation in doc.recommendations:
        row = f"paragraph {recommendation.paragraph} ({recommendation.kind.value})"
        yield from _amounts("recommendations", row, recommendation.amounts,
                            recommendation.amount_source_lines, recommendation.source_line)
        if recommendation.posts is not None:
            yield _fact("recommendations", "recommendations", row, "posts",
                        Decimal(recommendation.posts), "posts", recommendation.source_line)
    for decision in doc.decisions:
        yield from _amounts("decisions", f"paragraph {decision.paragraph} ({decision.kind.value})",
                            decision.amounts, decision.amount_source_lines, decision.source_line)
    for financing in doc.financing:
        row = financing.part.value if financing.for_part is None else \
            f"{financing.part.value} ({financing.for_part.value})"
        yield _fact("financing", "financing", row, str(financing.period),
                    financing.amount, THOUSANDS_USD, financing.source_line)
