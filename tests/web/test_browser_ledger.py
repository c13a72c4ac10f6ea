"""An editor imports an ERP extract on the ledger page in Debian's chromium (Playwright,
headless): the form, the job's page polled in place by HTMX until it says what was
stored, the source then listed; no CSP violation. ``RBB_SCREENSHOTS=DIR`` keeps
screenshots (docs/execution.md)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine

from rbb.storage.accounts import Role
from tests.importers.ledger.ledger_files import write_csv

from .conftest import PASSWORD, LiveServer, add_user, settings, watched_page
from .test_browser import shoot
from .test_ledger_imports import ROWS

pytestmark = pytest.mark.browser


def test_an_editor_imports_an_extract_and_follows_it(browser: Any, sqlite_engine: Engine,
                                                     tmp_path: Path) -> None:
    add_user(sqlite_engine, "ed", Role.EDITOR)
    extract = write_csv(tmp_path / "mx-2023-24.csv", ROWS)
    bad = write_csv(tmp_path / "mx-bad.csv", [(*ROWS[0][:7], "lots", *ROWS[0][8:])])
    with LiveServer(sqlite_engine, settings()) as server, \
            watched_page(browser, server.url) as page:
        page.goto("/login?next=/missions/MX/ledger")
        page.fill("#username", "ed")
        page.fill("#password", PASSWORD)
        page.click("form.stacked button[type=submit]")
        page.wait_for_url("**/missions/MX/ledger")
        assert "No extract is imported for MX yet" in page.inner_text("main")
        shoot(page, "ledger")

        page.fill("#source", "fmis")
        page.set_input_files("#file", str(extract))
        page.click("text=Import the extract")
        page.wait_for_url("**/missions/MX/ledger/imports/*")
        page.locator("#ledger-job >> text=3 lines of fmis stored").wait_for(timeout=30_000)
        shoot(page, "ledger-import")
        page.click("text=The mission's imported extracts")
        page.wait_for_url("**/missions/MX/ledger")
        assert page.locator("table tbody tr th").inner_text() == "fmis"

        page.set_input_files("#file", str(bad))
        page.click("text=Import the extract")
        page.wait_for_url("**/missions/MX/ledger/imports/*")
        page.locator("#ledger-job >> text=Nothing was stored").wait_for(timeout=30_000)
        assert "'lots'" in page.inner_text("#ledger-job table")
