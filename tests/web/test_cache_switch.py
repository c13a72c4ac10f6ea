"""``RBB_CACHE=off``: the benchmarks' switch that makes every request cost what the
first one after a change does (benches/bench_web.py measures pages with it)."""

from __future__ import annotations

import pytest
from sqlalchemy import Engine

from rbb.services.document_service import DocumentService
from rbb.storage import DocumentStore, create_database_engine
from rbb.web.library import Library
from rbb.web.page_cache import Reading
from rbb.web.settings import WebSettings

from .conftest import make_client

PAGE = "/missions/UNMIK/2025-26/budget/financial"
TABLE = "/api/v1/documents/UNMIK/2025-26/budget/financial-tables/financial_resources"


def _retitle(url: str, title: str) -> None:
    """Store the budget again with a new title, through an engine of its own, as another
    process (``rbb load``) would: the app is not told."""
    other = create_database_engine(url)
    try:
        store = DocumentStore(other)
        document = store.load("UNMIK", "2025/26", "budget")
        store.save(document.model_copy(update={"title": title}))
    finally:
        other.dispose()


def test_with_the_cache_off_the_next_request_sees_another_process_change(
        seeded_sqlite: Engine) -> None:
    # An hour between version checks: only the switch can explain seeing the change.
    client = make_client(seeded_sqlite, cache=False, cache_seconds=3600.0)
    assert client.get(PAGE).status_code == 200
    assert client.get(TABLE).status_code == 200
    _retitle(seeded_sqlite.url.render_as_string(hide_password=False), "Retitled by the CLI")
    assert "Retitled by the CLI" in client.get(PAGE).text
    assert len(client.app.state.rbb.library.pages) == 0  # type: ignore[attr-defined]


def test_with_the_cache_on_the_change_waits_for_the_version_check(
        seeded_sqlite: Engine) -> None:
    """The control: the same change is not seen before ``cache_seconds``."""
    client = make_client(seeded_sqlite, cache_seconds=3600.0)
    assert client.get(PAGE).status_code == 200
    _retitle(seeded_sqlite.url.render_as_string(hide_password=False), "Retitled by the CLI")
    assert "Retitled by the CLI" not in client.get(PAGE).text
    assert len(client.app.state.rbb.library.pages) == 1  # type: ignore[attr-defined]


def test_with_the_cache_off_no_snapshot_is_reused_and_no_page_kept(
        seeded_sqlite: Engine) -> None:
    books = Library(DocumentService(seeded_sqlite), cache=False, cache_seconds=3600.0)
    first, second = books.snapshot(), books.snapshot()
    assert first is not second
    assert first.kept is not second.kept and first.kept is not books.kept
    books.pages.keep("page", b"<html>", Reading(snapshot=first))
    assert len(books.pages) == 0


@pytest.mark.parametrize(("value", "expected"), [(None, True), ("on", True), ("off", False),
                                                 ("0", False)])
def test_rbb_cache_is_read_from_the_environment(monkeypatch: pytest.MonkeyPatch,
                                                value: str | None, expected: bool) -> None:
    if value is None:
        monkeypatch.delenv("RBB_CACHE", raising=False)
    else:
        monkeypatch.setenv("RBB_CACHE", value)
    assert WebSettings.from_env().cache is expected
