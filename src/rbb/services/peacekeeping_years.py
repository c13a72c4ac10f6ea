"""The whole of peacekeeping over the years: for each period, the sum over the missions
of total requirements and of each group at each stage, and the utilization rate of the
missions that state both expenditure and apportionment (docs/cycle.md).

Money only, from ``financial_figures`` (one indexed query per 500 missions): the
personnel would need each document's staffing parts, which a page over every year of
every mission must not read. Each mission's figure is the one its row of the
mission-period table shows (``peacekeeping.best_figures``), so a period's sum is the
sum of that table's column for the period.
"""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal

from rbb.engine.derived import resource_utilization_rate
from rbb.model import Period, Stage
from rbb.storage import FinancialFigure
from rbb.storage.peacekeeping_index import figures_of

from .document_service import DocumentService
from .peacekeeping import (
    GROUPS,
    LINES,
    STAGES,
    FigureKey,
    FrozenRecord,
    PeacekeepingFilter,
    best_figures,
    derived,
    peacekeeping_index,
)


class Summed(FrozenRecord):
    amount: Decimal
    missions: int
    """How many missions' figures the sum holds."""


class PeriodTotals(FrozenRecord):
    period: Period
    missions: int
    """Missions with a row for the period (a document or a printed figure)."""
    totals: dict[Stage, Summed]
    """Total requirements (gross where no total is printed) at each stage."""
    groups: dict[str, dict[Stage, Summed]]
    utilization_rate: Decimal | None
    """Σ expenditure ÷ Σ apportionment (gross, else total) over the missions that state
    both, in per cent, to ten places."""
    utilization_missions: int


def period_totals(documents: DocumentService, wanted: PeacekeepingFilter,
                  index: list[tuple[str, Period]] | None = None) -> list[PeriodTotals]:
    every = index if index is not None else peacekeeping_index(documents)
    chosen = [item for item in every if wanted.admits(*item)]
    if not chosen:
        return []
    missions = sorted({code for code, _ in chosen})
    periods = sorted({period for _, period in chosen}, key=lambda p: p.start_year)
    by_id = {s.id: s for s in documents.summaries_of(missions)}
    best = best_figures(figures_of(documents.engine, missions, periods, LINES), by_id)
    rows = set(chosen)
    sums: dict[tuple[Period, str, Stage], list[Decimal]] = defaultdict(list)
    for (code, period, line, stage), figure in best.items():
        if (code, period) in rows and figure.amount is not None:
            sums[(period, line, stage)].append(figure.amount)
    missions_of: dict[Period, int] = defaultdict(int)
    for _, period in chosen:
        missions_of[period] += 1

    def summed(period: Period, line: str, stage: Stage) -> Summed | None:
        found = sums.get((period, line, stage))
        return Summed(amount=sum(found, Decimal(0)), missions=len(found)) if found else None

    result = []
    for period in periods:
        totals = {}
        for stage in STAGES:
            present = [amount for code in missions if (code, period) in rows
                       and (amount := _total(best, code, period, stage)) is not None]
            if present:
                totals[stage] = Summed(amount=sum(present, Decimal(0)), missions=len(present))
        spent = approved = Decimal(0)
        both = 0
        for code in missions:
            if (code, period) not in rows:
                continue
            for line in ("gross_requirements", "total_requirements"):
                pair = (best.get((code, period, line, Stage.EXPENDITURE)),
                        best.get((code, period, line, Stage.APPORTIONMENT)))
                if pair[0] is not None and pair[1] is not None and \
                        pair[0].amount is not None and pair[1].amount:
                    spent += pair[0].amount
                    approved += pair[1].amount
                    both += 1
                    break
        rate = derived(resource_utilization_rate(spent, approved)) if both else None
        result.append(PeriodTotals(
            period=period, missions=missions_of[period], totals=totals,
            groups={group: {stage: s for stage in STAGES
                            if (s := summed(period, group, stage)) is not None}
                    for group in GROUPS},
            utilization_rate=rate.value if rate is not None else None,
            utilization_missions=both))
    return result


def _total(best: dict[FigureKey, FinancialFigure], code: str, period: Period,
           stage: Stage) -> Decimal | None:
    """A mission's total: total requirements, else gross (the mission-period row's rule)."""
    for line in ("total_requirements", "gross_requirements"):
        found = best.get((code, period, line, stage))
        if found is not None and found.amount is not None:
            return found.amount
    return None
