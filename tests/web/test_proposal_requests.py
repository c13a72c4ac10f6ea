"""The follow-up of requests editor (docs/preparation.md, "Editing variance explanations,
paragraphs and requests"): each request of the General Assembly or the Advisory
Committee with the action the mission took, editable, added, removed; the API's GET and
PUT; refusals name the field and store nothing."""

from __future__ import annotations

import html
import re

from fastapi.testclient import TestClient
from sqlalchemy import Engine

from rbb.model.cycle import Period
from rbb.services.proposal_service import ProposalService
from rbb.storage.accounts import AccountStore, Role

from .conftest import add_user, csrf_token, make_client, store_state
from .conftest import copied_proposal as copied
from .conftest import logged_in_client as client_of

HOSTILE = '<script>alert("x")</script> & <b>bold</b>'
EDIT = "/proposals/{}/edit/requests"
INPUT = re.compile(r'name="(r\.[0-9]+\.[a-z]+)"[^>]*? value="([^"]*)"')
TEXT = re.compile(r'name="(r\.[0-9]+\.[a-z]+)"[^>]*>([^<]*)</textarea>')
SELECTED = re.compile(r'name="(r\.[0-9]+\.body)">\s*(?:<option value="[a-z_]+">[^<]*</option>)*'
                      r'<option value="([a-z_]+)" selected>')




def form_of(client: TestClient, pid: int) -> dict[str, str]:
    """The editor's fields as a browser would post them (checkboxes left unticked)."""
    page = client.get(EDIT.format(pid)).text
    fields = {n: html.unescape(v) for n, v in INPUT.findall(page) if not n.endswith("remove")}
    fields.update({n: html.unescape(v) for n, v in TEXT.findall(page)})
    fields.update(dict(SELECTED.findall(page)))
    fields["csrf_token"] = csrf_token(client, EDIT.format(pid))
    fields["based_on"] = re.search(r'name="based_on" value="(\d+)"', page)[1]  # type: ignore[index]
    return fields


def test_the_requests_are_shown_with_their_actions(seeded: Engine) -> None:
    pid = copied(seeded)
    page = client_of(seeded).get(EDIT.format(pid))
    assert page.status_code == 200
    # The seed's ten requests: the first, of resolution 76/274 (seed, section V.A).
    assert page.text.count('<fieldset class="request" id="request-') == 10
    assert "Resolution 76/274" in page.text and "Add a request" in page.text


def test_an_action_is_edited_a_request_added_and_one_removed(seeded: Engine) -> None:
    pid = copied(seeded)
    ana = client_of(seeded)
    fields = form_of(ana, pid)
    assert fields["r.0.body"] == "general_assembly" and len(
        [k for k in fields if k.endswith(".request")]) == 10
    fields["r.1.action"] = "The ratio was reviewed and stands at 1 to 4. " + HOSTILE
    fields["r.9.remove"] = "1"
    fields.update({"new.body": "acabq", "new.reference": "A/79/999",
                   "new.heading": "Fuel management",
                   "new.request": "The Committee requests an update on fuel consumption.",
                   "new.action": "Consumption fell by a tenth at the Pristina site."})
    answer = ana.post(EDIT.format(pid), data=fields, follow_redirects=False)
    assert answer.status_code == 303, answer.text
    rows = ProposalService(seeded).document(pid, 2).follow_up
    # Ten requests, the last removed, one added: still ten, the new one last.
    assert len(rows) == 10
    assert rows[1].action.startswith("The ratio was reviewed")
    assert rows[-1].body == "acabq" and rows[-1].reference == "A/79/999"
    assert rows[0].source_line is not None and rows[1].source_line is not None
    page = ana.get(EDIT.format(pid))
    assert HOSTILE not in page.text and "&lt;script&gt;" in page.text


