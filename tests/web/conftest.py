"""A real server and a real browser (Debian chromium driven by Playwright)."""

from __future__ import annotations

import hashlib
import re
import shutil
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import httpx
import pytest
import uvicorn
from argon2 import PasswordHasher
from fastapi.testclient import TestClient
from sqlalchemy import Engine, func, select

from rbb.services.stored_findings import refresh_findings
from rbb.storage import DocumentStore
from rbb.storage import schema as tables
from rbb.storage.accounts import AccountStore, Role, User
from rbb.web import PROXY_HEADERS, create_app
from rbb.web.settings import WebSettings
from tests.conftest import BUDGET_SEED, PERFORMANCE_SEED, imported, required

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                  "--no-first-run", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync"]


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


class LiveServer:
    def __init__(self, engine: Engine, web_settings: WebSettings | None = None) -> None:
        self.port = _free_port()
        config = uvicorn.Config(create_app(engine, web_settings), host="127.0.0.1",
                                port=self.port, log_level="warning",
                                proxy_headers=PROXY_HEADERS)
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=self.server.run, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def __enter__(self) -> LiveServer:
        self.thread.start()
        deadline = time.monotonic() + 10
        while not self.server.started:
            if time.monotonic() > deadline:
                raise RuntimeError("the test server did not start within 10 s")
            time.sleep(0.05)
        return self

    def __exit__(self, *_: object) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=10)


@pytest.fixture
def browser() -> Iterator[Any]:
    if not shutil.which("chromium") and not required("BROWSER"):
        pytest.skip("Debian chromium is not installed (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        try:
            yield launched
        finally:
            launched.close()


@contextmanager
def watched_page(browser: Any, url: str, **options: Any) -> Iterator[Any]:
    """A page of a new browser context on ``url`` (1280 × 900) that records every
    Content Security Policy violation its console reports, and fails the test on any."""
    context = browser.new_context(base_url=url, viewport={"width": 1280, "height": 900},
                                  **options)
    page = context.new_page()
    page.csp_errors = []
    page.on("console", lambda message: page.csp_errors.append(message.text)
            if "Content Security Policy" in message.text else None)
    yield page
    assert page.csp_errors == [], page.csp_errors
    context.close()


# --- the app over a real store ------------------------------------------------------

PASSWORD = "correct horse battery"
FAST_HASHER = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)
"""Cheap argon2 parameters so tests make users quickly; the app verifies any
argon2 hash by its own parameters (and rehashes to its own on login)."""
CSRF = re.compile(r'name="csrf_token" value="([0-9a-f]+)"')


def store_seeds(engine: Engine) -> None:
    """The two embedded UNMIK reports, stored as `rbb seed` stores them."""
    store = DocumentStore(engine)
    for path in (BUDGET_SEED, PERFORMANCE_SEED):
        result = imported(path)
        assert result.document is not None, result.diagnostics
        store.save(result.document, result.diagnostics)
    refresh_findings(engine)


def settings(**overrides: Any) -> WebSettings:
    values: dict[str, Any] = {"secret_key": "test-secret-key", "cache_seconds": 0.0}
    values.update(overrides)
    return WebSettings(**values)


def make_client(engine: Engine, **overrides: Any) -> TestClient:
    return TestClient(create_app(engine, settings(**overrides)))


def add_user(engine: Engine, username: str, role: Role, password: str = PASSWORD) -> User:
    return AccountStore(engine, FAST_HASHER).add_user(username, password, role)


def csrf_token(client: TestClient, page: str = "/login") -> str:
    """The CSRF token of a page's forms (the CSRF cookie stays in the client)."""
    found = CSRF.search(client.get(page).text)
    assert found is not None, f"no CSRF token on {page}"
    return found[1]


def copied_proposal(engine: Engine) -> int:
    """A proposal of the embedded UNMIK budget for 2025/26 copied as it is, started by
    ana (editor); vera (viewer) may read it."""
    from rbb.services.proposal_service import ProposalService

    add_user(engine, "ana", Role.EDITOR)
    add_user(engine, "vera", Role.VIEWER)
    return ProposalService(engine).new_copied("UNMIK:2025/26", by="ana").id


def logged_in_client(engine: Engine, who: str = "ana") -> TestClient:
    client = make_client(engine)
    login(client, who)
    return client


def login(client: TestClient, username: str, password: str = PASSWORD) -> httpx.Response:
    token = csrf_token(client)
    return client.post("/login", data={"username": username, "password": password,
                                       "csrf_token": token, "next": "/"},
                       follow_redirects=False)


def store_state(engine: Engine) -> dict[str, object]:
    """Everything a write could change: the rows of every table, the documents' bodies.
    Failed logins and import jobs are left out: recording them is what a wrong password
    and an upload (even a refused one) should do."""
    with engine.connect() as connection:
        counts = {table.name: connection.execute(
            select(func.count()).select_from(table)).scalar_one()
            for table in tables.metadata.sorted_tables
            if table not in (tables.login_failures, tables.import_jobs)}
        bodies = connection.execute(select(tables.document_bodies.c.body)
                                    .order_by(tables.document_bodies.c.document_id)
                                    ).scalars().all()
        users = connection.execute(select(tables.users.c.username, tables.users.c.role,
                                          tables.users.c.password_hash)
                                   .order_by(tables.users.c.id)).all()
    return {"counts": counts, "bodies": hashlib.sha256("".join(bodies).encode()).hexdigest(),
            "users": [tuple(u) for u in users]}


@pytest.fixture
def seeded(engine: Engine) -> Engine:
    """A store on SQLite and on PostgreSQL with both seed reports."""
    store_seeds(engine)
    return engine


@pytest.fixture
def seeded_sqlite(sqlite_engine: Engine) -> Engine:
    store_seeds(sqlite_engine)
    return sqlite_engine


@pytest.fixture
def client(seeded: Engine) -> TestClient:
    return make_client(seeded)


@pytest.fixture
def sqlite_client(seeded_sqlite: Engine) -> TestClient:
    """For what does not depend on the database backend: SQLite only."""
    return make_client(seeded_sqlite)


def settled(client: TestClient, response: Any, wait: float = 120.0) -> Any:
    """The import form answers with a progress page that refreshes itself until the
    review is ready: follow it as a browser would (``wait`` bounds a hung job)."""
    import time

    deadline = time.monotonic() + wait
    while "data-import-progress" in response.text:
        assert time.monotonic() < deadline, "the import did not finish"
        time.sleep(0.05)
        response = client.get(str(response.url))
    return response
