"""Budget proposals through the REST API (docs/preparation.md): the whole path from a
draft to an issued budget, with a conflicting stale save refused and every role held to its
rights, on SQLite and PostgreSQL."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine

from rbb.services.proposal_service import ProposalService
from rbb.storage.accounts import AccountStore, Role

from .conftest import add_user, make_client, store_state

API = "/api/v1/proposals"


def bearer(engine: Engine, username: str, role: Role) -> dict[str, str]:
    add_user(engine, username, role)
    _, secret = AccountStore(engine).create_token(username, "proposals")
    return {"Authorization": f"Bearer {secret}"}


@pytest.fixture
def people(seeded: Engine) -> dict[str, dict[str, str]]:
    return {"ana": bearer(seeded, "ana", Role.EDITOR),
            "omar": bearer(seeded, "omar", Role.APPROVER),
            "vera": bearer(seeded, "vera", Role.VIEWER)}


@pytest.fixture
def client(seeded: Engine, people: dict[str, dict[str, str]]) -> TestClient:
    """A client reading as the viewer unless a request names someone else (a proposal
    is never public)."""
    reading = make_client(seeded)
    reading.headers.update(people["vera"])
    return reading


def start(client: TestClient, who: dict[str, str]) -> dict[str, Any]:
    """The embedded UNMIK budget for 2025/26 copied as proposal's revision 1."""
    response = client.post(API, json={"start": "copied", "source": "UNMIK:2025/26",
                                      "comment": "rework the seed"}, headers=who)
    assert response.status_code == 201, response.text
    assert response.headers["etag"] == '"1"'
    body: dict[str, Any] = response.json()
    return body


def edited(client: TestClient, proposal: int, number: int, words: str) -> dict[str, Any]:
    document: dict[str, Any] = client.get(f"{API}/{proposal}/revisions/{number}").json()
    document["title"] = f"{document['title']} {words}"
    return document


def save(client: TestClient, who: dict[str, str], proposal: int, document: dict[str, Any],
         based_on: int | None, comment: str = "") -> Any:
    headers = dict(who)
    if based_on is not None:
        headers["If-Match"] = f'"{based_on}"'
    return client.post(f"{API}/{proposal}/revisions", headers=headers,
                       json={"document": document, "comment": comment})


def act(client: TestClient, who: dict[str, str], proposal: int, action: str,
        comment: str = "") -> Any:
    return client.post(f"{API}/{proposal}/{action}", json={"comment": comment}, headers=who)


def test_a_proposal_goes_from_draft_to_issued(client: TestClient,
                                              people: dict[str, dict[str, str]]) -> None:
    ana, omar = people["ana"], people["omar"]
    started = start(client, ana)
    pid = started["id"]
    assert (started["state"], started["head"], started["mission"], started["period"]) == (
        "draft", 1, "UNMIK", "2025/26")
    assert started["next_actions"] == ["submit"]
    assert client.get(f"{API}/{pid}").headers["etag"] == '"1"'

    # Two editors start from revision 1 and both retitle it: the first save lands, the
    # second is refused with the field both changed (different fields would merge:
    # tests/web/test_proposal_conflicts.py).
    first = edited(client, pid, 1, "(vehicles justified)")
    second = edited(client, pid, 1, "(another edit)")
    saved = save(client, ana, pid, first, based_on=1, comment="vehicles justified")
    assert saved.status_code == 201, saved.text
    assert saved.headers["etag"] == '"2"' and saved.json()["parent"] == 1
    stale = save(client, ana, pid, second, based_on=1)
    assert stale.status_code == 409
    assert stale.headers["content-type"] == "application/problem+json"
    assert "revision 2 was saved after revision 1" in stale.json()["detail"]
    assert (stale.json()["based_on"], stale.json()["head"]) == (1, 2)
    assert [c["path"] for c in stale.json()["conflicts"]] == ["document/title"]
    assert save(client, ana, pid, second, based_on=None).status_code == 428
    assert client.get(f"{API}/{pid}").json()["head"] == 2  # nothing stored by either

    diff = client.get(f"{API}/{pid}/diff", params={"old": 1, "new": 2}).json()
    assert [t["where"] for t in diff["texts"]] == ["title"]
    assert ["added", "(vehicles justified)"] in diff["texts"][0]["words"]
    assert diff["figures"] == []

    assert act(client, ana, pid, "submit", "ready for review").status_code == 200
    assert save(client, ana, pid, first, based_on=2).status_code == 400  # submitted
    assert act(client, ana, pid, "approve").status_code == 403  # an editor never approves
    assert act(client, ana, pid, "return", "no").status_code == 403
    assert act(client, omar, pid, "return").status_code == 400  # returning says why
    returned = act(client, omar, pid, "return", "explain the rise in air operations")
    assert returned.status_code == 200 and returned.json()["to"] == "returned"

    again = save(client, ana, pid, edited(client, pid, 2, "(air operations explained)"),
                 based_on=2, comment="air operations explained")
    assert again.status_code == 201 and again.headers["etag"] == '"3"'
    assert act(client, ana, pid, "submit").status_code == 200
    approved = act(client, omar, pid, "approve")
    assert approved.status_code == 200 and approved.json()["revision"] == 3
    locked = save(client, ana, pid, first, based_on=3)
    assert locked.status_code == 400 and "approved" in locked.json()["detail"]
    restored = client.post(f"{API}/{pid}/revisions/1/restore", json={},
                           headers={**omar, "If-Match": '"3"'})
    assert restored.status_code == 400  # an approver is an editor too, but it is locked
    assert act(client, omar, pid, "issue").status_code == 200

    shown = client.get(f"{API}/{pid}").json()
    assert (shown["state"], shown["head"], shown["next_actions"]) == ("issued", 3, [])
    trail = client.get(f"{API}/{pid}/history").json()
    # 3 revisions and 5 transitions (submit, return, submit, approve, issue)
    assert [r.get("action", r["record"]) for r in trail] == [
        "revision", "revision", "submit", "return", "revision", "submit", "approve",
        "issue"]
    assert trail[3]["comment"] == "explain the rise in air operations"
    check = client.get(f"{API}/{pid}/audit-trail").json()
    assert check["intact"] and check["records"] == 8
    assert client.get("/api/v1/audit-trail").json()["proposals"] == 1
    listed = client.get(API, params={"state": "issued", "mission": "unmik"}).json()
    assert [p["id"] for p in listed] == [pid]
    assert client.get(API, params={"state": "draft"}).json() == []


