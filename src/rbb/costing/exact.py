"""Exact arithmetic for costing: rationals inside, ``Decimal`` at the edges.

Drivers and results are ``Decimal`` (the project's rule: money is exact and
never a float). Two steps have no finite decimal expansion, though: dividing
by a vacancy-adjusted post count in calibration, and the Shapley weights
(1/3, 1/6, 1/12 ...) in attribution. Doing those sums over ``Fraction`` keeps
the parts of a variance adding up to the variance with no remainder at all;
conversion back to ``Decimal`` happens once, at a precision far below the
printed 0.1, and rounding to what a report prints happens only in
presentation (half away from zero, as :mod:`rbb.presentation` does).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from decimal import ROUND_HALF_UP, Decimal, localcontext
from fractions import Fraction
from itertools import combinations
from math import factorial

ONE = Fraction(1)
HUNDRED = Fraction(100)
THOUSAND = Fraction(1000)
PRECISION = 40
"""Significant digits kept when a rational becomes a Decimal (a unit cost, a part)."""
TENTH = Decimal("0.1")


def q(value: Decimal | int) -> Fraction:
    """A Decimal or int as an exact rational."""
    return Fraction(value)


def to_decimal(value: Fraction, places: int | None = None) -> Decimal:
    """A rational as a Decimal: to ``PRECISION`` significant digits, or rounded half
    away from zero to ``places`` decimals when given."""
    with localcontext() as context:
        context.prec = PRECISION
        result = Decimal(value.numerator) / Decimal(value.denominator)
        if places is not None:
            return result.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
        return result.normalize() if result != 0 else Decimal(0)


def printed(value: Fraction) -> Decimal:
    """What a money table prints for an amount: one decimal, half away from zero."""
    return to_decimal(value, 1)


def largest_remainder(parts: Sequence[Fraction], total: Decimal) -> list[Decimal]:
    """Round ``parts`` to 0.1 so that the rounded parts add up to ``total`` exactly.

    Each part is first rounded down to a tenth; the tenths still missing go to
    the parts with the largest remainders (Hamilton's method), ties to the
    earlier part. Used only to print an attribution whose exact parts add up
    to an exact variance: the rounded parts then add up to the printed one.
    """
    steps = [p * 10 for p in parts]
    floors = [s.numerator // s.denominator for s in steps]
    missing = int((total * 10).to_integral_value()) - sum(floors)
    order = sorted(range(len(parts)), key=lambda i: (-(steps[i] - floors[i]), i))
    if missing < 0:
        order = sorted(range(len(parts)), key=lambda i: (steps[i] - floors[i], i))
    for position in range(abs(missing)):
        floors[order[position % len(parts)]] += 1 if missing > 0 else -1
    return [Decimal(f) * TENTH for f in floors]


def shapley(factors: Sequence[str],
            value: Callable[[frozenset[str]], Fraction]) -> dict[str, Fraction]:
    """Exact Shapley decomposition of ``value(all) − value(none)`` among ``factors``.

    ``value(S)`` is the outcome with the factors in ``S`` at their new values and
    the others at their old ones. A factor's part is its marginal contribution
    averaged over every order in which the factors could change, so the result
    does not depend on the order they are listed in, and the parts add up to
    the whole change exactly (the efficiency property). 2^n evaluations.
    """
    n = len(factors)
    cache: dict[frozenset[str], Fraction] = {}

    def at(subset: frozenset[str]) -> Fraction:
        if subset not in cache:
            cache[subset] = value(subset)
        return cache[subset]

    weights = [Fraction(factorial(k) * factorial(n - k - 1), factorial(n)) for k in range(n)]
    parts: dict[str, Fraction] = {}
    for factor in factors:
        others = [f for f in factors if f != factor]
        part = Fraction(0)
        for size in range(n):
            for chosen in combinations(others, size):
                subset = frozenset(chosen)
                part += weights[size] * (at(subset | {factor}) - at(subset))
        parts[factor] = part
    return parts


def total_of(values: Mapping[str, Fraction]) -> Fraction:
    return sum(values.values(), Fraction(0))
