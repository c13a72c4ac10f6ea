"""The login limit holds across app instances and cannot be dodged with a forged
X-Forwarded-For; argon2 runs off the event loop."""

from __future__ import annotations

import asyncio
import ipaddress
from typing import Any

import httpx
import pytest
from fastapi import Request
from sqlalchemy import Engine, select

from rbb.storage import schema as tables
from rbb.storage.accounts import AccountStore, Role
from rbb.web.security import client_address

from .conftest import CSRF, PASSWORD, LiveServer, add_user, login, make_client, settings

LOOPBACK = (ipaddress.ip_network("127.0.0.1/32"),)


def failure_keys(engine: Engine) -> set[str]:
    with engine.connect() as connection:
        return set(connection.execute(select(tables.login_failures.c.key)).scalars())


def test_two_app_instances_on_one_store_share_the_lock_out(engine: Engine) -> None:
    add_user(engine, "ana", Role.EDITOR)
    first = make_client(engine, login_attempts=3)
    second = make_client(engine, login_attempts=3)
    assert [login(first, "ana", f"guess {n}").status_code for n in range(3)] == [401] * 3
    locked = login(second, "ana", PASSWORD)
    assert locked.status_code == 429
    assert int(locked.headers["retry-after"]) > 0


def live_login(server: LiveServer, username: str, password: str,
               forwarded_for: str) -> httpx.Response:
    with httpx.Client(base_url=server.url) as client:
        found = CSRF.search(client.get("/login").text)
        assert found is not None
        return client.post("/login", data={"username": username, "password": password,
                                           "csrf_token": found[1], "next": "/"},
                           headers={"X-Forwarded-For": forwarded_for})


def test_a_forged_forwarded_for_from_an_untrusted_peer_does_not_change_the_key(
        seeded_sqlite: Engine) -> None:
    with LiveServer(seeded_sqlite, settings(login_attempts=3)) as server:
        statuses = [live_login(server, f"user{n}", "wrong guess", f"203.0.113.{n}").status_code
                    for n in range(4)]
    assert statuses == [401, 401, 401, 429]  # a new name and a new address each time
    assert {key for key in failure_keys(seeded_sqlite) if key.startswith("client:")} == {
        "client:127.0.0.1"}


def test_a_trusted_proxy_names_the_client(seeded_sqlite: Engine) -> None:
    with LiveServer(seeded_sqlite, settings(login_attempts=3,
                                            trusted_proxies=LOOPBACK)) as server:
        statuses = [live_login(server, f"user{n}", "wrong guess",
                               f"203.0.113.{n}, 127.0.0.1").status_code for n in range(4)]
    assert statuses == [401] * 4  # four clients behind the proxy, one failure each
    assert {key for key in failure_keys(seeded_sqlite) if key.startswith("client:")} == {
        f"client:203.0.113.{n}" for n in range(4)}


def request(peer: str, headers: dict[str, str]) -> Request:
    return Request({"type": "http", "method": "GET", "path": "/", "client": (peer, 5000),
                    "headers": [(k.lower().encode(), v.encode()) for k, v in headers.items()]})


@pytest.mark.parametrize(("peer", "headers", "trusted", "expected"), [
    ("198.51.100.1", {"X-Forwarded-For": "203.0.113.9"}, (), "198.51.100.1"),
    ("198.51.100.1", {"X-Forwarded-For": "203.0.113.9"}, LOOPBACK, "198.51.100.1"),
    ("127.0.0.1", {"X-Forwarded-For": "203.0.113.9"}, (), "127.0.0.1"),
    ("127.0.0.1", {"X-Forwarded-For": "203.0.113.9"}, LOOPBACK, "203.0.113.9"),
    # the client wrote the left part itself; the proxy appended what it saw
    ("127.0.0.1", {"X-Forwarded-For": "1.2.3.4, 203.0.113.9"}, LOOPBACK, "203.0.113.9"),
    ("127.0.0.1", {"X-Forwarded-For": "203.0.113.9, 127.0.0.1"}, LOOPBACK, "203.0.113.9"),
    ("127.0.0.1", {"X-Forwarded-For": "rubbish"}, LOOPBACK, "127.0.0.1"),
    ("::ffff:127.0.0.1", {"X-Forwarded-For": "203.0.113.9"}, LOOPBACK, "203.0.113.9"),
    ("127.0.0.1", {"Forwarded": 'for="[2001:db8::17]:4711";proto=https'}, LOOPBACK,
     "2001:db8::17"),
    ("127.0.0.1", {"Forwarded": "for=192.0.2.60:80, for=203.0.113.9",
                   "X-Forwarded-For": "10.9.9.9"}, LOOPBACK, "203.0.113.9"),
])
def test_client_address(peer: str, headers: dict[str, str], trusted: Any,
                        expected: str) -> None:
    assert client_address(request(peer, headers), trusted) == expected


def test_password_checks_run_off_the_event_loop(seeded_sqlite: Engine,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    add_user(seeded_sqlite, "ana", Role.EDITOR)
    on_loop: list[bool] = []
    real = AccountStore.authenticate

    def authenticate(self: AccountStore, username: str, password: str) -> Any:
        try:
            asyncio.get_running_loop()
            on_loop.append(True)
        except RuntimeError:
            on_loop.append(False)
        return real(self, username, password)

    monkeypatch.setattr(AccountStore, "authenticate", authenticate)
    client = make_client(seeded_sqlite)
    assert login(client, "ana", "wrong guess").status_code == 401
    assert login(client, "ana").status_code == 303
    token = CSRF.search(client.get("/account").text)
    assert token is not None
    client.post("/account/password", data={"current": PASSWORD, "new": "tangerine violin "
                                           "harbour", "csrf_token": token[1]})
    assert on_loop == [False, False, False]


def test_guessing_the_current_password_on_the_account_page_is_limited(
        seeded_sqlite: Engine) -> None:
    add_user(seeded_sqlite, "ana", Role.EDITOR)
    client = make_client(seeded_sqlite, login_attempts=3)
    assert login(client, "ana").status_code == 303
    token = CSRF.search(client.get("/account").text)
    assert token is not None
    statuses = [client.post("/account/password", data={
        "current": f"guess {n}", "new": "tangerine violin harbour", "csrf_token": token[1]}
    ).status_code for n in range(4)]
    assert statuses == [400, 400, 400, 429]
    assert login(make_client(seeded_sqlite, login_attempts=3), "ana").status_code == 429
