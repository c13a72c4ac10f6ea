"""Variance attribution: the parts add up to every printed variance, in any order."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction
from itertools import permutations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from rbb.costing import Attribution, attribute, default_lines, gather
from rbb.costing.exact import largest_remainder, shapley
from tests.costing.conftest import Unmik


def _attribution(unmik: Unmik) -> Attribution:
    drivers = unmik.calibrated
    lines = default_lines(drivers)
    printed = {line: (f.amount, f.source_line) for line, f in unmik.published.variances.items()}
    return attribute(
        gather(drivers, drivers.base_period, lines),
        gather(drivers, drivers.period, lines),
        printed_variances=printed,
    )


def test_parts_add_up_to_every_printed_variance(unmik: Unmik) -> None:
    """Every class of seed lines 505-530: the printed parts plus the stated residual equal
    the variance column (4) exactly, and the exact parts the modelled variance."""
    attribution = _attribution(unmik)
    assert len(attribution.classes) == 22
    for found in attribution.classes:
        printed = unmik.published.variances[found.line].amount
        assert found.variance == printed
        assert sum((p.amount for p in found.parts), Decimal(0)) + found.residual == printed
        assert (
            sum((p.exact for p in found.parts), Fraction(0))
            == found.exact_after - found.exact_before
        )
        assert found.check()
    assert attribution.totals()["variance"] == Decimal("2360.6")  # gross, line 532


def test_no_residual_when_the_report_adds_up(unmik: Unmik) -> None:
    assert all(c.residual == 0 for c in _attribution(unmik).classes)


def test_international_staff_increase_is_mostly_the_lower_vacancy_factor(unmik: Unmik) -> None:
    """Paragraph 44 (seed line 681): "attributable primarily to the application of the lower
    vacancy rate of 8.8 per cent compared with the rate of 16.8 per cent".

    Posts do not change (113 both years), so the Shapley value of two factors,
    full-time equivalents F and unit cost u, is the average of both orders:
      vacancy part = ΔF × (u₁ + u₂) / 2 = 9.04 × (224.8490 + 230.8512) / 2 = 2 059.77...
      unit part    = Δu × (F₁ + F₂) / 2 = 6.0022 × (94.016 + 103.056) / 2 = 591.43...
    where F₁ = 113 × 0.832 = 94.016, F₂ = 113 × 0.912 = 103.056."""
    found = _attribution(unmik).of("international_staff")
    f1, f2 = Fraction("94.016"), Fraction("103.056")
    u1, u2 = Fraction("21139.4") / f1, Fraction("23790.6") / f2
    vacancy = found.part("vacancy_factor")
    unit = found.part("unit_cost")
    posts = found.part("posts")
    assert vacancy is not None and unit is not None and posts is not None
    assert abs(vacancy.exact - (f2 - f1) * (u1 + u2) / 2) < Fraction(1, 10**30)
    assert abs(unit.exact - (u2 - u1) * (f1 + f2) / 2) < Fraction(1, 10**30)
    assert posts.exact == 0
    assert (vacancy.amount, unit.amount) == (Decimal("2059.8"), Decimal("591.4"))
    assert vacancy.amount / found.variance > Decimal("0.75")
    assert (vacancy.before, vacancy.after) == ("16.8 per cent", "8.8 per cent")


def test_national_general_service_reduction_matches_paragraphs_45_and_46(unmik: Unmik) -> None:
    """Paragraph 45: reduced by the higher vacancy rate (7.5 against 2.7 per cent) and the
    exchange rate (0.948 against 0.912 euro per dollar); paragraph 46: "offset in part by
    the higher salary rates". Variance (479.1), seed line 513."""
    found = _attribution(unmik).of("national_general_service_staff")
    parts = {p.factor: p.amount for p in found.parts}
    assert parts["vacancy_factor"] < 0
    assert parts["exchange_rate"] < 0
    assert parts["unit_cost"] > 0
    assert parts["posts"] == 0
    assert sum(parts.values()) == Decimal("-479.1")


def test_uniformed_increase_is_the_unit_cost(unmik: Unmik) -> None:
    """Paragraphs 42-43: the higher revised mission subsistence allowance rate; strength and
    vacancy are unchanged, so the whole 123.9 and 152.4 are the unit cost."""
    attribution = _attribution(unmik)
    for line, amount in (("military_observers", "123.9"), ("united_nations_police", "152.4")):
        part = attribution.of(line).part("unit_cost")
        assert part is not None and part.amount == Decimal(amount)


