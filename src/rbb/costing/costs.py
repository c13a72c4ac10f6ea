"""Cost estimates by class from the drivers, with the formula and the inputs behind each.

The totals are built the way the financial resources table builds them
(docs/domain.md, "Money tables"): group subtotals add up the printed class
figures, gross requirements the groups, net requirements deduct staff
assessment income, total requirements add voluntary contributions in kind.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

from rbb.model import Period
from rbb.model.classes import CLASSES, GROUPS

from .catalogue import label
from .drivers import DriverSet
from .exact import printed
from .inputs import PEOPLE, ClassInputs, PeriodInputs, Source, class_cost, gather

GROSS = "gross_requirements"
STAFF_ASSESSMENT = "staff_assessment_income"
NET = "net_requirements"
VOLUNTARY = "voluntary_contributions_in_kind_budgeted"
TOTAL = "total_requirements"
SUMMARY = (GROSS, STAFF_ASSESSMENT, NET, VOLUNTARY, TOTAL)


@dataclass(frozen=True, slots=True)
class ClassCost:
    line: str
    label: str
    period: Period
    kind: str
    """``people`` (posts × unit cost) or ``amount`` (carried, or priced quantities)."""
    formula: str
    exact: Fraction
    sources: tuple[Source, ...]

    @property
    def amount(self) -> Decimal:
        """As the money table prints it: thousands of dollars, one decimal."""
        return printed(self.exact)


@dataclass(frozen=True, slots=True)
class PeriodCost:
    """Every class, group and summary line of one period, costed from the drivers."""

    mission: str
    period: Period
    classes: dict[str, ClassCost]
    lines: dict[str, Decimal]
    """Printed amount of every class, group and summary line, in table order."""
    staff_assessment_source: str | None = None

    def amount(self, line: str) -> Decimal:
        return self.lines.get(line, Decimal(0))


def default_lines(drivers: DriverSet) -> tuple[str, ...]:
    if drivers.lines:
        return drivers.lines
    return tuple(c.code for c in CLASSES if c.code != "national_staff")


def cost_drivers(drivers: DriverSet, period: Period) -> PeriodCost:
    return cost_period(gather(drivers, period, default_lines(drivers)))


def cost_period(inputs: PeriodInputs) -> PeriodCost:
    classes = {line: cost_class(found) for line, found in inputs.classes.items()}
    return PeriodCost(mission=inputs.mission, period=inputs.period, classes=classes,
                      lines=summarise(classes, inputs),
                      staff_assessment_source=inputs.staff_assessment_source)


def cost_class(inputs: ClassInputs) -> ClassCost:
    return ClassCost(line=inputs.line, label=label(inputs.line), period=inputs.period,
                     kind=inputs.kind, formula=formula(inputs), exact=class_cost(inputs),
                     sources=inputs.sources)


def formula(inputs: ClassInputs) -> str:
    """The formula as ``rbb cost`` prints it, naming only the terms this class has."""
    terms = []
    if inputs.kind == PEOPLE:
        unit = "standard cost"
        if inputs.uses_exchange_rate():
            unit += " ÷ exchange rate"
        if inputs.allowance:
            unit = f"({unit} + daily allowance × days ÷ 1000)"
        terms.append(f"Σ bands posts × (1 − vacancy factor) × {unit}")
    if inputs.prices:
        terms.append("Σ items quantity × unit price ÷ 1000")
    if inputs.other or not terms:
        terms.append("amount (no cost driver)" if not terms else "other amount")
    return " + ".join(terms)


def summarise(classes: dict[str, ClassCost], inputs: PeriodInputs) -> dict[str, Decimal]:
    """Class, group and summary lines as printed: sums of printed parts."""
    lines: dict[str, Decimal] = {}
    groups: dict[str, Decimal] = {g.code: Decimal(0) for g in GROUPS}
    for line in _ordered(classes):
        found = next(c for c in CLASSES if c.code == line)
        lines[line] = classes[line].amount
        if found.group:
            groups[found.group] += classes[line].amount
    lines.update(groups)
    gross = sum(groups.values(), Decimal(0))
    assessed = Fraction(0)
    if inputs.staff_assessment_rate is not None:
        base = sum((classes[c].exact for c in inputs.staff_assessment_classes if c in classes),
                   Fraction(0))
        assessed = inputs.staff_assessment_rate * base
    else:
        assessed = inputs.summary_amounts.get(STAFF_ASSESSMENT, Fraction(0))
    staff_assessment = printed(assessed)
    voluntary = printed(inputs.summary_amounts.get(VOLUNTARY, Fraction(0)))
    lines[GROSS] = gross
    lines[STAFF_ASSESSMENT] = staff_assessment
    lines[NET] = gross - staff_assessment
    lines[VOLUNTARY] = voluntary
    lines[TOTAL] = gross + voluntary
    return lines


def _ordered(lines: Iterable[str]) -> list[str]:
    order = {c.code: i for i, c in enumerate(CLASSES)}
    return sorted(lines, key=lambda line: order.get(line, len(order)))
