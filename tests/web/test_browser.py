"""A person uses rbb in Debian's chromium (Playwright, headless).

The whole path of the issue: log in, open the overview, follow a class to its
history, open a framework, upload the seed report and see its findings, compare
two periods, download the PDF and check it opens. Then: reading without
JavaScript, the keyboard, a phone's screen, and no CSP violation anywhere.

``RBB_SCREENSHOTS=DIR`` keeps screenshots of the main pages in DIR (docs/ uses
them: ``RBB_SCREENSHOTS=docs/screenshots pytest tests/web/test_browser.py``).
"""

from __future__ import annotations

import io
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pdfplumber
import pytest
from sqlalchemy import Engine

from rbb.storage import DocumentStore
from rbb.storage.accounts import Role

from .conftest import BUDGET_SEED, PASSWORD, LiveServer, add_user, imported, settings, watched_page

pytestmark = pytest.mark.browser


@pytest.fixture
def server(sqlite_engine: Engine) -> Iterator[LiveServer]:
    """The performance report stored; the budget report is uploaded by the test."""
    from .conftest import PERFORMANCE_SEED

    result = imported(PERFORMANCE_SEED)
    assert result.document is not None
    DocumentStore(sqlite_engine).save(result.document, result.diagnostics)
    add_user(sqlite_engine, "ed", Role.EDITOR)
    with LiveServer(sqlite_engine, settings()) as live:
        yield live


@pytest.fixture
def page(browser: Any, server: LiveServer) -> Iterator[Any]:
    with watched_page(browser, server.url, accept_downloads=True) as page:
        yield page


def shoot(page: Any, name: str) -> None:
    folder = os.environ.get("RBB_SCREENSHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(folder) / f"{name}.png"), full_page=False)


def test_the_whole_path_of_an_editor(page: Any) -> None:
    # Log in.
    page.goto("/login")
    page.fill("#username", "ed")
    page.fill("#password", PASSWORD)
    page.click("form.stacked button[type=submit]")
    page.wait_for_url("**/")
    assert "ed (editor)" in page.inner_text("header")

    # The overview of a mission and period.
    page.click("text=2021/22")
    page.wait_for_url("**/missions/UNMIK/2021-22")
    assert page.inner_text("h1") == "UNMIK 2021/22"
    assert "98.3 per cent" in page.inner_text(".headline")
    shoot(page, "overview")

    # Follow a class to its history.
    page.click("ul.section-links >> text=Financial resources")
    page.wait_for_url("**/performance/financial")
    assert page.locator("table.money caption").first.is_visible()
    shoot(page, "financial")
    page.click("#row-financial-resources-ground-transportation th a")
    page.wait_for_url("**/classes/ground_transportation")
    assert page.inner_text("h1") == "Ground transportation"
    assert page.locator("svg.chart").count() == 1
    assert page.locator("#variance article").count() >= 1

    # Open a framework.
    page.goto("/missions/UNMIK/2021-22/performance/frameworks")
    page.click("h2 >> text=support")
    page.wait_for_url("**/frameworks/support")
    assert page.locator(".ea").count() >= 1
    assert "Completed" in page.inner_text("table.outputs >> nth=0")

    # Upload the seed report and see its findings before storing it.
    page.click("nav >> text=Import")
    page.set_input_files("#file", str(BUDGET_SEED))
    page.click("form.upload button[type=submit]")
    page.wait_for_selector("text=What rbb found")
    assert page.locator("#findings-h").is_visible()
    assert page.locator("table.findings tbody tr").count() >= 1
    shoot(page, "import")
    page.click("text=Store this report")
    page.wait_for_url("**/missions/UNMIK/2025-26?stored=budget")
    assert "46\u2009045.3" in page.inner_text(".headline")
    shoot(page, "overview-budget")

    # Compare two periods.
    page.goto("/compare")
    page.select_option("select[name=a]", "UNMIK-2021-22")
    page.select_option("select[name=b]", "UNMIK-2025-26")
    page.click("form.filters button[type=submit]")
    page.wait_for_selector("table.compare")
    assert page.locator("table.compare tr.differs").count() > 5
    shoot(page, "compare")

    # Download the PDF and check it opens.
    page.goto("/missions/UNMIK/2025-26/budget/downloads")
    with page.expect_download(timeout=120_000) as download:  # a PDF rendered on a busy machine
        page.click("a[href$='.pdf']")
    data = Path(download.value.path()).read_bytes()
    assert data.startswith(b"%PDF")
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        assert len(pdf.pages) >= 1
        assert "Kosovo" in (pdf.pages[0].extract_text() or "")


def test_the_main_pages_with_both_reports(browser: Any, seeded_sqlite: Engine) -> None:
    with LiveServer(seeded_sqlite, settings()) as live:
        context = browser.new_context(base_url=live.url, viewport={"width": 1280, "height": 900})
        page = context.new_page()
        errors: list[str] = []
        page.on("console", lambda message: errors.append(message.text)
                if message.type == "error" else None)
        for name, url in (("class-history", "/missions/UNMIK/classes/international_staff"),
                          ("staffing", "/missions/UNMIK/2025-26/budget/staffing"),
                          ("framework", "/missions/UNMIK/2025-26/budget/frameworks/substantive"),
                          ("checks", "/checks"), ("home", "/")):
            response = page.goto(url)
            assert response.status == 200, url
            shoot(page, name)
        assert errors == []
        context.close()


def test_check_filters_update_in_place_with_htmx(page: Any) -> None:
    page.goto("/checks")
    page.select_option("select[name=severity]", "error")
    page.wait_for_url("**/checks?*severity=error*")
    page.wait_for_function("document.querySelectorAll('#results .badge.warning').length === 0")
    assert page.locator("#results .badge.error").count() >= 1
    assert page.locator("h1").inner_text() == "Check findings"


def test_reading_works_without_javascript(browser: Any, server: LiveServer) -> None:
    context = browser.new_context(base_url=server.url, java_script_enabled=False)
    page = context.new_page()
    page.goto("/missions/UNMIK/2021-22")
    assert "98.3 per cent" in page.inner_text(".headline")
    page.goto("/checks?severity=error")
    assert page.locator("#results .badge.error").count() >= 1
    context.close()


def test_keyboard_reaches_the_content_with_a_visible_focus(page: Any) -> None:
    page.goto("/missions/UNMIK/2021-22")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.textContent")
    assert focused == "Skip to content"
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline not in ("", "none")
    page.keyboard.press("Enter")
    assert page.evaluate("location.hash") == "#content"
    reached = 0
    for _ in range(40):
        page.keyboard.press("Tab")
        focused, outline = page.evaluate(
            "[document.activeElement.tagName, document.activeElement.outerHTML.slice(0, 80), "
            "getComputedStyle(document.activeElement).outlineStyle]")[1:]
        if page.evaluate("document.activeElement === document.body"):
            break  # past the last link
        assert outline != "none", focused
        reached += 1
    assert reached >= 8


def test_a_phone_screen_scrolls_tables_not_the_page(browser: Any, server: LiveServer) -> None:
    context = browser.new_context(base_url=server.url, viewport={"width": 390, "height": 844},
                                  is_mobile=True, has_touch=True)
    page = context.new_page()
    page.goto("/missions/UNMIK/2021-22/performance/financial")
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 391, f"the page is {width}px wide on a 390px screen"
    shoot(page, "phone-financial")
    context.close()
