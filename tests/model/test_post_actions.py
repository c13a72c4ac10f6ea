"""Post actions as records: a change to the approved posts that cannot be one is refused
when made, the field named (docs/preparation.md, "Post actions")."""

from __future__ import annotations

from typing import Any

import pytest
from pydantic import ValidationError

from rbb.model.errors import InputError
from rbb.model.grades import GradeLevel, load_grades, shipped_grades
from rbb.model.post_actions import PostActionError, PostActionKind, post_action
from rbb.model.staffing import PersonnelCategory, StaffingColumn

LEGAL_OFFICER: dict[str, Any] = {
    "id": "a1", "kind": "establishment", "component": "substantive",
    "office": "Office of Legal Affairs", "grade": "P-4", "count": 1,
    "functional_title": "Legal Officer",
    "justification": "The Office takes on the review of local regulations.",
}


def refused(**changes: Any) -> PostActionError:
    fields = {**LEGAL_OFFICER, **changes}
    fields = {k: v for k, v in fields.items() if v is not None}
    with pytest.raises(PostActionError) as raised:
        post_action(**fields)
    return raised.value


def test_an_establishment_as_a_budget_justifies_it() -> None:
    action = post_action(**LEGAL_OFFICER)
    assert action.kind is PostActionKind.ESTABLISHMENT
    assert (action.grade, action.count, action.to_office) == ("P-4", 1, "Office of Legal Affairs")


def test_a_post_action_is_immutable() -> None:
    action = post_action(**LEGAL_OFFICER)
    with pytest.raises(ValidationError):
        action.count = 2  # type: ignore[misc]


@pytest.mark.parametrize("count", [0, -1])
def test_a_count_below_one_is_refused(count: int) -> None:
    error = refused(count=count)
    assert error.field == "count"
    assert error.action == "a1"
    assert isinstance(error, InputError)
    assert str(error).startswith("post action a1 count:")


def test_a_grade_that_does_not_exist_is_refused() -> None:
    error = refused(grade="P-8")
    assert error.field == "grade"
    assert "'P-8' is not a grade" in str(error)


def test_a_new_post_without_justification_is_refused() -> None:
    error = refused(justification="   ")
    assert error.field == "justification"
    assert "needs its justification" in str(error)


def test_an_abolishment_needs_no_justification() -> None:
    action = post_action(**{**LEGAL_OFFICER, "kind": "abolishment", "justification": ""})
    assert action.justification == ""


def test_a_conversion_creates_a_post_and_needs_its_justification() -> None:
    error = refused(kind="conversion", new_grade="NO-C", justification="")
    assert error.field == "justification"


def test_grades_are_read_as_the_reports_print_them() -> None:
    assert post_action(**{**LEGAL_OFFICER, "grade": "p-5 – p-4"}).grade == "P-5–P-4"
    assert post_action(**{**LEGAL_OFFICER, "grade": "fs-5"}).grade == "FS-5"


def test_a_redeployment_names_where_the_posts_go() -> None:
    error = refused(kind="redeployment")
    assert error.field == "destination_office"
    same = refused(kind="redeployment", destination_office="Office of Legal Affairs")
    assert "both are" in str(same)
    moved = post_action(**{**LEGAL_OFFICER, "kind": "redeployment",
                           "destination_component": "support",
                           "destination_office": "Office of Legal Affairs"})
    assert (moved.to_component, moved.to_office) == ("support", "Office of Legal Affairs")


def test_only_a_move_has_a_destination() -> None:
    assert refused(destination_office="Security Section").field == "destination_office"
    assert refused(kind="abolishment", destination_component="support").field == (
        "destination_component")


def test_a_reassignment_may_stay_in_its_office() -> None:
    action = post_action(**{**LEGAL_OFFICER, "kind": "reassignment"})
    assert action.moves_office is False
    named = post_action(**{**LEGAL_OFFICER, "kind": "reassignment",
                           "destination_office": "Office of Legal Affairs"})
    assert named.destination_office is None
    across = refused(kind="reassignment", destination_component="support")
    assert across.field == "destination_office"


def test_a_reclassification_stays_within_its_category() -> None:
    assert post_action(**{**LEGAL_OFFICER, "kind": "reclassification",
                          "new_grade": "P-5"}).new_grade == "P-5"
    across = refused(kind="reclassification", new_grade="NO-D")
    assert across.field == "new_grade"
    assert "record a conversion" in str(across)
    assert "changes the grade" in str(refused(kind="reclassification", new_grade="P-4"))
    assert refused(kind="reclassification").field == "new_grade"


def test_a_conversion_changes_the_category() -> None:
    converted = post_action(**{**LEGAL_OFFICER, "kind": "conversion", "new_grade": "NO-C"})
    assert converted.new_grade == "NO-C"
    within = refused(kind="conversion", new_grade="P-3")
    assert within.field == "new_grade"
    assert "record a reclassification" in str(within)


def test_only_a_regrading_has_a_new_grade() -> None:
    assert refused(new_grade="P-5").field == "new_grade"


def test_an_id_is_a_key() -> None:
    assert refused(id="A 1").field == "id"


def test_the_register_places_every_grade_in_a_band_and_a_category() -> None:
    register = shipped_grades()
    p4, g6 = register.find("P-4"), register.find("G-6")
    assert p4 is not None and g6 is not None
    assert (p4.band, p4.category) == (StaffingColumn.P5_P4, PersonnelCategory.INTERNATIONAL_STAFF)
    assert (g6.band, g6.category) == (StaffingColumn.NGS,
                                      PersonnelCategory.NATIONAL_GENERAL_SERVICE_STAFF)
    # Every civilian column of a staffing table has a designation or a grade of its own.
    bands = {g.band for g in register.grades}
    assert {StaffingColumn.USG_ASG, StaffingColumn.FS, StaffingColumn.NPO,
            StaffingColumn.UNV_NATIONAL} <= bands
    assert all(register.band_grade(g.band) is not None for g in register.grades
               if g.level is GradeLevel.BAND)


def test_a_bad_row_of_a_register_names_its_line() -> None:
    text = "# grades\ngrade,band,category,level,rank\nP-4,p5_p4,international_staff,grade,6\n" \
           "P-9,p9,international_staff,grade,1\n"
    with pytest.raises(InputError, match=r"grades.csv:4: grade 'P-9'"):
        load_grades(text, file="grades.csv")
    with pytest.raises(InputError, match="header"):
        load_grades("grade,band\n", file="grades.csv")
