"""A person opens rbb in a browser and sees the missions and documents."""

from __future__ import annotations

from typing import Any

import pytest

from rbb.storage import DocumentStore
from tests.storage.test_document_store import budget_2025_26

from .conftest import LiveServer

pytestmark = pytest.mark.browser


def test_the_home_page_in_chromium(sqlite_engine: Any, browser: Any) -> None:
    DocumentStore(sqlite_engine).save(budget_2025_26())
    with LiveServer(sqlite_engine) as server:
        page = browser.new_page()
        response = page.goto(server.url + "/")
        assert response is not None and response.status == 200
        assert page.locator("h1").inner_text() == "Missions, periods and documents"
        caption = page.locator("table caption").first.inner_text()
        assert caption.startswith("Documents of UNMIK")
        page.click("text=2025/26")
        assert "46\u2009045.3" in page.locator(".headline").inner_text()
