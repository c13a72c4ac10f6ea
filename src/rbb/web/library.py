"""The stored documents as the web app reads them, cached until the store changes.

Every page is computed from one ``Snapshot``: the document list, documents
loaded on first use, and whatever the views derive from them (figures,
findings, rendered anonymous pages). A snapshot is replaced as soon as the
store's version changes (checked at most every ``cache_seconds``, and at once
after a write through the web app), so a page never mixes two states of the
store.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Hashable, Sequence
from typing import Any, Protocol, TypeVar, cast

from rbb.model import Document, DocumentKey, Finding, Mission, Period
from rbb.model.errors import NotFoundError, NotYetAvailableError
from rbb.services.document_service import DocumentService, DocumentSummary, FinancialFigure

from .render_cache import RenderCache

T = TypeVar("T")


class CheckRunner(Protocol):
    """``rbb.engine.run_checks``; None in a build without the checks engine."""

    def __call__(self, documents: Sequence[Document], /) -> list[Finding]: ...


MAX_PAGES = 500
"""Anonymous pages kept per snapshot: enough for every page of a few missions, and
a bound on what random query strings can make the server hold."""

CHECKS_MISSING = ("the checks of `rbb check` are not available in this build yet "
                  "(the checks engine is being built)")


class Snapshot:
    """One state of the store and everything derived from it."""

    def __init__(self, store: DocumentService, version: tuple[int, int, str],
                 checks: CheckRunner | None, renders: RenderCache) -> None:
        self.store = store
        self.version = version
        self.checks = checks
        self.renders = renders
        """Rendered downloads, shared by every snapshot of the library (``downloads.py``)."""
        self.summaries: list[DocumentSummary] = store.summaries()
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
        with self._lock:
            if len(self._pages) < MAX_PAGES:
                self._pages[key] = body

    # --- documents ---------------------------------------------------------

    def summary(self, key: DocumentKey) -> DocumentSummary:
        for summary in self.summaries:
            if (summary.mission, summary.period, summary.kind) == (
                    key.mission, key.period, key.kind):
                return summary
        raise NotFoundError(f"no {key.kind.value} report for {key.mission} {key.period} is "
                            "stored")

    def document(self, key: DocumentKey) -> Document:
        summary = self.summary(key)
        return self.memo(("document", summary.id), lambda: self.store.load_by_id(summary.id))

    def documents(self, mission: str | None = None) -> list[Document]:
        return [self.document(DocumentKey(mission=s.mission, period=s.period, kind=s.kind))
                for s in self.summaries if mission is None or s.mission == mission]

    def missions(self) -> list[Mission]:
        return self.memo("missions", self.store.missions)

    def mission(self, code: str) -> Mission:
        for mission in self.missions():
            if mission.code == code:
                return mission
        raise NotFoundError(f"no document of a mission {code!r} is stored")

    def periods(self, mission: str) -> list[Period]:
        return sorted({s.period for s in self.summaries if s.mission == mission})

    def documents_of(self, mission: str, period: Period) -> list[DocumentSummary]:
        found = [s for s in self.summaries if s.mission == mission and s.period == period]
        if not found:
            raise NotFoundError(f"no report of {mission} for {period} is stored")
        return found

    def figures(self, mission: str, line: str) -> list[FinancialFigure]:
        return self.memo(("figures", mission, line),
                         lambda: self.store.financial_figures(mission, line))

    # --- checks ------------------------------------------------------------

    @property
    def checks_available(self) -> bool:
        return self.checks is not None

    def findings(self) -> list[Finding]:
        """Findings of ``rbb check`` over every stored document (cross-document
        identities need them all)."""
        runner = self.checks
        if runner is None:
            raise NotYetAvailableError(CHECKS_MISSING)
        return self.memo("findings", lambda: list(runner(self.documents())))

    def document_for_finding(self, finding: Finding) -> Document | None:
        names = self.memo("finding-names", lambda: {
            str(DocumentKey(mission=s.mission, period=s.period, kind=s.kind)):
                DocumentKey(mission=s.mission, period=s.period, kind=s.kind)
            for s in self.summaries})
        key = names.get(finding.document)
        return self.document(key) if key is not None else None


class Library:
    def __init__(self, store: DocumentService, *, cache_seconds: float = 1.0,
                 checks: CheckRunner | None = None,
                 renders: RenderCache | None = None) -> None:
        self.store = store
        self.cache_seconds = cache_seconds
        self.checks = checks
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
                self._snapshot = Snapshot(self.store, version, self.checks, self.renders)
            self._checked_at = now
            return self._snapshot

    def invalidate(self) -> None:
        with self._lock:
            self._snapshot = None
            self._checked_at = 0.0
