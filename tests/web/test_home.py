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
