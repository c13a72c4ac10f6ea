"""The one helper every "total against its items" check shares, and the comparisons
it is built on: which severity a difference gets and the message each check states."""

from __future__ import annotations

from decimal import Decimal

from rbb.engine.checks.comparison import (
    EXACT,
    Where,
    compare,
    compare_percentage,
    show_whole,
    sum_tolerance,
    total_against_items,
)
from rbb.model import Severity

from .builders import document

WHERE = Where.of(document(), section="Invented section", table="invented", row="total")
MESSAGE = "{what}: printed {printed}, the {count} items add up to {computed}"


def dec(text: str) -> Decimal:
    return Decimal(text)


def test_a_total_that_is_the_sum_of_its_items_is_no_finding() -> None:
    # 12.3 + 4.5 + 0.2 = 17.0
    assert total_against_items("x.total", WHERE, dec("17.0"), [dec("12.3"), dec("4.5"), dec("0.2")],
                               MESSAGE, what="Widgets") == ()


def test_a_difference_within_the_rounding_of_the_items_is_rounding() -> None:
    # Three one-decimal items may drift by 3 × 0.05 = 0.15: 17.1 − 17.0 = 0.1 is within.
    (finding,) = total_against_items("x.total", WHERE, dec("17.1"),
                                     [dec("12.3"), dec("4.5"), dec("0.2")], MESSAGE, what="Widgets")
    assert (finding.severity, finding.code, finding.printed, finding.computed) == (
        Severity.ROUNDING, "x.total", dec("17.1"), dec("17.0"))
    assert finding.message == "Widgets: printed 17.1, the 3 items add up to 17.0"
    assert (finding.document, finding.section, finding.table, finding.row) == (
        "UNMIK 2025/26 budget", "Invented section", "invented", "total")


def test_a_difference_beyond_the_rounding_is_an_error() -> None:
    # 17.2 − 17.0 = 0.2 > 0.15
    (finding,) = total_against_items("x.total", WHERE, dec("17.2"),
                                     [dec("12.3"), dec("4.5"), dec("0.2")], MESSAGE, what="Widgets")
    assert finding.severity is Severity.ERROR


def test_a_missing_item_adds_nothing_but_counts_as_printed() -> None:
    # 12.3 + n/a + 4.5 = 16.8; two figures and a dash are three items: tolerance 0.15.
    (finding,) = total_against_items("x.total", WHERE, dec("16.9"), [dec("12.3"), None, dec("4.5")],
                                     MESSAGE, what="Widgets")
    assert (finding.severity, finding.computed) == (Severity.ROUNDING, dec("16.8"))
    assert "the 3 items" in finding.message


def test_a_missing_total_is_not_checked() -> None:
    assert total_against_items("x.total", WHERE, None, [dec("1.0")], MESSAGE, what="W") == ()


def test_counts_are_exact_and_shown_whole() -> None:
    # 14 + 3 = 17 persons; one person off is an error, not rounding.
    (finding,) = total_against_items("x.count", WHERE, dec(18), [dec(14), dec(3)],
                                     "{what}: {printed} against {computed}", show=show_whole,
                                     tolerance=EXACT, what="Drivers")
    assert (finding.severity, finding.message) == (Severity.ERROR, "Drivers: 18 against 17")


def test_text_of_the_document_given_as_a_field_is_not_read_as_a_template() -> None:
    (finding,) = total_against_items("x.total", WHERE, dec("9.0"), [dec("1.0"), dec("2.0")],
                                     MESSAGE, what="Row {printed} {0}")
    assert finding.message == "Row {printed} {0}: printed 9.0, the 2 items add up to 3.0"


def test_compare_states_the_check_s_own_order_of_figures() -> None:
    (finding,) = compare("x.pattern", WHERE, dec("100.0"), dec("99.0"), sum_tolerance(12),
                         "The months add up to {computed}; the year is {printed}")
    assert finding.message == "The months add up to 99.0; the year is 100.0"
    assert finding.severity is Severity.ERROR  # 1.0 > 12 × 0.05 = 0.6


def test_compare_percentage_rounds_the_quotient_to_the_printed_decimals() -> None:
    # 7 ÷ 16 = 43.75 per cent, printed to one decimal: 43.8 (half away from zero).
    assert compare_percentage("x.share", WHERE, dec("43.8"), dec(7), dec(16), "{what}",
                              what="share") == ()
    (finding,) = compare_percentage("x.share", WHERE, dec("45.0"), dec(7), dec(16), "{what} off",
                                    numerator_places=6, denominator_places=6, what="share")
    assert (finding.severity, finding.computed, finding.message) == (
        Severity.ERROR, dec("43.8"), "share off")
