"""Review comments where the things commented on are edited (docs/preparation.md,
"Review comments"): on the UNMIK proposal copied from the seed, a reviewer's threads on
an indicator, an output, a post action, a paragraph, a variance explanation and a
follow-up show their count beside that item in its editor, and nothing beside the
others; the count links to the anchor's threads (HTMX loads them beside the item);
a resolved thread counts as 0 open of 1; hostile text stays escaped."""

from __future__ import annotations

import re
from urllib.parse import unquote

from fastapi.testclient import TestClient
from sqlalchemy import Engine

from rbb.model.tables import Paragraph
from rbb.services.proposal_comments import ProposalCommentService
from rbb.services.proposal_service import ProposalService
from rbb.storage.accounts import Role

from .conftest import add_user, csrf_token, login, make_client

HOSTILE = '<script>alert("x")</script> & <b>bold</b>'
INDICATOR = "indicator:substantive/1.1.2"
OUTPUT = "output:substantive/1.2/1"
PARAGRAPH = "paragraph:I.B/7"  # the seed's paragraph 7, the 13th of the document
VARIANCE = "variance:ground_transportation"
FOLLOW_UP = "follow-up:3"
ESTABLISH = {
    "kind": "establishment", "component": "substantive", "office": "Office of Legal Affairs",
    "grade": "P-4", "count": "1", "functional_title": "Legal Officer",
    "justification": "to advise the mission on the agreements it concludes"}


def copied(engine: Engine) -> int:
    add_user(engine, "ana", Role.EDITOR)
    add_user(engine, "omar", Role.APPROVER)
    add_user(engine, "vera", Role.VIEWER)
    return ProposalService(engine).new_copied("UNMIK:2025/26", by="ana").id


def as_user(engine: Engine, name: str) -> TestClient:
    client = make_client(engine)
    assert login(client, name).status_code == 303
    return client


def add_actions(client: TestClient, pid: int, count: int) -> list[str]:
    """``count`` establishments added through the form; their ids."""
    url = f"/proposals/{pid}/edit/post-actions"
    for _ in range(count):
        head = client.get(f"/api/v1/proposals/{pid}").json()["head"]
        response = client.post(url, data={"csrf_token": csrf_token(client, url),
                                          "based_on": str(head), **ESTABLISH},
                               follow_redirects=False)
        assert response.status_code == 303, response.text
    return re.findall(r"<tr><td><code>([^<]+)</code>", client.get(url).text)


def markers(html: str) -> list[str]:
    """The anchors whose count the page (or part) shows, in its order; each link's
    ``hx-get`` is its ``href``."""
    found = re.findall(r'<a class="comment-count[^"]*" href="/proposals/\d+/comments\?'
                       r'anchor=([^"]+)"(?: hx-get="[^"]*anchor=([^"]+)")?', html)
    assert all(not hx or hx == plain for plain, hx in found)
    return [unquote(plain) for plain, _ in found]


def within(html: str, start: str, end: str) -> str:
    """The part of the page from ``start`` to the next ``end``."""
    assert start in html, start
    return html.split(start, 1)[1].split(end, 1)[0]


def href(pid: int, anchor: str) -> str:
    return f"/proposals/{pid}/comments?anchor={anchor}"


