"""Budget proposals in preparation (docs/preparation.md): a proposal is a budget document
in the making, kept as numbered revisions that are never overwritten, moving through
states by recorded transitions.

Each revision and transition is one record of the proposal's **audit trail**: it carries
the hash of the record before it, and its own hash is SHA-256 of that hash and its
canonical fields (``chain_hash``), so a record changed, removed or reordered in the store
no longer matches what the trail recomputes. The first record follows the proposal's own
hash (``opening_hash``), made from what identifies it."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import dataclass
from enum import StrEnum
from typing import Annotated

from pydantic import Field, StringConstraints

from .base import MissionCode, Record, Sha256
from .cycle import Period
from .document import Document
from .post_actions import PostAction

PersonName = Annotated[str, StringConstraints(pattern=r"^[^\x00-\x1f\x7f]+$", min_length=1,
                                              max_length=64, strip_whitespace=True)]
"""The user who saved a revision or moved the proposal on."""
Comment = Annotated[str, StringConstraints(pattern=r"^[^\x00-\x08\x0b-\x1f\x7f]*$",
                                           max_length=2000)]
"""A short comment on a save or a transition: line breaks allowed, other control
characters not."""
DriverEdit = Annotated[str, StringConstraints(
    pattern=r"^[^=\x00-\x1f\x7f]+=[^\x00-\x1f\x7f]+$", min_length=3, max_length=300)]
"""One cost driver edit as a scenario takes it, ``KEY=VALUE``
(``vacancy_factor.international_staff=10.0``); the costing layer reads what it means
(``rbb.costing.scenarios.Edit.parse``)."""
MAX_DRIVER_EDITS = 1_000
"""Driver edits one revision carries: the drivers editor saves at most 30 at once."""


class ProposalState(StrEnum):
    DRAFT = "draft"
    """Editors save revisions."""
    SUBMITTED = "submitted"
    """Waiting for an approver: nobody saves."""
    RETURNED = "returned"
    """Sent back with comments: editors save again, then submit again."""
    APPROVED = "approved"
    """The head revision is locked: nobody saves; it can be issued."""
    ISSUED = "issued"
    """Published as the Secretary-General's report: final."""

    @property
    def editable(self) -> bool:
        return self in EDITABLE


EDITABLE = frozenset({ProposalState.DRAFT, ProposalState.RETURNED})
"""The states in which a revision may be saved (or restored)."""


class ProposalAction(StrEnum):
    SUBMIT = "submit"
    RETURN = "return"
    APPROVE = "approve"
    ISSUE = "issue"


class Duty(StrEnum):
    """Who may take an action: the account role it needs at least (the role's value in
    ``rbb.storage.accounts.Role``, which ranks approver above editor)."""

    EDITOR = "editor"
    APPROVER = "approver"


@dataclass(frozen=True, slots=True)
class AllowedTransition:
    action: ProposalAction
    from_state: ProposalState
    to_state: ProposalState
    duty: Duty
    needs_comment: bool = False


TRANSITIONS: tuple[AllowedTransition, ...] = (
    AllowedTransition(ProposalAction.SUBMIT, ProposalState.DRAFT, ProposalState.SUBMITTED,
                      Duty.EDITOR),
    AllowedTransition(ProposalAction.SUBMIT, ProposalState.RETURNED, ProposalState.SUBMITTED,
                      Duty.EDITOR),
    AllowedTransition(ProposalAction.RETURN, ProposalState.SUBMITTED, ProposalState.RETURNED,
                      Duty.APPROVER, needs_comment=True),
    AllowedTransition(ProposalAction.APPROVE, ProposalState.SUBMITTED, ProposalState.APPROVED,
                      Duty.APPROVER),
    AllowedTransition(ProposalAction.ISSUE, ProposalState.APPROVED, ProposalState.ISSUED,
                      Duty.APPROVER),
)
"""Every transition a proposal may take; any other is refused."""

SAVE_DUTY = Duty.EDITOR
"""Saving or restoring a revision (in an ``EDITABLE`` state) needs an editor."""


def transition_for(state: ProposalState, action: ProposalAction) -> AllowedTransition | None:
    """The transition ``action`` takes from ``state`` and the duty it needs; None when
    the action is not allowed from that state."""
    for allowed in TRANSITIONS:
        if allowed.action is action and allowed.from_state is state:
            return allowed
    return None


