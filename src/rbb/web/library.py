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
from collections.abc import Callable, Hashable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any, TypeVar, cast

from rbb.model import Document, DocumentKey, Mission, Period
from rbb.model.errors import NotFoundError
from rbb.services.document_service import (
    IDENTITY_PARTS,
    ComponentOutline,
    DocumentService,
    DocumentSummary,
    FinancialFigure,
)
from rbb.services.kept import Kept
from rbb.services.stored_findings import FindingFilter, MissionState, StoredFinding

from .page_cache import (
    STORE,
    Dependency,
    PageCache,
    current_reading,
    depends_on,
    depends_on_all,
    noting,
    used,
)
from .render_cache import RenderCache

T = TypeVar("T")


MAX_MEMO = 20_000
"""Things read or derived kept per snapshot (summaries, counts, API bodies)."""
MAX_READ = 256
"""Document versions' parts and findings kept across snapshots (``Snapshot._kept``)."""


@dataclass(frozen=True, slots=True)
class _Noted:
    """A value a snapshot keeps, with what it was computed from."""

    value: Any
    dependencies: frozenset[Dependency]


class Snapshot:
    """One state of the store and what has been read of it: each thing on first use,
    so that a page reads what it shows and no more."""

    def __init__(self, store: DocumentService, version: tuple[int, int, str] | None,
                 renders: RenderCache, kept: Kept[Hashable, Any] | None = None,
                 outside: Mapping[str, Callable[[Any], object]] | None = None) -> None:
        self.store = store
        self._version = version
        self.outside = outside or {}
        """Token sources of what a page may read outside the document store (the
        ledger, the date): ``("ledger", mission)`` → ``outside["ledger"](mission)``."""
        self.kept = kept if kept is not None else Kept(MAX_READ)
        self.renders = renders
        """Rendered downloads, shared by every snapshot of the library (``downloads.py``)."""
        self._memo: dict[Hashable, Any] = {}
        self._lock = threading.Lock()

    @property
    def version(self) -> tuple[int, int, str]:
        """The store's version this snapshot shows; a snapshot made for one request with
        the cache off asks it only if something needs it (a download's key)."""
        if self._version is None:
            self._version = self.store.version()
        return self._version

    def _kept(self, key: Hashable, build: Callable[[], T]) -> T:
        """What was read of a document version, kept across snapshots (``Kept``): its
        key names the version, so it never goes stale."""
        return cast(T, self.kept.get_or_build(key, build))

    def memo(self, key: Hashable, build: Callable[[], T], *, precise: bool = False) -> T:
        """``build()`` once per snapshot (two threads may both build; one result is kept).

        A page that uses the value depends on what ``build`` read through this
        snapshot, and — unless ``precise`` says ``build`` reads the store only through
        the snapshot — on the whole store (``page_cache``)."""
        if not precise:
            depends_on(STORE)
        found = self._memo.get(("noted", key))
        if isinstance(found, _Noted):
            depends_on_all(found.dependencies)
            return cast(T, found.value)
        with noting() as read:
            value = build()
        noted = self._memo_of(("noted", key), lambda: _Noted(value, frozenset(read)))
        return cast(T, noted.value)

    def _memo_of(self, key: Hashable, build: Callable[[], T]) -> T:
        try:
            return cast(T, self._memo[key])
        except KeyError:
            pass
        value = build()
        with self._lock:
            if len(self._memo) >= MAX_MEMO:
                return value
            return cast(T, self._memo.setdefault(key, value))

    def token(self, dependency: Dependency) -> object:
        """What ``dependency`` is in this state of the store: a page kept with the same
        tokens shows what it would show if rendered now."""
        kind, subject = dependency
        if kind == "summary":
            assert isinstance(subject, DocumentKey)
            found = self._memo_of(("summary", subject), lambda: self.store.summary(subject))
            return None if found is None else found.body_sha256
        if kind == "findings":
            assert isinstance(subject, DocumentKey)
            try:
                return tuple((s.finding, s.part) for s in self.findings_of(subject))
            except NotFoundError:
                return None
        if kind == "mission":
            assert isinstance(subject, str)
            return self._mission_state(subject).digest
        if kind == "missions":
            return tuple(self.missions())
        if kind == "mission-record":
            assert isinstance(subject, str)
            return self._mission_record(subject)
        source = self.outside.get(kind)
        if source is not None:  # asked afresh, but once while a page is built
            building = current_reading()
            if building is not None and dependency in building.outside:
                return building.outside[dependency]
            token = source(subject)
            if building is not None:
                building.outside[dependency] = token
            return token
        return self.version

    # --- documents ---------------------------------------------------------

    @property
    def summaries(self) -> list[DocumentSummary]:
        """Every stored document: for the pages that list them all."""
        return self.memo("summaries", self.store.summaries)

    def summary(self, key: DocumentKey) -> DocumentSummary:
        depends_on(("summary", key))
        found = self._memo_of(("summary", key), lambda: self.store.summary(key))
        if found is None:
            raise NotFoundError(f"no {key.kind.value} report for {key.mission} {key.period} is "
                                "stored")
        return found

    def summary_by_id(self, document_id: int, *, mission: str | None = None
                      ) -> DocumentSummary:
        """``mission``: the document's, when known: its summary is then found among the
        mission's documents if they have been read."""
        if mission is not None:
            found = next((s for s in self.mission_summaries(mission) if s.id == document_id),
                         None)
            if found is not None:
                return found

        def read() -> DocumentSummary:
            found = self.store.summaries_by_id([document_id])
            if not found:
                raise NotFoundError(f"no document with id {document_id} is stored")
            return found[0]

        summary = self.memo(("summary-by-id", document_id), read)
        depends_on(("summary", DocumentKey(mission=summary.mission, period=summary.period,
                                           kind=summary.kind)))
        return summary

    def document(self, key: DocumentKey) -> Document:
        summary = self.summary(key)
        return self._kept(("document", summary.body_sha256),
                          lambda: self.store.load_by_id(summary.id))

    def _with_parts(self, key: DocumentKey, names: Iterable[str]
                    ) -> tuple[DocumentSummary, dict[str, str] | None]:
        """The document's summary and, when this snapshot has not read the summary yet,
        its parts ``names`` read with it in one statement (None: not read; a page's
        first read of a document is one round trip, not two)."""
        if ("summary", key) not in self._memo:
            read = self.store.summary_with_parts(key, tuple(names))
            if read is not None:
                self._memo_of(("summary", key), lambda: read[0])
                self.summary(key)  # what a page reads it depends on
                return read
            self._memo_of(("summary", key), lambda: None)
        return self.summary(key), None

    def document_parts(self, key: DocumentKey, *parts: str) -> Document:
        """The document with only ``parts`` read (and its identity): what a page that
        shows one section needs."""
        summary, rows = self._with_parts(key, {*IDENTITY_PARTS, *parts})
        return self._kept(("parts", summary.body_sha256, parts),
                          lambda: self.store.load_parts(summary.id, parts, rows))

    def part_data(self, key: DocumentKey, part: str) -> Any:
        """One part of the document as the plain JSON data stored (``DocumentService.
        part_data``): what the API serves of it, without validating it again."""
        summary, rows = self._with_parts(key, (part,))
        return self._kept(("part-data", summary.body_sha256, part),
                          lambda: self.store.part_data(summary.id, part, rows))

    def component(self, key: DocumentKey, component_key: str
                  ) -> tuple[Document, tuple[ComponentOutline, ...]]:
        """The document with only one component read, and an outline of each of its
        components (``DocumentService.component``)."""
        summary, rows = self._with_parts(key, (*IDENTITY_PARTS, "components"))
        return self._kept(("component", summary.body_sha256, component_key),
                          lambda: self.store.component(summary.id, component_key, rows))

    def present_parts(self, key: DocumentKey) -> frozenset[str]:
        """The parts of the document that hold something (to say which sections a
        report has without reading them)."""
        summary = self.summary(key)
        return self._kept(("present", summary.body_sha256),
                          lambda: self.store.present_parts(summary.id))

    def mission_summaries(self, mission: str) -> list[DocumentSummary]:
        depends_on(("mission", mission))
        return self._memo_of(("mission-summaries", mission),
                          lambda: self.store.summaries(mission=mission))

    def documents(self, mission: str) -> list[Document]:
        return [self.document(DocumentKey(mission=s.mission, period=s.period, kind=s.kind))
                for s in self.mission_summaries(mission)]

    def missions(self) -> list[Mission]:
        depends_on(("missions", None))
        return self._memo_of("missions", self.store.missions)

    def mission(self, code: str) -> Mission:
        """One mission with stored documents: from the list of them when this snapshot
        has read it (a page naming many missions reads it once, ``missions``), else
        read alone (a page about one mission does not read the whole register)."""
        listed: list[Mission] | None = self._memo.get("missions")
        if listed is not None:
            depends_on(("missions", None))
            found = next((mission for mission in listed if mission.code == code), None)
        else:
            depends_on(("mission-record", code))
            found = self._mission_record(code)
        if found is None:
            raise NotFoundError(f"no document of a mission {code!r} is stored")
        return found

    def _mission_record(self, code: str) -> Mission | None:
        return self._memo_of(("mission-record", code), lambda: self.store.mission(code))

    def periods(self, mission: str) -> list[Period]:
        return sorted({s.period for s in self.mission_summaries(mission)})

    def documents_of(self, mission: str, period: Period) -> list[DocumentSummary]:
        by_period = self._memo_of(("by-period", mission),
                                  lambda: _by_period(self.mission_summaries(mission)))
        depends_on(("mission", mission))
        found = by_period.get(period, [])
        if not found:
            raise NotFoundError(f"no report of {mission} for {period} is stored")
        return found

    def figures(self, mission: str, line: str) -> list[FinancialFigure]:
        depends_on(("mission", mission))
        return self._memo_of(("figures", mission, line),
                          lambda: self.store.financial_figures(mission, line))

    # --- findings ----------------------------------------------------------

    def findings_of(self, key: DocumentKey) -> list[StoredFinding]:
        """The stored findings of one document, as ``rbb check`` lists them: kept for
        the document's version and the versions of its mission's other documents (the
        cross-document checks read them)."""
        depends_on(("findings", key))
        if ("mission-state", key.mission) not in self._memo or ("summary", key) not in self._memo:
            read = self.store.findings.of_key(key)  # with the summary and the state: one read
            if read is None:
                self._memo_of(("summary", key), lambda: None)  # not stored: 404
            else:
                self._memo_of(("summary", key), lambda: read.summary)
                self.summary(key)
                if read.current:
                    state = MissionState(digest=read.token, stale_documents=(),
                                         stale_across=False)
                    self._memo_of(("mission-state", read.summary.mission), lambda: state)
                    return self._kept(("findings", read.summary.id, read.summary.stored_at,
                                       read.token), lambda: read.findings)
        summary = self.summary(key)
        state = self._mission_state(summary.mission)
        return self._kept(
            ("findings", summary.id, summary.stored_at, state.digest),
            lambda: self.store.findings.of_document(summary.id, summary.mission, state))

    def _mission_state(self, mission: str) -> MissionState:
        return self._memo_of(("mission-state", mission),
                          lambda: self.store.findings.mission_state(mission))

    def findings(self, where: FindingFilter, *, offset: int = 0,
                 limit: int | None = None) -> list[StoredFinding]:
        self._up_to_date(where)
        self._depends_on_findings(where)
        return self._memo_of(("findings-where", where, offset, limit),
                          lambda: self.store.findings.find(where, offset=offset, limit=limit,
                                                              current=True))

    def finding_counts(self, where: FindingFilter, by: str) -> dict[str, int]:
        """Findings counted by ``severity``, ``section``, ``mission``, ``document`` or
        ``document_id``."""
        self._up_to_date(where)
        self._depends_on_findings(where)
        return self._memo_of(("finding-counts", where, by),
                          lambda: self.store.findings.counts(where, by, current=True))

    @staticmethod
    def _depends_on_findings(where: FindingFilter) -> None:
        """The findings of a mission (all, or some of its documents') change with its
        documents; any other selection is taken to depend on the whole store."""
        if where.mission is not None:
            depends_on(("mission", where.mission))
        else:
            depends_on(STORE)

    def _up_to_date(self, where: FindingFilter) -> None:
        """Stale findings computed once per snapshot and scope, before any is read."""
        scope = (where.mission, where.document_ids)
        self._memo_of(("up-to-date", scope), lambda: self.store.findings.bring_up_to_date(
            FindingFilter(mission=where.mission, document_ids=where.document_ids)))


