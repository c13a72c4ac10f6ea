"""Who may do what, proved for every route the app has (pages and API alike):

- with transparency mode off, an anonymous visitor sees nothing;
- a viewer can never write;
- anonymous writes are refused in either mode;
each leaving the store exactly as it was.
"""

from __future__ import annotations

import re

import pytest
from fastapi import FastAPI
from fastapi.routing import iter_route_contexts
from fastapi.testclient import TestClient
from sqlalchemy import Engine
from starlette.routing import Mount

from rbb.model.proposals import ProposalAction
from rbb.services.costing_service import DocumentRef
from rbb.services.proposal_service import ProposalService
from rbb.services.scenario_service import ScenarioService
from rbb.storage.accounts import Role
from rbb.web import create_app

from .conftest import PASSWORD, add_user, csrf_token, login, settings, store_state

PARAMS = {"mission": "UNMIK", "period": "2025-26", "kind": "budget", "line": "medical",
          "component": "substantive", "table": "financial_resources",
          "name": "UNMIK-2025-26-budget.json", "format": "json", "token": "abc",
          "token_id": "1", "username": "root", "first": "low", "second": "high",
          "key": "vacancy_factor.international_staff", "job_id": "nosuchjob",
          "actual_id": "1", "evidence_id": "1", "redeployment_id": "1", "proposal_id": "1",
          "number": "1", "action_id": "a1", "comment_id": "1"}
SCENARIO_PARAMS = {**PARAMS, "name": "low"}
"""Scenario routes name stored scenarios (made by the fixtures), so a write that got
through would change the store."""
PUBLIC = {("GET", "/login"), ("GET", "/healthz"), ("GET", "/api/v1/openapi.json"),
          ("POST", "/login"), ("POST", "/logout")}
"""Routes that show or change no data: logging in and out, the health probe, the schema."""
OWN_ACCOUNT = re.compile(r"^/account(/|$)")
"""A user's own account (password, API tokens): every logged-in user may change it."""


def routes(app: FastAPI, prefix: str = "") -> list[tuple[str, str]]:
    """Every (method, path) the app answers, the mounted API's included."""
    found = []
    for context in iter_route_contexts(app.routes):
        route = context.original_route
        if isinstance(route, Mount) and isinstance(route.app, FastAPI):
            found += routes(route.app, prefix + route.path)
        elif context.methods:
            found += [(method, prefix + context.path) for method in context.methods
                      if method != "HEAD"]
    return sorted(set(found))


def concrete(path: str) -> str:
    params = SCENARIO_PARAMS if "/scenarios" in path else PARAMS
    return re.sub(r"\{(\w+)\}", lambda m: params[m[1]], path)


def store_scenarios(engine: Engine) -> None:
    service = ScenarioService(engine)
    service.new("low", DocumentRef.parse("UNMIK:2025/26"))
    service.new("high", DocumentRef.parse("UNMIK:2025/26"))
    service.set("low", ["vacancy_factor.international_staff=10.0"])


def send(client: TestClient, method: str, path: str, token: str | None = None) -> int:
    headers = {"X-CSRF-Token": token} if token else {}
    if method == "GET":
        response = client.get(path, follow_redirects=False)
    elif method == "PUT":
        response = client.put(path, content=b"{}", headers={**headers,
                                                           "Content-Type": "application/json"})
    elif method == "DELETE":
        response = client.delete(path, headers=headers)
    elif method == "PATCH":
        response = client.patch(path, json={"headquarters": "x"}, headers=headers)
    else:
        files = {"file": ("report.txt", b"not a report", "text/plain")}
        response = client.post(path, data={"csrf_token": token or "", "role": "admin",
                                           "username": "mallory", "password": PASSWORD,
                                           "name": "x"},
                               files=files if "import" in path else None, headers=headers,
                               follow_redirects=False)
    return response.status_code


@pytest.fixture
def app(seeded: Engine) -> FastAPI:
    add_user(seeded, "root", Role.ADMIN)
    add_user(seeded, "vera", Role.VIEWER)
    store_scenarios(seeded)
    return create_app(seeded, settings())


