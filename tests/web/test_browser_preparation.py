"""The whole path of a budget proposal in chromium (docs/preparation.md): an editor
drafts the 2026/27 proposal from the embedded UNMIK budget for 2025/26, edits an
indicator of a framework and adds a post action (each save a revision, HTMX in place),
submits it; an approver comments on the indicator and returns it; the editor replies,
resolves the thread and submits again; the approver approves and issues it, and the
issued report downloads as Word and PDF, clean of check findings."""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterator
from typing import Any

import pytest
from sqlalchemy import Engine

from rbb.services.proposal_service import ProposalService
from rbb.storage.accounts import Role

from .conftest import PASSWORD, LiveServer, add_user, settings
from .test_browser import shoot

pytestmark = pytest.mark.browser
INDICATOR = "#framework-editor fieldset.indicator textarea[id$='-text']"
CSP_VIOLATIONS: list[str] = []
"""What the strict Content Security Policy refused on any page of the path: nothing."""
REVISED = "Percentage of community-level disputes resolved through dialogue (revised)"


@pytest.fixture
def server(seeded_sqlite: Engine) -> Iterator[LiveServer]:
    add_user(seeded_sqlite, "ana", Role.EDITOR)
    add_user(seeded_sqlite, "omar", Role.APPROVER)
    with LiveServer(seeded_sqlite, settings()) as live:
        yield live


