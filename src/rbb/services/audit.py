"""Audit stored documents with ``rbb check``'s engine, on every core.

Loading a stored document (its canonical JSON, validated into the model) costs about
as much as checking it, and neither needs the other documents; only the
cross-document checks do, and they read the money and staffing tables alone. So a
large store is split between worker processes, each loading and checking its share
and sending back its findings and those tables; the cross-document checks run once
over all of them. The benchmark's 500-document store (benches/bench_check.py) is the
case this serves; a few documents are checked in process.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor

from rbb.engine.checks import check_across, check_document, sort_findings
from rbb.model import Document, Finding
from rbb.storage import DocumentStore

PARALLEL_FROM = 64
"""Fewer documents than this are checked in process: starting workers costs more."""

_store: DocumentStore | None = None
"""The store a forked worker inherits (set just before the workers start)."""


def audit(store: DocumentStore, ids: Sequence[int], *,
          workers: int | None = None) -> tuple[list[Document], list[Finding]]:
    """The documents ``ids`` (their identity and tables only, in the order of ``ids``)
    and their findings, cross-document checks included, sorted by document and line."""
    count = workers if workers is not None else (os.cpu_count() or 1)
    if count < 2 or len(ids) < PARALLEL_FROM or \
            "fork" not in multiprocessing.get_all_start_methods():
        findings, documents = _check(store, ids)
    else:
        findings, documents = _in_workers(store, ids, count)
    findings += check_across(documents)
    return documents, sort_findings(findings)


def _check(store: DocumentStore, ids: Sequence[int]) -> tuple[list[Finding], list[Document]]:
    findings: list[Finding] = []
    documents: list[Document] = []
    for document_id in ids:
        document = store.load_by_id(document_id)
        findings += check_document(document)
        documents.append(_tables_only(document))
    return findings, documents


def _tables_only(document: Document) -> Document:
    """What the cross-document checks read: identity, money tables, vacancy factors and
    incumbency (cheap to send back from a worker)."""
    return document.model_copy(update={
        "paragraphs": (), "components": (), "variance_explanations": (), "follow_up": (),
        "staffing_tables": (), "general_assembly_actions": (), "training_participants": (),
    })


def _in_workers(store: DocumentStore, ids: Sequence[int],
                count: int) -> tuple[list[Finding], list[Document]]:
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
    findings = [finding for part, _ in results for finding in part]
    documents = [document for _, part in results for document in part]
    return findings, documents


def _forget_pool() -> None:
    # A forked worker must not use the parent's pooled connections (SQLAlchemy,
    # "Using Connection Pools with Multiprocessing").
    if _store is not None:
        _store.engine.dispose(close=False)


def _check_in_worker(ids: list[int]) -> tuple[list[Finding], list[Document]]:
    assert _store is not None, "the worker was not forked from audit()"
    return _check(_store, ids)
