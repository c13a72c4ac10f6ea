"""Checks across the cycle (docs/cycle.md, "Checks across the cycle"): the figures the
Advisory Committee and the General Assembly decide against the reports that state them.

* The apportionment a budget or performance report prints for a period is what the
  Assembly appropriated for the maintenance of the mission for that period, when that
  resolution is stored (``check_apportionment``, across documents).
* The Committee's recommended total is the proposal it restates less the reductions it
  recommends (``check_recommended_total``, one report of the Committee).

The amounts "Actions to be taken by the General Assembly" name are the report's own
tables: ``prose.amount`` reads them with the other prose (docs/checks.md).
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from decimal import Decimal

from rbb.model import Document, DocumentKind, Finding, MoneyTable, Severity, Stage
from rbb.model.legislative import (
    FinancingPart,
    Recommendation,
    RecommendationKind,
    StageFigure,
    StageLevel,
)
from rbb.presentation import format_amount, places_of, unit

from .. import derived
from .comparison import EXACT, HALF, Where, compare

REPORTS = (DocumentKind.BUDGET, DocumentKind.PERFORMANCE)
TABLE_ROUNDING = unit(1) * HALF
"""A money table prints thousands of dollars to one decimal; a resolution prints
dollars: within half a unit of the table's last place the two are the same amount."""


def show(value: Decimal) -> str:
    """Thousands of dollars to at least one decimal, to the dollar where stated so."""
    return format_amount(value, places=max(1, places_of(value.normalize())))


# --- the apportionment is the appropriation -------------------------------------


@dataclass(frozen=True, slots=True)
class _Appropriation:
    document: Document
    amount: Decimal
    paragraph: str | None
    source_line: int | None


def _appropriations(documents: Sequence[Document]) -> dict[tuple[str, str], _Appropriation]:
    """The maintenance appropriation of each mission and period, from the stored
    resolution for that period: its stage figure ``appropriation`` of the total, else
    its financing figure for maintenance. Never the whole amount appropriated to the
    special account, which adds the prorated shares of the support account, the
    logistics base and the service centre that no mission's table prints; nor what a
    resolution appropriates for an earlier period (an additional amount, not the
    period's whole appropriation)."""
    found: dict[tuple[str, str], _Appropriation] = {}
    for document in documents:
        if document.kind is not DocumentKind.GA_RESOLUTION:
            continue
        own = document.period
        figures = [(f.amount, f.paragraph, f.source_line) for f in document.stage_figures
                   if f.stage is Stage.APPROPRIATION and f.level is StageLevel.TOTAL
                   and f.key is None and f.period == own]
        if not figures:
            figures = [(f.amount, f.paragraph, f.source_line) for f in document.financing
                       if f.part is FinancingPart.MAINTENANCE and f.period == own]
        if figures:
            amount, paragraph, line = figures[0]
            found.setdefault((document.mission.code, own.label),
                             _Appropriation(document, amount, paragraph, line))
    return found


def _detailed_table(document: Document) -> MoneyTable | None:
    """The table of section II.A / III.A, else the first table that prints the gross."""
    table = document.financial_table("financial_resources")
    if table is not None:
        return table
    return next((t for t in document.financial_tables
                 if derived.GROSS in derived.rows_by_line(t)), None)


def check_apportionment(documents: Sequence[Document]) -> list[Finding]:
    """Findings on every report whose gross apportionment of a period differs from the
    appropriation of a stored resolution for that mission and period."""
    appropriations = _appropriations(documents)
    if not appropriations:
        return []
    findings: list[Finding] = []
    for document in documents:
        if document.kind not in REPORTS:
            continue
        table = _detailed_table(document)
        row = derived.rows_by_line(table).get(derived.GROSS) if table else None
        if table is None or row is None:
            continue
        for column in table.amount_columns():
            if column.stage is not Stage.APPORTIONMENT or column.period is None:
                continue
            resolution = appropriations.get((document.mission.code, column.period.label))
            value = row.values.get(column.key)
            if resolution is None or value is None:
                continue
            cited = resolution.document
            where = Where.of(document, section="Financial resources", table=table.key,
                             row=derived.GROSS, source_line=row.source_line)
            findings += compare(
                "cycle.apportionment", where, value, resolution.amount, TABLE_ROUNDING,
                "gross apportionment {period}: {printed} here; the General Assembly "
                "appropriated {computed} for the maintenance of the mission for {period} "
                "({resolution}{paragraph}, line {line})",
                show=show, in_column=column.key, period=column.period.label,
                resolution=cited.symbol or str(cited.key),
                paragraph=f", para. {resolution.paragraph}" if resolution.paragraph else "",
                line=resolution.source_line if resolution.source_line is not None else "?")
    return findings


