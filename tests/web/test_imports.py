"""Importing through the browser and the API: look first, store on confirmation,
and never store half a file."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient
from sqlalchemy import Engine, func, select

from rbb.model import DocumentKind, Period
from rbb.storage import DocumentStore
from rbb.storage import schema as tables
from rbb.storage.accounts import AccountStore, Role

from .conftest import (
    BUDGET_SEED,
    add_user,
    csrf_token,
    login,
    make_client,
    settled,
    store_state,
)

TOKEN = re.compile(r'action="/import/([^/"]+)/confirm"')


def editor_client(engine: Engine, **settings: object) -> TestClient:
    add_user(engine, "ed", Role.EDITOR)
    client = make_client(engine, **settings)
    login(client, "ed")
    return client


def upload(client: TestClient, name: str, data: bytes, content_type: str = "text/plain"):  # type: ignore[no-untyped-def]
    token = csrf_token(client, "/import")
    return settled(client, client.post("/import", data={"csrf_token": token},
                                       files={"file": (name, data, content_type)}))


def pending_count(engine: Engine) -> int:
    with engine.connect() as connection:
        return int(connection.execute(select(func.count()).select_from(
            tables.pending_imports)).scalar_one())


def test_upload_shows_what_was_found_then_stores_on_confirmation(engine: Engine) -> None:
    client = editor_client(engine)
    page = upload(client, "unmik-budget-2025-26.txt", BUDGET_SEED.read_bytes())
    assert page.status_code == 200
    assert "What rbb found" in page.text and "Diagnostics" in page.text
    assert "Check findings" in page.text
    assert "the budget report of UNMIK for 2025/26" in page.text
    assert DocumentStore(engine).summaries() == [], "nothing is stored before confirmation"
    token = TOKEN.search(page.text)
    assert token is not None
    confirmed = client.post(f"/import/{token[1]}/confirm",
                            data={"csrf_token": csrf_token(client, "/")},
                            follow_redirects=False)
    assert confirmed.status_code == 303
    assert confirmed.headers["location"] == "/missions/UNMIK/2025-26?stored=budget"
    assert [s.kind.value for s in DocumentStore(engine).summaries()] == ["budget"]
    assert pending_count(engine) == 0
    # Confirmed, it is stored with the text it was read from (findings find their lines).
    key = DocumentStore(engine).load("UNMIK", Period.parse("2025/26"),
                                     DocumentKind.BUDGET).key
    assert DocumentStore(engine).source_texts([key]) == {
        key: BUDGET_SEED.read_text(encoding="utf-8")}
    assert "46\u2009045.3" in client.get("/missions/UNMIK/2025-26").text
    again = client.post(f"/import/{token[1]}/confirm",
                        data={"csrf_token": csrf_token(client, "/")})
    assert again.status_code == 404 and "no longer waiting" in again.text


def test_discarding_keeps_nothing(sqlite_engine: Engine) -> None:
    client = editor_client(sqlite_engine)
    page = upload(client, "budget.txt", BUDGET_SEED.read_bytes())
    token = TOKEN.search(page.text)
    assert token is not None and pending_count(sqlite_engine) == 1
    client.post(f"/import/{token[1]}/discard", data={"csrf_token": csrf_token(client, "/")})
    assert pending_count(sqlite_engine) == 0
    assert DocumentStore(sqlite_engine).summaries() == []


def test_another_editor_cannot_confirm_my_upload(sqlite_engine: Engine) -> None:
    client = editor_client(sqlite_engine)
    token = TOKEN.search(upload(client, "budget.txt", BUDGET_SEED.read_bytes()).text)
    assert token is not None
    add_user(sqlite_engine, "other", Role.EDITOR)
    other = make_client(sqlite_engine)
    login(other, "other")
    refused = other.post(f"/import/{token[1]}/confirm",
                         data={"csrf_token": csrf_token(other, "/")})
    assert refused.status_code == 404
    assert DocumentStore(sqlite_engine).summaries() == []


def test_a_file_that_is_not_a_report_gets_a_clear_message(sqlite_engine: Engine) -> None:
    client = editor_client(sqlite_engine)
    before = store_state(sqlite_engine)
    for name, data, kind in (
            ("notes.txt", b"Shopping list\nmilk\neggs\n", "text/plain"),
            ("scan.pdf", b"%PDF-1.7\n this is not really a PDF", "application/pdf"),
            ("binary.bin", bytes(range(256)) * 10, "application/octet-stream")):
        page = upload(client, name, data, kind)
        assert page.status_code == 422, name
        assert "This file cannot be stored" in page.text and "Nothing was stored" in page.text
        assert 'class="badge error"' in page.text
    assert upload(client, "empty.txt", b"").status_code == 400
    assert store_state(sqlite_engine) == before


def test_oversized_uploads_are_refused(sqlite_engine: Engine) -> None:
    client = editor_client(sqlite_engine, max_upload_bytes=10_000)
    before = store_state(sqlite_engine)
    page = upload(client, "big.txt", b"x" * 200_000)
    assert page.status_code == 413
    assert "larger than 10,000 bytes" in page.text
    token = csrf_token(client, "/")
    api = client.post("/api/v1/imports", headers={"X-CSRF-Token": token},
                      files={"file": ("big.txt", b"x" * 200_000, "text/plain")})
    assert api.status_code == 413
    assert api.headers["content-type"] == "application/problem+json"
    assert store_state(sqlite_engine) == before


def test_api_import_dry_run_then_store(engine: Engine) -> None:
    add_user(engine, "bot", Role.EDITOR)
    _, secret = AccountStore(engine).create_token("bot", "ci")
    client = make_client(engine)
    headers = {"Authorization": f"Bearer {secret}"}
    files = {"file": ("unmik-budget-2025-26.txt", BUDGET_SEED.read_bytes(), "text/plain")}
    dry = client.post("/api/v1/imports?dry_run=true", headers=headers, files=files)
    assert dry.status_code == 200
    report = dry.json()
    assert report["stored"] is False and report["kind"] == "budget"
    assert report["checks_available"] is True
    assert DocumentStore(engine).summaries() == []
    stored = client.post("/api/v1/imports", headers=headers, files=files)
    assert stored.status_code == 201
    assert stored.headers["location"] == "/api/v1/documents/UNMIK/2025-26/budget"
    assert client.get(stored.headers["location"]).status_code == 200
    # The text it was read from is kept with it, so findings point to their lines.
    key = DocumentStore(engine).load("UNMIK", Period.parse("2025/26"),
                                     DocumentKind.BUDGET).key
    assert DocumentStore(engine).source_texts([key]) == {
        key: BUDGET_SEED.read_text(encoding="utf-8")}
    bad = client.post("/api/v1/imports", headers=headers,
                      files={"file": ("x.txt", b"nothing here", "text/plain")})
    assert bad.status_code == 422
    assert bad.headers["content-type"] == "application/problem+json"
    assert bad.json()["errors"][0]["severity"] == "error"


def test_api_put_stores_canonical_json(sqlite_engine: Engine) -> None:
    add_user(sqlite_engine, "bot", Role.EDITOR)
    _, secret = AccountStore(sqlite_engine).create_token("bot", "ci")
    client = make_client(sqlite_engine)
    headers = {"Authorization": f"Bearer {secret}", "Content-Type": "application/json"}
    body = BUDGET_SEED.read_bytes()
    assert client.put("/api/v1/documents/UNMIK/2025-26/budget", content=body,
                      headers=headers).status_code == 400
    from tests.conftest import imported

    document = imported(BUDGET_SEED).document
    assert document is not None
    canonical = DocumentStore(sqlite_engine)
    text = document.model_dump_json()
    created = client.put("/api/v1/documents/UNMIK/2025-26/budget", content=text,
                         headers=headers)
    assert created.status_code == 201
    assert canonical.load("UNMIK", "2025/26", "budget") == document
    replaced = client.put("/api/v1/documents/UNMIK/2025-26/budget", content=text,
                          headers=headers)
    assert replaced.status_code == 200
    elsewhere = client.put("/api/v1/documents/UNMIK/2026-27/budget", content=text,
                           headers=headers)
    assert elsewhere.status_code == 422 and "PUT it at its own address" in elsewhere.text


def test_an_upload_is_checked_as_rbb_check_checks_it_among_the_stored_documents(
        sqlite_engine: Engine) -> None:
    """The upload's own checks run in the reading worker and the cross-document checks in
    the server: together they are exactly the findings ``run_checks`` gives for it among
    the stored documents (the performance report of 2021/22 stored first)."""
    from rbb.engine import run_checks
    from tests.conftest import PERFORMANCE_SEED, imported

    performance = imported(PERFORMANCE_SEED).document
    budget = imported(BUDGET_SEED).document
    assert performance is not None and budget is not None
    DocumentStore(sqlite_engine).save(performance)
    add_user(sqlite_engine, "bot", Role.EDITOR)
    _, secret = AccountStore(sqlite_engine).create_token("bot", "ci")
    client = make_client(sqlite_engine)
    files = {"file": ("unmik-budget-2025-26.txt", BUDGET_SEED.read_bytes(), "text/plain")}
    report = client.post("/api/v1/imports?dry_run=true", files=files,
                         headers={"Authorization": f"Bearer {secret}"}).json()
    live = [f for f in run_checks([performance, budget]) if f.document == str(budget.key)]
    assert live, "the budget seed has findings (docs/checks.md)"
    assert [(f["code"], f["source_line"], f["row"], f["column"]) for f in report["findings"]] \
        == [(f.code, f.source_line, f.row, f.column) for f in live]


def test_a_committees_report_uploads_like_a_report(engine: Engine) -> None:
    """The browser's import: the handwritten report of a fictional mission
    (tests/data/legislative/acabq) is reviewed, then stored on confirmation."""
    from pathlib import Path

    text = (Path(__file__).parents[1] / "data" / "legislative" / "acabq" /
            "unsmv-2037-38-handwritten.txt").read_bytes()
    client = editor_client(engine)
    page = upload(client, "unsmv-acabq.txt", text)
    assert page.status_code == 200 and "What rbb found" in page.text
    assert "UNSMV" in page.text and "2037/38" in page.text
    assert DocumentStore(engine).summaries() == []
    token = TOKEN.search(page.text)
    assert token is not None
    client.post(f"/import/{token[1]}/confirm", data={"csrf_token": csrf_token(client, "/")},
                follow_redirects=False)
    [stored] = DocumentStore(engine).summaries()
    assert (stored.mission, stored.kind) == ("UNSMV", DocumentKind.ACABQ_REPORT)


def test_a_resolution_without_its_period_is_refused_through_the_api(engine: Engine) -> None:
    """The opening of A/RES/65/300 (UNMIK) names no period: refused with what was
    expected, and nothing stored."""
    from pathlib import Path

    add_user(engine, "bot", Role.EDITOR)
    _, secret = AccountStore(engine).create_token("bot", "ci")
    client = make_client(engine)
    opening = (Path(__file__).parents[1] / "data" / "legislative" / "resolutions" /
               "unmik-65-300-opening.txt").read_bytes()
    refused = client.post("/api/v1/imports", headers={"Authorization": f"Bearer {secret}"},
                          files={"file": ("65-300.txt", opening, "text/plain")})
    assert refused.status_code == 422
    [error] = refused.json()["errors"]
    assert "period" in error["message"] and error["file"] == "65-300.txt"
    assert DocumentStore(engine).summaries() == []
