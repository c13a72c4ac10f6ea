"""Two driver sets side by side: every class, group and total, and the change explained.

``rbb scenario show`` compares a scenario with its base, ``rbb scenario
compare`` two scenarios; the web page redraws the same comparison after each
edit. Both costs come from the same gathered inputs the attribution uses, so
the change shown for a class is exactly the sum of its attributed parts.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from rbb.model import Period
from rbb.model.classes import BY_CODE

from .attribution import Attribution, attribute
from .catalogue import label
from .costs import PeriodCost, cost_period, default_lines
from .drivers import DriverSet
from .inputs import gather


@dataclass(frozen=True, slots=True)
class LineChange:
    line: str
    label: str
    kind: str
    """``class``, ``group`` or ``summary``."""
    base: Decimal
    scenario: Decimal

    @property
    def change(self) -> Decimal:
        return self.scenario - self.base


@dataclass(frozen=True, slots=True)
class Comparison:
    mission: str
    period: Period
    base_label: str
    scenario_label: str
    lines: tuple[LineChange, ...]
    attribution: Attribution
    base_cost: PeriodCost
    scenario_cost: PeriodCost

    def line(self, code: str) -> LineChange:
        return next(c for c in self.lines if c.line == code)

    def changed(self) -> tuple[LineChange, ...]:
        return tuple(c for c in self.lines if c.change)


def compare(base: DriverSet, scenario: DriverSet, period: Period, *,
            base_label: str = "base", scenario_label: str = "scenario") -> Comparison:
    """Cost both sets for ``period`` and attribute every class's difference."""
    lines = default_lines(scenario)
    before, after = gather(base, period, lines), gather(scenario, period, lines)
    base_cost, scenario_cost = cost_period(before), cost_period(after)
    changes = tuple(
        LineChange(line=code, label=label(code), kind=BY_CODE[code].kind.value,
                   base=amount, scenario=scenario_cost.amount(code))
        for code, amount in base_cost.lines.items())
    attribution = attribute(before, after, before_label=base_label, after_label=scenario_label)
    return Comparison(mission=scenario.mission, period=period, base_label=base_label,
                      scenario_label=scenario_label, lines=changes, attribution=attribution,
                      base_cost=base_cost, scenario_cost=scenario_cost)
