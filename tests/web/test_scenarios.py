"""Scenarios and the attribution of a budget in the web app and the REST API.

The worked example of docs/costing.md: on UNMIK 2025/26, setting
``vacancy_factor.international_staff=10.0`` moves international staff, the
civilian personnel group, gross and total requirements by −313.0, staff
assessment by −42.9 and net requirements by −270.1; nothing else moves.
"""

from __future__ import annotations

import re
from decimal import Decimal
from html import unescape

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine

from rbb.services.costing_service import DocumentRef
from rbb.services.scenario_service import ScenarioService
from rbb.storage.accounts import AccountStore, Role
from rbb.web.endpoints.costing_api_schemas import (
    AttributionData,
    ComparisonData,
    CostData,
    ScenarioData,
)

from .conftest import add_user, csrf_token, login, make_client, store_state

VACANCY = "vacancy_factor.international_staff"
EXPECTED = {"international_staff": "-313.0", "civilian_personnel": "-313.0",
            "gross_requirements": "-313.0", "total_requirements": "-313.0",
            "staff_assessment_income": "-42.9", "net_requirements": "-270.1"}
THIN = "\u2009"


def _text(html: str) -> str:
    return re.sub(r"[ \t\r\n]+", " ", unescape(re.sub(r"<[^>]+>", " ", html)))


@pytest.fixture
def engine(seeded_sqlite: Engine) -> Engine:
    add_user(seeded_sqlite, "ed", Role.EDITOR)
    add_user(seeded_sqlite, "vera", Role.VIEWER)
    return seeded_sqlite


@pytest.fixture
def editor(engine: Engine) -> TestClient:
    client = make_client(engine)
    assert login(client, "ed").status_code == 303
    return client


@pytest.fixture
def token(engine: Engine) -> dict[str, str]:
    _, secret = AccountStore(engine).create_token("ed", "tests")
    return {"Authorization": f"Bearer {secret}"}


def test_the_service_agrees_with_the_hand_computation(engine: Engine) -> None:
    service = ScenarioService(engine)
    service.new("low", DocumentRef.parse("UNMIK:2025/26"))
    view = service.set("low", [f"{VACANCY}=10.0"])
    moved = {c.line: str(c.change) for c in view.comparison.lines if c.change}
    assert moved == EXPECTED


# --- pages -------------------------------------------------------------------------------

def _create(client: TestClient, name: str = "low") -> None:
    token = csrf_token(client, "/scenarios")
    response = client.post("/scenarios", data={"csrf_token": token, "name": name,
                                               "base": "UNMIK-2025-26-budget",
                                               "description": "a higher vacancy"},
                           follow_redirects=False)
    assert response.status_code == 303, response.text
    assert response.headers["location"] == f"/scenarios/{name}"


def test_create_edit_and_delete_without_javascript(editor: TestClient, engine: Engine) -> None:
    page = editor.get("/scenarios")
    assert 'id="scenario-name"' in page.text and "UNMIK 2025/26 budget" in page.text
    _create(editor)
    page = editor.get("/scenarios/low")
    assert page.status_code == 200
    assert '<label for="driver-vacancy-factor-international-staff">' in page.text
    assert 'hx-post="/scenarios/low/edits"' in page.text and 'hx-target="#results"' in page.text
    token = csrf_token(editor, "/scenarios/low")
    # The form posts every driver; only the changed one becomes an edit (PRG).
    fields = dict(re.findall(r'name="([a-z_]+\.[^"]+)" value="([^"]*)"', page.text))
    assert fields[VACANCY] == "8.8" and fields["unit_cost.international_staff"] == "230.8512"
    response = editor.post("/scenarios/low/edits",
                           data={**fields, VACANCY: "10.0", "csrf_token": token},
                           follow_redirects=False)
    assert response.status_code == 303 and response.headers["location"] == "/scenarios/low"
    text = _text(editor.get("/scenarios/low").text)
    assert f"{VACANCY}=10.0" in text
    assert f"International staff 23{THIN}790.6 23{THIN}477.6 (313.0)" in text
    assert f"Gross requirements 46{THIN}045.3 45{THIN}732.3 (313.0)" in text
    assert "Staff assessment income 4" in text and "(42.9)" in text and "(270.1)" in text
    assert "vacancy factor 8.8 per cent 10.0 per cent (313.0)" in text
    assert [str(e) for e in ScenarioService(engine).edits("low")] == [f"{VACANCY}=10.0"]
    # Undo the edit, then delete the scenario.
    response = editor.post(f"/scenarios/low/edits/{VACANCY}/delete",
                           data={"csrf_token": token}, follow_redirects=False)
    assert response.status_code == 303
    assert "No edit yet" in editor.get("/scenarios/low").text
    response = editor.post("/scenarios/low/delete", data={"csrf_token": token},
                           follow_redirects=False)
    assert response.status_code == 303
    assert editor.get("/scenarios/low").status_code == 404