@pytest.fixture
def sqlite_app(seeded_sqlite: Engine) -> FastAPI:
    add_user(seeded_sqlite, "root", Role.ADMIN)
    add_user(seeded_sqlite, "vera", Role.VIEWER)
    store_scenarios(seeded_sqlite)
    return create_app(seeded_sqlite, settings())


def test_the_route_list_covers_pages_and_api(sqlite_app: FastAPI) -> None:
    listed = routes(sqlite_app)
    assert ("GET", "/missions/{mission}/{period}") in listed
    assert ("POST", "/import") in listed
    assert ("PUT", "/api/v1/documents/{mission}/{period}/{kind}") in listed
    for route in [("POST", "/scenarios"), ("POST", "/scenarios/{name}/edits"),
                  ("POST", "/scenarios/{name}/edits/{key}/delete"),
                  ("POST", "/scenarios/{name}/delete"),
                  ("POST", "/api/v1/scenarios"), ("POST", "/api/v1/scenarios/{name}/edits"),
                  ("DELETE", "/api/v1/scenarios/{name}/edits/{key}"),
                  ("DELETE", "/api/v1/scenarios/{name}"),
                  ("GET", "/scenarios/{first}/compare/{second}"),
                  ("GET", "/missions/{mission}/{period}/budget/attribution"),
                  ("GET", "/api/v1/missions/{mission}/periods/{period}/attribution"),
                  ("GET", "/api/v1/missions/{mission}/periods/{period}/cost"),
                  ("POST", "/missions/{mission}/{period}/redeployments"),
                  ("POST", "/missions/{mission}/{period}/results-tracker"),
                  ("POST", "/api/v1/missions/{mission}/periods/{period}/redeployments"),
                  ("POST", "/api/v1/missions/{mission}/periods/{period}/results-tracker"),
                  ("POST", "/api/v1/missions/{mission}/periods/{period}/results-tracker/"
                           "{actual_id}/evidence"),
                  ("POST", "/missions/{mission}/{period}/redeployments/withdraw"),
                  ("POST", "/missions/{mission}/{period}/results-tracker/withdraw"),
                  ("POST", "/api/v1/missions/{mission}/periods/{period}/redeployments/"
                           "{redeployment_id}/withdrawal"),
                  ("POST", "/api/v1/missions/{mission}/periods/{period}/results-tracker/"
                           "{actual_id}/withdrawal"),
                  ("POST", "/proposals"), ("POST", "/proposals/{proposal_id}/approve"),
                  ("POST", "/proposals/{proposal_id}/restore"), ("GET", "/review"),
                  ("POST", "/api/v1/proposals"),
                  ("POST", "/api/v1/proposals/{proposal_id}/revisions"),
                  ("POST", "/api/v1/proposals/{proposal_id}/revisions/{number}/restore"),
                  ("POST", "/api/v1/proposals/{proposal_id}/return"),
                  ("POST", "/proposals/{proposal_id}/edit/post-actions/{action_id}/remove"),
                  ("POST", "/proposals/{proposal_id}/edit/vacancy-factors"),
                  ("PUT", "/api/v1/proposals/{proposal_id}/post-actions"),
                  ("DELETE", "/api/v1/proposals/{proposal_id}/post-actions/{action_id}"),
                  ("PUT", "/api/v1/proposals/{proposal_id}/vacancy-factors"),
                  ("POST", "/proposals/{proposal_id}/edit/frameworks"),
                  ("POST", "/proposals/{proposal_id}/edit/frameworks/{component}/remove"),
                  ("DELETE", "/api/v1/proposals/{proposal_id}/frameworks/{component}"),
                  ("POST", "/proposals/{proposal_id}/comments"),
                  ("POST", "/proposals/{proposal_id}/comments/{comment_id}/resolve"),
                  ("POST", "/api/v1/proposals/{proposal_id}/comments/{comment_id}/replies"),
                  ("POST", "/api/v1/proposals/{proposal_id}/comments/{comment_id}/reopen")]:
        assert route in listed, route
    assert len([r for r in listed if r[0] != "GET"]) >= 20


