"""What the store's columns hold, the model states: a document that would not fit, or
whose identity could become a path, is refused wherever it comes from."""

from __future__ import annotations

from decimal import Decimal

import pytest
from pydantic import BaseModel, ValidationError

from rbb.model import Document, Mission, MoneyRow
from rbb.model.base import MAX_EXACT_DIGITS, MAX_NUMBER_TEXT, Exact
from rbb.services.data_format import to_json
from tests.storage.test_document_store import budget_2025_26


@pytest.mark.parametrize("code", ["UNMIK", "MINURSO", "AU-UN", "UNMISS2", "UNTSO"])
def test_codes_of_operations(code: str) -> None:
    assert Mission(code=code, name="x").code == code


@pytest.mark.parametrize("code", ["../../PWNED", "unmik", "UN MIK", "UNMIK/", "", "A" * 33,
                                  "UNMIK\n", "-UNMIK", "UNMIK-"])
def test_a_code_that_could_be_a_path_is_refused(code: str) -> None:
    with pytest.raises(ValidationError, match="code"):
        Mission(code=code, name="x")


def test_the_same_rule_holds_for_a_document_read_from_json() -> None:
    """A PDF's attachment or a file given to ``rbb load`` is validated the same way."""
    text = to_json(budget_2025_26()).replace('"code": "UNMIK"', '"code": "../../PWNED"')
    with pytest.raises(ValidationError, match=r"mission\.code"):
        Document.model_validate_json(text)


def test_a_symbol_longer_than_its_column_is_refused() -> None:
    with pytest.raises(ValidationError, match="at most 64 characters"):
        Document.model_validate({**budget_2025_26().model_dump(), "symbol": "A/" * 40})


@pytest.mark.parametrize("line", ["x" * 65, "International staff", "a/../b", ""])
def test_a_financial_line_is_a_short_snake_case_name(line: str) -> None:
    with pytest.raises(ValidationError, match="line"):
        MoneyRow(line=line, label="x", values={})


@pytest.mark.parametrize("value", ["NaN", "Infinity", "1e40", "-" + "9" * MAX_NUMBER_TEXT])
def test_an_amount_is_a_finite_figure_a_report_could_print(value: str) -> None:
    with pytest.raises(ValidationError):
        MoneyRow(line="medical", label="Medical", values={"apportionment_2024_25": value})


def test_the_largest_figure_still_fits() -> None:
    value = "9" * (MAX_NUMBER_TEXT - 2) + ".9"
    row = MoneyRow(line="medical", label="Medical", values={"x": value})
    assert row.values["x"] == Decimal(value)


def test_a_document_read_back_from_the_store_is_not_checked_figure_by_figure() -> None:
    """Its figures were checked when it was stored (``STORED``); a file from anywhere
    else is checked, and the same text reads to the same document either way."""
    from rbb.model.base import STORED

    text = to_json(budget_2025_26())
    assert Document.model_validate_json(text, context=STORED) == \
        Document.model_validate_json(text)
    too_long = "9" * (MAX_NUMBER_TEXT + 1)
    row = MoneyRow.model_validate({"line": "total", "label": "Total",
                                   "values": {"amount": too_long}}, context=STORED)
    assert row.values["amount"] == Decimal(too_long)
    with pytest.raises(ValidationError, match=f"at most {MAX_NUMBER_TEXT} characters"):
        MoneyRow.model_validate({"line": "total", "label": "Total",
                                 "values": {"amount": too_long}})


class _Computed(BaseModel):
    value: Exact


@pytest.mark.parametrize("text", [
    "1." + "3" * (MAX_EXACT_DIGITS - 1),        # 100 digits: kept
    "-0.000" + "7" * MAX_EXACT_DIGITS,           # 100 digits after the zeros: kept
    "7" * MAX_EXACT_DIGITS + "E+5",              # 100 digits in scientific notation
])
def test_a_computed_value_keeps_up_to_its_bound_of_digits(text: str) -> None:
    assert _Computed(value=text).value == Decimal(text)


@pytest.mark.parametrize("text", [
    "1." + "3" * MAX_EXACT_DIGITS,               # 101 digits
    "7" * (MAX_EXACT_DIGITS + 1) + "E-5",        # 101 digits in scientific notation
])
def test_a_computed_value_with_more_digits_is_refused(text: str) -> None:
    with pytest.raises(ValidationError, match=f"at most {MAX_EXACT_DIGITS} digits"):
        _Computed(value=text)
