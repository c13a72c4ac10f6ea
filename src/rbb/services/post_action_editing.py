"""Editing a proposal's post actions (docs/preparation.md, "Editing post actions and
vacancy factors"): what the web editor, the API and ``rbb proposal post-action`` share.

Each edit is a function from a revision's content to the edited content; the actions
are checked against the revision's staffing tables with the engine
(``apply_post_actions``), so an action taking more posts than its office holds is
refused here, the action and the field named, before anything is saved. The preview
shows what the engine derives: the changed rows of each component's table and the
justification paragraphs as the report prints them."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from rbb.engine.post_actions import ProposedStaffing, apply_post_actions, infer_post_actions
from rbb.model.document import Document
from rbb.model.errors import InputError, NotFoundError
from rbb.model.grades import GradeLevel, shipped_grades
from rbb.model.post_actions import PostAction, PostActionError, PostActionKind, post_action
from rbb.model.proposals import ProposalContent
from rbb.model.staffing import RowType, StaffingColumn, StaffingKind, StaffingRow

MAX_ACTIONS = 2_000
"""More actions than any budget states: a longer list is a slip (or hostile)."""
FIELDS = ("id", "kind", "component", "office", "grade", "count", "functional_title",
          "destination_component", "destination_office", "new_grade", "justification")
"""A post action's fields, as the API and the form name them."""
_AUTO_ID = re.compile(r"^a(\d{1,6})$")


@dataclass(frozen=True)
class ChangedRow:
    """A row of a component's table the actions change: its approved and derived
    proposed counts and the net change, by column."""

    office: str
    row_type: RowType
    approved: dict[StaffingColumn, int]
    proposed: dict[StaffingColumn, int]

    @property
    def change(self) -> dict[StaffingColumn, int]:
        return {c: self.proposed.get(c, 0) - self.approved.get(c, 0)
                for c in dict.fromkeys([*self.approved, *self.proposed])}


@dataclass(frozen=True)
class ComponentPreview:
    component: str
    title: str
    columns: tuple[StaffingColumn, ...]
    """The columns any changed row changes, in the table's order."""
    rows: tuple[ChangedRow, ...]
    paragraphs: tuple[tuple[str, str], ...]
    """(office, justification paragraph) as the report prints them."""


@dataclass(frozen=True)
class Preview:
    components: tuple[ComponentPreview, ...]
    derived: ProposedStaffing


def derive(document: Document, actions: Sequence[PostAction]) -> ProposedStaffing:
    """The staffing the actions make of the document's approved posts (the engine's
    derivation; a ``PostActionError`` naming the action and field when one cannot be
    applied)."""
    if len(actions) > MAX_ACTIONS:
        raise InputError(f"post_actions: at most {MAX_ACTIONS} actions, not {len(actions)}")
    return apply_post_actions(document.staffing_tables, actions)


def preview(document: Document, actions: Sequence[PostAction]) -> Preview:
    derived = derive(document, actions)
    paragraphs: dict[str, list[tuple[str, str]]] = {}
    for j in derived.justifications:
        paragraphs.setdefault(j.component, []).append((j.office, j.paragraph))
    found = []
    for table in derived.tables:
        if table.component is None:
            continue
        rows = _changed_rows(table.rows)
        if not rows and table.component not in paragraphs:
            continue
        changed = {c for r in rows for c, n in r.change.items() if n}
        columns = tuple(c for c in table.columns if c in changed)
        found.append(ComponentPreview(table.component, table.title, columns, tuple(rows),
                                      tuple(paragraphs.pop(table.component, ()))))
    return Preview(tuple(found), derived)


def _changed_rows(rows: Sequence[StaffingRow]) -> list[ChangedRow]:
    approved: dict[tuple[str, RowType], StaffingRow] = {}
    out = []
    for row in rows:
        key = (row.office, row.row_type)
        if row.kind is StaffingKind.APPROVED:
            approved[key] = row
        elif row.kind is StaffingKind.PROPOSED and key in approved:
            before = {c: n or 0 for c, n in approved[key].counts.items()}
            after = {c: n or 0 for c, n in row.counts.items()}
            if before != after:
                out.append(ChangedRow(row.office, row.row_type, before, after))
    return out


# --- the edits ------------------------------------------------------------------------

def with_actions(content: ProposalContent, actions: Sequence[PostAction]
                 ) -> ProposalContent:
    """The content with these actions, once the engine has applied them to its tables."""
    derive(content.document, actions)
    return content.model_copy(update={"post_actions": tuple(actions)})


def next_id(actions: Sequence[PostAction]) -> str:
    """``a1``, ``a2``…: one more than the highest of that form."""
    numbers = [int(m[1]) for a in actions if (m := _AUTO_ID.match(a.id))]
    return f"a{max(numbers, default=0) + 1}"


