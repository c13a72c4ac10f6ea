"""What the section builders of both report kinds share while they build."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from rbb.engine.derived import VARIANCE_THRESHOLD_AMOUNT, VARIANCE_THRESHOLD_PERCENT
from rbb.model import Document
from rbb.model.tables import FollowUp, VarianceExplanation

from . import figures
from .finding_marks import FindingIndex
from .headlines import Headline, reconcile
from .prose_pool import ProsePool
from .tables_staffing import civilian_cost_table, component_tables
from .view import Block, Cell, HeaderCell, Note, Paragraph, Row, Section, Subheading, Table


@dataclass
class BuildContext:
    document: Document
    context_documents: Sequence[Document]
    index: FindingIndex
    prose: ProsePool
    differences: list[str] = field(default_factory=list)

    def headlines(self, headlines: Sequence[Headline],
                  published: list[Paragraph]) -> list[Paragraph]:
        """Published paragraphs with each headline reconciled in place; headlines with
        no published counterpart come first."""
        out = list(published)
        front: list[Paragraph] = []
        for headline in headlines:
            at = next((i for i, p in enumerate(out) if headline.opening.match(p.text)), None)
            if at is None:
                front.append(reconcile(headline, None, self.differences.append))
            else:
                out[at] = reconcile(headline, out[at], self.differences.append)
        return front + out

    def closing(self, headline: Headline, blocks: list[Block]) -> list[Block]:
        """A headline that closes a section (the summary's pointer to the actions):
        reconciled in place with its published paragraph, else added at the end."""
        for i, block in enumerate(blocks):
            if isinstance(block, Paragraph) and headline.opening.match(block.text):
                blocks[i] = reconcile(headline, block, self.differences.append)
                return blocks
        return [*blocks, reconcile(headline, None, self.differences.append)]


def staffing_blocks(ctx: BuildContext, component: str, caption: str | None) -> list[Block]:
    """A component's staffing table(s) and the estimated civilian cost under them."""
    blocks: list[Block] = []
    for table in ctx.document.staffing_tables:
        if table.component == component:
            blocks.extend(component_tables(table, ctx.index, caption))
    cost = civilian_cost_table(component, ctx.document.civilian_cost_estimates, ctx.index)
    if cost is not None:
        blocks.append(cost)
    return blocks


# --- analysis of variances --------------------------------------------------------


def threshold_note() -> Note:
    """The footnote of "Analysis of variances", stating the engine's threshold."""
    return Note("1", "Resource variance amounts are expressed in thousands of United States "
                     "dollars. Analysis is provided for variances of at least plus or minus "
                     f"{VARIANCE_THRESHOLD_PERCENT} per cent or "
                     f"{figures.dollars(VARIANCE_THRESHOLD_AMOUNT)}.")


def variance_blocks(ctx: BuildContext, section_key: str) -> list[Block]:
    """Each class explained: its variance as quoted, then the numbered paragraphs."""
    explanations = ctx.document.variance_explanations
    numbers = [p.number for e in explanations for p in e.paragraphs if p.number is not None]
    ctx.prose.take_numbers(section_key, numbers)
    blocks: list[Block] = list(ctx.prose.take(section_key))
    for explanation in explanations:
        blocks.append(_variance_table(ctx, explanation))
        blocks.extend(Paragraph(p.text, number=p.number, source_line=p.source_line)
                      for p in explanation.paragraphs)
    return blocks


def _variance_table(ctx: BuildContext, explanation: VarianceExplanation) -> Table:
    flagged = ctx.index.flagged(explanation.source_line)
    amount = figures.dollar_thousands(explanation.amount) \
        if explanation.amount is not None else ""
    share = figures.signed_percentage(explanation.percentage) \
        if explanation.percentage is not None else ""
    return Table(
        key=f"variance_{explanation.line}",
        header=((HeaderCell(""), HeaderCell("Variance", colspan=2, numeric=True)),),
        rows=(Row((Cell(explanation.label), Cell(amount, numeric=True, flagged=flagged),
                   Cell(share, numeric=True, flagged=flagged)),
                  source_line=explanation.source_line),),
        columns=("", "Variance: Amount", "Variance: Percentage"),
        findings=ctx.index.notes([explanation.source_line]), widths=(60, 20, 20),
        source_line=explanation.source_line)


# --- follow-up of the General Assembly and the Advisory Committee -----------------

_BODIES = (("general_assembly", "General Assembly", "Decision/request",
            "Action taken to implement decision/request"),
           ("acabq", "Advisory Committee on Administrative and Budgetary Questions",
            "Request/recommendation", "Action taken to implement request/recommendation"))

_RESOLUTION = re.compile(r"[Rr]esolution (\d+/\d+)")


def follow_up_title(items: Sequence[FollowUp]) -> str:
    """The long title of the follow-up section, naming the resolutions followed up."""
    resolutions = list(dict.fromkeys(m for f in items
                                     for m in _RESOLUTION.findall(f.reference or "")))
    if not resolutions:
        named = "its resolutions"
    elif len(resolutions) == 1:
        named = f"its resolution {resolutions[0]}"
    else:
        named = f"its resolutions {', '.join(resolutions[:-1])} and {resolutions[-1]}"
    return ("Summary of follow-up action taken to implement the decisions and requests of the "
            f"General Assembly in {named}, including the requests and recommendations of the "
            "Advisory Committee on Administrative and Budgetary Questions endorsed by the "
            "Assembly")


def follow_up_sections(ctx: BuildContext) -> list[Section]:
    out: list[Section] = []
    for body, title, request, action in _BODIES:
        items = [f for f in ctx.document.follow_up if f.body == body]
        if not items:
            continue
        section = Section(title, key=f"follow_up_{body}")
        groups: dict[tuple[str | None, str | None], list[FollowUp]] = {}
        for item in items:
            groups.setdefault((item.heading, item.reference), []).append(item)
        for (heading, reference), members in groups.items():
            if heading:
                section.blocks.append(Subheading(heading))
            if reference:
                section.blocks.append(Paragraph(f"({reference})"))
            section.blocks.append(Table(
                key=f"follow_up_{body}_{len(section.blocks)}",
                header=((HeaderCell(request), HeaderCell(action)),),
                rows=tuple(Row((Cell(f.request), Cell(f.action)), source_line=f.source_line)
                           for f in members),
                columns=(request, action), text=True, widths=(50, 50)))
        out.append(section)
    return out
