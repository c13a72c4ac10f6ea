"""Migration 0011 adds the execution records' tables and takes them away again; the
documents stored before are untouched either way."""

from __future__ import annotations

from sqlalchemy import Engine, inspect

from rbb.storage import DocumentStore, upgrade
from tests.conftest import PERFORMANCE_SEED, imported
from tests.storage.test_migration_0007 import _to

TABLES = {"redeployments", "execution_actuals", "execution_evidence"}


def _tables(engine: Engine) -> set[str]:
    with engine.connect() as connection:
        return set(inspect(connection).get_table_names())


def test_down_to_0010_and_up_again(engine: Engine) -> None:
    result = imported(PERFORMANCE_SEED)
    assert result.document is not None
    DocumentStore(engine).save(result.document, result.diagnostics)
    assert _tables(engine) >= TABLES
    _to(engine, "0010")
    assert not TABLES & _tables(engine)
    upgrade(engine)
    assert _tables(engine) >= TABLES
    assert DocumentStore(engine).load("UNMIK", "2021/22", "performance").redeployments
