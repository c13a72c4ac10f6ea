"""Variance attribution: how much of each class's variance each driver explains.

A class's cost is a product of drivers (posts × (1 − vacancy factor) × unit
cost ÷ exchange rate), so a one-at-a-time decomposition would depend on the
order the drivers are changed in. The exact Shapley value (:func:`shapley`)
averages each driver's marginal effect over every order, so the parts do not
depend on the order and add up exactly to the modelled change. What the
drivers do not explain — the printed variance less the modelled one, a
typing slip or a driver the report does not print — is stated as the
residual, never spread over the parts.

Printing rounds the exact parts to 0.1 with the largest-remainder method, so
the printed parts plus the residual add up to the printed variance exactly.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, fields, replace
from decimal import Decimal
from fractions import Fraction

from .catalogue import label, unit_cost_words
from .exact import HUNDRED, largest_remainder, printed, shapley, to_decimal
from .inputs import PEOPLE, ClassInputs, PeriodInputs, class_cost, unit_in_dollars

FACTOR_FIELDS: dict[str, tuple[str, ...]] = {
    "posts": ("posts",),
    "vacancy_factor": ("vacancy",),
    "unit_cost": ("unit", "currency"),
    "exchange_rate": ("exchange",),
    "allowance": ("allowance",),
    "quantity": ("quantities",),
    "price": ("prices",),
    "other": ("other",),
}
"""Which inputs each driver governs; a driver's part moves exactly those."""

FACTOR_LABELS = {
    "posts": "posts and strength",
    "vacancy_factor": "vacancy factor",
    "unit_cost": "unit cost",
    "exchange_rate": "exchange rate",
    "allowance": "allowance rate",
    "quantity": "quantities",
    "price": "unit prices",
    "other": "amount (no cost driver)",
}


@dataclass(frozen=True, slots=True)
class Part:
    factor: str
    label: str
    exact: Fraction
    amount: Decimal
    """Rounded to 0.1 so that the parts and the residual add up to the printed variance."""
    before: str
    after: str
    """The driver's value in each period, as words (``16.8 per cent``)."""


@dataclass(frozen=True, slots=True)
class ClassAttribution:
    line: str
    label: str
    before: Decimal
    after: Decimal
    """The modelled amounts as printed (0.1)."""
    computed: Decimal
    """``after − before``: the variance the drivers give."""
    variance: Decimal
    """The variance as printed in the report (the computed one for a scenario)."""
    variance_source_line: int | None
    residual: Decimal
    """``variance − computed``: what no driver explains; stated, never hidden."""
    parts: tuple[Part, ...]
    exact_before: Fraction = Fraction(0)
    exact_after: Fraction = Fraction(0)
    """The modelled amounts, exact: the exact parts add up to their difference."""

    def part(self, factor: str) -> Part | None:
        return next((p for p in self.parts if p.factor == factor), None)

    def check(self) -> bool:
        """The printed parts and the residual add up to the printed variance."""
        return sum((p.amount for p in self.parts), Decimal(0)) + self.residual == self.variance


@dataclass(frozen=True, slots=True)
class Attribution:
    mission: str
    before_label: str
    after_label: str
    classes: tuple[ClassAttribution, ...]

    def of(self, line: str) -> ClassAttribution:
        return next(c for c in self.classes if c.line == line)

    def totals(self) -> dict[str, Decimal]:
        """Each driver's part summed over the classes, the residual, and the variance."""
        sums: dict[str, Decimal] = {}
        for found in self.classes:
            for part in found.parts:
                sums[part.factor] = sums.get(part.factor, Decimal(0)) + part.amount
        sums["residual"] = sum((c.residual for c in self.classes), Decimal(0))
        sums["variance"] = sum((c.variance for c in self.classes), Decimal(0))
        return sums


def attribute(before: PeriodInputs, after: PeriodInputs, *,
              printed_variances: Mapping[str, tuple[Decimal, int | None]] | None = None,
              before_label: str | None = None, after_label: str | None = None) -> Attribution:
    """Every class's variance from ``before`` to ``after``, split among its drivers.

    ``printed_variances`` (line → amount, source line) are the report's own
    figures; without them (a scenario against its base) the variance is the
    computed one and the residual nil."""
    classes = []
    for line, old in before.classes.items():
        new = after.classes.get(line)
        if new is None:
            continue
        stated = (printed_variances or {}).get(line)
        classes.append(attribute_class(old, new, stated))
    return Attribution(mission=after.mission,
                       before_label=before_label or before.period.label,
                       after_label=after_label or after.period.label,
                       classes=tuple(classes))


