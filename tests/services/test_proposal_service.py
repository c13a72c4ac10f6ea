"""Budget proposals as a service, on SQLite and PostgreSQL: started from a stored budget
(drafted forward or copied) or empty, saved only by editors and only while editable,
moved on by the roles the workflow names, compared cell by cell and word by word,
restored as new revisions."""

from __future__ import annotations

from decimal import Decimal

import pytest
from sqlalchemy import Engine

from rbb.model import Document, DocumentKind, Period
from rbb.model.errors import InputError, PermissionDeniedError, StaleRevisionError
from rbb.model.proposals import ProposalAction, ProposalState, Revision, Transition
from rbb.services.costing_service import CostingService, DocumentRef
from rbb.services.proposal_diff import WordOp
from rbb.services.proposal_service import ProposalService
from rbb.storage import DocumentStore
from rbb.storage.accounts import AccountStore, Role
from tests.conftest import BUDGET_SEED, imported

P2526, P2627 = Period.parse("2025/26"), Period.parse("2026/27")
PASSWORD = "budget proposals need care 7"


def seeded_proposals(engine: Engine) -> ProposalService:
    """The service over a store holding the UNMIK budget 2025/26 and a user of each role:
    vera (viewer), ed (editor), apu (approver), ada (admin)."""
    result = imported(BUDGET_SEED)
    assert result.document is not None
    DocumentStore(engine).save(result.document, result.diagnostics)
    accounts = AccountStore(engine)
    for name, role in (("vera", Role.VIEWER), ("ed", Role.EDITOR), ("apu", Role.APPROVER),
                       ("ada", Role.ADMIN)):
        accounts.add_user(name, PASSWORD, role)
    return ProposalService(engine)


@pytest.fixture
def service(engine: Engine) -> ProposalService:
    return seeded_proposals(engine)


def with_cell(document: Document, table: str, line: str, column: str,
              value: Decimal) -> Document:
    tables = []
    for t in document.financial_tables:
        if t.key == table:
            t = t.model_copy(update={"rows": tuple(
                r.model_copy(update={"values": {**r.values, column: value}})
                if r.line == line else r for r in t.rows)})
        tables.append(t)
    return document.model_copy(update={"financial_tables": tuple(tables)})


def test_drafted_forward_as_rbb_draft_drafts_it_and_nothing_else_stored(
        service: ProposalService, engine: Engine) -> None:
    proposal = service.new_drafted("UNMIK:2025/26", P2627, by="ed")
    assert (proposal.state, proposal.head, proposal.period) == (ProposalState.DRAFT, 1, P2627)
    drafted = CostingService(engine).draft(DocumentRef.parse("UNMIK:2025/26"), P2627,
                                                  store=False).document
    document = service.document(proposal.id, 1)
    assert document.draft and document.period == P2627
    assert document.financial_tables == drafted.financial_tables
    # The draft is the proposal's revision, not a stored document.
    assert [s.period for s in DocumentStore(engine).summaries()] == [P2526]


def test_copied_or_empty(service: ProposalService) -> None:
    copied = service.new_copied("UNMIK:2025/26", by="ed")
    document = service.document(copied.id, 1)
    stored = imported(BUDGET_SEED).document
    assert stored is not None and not stored.draft
    assert document == stored.model_copy(update={"draft": True})
    empty = service.new_empty("minusca", P2627, by="ed")
    blank = service.document(empty.id, 1)
    assert (empty.mission, blank.kind, blank.financial_tables) == ("MINUSCA",
                                                                   DocumentKind.BUDGET, ())
    assert blank.mission.name in blank.title and "1 July 2026 to 30 June 2027" in blank.title


def test_only_an_account_with_a_role_may_act(service: ProposalService) -> None:
    with pytest.raises(PermissionDeniedError, match="vera is viewer: to start a proposal, "
                                                    "the editor role is needed"):
        service.new_copied("UNMIK:2025/26", by="vera")
    with pytest.raises(PermissionDeniedError, match="'nobody' has no account"):
        service.new_copied("UNMIK:2025/26", by="nobody")
    proposal = service.new_copied("UNMIK:2025/26", by="ed")
    service.act(proposal.id, ProposalAction.SUBMIT, by="ed")
    with pytest.raises(PermissionDeniedError, match="ed is editor: to approve a proposal, "
                                                    "the approver role is needed"):
        service.act(proposal.id, ProposalAction.APPROVE, by="ed")
    assert service.store.proposal(proposal.id).state is ProposalState.SUBMITTED
    # An admin keeps every right.
    assert service.act(proposal.id, ProposalAction.APPROVE, by="ada").by == "ada"