def test_htmx_redraws_the_results_at_once(editor: TestClient, engine: Engine) -> None:
    _create(editor)
    token = csrf_token(editor, "/scenarios/low")
    response = editor.post("/scenarios/low/edits", data={VACANCY: "10.0", "csrf_token": token},
                           headers={"HX-Request": "true"})
    assert response.status_code == 200
    assert "<html" not in response.text and 'id="totals"' in response.text
    text = _text(response.text)
    assert f"45{THIN}732.3 (313.0)" in text and "(42.9)" in text and "(270.1)" in text
    # A refused edit: 422 with the reason, redrawn in place, nothing stored.
    before = store_state(engine)
    response = editor.post("/scenarios/low/edits",
                           data={"edit": "vacancy_factor.nobody=3", "csrf_token": token},
                           headers={"HX-Request": "true"})
    assert response.status_code == 422
    assert 'role="alert"' in response.text and "Nothing was changed" in response.text
    assert store_state(engine) == before
    # Without HTMX the same refusal is the whole page.
    response = editor.post("/scenarios/low/edits", data={VACANCY: "many", "csrf_token": token})
    assert response.status_code == 422 and "<html" in response.text


def test_a_reader_sees_scenarios_but_no_form(editor: TestClient, engine: Engine) -> None:
    _create(editor)
    _create(editor, "high")
    anonymous = make_client(engine)
    page = anonymous.get("/scenarios/low")
    assert page.status_code == 200
    assert "<input" not in page.text.split('id="drivers"')[1]
    assert 'href="/scenarios/low/compare/high"' in page.text
    listing = anonymous.get("/scenarios")
    assert "/scenarios/low" in listing.text and 'id="scenario-name"' not in listing.text
    compare = anonymous.get("/scenarios/low/compare/high")
    assert compare.status_code == 200 and "No class differs" in compare.text
    assert anonymous.get("/scenarios/nobody").status_code == 404
    assert "Scenarios" in anonymous.get("/").text


def test_creating_a_scenario_twice_is_refused(editor: TestClient) -> None:
    _create(editor)
    token = csrf_token(editor, "/scenarios")
    response = editor.post("/scenarios", data={"csrf_token": token, "name": "low",
                                               "base": "UNMIK-2025-26-budget"})
    assert response.status_code == 400 and "exists" in response.text


def test_the_attribution_page(editor: TestClient) -> None:
    overview = editor.get("/missions/UNMIK/2025-26").text
    assert 'href="/missions/UNMIK/2025-26/budget/attribution"' in overview
    page = editor.get("/missions/UNMIK/2025-26/budget/attribution")
    assert page.status_code == 200
    text = _text(page.text)
    # docs/costing.md, worked example: 2 651.2 = vacancy factor 2 059.8 + unit cost 591.4.
    assert f"International staff 21{THIN}139.4 23{THIN}790.6 2{THIN}651.2 l.\u00a0511" in text
    assert f"vacancy factor 16.8 per cent 8.8 per cent 2{THIN}059.8" in text
    assert "591.4" in text
    assert editor.get("/missions/UNMIK/2021-22/budget/attribution").status_code == 404


