"""An excerpt through the web app: refused unless ``partial=true``, then stored marked
partial, and its pages say which sections were not in the text."""

from __future__ import annotations

from pathlib import Path

from fastapi.testclient import TestClient
from sqlalchemy import Engine

from rbb.model import DocumentKind, Period
from rbb.storage import DocumentStore
from rbb.storage.accounts import AccountStore, Role

from .conftest import add_user, csrf_token, login, make_client, settled
from .test_imports import TOKEN

EXCERPT = Path(__file__).parents[1] / "data" / "partial" / "untomn-budget-excerpt.txt"
NOTICE = "these sections were not in the text"


def _api(engine: Engine) -> tuple[TestClient, dict[str, str]]:
    add_user(engine, "bot", Role.EDITOR)
    _, secret = AccountStore(engine).create_token("bot", "ci")
    return make_client(engine), {"Authorization": f"Bearer {secret}"}


def test_the_api_refuses_an_excerpt_unless_partial_then_stores_it_marked(engine: Engine) -> None:
    client, headers = _api(engine)
    files = {"file": (EXCERPT.name, EXCERPT.read_bytes(), "text/plain")}
    dry = client.post("/api/v1/imports?dry_run=true", headers=headers, files=files)
    assert dry.status_code == 200
    report = dry.json()
    assert report["partial"] is True
    missing = [e["label"] for e in report["coverage"]["contents"] if not e["in_text"]]
    assert missing == ["I.C", "II", "II.A", "II.B", "II.C", "III", "IV"]
    refused = client.post("/api/v1/imports", headers=headers, files=files)
    assert refused.status_code == 422
    assert "II.A 'Overall'" in refused.json()["detail"]
    assert refused.json()["coverage"]["missing_tables"][0] == "components"
    assert DocumentStore(engine).summaries() == [], "nothing is stored"
    stored = client.post("/api/v1/imports?partial=true", headers=headers, files=files)
    assert stored.status_code == 201
    document = DocumentStore(engine).load("UNTOMN", Period.parse("2030/31"),
                                          DocumentKind.BUDGET)
    assert document.partial and document.coverage is not None
    assert [s.label for s in document.coverage.sections] == ["Summary", "I", "I.A", "I.B"]
    listed = client.get("/api/v1/documents").json()
    assert [(d["mission"], d["partial"]) for d in listed] == [("UNTOMN", True)]
    page = client.get("/missions/UNTOMN/2030-31/budget/tables")
    assert page.status_code == 200
    assert "Partial document" in page.text and NOTICE in page.text
    assert "II.A Overall" in page.text and "IV Actions to be taken by the General Assembly" \
        in page.text


def test_the_import_form_stages_an_excerpt_only_when_partial_is_ticked(
        sqlite_engine: Engine) -> None:
    add_user(sqlite_engine, "ed", Role.EDITOR)
    client = make_client(sqlite_engine)
    login(client, "ed")
    data = EXCERPT.read_bytes()
    unticked = settled(client, client.post(
        "/import", data={"csrf_token": csrf_token(client, "/import")},
        files={"file": (EXCERPT.name, data, "text/plain")}))
    assert unticked.status_code == 422
    assert NOTICE in unticked.text and TOKEN.search(unticked.text) is None
    assert 'name="partial"' in client.get("/import").text
    ticked = settled(client, client.post(
        "/import", data={"csrf_token": csrf_token(client, "/import"), "partial": "true"},
        files={"file": (EXCERPT.name, data, "text/plain")}))
    assert ticked.status_code == 200
    token = TOKEN.search(ticked.text)
    assert token is not None
    client.post(f"/import/{token[1]}/confirm", data={"csrf_token": csrf_token(client, "/")},
                follow_redirects=False)
    document = DocumentStore(sqlite_engine).load("UNTOMN", Period.parse("2030/31"),
                                                 DocumentKind.BUDGET)
    assert document.partial
    assert NOTICE in client.get("/missions/UNTOMN/2030-31/budget/financial").text
    overview = client.get("/missions/UNTOMN/2030-31")
    assert overview.status_code == 200 and NOTICE in overview.text


def test_an_opening_without_a_contents_list_says_which_table_it_lacks(
        sqlite_engine: Engine) -> None:
    client, headers = _api(sqlite_engine)
    opening = Path(__file__).parents[1] / "data" / "openings" / "undof-2005-06-performance.txt"
    files = {"file": (opening.name, opening.read_bytes(), "text/plain")}
    dry = client.post("/api/v1/imports?dry_run=true", headers=headers, files=files)
    assert dry.status_code == 200 and dry.json()["missing_tables"] == ["financial resources"]
    assert client.post("/api/v1/imports?partial=true", headers=headers,
                       files=files).status_code == 201
    page = client.get("/missions/UNDOF/2005-06/performance/tables")
    assert page.status_code == 200
    assert "Partial document:</strong> tables missing: financial resources." in page.text
