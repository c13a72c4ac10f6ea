"""Abuse: path traversal, SQL and HTML injection in every path part, query
parameter and text field, malformed uploads. Each gets a clear 4xx (never a
5xx), nothing is reflected unescaped, and the store is left as it was."""

from __future__ import annotations

import re
from urllib.parse import quote

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine

from rbb.storage.accounts import Role
from rbb.web import create_app

from .conftest import PASSWORD, add_user, csrf_token, login, settings, settled, store_state
from .test_access import PARAMS, routes

PAYLOADS = (
    "' OR '1'='1",
    "1; DROP TABLE documents; --",
    '"); DELETE FROM users; --',
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "../../../../etc/passwd",
    "{{7*7}}",
)
RAW_HTML = ("<script>alert(1)</script>", "<img src=x onerror")
QUERY_PARAMS = (
    ("/compare", ("a", "b", "stage")),
    ("/checks", ("severity", "section", "document")),
    ("/login", ("next",)),
    ("/api/v1/documents", ("mission",)),
    ("/api/v1/findings", ("severity", "section", "document")),
    ("/api/v1/compare", ("a", "b", "stage")),
    ("/peacekeeping", ("mission", "period_from", "period_to")),
    ("/api/v1/peacekeeping", ("mission", "period_from", "period_to")),
    ("/api/v1/documents/UNMIK/2025-26/budget/findings", ("severity",)),
)


def signed_in_admin(engine: Engine) -> TestClient:
    add_user(engine, "root", Role.ADMIN)
    client = TestClient(create_app(engine, settings()))
    login(client, "root")
    return client


@pytest.fixture
def admin_client(seeded: Engine) -> TestClient:
    """SQL injection is tried on both backends."""
    return signed_in_admin(seeded)


@pytest.fixture
def sqlite_admin(seeded_sqlite: Engine) -> TestClient:
    return signed_in_admin(seeded_sqlite)


def assert_clean(response_text: str, where: str) -> None:
    for raw in RAW_HTML:
        assert raw not in response_text, f"{where} reflects {raw!r} unescaped"


def test_injection_in_every_path_part(admin_client: TestClient, seeded: Engine) -> None:
    before = store_state(seeded)
    checked = 0
    for method, path in routes(admin_client.app):  # type: ignore[arg-type]
        names = re.findall(r"\{(\w+)\}", path)
        if method != "GET" or not names:
            continue
        for name in names:
            for payload in PAYLOADS:
                url = re.sub(r"\{(\w+)\}", lambda m, n=name, p=payload: quote(p, safe="")
                             if m[1] == n else PARAMS[m[1]], path)
                response = admin_client.get(url, follow_redirects=False)
                assert 400 <= response.status_code < 500, f"{url}: {response.status_code}"
                assert_clean(response.text, url)
                checked += 1
    assert checked > 100
    assert store_state(seeded) == before


def test_injection_in_every_query_parameter(admin_client: TestClient, seeded: Engine) -> None:
    before = store_state(seeded)
    for path, names in QUERY_PARAMS:
        for name in names:
            for payload in PAYLOADS:
                params = {"a": "UNMIK-2024-25", "b": "UNMIK-2025-26-budget", name: payload}
                response = admin_client.get(path, params=params, follow_redirects=False)
                where = f"{path}?{name}={payload}"
                if path == "/login":
                    # ``next`` is only ever a path of this site; the form escapes it.
                    assert response.status_code == 200, where
                else:
                    assert 400 <= response.status_code < 500, f"{where}: {response.status_code}"
                assert_clean(response.text, where)
    assert store_state(seeded) == before


