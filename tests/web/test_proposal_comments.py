"""Review comments in the web app and the REST API (docs/preparation.md, "Review
comments"): on the UNMIK proposal copied from the seed, a reviewer comments on an
indicator, the editor replies and resolves, without JavaScript and with HTMX; hostile
text is escaped; a viewer reads and never writes; refusals name the field and store
nothing."""

from __future__ import annotations

import re
from urllib.parse import quote

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine

from rbb.services.proposal_comments import ProposalCommentService
from rbb.services.proposal_service import ProposalService
from rbb.storage.accounts import Role

from .conftest import add_user, csrf_token, login, make_client, store_state
from .test_proposals_api import bearer

HOSTILE = '<script>alert("x")</script> & <b>bold</b>'
INDICATOR = "indicator:substantive/1.1.2"
API = "/api/v1/proposals"


def copied(engine: Engine) -> int:
    """The embedded UNMIK budget for 2025/26 copied by ana, as proposal 1."""
    add_user(engine, "ana", Role.EDITOR)
    add_user(engine, "omar", Role.APPROVER)
    add_user(engine, "vera", Role.VIEWER)
    return ProposalService(engine).new_copied("UNMIK:2025/26", by="ana").id


def as_user(engine: Engine, name: str) -> TestClient:
    client = make_client(engine)
    assert login(client, name).status_code == 303
    return client


def post(client: TestClient, url: str, htmx: bool = False, **fields: str
         ) -> tuple[int, str, str]:
    token = csrf_token(client, url.split("/comments")[0] + "/comments")
    response = client.post(url, data={"csrf_token": token, **fields}, follow_redirects=False,
                           headers={"HX-Request": "true"} if htmx else {})
    return response.status_code, response.headers.get("location", ""), response.text


def test_a_reviewer_comments_on_an_indicator_the_editor_replies_and_resolves(
        seeded: Engine) -> None:
    pid = copied(seeded)
    omar, ana = as_user(seeded, "omar"), as_user(seeded, "ana")
    base = f"/proposals/{pid}/comments"
    page = omar.get(base)
    assert page.status_code == 200
    # The form offers the revision's anchors, the indicator among them, by its label.
    assert f'<option value="{INDICATOR}">Indicator 1.1.2 (' in page.text
    assert '<optgroup label="Frameworks">' in page.text
    assert 'aria-current="page">Comments' in page.text  # the editors' navigation
    status, where, _ = post(omar, base, anchor=INDICATOR, revision="1",
                            text="Is the target within reach?\n" + HOSTILE)
    assert status == 303 and where == f"{base}#comment-1"
    # The editor sees the thread under its indicator, the text escaped, and replies.
    page = ana.get(base)
    assert "Is the target within reach?" in page.text
    assert "<script>alert" not in page.text and "&lt;script&gt;alert(" in page.text
    assert "1 open of 1" in page.text
    status, where, _ = post(ana, f"{base}/1/replies", text="Lowered to 80 per cent.")
    assert (status, where) == (303, f"{base}#comment-2")
    # With HTMX the resolution answers the section, with the thread resolved.
    status, _, section = post(ana, f"{base}/1/resolve", htmx=True, view="page")
    assert status == 200 and section.startswith("<section id=\"comments\"")
    assert "Thread 1 resolved." in section and "resolved</span> by ana" in section
    assert "Lowered to 80 per cent." in section
    assert "Reopen thread 1" not in section  # ana did not start it; omar may reopen
    threads = ProposalCommentService(seeded).threads(pid)
    assert [(t.first.resolved_by, t.size) for t in threads] == [("ana", 2)]
    # Filtered: no open thread is left; the resolved one is listed.
    assert "No open comments yet." in ana.get(base + "?state=open").text
    assert "Lowered to 80" in ana.get(base + "?state=resolved").text
    assert "Reopen thread 1" in omar.get(base).text
    # The reviewer is not satisfied: reopened without JavaScript, the thread is open again.
    status, where, _ = post(omar, f"{base}/1/reopen")
    assert (status, where) == (303, f"{base}#comment-1")
    assert "reopened by omar" in ana.get(base + "?state=open").text


def test_the_fragment_of_one_anchor_and_its_form(seeded: Engine) -> None:
    pid = copied(seeded)
    ana = as_user(seeded, "ana")
    base = f"/proposals/{pid}/comments"
    key = "row:financial_resources/international_staff"
    url = f"{base}?anchor={quote(key, safe='')}"
    fragment = ana.get(url, headers={"HX-Request": "true"})
    assert fragment.text.startswith('<section id="comments-on-')
    assert "Comments on Financial resources: overall: International staff" in fragment.text
    assert f'<input type="hidden" name="anchor" value="{key}">' in fragment.text
    assert "<html" not in fragment.text
    # Without JavaScript the same address is the whole page, filtered to the anchor.
    assert "<html" in ana.get(url).text
    status, _, section = post(ana, base, htmx=True, view="anchor", anchor=key,
                              text="Text not from the seed: ünïcödé ✓")
    assert status == 200 and "ünïcödé ✓" in section and section.startswith(
        '<section id="comments-on-')
    status, where, _ = post(ana, base, view="anchor", anchor=key, text="again")
    assert where == f"{base}?anchor={quote(key, safe='')}#comment-2"


