"""An import in the background: the client gets a job at once and sees its progress
(the section being read, then the checks) before the outcome that ``POST /imports``
would have given."""

from __future__ import annotations

import threading
import time
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine

from rbb.services.account_service import AccountStore, Role
from rbb.web import uploads
from tests.conftest import BUDGET_SEED

from .conftest import add_user, make_client

WAIT = 120.0
"""Longest a test waits for a job to end: a bound on a hung job, not a speed target."""


class HeldParser:
    """Stands in for the parser: says it reads ``section``, then waits to be released
    before parsing for real, so a test sees the job at that step."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch, section: str | None) -> None:
        self.section, self.parse = section, uploads.parse_upload
        self.reading, self.release = threading.Event(), threading.Event()
        monkeypatch.setattr(uploads, "parse_upload", self)

    def __call__(self, name: str, data: bytes, progress: Any = None, **given: Any) -> Any:
        if self.section is not None:
            progress(self.section)
        self.reading.set()
        self.release.wait(timeout=WAIT)
        return self.parse(name, data, **given)


def _editor(engine: Engine, name: str = "bot") -> dict[str, str]:
    add_user(engine, name, Role.EDITOR)
    _, secret = AccountStore(engine).create_token(name, "ci")
    return {"Authorization": f"Bearer {secret}"}


def _until_done(client: TestClient, location: str, headers: dict[str, str]) -> dict[str, Any]:
    deadline = time.monotonic() + WAIT
    while time.monotonic() < deadline:
        job: dict[str, Any] = client.get(location, headers=headers).json()
        if job["state"] in ("done", "failed"):
            return job
        time.sleep(0.05)
    raise AssertionError(f"the job did not end within {WAIT} s")


def test_a_job_shows_the_section_being_read_then_the_outcome(
        sqlite_engine: Engine, monkeypatch: pytest.MonkeyPatch) -> None:
    """The parser is held after it has said which section it reads: the job is seen
    running at that step; released, the job ends with the dry run's report."""
    held = HeldParser(monkeypatch, "II. Financial resources")
    headers = _editor(sqlite_engine)
    client = make_client(sqlite_engine)
    files = {"file": ("unmik-budget-2025-26.txt", BUDGET_SEED.read_bytes(), "text/plain")}
    started = client.post("/api/v1/imports/jobs?dry_run=true", headers=headers, files=files)
    assert started.status_code == 202
    location = started.headers["location"]
    assert started.json()["location"] == location
    assert held.reading.wait(timeout=WAIT)
    running = client.get(location, headers=headers).json()
    assert (running["state"], running["step"], running["outcome"]) == (
        "running", "reading II. Financial resources", None)
    held.release.set()
    job = _until_done(client, location, headers)
    assert job["state"] == "done" and job["step"] == "checking" and job["steps"] == 2
    assert job["outcome"]["status"] == 200
    assert job["outcome"]["report"]["kind"] == "budget"
    assert job["outcome"]["report"]["stored"] is False


def test_a_job_stores_like_post_imports_and_reports_the_sections_it_read(
        sqlite_engine: Engine) -> None:
    headers = _editor(sqlite_engine)
    client = make_client(sqlite_engine)
    files = {"file": ("unmik-budget-2025-26.txt", BUDGET_SEED.read_bytes(), "text/plain")}
    started = client.post("/api/v1/imports/jobs", headers=headers, files=files)
    job = _until_done(client, started.headers["location"], headers)
    assert job["outcome"]["status"] == 201
    assert job["outcome"]["location"] == "/api/v1/documents/UNMIK/2025-26/budget"
    # The worker told each section it read, then the checks ran.
    assert job["steps"] > 2 and job["step"] == "checking"
    assert client.get(job["outcome"]["location"]).status_code == 200


def test_a_refused_file_is_an_outcome_with_its_diagnostics(sqlite_engine: Engine) -> None:
    headers = _editor(sqlite_engine)
    client = make_client(sqlite_engine)
    started = client.post("/api/v1/imports/jobs", headers=headers,
                          files={"file": ("x.txt", b"nothing here", "text/plain")})
    job = _until_done(client, started.headers["location"], headers)
    assert job["state"] == "done" and job["outcome"]["status"] == 422
    assert job["outcome"]["problem"]["errors"][0]["severity"] == "error"


def test_a_job_is_visible_only_to_who_started_it(sqlite_engine: Engine) -> None:
    mine, theirs = _editor(sqlite_engine, "bot"), _editor(sqlite_engine, "other")
    client = make_client(sqlite_engine)
    started = client.post("/api/v1/imports/jobs?dry_run=true", headers=mine,
                          files={"file": ("x.txt", b"nothing here", "text/plain")})
    location = started.headers["location"]
    assert client.get(location, headers=theirs).status_code == 404
    assert client.get(location).status_code in (401, 403)
    assert client.get("/api/v1/imports/jobs/nosuchjob", headers=mine).status_code == 404


def test_a_full_queue_answers_429_with_when_to_retry(
        sqlite_engine: Engine, monkeypatch: pytest.MonkeyPatch) -> None:
    """A queue that keeps one job at most: while it runs, a second is refused (not an
    error of the request: the same request succeeds later)."""
    held = HeldParser(monkeypatch, None)
    headers = _editor(sqlite_engine)
    client = make_client(sqlite_engine, import_jobs=1)
    files = {"file": ("x.txt", b"nothing here", "text/plain")}
    try:
        assert client.post("/api/v1/imports/jobs", headers=headers,
                           files=files).status_code == 202
        busy = client.post("/api/v1/imports/jobs", headers=headers, files=files)
        assert busy.status_code == 429
        assert busy.headers["retry-after"] == "30"
        assert "1 jobs are queued or kept" in busy.json()["detail"]
    finally:
        held.release.set()


def test_the_import_page_shows_the_section_being_read_then_the_review(
        sqlite_engine: Engine, monkeypatch: pytest.MonkeyPatch) -> None:
    """Without any script: the form sends the editor to a page that refreshes itself
    and says which section is being read; once read and checked it is the review."""
    from .conftest import csrf_token, login, settled

    held = HeldParser(monkeypatch, "II. Financial resources")
    add_user(sqlite_engine, "ed", Role.EDITOR)
    add_user(sqlite_engine, "other", Role.EDITOR)
    client, stranger = make_client(sqlite_engine), make_client(sqlite_engine)
    login(client, "ed")
    login(stranger, "other")
    started = client.post("/import", data={"csrf_token": csrf_token(client, "/import")},
                          files={"file": ("budget.txt", BUDGET_SEED.read_bytes(), "text/plain")},
                          follow_redirects=False)
    assert started.status_code == 303
    location = started.headers["location"]
    assert location.startswith("/import/jobs/")
    assert held.reading.wait(timeout=WAIT)
    progress = client.get(location)
    assert '<meta http-equiv="refresh" content="1">' in progress.text
    assert "Reading II. Financial resources" in progress.text
    assert stranger.get(location).status_code == 404
    held.release.set()
    review = settled(client, progress)
    assert "What rbb found" in review.text and 'action="/import/' in review.text
