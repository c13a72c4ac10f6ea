"""Audit stored documents with ``rbb check``'s engine, on every core.

Loading a stored document (its canonical JSON, validated into the model) costs about
as much as checking it, and neither needs the other documents; only the
cross-document checks do, and they read the money and staffing tables, the follow-up
and the legislative records alone. So a large store is split between worker
processes, each loading and checking its share and sending back its findings and
those parts; the cross-document checks run once over all of them. The benchmark's
500-document store (benches/bench_check.py) is the case this serves; a few documents
are checked in process.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from typing import Any

from rbb.engine.checks import check_across, check_document, sort_findings
from rbb.engine.locate import refine_source_lines
from rbb.engine.placement import finding_part
from rbb.model import Document, Finding, FindingPart
from rbb.storage import DocumentStore
from rbb.storage.repository import IDENTITY_PARTS

CROSS_DOCUMENT_PARTS = ("financial_tables", "vacancy_factors", "incumbency", "follow_up",
                        "stage_figures", "recommendations", "decisions", "financing",
                        "redeployments")
"""What the cross-document checks read of each document besides its identity (the
checks across the cycle: the follow-up rows, and what the Advisory Committee and the
General Assembly state, which only their documents hold; the checks of the recorded
redeployments: the redeployment table a performance report prints)."""


@dataclass(frozen=True, slots=True)
class Checked:
    """A stored document checked on its own: its findings (each prose finding on the
    line that prints its figure, each placed in its part of the document) and what the
    cross-document checks read of it."""

    document_id: int
    document: Document
    findings: list[tuple[Finding, FindingPart | None]]

PARALLEL_FROM = 64
"""Fewer documents than this are checked in process: starting workers costs more."""

_store: DocumentStore | None = None
"""The store a forked worker inherits (set just before the workers start)."""


def audit(store: DocumentStore, ids: Sequence[int], *,
          workers: int | None = None) -> tuple[list[Document], list[Finding]]:
    """The documents ``ids`` (what the cross-document checks read of them, in the order
    of ``ids``) and their findings, cross-document checks included, sorted by document
    and line."""
    checked = check_stored(store, ids, workers=workers)
    documents = [item.document for item in checked]
    findings = [finding for item in checked for finding, _ in item.findings]
    findings += check_across(documents)
    return documents, sort_findings(findings)


def check_stored(store: DocumentStore, ids: Sequence[int], *,
                 workers: int | None = None) -> list[Checked]:
    """Each document of ``ids`` checked on its own, in the order of ``ids``: in this
    process, or shared between one worker process per core for a large store."""
    count = workers if workers is not None else (os.cpu_count() or 1)
    if count < 2 or len(ids) < PARALLEL_FROM or \
            "fork" not in multiprocessing.get_all_start_methods():
        return _check(store, ids)
    return _in_workers(store, ids, count)


def _check(store: DocumentStore, ids: Sequence[int]) -> list[Checked]:
    out = []
    for document_id in ids:
        document = store.load_by_id(document_id)
        text = store.source_text(document_id)
        findings = check_document(document)
        if text is not None:
            findings = refine_source_lines(findings, {str(document.key): text.split("\n")})
        out.append(Checked(document_id, cross_document_parts(document),
                           [(f, finding_part(f, document)) for f in findings]))
    return out


_CLEARED: dict[str, Any] = {
    name: field.get_default(call_default_factory=True)
    for name, field in Document.model_fields.items()
    if name not in IDENTITY_PARTS and name not in CROSS_DOCUMENT_PARTS}


def cross_document_parts(document: Document) -> Document:
    """What the cross-document checks read (``CROSS_DOCUMENT_PARTS``): cheap to send
    back from a worker and to keep for a whole store."""
    return document.model_copy(update=_CLEARED)


def _in_workers(store: DocumentStore, ids: Sequence[int], count: int) -> list[Checked]:
    global _store
    _store = store
    size = -(-len(ids) // count)
    chunks = [list(ids[start:start + size]) for start in range(0, len(ids), size)]
    context = multiprocessing.get_context("fork")
    try:
        with ProcessPoolExecutor(count, mp_context=context, initializer=_forget_pool) as pool:
            results = list(pool.map(_check_in_worker, chunks))
    finally:
        _store = None
    return [item for part in results for item in part]


def _forget_pool() -> None:
    # A forked worker must not use the parent's pooled connections (SQLAlchemy,
    # "Using Connection Pools with Multiprocessing").
    if _store is not None:
        _store.engine.dispose(close=False)


def _check_in_worker(ids: list[int]) -> list[Checked]:
    assert _store is not None, "the worker was not forked from audit()"
    return _check(_store, ids)
