"""A delegate follows UNMIK's cycle in Debian's chromium (Playwright, headless): the
period's page from proposal to expenditure, the Committee's recommendation it lists, the
requests followed up and the page over every mission; no CSP violation anywhere.

The store: the two embedded reports and the paragraphs of A/78/744/Add.7 the budget
quotes (tests/data/legislative/acabq/unmik-2024-25-quoted.txt), as `rbb import
--partial` stores them. ``RBB_SCREENSHOTS=DIR`` keeps screenshots (docs/cycle.md)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine

from rbb.importers import import_path
from rbb.services.imports import store_results
from rbb.storage import DocumentStore

from .conftest import LiveServer, settings, store_seeds, watched_page
from .test_browser import shoot

pytestmark = pytest.mark.browser

EXCERPT = Path(__file__).parents[1] / "data" / "legislative" / "acabq" / \
    "unmik-2024-25-quoted.txt"


@pytest.fixture
def server(sqlite_engine: Engine) -> Iterator[LiveServer]:
    store_seeds(sqlite_engine)
    outcome = store_results(DocumentStore(sqlite_engine), [import_path(EXCERPT)], partial=True)
    assert outcome.stored
    with LiveServer(sqlite_engine, settings()) as live:
        yield live


@pytest.fixture
def page(browser: Any, server: LiveServer) -> Iterator[Any]:
    with watched_page(browser, server.url) as page:
        yield page


def test_a_delegate_follows_the_cycle(page: Any) -> None:
    page.goto("/missions/UNMIK/2024-25/cycle")
    assert "UNMIK" in page.inner_text("h1")
    table = page.locator("table.cycle")
    assert table.count() == 1
    # The 2025/26 budget restates 2024/25's apportionment of communications and
    # information technology: 1 772.0 (budget seed, line 526).
    assert "1\u2009772.0" in table.inner_text()
    shoot(page, "cycle")

    # The Committee's reduction (para. 20 (c), $93,300) leads to its report's page.
    page.locator("a[href*='acabq_report']").first.click()
    page.wait_for_url("**/missions/UNMIK/2024-25/acabq_report**")
    assert "A/78/744/Add.7" in page.inner_text("main")
    assert "20 (c)" in page.inner_text("main")

    # The requests followed up: the budget's follow-up rows, with their status.
    page.goto("/missions/UNMIK/requests")
    text = page.inner_text("main")
    assert "A/78/744/Add.7" in text and "76/274" in text
    shoot(page, "requests")

    # Every mission side by side.
    page.goto("/peacekeeping")
    assert "UNMIK" in page.inner_text("main")
    shoot(page, "peacekeeping")