def logged_in(browser: Any, server: LiveServer, username: str) -> Any:
    context = browser.new_context(base_url=server.url, viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.on("console", lambda message: CSP_VIOLATIONS.append(message.text)
            if "Content Security Policy" in message.text else None)
    page.goto("/login?next=/proposals")
    page.fill("#username", username)
    page.fill("#password", PASSWORD)
    page.click("form.stacked button[type=submit]")
    page.wait_for_url("**/proposals")
    return page


def state_of(page: Any) -> str:
    return str(page.inner_text("dl.facts .badge"))


def download(page: Any, selector: str) -> tuple[str, bytes]:
    """The linked file as the browser's session fetches it: its name and its bytes."""
    response = page.request.get(page.get_attribute(selector, "href"))
    assert response.ok, response.status
    return response.headers["content-disposition"], response.body()


def test_a_proposal_from_draft_to_issued_report(browser: Any, server: LiveServer,
                                                seeded_sqlite: Engine) -> None:
    ana = logged_in(browser, server, "ana")
    # Drafted forward by the drivers: revision 1.
    ana.check("input[name=start][value=drafted]")
    ana.fill("#n-source", "UNMIK:2025/26")
    ana.fill("#n-period", "2026/27")
    ana.click("text=Start the proposal")
    ana.wait_for_url("**/proposals/1")
    assert state_of(ana) == "draft"
    shoot(ana, "proposal-overview")

    # A framework's indicator edited in place (HTMX): revision 2, findings reloaded.
    ana.click("nav.editors >> text=Frameworks")
    ana.wait_for_url("**/proposals/1/edit/frameworks")
    ana.click("main a[href$='/edit/frameworks/substantive']")
    ana.wait_for_url("**/edit/frameworks/substantive")
    ana.evaluate("window.rbbNotReloaded = true")
    ana.locator(INDICATOR).first.fill(REVISED)
    ana.fill("#f-comment", "indicator reworded")
    ana.click("#framework-editor button[type=submit]")
    ana.locator("#framework-editor [role=status]").filter(
        has_text="Saved as revision 2").wait_for(timeout=15000)
    ana.locator("#findings-h").filter(has_text="revision 2").wait_for(timeout=15000)
    assert ana.evaluate("window.rbbNotReloaded") is True
    shoot(ana, "proposal-frameworks")

    # A post action: one Legal Officer (P-4) established; revision 3 derives its table.
    ana.goto("/proposals/1/edit/post-actions")
    ana.select_option("#pa-kind", "establishment")
    ana.select_option("#pa-component", "substantive")
    office = ana.locator("#pa-office optgroup[label=substantive] option").first
    ana.select_option("#pa-office", office.get_attribute("value"))
    ana.select_option("#pa-grade", "P-4")
    ana.fill("#pa-count", "1")
    ana.fill("#pa-title", "Legal Officer")
    ana.fill("#pa-justification", "the Office will advise on the new property legislation")
    ana.click("#post-actions form.stacked button[type=submit]")
    ana.get_by_text("Saved as revision 3").wait_for(timeout=15000)
    assert "Legal Officer" in ana.inner_text("main")
    shoot(ana, "proposal-post-actions")
    content = ProposalService(seeded_sqlite).content(1, 3)
    assert [(a.kind.value, a.grade, a.count) for a in content.post_actions] == [
        ("establishment", "P-4", 1)]

    # One more civilian post: an output that counted them is now one short, an error
    # finding the panel shows. The editor corrects the output's text (revision 4).
    errors = [f for f in ProposalService(seeded_sqlite).findings(1, 3)
              if f.severity.value == "error"]
    assert [(f.code, f.computed) for f in errors] == [
        ("prose.personnel-count", errors[0].printed + 1)]
    assert "1 of them error(s)" in ana.inner_text("#findings")
    printed, computed = str(errors[0].printed), str(errors[0].computed)
    document = ProposalService(seeded_sqlite).document(1, 3)
    component = next(c.key for c in document.components for ea in c.expected_accomplishments
                     for output in ea.outputs
                     if re.search(rf"\b{printed}\b.*civilian personnel", output.text))
    ana.goto(f"/proposals/1/edit/frameworks/{component}")
    corrected = ana.evaluate(r"""([before, after]) => {
        let n = 0;
        const count = new RegExp('\\b' + before + '\\b(?=.*civilian personnel)', 'g');
        for (const t of document.querySelectorAll('#framework-editor fieldset.output textarea')) {
            if (count.test(t.value)) { t.value = t.value.replace(count, after); n++; }
            count.lastIndex = 0;
        }
        return n; }""", [printed, computed])
    assert corrected >= 1
    ana.fill("#f-comment", "civilian personnel counted again")
    ana.click("#framework-editor button[type=submit]")
    ana.locator("#findings-h").filter(has_text="revision 4").wait_for(timeout=15000)
    assert "0 of them error(s)" in ana.inner_text("#findings")

    ana.goto("/proposals/1")
    ana.fill("#c-submit", "ready for review")
    ana.click("form[action$='/submit'] button")
    ana.wait_for_url("**/proposals/1")
    assert state_of(ana) == "submitted"

    # The approver finds it in the inbox, comments on the indicator and returns it.
    omar = logged_in(browser, server, "omar")
    omar.goto("/review")
    omar.click("main a[href='/proposals/1']")
    omar.wait_for_url("**/proposals/1")
    omar.goto("/proposals/1/comments")
    anchor = omar.locator("#about-all option", has_text=REVISED[:40]).first
    if anchor.count() == 0:  # labelled by number: the first indicator of substantive
        anchor = omar.locator("#about-all option[value^='indicator:substantive/']").first
    omar.select_option("#about-all", anchor.get_attribute("value"))
    omar.fill("#text-all", "Say how the disputes are counted.")
    omar.click("form.new-comment button[type=submit]")
    omar.get_by_text("Say how the disputes are counted.").wait_for(timeout=15000)
    shoot(omar, "proposal-comments")
    omar.goto("/proposals/1")
    omar.fill("#c-return", "see the comment on the indicator")
    omar.click("form[action$='/return'] button")
    omar.wait_for_url("**/proposals/1")
    assert state_of(omar) == "returned"

    # The editor replies, resolves the thread and submits again.
    ana.goto("/proposals/1/comments")
    ana.locator("form.reply textarea").first.fill("Counted by the community offices.")
    ana.locator("form.reply button").first.click()
    ana.get_by_text("Counted by the community offices.").wait_for(timeout=15000)
    ana.locator("text=/Resolve thread \\d+/").first.click()
    ana.locator(".thread.resolved").first.wait_for(timeout=15000)
    ana.goto("/proposals/1")
    ana.fill("#c-submit", "comment answered")
    ana.click("form[action$='/submit'] button")
    ana.wait_for_url("**/proposals/1")
    assert state_of(ana) == "submitted"

    # Approved (revision 3 locked), then issued.
    omar.goto("/proposals/1")
    omar.click("form[action$='/approve'] button")
    omar.wait_for_url("**/proposals/1")
    assert state_of(omar) == "approved"
    omar.click("form[action$='/issue'] button")
    omar.wait_for_url("**/proposals/1")
    assert state_of(omar) == "issued"
    shoot(omar, "proposal-issued")

    # The issued report, clean: Word and PDF.
    disposition, word = download(
        omar, "#downloads a[href*='report.docx']:not([href*='annotate'])")
    assert "attachment" in disposition and ".docx" in disposition
    with zipfile.ZipFile(io.BytesIO(word)) as docx:
        body = docx.read("word/document.xml").decode("utf-8")
    assert "Legal Officer" in body
    assert "Check finding" not in body
    disposition, pdf = download(
        omar, "#downloads a[href*='report.pdf']:not([href*='annotate'])")
    assert ".pdf" in disposition
    assert pdf.startswith(b"%PDF-")
    assert CSP_VIOLATIONS == []
