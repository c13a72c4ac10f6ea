"""Two processes replacing the same document at once both succeed, in turn, on SQLite
and on PostgreSQL; the store ends with one whole copy."""

from __future__ import annotations

import multiprocessing
from decimal import Decimal

from sqlalchemy import Engine, func, select, text

from rbb.model import DocumentKind, Period
from rbb.storage import DocumentStore, create_database_engine
from rbb.storage import schema as tables
from tests.storage.test_document_store import budget_2025_26

ROUNDS = 6


def _replace_repeatedly(url: str, schema: str | None, medical: str, start: object) -> None:
    engine = create_database_engine(url, schema=schema)
    store = DocumentStore(engine)
    start.wait()  # type: ignore[attr-defined]
    for _ in range(ROUNDS):
        store.save(budget_2025_26(medical=medical), source_text="the text")
    engine.dispose()


def _schema(engine: Engine) -> str | None:
    if engine.dialect.name != "postgresql":
        return None
    with engine.connect() as connection:
        found: str = connection.execute(text("SELECT current_schema()")).scalar_one()
    return found


def test_two_processes_replace_one_document_in_turn(engine: Engine) -> None:
    context = multiprocessing.get_context("spawn")
    start = context.Barrier(2)
    url = engine.url.render_as_string(hide_password=False)
    workers = [context.Process(target=_replace_repeatedly,
                               args=(url, _schema(engine), medical, start))
               for medical in ("89.4", "90.0")]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(timeout=120)
    assert [w.exitcode for w in workers] == [0, 0]
    store = DocumentStore(engine)
    document = store.load("UNMIK", Period.parse("2025/26"), DocumentKind.BUDGET)
    medical = document.financial_tables[0].rows[0].values["cost_estimates_2025_26"]
    assert medical in (Decimal("89.4"), Decimal("90.0"))
    with engine.connect() as connection:
        def count(table: object) -> int:
            return int(connection.execute(select(func.count()).select_from(table)).scalar_one())
        assert count(tables.documents) == 1
        assert count(tables.source_texts) == 1
        # Two money rows of five columns each: the index of exactly one copy.
        assert count(tables.facts) == 10
