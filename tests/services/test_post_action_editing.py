"""The edits of a revision's post actions, apart from any interface
(docs/preparation.md, "Editing post actions and vacancy factors"), on the embedded
UNMIK budget for 2025/26 drafted as a proposal's content."""

from __future__ import annotations

import pytest

from rbb.importers import ImportResult
from rbb.model.errors import InputError, NotFoundError
from rbb.model.post_actions import PostActionError
from rbb.model.proposals import ProposalContent
from rbb.model.staffing import StaffingColumn
from rbb.services.post_action_editing import (
    add_action,
    grade_choices,
    next_id,
    offices,
    preview,
    remove_action,
    replace_action,
    replace_all,
)

SECURITY = {"kind": "abolishment", "component": "support", "office": "Security Section",
            "grade": "G-4", "count": "3"}


@pytest.fixture
def content(budget: ImportResult) -> ProposalContent:
    assert budget.document is not None
    return ProposalContent(document=budget.document.model_copy(update={"draft": True}))


def test_ids_follow_the_highest_and_edits_keep_the_order(content: ProposalContent) -> None:
    first = add_action(content, SECURITY)
    second = add_action(first, {**SECURITY, "id": "a7", "count": "1", "grade": "FS-4"})
    third = add_action(second, {**SECURITY, "count": "1", "grade": "NO-B"})
    assert [a.id for a in third.post_actions] == ["a1", "a7", "a8"]
    assert next_id(third.post_actions) == "a9"
    edited = replace_action(third, "a7", {**SECURITY, "count": "2", "grade": "FS-4"})
    assert [(a.id, a.count) for a in edited.post_actions] == [("a1", 3), ("a7", 2),
                                                               ("a8", 1)]
    assert [a.id for a in remove_action(edited, "a1").post_actions] == ["a7", "a8"]
    with pytest.raises(NotFoundError, match="'a2'"):
        remove_action(edited, "a2")


def test_the_preview_moves_the_security_section_and_its_totals(
        content: ProposalContent) -> None:
    """The seed's Security Section holds 47 national General Service posts of 60; three
    abolished leave 44 of 57, and the support component's total 125 → 122, 180 → 177."""
    shown = preview(content.document, add_action(content, SECURITY).post_actions)
    (support,) = shown.components
    assert support.component == "support" and support.columns == (
        StaffingColumn.NGS, StaffingColumn.NATIONAL_SUBTOTAL, StaffingColumn.TOTAL)
    rows = {r.office: r for r in support.rows}
    security = rows["Security Section"]
    assert (security.approved[StaffingColumn.NGS], security.proposed[StaffingColumn.NGS],
            security.proposed[StaffingColumn.TOTAL]) == (47, 44, 57)
    total = rows["Total, component 2, support"]
    assert total.change[StaffingColumn.NGS] == -3 and total.proposed[StaffingColumn.TOTAL] == 177
    assert support.paragraphs == (("Security Section", "It is proposed to abolish three G-4 "
                                   "posts in the Security Section."),)


def test_a_whole_list_names_the_action_refused(content: ProposalContent) -> None:
    with pytest.raises(PostActionError, match=r"^post action b2 grade: 'P-9' is not"):
        replace_all(content, [{**SECURITY, "id": "b1"}, {**SECURITY, "id": "b2",
                                                         "grade": "P-9"}])
    with pytest.raises(PostActionError, match=r"^post action #1 id:"):
        replace_all(content, [SECURITY])
    with pytest.raises(InputError, match=r"^post_actions\.1: an object"):
        replace_all(content, ["a1"])
    with pytest.raises(PostActionError, match=r"^post action a1 colour: not a field"):
        add_action(content, {**SECURITY, "colour": "red"})


def test_the_choices_come_from_the_register_and_the_tables(content: ProposalContent) -> None:
    grades = grade_choices()
    assert grades[:3] == ["USG", "ASG", "D-2"] and "P-5–P-4" in grades
    assert grades.index("P-5–P-4") > grades.index("G-1")
    found = offices(content.document)
    assert list(found) == ["executive_direction_and_management", "substantive", "support"]
    assert "Military observers" not in found["substantive"]  # strength, not posts
    assert "Subtotal, civilian staff" not in found["substantive"]
    assert "Office of Legal Affairs" in found["substantive"]
