"""The cycle of one mission's period, "from proposal to expenditure" (docs/cycle.md).

For one period the money passes through five stages: the Secretary-General's cost
estimates, the Advisory Committee's recommendation, the Assembly's appropriation, the
apportionment and the expenditure. Each is stated by other documents: the budget report
(its money tables), the Committee's report (``stage_figures``, ``recommendations``),
the resolution (``stage_figures``, ``financing``), the performance report; a later
budget report restates the apportionment and the expenditure. This module sets them
side by side for the total, each group and each class, every figure with the document
and line that state it. It states nothing itself: a recommended class figure the
Committee does not print is derived from the estimate and the reduction it recommends,
and marked derived; two documents that state one figure differently are both kept and
flagged, never reconciled. The posts the budget proposes and those the Committee
recommends against are set side by side too (``Cycle.posts``).

Pure: it reads ``Document`` records and returns records (no storage, no formatting).
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from decimal import ROUND_HALF_UP, Decimal

from rbb.model import Document, DocumentKey, DocumentKind, Period, Stage
from rbb.model.base import Amount, Exact, Key, Record
from rbb.model.classes import BY_CODE, CLASSES, GROUPS, LineKind
from rbb.model.legislative import (
    FinancingPart,
    Recommendation,
    RecommendationKind,
    StageLevel,
)
from rbb.model.money import MoneyTable
from rbb.model.staffing import (
    INTERNATIONAL_BANDS,
    NATIONAL_BANDS,
    UNV_BANDS,
    RowType,
    StaffingColumn,
    StaffingKind,
    StaffingRow,
    StaffingTable,
)

from .derived import GROSS, TOTAL, share

STAGES: tuple[Stage, ...] = (Stage.COST_ESTIMATES, Stage.ACABQ_RECOMMENDED,
                             Stage.APPROPRIATION, Stage.APPORTIONMENT, Stage.EXPENDITURE)
"""The columns of the cycle, in the order the money passes through them."""

TOTAL_ROW = GROSS
"""The total of the cycle is the gross requirements: what the Assembly appropriates and
the sum of the three groups (a report without that line: its total requirements)."""

MONEY_TABLES = ("financial_resources", "financial_resources_summary")
"""The money tables a report's stage figures are read from, the fuller one first."""

BUDGET_KINDS = frozenset({DocumentKind.BUDGET, DocumentKind.REVISED_BUDGET,
                          DocumentKind.FINANCING_REPORT})

_STATING_KINDS: dict[Stage, tuple[DocumentKind, ...]] = {
    Stage.COST_ESTIMATES: (DocumentKind.REVISED_BUDGET, DocumentKind.BUDGET,
                           DocumentKind.FINANCING_REPORT),
    Stage.ACABQ_RECOMMENDED: (DocumentKind.ACABQ_REPORT,),
    Stage.APPROPRIATION: (DocumentKind.GA_RESOLUTION,),
    Stage.APPORTIONMENT: (DocumentKind.PERFORMANCE, DocumentKind.FINANCING_REPORT),
    Stage.EXPENDITURE: (DocumentKind.PERFORMANCE, DocumentKind.FINANCING_REPORT),
}
"""Whose word comes first where documents disagree on a stage: the document whose
business the stage is (both figures are kept and flagged all the same)."""

TENTH = Decimal("0.1")
_PER_CENT = re.compile(r"(\d{1,3}(?:\.\d{1,2})?)\s*(?:per\s*cent|%)", re.IGNORECASE)


class CycleSource(Record):
    """Where a figure is stated: the document, and its table or paragraph and line."""

    document: DocumentKey
    part: Key
    """The field of the document it is read from: ``financial_tables``, ``stage_figures``,
    ``financing`` or ``recommendations``."""
    table: Key | None = None
    paragraph: str | None = None
    source_line: int | None = None