def test_refusals_name_the_field_and_store_nothing(seeded: Engine) -> None:
    pid = copied(seeded)
    ana = as_user(seeded, "ana")
    base = f"/proposals/{pid}/comments"
    before = store_state(seeded)
    status, _, text = post(ana, base, anchor="indicator:substantive/9.9.9", text="x")
    assert status == 400 and "anchor: no indicator substantive/9.9.9 in revision 1" in text
    status, _, text = post(ana, base, htmx=True, anchor="document", text=" ")
    assert status == 422 and "text: a comment needs a text" in text
    status, _, text = post(ana, f"{base}/7/replies", text="hello")
    assert status == 404 and "comment_id: proposal 1 has no comment 7" in text
    assert ana.get(base + "?state=closed").status_code == 400
    assert store_state(seeded) == before


def test_a_viewer_reads_and_cannot_post(seeded: Engine) -> None:
    pid = copied(seeded)
    ProposalCommentService(seeded).comment(pid, INDICATOR, "Why?", by="omar")
    vera = as_user(seeded, "vera")
    base = f"/proposals/{pid}/comments"
    page = vera.get(base)
    assert page.status_code == 200 and "Why?" in page.text
    assert f'hx-post="{base}' not in page.text and "New comment" not in page.text
    before = store_state(seeded)
    token = csrf_token(vera, base)
    for url in (base, f"{base}/1/replies", f"{base}/1/resolve", f"{base}/1/reopen"):
        response = vera.post(url, data={"csrf_token": token, "anchor": "document",
                                        "text": "x"}, follow_redirects=False)
        assert response.status_code == 403, url
    assert store_state(seeded) == before
    assert make_client(seeded).get(base, follow_redirects=False).status_code == 303


def test_the_api_comments_replies_resolves_and_reopens(seeded: Engine) -> None:
    pid = copied(seeded)
    omar = bearer(seeded, "omar2", Role.APPROVER)
    ana = bearer(seeded, "ana2", Role.EDITOR)
    vera = bearer(seeded, "vera2", Role.VIEWER)
    client = make_client(seeded)
    anchors = client.get(f"{API}/{pid}/anchors", headers=vera).json()
    assert anchors[0] == {"key": "document", "label": "The whole document"}
    made = client.post(f"{API}/{pid}/comments", headers=omar,
                       json={"anchor": INDICATOR, "text": HOSTILE, "revision": 1})
    assert made.status_code == 201, made.text
    first = made.json()
    assert (first["anchor"], first["by"], first["thread"]) == (INDICATOR, "omar2", 1)
    reply = client.post(f"{API}/{pid}/comments/1/replies", headers=ana,
                        json={"text": "Done"})
    assert reply.status_code == 201 and reply.json()["parent"] == 1
    resolved = client.post(f"{API}/{pid}/comments/2/resolve", headers=ana)
    assert resolved.status_code == 200 and resolved.json()["resolved_by"] == "ana2"
    again = client.post(f"{API}/{pid}/comments/1/resolve", headers=ana)
    assert again.status_code == 400
    assert again.headers["content-type"] == "application/problem+json"
    assert again.json()["detail"].startswith("comment_id: the thread of comment 1 was "
                                             "resolved already, by ana2")
    assert client.post(f"{API}/{pid}/comments/1/reopen", headers=ana).status_code == 403
    assert client.post(f"{API}/{pid}/comments/1/reopen", headers=omar).status_code == 200
    listed = client.get(f"{API}/{pid}/comments", headers=vera,
                        params={"anchor": INDICATOR, "state": "open"}).json()
    assert [(t["id"], t["state"], t["text"], [r["id"] for r in t["replies"]])
            for t in listed] == [(1, "open", HOSTILE, [2])]
    assert client.get(f"{API}/{pid}/comments", headers=vera,
                      params={"state": "resolved"}).json() == []
    refused = client.post(f"{API}/{pid}/comments", headers=ana,
                          json={"anchor": "indicator:substantive/9.9.9", "text": "x"})
    assert refused.status_code == 400
    assert refused.json()["detail"] == "anchor: no indicator substantive/9.9.9 in revision 1"
    assert client.post(f"{API}/{pid}/comments", headers=vera,
                       json={"anchor": "document", "text": "x"}).status_code == 403
    missing = client.post(f"{API}/{pid}/comments/9/replies", headers=ana, json={"text": "x"})
    assert missing.status_code == 404 and "comment_id" in missing.json()["detail"]


@pytest.mark.parametrize("anchor", ["document", "paragraph:Summary/#1"])
def test_the_count_macro_links_to_the_anchor(seeded_sqlite: Engine, anchor: str) -> None:
    from rbb.web.templating import templates

    macro = templates.get_template("_proposal_comments.html").module.comment_count
    html = str(macro(3, anchor, {anchor: (1, 2)}, "#beside"))
    href = f"/proposals/3/comments?anchor={quote(anchor, safe='/')}"
    assert re.search(rf'href="{re.escape(href)}" hx-get="{re.escape(href)}"', html), html
    assert "1 open of 2 threads" in html
    assert ">Comment</a>" in str(macro(3, anchor, {}))