def test_operational_classes_are_carried_as_amounts(unmik: Unmik) -> None:
    """Facilities and infrastructure (355.8), seed line 522: no driver explains it."""
    found = _attribution(unmik).of("facilities_and_infrastructure")
    assert [p.factor for p in found.parts] == ["other"]
    assert found.parts[0].amount == Decimal("-355.8")


def test_a_printing_slip_becomes_a_stated_residual(unmik: Unmik) -> None:
    """Were the variance of international staff printed 2 651.3 instead of 2 651.2, the
    drivers would still explain 2 651.2 and the residual 0.1 would be stated."""
    drivers = unmik.calibrated
    lines = default_lines(drivers)
    printed = {"international_staff": (Decimal("2651.3"), 511)}
    attribution = attribute(
        gather(drivers, drivers.base_period, lines),
        gather(drivers, drivers.period, lines),
        printed_variances=printed,
    )
    found = attribution.of("international_staff")
    assert found.residual == Decimal("0.1")
    assert sum(p.amount for p in found.parts) == Decimal("2651.2")
    assert found.check()


def test_shapley_does_not_depend_on_the_order_of_the_factors() -> None:
    """cost = n × f × u from (10, 0.8, 5) to (12, 0.9, 6): the parts are the same whichever
    order the factors are listed in, and add up to 64.8 − 40 = 24.8."""
    old = {"n": Fraction(10), "f": Fraction(8, 10), "u": Fraction(5)}
    new = {"n": Fraction(12), "f": Fraction(9, 10), "u": Fraction(6)}

    def value(changed: frozenset[str]) -> Fraction:
        pick = {k: (new if k in changed else old)[k] for k in old}
        return pick["n"] * pick["f"] * pick["u"]

    results = [shapley(list(order), value) for order in permutations(["n", "f", "u"])]
    assert all(r == results[0] for r in results)
    assert sum(results[0].values()) == Fraction("24.8")


def test_shapley_of_two_factors_is_the_average_of_both_orders() -> None:
    """x × y from (2, 3) to (4, 5), a change of 20 − 6 = 14. x first: x adds 12 − 6 = 6,
    then y 20 − 12 = 8; y first: y adds 10 − 6 = 4, then x 20 − 10 = 10. Averages:
    x (6 + 10) / 2 = 8, y (8 + 4) / 2 = 6."""

    def value(changed: frozenset[str]) -> Fraction:
        return Fraction(4 if "x" in changed else 2) * (5 if "y" in changed else 3)

    assert shapley(["x", "y"], value) == {"x": Fraction(8), "y": Fraction(6)}


@given(st.lists(st.fractions(min_value=-1000, max_value=1000), min_size=1, max_size=6))
def test_largest_remainder_adds_up_to_the_rounded_total(parts: list[Fraction]) -> None:
    total = Decimal(round(sum(parts, Fraction(0)) * 10)) / 10
    rounded = largest_remainder(parts, total)
    assert sum(rounded, Decimal(0)) == total
    for exact, shown in zip(parts, rounded, strict=True):
        assert abs(Fraction(shown) - exact) < 1


@pytest.mark.parametrize(
    ("parts", "total", "expected"),
    [
        (["2059.77", "591.43"], "2651.2", ["2059.8", "591.4"]),
        (["0.05", "0.05"], "0.1", ["0.1", "0.0"]),
        (["-475.84", "360.79", "-364.05"], "-479.1", ["-475.8", "360.8", "-364.1"]),
    ],
)
def test_largest_remainder_examples(parts: list[str], total: str, expected: list[str]) -> None:
    assert largest_remainder([Fraction(p) for p in parts], Decimal(total)) == [
        Decimal(e) for e in expected
    ]


_RATIONAL = st.fractions(min_value=0, max_value=500, max_denominator=1000)


@given(st.lists(st.tuples(_RATIONAL, _RATIONAL), min_size=1, max_size=5))
def test_shapley_parts_always_add_up_to_the_change(pairs: list[tuple[Fraction, Fraction]]) -> None:
    """For any product of up to five drivers, the parts add up to new − old exactly."""
    names = [f"f{i}" for i in range(len(pairs))]

    def value(changed: frozenset[str]) -> Fraction:
        result = Fraction(1)
        for name, (old, new) in zip(names, pairs, strict=True):
            result *= new if name in changed else old
        return result

    parts = shapley(names, value)
    assert sum(parts.values(), Fraction(0)) == value(frozenset(names)) - value(frozenset())
    for name, (old, new) in zip(names, pairs, strict=True):
        if old == new:
            assert parts[name] == 0