def test_each_editor_shows_the_count_beside_the_item_commented_on(seeded: Engine) -> None:
    pid = copied(seeded)
    ana, omar = as_user(seeded, "ana"), as_user(seeded, "omar")
    first, second = add_actions(ana, pid, 2)
    comments = ProposalCommentService(seeded)
    for anchor in (INDICATOR, OUTPUT, PARAGRAPH, VARIANCE, FOLLOW_UP,
                   f"post-action:{second}"):
        comments.comment(pid, anchor, "Why? " + HOSTILE, by="omar")
    comments.comment(pid, INDICATOR, "And the baseline?", by="omar")
    comments.resolve(pid, 7, by="ana")  # the indicator's second thread

    # Frameworks: beside indicator 1.1.2 (2 threads, one open) and output 1 of 1.2.
    page = ana.get(f"/proposals/{pid}/edit/frameworks/substantive").text
    assert markers(page) == [INDICATOR, OUTPUT]
    indicator = within(page, "<legend>Indicator 1.1.2</legend>", "</fieldset>")
    assert markers(indicator) == [INDICATOR]
    assert ">1 open of 2 threads</a>" in indicator
    # With HTMX the link loads the threads into the div beside the indicator.
    assert 'hx-target="#comments-ea0-ind1"' in indicator
    assert '<div id="comments-ea0-ind1" class="comment-slot"></div>' in indicator
    assert "comment-count" not in within(page, "<legend>Indicator 1.1.1</legend>",
                                         "</fieldset>")
    output = within(page, "<legend>Expected accomplishment 1.2</legend>",
                    "<legend>Output 2</legend>")
    assert markers(within(output, "<legend>Output 1</legend>",
                                                   "</fieldset>")) == [OUTPUT]
    # A viewer's editor is a disabled fieldset, whose forms could not be used: the count
    # only links to the comments page there.
    read_only = as_user(seeded, "vera").get(
        f"/proposals/{pid}/edit/frameworks/substantive").text
    indicator = within(read_only, "<legend>Indicator 1.1.2</legend>", "</fieldset>")
    assert markers(indicator) == [INDICATOR]
    assert "hx-get" not in indicator and "comment-slot" not in indicator
    # The other components' editors show nothing.
    assert markers(ana.get(f"/proposals/{pid}/edit/frameworks/support").text) == []

    # Post actions: in the row of the action commented on only.
    page = ana.get(f"/proposals/{pid}/edit/post-actions").text
    assert markers(page) == [f"post-action:{second}"]
    assert "1 open of 1 thread<" in within(page, f"<tr><td><code>{second}</code>", "</tr>")
    assert "comment-count" not in within(page, f"<tr><td><code>{first}</code>", "</tr>")

    # Paragraphs: beside paragraph 7 (the 13th of the document, index 12).
    page = ana.get(f"/proposals/{pid}/edit/paragraphs").text
    assert markers(page) == [PARAGRAPH]
    assert markers(within(page, 'id="paragraph-12"',
                                                       '<div class="paragraph"')) == [PARAGRAPH]

    # Variance explanations: in the class's article.
    page = ana.get(f"/proposals/{pid}/edit/variances").text
    assert markers(page) == [VARIANCE]
    assert markers(within(
        page, 'id="class-ground_transportation"', "</article>")) == [VARIANCE]

    # Follow-up: beside the third request, for an editor and a viewer alike.
    page = ana.get(f"/proposals/{pid}/edit/requests").text
    assert markers(page) == [FOLLOW_UP]
    assert markers(within(page, 'id="request-2"', "</fieldset>")) == [FOLLOW_UP]
    read_only = as_user(seeded, "vera").get(f"/proposals/{pid}/edit/requests").text
    assert markers(read_only) == [FOLLOW_UP]

    # The link (no JavaScript) is the comments page filtered to the anchor; with HTMX,
    # its fragment, the text escaped.
    page = omar.get(href(pid, INDICATOR))
    assert page.status_code == 200 and "And the baseline?" in page.text
    fragment = omar.get(href(pid, INDICATOR), headers={"HX-Request": "true"}).text
    assert fragment.startswith("<section id=\"comments-on-")
    assert "&lt;script&gt;alert(" in fragment and "<script>alert" not in fragment


def test_a_resolved_thread_counts_as_none_open(seeded_sqlite: Engine) -> None:
    pid = copied(seeded_sqlite)
    comments = ProposalCommentService(seeded_sqlite)
    thread = comments.comment(pid, VARIANCE, "Cite the fleet plan.", by="omar")
    ana = as_user(seeded_sqlite, "ana")
    article = within(ana.get(f"/proposals/{pid}/edit/variances").text,
                     'id="class-ground_transportation"', "</article>")
    assert '<a class="comment-count open"' in article and ">1 open of 1 thread<" in article
    comments.resolve(pid, thread.id, by="ana")
    article = within(ana.get(f"/proposals/{pid}/edit/variances").text,
                     'id="class-ground_transportation"', "</article>")
    assert '<a class="comment-count"' in article and ">0 open of 1 thread<" in article


def test_the_counts_follow_the_edit_and_stay_escaped(seeded_sqlite: Engine) -> None:
    """Text not from the seed: a section named with markup gets a paragraph, commented
    on; its marker is escaped and its anchor URL-encoded, in the page and in the
    section HTMX swaps."""
    pid = copied(seeded_sqlite)
    service = ProposalService(seeded_sqlite)
    document = service.document(pid, 1)
    section = 'Risks <b>"now"</b> & later'
    added = Paragraph(section=section, number=None, text="The fleet ages.")
    service.save(pid, document.model_copy(update={
        "paragraphs": (*document.paragraphs, added)}), based_on=1, by="ana")
    anchor = f"paragraph:{section}/#1"
    ProposalCommentService(seeded_sqlite).comment(pid, anchor, HOSTILE, by="omar")
    ana = as_user(seeded_sqlite, "ana")
    url = f"/proposals/{pid}/edit/paragraphs"
    for page in (ana.get(url).text,
                 ana.get(url, headers={"HX-Request": "true"}).text):
        assert markers(page) == [anchor]
        last = within(page, f'id="paragraph-{len(document.paragraphs)}"', "</fieldset>")
        assert markers(last) == [anchor]
        assert "anchor=paragraph%3ARisks%20%3Cb%3E%22now%22%3C/b%3E%20%26%20later/%231" \
            in last
        assert 'title="Comments on paragraph:Risks &lt;b&gt;&#34;now&#34;&lt;/b&gt; ' \
               '&amp; later/#1"' in last
        assert "<b>" not in last and HOSTILE not in page
    assert ana.get(url, headers={"HX-Request": "true"}).text.startswith(
        '<section id="paragraph-editor"')
