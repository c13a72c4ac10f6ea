"""A Host header can never reach another visitor's page: pages name no host, the page
cache keys on the host too, and hosts outside RBB_ALLOWED_HOSTS get 400."""

from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine

from rbb.model.errors import InputError
from rbb.web.settings import WebSettings, default_allowed_hosts

from .conftest import make_client

PAGES = ("/", "/missions/UNMIK/2025-26", "/missions/UNMIK/2025-26/budget/financial",
         "/checks", "/login")
ABSOLUTE = re.compile(r'(?:href|src|action)="(?:https?:)?//')


def test_a_poisoned_host_never_reaches_the_next_visitor(sqlite_client: TestClient) -> None:
    for page in PAGES:
        poisoned = sqlite_client.get(page, headers={"host": "evil.example:666"})
        assert poisoned.status_code == 200
        assert "evil.example" not in poisoned.text  # the app's URLs are paths
        normal = sqlite_client.get(page)
        assert "evil.example" not in normal.text, page
        assert not ABSOLUTE.search(normal.text), page
        assert 'href="/static/rbb.css"' in normal.text


def test_the_page_cache_keys_on_the_host(sqlite_client: TestClient) -> None:
    sqlite_client.get("/", headers={"host": "evil.example:666"})
    pages = sqlite_client.app.state.rbb.library.pages  # type: ignore[attr-defined]
    hosts = {key[1] for key in pages._pages}
    assert "evil.example:666" in hosts
    sqlite_client.get("/")
    assert {key[1] for key in pages._pages} == {"evil.example:666", "testserver"}


def test_hosts_not_allowed_get_400(seeded_sqlite: Engine) -> None:
    client = make_client(seeded_sqlite, allowed_hosts=("rbb.example", "localhost"))
    refused = client.get("/", headers={"host": "evil.example:666"})
    assert refused.status_code == 400
    assert "rbb" not in refused.text.lower()
    assert refused.headers["x-frame-options"] == "DENY"
    assert client.get("/api/v1/missions", headers={"host": "evil.example"}).status_code == 400
    assert client.get("/", headers={"host": "rbb.example"}).status_code == 200
    assert client.get("/", headers={"host": "localhost:8000"}).status_code == 200


def test_default_allowed_hosts_follow_where_rbb_serve_listens() -> None:
    assert default_allowed_hosts("127.0.0.1") == ("127.0.0.1", "localhost", "[::1]")
    assert default_allowed_hosts("192.0.2.10") == ("127.0.0.1", "localhost", "[::1]",
                                                   "192.0.2.10")
    assert default_allowed_hosts("::1") == ("127.0.0.1", "localhost", "[::1]")
    assert default_allowed_hosts("0.0.0.0") == ("*",)
    assert default_allowed_hosts(None) == ("*",)


def test_hosts_and_proxies_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("RBB_ALLOWED_HOSTS", "rbb.example, *.un.example")
    monkeypatch.setenv("RBB_TRUSTED_PROXIES", "10.0.0.1, 192.168.0.0/16,::1")
    settings = WebSettings.from_env(bind_host="127.0.0.1")
    assert settings.allowed_hosts == ("rbb.example", "*.un.example")
    assert [str(n) for n in settings.trusted_proxies] == ["10.0.0.1/32", "192.168.0.0/16",
                                                          "::1/128"]
    monkeypatch.delenv("RBB_ALLOWED_HOSTS")
    monkeypatch.delenv("RBB_TRUSTED_PROXIES")
    settings = WebSettings.from_env(bind_host="127.0.0.1")
    assert settings.allowed_hosts == ("127.0.0.1", "localhost", "[::1]")
    assert settings.trusted_proxies == ()
    monkeypatch.setenv("RBB_TRUSTED_PROXIES", "10.0.0.1, everyone")
    with pytest.raises(InputError, match="'everyone' is not an IP address"):
        WebSettings.from_env()
