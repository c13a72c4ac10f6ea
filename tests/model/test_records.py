"""Records are immutable and exact: a float never becomes an amount."""

from decimal import Decimal

import pytest
from pydantic import ValidationError

from rbb.model import Document, DocumentKind, MoneyRow
from rbb.model.classes import BY_CODE, NATIONAL_STAFF_PARTS, line_for_label, snake_case
from rbb.model.mission import mission_for_code


def test_a_float_amount_is_refused() -> None:
    with pytest.raises(ValidationError, match="not a float"):
        MoneyRow(line="medical", label="Medical", values={"expenditure_2023_24": 41.1})


def test_amounts_stay_exact_through_json() -> None:
    row = MoneyRow(line="medical", label="Medical",
                   values={"expenditure_2023_24": Decimal("41.1")})
    again = MoneyRow.model_validate_json(row.model_dump_json())
    assert again.values["expenditure_2023_24"] == Decimal("41.1")
    assert '"41.1"' in row.model_dump_json()


def test_records_are_immutable() -> None:
    doc = Document(kind=DocumentKind.BUDGET, mission=mission_for_code("UNMIK"), period="2025/26",
                   title="Budget")
    with pytest.raises(ValidationError):
        doc.title = "changed"  # type: ignore[misc]


def test_class_codes_are_the_snake_case_of_their_labels() -> None:
    assert snake_case("Other supplies, services and equipment") == \
        "other_supplies_services_and_equipment"
    assert line_for_label("Quick-impact projects") == BY_CODE["quick_impact_projects"]
    # The budget report prints the singular "National Professional Officer".
    assert line_for_label("National Professional Officer") == \
        BY_CODE["national_professional_officers"]
    assert line_for_label("II. Civilian personnel") == BY_CODE["civilian_personnel"]
    assert line_for_label("Catering") is None


def test_national_staff_is_npo_plus_ngs() -> None:
    assert NATIONAL_STAFF_PARTS == ("national_professional_officers",
                                    "national_general_service_staff")
    assert all(BY_CODE[p].parent == "national_staff" for p in NATIONAL_STAFF_PARTS)