def action_from(fields: Mapping[str, Any], *, action_id: str | None = None) -> PostAction:
    """A post action from the form's or the body's fields (text, blanks as absent), or a
    ``PostActionError`` naming the field."""
    unknown = sorted(str(name) for name in set(fields) - set(FIELDS))
    if unknown:
        named = action_id or fields.get("id")
        raise PostActionError(f"not a field of a post action (expected {', '.join(FIELDS)})",
                              field=unknown[0][:40],
                              action=str(named)[:64] if named else None)
    values: dict[str, Any] = {}
    for name in FIELDS:
        value = fields.get(name)
        if isinstance(value, str):
            value = value.strip() or None
        if value is not None:
            values[name] = value
    if action_id is not None:
        values["id"] = action_id
    if "count" in values and isinstance(values["count"], str):
        text = values["count"]
        if not re.fullmatch(r"[+-]?\d{1,9}", text):
            raise PostActionError(f"{text[:20]!r} is not a whole number of posts",
                                  field="count", action=values.get("id"))
        values["count"] = int(text)
    values.setdefault("count", None)
    if values["count"] is None:
        raise PostActionError("how many posts the action concerns (1 or more)",
                              field="count", action=values.get("id"))
    values.setdefault("justification", "")
    return post_action(**values)


def add_action(content: ProposalContent, fields: Mapping[str, Any]) -> ProposalContent:
    """The content with one more action (its id the next free ``aN`` unless given)."""
    actions = content.post_actions
    given = fields.get("id")
    action = action_from({**fields, "id": given or next_id(actions)})
    if any(a.id == action.id for a in actions):
        raise PostActionError("another action has the same id", field="id", action=action.id)
    return with_actions(content, (*actions, action))


def replace_action(content: ProposalContent, action_id: str, fields: Mapping[str, Any]
                   ) -> ProposalContent:
    """The content with action ``action_id`` replaced by one made of ``fields``."""
    at = _index(content, action_id)
    action = action_from({k: v for k, v in fields.items() if k != "id"}, action_id=action_id)
    actions = list(content.post_actions)
    actions[at] = action
    return with_actions(content, actions)


def remove_action(content: ProposalContent, action_id: str) -> ProposalContent:
    at = _index(content, action_id)
    actions = list(content.post_actions)
    del actions[at]
    return with_actions(content, actions)


def start_from_tables(content: ProposalContent) -> ProposalContent:
    """The actions the revision's tables stand for (``infer_post_actions``), as its first
    actions: refused when it has actions already, or its tables print no change."""
    if content.post_actions:
        raise InputError(f"post_actions: the revision has {len(content.post_actions)} "
                         "action(s) already: edit them instead")
    inferred = infer_post_actions(content.document.staffing_tables)
    if not inferred:
        raise InputError("staffing_tables: the tables print no net change of posts, so "
                         "there is no action to start from: add the actions one by one")
    return with_actions(content, inferred)


def replace_all(content: ProposalContent, items: Sequence[Any]) -> ProposalContent:
    """The content with the whole list ``items`` (the API's PUT), each action checked,
    its position named when it has no id."""
    if len(items) > MAX_ACTIONS:
        raise InputError(f"post_actions: at most {MAX_ACTIONS} actions, not {len(items)}")
    actions = []
    for n, item in enumerate(items, start=1):
        if not isinstance(item, Mapping):
            raise InputError(f"post_actions.{n}: an object with the fields of a post action")
        if not item.get("id"):
            raise PostActionError("each action of the list has its id", field="id",
                                  action=f"#{n}")
        actions.append(action_from(item))
    return with_actions(content, actions)


def _index(content: ProposalContent, action_id: str) -> int:
    for n, action in enumerate(content.post_actions):
        if action.id == action_id:
            return n
    raise NotFoundError(f"post action {action_id[:64]!r}: the revision has no such action "
                        f"(it has {', '.join(a.id for a in content.post_actions) or 'none'})")


# --- what a form and the API show -----------------------------------------------------

def action_data(action: PostAction) -> dict[str, Any]:
    return action.model_dump(mode="json")


def grade_choices() -> list[str]:
    """The grades of the register, then the bands' designations, as a select lists them."""
    grades = shipped_grades().grades
    return ([g.code for g in grades if g.level is GradeLevel.GRADE]
            + [g.code for g in grades if g.level is GradeLevel.BAND])


def offices(document: Document) -> dict[str, list[str]]:
    """Per component, the offices its tables print as item rows (uniformed rows are not
    posts, subtotals add offices up): where an action may take posts from."""
    from rbb.engine.post_actions import is_uniformed

    found: dict[str, list[str]] = {}
    for table in document.staffing_tables:
        if table.component is None:
            continue
        names = found.setdefault(table.component, [])
        for row in table.rows:
            if (row.row_type is RowType.ITEM and not is_uniformed(row)
                    and row.office not in names):
                names.append(row.office)
    return found


KINDS = tuple(k.value for k in PostActionKind)
