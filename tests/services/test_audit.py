"""Auditing a store in worker processes gives the same findings as in process."""

from __future__ import annotations

import pytest
from sqlalchemy import Engine

from rbb.engine import run_checks
from rbb.services import audit as audit_module
from rbb.storage import DocumentStore
from tests.conftest import BUDGET_SEED, PERFORMANCE_SEED, imported


def test_workers_find_what_one_process_finds(sqlite_engine: Engine,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    documents = [imported(path).document for path in (BUDGET_SEED, PERFORMANCE_SEED)]
    assert all(d is not None and d.financial_tables for d in documents)
    store = DocumentStore(sqlite_engine)
    store.save_all((d, ()) for d in documents if d is not None)
    ids = [summary.id for summary in store.summaries()]
    alone, in_process = audit_module.audit(store, ids, workers=1)
    monkeypatch.setattr(audit_module, "PARALLEL_FROM", 1)
    together, in_workers = audit_module.audit(store, ids, workers=2)
    assert in_workers == in_process == run_checks([d for d in documents if d is not None])
    assert [str(d.key) for d in together] == [str(d.key) for d in alone] == [
        "UNMIK 2021/22 performance", "UNMIK 2025/26 budget"]