class CycleFigure(Record):
    """One amount of one stage of one row: stated by ``source``, or derived."""

    amount: Amount
    source: CycleSource | None = None
    """None for a derived figure."""
    derived: bool = False
    reduction: Amount | None = None
    """Of a derived recommended figure: the reduction taken from the estimate."""
    derived_from: tuple[CycleSource, ...] = ()
    """Of a derived figure: the estimate's source, then the recommendations'."""


class CycleCell(Record):
    stage: Stage
    figures: tuple[CycleFigure, ...] = ()
    """Every document's figure, the stage's own document first; empty when unknown."""
    differs: bool = False
    """Two documents state this figure differently (both kept)."""
    change: Amount | None = None
    """The amount less that of the nearest earlier stage known (``change_from``)."""
    change_from: Stage | None = None
    change_percentage: Exact | None = None
    """``change`` as a percentage of the earlier stage's amount, exact (not rounded)."""

    @property
    def amount(self) -> Amount | None:
        return self.figures[0].amount if self.figures else None

    @property
    def derived(self) -> bool:
        return bool(self.figures) and self.figures[0].derived


class CycleRecommendation(Record):
    """A recommendation of the Committee with the report it stands in."""

    document: DocumentKey
    recommendation: Recommendation


class CycleRow(Record):
    line: Key
    """``gross_requirements`` for the total, else the group's or the class's code."""
    label: str
    level: StageLevel
    group: Key | None = None
    cells: tuple[CycleCell, ...]
    """One per stage of ``STAGES``, in that order."""
    recommendations: tuple[CycleRecommendation, ...] = ()
    notes: tuple[str, ...] = ()
    """Why a figure one might expect is not derived."""

    def cell(self, stage: Stage) -> CycleCell:
        return self.cells[STAGES.index(stage)]


class Disagreement(Record):
    """One stage figure that documents state differently."""

    line: Key
    stage: Stage
    figures: tuple[CycleFigure, ...]


TOTAL_POSTS = "total"

POST_GROUPS: tuple[tuple[Key, str, tuple[tuple[StaffingColumn, ...], ...]], ...] = (
    ("international_staff", "International staff",
     ((StaffingColumn.INTERNATIONAL_STAFF,), (StaffingColumn.INTERNATIONAL_SUBTOTAL,),
      INTERNATIONAL_BANDS)),
    ("national_staff", "National staff",
     ((StaffingColumn.NATIONAL_SUBTOTAL,), NATIONAL_BANDS)),
    ("united_nations_volunteers", "United Nations Volunteers",
     ((StaffingColumn.UNITED_NATIONS_VOLUNTEERS,), (StaffingColumn.UNV_SUBTOTAL,), UNV_BANDS)),
    ("general_temporary_assistance", "Temporary positions",
     ((StaffingColumn.GENERAL_TEMPORARY_ASSISTANCE,),)),
)
"""Each group of posts the Committee's recommendations name by class, and the columns of
a summary table that count it: the first set of columns the table prints."""

CLASS_OF_POSTS = {"international_staff": "international_staff",
                  "national_staff": "national_staff",
                  "national_general_service_staff": "national_staff",
                  "united_nations_volunteers": "united_nations_volunteers",
                  "general_temporary_assistance": "general_temporary_assistance"}
"""The class a recommendation names, and the group of posts it counts in."""


class CyclePosts(Record):
    """One group of posts (or all of them): proposed, not approved, recommended."""

    line: Key
    """A group of ``POST_GROUPS``, or ``total``."""
    label: str
    proposed: int | None = None
    proposed_source: CycleSource | None = None
    not_approved: int = 0
    """Posts and positions the Committee recommends against, summed over its
    recommendations that count them."""
    recommendations: tuple[CycleRecommendation, ...] = ()
    recommended: int | None = None
    """Derived: proposed less not approved; None when either is unknown."""


