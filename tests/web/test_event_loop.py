"""CPU-bound work (parsing an upload, verifying a password) runs in the thread pool,
never on the event loop: while it is in progress the server still answers.

Each test holds the slow call open until ``/healthz`` has answered and records the
order in which the responses arrive. Were the slow call on the event loop, the loop
could not serve ``/healthz`` until the call returned (after ``HOLD`` seconds, the
test's bound), and the order would be reversed.
"""

from __future__ import annotations

import asyncio
import re
import threading
from collections.abc import Awaitable, Callable
from typing import Any

import httpx
from sqlalchemy import Engine

from rbb.storage.accounts import AccountStore, Role
from rbb.web import create_app, uploads
from tests.conftest import BUDGET_SEED
from tests.web.conftest import FAST_HASHER, PASSWORD, add_user, settings

HOLD = 10.0
"""Longest the slow call is held open: a loop that is blocked fails the test after this."""
CSRF = re.compile(r'name="csrf_token" value="([0-9a-f]+)"')


class Gate:
    """Wraps a call so that it signals when it starts and waits until released."""

    def __init__(self, call: Callable[..., Any]) -> None:
        self.call = call
        self.entered = threading.Event()
        self.released = threading.Event()

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        self.entered.set()
        self.released.wait(timeout=HOLD)
        return self.call(*args, **kwargs)

    async def wait_entered(self) -> None:
        for _ in range(int(HOLD * 100)):
            if self.entered.is_set():
                return
            await asyncio.sleep(0.01)
        raise AssertionError("the slow call was never made")


def order_of(app: Any, gate: Gate,
             slow: Callable[[httpx.AsyncClient], Awaitable[httpx.Response]],
             prepare: Callable[[httpx.AsyncClient], Awaitable[None]] | None = None
             ) -> tuple[list[str], httpx.Response, httpx.Response]:
    """Start ``slow``, ask for /healthz while the gated call is held, then release it."""
    order: list[str] = []

    async def main() -> tuple[httpx.Response, httpx.Response]:
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as client:
            if prepare is not None:
                await prepare(client)

            async def slow_request() -> httpx.Response:
                response = await slow(client)
                order.append("slow")
                return response

            task = asyncio.create_task(slow_request())
            await gate.wait_entered()
            health = await client.get("/healthz")
            order.append("healthz")
            gate.released.set()
            return health, await task

    health, response = asyncio.run(main())
    return order, health, response


def test_parsing_an_upload_does_not_block_other_requests(seeded_sqlite: Engine,
                                                         monkeypatch: Any) -> None:
    gate = Gate(uploads.parse_upload)
    monkeypatch.setattr(uploads, "parse_upload", gate)
    add_user(seeded_sqlite, "ed", Role.EDITOR)
    _, token = AccountStore(seeded_sqlite, FAST_HASHER).create_token("ed", "test")
    app = create_app(seeded_sqlite, settings())

    async def upload(client: httpx.AsyncClient) -> httpx.Response:
        return await client.post(
            "/api/v1/imports", params={"dry_run": "true"},
            headers={"Authorization": f"Bearer {token}"},
            files={"file": (BUDGET_SEED.name, BUDGET_SEED.read_bytes(), "text/plain")})

    order, health, response = order_of(app, gate, upload)
    assert order == ["healthz", "slow"]
    assert health.status_code == 200 and health.text == "ok\n"
    assert response.status_code == 200, response.text
    assert response.json()["file"] == BUDGET_SEED.name
    assert response.json()["stored"] is False


def test_verifying_a_password_does_not_block_other_requests(seeded_sqlite: Engine) -> None:
    add_user(seeded_sqlite, "ana", Role.VIEWER)
    app = create_app(seeded_sqlite, settings())
    accounts = app.state.rbb.accounts
    gate = Gate(accounts.authenticate)
    accounts.authenticate = gate
    form: dict[str, str] = {}

    async def prepare(client: httpx.AsyncClient) -> None:
        found = CSRF.search((await client.get("/login")).text)
        assert found is not None
        form.update(username="ana", password=PASSWORD, csrf_token=found[1], next="/")

    async def log_in(client: httpx.AsyncClient) -> httpx.Response:
        return await client.post("/login", data=form)

    order, health, response = order_of(app, gate, log_in, prepare)
    assert order == ["healthz", "slow"]
    assert health.status_code == 200
    assert response.status_code == 303
    assert "rbb_session" in response.cookies