def test_refusals_name_the_request_and_store_nothing(seeded: Engine) -> None:
    pid = copied(seeded)
    ana = client_of(seeded)
    before = store_state(seeded)
    fields = form_of(ana, pid)
    fields["r.2.action"] = ""
    fields["r.3.action"] = "Typed and kept."
    refused = ana.post(EDIT.format(pid), data=fields)
    assert refused.status_code == 400 and "follow_up.2.action: empty" in refused.text
    assert "Typed and kept." in refused.text
    fields = form_of(ana, pid)
    fields["r.4.body"] = "security_council"
    assert "follow_up.4.body" in ana.post(EDIT.format(pid), data=fields).text
    fields = form_of(ana, pid)
    fields["r.5.reference"] = "A/79/1\x1b[2J"
    assert "follow_up.5.reference: a control character" in ana.post(
        EDIT.format(pid), data=fields).text
    assert store_state(seeded) == before


def test_an_empty_proposal_gets_its_first_request(seeded: Engine) -> None:
    add_user(seeded, "ana", Role.EDITOR)
    pid = ProposalService(seeded).new_empty("MINUSCA", Period.parse("2026/27"), by="ana").id
    ana = client_of(seeded)
    assert "no request yet" in ana.get(EDIT.format(pid)).text
    fields = form_of(ana, pid)
    fields.update({"new.body": "general_assembly", "new.request": "Requests a review of "
                   "the use of unmanned aerial systems.", "new.action": "Under way."})
    assert ana.post(EDIT.format(pid), data=fields, follow_redirects=False).status_code == 303
    (row,) = ProposalService(seeded).document(pid, 2).follow_up
    assert row.action == "Under way." and row.heading is None


def test_a_viewer_cannot_post(seeded: Engine) -> None:
    pid = copied(seeded)
    vera = client_of(seeded, "vera")
    assert 'name="r.0.action"' not in vera.get(EDIT.format(pid)).text
    before = store_state(seeded)
    answer = vera.post(EDIT.format(pid), data={
        "csrf_token": csrf_token(vera, EDIT.format(pid)), "based_on": "1",
        "new.body": "acabq", "new.request": "x", "new.action": "y"})
    assert answer.status_code == 403 and store_state(seeded) == before


def test_the_api_gives_and_replaces_the_follow_up(seeded: Engine) -> None:
    pid = copied(seeded)
    _, secret = AccountStore(seeded).create_token("ana", "prose")
    ana = {"Authorization": f"Bearer {secret}"}
    client = make_client(seeded)
    url = f"/api/v1/proposals/{pid}/follow-up"
    got = client.get(url, headers=ana)
    assert got.status_code == 200 and got.headers["etag"] == '"1"'
    rows = got.json()["follow_up"]
    assert len(rows) == 10 and rows[0]["reference"] == "Resolution 76/274"
    rows[0]["action"] = "Eleven of the sixteen recommendations are implemented."
    body = {"follow_up": rows[:1], "comment": "first request only"}
    assert client.put(url, json=body, headers=ana).status_code == 428
    saved = client.put(url, json=body, headers={**ana, "If-Match": '"1"'})
    assert saved.status_code == 201 and saved.headers["etag"] == '"2"'
    (row,) = ProposalService(seeded).document(pid, 2).follow_up
    assert row.action.startswith("Eleven") and row.source_line is not None
    # Another edit of the same action, based on revision 1: a conflict, nothing stored.
    other = {"follow_up": [{**rows[0], "action": "Twelve are implemented."}]}
    stale = client.put(url, json=other, headers={**ana, "If-Match": '"1"'})
    assert stale.status_code == 409
    bad = client.put(url, json={"follow_up": [{**rows[0], "request": ""}]},
                     headers={**ana, "If-Match": '"2"'})
    assert bad.status_code == 400 and "follow_up.0.request: empty" in bad.json()["detail"]


def test_htmx_gets_the_form_again_with_the_new_revision(seeded: Engine) -> None:
    pid = copied(seeded)
    ana = client_of(seeded)
    fields = form_of(ana, pid)
    fields["r.0.action"] = "All sixteen recommendations are implemented."
    answer = ana.post(EDIT.format(pid), data=fields, headers={"HX-Request": "true"})
    assert answer.status_code == 200 and answer.headers["HX-Trigger"] == "saved"
    assert "<html" not in answer.text and "Saved as revision 2" in answer.text
    assert 'name="based_on" value="2"' in answer.text
