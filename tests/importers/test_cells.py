"""The UN's number formats, read exactly (docs/domain.md, "Money tables")."""

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from rbb.importers.cells import (
    CellError,
    amount_and_percentage,
    compact,
    dollar_amounts,
    letters,
    parse_cell,
    parse_number,
    roman_value,
    split_numbers,
    trailing_cells,
)


@pytest.mark.parametrize(
    ("printed", "value"),
    [
        ("33 040.5", "33040.5"),
        ("36\u2009682.0", "36682.0"),
        ("(119.7)", "-119.7"),
        ("(1.4)", "-1.4"),
        ("—", "0"),
        ("–", "0"),
        ("2,000", "2000"),
        ("\\$5,137.2", "5137.2"),
        ("**\\$15,257.8**", "15257.8"),
        ("576.9", "576.9"),
    ],
)
def test_money_cells_read_exactly(printed: str, value: str) -> None:
    assert parse_number(printed) == Decimal(value)


def test_not_applicable_has_no_value() -> None:
    assert parse_number("n/a") is None


def test_comparator_unit_and_tolerance() -> None:
    cell = parse_cell("≥ 44 per cent")
    assert (cell.comparator, cell.value, cell.unit) == ("≥", Decimal(44), "per cent")
    latex = parse_cell("$\\geq 2,000$")
    assert (latex.comparator, latex.value) == ("≥", Decimal(2000))
    tol = parse_cell("10.0 per cent ± 3 per cent")
    assert (tol.value, tol.unit, tol.tolerance) == (Decimal("10.0"), "per cent", Decimal(3))
    assert parse_cell("(5.0%)").value == Decimal("-5.0")


@pytest.mark.parametrize("junk", ["abc", "12..3", "(12.3", "1 23.4", ""])
def test_junk_is_refused_with_the_text(junk: str) -> None:
    with pytest.raises(CellError, match="expected a number"):
        parse_number(junk)


def test_pdf_numbers_split_into_cells() -> None:
    # Performance report, financial resources: "Gross requirements 41 298.5 40 612.6 685.9 1.7"
    cells = split_numbers("41 298.5  40 612.6  685.9 1.7")
    assert cells == ["41 298.5", "40 612.6", "685.9", "1.7"]
    # Incumbency: 113 approved, 100 actual, 11.5 per cent vacant: three cells.
    assert split_numbers("113 100 11.5", expected=3) == ["113", "100", "11.5"]
    assert split_numbers("1 881 12", expected=2) == ["1 881", "12"]


def test_label_and_cells_of_a_row() -> None:
    label, cells = trailing_cells("Air operations  –  1.1 (1.1) –  ")
    assert label == "Air operations"
    assert cells == ["–", "1.1", "(1.1)", "–"]


@given(st.decimals(min_value=-10**9, max_value=10**9, places=1, allow_nan=False))
def test_printed_money_reads_back(value: Decimal) -> None:
    magnitude = f"{abs(value):,.1f}".replace(",", " ")
    printed = f"({magnitude})" if value < 0 else magnitude
    assert parse_number(printed) == value


def test_dollars_in_running_text_are_read_in_thousands() -> None:
    text = ("(a) Appropriation of $12,345,600 (gross), of which $1.2 million for the "
            "maintenance; (b) $500, and $68x,900 that does not read.")
    amounts, unread = dollar_amounts(text)
    # 12,345,600 / 1000 = 12345.6; 1.2 million = 1,200 thousand; 500 / 1000 = 0.5
    assert [amount for amount, _ in amounts] == [Decimal("12345.6"), Decimal("1200"),
                                                 Decimal("0.5")]
    assert [text[at:at + 3] for _, at in amounts] == ["12,", "1.2", "500"]
    assert unread == [("$68x,900", text.index("$68x"))]


def test_a_variance_is_an_amount_and_a_percentage() -> None:
    assert amount_and_percentage("\\$1,204.6", "8.3%") == (Decimal("1204.6"), Decimal("8.3"))
    assert amount_and_percentage("($75.0)", "(2.9%)") == (Decimal("-75.0"), Decimal("-2.9"))
    with pytest.raises(CellError, match="expected an amount and a percentage"):
        amount_and_percentage("8.3%", "8.3%")


def test_labels_compare_by_their_letters_and_sections_by_their_numerals() -> None:
    assert letters("**Net change**") == "netchange"
    assert compact("P-5– P-4") == "p5p4"
    # X + IV = 10 + 4
    assert (roman_value("IV"), roman_value("XIV")) == (4, 14)
