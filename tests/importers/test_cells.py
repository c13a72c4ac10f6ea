"""The UN's number formats, read exactly (docs/domain.md, "Money tables")."""

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from rbb.importers.cells import CellError, parse_cell, parse_number, split_numbers, trailing_cells


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
