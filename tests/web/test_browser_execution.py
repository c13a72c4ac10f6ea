"""A budget officer follows UNMIK's 2021/22 year in Debian's chromium (Playwright,
headless): the execution dashboard over a generated ledger imported into the store, a
class's drill-down, the redeployments and the results tracker; no CSP violation.

The store: the two embedded reports and ``rbb ledger generate`` for 2021/22 imported
with ``rbb ledger import``. ``RBB_SCREENSHOTS=DIR`` keeps screenshots
(docs/execution.md)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine

from rbb.cli import run

from ..conftest import store_url
from .conftest import LiveServer, settings, store_seeds, watched_page
from .test_browser import shoot

pytestmark = pytest.mark.browser


@pytest.fixture
def server(sqlite_engine: Engine, tmp_path: Path) -> Iterator[LiveServer]:
    store_seeds(sqlite_engine)
    extract = tmp_path / "unmik-2021-22.csv"
    db = store_url(sqlite_engine)
    assert run(["ledger", "generate", "-m", "UNMIK", "-p", "2021/22", "-o", str(extract),
                "--lines", "3000", "--seed", "1", "--db", db]) == 0
    assert run(["ledger", "import", str(extract), "-m", "UNMIK", "--db", db]) == 0
    with LiveServer(sqlite_engine, settings()) as live:
        yield live


@pytest.fixture
def page(browser: Any, server: LiveServer) -> Iterator[Any]:
    with watched_page(browser, server.url) as page:
        yield page


def test_a_budget_officer_follows_the_year(page: Any) -> None:
    page.goto("/missions/UNMIK/2021-22/execution?as_of=2022-03-31")
    main = page.inner_text("main")
    assert "UNMIK" in main and "2021/22" in main
    assert page.locator("svg").count() >= 1  # the cumulative chart with its band
    shoot(page, "execution")

    page.goto("/missions/UNMIK/2021-22/execution/international_staff?as_of=2022-03-31")
    assert page.locator("table").count() >= 1
    shoot(page, "execution-class")

    page.goto("/missions/UNMIK/2021-22/redeployments")
    assert "Redeployments" in page.inner_text("main")
    shoot(page, "redeployments")

    page.goto("/missions/UNMIK/2021-22/results-tracker")
    assert page.inner_text("h1")
    shoot(page, "results-tracker")
