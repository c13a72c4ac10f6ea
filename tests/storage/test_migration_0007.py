"""Migration 0007 on a store written by an earlier rbb: the bodies move to
``document_bodies``, each document gets its parts, its digest and its fact count, and
nothing that refers to a document is lost (a rebuilt ``documents`` table would have
taken every fact with it on SQLite)."""

from __future__ import annotations

import json
from datetime import UTC, datetime

from alembic import command
from sqlalchemy import Engine, func, select, text

from rbb.storage import DocumentStore, canonical_json, upgrade
from rbb.storage import schema as tables
from rbb.storage.database import _config
from tests.storage.test_document_store import budget_2025_26


def _to(engine: Engine, revision: str) -> None:
    config = _config()
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.downgrade(config, revision)


def test_a_store_of_an_earlier_rbb_is_carried_over(engine: Engine) -> None:
    _to(engine, "0006")
    budget = budget_2025_26()
    body = canonical_json(budget)
    with engine.begin() as connection:
        connection.execute(text("INSERT INTO missions (code, name, body) VALUES "
                                "(:code, :name, :body)"),
                           {"code": "UNMIK", "name": budget.mission.name,
                            "body": budget.mission.model_dump_json()})
        document_id = connection.execute(text(
            "INSERT INTO documents (mission_code, period, kind, title, draft, body, stored_at) "
            "VALUES ('UNMIK', '2025/26', 'budget', :title, false, :body, :at) RETURNING id"),
            {"title": budget.title, "body": body, "at": datetime.now(UTC)}).scalar_one()
        for n in range(3):
            connection.execute(text(
                "INSERT INTO facts (document_id, section, table_name, row_name, column_name, "
                "value, unit) VALUES (:id, 's', 't', :row, 'c', '1.0', 'thousands_usd')"),
                {"id": document_id, "row": f"row {n}"})
    upgrade(engine)
    with engine.connect() as connection:
        facts = connection.execute(select(func.count()).select_from(tables.facts)).scalar_one()
        row = connection.execute(select(tables.documents.c.fact_count,
                                        tables.documents.c.body_sha256)).one()
        parts = connection.execute(select(func.count()).select_from(
            tables.document_parts)).scalar_one()
    assert facts == 3 and row.fact_count == 3, "the facts stay with their document"
    assert len(row.body_sha256) == 64
    store = DocumentStore(engine)
    assert store.body(document_id) == body
    assert store.load_by_id(document_id) == budget
    assert parts == len(json.loads(body))  # one part per field the canonical JSON writes
    assert store.load_parts(document_id, ["financial_tables"]).financial_tables == \
        budget.financial_tables
    # And back: the body returns to its row.
    _to(engine, "0006")
    with engine.connect() as connection:
        assert connection.execute(text("SELECT body FROM documents")).scalar_one() == body
    upgrade(engine)
