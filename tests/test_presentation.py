"""The one presentation module prints figures the way the reports print them
(docs/domain.md, "Money tables"); the importers' cell reader reads them back exactly."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from rbb.importers.cells import parse_number
from rbb.presentation import (
    EM_DASH,
    THIN_SPACE,
    format_amount,
    format_count,
    format_dollars,
    format_millions,
    format_percentage,
    in_millions,
    places_of,
    round_half_away,
)


@pytest.mark.parametrize(
    ("value", "printed"),
    [
        ("36682.0", "36 682.0"),
        ("-119.7", "(119.7)"),
        ("0", "—"),
        ("576.9", "576.9"),
        ("2360.6", "2 360.6"),
        ("-479.1", "(479.1)"),
        ("41298.5", "41 298.5"),
    ],
)
def test_amounts_print_as_in_the_financial_table(value: str, printed: str) -> None:
    assert format_amount(Decimal(value)) == printed


def test_thin_space_separator() -> None:
    assert format_amount(Decimal("33040.5"), separator=THIN_SPACE) == "33\u2009040.5"


@pytest.mark.parametrize(
    ("value", "printed"),
    [
        ("46.94", "46.9"),
        ("-1.389", "(1.4)"),
        ("0", "—"),
        ("12.54", "12.5"),
        ("-4.968", "(5.0)"),
    ],
)
def test_percentages_print_with_one_decimal(value: str, printed: str) -> None:
    assert format_percentage(Decimal(value)) == printed


def test_counts_dollars_and_millions() -> None:
    assert format_count(186) == "186"
    assert format_count(1700) == "1,700"
    assert format_count(0) == "–"
    assert format_dollars(Decimal("46045.3")) == "$46,045,300"
    assert format_millions(Decimal("40612.6")) == "$40.6 million"
    assert format_millions(Decimal("152.1")) == "$0.2 million"


def test_rounding_is_half_away_from_zero() -> None:
    assert round_half_away(Decimal("0.05"), 1) == Decimal("0.1")
    assert round_half_away(Decimal("-0.05"), 1) == Decimal("-0.1")
    assert round_half_away(Decimal("0.25"), 1) == Decimal("0.3")  # half-even would give 0.2
    assert round_half_away(Decimal("0.1525"), 1) == Decimal("0.2")
    assert in_millions(Decimal("152.1"), 1) == Decimal("0.2")


def test_places_of_printed_figures() -> None:
    assert [places_of(Decimal(t)) for t in ("46.9", "0.04", "27", "100.0")] == [1, 2, 0, 1]


tenths = st.integers(min_value=-(10**9), max_value=10**9).map(lambda n: Decimal(n).scaleb(-1))


@given(tenths)
def test_amount_round_trips_through_the_cell_reader(value: Decimal) -> None:
    assert parse_number(format_amount(value)) == value


@given(tenths)
def test_thin_space_amount_round_trips(value: Decimal) -> None:
    assert parse_number(format_amount(value, separator=THIN_SPACE)) == value


@given(tenths)
def test_negative_in_parentheses_nil_as_dash(value: Decimal) -> None:
    text = format_amount(value)
    assert text.startswith("(") == (value < 0)
    assert (text == EM_DASH) == (value == 0)


@given(st.integers(min_value=-(10**7), max_value=10**7))
def test_count_round_trips(value: int) -> None:
    assert parse_number(format_count(value)) == value


@given(
    st.decimals(
        min_value=-(10**6), max_value=10**6, allow_nan=False, allow_infinity=False, places=4
    )
)
def test_percentage_is_the_value_rounded_half_away(value: Decimal) -> None:
    printed = parse_number(format_percentage(value))
    assert printed == round_half_away(value, 1)
    assert abs(printed - value) <= Decimal("0.05")


@given(
    st.decimals(
        min_value=-(10**6), max_value=10**6, allow_nan=False, allow_infinity=False, places=3
    ),
    st.integers(min_value=0, max_value=3),
)
def test_rounding_is_symmetric_and_within_half_a_unit(value: Decimal, places: int) -> None:
    rounded = round_half_away(value, places)
    assert round_half_away(-value, places) == -rounded
    assert abs(rounded - value) <= Decimal(1).scaleb(-places) / 2
    assert places_of(rounded) == places


@given(st.integers(min_value=-(10**9), max_value=10**9))
def test_ties_go_away_from_zero(units: int) -> None:
    tie = (Decimal(units) + Decimal("0.5")).scaleb(-1)
    rounded = round_half_away(tie, 1)
    assert abs(rounded) > abs(tie)


@given(tenths)
def test_dollars_in_full_round_trip(value: Decimal) -> None:
    text = format_dollars(value)
    assert parse_number(text) * 1 == value * 1000


def test_dollar_thousands_and_signed_percentages_as_in_the_analysis_of_variances() -> None:
    from rbb.presentation import format_dollar_thousands, format_signed_percentage

    # Budget 2025/26, III: "International staff\t\\$2,651.2\t12.5%" and
    # "National General Service staff\t(\\$479.1)\t(5.0%)"; under table 1: "\\$5,137.2".
    assert format_dollar_thousands(Decimal("2651.2")) == "$2,651.2"
    assert format_dollar_thousands(Decimal("-479.1")) == "($479.1)"
    assert format_dollar_thousands(Decimal("5137.2")) == "$5,137.2"
    assert format_signed_percentage(Decimal("12.5")) == "12.5%"
    assert format_signed_percentage(Decimal("-5.0")) == "(5.0%)"