# --- the Committee's recommended total ------------------------------------------

_REDUCTION = re.compile(
    r"(?:reduc\w*|decrease\w*|lower\w*)\s+(?:of|by|in)\s+(?:the\s+amount\s+of\s+)?"
    r"(?:\d{1,3}(?:\.\d+)?\s*per\s*cent\s*\(\s*)?(?:US)?\\?\$\s?"
    r"(?P<whole>\d{1,3}(?:,\d{3})+|\d+)(?P<fraction>\.\d+)?(?P<million>\s+million)?",
    re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Reduction:
    """The amount one recommendation takes off the proposal, and how precisely the
    Committee states it (a dollar amount exactly; ``$1.2 million`` to $50,000)."""

    recommendation: Recommendation
    amount: Decimal
    tolerance: Decimal


def reduction(recommendation: Recommendation) -> Reduction | None:
    """The amount a recommendation to reduce takes off: the amount its wording ties to
    the reduction ("a reduction of $93,300", "reduced by $1.2 million"), else its only
    amount; None when it states several and none is so tied, or none (a percentage).
    "A reduction of 5 per cent ($93,300)" takes off the dollars."""
    match = _REDUCTION.search(recommendation.text)
    if match is not None:
        number = Decimal(match.group("whole").replace(",", "") + (match.group("fraction") or ""))
        if match.group("million"):
            places = places_of(number)
            return Reduction(recommendation, number * 1000, unit(places) * 1000 * HALF)
        return Reduction(recommendation, number / 1000, EXACT)
    if len(recommendation.amounts) == 1:
        return Reduction(recommendation, recommendation.amounts[0], EXACT)
    return None


def _total(figures: Sequence[StageFigure], stage: Stage, period: str) -> StageFigure | None:
    return next((f for f in figures if f.stage is stage and f.level is StageLevel.TOTAL
                 and f.key is None and f.period.label == period), None)


def check_recommended_total(document: Document) -> Iterator[Finding]:
    """A report of the Committee that states the proposal and the total it recommends
    for its period: the proposal less the reductions it recommends is that total. Run
    only when every recommendation to reduce states its amount; a recommendation not
    to approve posts whose cost it does not state makes a difference a warning."""
    if document.kind is not DocumentKind.ACABQ_REPORT:
        return
    period = document.period.label
    proposed = _total(document.stage_figures, Stage.COST_ESTIMATES, period)
    recommended = _total(document.stage_figures, Stage.ACABQ_RECOMMENDED, period)
    if proposed is None or recommended is None:
        return
    reductions = [reduction(r) for r in document.recommendations
                  if r.kind is RecommendationKind.REDUCE]
    stated = [r for r in reductions if r is not None]
    if len(stated) != len(reductions):
        return
    computed = proposed.amount - sum((r.amount for r in stated), Decimal(0))
    tolerance = sum((r.tolerance for r in stated), EXACT)
    unstated = [r for r in document.recommendations
                if r.kind is RecommendationKind.NOT_APPROVE]
    where = Where.of(document, section="Recommendations", table="stage_figures",
                     row="total", column=Stage.ACABQ_RECOMMENDED.value,
                     source_line=recommended.source_line)
    paragraphs = ", ".join(r.recommendation.paragraph for r in stated) or "none"
    found = compare(
        "cycle.recommended-total", where, recommended.amount, computed, tolerance,
        "the Committee recommends {printed} for {period}; the proposal it states, "
        "{proposed} (line {line}), less the reductions it recommends, {reduced} "
        "(paras. {paragraphs}), is {computed}{unstated}",
        show=show, period=period, proposed=show(proposed.amount),
        line=proposed.source_line if proposed.source_line is not None else "?",
        reduced=show(proposed.amount - computed), paragraphs=paragraphs,
        unstated=(f"; it also recommends against {len(unstated)} proposal(s) without "
                  "stating their cost" if unstated else ""))
    if unstated:
        found = tuple(f.model_copy(update={"severity": Severity.WARNING})
                      if f.severity is Severity.ERROR else f for f in found)
    yield from found