def test_a_restore_needs_the_head_it_was_based_on(client: TestClient,
                                                  people: dict[str, dict[str, str]]) -> None:
    ana = people["ana"]
    pid = start(client, ana)["id"]
    assert save(client, ana, pid, edited(client, pid, 1, "(two)"), 1).status_code == 201
    url = f"{API}/{pid}/revisions/1/restore"
    assert client.post(url, json={}, headers=ana).status_code == 428
    assert client.post(url, json={}, headers={**ana, "If-Match": '"1"'}).status_code == 409
    restored = client.post(url, json={"comment": "back to the seed"},
                           headers={**ana, "If-Match": '"2"'})
    assert restored.status_code == 201
    assert restored.json()["restored_from"] == 1 and restored.json()["number"] == 3
    same = client.get(f"{API}/{pid}/diff", params={"old": 1, "new": 3}).json()
    assert same["figures"] == [] and same["texts"] == []


def test_a_save_of_another_period_names_the_field(client: TestClient,
                                                  people: dict[str, dict[str, str]]) -> None:
    ana = people["ana"]
    pid = start(client, ana)["id"]
    document = edited(client, pid, 1, "")
    document["period"] = "2026/27"
    refused = save(client, ana, pid, document, 1)
    assert refused.status_code == 400
    assert refused.json()["detail"].startswith("period: the proposal is for 2025/26")
    assert save(client, ana, pid, [], 1).status_code == 400  # type: ignore[arg-type]


def test_a_save_brings_its_driver_edits_or_keeps_the_revisions(
        client: TestClient, seeded: Engine, people: dict[str, dict[str, str]]) -> None:
    """``driver_edits`` in a save's body replaces the revision's, each read as a
    scenario's edit in its canonical spelling; left out, those of the revision If-Match
    names stay; one that is no edit is refused naming it, nothing stored."""
    ana = people["ana"]
    pid = start(client, ana)["id"]
    document = edited(client, pid, 1, "(drivers)")
    given = client.post(f"{API}/{pid}/revisions", headers={**ana, "If-Match": '"1"'},
                        json={"document": document, "driver_edits": ["vacancy_factor.ngs=+3"]})
    assert given.status_code == 201
    service = ProposalService(seeded)
    assert service.content(pid, 2).driver_edits == (
        "vacancy_factor.national_general_service_staff=+3",)
    assert save(client, ana, pid, edited(client, pid, 2, "again"), 2).status_code == 201
    assert service.content(pid, 3).driver_edits == service.content(pid, 2).driver_edits
    state = store_state(seeded)
    refused = client.post(f"{API}/{pid}/revisions", headers={**ana, "If-Match": '"3"'},
                          json={"document": document, "driver_edits": ["rate: 10"]})
    assert refused.status_code == 400
    assert refused.json()["detail"].startswith("driver_edits.1: 'rate: 10'")
    assert store_state(seeded) == state


