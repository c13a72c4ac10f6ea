"""Two editors saving on the same revision, through the REST API and a page's form
(docs/preparation.md, "Saving on an older revision merges"), on SQLite and PostgreSQL:
different parts merge (201); the same field is 409 with the fields side by side, nothing
stored, until the same save comes back with a side chosen for each. Post actions travel
in the save's body."""

from __future__ import annotations

from typing import Any

from fastapi import Request
from fastapi.responses import Response
from fastapi.testclient import TestClient
from sqlalchemy import Engine
from starlette.concurrency import run_in_threadpool

from rbb.model.proposals import ProposalContent
from rbb.services.proposal_service import ProposalService
from rbb.storage.accounts import Role
from rbb.web.endpoints.proposal_editing import Fields, field, form_fields, save_part

from .conftest import add_user, csrf_token, login, make_client
from .test_proposals_api import API, bearer, edited, start

HOSTILE = '<script>alert("x")</script>'


def saved(client: TestClient, who: dict[str, str], pid: int, based_on: int,
          body: dict[str, Any]) -> Any:
    return client.post(f"{API}/{pid}/revisions", json=body,
                       headers={**who, "If-Match": f'"{based_on}"'})


def test_the_api_merges_different_parts_and_answers_409_on_the_same(seeded: Engine
                                                                    ) -> None:
    ana, omar = bearer(seeded, "ana", Role.EDITOR), bearer(seeded, "omar", Role.EDITOR)
    client = make_client(seeded)
    client.headers.update(ana)  # reading as ana
    pid = start(client, ana)["id"]
    first = edited(client, pid, 1, "(vehicles justified)")
    assert saved(client, ana, pid, 1, {"document": first}).status_code == 201

    # omar edited revision 1's first paragraph: merged with ana's title, on revision 2.
    other: dict[str, Any] = client.get(f"{API}/{pid}/revisions/1", headers=ana).json()
    other["paragraphs"][0]["text"] = "A summary rewritten."
    merged = saved(client, omar, pid, 1, {"document": other, "comment": "summary"})
    assert merged.status_code == 201, merged.text
    assert (merged.headers["etag"], merged.json()["parent"]) == ('"3"', 2)
    assert merged.json()["comment"] == "summary (merged with revision 2)"
    now = client.get(f"{API}/{pid}/revisions/3", headers=ana).json()
    assert now["title"] == first["title"]
    assert now["paragraphs"][0]["text"] == "A summary rewritten."

    # Both change the title: 409 with the field, nothing stored.
    clash = edited(client, pid, 1, HOSTILE)
    refused = saved(client, omar, pid, 1, {"document": clash})
    assert refused.status_code == 409
    assert refused.headers["content-type"] == "application/problem+json"
    problem = refused.json()
    assert (problem["based_on"], problem["head"]) == (1, 3)
    assert problem["conflicts"] == [{
        "path": "document/title", "label": "title", "base": other["title"],
        "mine": clash["title"], "theirs": first["title"]}]
    assert client.get(f"{API}/{pid}", headers=ana).json()["head"] == 3

    # The same body with a side chosen: saved.
    bad = saved(client, omar, pid, 1, {"document": clash,
                                       "resolutions": {"document/title": "both"}})
    assert bad.status_code == 400 and "resolutions.document/title" in bad.json()["detail"]
    kept = saved(client, omar, pid, 1, {"document": clash,
                                        "resolutions": {"document/title": "theirs"}})
    assert kept.status_code == 201, kept.text
    assert client.get(f"{API}/{pid}/revisions/4", headers=ana).json()["title"] == (
        first["title"])


def test_post_actions_are_saved_from_the_body_and_refused_by_field(seeded: Engine) -> None:
    ana = bearer(seeded, "ana", Role.EDITOR)
    client = make_client(seeded)
    client.headers.update(ana)
    pid = start(client, ana)["id"]
    document = client.get(f"{API}/{pid}/revisions/1", headers=ana).json()
    action = {"id": "legal", "kind": "establishment", "component": "substantive",
              "office": "Office of Legal Affairs", "grade": "P-4", "count": 1,
              "justification": "the caseload grew"}
    wrong = saved(client, ana, pid, 1, {"document": document,
                                        "post_actions": [{**action, "grade": "P-8"}]})
    assert wrong.status_code == 400
    assert wrong.json()["detail"].startswith("post_actions.1: post action legal grade:")
    done = saved(client, ana, pid, 1, {"document": document, "post_actions": [action]})
    assert done.status_code == 201, done.text
    content = ProposalService(seeded).content(pid, 2)
    assert [a.id for a in content.post_actions] == ["legal"]
    assert any(p.text.startswith("It is proposed to establish one P-4 post in the Office "
                                 "of Legal Affairs.") for p in content.document.paragraphs)


def retitle(content: ProposalContent, fields: Fields) -> ProposalContent:
    return content.model_copy(update={"document": content.document.model_copy(
        update={"title": field(fields, "title")})})


def test_the_conflicts_page_shows_both_sides_and_saves_the_choice(seeded: Engine) -> None:
    """An editor's form (as every part's editor uses ``save_part``) posted on an older
    revision whose field changed since."""
    add_user(seeded, "ana", Role.EDITOR)
    client = make_client(seeded)
    app: Any = client.app

    @app.post("/test-editor/{pid}")
    async def editor_form(request: Request, pid: int) -> Response:
        fields = await form_fields(request)
        return await run_in_threadpool(
            save_part, request, pid, fields, retitle, back=f"/proposals/{pid}",
            form=lambda message, status: Response(str(message), status_code=status))

    service = ProposalService(seeded)
    pid = service.new_copied("UNMIK:2025/26", by="ana").id
    base_title = service.document(pid, 1).title
    service.save(pid, service.document(pid, 1).model_copy(update={"title": "Theirs"}),
                 based_on=1, by="ana")
    login(client, "ana")
    token = csrf_token(client, "/proposals")
    page = client.post(f"/test-editor/{pid}", data={
        "csrf_token": token, "based_on": "1", "title": HOSTILE}, follow_redirects=False)
    assert page.status_code == 409
    assert "Your edit and revision 2 change the same fields" in page.text
    assert 'name="resolve:document/title" value="mine"' in page.text
    assert "&lt;script&gt;" in page.text and HOSTILE not in page.text
    assert base_title in page.text and "Theirs" in page.text
    assert 'name="based_on" value="1"' in page.text  # the edit is passed through
    assert service.store.proposal(pid).head == 2

    chosen = client.post(f"/test-editor/{pid}", data={
        "csrf_token": token, "based_on": "1", "title": "Mine",
        "resolve:document/title": "mine"}, follow_redirects=False)
    assert chosen.status_code == 303 and chosen.headers["location"].endswith("?saved=3")
    assert service.document(pid, 3).title == "Mine"