def test_anonymous_sees_nothing_when_transparency_is_off(seeded: Engine) -> None:
    store_scenarios(seeded)
    app = create_app(seeded, settings(transparency=False))
    client = TestClient(app)
    before = store_state(seeded)
    for method, path in routes(app):
        if method != "GET" or (method, path) in PUBLIC:
            continue
        url = concrete(path)
        response = client.get(url, follow_redirects=False)
        if path.startswith("/api/"):
            assert response.status_code == 401, url
            assert response.headers["content-type"] == "application/problem+json"
        else:
            assert response.status_code == 303, url
            assert response.headers["location"].startswith("/login?next="), url
        assert "Interim Administration" not in response.text, url
        assert "46\u2009045.3" not in response.text and "46045.3" not in response.text, url
    # The static files and the login page work, and reveal no document.
    assert client.get("/login").status_code == 200
    assert client.get("/static/rbb.css").status_code == 200
    assert store_state(seeded) == before


def test_a_viewer_reads_when_transparency_is_off(seeded_sqlite: Engine) -> None:
    add_user(seeded_sqlite, "vera", Role.VIEWER)
    client = TestClient(create_app(seeded_sqlite, settings(transparency=False)))
    assert login(client, "vera").status_code == 303
    assert client.get("/missions/UNMIK/2025-26").status_code == 200
    assert client.get("/api/v1/documents/UNMIK/2025-26/budget").status_code == 200


def test_a_viewer_can_never_write(app: FastAPI, seeded: Engine) -> None:
    client = TestClient(app)
    login(client, "vera")
    token = csrf_token(client, "/")
    before = store_state(seeded)
    checked = 0
    for method, path in routes(app):
        if method == "GET" or (method, path) in PUBLIC or OWN_ACCOUNT.match(path):
            continue
        status = send(client, method, concrete(path), token)
        assert status == 403, f"{method} {path} answered {status}"
        checked += 1
    assert checked >= 10
    assert store_state(seeded) == before


def test_anonymous_writes_are_refused(app: FastAPI, seeded: Engine) -> None:
    client = TestClient(app)
    token = csrf_token(client)
    before = store_state(seeded)
    for method, path in routes(app):
        if method == "GET" or (method, path) in PUBLIC:
            continue
        status = send(client, method, concrete(path), token)
        assert status == 401, f"{method} {path} answered {status}"
    assert store_state(seeded) == before


def test_an_editor_cannot_manage_users(sqlite_app: FastAPI, seeded_sqlite: Engine) -> None:
    add_user(seeded_sqlite, "ed", Role.EDITOR)
    client = TestClient(sqlite_app)
    login(client, "ed")
    token = csrf_token(client, "/")
    before = store_state(seeded_sqlite)
    for method, path in routes(sqlite_app):
        if path.startswith("/admin/") and method == "POST":
            assert send(client, method, concrete(path), token) == 403, path
    assert client.get("/admin/users").status_code == 403
    assert store_state(seeded_sqlite) == before


APPROVING = re.compile(r"^(/api/v1)?/proposals/\{proposal_id\}/(return|approve|issue)$")
"""The transitions of a budget proposal only an approver takes (docs/preparation.md)."""


def test_an_editor_never_approves(sqlite_app: FastAPI, seeded_sqlite: Engine) -> None:
    """Every route that returns, approves or issues a proposal refuses an editor, on a
    proposal submitted and waiting; so does the approvers' inbox."""
    add_user(seeded_sqlite, "ed", Role.EDITOR)
    service = ProposalService(seeded_sqlite)
    proposal = service.new_copied("UNMIK:2025/26", by="ed")
    service.act(proposal.id, ProposalAction.SUBMIT, by="ed")
    client = TestClient(sqlite_app)
    login(client, "ed")
    token = csrf_token(client, "/")
    before = store_state(seeded_sqlite)
    approving = [(m, p) for m, p in routes(sqlite_app) if APPROVING.match(p)]
    assert len(approving) == 6
    for method, path in approving:
        assert send(client, method, concrete(path), token) == 403, path
    assert client.get("/review").status_code == 403
    assert store_state(seeded_sqlite) == before
