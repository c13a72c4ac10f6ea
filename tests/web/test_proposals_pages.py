"""The pages of budget proposals (docs/preparation.md): the list and its form to start
one, the overview with its history and the transitions the user's role allows, two
revisions compared, and the approvers' review inbox; forms carry the CSRF token."""

from __future__ import annotations

from decimal import Decimal

from fastapi.testclient import TestClient
from sqlalchemy import Engine

from rbb.services.costing_service import DocumentRef
from rbb.services.proposal_service import ProposalService
from rbb.storage.accounts import Role
from rbb.storage.repository import DocumentStore

from .conftest import add_user, csrf_token, login, make_client, store_state

HOSTILE = '<script>alert("x")</script> & <b>bold</b>'


def started(engine: Engine) -> int:
    """Proposal 1: the embedded UNMIK budget for 2025/26 copied, then its title edited
    by ana with a comment that tries to be markup."""
    service = ProposalService(engine)
    proposal = service.new_copied("UNMIK:2025/26", by="ana", comment="from the seed")
    document = service.document(proposal.id, 1)
    revised = document.model_copy(update={"title": document.title + " (revised)"})
    service.save(proposal.id, revised, based_on=1, by="ana", comment=HOSTILE)
    return proposal.id


def people(engine: Engine) -> None:
    add_user(engine, "ana", Role.EDITOR)
    add_user(engine, "omar", Role.APPROVER)
    add_user(engine, "vera", Role.VIEWER)


def post(client: TestClient, url: str, **fields: str) -> int:
    token = csrf_token(client, "/proposals")
    response = client.post(url, data={"csrf_token": token, **fields},
                           follow_redirects=False)
    return response.status_code


def test_an_editor_starts_submits_and_an_approver_approves(seeded: Engine) -> None:
    people(seeded)
    ana, omar = make_client(seeded), make_client(seeded)
    login(ana, "ana")
    login(omar, "omar")
    listing = ana.get("/proposals")
    assert listing.status_code == 200 and "Start a proposal" in listing.text
    assert 'href="/proposals"' in listing.text  # in the navigation
    assert post(ana, "/proposals", start="copied", source="UNMIK:2025/26") == 303
    pid = ProposalService(seeded).proposals()[0].id
    page = ana.get(f"/proposals/{pid}")
    assert "draft" in page.text and f'action="/proposals/{pid}/submit"' in page.text
    assert f'action="/proposals/{pid}/approve"' not in page.text  # not an editor's
    assert post(ana, f"/proposals/{pid}/approve") == 403
    assert post(ana, f"/proposals/{pid}/submit", comment="ready") == 303

    inbox = omar.get("/review")
    assert inbox.status_code == 200 and f'href="/proposals/{pid}"' in inbox.text
    assert "ready" in inbox.text
    assert ana.get("/review").status_code == 403
    shown = omar.get(f"/proposals/{pid}")
    assert f'action="/proposals/{pid}/approve"' in shown.text
    assert f'action="/proposals/{pid}/return"' in shown.text
    refused = omar.post(f"/proposals/{pid}/return",
                        data={"csrf_token": csrf_token(omar, "/proposals")})
    assert refused.status_code == 400 and "say why" in refused.text
    assert post(omar, f"/proposals/{pid}/approve", comment="agreed") == 303
    approved = omar.get(f"/proposals/{pid}")
    assert "approved" in approved.text and "is locked" in approved.text
    assert "Nothing waits for review" in omar.get("/review").text


def test_a_starting_mistake_is_shown_with_the_form_kept(seeded: Engine) -> None:
    people(seeded)
    ana = make_client(seeded)
    login(ana, "ana")
    before = store_state(seeded)
    response = ana.post("/proposals", data={
        "csrf_token": csrf_token(ana, "/proposals"), "start": "drafted",
        "source": "UNMIK:2025/26", "period": "next year"})
    assert response.status_code == 400
    assert "period:" in response.text and 'value="UNMIK:2025/26"' in response.text
    assert store_state(seeded) == before


def test_the_overview_and_compare_escape_a_hostile_comment(seeded: Engine) -> None:
    people(seeded)
    pid = started(seeded)
    vera = make_client(seeded)
    login(vera, "vera")
    page = vera.get(f"/proposals/{pid}")
    assert page.status_code == 200
    assert "<script>alert" not in page.text and "<b>bold</b>" not in page.text
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt; &amp; &lt;b&gt;" in page.text
    assert "<form method=\"post\" action=\"/proposals/" not in page.text  # a viewer acts not
    compare = vera.get(f"/proposals/{pid}/compare", params={"old": 1, "new": 2})
    assert compare.status_code == 200
    assert "<ins>(revised)</ins>" in compare.text
    assert "No figure differs." in compare.text


def test_a_restore_from_a_stale_page_is_refused(seeded: Engine) -> None:
    people(seeded)
    pid = started(seeded)
    ana = make_client(seeded)
    login(ana, "ana")
    assert 'name="revision" value="1"' in ana.get(f"/proposals/{pid}").text
    assert post(ana, f"/proposals/{pid}/restore", revision="1", based_on="1") == 409
    assert post(ana, f"/proposals/{pid}/restore", revision="1", based_on="2") == 303
    assert ProposalService(seeded).proposals()[0].head == 3


def test_a_viewer_never_writes_through_the_forms(seeded: Engine) -> None:
    people(seeded)
    pid = started(seeded)
    vera = make_client(seeded)
    login(vera, "vera")
    assert "Start a proposal" not in vera.get("/proposals").text
    assert vera.get("/review").status_code == 403
    before = store_state(seeded)
    urls = ["/proposals", f"/proposals/{pid}/restore"] + [
        f"/proposals/{pid}/{action}" for action in ("submit", "return", "approve", "issue")]
    assert [post(vera, url, start="copied", source="UNMIK:2025/26", revision="1",
                 based_on="2", comment="why") for url in urls] == [403] * 6
    assert store_state(seeded) == before


def test_the_copied_document_is_not_the_stored_one(seeded: Engine) -> None:
    """A proposal's revision is its own: the stored budget stays as it was."""
    people(seeded)
    started(seeded)
    ref = DocumentRef.parse("UNMIK:2025/26")
    stored = DocumentStore(seeded).load(ref.mission, ref.period, ref.kind)
    assert not stored.title.endswith("(revised)") and not stored.draft


def test_compare_shows_a_changed_figure_with_its_change(seeded: Engine) -> None:
    """One cell of the first money table raised by 12.5 (thousands of dollars): the page
    shows both amounts and +12.5, and no other cell."""
    people(seeded)
    service = ProposalService(seeded)
    pid = service.new_copied("UNMIK:2025/26", by="ana").id
    document = service.document(pid, 1)
    table = document.financial_tables[0]
    index, row = next((i, r) for i, r in enumerate(table.rows)
                      if any(v is not None for v in r.values.values()))
    column, was = next((k, v) for k, v in row.values.items() if v is not None)
    raised = row.model_copy(update={"values": {**row.values, column: was + Decimal("12.5")}})
    rows = (*table.rows[:index], raised, *table.rows[index + 1:])
    tables = (table.model_copy(update={"rows": rows}), *document.financial_tables[1:])
    service.save(pid, document.model_copy(update={"financial_tables": tables}),
                 based_on=1, by="ana", comment="one figure")
    ana = make_client(seeded)
    login(ana, "ana")
    page = ana.get(f"/proposals/{pid}/compare")  # the head against its parent
    assert page.status_code == 200
    assert "1 money-table cell(s) that differ" in page.text
    assert "+12.5" in page.text and column in page.text