def test_injection_in_every_text_field(sqlite_admin: TestClient, seeded_sqlite: Engine) -> None:
    before = store_state(seeded_sqlite)
    for payload in PAYLOADS:
        token = csrf_token(sqlite_admin, "/admin/users")
        forms = (
            ("/admin/users", {"username": payload, "password": PASSWORD, "role": "viewer"}),
            ("/admin/users", {"username": "newuser", "password": PASSWORD, "role": payload}),
            ("/admin/users/root/role", {"role": payload}),
            (f"/admin/users/{quote(payload, safe='')}/remove", {}),
            ("/account/tokens", {"name": payload}),
            ("/account/password", {"current": payload, "new": PASSWORD + "!"}),
        )
        for path, data in forms:
            response = sqlite_admin.post(path, data={**data, "csrf_token": token},
                                         follow_redirects=False)
            assert 400 <= response.status_code < 500, f"{path} {data}: {response.status_code}"
            assert_clean(response.text, path)
        anonymous = TestClient(sqlite_admin.app)
        response = anonymous.post("/login", data={
            "username": payload, "password": payload, "next": payload,
            "csrf_token": csrf_token(anonymous)})
        assert response.status_code in (401, 429)  # wrong, then too many attempts
        assert_clean(response.text, "/login")
    assert store_state(seeded_sqlite) == before


def test_path_traversal_in_download_names(sqlite_admin: TestClient, seeded_sqlite: Engine) -> None:
    before = store_state(seeded_sqlite)
    base = "/missions/UNMIK/2025-26/budget/download/"
    for name in ("..%2F..%2F..%2Fetc%2Fpasswd", "%2e%2e%2f%2e%2e%2fpyproject.toml",
                 "..%5C..%5Capp.py", "UNMIK-2025-26-budget.json%00.pdf",
                 "UNMIK-2025-26-budget.json%2F..%2F..%2Fsettings.py", "rbb.sqlite",
                 "%2Fetc%2Fpasswd", "UNMIK-2025-26-budget.exe"):
        response = sqlite_admin.get(base + name)
        assert response.status_code == 404, name
        assert "root:" not in response.text and "[project]" not in response.text
    for name in ("..%2F..%2Fetc%2Fpasswd", "json%2F..%2F..", "pdf%00"):
        response = sqlite_admin.get(f"/api/v1/documents/UNMIK/2025-26/budget/downloads/{name}")
        assert response.status_code in (404, 422), name
    for name in ("..%2Fapp.py", "%2e%2e/%2e%2e/pyproject.toml", "..%2F..%2Fstorage%2Fschema.py"):
        response = sqlite_admin.get(f"/static/{name}")
        assert response.status_code == 404, name
        assert "create_app" not in response.text
    assert store_state(seeded_sqlite) == before


def test_malformed_uploads(sqlite_admin: TestClient, seeded_sqlite: Engine) -> None:
    before = store_state(seeded_sqlite)
    token = csrf_token(sqlite_admin, "/import")
    # A multipart body that does not parse.
    broken = sqlite_admin.post(
        "/import", content=b"--xyz\r\nContent-Disposition: form-data; name=\"file\"\r\n\r\n",
        headers={"Content-Type": "multipart/form-data; boundary=abc",
                 "X-CSRF-Token": token})
    assert 400 <= broken.status_code < 500
    # No file field at all.
    missing = sqlite_admin.post("/import", data={"csrf_token": token})
    assert missing.status_code == 400 and "no file was uploaded" in missing.text
    # A file name that tries to climb out, with HTML in it.
    odd = settled(sqlite_admin, sqlite_admin.post("/import", data={"csrf_token": token}, files={
        "file": ("../../<script>alert(1)</script>.txt", b"not a report", "text/plain")}))
    assert odd.status_code == 422
    assert_clean(odd.text, "upload name")
    # The API refuses the same.
    api = sqlite_admin.post("/api/v1/imports", headers={"X-CSRF-Token": token},
                            files={"file": ("x.pdf", b"%PDF-1.4 broken", "application/pdf")})
    assert api.status_code == 422
    assert api.headers["content-type"] == "application/problem+json"
    assert store_state(seeded_sqlite) == before
