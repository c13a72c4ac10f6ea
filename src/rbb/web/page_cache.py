"""Pages for anonymous visitors, kept with what they were built from.

A page is the same for every anonymous visitor, so its bytes are kept and served
again. It stays right as long as what it read of the store is unchanged: while a
page is built, the ``Snapshot`` notes each thing read (a document's summary, its
findings, a mission's documents, the list of missions, or — for anything else —
the whole store) and the page is kept with what each of them was (its *token*:
the document's id and time stored, the findings themselves, the digest of the
mission's documents, the store's version). A request for the page is answered
from the cache when every token is still the same in the snapshot of now: a change
to another mission's report, or to a report of the same mission that leaves this
document's findings as they were, costs a few indexed reads, not the page.

The check runs in the thread pool (it may read the store) before the endpoint, so a
kept page costs one hop and no view. Only GET requests of pages (not the API, not
static files) from visitors without a session or a token, answered 200 without a
form token, are kept; at most ``MAX_PAGES`` pages and ``MAX_BYTES`` bytes.
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Hashable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from starlette.concurrency import run_in_threadpool
from starlette.datastructures import Headers
from starlette.types import ASGIApp, Receive, Scope, Send

from .paths import API, STATIC
from .security import SESSION_COOKIE

if TYPE_CHECKING:
    from .library import Library, Snapshot

Dependency = tuple[str, Hashable]
"""What a page read: ``("summary", key)``, ``("findings", key)``, ``("mission", code)``
(its documents), ``("mission-record", code)`` (its name and facts), ``("missions",
None)`` or the whole store (``STORE``)."""
STORE: Dependency = ("store", None)
MAX_PAGES = 2_000
MAX_BYTES = 64 * 1024 * 1024
PAGE_HEADERS = ((b"content-type", b"text/html; charset=utf-8"), (b"vary", b"Cookie, HX-Request"),
                (b"cache-control", b"no-cache"))
"""Those of a page rendered for an anonymous visitor (``templating.render``)."""

@dataclass
class Reading:
    """What a page being built read, and from which snapshot."""

    dependencies: set[Dependency] = field(default_factory=set)
    snapshot: Snapshot | None = None
    mixed: bool = False
    """It read two states of the store (one changed meanwhile): not kept."""
    outside: dict[Dependency, object] = field(default_factory=dict)
    """The tokens of what it read outside the store (the ledger), taken before reading
    it: the page is kept with those, never with a state newer than it shows."""


_reading: ContextVar[Reading | None] = ContextVar("rbb_page_reading", default=None)


def depends_on(dependency: Dependency) -> None:
    """Note that the page being built read ``dependency`` (nothing outside a page)."""
    current = _reading.get()
    if current is not None:
        current.dependencies.add(dependency)


def used(snapshot: Snapshot) -> None:
    """Note the snapshot the page being built reads."""
    current = _reading.get()
    if current is not None:
        if current.snapshot is None:
            current.snapshot = snapshot
        elif current.snapshot is not snapshot:
            current.mixed = True


@contextmanager
def reading() -> Iterator[Reading]:
    """What the code run inside reads of the store (threads it starts included: the
    thread pool runs with a copy of this context, which shares the record)."""
    current = Reading()
    token = _reading.set(current)
    try:
        yield current
    finally:
        _reading.reset(token)


def current_reading() -> Reading | None:
    return _reading.get()


@contextmanager
def noting() -> Iterator[set[Dependency]]:
    """What the code run inside reads, noted also for the page being built (if any):
    what a value computed once and kept must say again each time it is used."""
    outer = _reading.get()
    inner = Reading(snapshot=outer.snapshot if outer is not None else None,
                    outside=dict(outer.outside) if outer is not None else {})
    token = _reading.set(inner)
    try:
        yield inner.dependencies
    finally:
        _reading.reset(token)
        if outer is not None:
            outer.dependencies |= inner.dependencies
            for dependency, state in inner.outside.items():
                outer.outside.setdefault(dependency, state)
            outer.mixed |= inner.mixed or (
                inner.snapshot is not None and outer.snapshot is not None
                and inner.snapshot is not outer.snapshot)


def depends_on_all(dependencies: set[Dependency] | frozenset[Dependency]) -> None:
    current = _reading.get()
    if current is not None:
        current.dependencies |= dependencies


@dataclass(frozen=True, slots=True)
class KeptPage:
    body: bytes
    tokens: tuple[tuple[Dependency, object], ...]


class PageCache:
    """Pages by address, least recently used out first."""

    def __init__(self, max_pages: int = MAX_PAGES, max_bytes: int = MAX_BYTES) -> None:
        self.max_pages = max_pages
        self.max_bytes = max_bytes
        self.enabled = True
        self._pages: OrderedDict[Hashable, KeptPage] = OrderedDict()
        self._size = 0
        self._lock = threading.Lock()

    def __len__(self) -> int:
        return len(self._pages)

    def find(self, snapshot: Snapshot, key: Hashable) -> bytes | None:
        """The page kept for ``key`` if what it read is unchanged in ``snapshot``."""
        with self._lock:
            kept = self._pages.get(key)
            if kept is not None:
                self._pages.move_to_end(key)
        if kept is None:
            return None
        if all(snapshot.token(dependency) == token for dependency, token in kept.tokens):
            return kept.body
        return None

    def keep(self, key: Hashable, body: bytes, read: Reading) -> None:
        """Keep a page with the tokens of what it read, in the snapshot it read."""
        snapshot = read.snapshot
        if not self.enabled or snapshot is None or read.mixed or len(body) > self.max_bytes:
            return
        # A page that read nothing through the snapshot (a plugin's page reading the
        # store its own way) is taken to depend on the whole store.
        dependencies = read.dependencies or {STORE}
        tokens = tuple((dependency, snapshot.token(dependency))
                       for dependency in sorted(dependencies, key=repr))
        with self._lock:
            old = self._pages.pop(key, None)
            if old is not None:
                self._size -= len(old.body)
            self._pages[key] = KeptPage(body, tokens)
            self._size += len(body)
            while len(self._pages) > self.max_pages or self._size > self.max_bytes:
                _, evicted = self._pages.popitem(last=False)
                self._size -= len(evicted.body)

    def clear(self) -> None:
        with self._lock:
            self._pages.clear()
            self._size = 0


def recent(state: Callable[[Any], object], seconds: float) -> Callable[[Any], object]:
    """``state(subject)`` asked at most once every ``seconds`` for each subject: what a
    page read outside the store is then as fresh as the store's own snapshot (one
    second by default), and a kept page costs no query of it most of the time."""
    answers: dict[Any, tuple[float, object]] = {}
    lock = threading.Lock()

    def ask(subject: Any) -> object:
        now = time.monotonic()
        with lock:
            found = answers.get(subject)
        if found is not None and now - found[0] < seconds:
            return found[1]
        value = state(subject)
        with lock:
            if len(answers) >= MAX_PAGES:
                answers.clear()
            answers[subject] = (now, value)
        return value

    return ask


def page_key(host: str, path: str, query: str, htmx: str) -> Hashable:
    return ("page", host.lower(), path, query, htmx)


class KeptPages:
    """ASGI middleware answering a kept page before the app builds it again."""

    def __init__(self, app: ASGIApp, library: Library) -> None:
        self.app = app
        self.library = library

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if not self.library.pages.enabled or not self._cacheable(scope):
            await self.app(scope, receive, send)
            return
        headers = Headers(scope=scope)
        key = page_key(headers.get("host", ""), scope["path"],
                       scope.get("query_string", b"").decode("latin-1"),
                       headers.get("hx-request", ""))
        snapshot, body = await run_in_threadpool(self._kept, key)
        if body is None:
            # built from the snapshot just asked (``Library.snapshot``): the store's
            # version is asked once per request, and what the tokens read is read once
            with reading() as read:
                read.snapshot = snapshot
                await self.app(scope, receive, send)
            return
        await send({"type": "http.response.start", "status": 200, "headers": [
            *PAGE_HEADERS, (b"content-length", str(len(body)).encode())]})
        await send({"type": "http.response.body", "body": body})

    def _kept(self, key: Hashable) -> tuple[Snapshot, bytes | None]:
        snapshot = self.library.snapshot()
        return snapshot, self.library.pages.find(snapshot, key)

    @staticmethod
    def _cacheable(scope: Scope) -> bool:
        if scope["type"] != "http" or scope["method"] != "GET":
            return False
        path: str = scope["path"]
        if path.startswith((API + "/", STATIC + "/")) or path in (API, "/healthz"):
            return False
        headers = Headers(scope=scope)
        return "authorization" not in headers and SESSION_COOKIE not in headers.get(
            "cookie", "")