# --- API ---------------------------------------------------------------------------------

def test_the_api_round_trip(editor: TestClient, token: dict[str, str]) -> None:
    api = "/api/v1/scenarios"
    created = editor.post(api, json={"name": "low", "base": "UNMIK:2025/26"}, headers=token)
    assert created.status_code == 201 and created.headers["location"] == f"{api}/low"
    ScenarioData.model_validate(created.json())
    edited = editor.post(f"{api}/low/edits", json={"edits": [f"{VACANCY}=10.0"]},
                         headers=token)
    assert edited.status_code == 200
    data = ScenarioData.model_validate(edited.json())
    assert {c.line: c.change for c in data.comparison.lines
            if Decimal(c.change)} == EXPECTED
    assert data.comparison.attribution[0].parts[1].amount == "-313.0"
    read = editor.get(f"{api}/low")
    assert read.json() == edited.json()
    assert editor.get(f"{api}/low", headers={"If-None-Match": read.headers["etag"]}
                      ).status_code == 304
    assert editor.get(api).json()[0]["edits"] == [f"{VACANCY}=10.0"]
    editor.post(api, json={"name": "high", "base": "UNMIK:2025/26",
                           "edits": [f"{VACANCY}=+1"]}, headers=token)
    compared = ComparisonData.model_validate(editor.get(f"{api}/low/compare/high").json())
    assert compared.base == "low" and compared.scenario == "high"
    cost = CostData.model_validate(editor.get(
        "/api/v1/missions/UNMIK/periods/2025-26/cost?scenario=low").json())
    assert cost.lines["gross_requirements"] == "45732.3"
    unset = editor.delete(f"{api}/low/edits/{VACANCY}", headers=token)
    assert unset.status_code == 200 and unset.json()["edits"] == []
    assert editor.delete(f"{api}/low", headers=token).status_code == 204
    assert editor.delete(f"{api}/low", headers=token).status_code == 404


def test_api_errors_are_problems(editor: TestClient, token: dict[str, str],
                                 engine: Engine) -> None:
    api = "/api/v1/scenarios"
    editor.post(api, json={"name": "low", "base": "UNMIK:2025/26"}, headers=token)
    before = store_state(engine)
    for response, status in [
        (editor.post(f"{api}/low/edits", json={"edits": ["vacancy_factor.nobody=3"]},
                     headers=token), 400),
        (editor.post(f"{api}/low/edits", json={"edits": [f"{VACANCY}=10", "nonsense"]},
                     headers=token), 400),
        (editor.post(api, json={"name": "low", "base": "UNMIK:2025/26"}, headers=token), 400),
        (editor.post(api, json={"name": "x", "base": "UNMIK:2030/31"}, headers=token), 404),
        (editor.get(f"{api}/nobody"), 404),
        (editor.post(f"{api}/low/edits", json={"edits": [f"{VACANCY}=10"]}), 403),  # no CSRF
        (make_client(engine).delete(f"{api}/low"), 401),
    ]:
        assert response.status_code == status, response.text
        assert response.headers["content-type"] == "application/problem+json"
    assert store_state(engine) == before


def test_the_attribution_and_cost_of_a_budget(editor: TestClient) -> None:
    response = editor.get("/api/v1/missions/UNMIK/periods/2025-26/attribution")
    data = AttributionData.model_validate(response.json())
    staff = next(c for c in data.classes if c.line == "international_staff")
    assert {p.factor: p.amount for p in staff.parts} == {
        "posts": "0.0", "vacancy_factor": "2059.8", "unit_cost": "591.4"}
    assert editor.get("/api/v1/missions/UNMIK/periods/2025-26/attribution", headers={
        "If-None-Match": response.headers["etag"]}).status_code == 304
    cost = CostData.model_validate(
        editor.get("/api/v1/missions/UNMIK/periods/2025-26/cost").json())
    assert cost.lines["total_requirements"] == "46045.3"
    missing = editor.get("/api/v1/missions/UNMIK/periods/2030-31/attribution")
    assert missing.status_code == 404
