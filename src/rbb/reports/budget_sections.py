"""The sections of a budget report, in the Secretary-General's order.

Summary; I. Mandate and planned results (A. Overall, B. Planning assumptions,
C. Partnerships, D. Results-based budgeting frameworks with the staffing tables
and estimated civilian cost of each component); II. Financial resources (A–H);
III. Analysis of variances; IV. Actions to be taken by the General Assembly;
V. Follow-up. A section whose data the document lacks is left out.
"""

from __future__ import annotations

from . import framework_blocks, headlines, report_charts
from .build_context import (
    BuildContext,
    follow_up_sections,
    follow_up_title,
    staffing_blocks,
    threshold_note,
    variance_blocks,
)
from .prose_pool import in_print_order
from .tables_money import money_table
from .tables_other import (
    amount_rows_table,
    efficiency_table,
    participants_table,
    programmatic_table,
    quick_impact_table,
    travel_table,
)
from .tables_staffing import summary_table, vacancy_table
from .view import Block, Paragraph, Section, Subheading, Table


def sections(ctx: BuildContext) -> list[Section]:
    """Sections I–V (the summary is built last, once the numerals are known)."""
    return [
        Section("Mandate and planned results", key="I", children=_mandate(ctx)),
        Section("Financial resources", key="II", children=_financial(ctx)),
        Section("Analysis of variances", key="III", blocks=variance_blocks(ctx, "III"),
                note=threshold_note()),
        Section("Actions to be taken by the General Assembly", key="IV",
                blocks=_actions(ctx)),
        Section(follow_up_title(ctx.document.follow_up), key="V",
                children=follow_up_sections(ctx)),
    ]


def summary(ctx: BuildContext, actions_numeral: str | None) -> Section:
    document = ctx.document
    blocks: list[Block] = []
    published = ctx.prose.take("Summary")
    wanted = headlines.budget_headlines(document)
    blocks.extend(ctx.headlines(wanted, published))
    table = document.financial_table("financial_resources_summary")
    if table is not None:
        blocks.append(money_table(document, table, ctx.index, title="Financial resources",
                                  numbered_columns=False))
    for staffing in document.staffing_tables:
        if staffing.component is None:
            blocks.append(summary_table(document, staffing, ctx.index))
    if actions_numeral:
        blocks = ctx.closing(headlines.actions_pointer(actions_numeral), blocks)
    return Section("Summary", key="Summary", blocks=in_print_order(blocks), numbered=False)


def _mandate(ctx: BuildContext) -> list[Section]:
    return [
        Section("Overall", key="I.A", blocks=list(ctx.prose.take("I.A"))),
        Section("Planning assumptions and mission support initiatives", key="I.B",
                blocks=list(ctx.prose.take("I.B"))),
        Section("Partnerships, country team coordination and integrated missions", key="I.C",
                blocks=list(ctx.prose.take("I.C"))),
        Section("Results-based budgeting frameworks", key="I.D", blocks=_frameworks(ctx)),
    ]


def _frameworks(ctx: BuildContext) -> list[Block]:
    """Each component: heading, framework, external factors, staffing table ("Table n")
    and estimated civilian cost; the section's prose in print order; evaluation
    activities after the last component; posts by grade band as table and chart."""
    document = ctx.document
    blocks: list[Block] = []
    number = 0
    last_line = 0
    for component in document.components:
        blocks.append(Subheading(framework_blocks.component_heading(component),
                                 source_line=component.source_line))
        blocks.extend(framework_blocks.budget_blocks(component))
        has_table = any(t.component == component.key for t in document.staffing_tables)
        if has_table:
            number += 1
        staffing = staffing_blocks(ctx, component.key, f"Table {number}" if has_table else None)
        blocks.extend(staffing)
        lines = [b.source_line for b in staffing if b.source_line is not None]
        last_line = max([last_line, *lines, component.source_line or 0])
    ordered = in_print_order([*blocks, *ctx.prose.take("I.D")])
    out: list[Block] = []
    evaluation = False
    for block in ordered:
        if isinstance(block, Paragraph) and last_line and (block.source_line or 0) > last_line \
                and not evaluation:
            out.append(Subheading("Evaluation activities"))
            evaluation = True
        out.append(block)
    grade = report_charts.staffing_by_band(document)
    if grade is not None:
        out.extend(grade)
    return out


def _financial(ctx: BuildContext) -> list[Section]:
    document = ctx.document
    index = ctx.index
    overall: list[Block] = []
    table = document.financial_table("financial_resources")
    if table is not None:
        overall.append(money_table(document, table, index, title="Financial resources",
                                   numbered_columns=True))
        chart = report_charts.variance_by_class(document, table)
        if chart is not None:
            overall.append(chart)
    periods = report_charts.across_periods(document, ctx.context_documents)
    if periods is not None:
        overall.extend(periods)
    overall = [*ctx.prose.take("II.A"), *overall]

    def part(title: str, key: str, *tables: Table | None) -> Section:
        blocks: list[Block] = [*ctx.prose.take(key), *(t for t in tables if t is not None)]
        return Section(title, key=key, blocks=in_print_order(blocks))

    return [
        Section("Overall", key="II.A", blocks=overall),
        part("Non-budgeted contributions", "II.B",
             amount_rows_table("non_budgeted_contributions", document.non_budgeted_contributions,
                               index, value_column="Estimated value")),
        part("Efficiency gains", "II.C", efficiency_table(document, document.efficiency_gains,
                                                          index)),
        part("Vacancy factors", "II.D", vacancy_table(document.vacancy_factors, index)),
        part("Training", "II.E",
             amount_rows_table("training_costs", document.training_costs, index,
                               value_column="Estimated amount"),
             participants_table(document.training_participants, index)),
        part("Official travel, non-training", "II.F",
             travel_table(document, document.official_travel, index)),
        part("Programmatic activities", "II.G",
             programmatic_table(document, document.programmatic_activities, index)),
        part("Quick-impact projects", "II.H",
             quick_impact_table(document.quick_impact_projects, index)),
    ]


def _actions(ctx: BuildContext) -> list[Block]:
    published = ctx.prose.take("IV")
    blocks = ctx.headlines(headlines.budget_actions(ctx.document), published)
    if not published and ctx.document.general_assembly_actions and not blocks:
        blocks = [Paragraph(a.text, source_line=a.source_line)
                  for a in ctx.document.general_assembly_actions]
    return list(blocks)
