"""Hostile uploads through the web app: the browser's import form and the REST API
answer 422 with the one error, nothing stored. Each upload is posted from a forked
child of the test process capped in memory (``in_limited_child``); the app reads it
in its worker, capped again."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from sqlalchemy import Engine

from rbb.storage import DocumentStore
from rbb.storage.accounts import AccountStore, Role
from tests.web.conftest import add_user, csrf_token, login, make_client, settled

from .conftest import ENV, in_limited_child
from .test_reports import PDF_BOMBS


@pytest.fixture
def limited(monkeypatch: pytest.MonkeyPatch) -> None:
    for name, value in ENV.items():
        monkeypatch.setenv(name, value)


def _form_upload(engine: Engine, path: Path) -> tuple[int, str]:
    add_user(engine, "ed", Role.EDITOR)
    client = make_client(engine)
    login(client, "ed")
    page = settled(client, client.post(
        "/import", data={"csrf_token": csrf_token(client, "/import")},
        files={"file": (path.name, path.read_bytes(), "application/pdf")}))
    return page.status_code, page.text


def _api_upload(engine: Engine, path: Path) -> tuple[int, object]:
    add_user(engine, "bot", Role.EDITOR)
    _, secret = AccountStore(engine).create_token("bot", "ci")
    answer = make_client(engine).post(
        "/api/v1/imports", headers={"Authorization": f"Bearer {secret}"},
        files={"file": (path.name, path.read_bytes(), "application/pdf")})
    return answer.status_code, answer.json()


@pytest.mark.usefixtures("limited")
@pytest.mark.parametrize(("name", "message"), PDF_BOMBS)
def test_the_import_form_refuses_a_pdf_bomb(name: str, message: str, sqlite_engine: Engine,
                                            hostile: Callable[[str], Path]) -> None:
    status, text = in_limited_child(_form_upload, sqlite_engine, hostile(name))  # type: ignore[misc]
    assert status == 422
    assert "Traceback" not in text
    assert message in " ".join(text.replace("&#39;", "'").split())
    assert DocumentStore(sqlite_engine).summaries() == []


@pytest.mark.usefixtures("limited")
@pytest.mark.parametrize(("name", "message"), PDF_BOMBS[:2])
def test_the_api_refuses_a_pdf_bomb(name: str, message: str, sqlite_engine: Engine,
                                    hostile: Callable[[str], Path]) -> None:
    path = hostile(name)
    status, body = in_limited_child(_api_upload, sqlite_engine, path)  # type: ignore[misc]
    assert status == 422
    errors = body["errors"]  # type: ignore[index]
    assert [(e["code"], e["file"]) for e in errors] == [("input", path.name)]
    assert message in errors[0]["message"]


def test_put_refuses_json_over_the_size_limit(monkeypatch: pytest.MonkeyPatch,
                                              sqlite_engine: Engine) -> None:
    monkeypatch.setenv("RBB_MAX_FILE_MB", "1")
    add_user(sqlite_engine, "bot", Role.EDITOR)
    _, secret = AccountStore(sqlite_engine).create_token("bot", "ci")
    body = json.dumps({"title": "x" * (2 << 20)}).encode()
    answer = make_client(sqlite_engine).put(
        "/api/v1/documents/UNMIK/2025-26/budget", content=body,
        headers={"Authorization": f"Bearer {secret}", "Content-Type": "application/json"})
    assert answer.status_code == 413
    assert (f"request body: the JSON has {len(body):,} bytes, more than the 1 MB "
            "(RBB_MAX_FILE_MB) rbb reads") in answer.text