def test_invalid_edits_are_refused_naming_the_field(service: ProposalService) -> None:
    proposal = service.new_copied("UNMIK:2025/26", by="ed")
    document = service.document(proposal.id, 1)
    for change, field in (({"period": P2627}, "period:"), ({"draft": False}, "draft:"),
                          ({"kind": DocumentKind.PERFORMANCE}, "kind:")):
        with pytest.raises(InputError, match=field):
            service.save(proposal.id, document.model_copy(update=change), based_on=1,
                         by="ed")
    assert [r.number for r in service.store.revisions(proposal.id)] == [1]


def test_diff_and_restore(service: ProposalService) -> None:
    proposal = service.new_copied("UNMIK:2025/26", by="ed")
    first = service.document(proposal.id, 1)
    # The seed prints international staff at 23 790.6 (cost estimates 2025/26).
    edited = with_cell(first, "financial_resources", "international_staff",
                       "cost_estimates_2025_26", Decimal("24000.0"))
    paragraph = edited.paragraphs[0]
    edited = edited.model_copy(update={"paragraphs": (
        paragraph.model_copy(update={"text": paragraph.text + " Revised."}),
        *edited.paragraphs[1:])})
    service.save(proposal.id, edited, based_on=1, by="ed", comment="international staff")
    diff = service.diff(proposal.id, 1, 2)
    assert [(f.table, f.line, f.column, f.old, f.new, f.change) for f in diff.figures] == [
        ("financial_resources", "international_staff", "cost_estimates_2025_26",
         Decimal("23790.6"), Decimal("24000.0"), Decimal("209.4"))]  # 24 000.0 − 23 790.6
    (text,) = diff.texts
    assert text.words[-1] == (WordOp.ADDED, "Revised.")
    assert text.marked().endswith("{+Revised.+}")
    restored = service.restore(proposal.id, 1, by="ed")
    assert (restored.number, restored.parent, restored.restored_from) == (3, 2, 1)
    assert restored.content_digest == service.store.revisions(proposal.id)[0].content_digest
    assert service.diff(proposal.id, 1, 3).same
    with pytest.raises(StaleRevisionError):
        service.restore(proposal.id, 2, by="ed", based_on=2)


def test_the_whole_workflow_and_its_trail(service: ProposalService) -> None:
    proposal = service.new_copied("UNMIK:2025/26", by="ed").id
    document = service.document(proposal, 1)
    service.act(proposal, ProposalAction.SUBMIT, by="ed", comment="for review")
    with pytest.raises(InputError, match="is submitted: no revision is saved"):
        service.save(proposal, document, based_on=1, by="ed")
    with pytest.raises(InputError, match="comment: to return a proposal, say why"):
        service.act(proposal, ProposalAction.RETURN, by="apu")
    service.act(proposal, ProposalAction.RETURN, by="apu", comment="justify the vehicles")
    service.save(proposal, document.model_copy(update={"title": document.title + " (rev)"}),
                 based_on=1, by="ed", comment="justified")
    service.act(proposal, ProposalAction.SUBMIT, by="ed")
    approved = service.act(proposal, ProposalAction.APPROVE, by="apu")
    assert approved.revision == 2
    with pytest.raises(InputError, match="is approved: no revision is saved"):
        service.restore(proposal, 1, by="ed")
    with pytest.raises(InputError, match="it cannot be sent to submit"):
        service.act(proposal, ProposalAction.SUBMIT, by="ed")
    service.act(proposal, ProposalAction.ISSUE, by="apu")
    with pytest.raises(InputError, match=r"is issued: it cannot be sent to return \(possible"
                                         r": none\)"):
        service.act(proposal, ProposalAction.RETURN, by="apu", comment="too late")
    trail = service.history(proposal)
    assert [(type(r).__name__, r.number if isinstance(r, Revision) else r.action.value)
            for r in trail] == [("Revision", 1), ("Transition", "submit"),
                                ("Transition", "return"), ("Revision", 2),
                                ("Transition", "submit"), ("Transition", "approve"),
                                ("Transition", "issue")]
    assert [r.position for r in trail] == list(range(1, 8))
    assert all(isinstance(r, Revision) or r.by in ("ed", "apu") for r in trail)
    returned = trail[2]
    assert isinstance(returned, Transition) and returned.comment == "justify the vehicles"
    check = service.verify()
    assert check.intact and check.records == 7
