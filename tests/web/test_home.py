"""The first page lists missions, periods and documents; a period's overview
prints the headline figure (here the two-row document of the storage tests)."""

from __future__ import annotations

from sqlalchemy import Engine

from rbb.storage import DocumentStore
from tests.storage.test_document_store import budget_2025_26

from .conftest import make_client


def test_home_lists_documents_and_the_overview_prints_the_total(engine: Engine) -> None:
    DocumentStore(engine).save(budget_2025_26())
    client = make_client(engine)
    page = client.get("/")
    assert page.status_code == 200
    assert "United Nations Interim Administration Mission in Kosovo" in page.text
    assert "<caption>Documents of UNMIK, by period</caption>" in page.text
    # "Total requirements\t40 628.9\t43 684.7\t46 045.3": the cost estimates as printed.
    overview = client.get("/missions/UNMIK/2025-26")
    assert "46\u2009045.3" in overview.text
    financial = client.get("/missions/UNMIK/2025-26/budget/financial")
    assert "<caption>Financial resources" in financial.text


def test_the_home_page_lists_missions_a_page_at_a_time(sqlite_engine: Engine) -> None:
    """27 missions: the first page lists 25 (each with its latest periods), the second
    the other two; what a page costs does not grow with the store."""
    budget = budget_2025_26()
    missions = [f"M{n:02d}" for n in range(27)]
    DocumentStore(sqlite_engine).save_all(
        (budget.model_copy(update={"mission": budget.mission.model_copy(
            update={"code": code, "name": f"United Nations Test Mission {code}"})}), ())
        for code in missions)
    client = make_client(sqlite_engine)
    first = client.get("/")
    assert first.status_code == 200
    assert "Missions 1 to 25 of 27." in first.text
    assert 'href="/missions/M24"' in first.text and 'href="/missions/M25"' not in first.text
    second = client.get("/?offset=25")
    assert 'href="/missions/M25"' in second.text and 'href="/missions/M26"' in second.text
    assert 'rel="prev"' in second.text and 'rel="next"' not in second.text