def test_a_viewer_never_writes(client: TestClient, seeded: Engine,
                               people: dict[str, dict[str, str]]) -> None:
    pid = start(client, people["ana"])["id"]
    vera = people["vera"]
    before = store_state(seeded)
    document = edited(client, pid, 1, "(by a viewer)")
    writes = [client.post(API, json={"start": "copied", "source": "UNMIK:2025/26"},
                          headers=vera),
              save(client, vera, pid, document, 1),
              client.post(f"{API}/{pid}/revisions/1/restore", json={},
                          headers={**vera, "If-Match": '"1"'})]
    writes += [act(client, vera, pid, action, "why")
               for action in ("submit", "return", "approve", "issue")]
    assert [w.status_code for w in writes] == [403] * 7
    assert store_state(seeded) == before
    assert client.get(f"{API}/{pid}", headers=vera).json()["state"] == "draft"


def test_a_missing_proposal_is_404(client: TestClient) -> None:
    assert client.get(f"{API}/999").status_code == 404
    assert client.get(f"{API}/999/history").status_code == 404
    assert client.get(f"{API}/999/audit-trail").status_code == 404


def test_the_openapi_document_shows_each_body_with_an_example(client: TestClient) -> None:
    schema = client.get("/api/v1/openapi.json").json()
    paths, models = schema["paths"], schema["components"]["schemas"]
    assert models["NewProposal"]["examples"][0]["start"] == "drafted"
    assert models["Comment"]["examples"]
    save_body = paths["/proposals/{proposal_id}/revisions"]["post"]["requestBody"]
    assert save_body["content"]["application/json"]["examples"]["save"]["value"]["document"]
    responses = paths["/proposals/{proposal_id}/revisions"]["post"]["responses"]
    assert {"409", "428"} <= set(responses)
    for action in ("submit", "return", "approve", "issue"):
        assert f"/proposals/{{proposal_id}}/{action}" in paths


def test_a_proposal_starts_drafted_copied_or_empty_once_per_period(
        client: TestClient, people: dict[str, dict[str, str]]) -> None:
    ana = people["ana"]
    drafted = client.post(API, json={"start": "drafted", "source": "UNMIK:2025/26",
                                     "period": "2026/27"}, headers=ana)
    assert drafted.status_code == 201, drafted.text
    assert (drafted.json()["period"], drafted.json()["state"]) == ("2026/27", "draft")
    again = client.post(API, json={"start": "drafted", "source": "UNMIK:2025/26",
                                   "period": "2026/27"}, headers=ana)
    assert again.status_code == 400  # UNMIK 2026/27 has its proposal: no second one
    assert "2026/27" in again.json()["detail"]
    # Nothing drafted is stored as a document: only the proposal holds it.
    assert client.post(API, json={"start": "copied", "source": "UNMIK:2026/27"},
                       headers=ana).status_code == 404
    empty = client.post(API, json={"start": "empty", "mission": "minusca",
                                   "period": "2026/27"}, headers=ana)
    assert empty.status_code == 201, empty.text
    assert empty.json()["mission"] == "MINUSCA"
    assert "Central African Republic" in empty.json()["title"]
    for refused in ({"start": "drafted", "source": "UNMIK:2025/26"},
                    {"start": "empty", "period": "2027/28"},
                    {"start": "copied"}):
        answer = client.post(API, json=refused, headers=ana)
        assert answer.status_code == 400, refused
        assert answer.json()["detail"].split(":")[0] in {"period", "mission", "source"}
    assert sorted(p["mission"] for p in client.get(API).json()) == ["MINUSCA", "UNMIK"]


def test_a_proposal_is_never_public(seeded: Engine,
                                    people: dict[str, dict[str, str]]) -> None:
    """Transparency mode publishes the stored documents, not budgets in preparation."""
    client = make_client(seeded)
    pid = start(client, people["ana"])["id"]
    for url in (API, f"{API}/{pid}", f"{API}/{pid}/revisions/1", f"{API}/{pid}/history",
                f"{API}/{pid}/diff?old=1&new=1", f"{API}/{pid}/audit-trail",
                "/api/v1/audit-trail"):
        answer = client.get(url)
        assert answer.status_code == 401, url
        assert "Interim Administration" not in answer.text
    for url in ("/proposals", f"/proposals/{pid}", f"/proposals/{pid}/compare", "/review"):
        answer = client.get(url, follow_redirects=False)
        assert answer.status_code == 303 and answer.headers["location"].startswith(
            "/login?next="), url
    assert client.get(f"{API}/{pid}", headers=people["vera"]).status_code == 200
