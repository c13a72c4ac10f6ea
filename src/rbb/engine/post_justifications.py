"""The justification paragraphs of a proposal's staffing, one per office, written from its
post actions in the sentence forms of docs/preparation.md ("Post actions"): what is
proposed ("It is proposed to abolish one post of ...") followed by the action's own
justification. A post that moves is explained under the office it leaves and the one
it joins."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from rbb.model.grades import Grade, GradeLevel, grade_of
from rbb.model.post_actions import PostAction, PostActionKind
from rbb.model.staffing import PersonnelCategory, StaffingColumn

NUMBER_WORDS = ("zero", "one", "two", "three", "four", "five", "six", "seven", "eight",
                "nine")
"""Counts below ten are written out, as the reports' prose does."""
CATEGORY_WORDS = {
    PersonnelCategory.INTERNATIONAL_STAFF: "international",
    PersonnelCategory.NATIONAL_PROFESSIONAL_OFFICERS: "National Professional Officer",
    PersonnelCategory.NATIONAL_GENERAL_SERVICE_STAFF: "national General Service",
    PersonnelCategory.UNITED_NATIONS_VOLUNTEERS: "United Nations Volunteer",
}
VERBS = {
    PostActionKind.ESTABLISHMENT: "establish",
    PostActionKind.ABOLISHMENT: "abolish",
    PostActionKind.REASSIGNMENT: "reassign",
    PostActionKind.REDEPLOYMENT: "redeploy",
    PostActionKind.RECLASSIFICATION: "reclassify",
    PostActionKind.CONVERSION: "convert",
}


@dataclass(frozen=True)
class OfficeJustification:
    component: str
    office: str
    paragraph: str


def justification_paragraphs(actions: Sequence[PostAction]) -> tuple[OfficeJustification, ...]:
    """Per office, in the order the actions first name it, its sentences joined."""
    sentences: dict[tuple[str, str], list[str]] = {}
    for action in actions:
        text = _sentence(action)
        sentences.setdefault((action.component, action.office), []).append(text)
        if action.moves_office and (action.to_component, action.to_office) != (
                action.component, action.office):
            sentences.setdefault((action.to_component, action.to_office), []).append(text)
    return tuple(OfficeJustification(component, office, " ".join(parts))
                 for (component, office), parts in sentences.items())


def count_words(n: int) -> str:
    return NUMBER_WORDS[n] if 0 <= n < len(NUMBER_WORDS) else f"{n:,}"


def _sentence(action: PostAction) -> str:
    verb = VERBS[action.kind]
    posts = _posts(action)
    here = _the(action.office)
    if action.kind in (PostActionKind.ESTABLISHMENT, PostActionKind.ABOLISHMENT):
        what = f"It is proposed to {verb} {posts} in {here}."
    elif action.kind in (PostActionKind.REASSIGNMENT, PostActionKind.REDEPLOYMENT):
        if action.destination_office is None:
            what = f"It is proposed to {verb} {posts} within {here}."
        else:
            where = _the(action.to_office)
            if action.to_component != action.component:
                where = f"{where} ({_component(action.to_component)})"
            what = f"It is proposed to {verb} {posts} from {here} to {where}."
    elif action.kind is PostActionKind.RECLASSIFICATION:
        plain = _posts(action, with_grade=False)
        what = (f"It is proposed to {verb} {plain} in {here} from the {action.grade} "
                f"to the {action.new_grade} level.")
    else:
        new = grade_of(str(action.new_grade))
        unit = _unit(action.count, new.category)
        if new.category is PersonnelCategory.UNITED_NATIONS_VOLUNTEERS:
            target = f"{_volunteers(new)} {unit}"
        else:
            target = f"{CATEGORY_WORDS[new.category]} {unit} ({new.code})"
        if action.count == 1:
            target = f"{'an' if target[0] in 'aeiouAEIOU' else 'a'} {target}"
        what = f"It is proposed to {verb} {posts} in {here} to {target}."
    justification = action.justification.strip()
    if justification:
        justification = justification[0].upper() + justification[1:]
        if justification[-1] not in ".!?":
            justification += "."
    return f"{what} {justification}".strip()


def _posts(action: PostAction, *, with_grade: bool = True) -> str:
    """``one post of Legal Officer (P-4)``, ``two P-3 posts``, ``one post at the
    P-5–P-4 level``."""
    grade = grade_of(action.grade)
    unit = _unit(action.count, grade.category)
    n = count_words(action.count)
    title = action.functional_title
    grade_code = action.grade
    if not with_grade:
        return f"{n} {unit} of {title}" if title else f"{n} {unit}"
    if grade.category is PersonnelCategory.UNITED_NATIONS_VOLUNTEERS:
        kind = _volunteers(grade)
        return f"{n} {unit} of {title} ({kind})" if title else f"{n} {kind} {unit}"
    if grade.level is GradeLevel.BAND:
        level = f"at the {grade_code} level"
        return f"{n} {unit} of {title} {level}" if title else f"{n} {unit} {level}"
    return f"{n} {unit} of {title} ({grade_code})" if title else f"{n} {grade_code} {unit}"


def _volunteers(grade: Grade) -> str:
    """``international United Nations Volunteer``: the register's ``UNV (international)``
    as prose says it."""
    which = "national" if grade.band is StaffingColumn.UNV_NATIONAL else "international"
    return f"{which} {CATEGORY_WORDS[PersonnelCategory.UNITED_NATIONS_VOLUNTEERS]}"


def _unit(count: int, category: PersonnelCategory) -> str:
    """Volunteers hold positions, staff posts."""
    word = "position" if category is PersonnelCategory.UNITED_NATIONS_VOLUNTEERS else "post"
    return word if count == 1 else f"{word}s"


def _the(office: str) -> str:
    return office if office.lower().startswith("the ") else f"the {office}"


def _component(key: str) -> str:
    words = key.replace("_", " ")
    return words if "direction" in words or "component" in words else f"{words} component"
