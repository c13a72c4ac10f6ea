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


class Snapshot:
    """One state of the store and what has been read of it: each thing on first use,
    so that a page reads what it shows and no more."""

    def __init__(self, store: DocumentService, version: tuple[int, int, str],
                 renders: RenderCache, *, keep_pages: bool = True) -> None:
        self.store = store
        self.version = version
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
        return self.memo(("document", summary.id), lambda: self.store.load_by_id(summary.id))

    def document_parts(self, key: DocumentKey, *parts: str) -> Document:
        """The document with only ``parts`` read (and its identity): what a page that
        shows one section needs. The whole document when it is read already."""
        summary = self.summary(key)
        whole = self._memo.get(("document", summary.id))
        if isinstance(whole, Document):
            return whole
        return self.memo(("parts", summary.id, parts),
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
        """The stored findings of one document, as ``rbb check`` lists them."""
        summary = self.summary(key)
        return self.memo(("findings", summary.id),
                         lambda: self.store.findings.of_document(summary.id, summary.mission))

    def findings(self, where: FindingFilter, *, offset: int = 0,
                 limit: int | None = None) -> list[StoredFinding]:
        return self.memo(("findings-where", where, offset, limit),
                         lambda: self.store.findings.find(where, offset=offset, limit=limit))

    def finding_counts(self, where: FindingFilter, by: str) -> dict[str, int]:
        """Findings counted by ``severity``, ``section``, ``document`` or ``document_id``."""
        return self.memo(("finding-counts", where, by),
                         lambda: self.store.findings.counts(where, by))


class Library:
    def __init__(self, store: DocumentService, *, cache_seconds: float = 1.0,
                 renders: RenderCache | None = None) -> None:
        self.store = store
        self.cache_seconds = cache_seconds
        self.renders = RenderCache(64 * 1024 * 1024, 16) if renders is None else renders
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
                self._snapshot = Snapshot(self.store, version, self.renders)
            self._checked_at = now
            return self._snapshot

    def invalidate(self) -> None:
        with self._lock:
            self._snapshot = None
            self._checked_at = 0.0