def actions_from(state: ProposalState) -> tuple[ProposalAction, ...]:
    return tuple(t.action for t in TRANSITIONS if t.from_state is state)


class ProposalContent(Record):
    """What one revision holds: the budget document and the post actions its staffing
    tables are derived from (docs/preparation.md, "Post actions"). Comments are not
    content: they are kept beside the revisions."""

    document: Document
    post_actions: tuple[PostAction, ...] = ()
    """The proposal's changes to the approved posts; none in a revision started before
    any was stated (its staffing tables are then as printed)."""
    driver_edits: tuple[DriverEdit, ...] = Field(default=(), max_length=MAX_DRIVER_EDITS)
    """The cost driver edits the drivers editor applied to this revision's money tables
    so far, in order (a relative edit applies on those before it), after the scenario
    the proposal was drafted with (docs/preparation.md, "Editing the cost drivers").
    Held in the content, not in the revisions' comments, so that restoring a revision
    restores its edits, a merge weighs them like any field, and no comment typed by hand
    is ever read as one."""

    def canonical_json(self) -> str:
        """The content as the store keeps it and as its digest is taken."""
        return self.model_dump_json(indent=2) + "\n"


def content_digest(content_json: str) -> str:
    return hashlib.sha256(content_json.encode("utf-8")).hexdigest()


class Proposal(Record):
    id: int
    mission: MissionCode
    period: Period
    state: ProposalState
    head: int
    """The number of the newest revision."""
    created_by: PersonName
    created_at: dt.datetime
    trail_length: int
    """How many records (revisions and transitions) its audit trail holds."""
    trail_hash: Sha256
    """The hash of the last of them."""


class Revision(Record):
    proposal: int
    number: int
    parent: int | None
    """The revision it was based on; None for the first."""
    author: PersonName
    saved_at: dt.datetime
    comment: Comment
    content_digest: Sha256
    restored_from: int | None = None
    """The revision whose content it restored, if it is a restore."""
    position: int
    """Its place in the proposal's audit trail, from 1."""
    previous_hash: Sha256
    chain_hash: Sha256

    def fields(self) -> dict[str, object]:
        return {"record": "revision", "proposal": self.proposal, "position": self.position,
                "number": self.number, "parent": self.parent, "author": self.author,
                "saved_at": moment(self.saved_at), "comment": self.comment,
                "content_digest": self.content_digest, "restored_from": self.restored_from}


class Transition(Record):
    proposal: int
    action: ProposalAction
    from_state: ProposalState
    to_state: ProposalState
    revision: int
    """The revision it concerns (the head when it was taken): the one approved, issued."""
    by: PersonName
    at: dt.datetime
    comment: Comment
    position: int
    previous_hash: Sha256
    chain_hash: Sha256

    def fields(self) -> dict[str, object]:
        return {"record": "transition", "proposal": self.proposal, "position": self.position,
                "action": self.action.value, "from": self.from_state.value,
                "to": self.to_state.value, "revision": self.revision, "by": self.by,
                "at": moment(self.at), "comment": self.comment}


TrailRecord = Revision | Transition


def moment(at: dt.datetime) -> str:
    """A time as the trail hashes it: UTC, to the microsecond (what both backends keep)."""
    return at.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def canonical_fields(fields: dict[str, object]) -> str:
    return json.dumps(fields, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def chain_hash(previous_hash: str, fields: dict[str, object]) -> str:
    """SHA-256 of the previous record's hash, a line break, and this record's fields."""
    text = f"{previous_hash}\n{canonical_fields(fields)}"
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def opening_hash(proposal_id: int, mission: str, period: Period, created_by: str,
                 created_at: dt.datetime) -> str:
    """What the first record of a proposal's trail follows."""
    return chain_hash("", {"record": "proposal", "proposal": proposal_id,
                           "mission": mission, "period": period.label,
                           "created_by": created_by, "created_at": moment(created_at)})


@dataclass(frozen=True, slots=True)
class FieldConflict:
    """One field two saves based on the same revision both changed, differently: its
    place in the content (``path``, JSON keys and list keys joined by ``/``), what a
    reader calls it (``label``) and its three values as JSON."""

    path: str
    label: str
    base: object
    mine: object
    theirs: object


class Choice(StrEnum):
    """Which side of a ``FieldConflict`` an editor keeps."""

    MINE = "mine"
    THEIRS = "theirs"
