"""The states of a budget proposal and who may move it on, and the hash chain of its
audit trail: a record's hash covers its fields and the record before it."""

from __future__ import annotations

import datetime as dt

import pytest

from rbb.model import Document, DocumentKind, Period
from rbb.model.mission import mission_for_code
from rbb.model.proposals import (
    MAX_DRIVER_EDITS,
    TRANSITIONS,
    Duty,
    ProposalAction,
    ProposalContent,
    ProposalState,
    Revision,
    actions_from,
    chain_hash,
    content_digest,
    moment,
    opening_hash,
    transition_for,
)

P2627 = Period.parse("2026/27")
NOON = dt.datetime(2026, 1, 15, 12, 0, 0, 123456, tzinfo=dt.UTC)


def test_the_workflow_as_data() -> None:
    assert transition_for(ProposalState.DRAFT, ProposalAction.SUBMIT) is not None
    submit = transition_for(ProposalState.RETURNED, ProposalAction.SUBMIT)
    assert submit is not None and submit.to_state is ProposalState.SUBMITTED
    assert submit.duty is Duty.EDITOR
    approve = transition_for(ProposalState.SUBMITTED, ProposalAction.APPROVE)
    assert approve is not None and approve.duty is Duty.APPROVER
    back = transition_for(ProposalState.SUBMITTED, ProposalAction.RETURN)
    assert back is not None and back.needs_comment
    # Issued is final; an approved proposal can only be issued; a draft not approved.
    assert actions_from(ProposalState.ISSUED) == ()
    assert actions_from(ProposalState.APPROVED) == (ProposalAction.ISSUE,)
    assert transition_for(ProposalState.DRAFT, ProposalAction.APPROVE) is None
    assert transition_for(ProposalState.APPROVED, ProposalAction.RETURN) is None
    # Every transition but submitting is an approver's.
    assert {t.action for t in TRANSITIONS if t.duty is Duty.EDITOR} == {ProposalAction.SUBMIT}


def test_only_draft_and_returned_proposals_take_revisions() -> None:
    assert {s for s in ProposalState if s.editable} == {ProposalState.DRAFT,
                                                          ProposalState.RETURNED}


def _revision(**changes: object) -> Revision:
    values: dict[str, object] = {
        "proposal": 1, "number": 2, "parent": 1, "author": "ana", "saved_at": NOON,
        "comment": "medical cost estimates revised", "content_digest": "a" * 64,
        "position": 2, "previous_hash": "b" * 64, "chain_hash": "c" * 64}
    return Revision.model_validate({**values, **changes})


def test_a_record_hash_covers_every_field_and_the_one_before() -> None:
    revision = _revision()
    sealed = chain_hash(revision.previous_hash, revision.fields())
    assert sealed == chain_hash("b" * 64, _revision().fields())  # deterministic
    for change in ({"author": "bob"}, {"comment": "medical"}, {"parent": None},
                   {"saved_at": NOON + dt.timedelta(microseconds=1)},
                   {"content_digest": "d" * 64}, {"position": 3}, {"restored_from": 1}):
        assert chain_hash("b" * 64, _revision(**change).fields()) != sealed, change
    assert chain_hash("e" * 64, revision.fields()) != sealed


def test_times_are_hashed_in_utc_whatever_their_zone() -> None:
    geneva = NOON.astimezone(dt.timezone(dt.timedelta(hours=1)))
    assert moment(geneva) == moment(NOON) == "2026-01-15T12:00:00.123456Z"
    assert (opening_hash(1, "UNMIK", P2627, "ana", geneva)
            == opening_hash(1, "UNMIK", P2627, "ana", NOON))
    assert opening_hash(2, "UNMIK", P2627, "ana", NOON) != opening_hash(
        1, "UNMIK", P2627, "ana", NOON)


def test_content_is_the_document_as_canonical_json() -> None:
    mission = mission_for_code("UNMIK")
    assert mission is not None
    document = Document(kind=DocumentKind.BUDGET, mission=mission, period=P2627,
                        title="Budget for 2026/27", draft=True)
    text = ProposalContent(document=document).canonical_json()
    assert text.endswith("}\n")
    assert ProposalContent.model_validate_json(text).document == document
    assert content_digest(text) == content_digest(
        ProposalContent(document=document).canonical_json())


def test_driver_edits_are_key_value_texts_in_bounds() -> None:
    """A content read without ``driver_edits`` (saved before the field) holds none; a
    text that is no ``KEY=VALUE``, or more than ``MAX_DRIVER_EDITS``, is refused."""
    mission = mission_for_code("UNMIK")
    assert mission is not None
    document = Document(kind=DocumentKind.BUDGET, mission=mission, period=P2627,
                        title="Budget for 2026/27", draft=True)
    older = ProposalContent(document=document).model_dump(mode="json")
    del older["driver_edits"]
    assert ProposalContent.model_validate(older).driver_edits == ()
    edit = "vacancy_factor.international_staff=10.0"
    kept = ProposalContent(document=document, driver_edits=(edit,))
    assert ProposalContent.model_validate_json(kept.canonical_json()) == kept
    for wrong in ("no equals sign", "=10", "key=", "key=1\n"):
        with pytest.raises(ValueError, match="driver_edits"):
            ProposalContent(document=document, driver_edits=(wrong,))
    with pytest.raises(ValueError, match="driver_edits"):
        ProposalContent(document=document, driver_edits=(edit,) * (MAX_DRIVER_EDITS + 1))


def test_a_revision_refuses_control_characters_in_its_author() -> None:
    with pytest.raises(ValueError, match="author"):
        _revision(author="ana\x1b[31m")
