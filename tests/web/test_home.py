"""The first page lists missions, periods and documents with their headline figures."""

from __future__ import annotations

from fastapi.testclient import TestClient

from rbb.storage import DocumentStore
from rbb.web import create_app
from tests.storage.test_document_store import budget_2025_26


def test_home_lists_documents_with_total_requirements(store: DocumentStore) -> None:
    store.save(budget_2025_26())
    client = TestClient(create_app(store.engine))
    page = client.get("/")
    assert page.status_code == 200
    assert "United Nations Interim Administration Mission in Kosovo" in page.text
    assert "2025/26" in page.text
    # "Total requirements\t40 628.9\t43 684.7\t46 045.3": the cost estimates as printed.
    assert "46\u2009045.3" in page.text
    assert "<caption>" in page.text


def test_an_empty_store_says_how_to_fill_it(store: DocumentStore) -> None:
    page = TestClient(create_app(store.engine)).get("/")
    assert page.status_code == 200
    assert "rbb seed" in page.text