class Cycle(Record):
    mission: str
    period: Period
    stages: tuple[Stage, ...] = STAGES
    documents: tuple[DocumentKey, ...]
    """The documents read, whether or not they state a figure of the period."""
    rows: tuple[CycleRow, ...]
    """The total, then each group followed by its classes (``rbb.model.classes`` order);
    a group or class only where a document states a figure or a recommendation for it."""
    recommendations: tuple[CycleRecommendation, ...] = ()
    """Those that name no group or class: they concern the whole."""
    disagreements: tuple[Disagreement, ...] = ()
    posts: tuple[CyclePosts, ...] = ()
    """The posts and positions proposed, not approved by the Committee and left, by
    group of posts then in all; empty when no document says anything of posts."""

    def row(self, line: str) -> CycleRow | None:
        return next((r for r in self.rows if r.line == line), None)


# --- the stated figures -----------------------------------------------------------

_Stated = dict[tuple[str, Stage], list[CycleFigure]]


def _add(stated: _Stated, line: str, stage: Stage, figure: CycleFigure) -> None:
    found = stated[(line, stage)]
    assert figure.source is not None
    # One document states a figure once: the first of its tables or parts that does.
    if any(f.source is not None and f.source.document == figure.source.document
           for f in found):
        return
    found.append(figure)


def _money_tables(document: Document) -> list[MoneyTable]:
    return [t for key in MONEY_TABLES if (t := document.financial_table(key)) is not None]


def _from_tables(document: Document, period: Period, stated: _Stated) -> None:
    for table in _money_tables(document):
        lines = {row.line for row in table.rows}
        total_line = GROSS if GROSS in lines else TOTAL
        for column in table.amount_columns():
            if column.stage is None or column.period != period:
                continue
            for row in table.rows:
                amount = row.values.get(column.key)
                if amount is None:
                    continue
                if row.line == total_line:
                    line = TOTAL_ROW
                elif (known := BY_CODE.get(row.line)) is not None and \
                        known.kind is not LineKind.SUMMARY:
                    line = row.line
                else:
                    continue
                _add(stated, line, column.stage, CycleFigure(amount=amount, source=CycleSource(
                    document=document.key, part="financial_tables", table=table.key,
                    source_line=row.source_line)))


def _from_legislative(document: Document, period: Period, stated: _Stated) -> None:
    for figure in document.stage_figures:
        if figure.period != period:
            continue
        if figure.level is StageLevel.TOTAL:
            line = TOTAL_ROW
        elif figure.key is not None and figure.key in BY_CODE and \
                BY_CODE[figure.key].kind is not LineKind.SUMMARY:
            line = figure.key
        else:
            continue
        _add(stated, line, figure.stage, CycleFigure(amount=figure.amount, source=CycleSource(
            document=document.key, part="stage_figures", paragraph=figure.paragraph,
            source_line=figure.source_line)))
    # A resolution states the appropriation for the mission's maintenance also among its
    # financing figures: the same figure when it is a stage figure too (kept once).
    for item in document.financing:
        if item.part is FinancingPart.MAINTENANCE and item.period == period:
            _add(stated, TOTAL_ROW, Stage.APPROPRIATION, CycleFigure(
                amount=item.amount, source=CycleSource(
                    document=document.key, part="financing", paragraph=item.paragraph,
                    source_line=item.source_line)))


def _preference(stage: Stage, period: Period, figure: CycleFigure) -> tuple[int, int]:
    """The stage's own kind of document first, then the document of the period itself."""
    assert figure.source is not None
    key = figure.source.document
    kinds = _STATING_KINDS[stage]
    return (kinds.index(key.kind) if key.kind in kinds else len(kinds),
            abs(key.period.start_year - period.start_year))


# --- derived recommended figures --------------------------------------------------


def reduction_of(recommendation: Recommendation, estimate: Decimal) -> Decimal | None:
    """The reduction a recommendation makes to a line whose estimate is ``estimate``:
    the one amount it names besides the estimate itself, or — when it names none — the
    one percentage it states, applied to the estimate (to the tenth of a thousand, as
    the reports print). None when that is not one figure."""
    amounts = [a for a in recommendation.amounts if a != estimate]
    if len(amounts) == 1:
        return amounts[0]
    if recommendation.amounts:
        return None
    rates = _PER_CENT.findall(recommendation.text)
    if len(rates) != 1:
        return None
    return (estimate * Decimal(rates[0]) / 100).quantize(TENTH, rounding=ROUND_HALF_UP)


