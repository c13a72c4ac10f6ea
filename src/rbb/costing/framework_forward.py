"""Results-based budgeting frameworks carried into a draft budget, for editing.

The expected accomplishments, indicators and outputs of period P stay as
printed, with two changes so that the draft is a consistent report: each
indicator keeps the values of the two periods before the new one and repeats
its latest target for the new period; and the few figures the support
outputs and indicators quote from the tables — the budget in millions, the
approved civilian and uniformed strength, the international vacancy rate —
are restated from the draft's own tables (the checks of ``rbb check``,
"prose", hold them to those tables).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from rbb.model import Component, Indicator, Output, Period
from rbb.presentation import round_half_away

_VACANT = re.compile(r"international\s+(?:civilian\s+)?posts\s+vacant", re.IGNORECASE)
_BUDGET = re.compile(r"(budget of \$)(\d+(?:\.\d+)?)( million)")
_STRENGTH = re.compile(r"((?:maximum|average) strength of )(\d[\d,]*)( (?:approved )?"
                       r"(?P<what>civilian personnel|military and police personnel|"
                       r"uniformed personnel))", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Quoted:
    """The draft's own figures that carried prose quotes."""

    civilian: int
    uniformed: int
    budget: Decimal
    """Gross requirements, thousands of dollars."""
    international_vacancy: Decimal | None


def carry_frameworks(components: Iterable[Component], target: Period,
                     quoted: Quoted) -> tuple[Component, ...]:
    return tuple(_component(c, target, quoted) for c in components)


def _component(component: Component, target: Period, quoted: Quoted) -> Component:
    accomplishments = []
    for accomplishment in component.expected_accomplishments:
        indicators = tuple(_indicator(i, target, quoted) for i in accomplishment.indicators)
        outputs = tuple(_output(o, quoted) for o in accomplishment.outputs)
        accomplishments.append(accomplishment.model_copy(update={
            "indicators": indicators, "outputs": outputs, "source_line": None}))
    return component.model_copy(update={"expected_accomplishments": tuple(accomplishments),
                                        "source_line": None})


def _indicator(indicator: Indicator, target: Period, quoted: Quoted) -> Indicator:
    values = [v.model_copy(update={"source_line": None}) for v in indicator.values
              if v.period >= target.shifted(-2)]
    latest = max(indicator.values, key=lambda v: v.period, default=None)
    if latest is not None and latest.period < target:
        new = latest.model_copy(update={"period": target, "source_line": None})
        rate = quoted.international_vacancy
        if _VACANT.search(indicator.text) and rate is not None and not new.comparator:
            new = new.model_copy(update={"value": rate, "text": f"{rate} per cent"})
        values.append(new)
    return indicator.model_copy(update={"values": tuple(values), "actual": None,
                                        "source_line": None})


def _output(output: Output, quoted: Quoted) -> Output:
    text = output.text
    replaced: dict[str, str] = {}

    def budget(match: re.Match[str]) -> str:
        places = len(match[2].partition(".")[2])
        millions = round_half_away(quoted.budget / 1000, places)
        replaced[f"${match[2]} million"] = f"${millions} million"
        return f"{match[1]}{millions}{match[3]}"

    def strength(match: re.Match[str]) -> str:
        count = quoted.civilian if "civilian" in match["what"].lower() else quoted.uniformed
        old = match[2]
        replaced[old] = f"{count:,}"
        return f"{match[1]}{count:,}{match[3]}"

    text = _BUDGET.sub(budget, text)
    text = _STRENGTH.sub(strength, text)
    quantities = []
    for quantity in output.quantities:
        new_text = quantity.text
        for old, new in replaced.items():
            if quantity.text.startswith(old):
                new_text = new + quantity.text[len(old):]
        if new_text != quantity.text:
            number = new_text.lstrip("$").split(" ")[0].replace(",", "")
            quantity = quantity.model_copy(update={"text": new_text, "value": Decimal(number)})
        quantities.append(quantity.model_copy(update={"source_line": None}))
    return output.model_copy(update={"text": text, "quantities": tuple(quantities),
                                     "source_line": None})
