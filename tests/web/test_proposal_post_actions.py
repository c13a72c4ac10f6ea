"""The post actions editor (docs/preparation.md, "Editing post actions and vacancy
factors"): on the UNMIK budget for 2025/26 copied as a proposal, an editor adds an
establishment and a redeployment through the form, the revision holds them and the
derived table moves by one post; each refusal names its field and stores nothing; a
viewer never writes; hostile text is escaped; the API does the same with If-Match."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy import Engine

from rbb.model.staffing import StaffingColumn, StaffingKind
from rbb.services.proposal_service import ProposalService
from rbb.storage.accounts import AccountStore

from .conftest import copied_proposal as copied
from .conftest import csrf_token, make_client, store_state
from .conftest import logged_in_client as editing

HOSTILE = '<script>alert("x")</script> & <b>bold</b>'
LEGAL = "Office of Legal Affairs"
POLITICAL = "Office of Political Affairs"
ESTABLISH_LEGAL_OFFICER = {
    "kind": "establishment", "component": "substantive", "office": LEGAL, "grade": "P-4",
    "count": "1", "functional_title": "Legal Officer",
    "justification": "to advise the mission on the agreements it concludes"}
REDEPLOY_P3 = {
    "kind": "redeployment", "component": "substantive", "office": LEGAL, "grade": "P-3",
    "count": "1", "functional_title": "Associate Legal Officer",
    "destination_office": POLITICAL, "justification": "to follow the dialogue"}




def post(client: TestClient, pid: int, path: str = "", **fields: str) -> Any:
    url = f"/proposals/{pid}/edit/post-actions{path}"
    token = csrf_token(client, f"/proposals/{pid}/edit/post-actions")
    based_on = fields.pop("based_on", str(_head(client, pid)))
    return client.post(url, data={"csrf_token": token, "based_on": based_on, **fields},
                       follow_redirects=False)


def _head(client: TestClient, pid: int) -> int:
    response = client.get(f"/api/v1/proposals/{pid}")
    number: int = response.json()["head"]
    return number


def table_row(engine: Engine, pid: int, office: str, kind: StaffingKind) -> dict[Any, Any]:
    """The office's row of kind in the head revision's derived tables."""
    from rbb.engine.post_actions import apply_post_actions

    service = ProposalService(engine)
    content = service.content(pid, service.proposals()[0].head)
    derived = apply_post_actions(content.document.staffing_tables, content.post_actions)
    return next(r.counts for t in derived.tables if t.component == "substantive"
                for r in t.rows if r.office == office and r.kind is kind)


def test_an_editor_adds_an_establishment_and_a_redeployment(seeded: Engine) -> None:
    pid = copied(seeded)
    ana = editing(seeded)
    page = ana.get(f"/proposals/{pid}/edit/post-actions")
    assert page.status_code == 200
    assert "states no post action" in page.text and "Start from the staffing tables" in page.text
    assert f'<option value="{LEGAL}">' in page.text and '<option value="P-4">' in page.text

    saved = post(ana, pid, **ESTABLISH_LEGAL_OFFICER)
    assert saved.status_code == 303
    assert saved.headers["location"] == f"/proposals/{pid}/edit/post-actions?saved=2"
    assert post(ana, pid, **REDEPLOY_P3).status_code == 303

    service = ProposalService(seeded)
    actions = service.content(pid, 3).post_actions
    assert [(a.id, a.kind.value, a.office, a.grade) for a in actions] == [
        ("a1", "establishment", LEGAL, "P-4"), ("a2", "redeployment", LEGAL, "P-3")]
    # The seed's Office of Legal Affairs holds 4 P-5–P-4 and 5 P-3–P-2 posts (13 in
    # all): one P-4 established, one P-3 redeployed out: 5 and 4, still 13.
    legal = table_row(seeded, pid, LEGAL, StaffingKind.PROPOSED)
    assert (legal[StaffingColumn.P5_P4], legal[StaffingColumn.P3_P2],
            legal[StaffingColumn.TOTAL]) == (5, 4, 13)

    shown = ana.get(f"/proposals/{pid}/edit/post-actions?saved=3")
    assert "Saved as revision 3." in shown.text
    assert "4 → 5 (+1)" in shown.text and "5 → 4 (-1)" in shown.text
    # Political Affairs: 1 P-3–P-2 post, one more arrives; 11 posts become 12.
    assert "1 → 2 (+1)" in shown.text and "11 → 12 (+1)" in shown.text
    assert ("It is proposed to establish one post of Legal Officer (P-4) in the Office of "
            "Legal Affairs. To advise the mission on the agreements it concludes.") in shown.text
    assert ("It is proposed to redeploy one post of Associate Legal Officer (P-3) from the "
            "Office of Legal Affairs to the Office of Political Affairs.") in shown.text


def test_htmx_swaps_the_section_and_reloads_the_findings(seeded_sqlite: Engine) -> None:
    pid = copied(seeded_sqlite)
    ana = editing(seeded_sqlite)
    token = csrf_token(ana, f"/proposals/{pid}/edit/post-actions")
    response = ana.post(f"/proposals/{pid}/edit/post-actions",
                        data={"csrf_token": token, "based_on": "1", **ESTABLISH_LEGAL_OFFICER},
                        headers={"HX-Request": "true"})
    assert response.status_code == 200 and response.headers["hx-trigger"] == "saved"
    assert response.text.lstrip().startswith("<section id=\"post-actions\"")
    assert "Saved as revision 2." in response.text and "<html" not in response.text
    # A refusal is swapped in place too: 422, the status the app's HTMX swaps.
    refusal = ana.post(f"/proposals/{pid}/edit/post-actions",
                       data={"csrf_token": token, "based_on": "2", **ESTABLISH_LEGAL_OFFICER,
                             "grade": "Q-1"}, headers={"HX-Request": "true"})
    assert refusal.status_code == 422 and "post action a2 grade:" in refusal.text
    assert refusal.text.lstrip().startswith("<section id=\"post-actions\"")
    one = ana.post(f"/proposals/{pid}/edit/post-actions/a1",
                   data={"csrf_token": token, "based_on": "2", **ESTABLISH_LEGAL_OFFICER,
                         "count": "x"}, headers={"HX-Request": "true"})
    assert one.status_code == 422 and "post action a1 count: &#39;x&#39; is not" in one.text
    assert one.text.lstrip().startswith("<section id=\"post-action-edit\"")


def refused(client: TestClient, engine: Engine, pid: int, **changes: str) -> str:
    before = store_state(engine)
    response = post(client, pid, **{**ESTABLISH_LEGAL_OFFICER, **changes})
    assert response.status_code == 400, response.text[:300]
    assert store_state(engine) == before
    return response.text


def test_each_refusal_names_its_field_and_keeps_what_was_typed(seeded_sqlite: Engine) -> None:
    pid = copied(seeded_sqlite)
    ana = editing(seeded_sqlite)
    zero = refused(ana, seeded_sqlite, pid, count="0", functional_title="Typed Title 7")
    assert "post action a1 count:" in zero and 'value="Typed Title 7"' in zero
    assert "post action a1 count:" in refused(ana, seeded_sqlite, pid, count="-2")
    assert "post action a1 grade: &#39;P-8&#39; is not a grade" in refused(
        ana, seeded_sqlite, pid, grade="P-8")
    empty = refused(ana, seeded_sqlite, pid, justification="  ")
    assert "post action a1 justification:" in empty and "needs its justification" in empty
    nowhere = refused(ana, seeded_sqlite, pid, **{**REDEPLOY_P3, "destination_office": ""})
    assert "post action a1 destination_office: a redeployment names the office" in nowhere
    # The seed's Office of Legal Affairs holds one Field Service post: two cannot go.
    taken = refused(ana, seeded_sqlite, pid, kind="abolishment", grade="FS-5", count="2")
    assert "post action a1 count:" in taken and "which holds 1" in taken
    # An office chosen from the list belongs to the component chosen.
    elsewhere = refused(ana, seeded_sqlite, pid, component="support")
    assert "office: &#39;Office of Legal Affairs&#39; is not an office of the support" in \
        elsewhere
    assert ProposalService(seeded_sqlite).proposals()[0].head == 1


def test_edit_remove_and_a_new_office_not_from_the_seed(seeded_sqlite: Engine) -> None:
    """An office the seed does not print, typed in: the establishment opens its rows."""
    pid = copied(seeded_sqlite)
    ana = editing(seeded_sqlite)
    office = "Office of Ocean Liaison Ñ"
    assert post(ana, pid, **{**ESTABLISH_LEGAL_OFFICER, "new_office": office, "grade": "NO-B",
                             "count": "3", "functional_title": "Tide Analyst",
                             "justification": "tidal data for the ports"}).status_code == 303
    page = ana.get(f"/proposals/{pid}/edit/post-actions")
    assert "0 → 3 (+3)" in page.text  # a new office: nothing approved, three proposed
    assert ("It is proposed to establish three posts of Tide Analyst (NO-B) in the Office of "
            "Ocean Liaison Ñ.") in page.text
    one = ana.get(f"/proposals/{pid}/edit/post-actions/a1")
    assert one.status_code == 200 and 'value="Tide Analyst"' in one.text
    assert post(ana, pid, "/a1", **{**ESTABLISH_LEGAL_OFFICER, "count": "2",
                                    "new_office": office}).status_code == 303
    action = ProposalService(seeded_sqlite).content(pid, 3).post_actions[0]
    assert (action.id, action.count, action.office) == ("a1", 2, office)
    assert ana.get(f"/proposals/{pid}/edit/post-actions/a9").status_code == 404
    assert post(ana, pid, "/a1/remove").status_code == 303
    assert ProposalService(seeded_sqlite).content(pid, 4).post_actions == ()


def test_start_from_the_tables(seeded_sqlite: Engine) -> None:
    """The seed prints no net change: nothing to start from (refused, named). Once a
    revision's table proposes one more P-3–P-2 post in Legal Affairs, starting from the
    tables saves the establishment that stands for it."""
    pid = copied(seeded_sqlite)
    ana = editing(seeded_sqlite)
    nothing = post(ana, pid, "/from-tables")
    assert nothing.status_code == 400 and "staffing_tables: the tables print no net" in \
        nothing.text
    service = ProposalService(seeded_sqlite)
    document = service.document(pid, 1)
    tables = []
    for table in document.staffing_tables:
        rows = tuple(r.model_copy(update={"counts": {**r.counts, StaffingColumn.P3_P2: 6}})
                     if r.office == LEGAL and r.kind is StaffingKind.PROPOSED else r
                     for r in table.rows)
        tables.append(table.model_copy(update={"rows": rows}))
    service.save(pid, document.model_copy(update={"staffing_tables": tuple(tables)}),
                 based_on=1, by="ana")
    assert post(ana, pid, "/from-tables").status_code == 303
    (inferred,) = service.content(pid, 3).post_actions
    assert (inferred.kind.value, inferred.office, inferred.grade, inferred.count) == (
        "establishment", LEGAL, "P-3–P-2", 1)
    again = post(ana, pid, "/from-tables")
    assert again.status_code == 400 and "action(s) already" in again.text


def test_a_viewer_cannot_post_and_hostile_text_is_escaped(seeded_sqlite: Engine) -> None:
    pid = copied(seeded_sqlite)
    ana = editing(seeded_sqlite)
    assert post(ana, pid, **{**ESTABLISH_LEGAL_OFFICER, "functional_title": HOSTILE,
                             "justification": HOSTILE}).status_code == 303
    vera = editing(seeded_sqlite, "vera")
    page = vera.get(f"/proposals/{pid}/edit/post-actions")
    assert page.status_code == 200
    assert "<script>alert" not in page.text and "<b>bold</b>" not in page.text
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;" in page.text
    assert "Add the action" not in page.text and "Remove a1" not in page.text
    before = store_state(seeded_sqlite)
    token = csrf_token(vera, f"/proposals/{pid}/edit/post-actions")
    for path in ("", "/from-tables", "/a1", "/a1/remove"):
        response = vera.post(f"/proposals/{pid}/edit/post-actions{path}",
                             data={"csrf_token": token, "based_on": "2",
                                   **ESTABLISH_LEGAL_OFFICER}, follow_redirects=False)
        assert response.status_code == 403
    assert store_state(seeded_sqlite) == before
    assert make_client(seeded_sqlite).get(
        f"/proposals/{pid}/edit/post-actions", follow_redirects=False).status_code in (302,
                                                                                     303, 401)


# --- the API --------------------------------------------------------------------------

def bearer(engine: Engine, username: str) -> dict[str, str]:
    _, secret = AccountStore(engine).create_token(username, "posts")
    return {"Authorization": f"Bearer {secret}"}


def test_the_api_adds_replaces_and_removes_with_if_match(seeded: Engine) -> None:
    pid = copied(seeded)
    client = make_client(seeded)
    ana = bearer(seeded, "ana")
    url = f"/api/v1/proposals/{pid}/post-actions"
    one = {k: v for k, v in ESTABLISH_LEGAL_OFFICER.items() if k != "count"} | {"count": 1}
    assert client.post(url, json=one, headers=ana).status_code == 428
    added = client.post(url, json=one, headers={**ana, "If-Match": '"1"'})
    assert added.status_code == 201 and added.headers["etag"] == '"2"'
    listed = client.get(url, headers=ana).json()
    assert [a["id"] for a in listed["post_actions"]] == ["a1"]
    assert listed["justifications"][0]["office"] == LEGAL

    before = store_state(seeded)
    bad = [listed["post_actions"][0], {**REDEPLOY_P3, "id": "a3", "count": 1, "grade": "P-9"}]
    refused = client.put(url, json={"post_actions": bad}, headers={**ana, "If-Match": '"2"'})
    assert refused.status_code == 400
    assert refused.json()["detail"].startswith("post action a3 grade: 'P-9' is not a grade")
    assert store_state(seeded) == before

    good = [listed["post_actions"][0], {**REDEPLOY_P3, "id": "a3", "count": 1}]
    replaced = client.put(url, json={"post_actions": good, "comment": "both"},
                          headers={**ana, "If-Match": '"2"'})
    assert replaced.status_code == 201 and replaced.headers["etag"] == '"3"'
    removed = client.delete(f"{url}/a1", headers={**ana, "If-Match": '"3"'})
    assert removed.status_code == 201
    assert [a["id"] for a in client.get(url, headers=ana).json()["post_actions"]] == ["a3"]
    assert client.delete(f"{url}/a1", headers={**ana, "If-Match": '"4"'}).status_code == 404
    vera = bearer(seeded, "vera")
    assert client.post(url, json=one, headers={**vera, "If-Match": '"4"'}).status_code == 403
