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


def test_compare_shows_posts_staffing_vacancy_and_follow_up(seeded: Engine) -> None:
    """A revision establishing a post (its justification trying to be markup), raising
    a vacancy rate and adding to a request's action: the page and the API show each."""
    from rbb.services.post_action_editing import add_action
    from rbb.services.vacancy_editing import with_vacancy

    people(seeded)
    service = ProposalService(seeded)
    pid = service.new_copied("UNMIK:2025/26", by="ana").id
    content = with_vacancy(add_action(service.content(pid, 1), {
        "kind": "establishment", "component": "substantive",
        "office": "Office of Legal Affairs", "grade": "P-4", "count": "1",
        "justification": HOSTILE}), rates={"international_staff": "10.0"})
    document = content.document
    first = document.follow_up[0]
    document = document.model_copy(update={"follow_up": (
        first.model_copy(update={"action": first.action + " Done."}),
        *document.follow_up[1:])})
    service.save_content(pid, content.model_copy(update={"document": document}),
                         based_on=1, by="ana")
    vera = make_client(seeded)
    login(vera, "vera")
    page = vera.get(f"/proposals/{pid}/compare", params={"old": 1, "new": 2})
    assert page.status_code == 200
    # The seed's 4 P-5/P-4 posts in the Office of Legal Affairs, 5 proposed: +1.
    assert ('<th scope="row">Office of Legal Affairs, proposed 2025/26</th><td>p5_p4</td>'
            '<td class="num">4</td><td class="num">5</td><td class="num">+1</td>'
            in page.text)
    assert "24 staffing-table cell(s) that differ" in page.text  # as the service test
    assert ('<td class="num">8.8</td><td class="num">10.0</td><td class="num">+1.2</td>'
            in page.text)  # 10.0 − 8.8
    assert "a1 (added)" in page.text and "establishment: 1 P-4, Office of Legal Affairs" \
        in page.text
    assert "<script>alert" not in page.text and "<ins>&lt;script&gt;alert" in page.text
    assert "follow-up general_assembly Resolution 76/274 #1 action" in page.text
    assert "<ins>Done.</ins>" in page.text
    diff = vera.get(f"/api/v1/proposals/{pid}/diff", params={"old": 1, "new": 2}).json()
    assert diff["vacancy_factors"][0] == {
        "category": "international_staff", "period": "2025/26", "kind": "proposed",
        "old": "8.8", "new": "10.0", "change": "1.2"}
    assert diff["post_actions"][0]["count"] == {"old": None, "new": "1", "change": None}
    assert diff["post_actions"][0]["justification"]["new"] == HOSTILE
    assert len(diff["staffing"]) == 24 and diff["figures"] == []
    assert diff["follow_up"][0]["words"][-1] == ["added", "Done."]


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