def factors_of(before: ClassInputs, after: ClassInputs) -> list[str]:
    """The drivers a class has: posts, vacancy and unit cost for people, the exchange rate
    when a standard cost is in another currency, allowance, priced quantities, and the
    amount no driver explains."""
    people = before.kind == PEOPLE or after.kind == PEOPLE
    factors = ["posts", "vacancy_factor", "unit_cost"] if people else []
    if before.uses_exchange_rate() or after.uses_exchange_rate():
        factors.append("exchange_rate")
    if before.allowance or after.allowance:
        factors.append("allowance")
    if before.prices or after.prices:
        factors += ["quantity", "price"]
    if before.other or after.other or not factors:
        factors.append("other")
    return factors


def attribute_class(before: ClassInputs, after: ClassInputs,
                    stated: tuple[Decimal, int | None] | None = None) -> ClassAttribution:
    old, new = _complete(before, after), _complete(after, before)
    factors = factors_of(old, new)

    def value(changed: frozenset[str]) -> Fraction:
        moved = {name: getattr(new, name) for factor in changed
                 for name in FACTOR_FIELDS[factor]}
        return class_cost(replace(old, **moved))

    exact = shapley(factors, value)
    exact_low, exact_high = class_cost(old), class_cost(new)
    low, high = printed(exact_low), printed(exact_high)
    computed = high - low
    variance, source_line = stated if stated is not None else (computed, None)
    amounts = largest_remainder([exact[f] for f in factors], computed)
    parts = tuple(
        Part(factor=f, label=_label(f, old.line), exact=exact[f], amount=amount,
             before=describe(f, old), after=describe(f, new))
        for f, amount in zip(factors, amounts, strict=True))
    return ClassAttribution(line=old.line, label=label(old.line), before=low, after=high,
                            computed=computed, variance=variance,
                            variance_source_line=source_line, residual=variance - computed,
                            parts=parts, exact_before=exact_low, exact_after=exact_high)


def _label(factor: str, line: str) -> str:
    if factor == "unit_cost":
        return f"unit cost ({unit_cost_words(line)})"
    return FACTOR_LABELS[factor]


def _complete(inputs: ClassInputs, other: ClassInputs) -> ClassInputs:
    """Fill a band or currency one period lacks with the other period's value, so that a
    post added in a new band is attributed to posts, not to a unit cost of nil."""
    updates: dict[str, object] = {}
    for name in ("vacancy", "unit", "currency", "allowance", "exchange", "prices"):
        mine: Mapping[str, object] = getattr(inputs, name)
        theirs: Mapping[str, object] = getattr(other, name)
        missing = {k: v for k, v in theirs.items() if k not in mine}
        if missing:
            updates[name] = {**missing, **mine}
    return replace(inputs, **updates) if updates else inputs  # type: ignore[arg-type]


def describe(factor: str, inputs: ClassInputs) -> str:
    """A driver's value in words, for tables and for the drafted explanations."""
    if factor == "posts":
        return f"{sum(inputs.posts.values())} posts"
    if factor == "vacancy_factor":
        rates = sorted({inputs.vacancy.get(b, Fraction(0)) for b in inputs.posts}) or \
            [Fraction(0)]
        return " / ".join(f"{to_decimal(r * HUNDRED, 1)} per cent" for r in rates)
    if factor == "unit_cost":
        fte = inputs.full_time_equivalents()
        if not fte:
            return "n/a"
        currency = inputs.currency.get("", "USD")
        local = sum((n * (1 - inputs.vacancy.get(b, Fraction(0)))
                     * inputs.unit.get(b, inputs.unit.get("", Fraction(0)))
                     for b, n in inputs.posts.items()), Fraction(0)) / fte
        if currency != "USD":
            return f"{to_decimal(local, 2)} thousand {currency} per full-time equivalent"
        average = sum((n * (1 - inputs.vacancy.get(b, Fraction(0))) * unit_in_dollars(inputs, b)
                       for b, n in inputs.posts.items()), Fraction(0)) / fte
        return f"{to_decimal(average, 2)} thousand dollars per full-time equivalent"
    if factor == "exchange_rate":
        return ", ".join(f"{to_decimal(rate)} {money} to one dollar"
                         for money, rate in sorted(inputs.exchange.items())) or "n/a"
    if factor == "allowance":
        return ", ".join(f"{to_decimal(v, 2)} thousand dollars a year"
                         for v in sorted(set(inputs.allowance.values()))) or "n/a"
    if factor == "quantity":
        return ", ".join(f"{k}: {to_decimal(v)}" for k, v in sorted(inputs.quantities.items()))
    if factor == "price":
        return ", ".join(f"{k}: ${to_decimal(v)}" for k, v in sorted(inputs.prices.items()))
    return f"{to_decimal(inputs.other, 1)} thousand dollars"


def attribution_fields() -> tuple[str, ...]:
    """The inputs attribution can move, for tests that every input is governed."""
    return tuple(f.name for f in fields(ClassInputs)
                 if f.name not in ("line", "period", "sources"))
