"""The sections of a performance report, in the Secretary-General's order.

Summary (financial performance and incumbency); I. Introduction; II. Mandate
performance (A. Overall, B. Budget implementation, C. Mission support
initiatives, D. Partnerships, E. Results-based budgeting frameworks, planned
against actual); III. Resource performance (A. Financial resources,
B. Redeployments, C. Monthly expenditure pattern, D. Other revenue and
borrowing, E. Programmatic activities, F. Non-budgeted contributions);
IV. Analysis of variances; V. Actions to be taken by the General Assembly;
VI. Follow-up. A section whose data the document lacks is left out.
"""

from __future__ import annotations

from collections.abc import Sequence

from rbb.model import Document, DocumentKind

from . import framework_blocks, headlines, report_charts
from .build_context import (
    BuildContext,
    follow_up_sections,
    follow_up_title,
    threshold_note,
    variance_blocks,
)
from .prose_pool import in_print_order
from .tables_money import money_table
from .tables_other import (
    amount_rows_table,
    borrowing_table,
    monthly_table,
    programmatic_table,
    redeployment_table,
)
from .tables_staffing import incumbency_table
from .view import Block, Paragraph, Section, Subheading, Table


def sections(ctx: BuildContext) -> list[Section]:
    """Sections I–VI (the summary is built last, once the numerals are known)."""
    return [
        Section("Introduction", key="I", blocks=list(ctx.prose.take("I"))),
        Section("Mandate performance", key="II", children=_mandate(ctx)),
        Section("Resource performance", key="III", children=_resources(ctx)),
        Section("Analysis of variances", key="IV", blocks=variance_blocks(ctx, "IV"),
                note=threshold_note()),
        Section("Actions to be taken by the General Assembly", key="V",
                blocks=_actions(ctx)),
        Section(follow_up_title(ctx.document.follow_up), key="VI",
                children=follow_up_sections(ctx)),
    ]


def previous_performance(document: Document, context: Sequence[Document]) -> Document | None:
    """The performance report of the period before, when the store holds it."""
    for other in context:
        if other.kind is DocumentKind.PERFORMANCE and \
                other.mission.code == document.mission.code and \
                other.period == document.period.previous:
            return other
    return None


def summary(ctx: BuildContext, actions_numeral: str | None) -> Section:
    document = ctx.document
    blocks: list[Block] = []
    wanted = headlines.performance_headlines(
        document, previous_performance(document, ctx.context_documents))
    blocks.extend(ctx.headlines(wanted, ctx.prose.take("Summary")))
    table = document.financial_table("financial_resources_summary")
    if table is not None:
        blocks.append(money_table(document, table, ctx.index,
                                  title="Performance of financial resources",
                                  numbered_columns=False))
    incumbency = incumbency_table(document.incumbency, ctx.index)
    if incumbency is not None:
        blocks.append(incumbency)
    if actions_numeral:
        blocks = ctx.closing(headlines.actions_pointer(actions_numeral), blocks)
    return Section("Summary", key="Summary", blocks=in_print_order(blocks), numbered=False)


def _mandate(ctx: BuildContext) -> list[Section]:
    return [
        Section("Overall", key="II.A", blocks=list(ctx.prose.take("II.A"))),
        Section("Budget implementation", key="II.B", blocks=list(ctx.prose.take("II.B"))),
        Section("Mission support initiatives", key="II.C", blocks=list(ctx.prose.take("II.C"))),
        Section("Partnerships and United Nations system coordination", key="II.D",
                blocks=list(ctx.prose.take("II.D"))),
        Section("Results-based budgeting frameworks", key="II.E", blocks=_frameworks(ctx)),
    ]


def _frameworks(ctx: BuildContext) -> list[Block]:
    blocks: list[Block] = []
    for component in ctx.document.components:
        blocks.append(Subheading(framework_blocks.component_heading(component),
                                 source_line=component.source_line))
        blocks.extend(framework_blocks.performance_blocks(component))
    return in_print_order([*blocks, *ctx.prose.take("II.E")])


def _resources(ctx: BuildContext) -> list[Section]:
    document = ctx.document
    index = ctx.index
    financial: list[Block] = list(ctx.prose.take("III.A"))
    table = document.financial_table("financial_resources")
    if table is not None:
        financial.append(money_table(document, table, index, title="Financial resources",
                                     numbered_columns=True))
        chart = report_charts.variance_by_class(document, table)
        if chart is not None:
            financial.append(chart)
    periods = report_charts.across_periods(document, ctx.context_documents)
    if periods is not None:
        financial.extend(periods)

    def part(title: str, key: str, *items: Block | None) -> Section:
        blocks = [*(b for b in items if b is not None), *ctx.prose.take(key)]
        return Section(title, key=key, blocks=in_print_order(blocks))

    monthly = report_charts.monthly_pattern(document.monthly_expenditure)
    revenue = Section("Other revenue and adjustments", key="III.D.1", blocks=in_print_order([
        *ctx.prose.take("III.D.1"),
        *_present(amount_rows_table("other_revenue", document.other_revenue, index,
                                    value_column="Amount"))]))
    borrowing = part("Borrowing", "III.D.2", borrowing_table(document.borrowing, index))
    other = Section("Other revenue and adjustments, and borrowing", key="III.D",
                    blocks=list(ctx.prose.take("III.D")), children=[revenue, borrowing])
    return [
        Section("Financial resources", key="III.A", blocks=financial),
        part("Summary information on redeployments across groups", "III.B",
             redeployment_table(document.redeployments, index)),
        part("Monthly expenditure pattern", "III.C", monthly,
             monthly_table(document.monthly_expenditure, index)),
        other,
        part("Substantive and other programmatic activities", "III.E",
             programmatic_table(document, document.programmatic_activities, index)),
        part("Value of non-budgeted contributions", "III.F",
             amount_rows_table("non_budgeted_contributions", document.non_budgeted_contributions,
                               index, value_column="Actual value")),
    ]


def _present(table: Table | None) -> list[Block]:
    return [] if table is None else [table]


def _actions(ctx: BuildContext) -> list[Block]:
    """The published paragraphs with their figures reconciled; without them, the
    actions written from the figures as the lettered items of one paragraph."""
    published = ctx.prose.take("V")
    wanted = headlines.performance_actions(ctx.document)
    if published:
        return list(ctx.headlines(wanted, published))
    if not wanted:
        return [Paragraph(a.text, source_line=a.source_line)
                for a in ctx.document.general_assembly_actions]
    intro = Paragraph(f"The actions to be taken by the General Assembly in connection with the "
                      f"financing of the {ctx.document.mission.name} are:", generated=True)
    letters = "abcdefgh"
    return [intro, *(Paragraph(h.text, letter=letters[i], generated=True)
                     for i, h in enumerate(wanted))]