def _derive(row: str, estimate: CycleFigure, reductions: Sequence[CycleRecommendation],
            notes: list[str]) -> CycleFigure | None:
    total = Decimal(0)
    for item in reductions:
        found = reduction_of(item.recommendation, estimate.amount)
        if found is None:
            notes.append(f"the recommended figure is not derived: paragraph "
                         f"{item.recommendation.paragraph} does not name one reduction")
            return None
        total += found
    if not 0 < total <= estimate.amount:
        notes.append(f"the recommended figure is not derived: reductions of {total} against "
                     f"an estimate of {estimate.amount}")
        return None
    assert estimate.source is not None
    sources = [estimate.source, *(CycleSource(document=i.document, part="recommendations",
                                              paragraph=i.recommendation.paragraph,
                                              source_line=i.recommendation.source_line)
                                  for i in reductions)]
    return CycleFigure(amount=estimate.amount - total, derived=True, reduction=total,
                       derived_from=tuple(sources))


# --- the cycle ---------------------------------------------------------------------


def _cells(stated: _Stated, line: str, period: Period,
           derived: CycleFigure | None) -> tuple[CycleCell, ...]:
    cells: list[CycleCell] = []
    before: tuple[Stage, Decimal] | None = None
    for stage in STAGES:
        figures = sorted(stated.get((line, stage), []),
                         key=lambda f, s=stage: _preference(s, period, f))  # type: ignore[misc]
        if not figures and stage is Stage.ACABQ_RECOMMENDED and derived is not None:
            figures = [derived]
        differs = len({f.amount for f in figures}) > 1
        change = change_from = percentage = None
        if figures:
            amount = figures[0].amount
            if before is not None:
                change_from, change = before[0], amount - before[1]
                percentage = share(change, before[1])
            before = (stage, amount)
        cells.append(CycleCell(stage=stage, figures=tuple(figures), differs=differs,
                               change=change, change_from=change_from,
                               change_percentage=percentage))
    return tuple(cells)


def _ordered_lines() -> list[tuple[str, str, StageLevel, str | None]]:
    lines: list[tuple[str, str, StageLevel, str | None]] = [
        (TOTAL_ROW, "Total (gross requirements)", StageLevel.TOTAL, None)]
    for group in GROUPS:
        lines.append((group.code, group.label, StageLevel.GROUP, None))
        lines.extend((c.code, c.label, StageLevel.CLASS, group.code)
                     for c in CLASSES if c.group == group.code)
    return lines


def period_cycle(mission: str, period: Period, documents: Iterable[Document]) -> Cycle:
    """The cycle of ``mission``'s ``period`` from its documents (any may be missing;
    documents of other periods add the figures they state for this one)."""
    documents = [d for d in documents if d.mission.code == mission]
    stated: _Stated = defaultdict(list)
    attached: dict[str, list[CycleRecommendation]] = defaultdict(list)
    general: list[CycleRecommendation] = []
    for document in documents:
        _from_tables(document, period, stated)
        _from_legislative(document, period, stated)
        if document.kind is DocumentKind.ACABQ_REPORT and document.period == period:
            for recommendation in document.recommendations:
                item = CycleRecommendation(document=document.key,
                                           recommendation=recommendation)
                code = recommendation.class_code
                if code is not None and code in BY_CODE and \
                        BY_CODE[code].kind is not LineKind.SUMMARY:
                    attached[code].append(item)
                else:
                    general.append(item)
    rows: list[CycleRow] = []
    disagreements: list[Disagreement] = []
    for line, label, level, group in _ordered_lines():
        known = any((line, stage) in stated for stage in STAGES)
        if not known and not attached.get(line) and level is not StageLevel.TOTAL:
            continue
        notes: list[str] = []
        derived = None
        reductions = [i for i in attached.get(line, [])
                      if i.recommendation.kind is RecommendationKind.REDUCE]
        estimate = next((f for f in sorted(
            stated.get((line, Stage.COST_ESTIMATES), []),
            key=lambda f: _preference(Stage.COST_ESTIMATES, period, f))
            if f.source is not None and f.source.document.kind in BUDGET_KINDS), None)
        if level is StageLevel.CLASS and reductions and \
                (line, Stage.ACABQ_RECOMMENDED) not in stated:
            if estimate is None:
                notes.append("the recommended figure is not derived: no budget report "
                             "states this line's cost estimate")
            else:
                derived = _derive(line, estimate, reductions, notes)
        cells = _cells(stated, line, period, derived)
        disagreements.extend(Disagreement(line=line, stage=c.stage, figures=c.figures)
                             for c in cells if c.differs)
        rows.append(CycleRow(line=line, label=label, level=level, group=group, cells=cells,
                             recommendations=tuple(attached.get(line, [])),
                             notes=tuple(notes)))
    every = [*general, *(item for items in attached.values() for item in items)]
    return Cycle(mission=mission, period=period, documents=tuple(d.key for d in documents),
                 rows=tuple(rows), recommendations=tuple(general),
                 disagreements=tuple(disagreements),
                 posts=period_posts(period, documents, every))