def test_looking_up_a_token_does_not_block_other_requests(seeded_sqlite: Engine) -> None:
    """``reader`` is async; the account lookup it needs runs in the thread pool."""
    add_user(seeded_sqlite, "ana", Role.VIEWER)
    _, token = AccountStore(seeded_sqlite, FAST_HASHER).create_token("ana", "test")
    app = create_app(seeded_sqlite, settings())
    accounts = app.state.rbb.accounts
    gate = Gate(accounts.token_user)
    accounts.token_user = gate

    async def read(client: httpx.AsyncClient) -> httpx.Response:
        return await client.get("/api/v1/missions",
                                headers={"Authorization": f"Bearer {token}"})

    order, health, response = order_of(app, gate, read)
    assert order == ["healthz", "slow"]
    assert health.status_code == 200
    assert response.status_code == 200, response.text


def test_an_error_page_looks_up_its_user_off_the_event_loop(seeded_sqlite: Engine) -> None:
    """An unknown address runs no route's dependency: the error page itself asks who is
    signed in (for its header), in the thread pool."""
    add_user(seeded_sqlite, "ana", Role.VIEWER)
    _, token = AccountStore(seeded_sqlite, FAST_HASHER).create_token("ana", "test")
    app = create_app(seeded_sqlite, settings())
    accounts = app.state.rbb.accounts
    gate = Gate(accounts.token_user)
    accounts.token_user = gate

    async def missing(client: httpx.AsyncClient) -> httpx.Response:
        return await client.get("/no-such-page", headers={"Authorization": f"Bearer {token}"})

    order, health, response = order_of(app, gate, missing)
    assert order == ["healthz", "slow"]
    assert health.status_code == 200
    assert response.status_code == 404 and "ana" in response.text


def test_an_anonymous_read_asks_the_store_for_no_account(seeded_sqlite: Engine) -> None:
    """Without a session cookie or a token a reader is anonymous at sight: no lookup, so
    the request is not handed to the thread pool for one."""
    app = create_app(seeded_sqlite, settings())
    accounts = app.state.rbb.accounts

    def refuse(*_: object) -> None:
        raise AssertionError("an anonymous request looked up an account")

    accounts.token_user = accounts.session_user = refuse

    async def main() -> list[int]:
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as client:
            return [(await client.get(path)).status_code
                    for path in ("/", "/api/v1/missions", "/missions/UNMIK")]

    assert asyncio.run(main()) == [200, 200, 200]


def test_writing_an_extract_to_disk_does_not_block_other_requests(
        seeded_sqlite: Engine, monkeypatch: Any) -> None:
    """A ledger extract is streamed to its temporary file in the thread pool: a write held
    open leaves the loop free to answer."""
    from rbb.web import streamed_uploads

    gate = Gate(streamed_uploads._write)
    monkeypatch.setattr(streamed_uploads, "_write", gate)
    add_user(seeded_sqlite, "ed", Role.EDITOR)
    _, token = AccountStore(seeded_sqlite, FAST_HASHER).create_token("ed", "test")
    app = create_app(seeded_sqlite, settings())

    async def upload(client: httpx.AsyncClient) -> httpx.Response:
        return await client.post(
            "/api/v1/missions/MX/ledger/imports",
            headers={"Authorization": f"Bearer {token}"},
            files={"file": ("mx.csv", b"document_number\n1\n", "text/csv")})

    order, health, response = order_of(app, gate, upload)
    assert order == ["healthz", "slow"]
    assert health.status_code == 200
    assert response.status_code == 202, response.text
