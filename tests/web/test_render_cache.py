"""Report downloads render once per document version and format: concurrent requests
wait for the one render, later ones get the kept file, and the cache stays bounded."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine

from rbb.storage import DocumentStore
from rbb.web import downloads
from rbb.web.render_cache import RenderCache

from .conftest import make_client

N = 12
PDF = "/missions/UNMIK/2025-26/budget/download/UNMIK-2025-26-budget.pdf"
API_PDF = "/api/v1/documents/UNMIK/2025-26/budget/downloads/pdf"


def wait_until(condition: Callable[[], bool]) -> None:
    """Block until the condition holds (a safety deadline, not a measurement)."""
    deadline = time.monotonic() + 30
    while not condition() and time.monotonic() < deadline:
        time.sleep(0.005)


class CountingRender:
    """A render that counts its calls and holds the first until every other request is
    either waiting for it (single flight) or rendering too (no single flight)."""

    def __init__(self, cache: Callable[[], RenderCache], waiters: int) -> None:
        self.calls = 0
        self.lock = threading.Lock()
        self.cache = cache
        self.waiters = waiters

    def __call__(self, *_: Any, **__: Any) -> bytes:
        with self.lock:
            self.calls += 1
            call = self.calls
        wait_until(lambda: self.calls > 1 or self.cache().waiting() >= self.waiters)
        return b"%PDF-1.7 render " + str(call).encode()


def test_concurrent_gets_of_one_key_render_once() -> None:
    cache = RenderCache(max_bytes=1 << 20, max_entries=8)
    render = CountingRender(lambda: cache, N - 1)
    with ThreadPoolExecutor(N) as pool:
        bodies = list(pool.map(lambda _: cache.get("key", render), range(N)))
    assert render.calls == 1
    assert bodies == [b"%PDF-1.7 render 1"] * N
    assert cache.get("key", render) == bodies[0] and render.calls == 1


def test_a_failed_render_reaches_every_waiter_and_is_not_kept() -> None:
    cache = RenderCache(max_bytes=1 << 20, max_entries=8)
    calls = []

    def broken() -> bytes:
        calls.append(1)
        wait_until(lambda: cache.waiting() >= 3 or len(calls) > 1)
        raise ValueError("no fonts")

    def get(_: int) -> str:
        try:
            cache.get("key", broken)
        except ValueError as error:
            return str(error)
        return "rendered"

    with ThreadPoolExecutor(4) as pool:
        assert list(pool.map(get, range(4))) == ["no fonts"] * 4
    assert len(calls) == 1 and len(cache) == 0
    assert cache.get("key", lambda: b"now") == b"now"


def test_the_cache_is_bounded_by_bytes_and_entries_least_recently_used_first() -> None:
    cache = RenderCache(max_bytes=100, max_entries=3)
    for name in "abc":
        cache.get(name, lambda: b"x" * 30)
    assert len(cache) == 3 and cache.size == 90
    cache.get("a", lambda: b"unused")  # a is now the most recently used
    cache.get("d", lambda: b"y" * 30)  # four entries: b, the least recent, goes
    assert len(cache) == 3 and cache.size == 90
    assert cache.get("b", lambda: b"again") == b"again"  # b was evicted: rendered again
    cache.get("e", lambda: b"z" * 80)  # 80 more bytes: the oldest go until it fits
    assert cache.size <= 100 and len(cache) <= 3
    assert cache.get("huge", lambda: b"h" * 101) == b"h" * 101  # served, never kept
    assert cache.size <= 100
    assert cache.get("huge", lambda: b"second") == b"second"


@pytest.fixture
def counted(seeded_sqlite: Engine, monkeypatch: pytest.MonkeyPatch
            ) -> tuple[TestClient, CountingRender]:
    client = make_client(seeded_sqlite)
    renders = client.app.state.rbb.library.renders  # type: ignore[attr-defined]
    render = CountingRender(lambda: renders, N - 1)
    monkeypatch.setattr(downloads, "render", render)
    return client, render


def test_twelve_anonymous_downloads_of_one_pdf_render_it_once(
        counted: tuple[TestClient, CountingRender]) -> None:
    client, render = counted
    with ThreadPoolExecutor(N) as pool:
        responses = list(pool.map(lambda i: client.get(PDF if i % 2 else API_PDF), range(N)))
    assert [r.status_code for r in responses] == [200] * N
    assert {r.content for r in responses} == {b"%PDF-1.7 render 1"}
    assert render.calls == 1
    assert client.get(PDF).content == b"%PDF-1.7 render 1" and render.calls == 1


def test_a_new_version_of_the_document_renders_again(
        counted: tuple[TestClient, CountingRender], seeded_sqlite: Engine) -> None:
    client, render = counted
    render.waiters = 0
    assert client.get(PDF).content == b"%PDF-1.7 render 1"
    store = DocumentStore(seeded_sqlite)
    store.save(store.load("UNMIK", "2025/26", "budget"))
    assert client.get(PDF).content == b"%PDF-1.7 render 2"
    assert client.get(PDF).content == b"%PDF-1.7 render 2" and render.calls == 2


def test_the_app_keeps_at_most_the_configured_downloads(seeded_sqlite: Engine,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    client = make_client(seeded_sqlite, download_cache_entries=2, download_cache_bytes=10_000)
    monkeypatch.setattr(downloads, "render", lambda *_, **__: b"r" * 4_000)
    for name in ("pdf", "html", "md", "docx"):
        assert client.get(f"/api/v1/documents/UNMIK/2025-26/budget/downloads/{name}"
                          ).status_code == 200
    renders = client.app.state.rbb.library.renders  # type: ignore[attr-defined]
    assert len(renders) == 2 and renders.size == 8_000
