"""The stored documents as the web app reads them, cached until the store changes.

Every page is computed from one ``Snapshot``: what a page reads of the store (a
document's summary, the parts of it the page shows, its stored findings), read on
first use and kept, and the anonymous pages rendered from them. A snapshot is
replaced as soon as the store's version changes (checked at most every
``cache_seconds``, and at once after a write through the web app), so a page never
mixes two states of the store.
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Any, TypeVar, cast

from rbb.model import Document, DocumentKey, Mission, Period
from rbb.model.errors import NotFoundError
from rbb.services.document_service import DocumentService, DocumentSummary, FinancialFigure
from rbb.services.stored_findings import FindingFilter, StoredFinding

from .render_cache import RenderCache

T = TypeVar("T")


MAX_PAGES = 500
"""Anonymous pages kept per snapshot: enough for every page of a few missions, and
a bound on what random query strings can make the server hold."""
MAX_MEMO = 20_000
"""Things read or derived kept per snapshot (summaries, counts, API bodies)."""
MAX_READ = 256
"""Document versions' parts and findings kept across snapshots (``Library.read``)."""


class Kept:
    """What was read of document versions, least recently used out first. A document
    stored again is a new version (a new id or a new time of storing), so an entry
    never goes stale: a change to one document leaves what was read of the others."""

    def __init__(self, max_entries: int) -> None:
        self.max_entries = max_entries
        self._items: OrderedDict[Hashable, Any] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: Hashable, build: Callable[[], T]) -> T:
        with self._lock:
            if key in self._items:
                self._items.move_to_end(key)
                return cast(T, self._items[key])
        value = build()
        with self._lock:
            self._items[key] = value
            while len(self._items) > self.max_entries:
                self._items.popitem(last=False)
        return value

    def __len__(self) -> int:
        return len(self._items)


