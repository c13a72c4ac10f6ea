"""Findings are data computed once: when a document is stored, and again only when the
checks change (their version, ``rbb.engine.checks.registry.checks_version``) or when
``rbb check --refresh`` asks. Pages, the API and ``rbb check`` on the store read them
with indexed queries.

Whatever wrote the store (this process, another worker, ``rbb load`` elsewhere), a
read first brings what it reads up to date: the store records which version of the
checks computed each document's findings, and under which ``documents_token`` of a
mission (renewed by every write of its documents) its cross-document findings were
computed, so a reader can tell stale findings from current ones with one query and
recompute only those.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import Engine

from rbb.engine.checks import check_across, check_records, skipped_checks
from rbb.engine.checks.registry import checks_version
from rbb.engine.placement import finding_part
from rbb.model import Document, DocumentKey, Finding, FindingPart
from rbb.model.execution import MissionRecords
from rbb.model.findings import SkippedCheck
from rbb.storage import DocumentStore
from rbb.storage.execution_records import ExecutionRecordStore
from rbb.storage.findings_store import (
    DocumentFindings,
    FindingFilter,
    FindingsStore,
    MissionState,
    StoredFinding,
)

from .audit import CROSS_DOCUMENT_PARTS, Checked, check_stored

__all__ = ["DocumentFindings", "FindingFilter", "MissionState", "Refreshed", "StoredFinding",
           "StoredFindings", "partial_documents", "refresh_findings"]


WRITE_BATCH = 200
"""Documents whose findings are written in one transaction (one commit, not one each)."""


@dataclass(frozen=True, slots=True)
class Refreshed:
    """What a refresh computed: documents checked on their own, missions across."""

    documents: int
    missions: int


class StoredFindings:
    """The findings of the documents of one store."""

    def __init__(self, engine: Engine, *, workers: int | None = None) -> None:
        self.documents = DocumentStore(engine)
        self.store = FindingsStore(engine)
        self.records = ExecutionRecordStore(engine)
        self.workers = workers
        self._lock = threading.Lock()

    # --- computing ---------------------------------------------------------

    def refresh(self, *, mission: str | None = None, document_ids: Sequence[int] | None = None,
                everything: bool = False) -> Refreshed:
        """Compute the findings that are stale (all of them with ``everything``) among
        the documents of ``mission`` or ``document_ids`` (all documents without either),
        and the cross-document findings of their missions."""
        version = checks_version()
        with self._lock:
            if everything:
                wanted = None if document_ids is None else set(document_ids)
                ids = [s.id for s in self.documents.summaries(mission=mission)
                       if wanted is None or s.id in wanted]
            else:
                ids = self.store.stale_documents(version, mission=mission,
                                                 document_ids=document_ids)
            checked = check_stored(self.documents, ids, workers=self.workers) if ids else []
            for start in range(0, len(checked), WRITE_BATCH):
                self.store.replace_documents(
                    [(item.document_id, item.document.mission.code, item.findings)
                     for item in checked[start:start + WRITE_BATCH]], version)
            scope = self._missions(mission, document_ids, checked)
            missions = scope if everything and scope is not None else \
                self.store.stale_missions(version, scope)
            known = {item.document_id: item.document for item in checked}
            for code in missions:
                self._check_across(code, version, known)
        return Refreshed(documents=len(ids), missions=len(missions))

    def _missions(self, mission: str | None, document_ids: Sequence[int] | None,
                  checked: Sequence[Checked]) -> list[str] | None:
        """The missions a refresh covers: None for every mission of the store."""
        if mission is not None:
            return [mission]
        if document_ids is None:
            return None
        codes = {item.document.mission.code for item in checked}
        wanted = set(document_ids) - {item.document_id for item in checked}
        codes |= {s.mission for s in self.documents.summaries_by_id(sorted(wanted))}
        return sorted(codes)

    def _check_across(self, mission: str, version: str, known: dict[int, Document]) -> None:
        """The findings across the mission's documents, and of what it records beside
        them (its redeployments, ``check_records``), computed under its documents token
        (which recording a redeployment renews too)."""
        stored = self.store.mission_documents(mission)
        documents = {i: known.get(i) or self.documents.load_parts(i, CROSS_DOCUMENT_PARTS)
                     for i in stored.ids}
        by_name = {str(document.key): (i, document) for i, document in documents.items()}
        placed: list[tuple[int, Finding, FindingPart | None]] = []
        records = MissionRecords(mission=mission,
                                 redeployments=tuple(self.records.redeployments(mission)))
        for finding in [*check_across(list(documents.values())),
                        *check_records(records, list(documents.values()))]:
            target = by_name.get(finding.document)
            if target is not None:
                placed.append((target[0], finding, finding_part(finding, target[1])))
        self.store.replace_mission(mission, stored, placed, version)

    # --- reading -----------------------------------------------------------

    def mission_state(self, mission: str) -> MissionState:
        """Whether the mission's findings are current, and the token of its documents
        (what a cache of its findings is keyed on)."""
        return self.store.mission_state(mission, checks_version())

    def of_document(self, document_id: int, mission: str,
                    state: MissionState | None = None) -> list[StoredFinding]:
        """The document's findings, own and across its mission, as ``rbb check``
        lists them (``state``: the mission's, when just read)."""
        if not (state or self.mission_state(mission)).current:
            self.refresh(mission=mission)
        return self.store.find(FindingFilter(document_ids=(document_id,)))

    def of_key(self, key: DocumentKey) -> DocumentFindings | None:
        """The document's summary, its mission's state and its stored findings, read with
        one statement; whether they are ``current`` is the caller's to act on
        (``of_document`` when they are not)."""
        return self.store.of_key(key.mission, key.period.label, key.kind.value,
                                 checks_version())

    def find(self, where: FindingFilter, *, offset: int = 0, limit: int | None = None,
             current: bool = False) -> list[StoredFinding]:
        """A page of the findings ``where`` selects (``current``: the caller has just
        brought them up to date with ``bring_up_to_date``)."""
        if not current:
            self.bring_up_to_date(where)
        return self.store.find(where, offset=offset, limit=limit)

    def count(self, where: FindingFilter, *, current: bool = False) -> int:
        if not current:
            self.bring_up_to_date(where)
        return self.store.count(where)

    def counts(self, where: FindingFilter, by: str, *, current: bool = False
               ) -> dict[str, int]:
        if not current:
            self.bring_up_to_date(where)
        return self.store.counts(where, by)

    def bring_up_to_date(self, where: FindingFilter) -> None:
        """Compute whatever is stale among the findings ``where`` can select. A mission's
        findings are asked whether they are current with one query first, which is all a
        page of a mission pays while nothing changed (no lock taken)."""
        if where.mission is not None and self.mission_state(where.mission).current:
            return
        self.refresh(mission=where.mission, document_ids=where.document_ids)


def refresh_findings(engine: Engine, *, everything: bool = False) -> int:
    """Bring the stored findings of every document up to date (all of them computed
    again with ``everything``); the number of documents checked."""
    return StoredFindings(engine).refresh(everything=everything).documents


def partial_documents(store: DocumentStore, document_ids: Sequence[int] | None = None
                      ) -> list[tuple[Document, list[SkippedCheck]]]:
    """The stored documents marked partial (their identity and coverage only), each with
    the checks skipped on it and why: what ``rbb check`` and the pages say of them."""
    found = []
    for document_id in store.partial_ids(document_ids):
        document = store.load_parts(document_id, ())
        found.append((document, skipped_checks(document)))
    return found
