"""Review comments beside the item in an editor, in chromium (docs/preparation.md,
"Review comments"): the editor of the frameworks shows the count beside indicator
1.1.2; a click loads its threads there (HTMX) without leaving the editor; the reply and
the resolution posted from there are stored, and the editor's own form around them is
not submitted (no revision is saved)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from sqlalchemy import Engine

from rbb.services.proposal_comments import ProposalCommentService
from rbb.services.proposal_service import ProposalService
from rbb.storage.accounts import Role

from .conftest import PASSWORD, LiveServer, add_user, settings

pytestmark = pytest.mark.browser
SLOT = "#comments-ea0-ind0"  # beside the first indicator of the first accomplishment


@pytest.fixture
def server(seeded_sqlite: Engine) -> Iterator[LiveServer]:
    add_user(seeded_sqlite, "ana", Role.EDITOR)
    add_user(seeded_sqlite, "omar", Role.APPROVER)
    with LiveServer(seeded_sqlite, settings()) as live:
        yield live


def test_threads_load_beside_the_indicator_and_answer_there(
        browser: Any, server: LiveServer, seeded_sqlite: Engine) -> None:
    pid = ProposalService(seeded_sqlite).new_copied("UNMIK:2025/26", by="ana").id
    comments = ProposalCommentService(seeded_sqlite)
    comments.comment(pid, "indicator:substantive/1.1.1", "Is 95 per cent within reach?",
                     by="omar")
    context = browser.new_context(base_url=server.url,
                                  viewport={"width": 1280, "height": 900})
    page = context.new_page()
    violations: list[str] = []
    page.on("console", lambda message: violations.append(message.text)
            if "Content Security Policy" in message.text else None)
    posted: list[str] = []
    page.on("request", lambda request: posted.append(request.url)
            if request.method == "POST" else None)
    page.goto("/login?next=/proposals")
    page.fill("#username", "ana")
    page.fill("#password", PASSWORD)
    page.click("form.stacked button[type=submit]")
    page.wait_for_url("**/proposals")
    url = f"/proposals/{pid}/edit/frameworks/substantive"
    page.goto(url)
    link = page.locator(f"a.comment-count[hx-target='{SLOT}']")
    assert link.inner_text() == "1 open of 1 thread"
    link.click()
    page.wait_for_selector(f"{SLOT} section.comments")
    assert page.url.endswith(url)  # still in the editor
    assert "Is 95 per cent within reach?" in page.inner_text(SLOT)

    page.fill(f"{SLOT} textarea[name=text]", "Kept at 95: the trend holds.")
    page.click(f"{SLOT} form.reply button[type=submit]")
    page.wait_for_selector(f"{SLOT} >> text=Comment 2 saved.")
    page.click(f"{SLOT} >> text=Resolve thread 1")
    page.wait_for_selector(f"{SLOT} >> text=Thread 1 resolved.")
    page.wait_for_timeout(300)  # time for a stray save of the editor, were there one

    (thread,) = comments.threads(pid)
    assert thread.size == 2 and thread.first.resolved_by == "ana"
    assert ProposalService(seeded_sqlite).show(pid).proposal.head == 1  # no save
    assert [u.split(str(server.url))[-1] for u in posted[1:]] == [
        f"/proposals/{pid}/comments/1/replies", f"/proposals/{pid}/comments/1/resolve"]
    assert page.locator("#framework-editor > .notice").count() == 0  # its own message
    assert violations == []
    context.close()