class Snapshot:
    """One state of the store and what has been read of it: each thing on first use,
    so that a page reads what it shows and no more."""

    def __init__(self, store: DocumentService, version: tuple[int, int, str],
                 renders: RenderCache, kept: Kept | None = None, *,
                 keep_pages: bool = True) -> None:
        self.store = store
        self.version = version
        self.kept = kept if kept is not None else Kept(MAX_READ)
        self.renders = renders
        """Rendered downloads, shared by every snapshot of the library (``downloads.py``)."""
        self.keep_pages = keep_pages
        self._memo: dict[Hashable, Any] = {}
        self._pages: dict[Hashable, bytes] = {}
        self._lock = threading.Lock()

    def memo(self, key: Hashable, build: Callable[[], T]) -> T:
        """``build()`` once per snapshot (two threads may both build; one result is kept)."""
        try:
            return cast(T, self._memo[key])
        except KeyError:
            pass
        value = build()
        with self._lock:
            if len(self._memo) >= MAX_MEMO:
                return value
            return cast(T, self._memo.setdefault(key, value))

    def page(self, key: Hashable) -> bytes | None:
        """A page rendered for anonymous visitors from this snapshot, if kept."""
        return self._pages.get(key)

    def keep_page(self, key: Hashable, body: bytes) -> None:
        if not self.keep_pages:
            return
        with self._lock:
            if len(self._pages) < MAX_PAGES:
                self._pages[key] = body

    # --- documents ---------------------------------------------------------

    @property
    def summaries(self) -> list[DocumentSummary]:
        """Every stored document: for the pages that list them all."""
        return self.memo("summaries", self.store.summaries)

    def summary(self, key: DocumentKey) -> DocumentSummary:
        found = self.memo(("summary", key), lambda: self.store.summary(key))
        if found is None:
            raise NotFoundError(f"no {key.kind.value} report for {key.mission} {key.period} is "
                                "stored")
        return found

    def summary_by_id(self, document_id: int) -> DocumentSummary:
        def read() -> DocumentSummary:
            found = self.store.summaries_by_id([document_id])
            if not found:
                raise NotFoundError(f"no document with id {document_id} is stored")
            return found[0]

        return self.memo(("summary-by-id", document_id), read)

    def document(self, key: DocumentKey) -> Document:
        summary = self.summary(key)
        return self.kept.get(("document", summary.id, summary.stored_at),
                             lambda: self.store.load_by_id(summary.id))

    def document_parts(self, key: DocumentKey, *parts: str) -> Document:
        """The document with only ``parts`` read (and its identity): what a page that
        shows one section needs."""
        summary = self.summary(key)
        return self.kept.get(("parts", summary.id, summary.stored_at, parts),
                             lambda: self.store.load_parts(summary.id, parts))

    def mission_summaries(self, mission: str) -> list[DocumentSummary]:
        return self.memo(("mission-summaries", mission),
                         lambda: self.store.summaries(mission=mission))

    def documents(self, mission: str) -> list[Document]:
        return [self.document(DocumentKey(mission=s.mission, period=s.period, kind=s.kind))
                for s in self.mission_summaries(mission)]

    def missions(self) -> list[Mission]:
        return self.memo("missions", self.store.missions)

    def mission(self, code: str) -> Mission:
        for mission in self.missions():
            if mission.code == code:
                return mission
        raise NotFoundError(f"no document of a mission {code!r} is stored")

    def periods(self, mission: str) -> list[Period]:
        return sorted({s.period for s in self.mission_summaries(mission)})

    def documents_of(self, mission: str, period: Period) -> list[DocumentSummary]:
        found = [s for s in self.mission_summaries(mission) if s.period == period]
        if not found:
            raise NotFoundError(f"no report of {mission} for {period} is stored")
        return found

    def figures(self, mission: str, line: str) -> list[FinancialFigure]:
        return self.memo(("figures", mission, line),
                         lambda: self.store.financial_figures(mission, line))

    # --- findings ----------------------------------------------------------

    def findings_of(self, key: DocumentKey) -> list[StoredFinding]:
        """The stored findings of one document, as ``rbb check`` lists them: kept for
        the document's version and the versions of its mission's other documents (the
        cross-document checks read them)."""
        summary = self.summary(key)
        state = self.memo(("mission-state", summary.mission),
                          lambda: self.store.findings.mission_state(summary.mission))
        return self.kept.get(
            ("findings", summary.id, summary.stored_at, state.digest),
            lambda: self.store.findings.of_document(summary.id, summary.mission, state))

    def findings(self, where: FindingFilter, *, offset: int = 0,
                 limit: int | None = None) -> list[StoredFinding]:
        self._up_to_date(where)
        return self.memo(("findings-where", where, offset, limit),
                         lambda: self.store.findings.find(where, offset=offset, limit=limit,
                                                          current=True))

    def finding_counts(self, where: FindingFilter, by: str) -> dict[str, int]:
        """Findings counted by ``severity``, ``section``, ``mission``, ``document`` or
        ``document_id``."""
        self._up_to_date(where)
        return self.memo(("finding-counts", where, by),
                         lambda: self.store.findings.counts(where, by, current=True))

    def _up_to_date(self, where: FindingFilter) -> None:
        """Stale findings computed once per snapshot and scope, before any is read."""
        scope = (where.mission, where.document_ids)
        self.memo(("up-to-date", scope), lambda: self.store.findings.bring_up_to_date(
            FindingFilter(mission=where.mission, document_ids=where.document_ids)))


class Library:
    def __init__(self, store: DocumentService, *, cache_seconds: float = 1.0,
                 renders: RenderCache | None = None) -> None:
        self.store = store
        self.cache_seconds = cache_seconds
        self.renders = RenderCache(64 * 1024 * 1024, 16) if renders is None else renders
        self.kept = Kept(MAX_READ)
        self._snapshot: Snapshot | None = None
        self._checked_at = 0.0
        self._lock = threading.Lock()

    def snapshot(self) -> Snapshot:
        now = time.monotonic()
        current = self._snapshot
        if current is not None and now - self._checked_at < self.cache_seconds:
            return current
        version = self.store.version()
        with self._lock:
            if self._snapshot is None or self._snapshot.version != version:
                self._snapshot = Snapshot(self.store, version, self.renders, self.kept)
            self._checked_at = now
            return self._snapshot

    def invalidate(self) -> None:
        with self._lock:
            self._snapshot = None
            self._checked_at = 0.0
