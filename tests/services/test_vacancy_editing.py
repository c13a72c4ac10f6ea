"""The edits of a revision's vacancy factors, apart from any interface (docs/preparation.md,
"Editing post actions and vacancy factors"), on the embedded UNMIK budget for 2025/26."""

from __future__ import annotations

from decimal import Decimal

import pytest

from rbb.importers import ImportResult
from rbb.model.errors import InputError
from rbb.model.proposals import ProposalContent
from rbb.model.staffing import PersonnelCategory
from rbb.services.vacancy_editing import justifications, vacancy_lines, with_vacancy


@pytest.fixture
def content(budget: ImportResult) -> ProposalContent:
    assert budget.document is not None
    return ProposalContent(document=budget.document.model_copy(update={"draft": True}))


def test_vacancy_rates_and_justifications(content: ProposalContent) -> None:
    lines = {line.category: line for line in vacancy_lines(content.document)}
    international = lines[PersonnelCategory.INTERNATIONAL_STAFF]
    assert international.current is not None and international.current.rate == Decimal("8.8")
    assert [f.period.label for f in international.earlier] == [
        "2021/22", "2022/23", "2023/24", "2024/25"]
    edited = with_vacancy(content, {"united_nations_volunteers_international": "11"},
                          {"united_nations_volunteers_international": "Few candidates."})
    again = {line.category: line for line in vacancy_lines(edited.document)}
    volunteers = again[PersonnelCategory.UNITED_NATIONS_VOLUNTEERS_INTERNATIONAL]
    assert volunteers.current is not None and volunteers.current.rate == Decimal("11")
    assert volunteers.name == "International United Nations Volunteers"
    assert justifications(edited.document) == {
        PersonnelCategory.UNITED_NATIONS_VOLUNTEERS_INTERNATIONAL: "Few candidates."}
    cleared = with_vacancy(edited, {}, {"united_nations_volunteers_international": " "})
    assert cleared.document.paragraphs == content.document.paragraphs
    with pytest.raises(InputError, match=r"^justifications\.international_staff: control"):
        with_vacancy(content, {}, {"international_staff": "a\x07b"})
