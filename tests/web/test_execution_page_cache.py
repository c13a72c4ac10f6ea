"""The execution dashboard is kept like any page, with the state of the ledger it read:
served again while no extract is imported, built again as soon as one is (whoever
imported it), and never kept across a change of the day its default "as of" is."""

from __future__ import annotations

from pathlib import Path

from fastapi.testclient import TestClient
from sqlalchemy import Engine

from rbb.importers import import_path
from rbb.services.generated_ledger import write_generated_ledger
from rbb.services.ledger_service import LedgerService
from rbb.storage import DocumentStore
from rbb.web.page_cache import page_key

from .conftest import make_client

SEED = Path(__file__).resolve().parents[2] / "src/rbb/data/seeds/unmik-performance-2021-22.txt"
DASHBOARD = "/missions/UNMIK/2021-22/execution"


def _kept(client: TestClient, path: str, query: str = "") -> bool:
    library = client.app.state.rbb.library  # type: ignore[attr-defined]
    return library.pages.find(library.snapshot(), page_key("testserver", path, query, "")) \
        is not None


def test_the_dashboard_is_kept_until_an_extract_is_imported(sqlite_engine: Engine,
                                                             tmp_path: Path) -> None:
    report = import_path(SEED).document
    assert report is not None
    DocumentStore(sqlite_engine).save(report)
    extract = write_generated_ledger(report, tmp_path / "erp.csv", lines=600, seed=3).path
    ledger = LedgerService(sqlite_engine)
    ledger.import_file(extract, mission="UNMIK", source="erp")
    ledger.close()
    client = make_client(sqlite_engine, transparency=True)
    first = client.get(DASHBOARD, params={"as_of": "2022-06-30"})
    assert first.status_code == 200
    assert _kept(client, DASHBOARD, "as_of=2022-06-30")
    # Another process imports a second extract: the kept page is not served again, and
    # the page built anew differs (the year's expenditure grew).
    other = write_generated_ledger(report, tmp_path / "more.csv", lines=300, seed=4).path
    ledger = LedgerService(sqlite_engine)
    ledger.import_file(other, mission="UNMIK", source="more")
    ledger.close()
    assert not _kept(client, DASHBOARD, "as_of=2022-06-30")
    second = client.get(DASHBOARD, params={"as_of": "2022-06-30"})
    assert second.status_code == 200 and second.text != first.text
    assert _kept(client, DASHBOARD, "as_of=2022-06-30")


def test_the_dashboard_of_today_is_kept_with_the_day(sqlite_engine: Engine,
                                                     tmp_path: Path) -> None:
    report = import_path(SEED).document
    assert report is not None
    DocumentStore(sqlite_engine).save(report)
    extract = write_generated_ledger(report, tmp_path / "erp.csv", lines=300, seed=5).path
    LedgerService(sqlite_engine).import_file(extract, mission="UNMIK", source="erp")
    client = make_client(sqlite_engine, transparency=True)
    assert client.get(DASHBOARD).status_code == 200
    pages = client.app.state.rbb.library.pages  # type: ignore[attr-defined]
    kept = pages._pages[page_key("testserver", DASHBOARD, "", "")]
    assert ("today", None) in dict(kept.tokens)  # another day, another "as of"
    assert ("ledger", "UNMIK") in dict(kept.tokens)


def test_the_ledger_is_asked_its_state_at_most_once_a_cache_period() -> None:
    from rbb.web.page_cache import recent

    asked: list[str] = []

    def state(mission: str) -> int:
        asked.append(mission)
        return len(asked)

    kept = recent(state, 3600.0)
    assert [kept("UNMIK"), kept("UNMIK"), kept("MINUSCA")] == [1, 1, 2]
    assert asked == ["UNMIK", "MINUSCA"]
    always = recent(state, 0.0)  # the cache period of the tests: asked every time
    assert [always("UNMIK"), always("UNMIK")] == [3, 4]
