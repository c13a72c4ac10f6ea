"""``rbb list`` reads an SQLite file at the newest schema with the standard library
(``storage.listing``): the same documents, in the same order, with the same partial marks
as the store lists them through SQLAlchemy; any store it cannot vouch for is left to
SQLAlchemy, untouched."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from sqlalchemy import Engine

from rbb.importers import import_path
from rbb.services.imports import store_results
from rbb.storage import DocumentStore, create_database_engine, upgrade
from rbb.storage.listing import ListedDocument, list_sqlite_file
from tests.conftest import BUDGET_SEED, PERFORMANCE_SEED, imported

EXCERPT = Path(__file__).parents[1] / "data" / "partial" / "untomn-budget-excerpt.txt"


def as_the_store_lists(store: DocumentStore, mission: str | None = None
                       ) -> list[ListedDocument]:
    summaries = store.summaries(mission=mission)
    partial = set(store.partial_ids([summary.id for summary in summaries]))
    return [ListedDocument(summary, summary.id in partial) for summary in summaries]


def test_an_sqlite_file_is_listed_as_the_store_lists_it(sqlite_engine: Engine) -> None:
    store = DocumentStore(sqlite_engine)
    assert store_results(store, [imported(BUDGET_SEED), imported(PERFORMANCE_SEED),
                                 import_path(EXCERPT)], partial=True).stored
    url = sqlite_engine.url.render_as_string(hide_password=False)
    listed = list_sqlite_file(url)
    assert listed == as_the_store_lists(store)
    # UNMIK's budget and performance report, then UNTOMN's excerpt, the one partial
    assert [(item.summary.mission, item.summary.kind.value, item.partial) for item in listed] \
        == [("UNMIK", "performance", False), ("UNMIK", "budget", False),
            ("UNTOMN", "budget", True)]
    assert list_sqlite_file(url, mission="untomn") == as_the_store_lists(store, "UNTOMN")
    assert list_sqlite_file(url, mission="MINURSO") == []
    assert list_sqlite_file(str(sqlite_engine.url.database)) == listed  # a plain path


def test_a_store_it_cannot_vouch_for_is_left_to_sqlalchemy(tmp_path: Path) -> None:
    missing = tmp_path / "missing.sqlite"
    assert list_sqlite_file(f"sqlite:///{missing}") is None
    assert not missing.exists(), "reading the list creates no store"
    behind = tmp_path / "behind.sqlite"
    engine = create_database_engine(f"sqlite:///{behind}")
    try:
        upgrade(engine, "0001")
    finally:
        engine.dispose()
    assert list_sqlite_file(f"sqlite:///{behind}") is None  # a migration is to run first
    not_a_store = tmp_path / "notes.sqlite"
    not_a_store.write_text("not a database\n", encoding="utf-8")
    assert list_sqlite_file(str(not_a_store)) is None
    empty = tmp_path / "empty.sqlite"
    sqlite3.connect(empty).close()
    assert list_sqlite_file(str(empty)) is None  # no version table: never migrated
    for url in ("sqlite://", "sqlite:///:memory:", f"sqlite:///{behind}?mode=ro",
                "postgresql://postgres@127.0.0.1:5432/test"):
        assert list_sqlite_file(url) is None, url