class Library:
    """The current snapshot; with ``cache`` off (``RBB_CACHE=off``, for benchmarks) every
    ``snapshot()`` is a new one that reuses nothing read before and keeps no page."""

    def __init__(self, store: DocumentService, *, cache_seconds: float = 1.0,
                 renders: RenderCache | None = None, cache: bool = True) -> None:
        self.store = store
        self.cache_seconds = cache_seconds
        self.cache = cache
        self.renders = RenderCache(64 * 1024 * 1024, 16) if renders is None else renders
        self.kept: Kept[Hashable, Any] = Kept(MAX_READ)
        self.pages = PageCache()
        self.pages.enabled = cache
        self.outside: dict[str, Callable[[Any], object]] = {}
        """What pages read beside the store, by dependency kind (``Snapshot.outside``)."""
        self._snapshot: Snapshot | None = None
        self._checked_at = 0.0
        self._lock = threading.Lock()

    def snapshot(self) -> Snapshot:
        """The current snapshot; within a page being built, the one it reads already
        (``KeptPages`` looked its kept copy up in it)."""
        building = current_reading()
        if building is not None and building.snapshot is not None \
                and building.snapshot.store is self.store:
            return building.snapshot
        if not self.cache:  # nothing read before: not even what ``kept`` holds
            fresh = Snapshot(self.store, None, self.renders, Kept(MAX_READ), self.outside)
            used(fresh)
            return fresh
        now = time.monotonic()
        current = self._snapshot
        if current is not None and now - self._checked_at < self.cache_seconds:
            used(current)
            return current
        version = self.store.version()
        with self._lock:
            if self._snapshot is None or self._snapshot.version != version:
                self._snapshot = Snapshot(self.store, version, self.renders, self.kept,
                                          self.outside)
            self._checked_at = now
            current = self._snapshot
        used(current)
        return current

    def invalidate(self) -> None:
        with self._lock:
            self._snapshot = None
            self._checked_at = 0.0


def _by_period(summaries: list[DocumentSummary]) -> dict[Period, list[DocumentSummary]]:
    found: dict[Period, list[DocumentSummary]] = {}
    for summary in summaries:
        found.setdefault(summary.period, []).append(summary)
    return found