# --- posts ----------------------------------------------------------------------


def _summary_table(document: Document) -> StaffingTable | None:
    return next((t for t in document.staffing_tables if t.component is None), None)


def _proposed_rows(table: StaffingTable, period: Period) -> list[StaffingRow]:
    rows = [r for r in table.rows if r.kind is StaffingKind.PROPOSED and r.period == period]
    totals = [r for r in rows if r.row_type is RowType.TOTAL]
    return totals[:1] or [r for r in rows if r.row_type is RowType.ITEM]


def _count(rows: Sequence[StaffingRow], columns: tuple[StaffingColumn, ...]) -> int | None:
    if not rows or not all(any(r.counts.get(c) is not None for r in rows) for c in columns):
        return None
    return sum(r.counts.get(c) or 0 for r in rows for c in columns)


def _proposed(rows: Sequence[StaffingRow],
              choices: tuple[tuple[StaffingColumn, ...], ...]) -> int | None:
    for columns in choices:
        if (found := _count(rows, columns)) is not None:
            return found
    return None


def period_posts(period: Period, documents: Iterable[Document],
                 recommendations: Sequence[CycleRecommendation]) -> tuple[CyclePosts, ...]:
    """The groups of posts of ``period``: those the budget proposes or the Committee's
    recommendations count, then the total. Empty when neither says anything of posts."""
    budget = next((d for d in documents if d.period == period and d.kind in (
        DocumentKind.BUDGET, DocumentKind.REVISED_BUDGET)), None)
    table = _summary_table(budget) if budget is not None else None
    rows = _proposed_rows(table, period) if table is not None else []
    against = [r for r in recommendations if r.recommendation.kind is
               RecommendationKind.NOT_APPROVE and r.recommendation.posts is not None]
    if not rows and not against:
        return ()
    source = None
    if budget is not None and table is not None and rows:
        source = CycleSource(document=budget.key, part="staffing_tables", table=table.key,
                             source_line=rows[0].source_line)
    out = []
    groups = [*POST_GROUPS, (TOTAL_POSTS, "Total posts and positions",
                             ((StaffingColumn.TOTAL,),))]
    for line, label, choices in groups:
        mine = [r for r in against if line == TOTAL_POSTS or
                CLASS_OF_POSTS.get(r.recommendation.class_code or "") == line]
        proposed = _proposed(rows, choices)
        if proposed is None and not mine:
            continue
        not_approved = sum(r.recommendation.posts or 0 for r in mine)
        out.append(CyclePosts(
            line=line, label=label, proposed=proposed,
            proposed_source=source if proposed is not None else None,
            not_approved=not_approved, recommendations=tuple(mine),
            recommended=proposed - not_approved if proposed is not None and mine else None))
    return tuple(out)
