"""An editor tries a scenario in chromium: create it from UNMIK 2025/26, set the
international staff vacancy factor to 10.0 per cent and watch the totals move
without the page being reloaded (HTMX), under the strict CSP."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from sqlalchemy import Engine

from rbb.storage.accounts import Role

from .conftest import PASSWORD, LiveServer, add_user, settings, store_seeds
from .test_browser import shoot

pytestmark = pytest.mark.browser
VACANCY = "#driver-vacancy-factor-international-staff"


@pytest.fixture
def page(browser: Any, seeded_sqlite: Engine) -> Iterator[Any]:
    add_user(seeded_sqlite, "ed", Role.EDITOR)
    with LiveServer(seeded_sqlite, settings()) as server:
        context = browser.new_context(base_url=server.url,
                                      viewport={"width": 1280, "height": 900})
        page = context.new_page()
        csp: list[str] = []
        page.on("console", lambda message: csp.append(message.text)
                if "Content Security Policy" in message.text else None)
        yield page
        assert csp == [], csp
        context.close()


def test_an_edit_redraws_the_totals_in_place(page: Any) -> None:
    page.goto("/login?next=/scenarios")
    page.fill("#username", "ed")
    page.fill("#password", PASSWORD)
    page.click("form.stacked button[type=submit]")
    page.wait_for_url("**/scenarios")

    page.fill("#scenario-name", "low")
    page.select_option("#scenario-base", "UNMIK-2025-26-budget")
    page.click("text=Create the scenario")
    page.wait_for_url("**/scenarios/low")
    assert page.inner_text("h1") == "Scenario low"
    change = page.locator("#line-international_staff td.change")
    assert change.inner_text() == "\u2014"

    page.evaluate("window.rbbNotReloaded = true")
    page.fill(VACANCY, "10.0")
    page.press(VACANCY, "Enter")
    change.filter(has_text="(313.0)").wait_for(timeout=5000)
    gross = page.locator("#line-gross_requirements td")
    assert [gross.nth(i).inner_text() for i in range(3)] == [
        "46\u2009045.3", "45\u2009732.3", "(313.0)"]
    assert page.locator("#line-staff_assessment_income td.change").inner_text() == "(42.9)"
    assert page.locator("#line-net_requirements td.change").inner_text() == "(270.1)"
    assert page.evaluate("window.rbbNotReloaded") is True
    assert page.url.endswith("/scenarios/low")
    # The focus stays where the editor typed; the explanation by driver came with it.
    assert page.evaluate("document.activeElement.id") == VACANCY[1:]
    assert "(313.0)" in page.inner_text("#explain-international-staff")
    shoot(page, "scenario")

    # A refused value is explained in place and changes nothing.
    page.fill(VACANCY, "many")
    page.press(VACANCY, "Enter")
    page.locator("#results [role=alert]").wait_for(timeout=5000)
    assert change.inner_text() == "(313.0)"
    assert page.evaluate("window.rbbNotReloaded") is True


def test_the_attribution_page_reads_on_a_phone(browser: Any, sqlite_engine: Engine) -> None:
    store_seeds(sqlite_engine)
    with LiveServer(sqlite_engine, settings()) as server:
        context = browser.new_context(base_url=server.url,
                                      viewport={"width": 375, "height": 740})
        page = context.new_page()
        page.goto("/missions/UNMIK/2025-26")
        page.click("text=Variance by driver")
        page.wait_for_url("**/budget/attribution")
        assert "2\u2009059.8" in page.inner_text("#explain-international-staff")
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 375, width
        context.close()
