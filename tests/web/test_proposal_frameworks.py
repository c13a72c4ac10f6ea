"""The frameworks editor of a proposal (docs/preparation.md, "Editing the frameworks"):
a component's indicators, targets and outputs edited through the page (with and without
HTMX) and the API, a component added and removed, each refusal naming its field and
storing nothing, and only editors writing while the proposal is draft or returned."""

from __future__ import annotations

from html.parser import HTMLParser
from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy import Engine

from rbb.model.proposals import ProposalAction
from rbb.services.proposal_comments import ProposalCommentService
from rbb.services.proposal_service import ProposalService
from rbb.storage.accounts import AccountStore, Role

from .conftest import add_user, csrf_token, login, make_client, store_state

HOSTILE = '<script>alert("x")</script> & <b>bold</b>'
API = "/api/v1/proposals"


class FormFields(HTMLParser):
    """The fields a browser would post from the page's first form with ``based_on``:
    inputs, ticked checkboxes, textareas and selected options, in order."""

    def __init__(self) -> None:
        super().__init__()
        self.fields: list[tuple[str, str]] = []
        self.inside = self.done = False
        self.textarea: str | None = None
        self.text = ""
        self.select: str | None = None
        self.options: list[tuple[str, bool]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "form" and not self.done and "hx-post" in a:
            self.inside = True
        if not self.inside:
            return
        if tag == "input" and a.get("name") and (a.get("type") != "checkbox"
                                                 or "checked" in a):
            self.fields.append((a["name"], a.get("value", "")))
        elif tag == "textarea":
            self.textarea, self.text = a["name"], ""
        elif tag == "select":
            self.select, self.options = a["name"], []
        elif tag == "option" and self.select:
            self.options.append((a.get("value", ""), "selected" in a))

    def handle_data(self, data: str) -> None:
        if self.textarea is not None:
            self.text += data

    def handle_endtag(self, tag: str) -> None:
        if tag == "textarea" and self.textarea is not None:
            self.fields.append((self.textarea, self.text))
            self.textarea = None
        elif tag == "select" and self.select is not None:
            chosen = [v for v, selected in self.options if selected] or [self.options[0][0]]
            self.fields.append((self.select, chosen[0]))
            self.select = None
        elif tag == "form" and self.inside:
            self.inside, self.done = False, True


def form_of(html: str) -> dict[str, str]:
    parser = FormFields()
    parser.feed(html)
    return dict(parser.fields)


def started(engine: Engine) -> int:
    """The embedded UNMIK budget for 2025/26 copied as a proposal (revision 1); ana
    edits, vera views."""
    add_user(engine, "ana", Role.EDITOR)
    add_user(engine, "vera", Role.VIEWER)
    return ProposalService(engine).new_copied("UNMIK:2025/26", by="ana").id


def editor_page(client: TestClient, pid: int, key: str = "substantive") -> dict[str, str]:
    page = client.get(f"/proposals/{pid}/edit/frameworks/{key}")
    assert page.status_code == 200, page.text
    return form_of(page.text)


def indicator(engine: Engine, pid: int, number: str, revision: int | None = None) -> Any:
    service = ProposalService(engine)
    head = revision or service.show(pid).proposal.head
    document = service.document(pid, head)
    return next(i for c in document.components for ea in c.expected_accomplishments
                for i in ea.indicators if i.number == number)


def test_an_editor_changes_an_indicator_and_its_target_through_the_page(
        seeded: Engine) -> None:
    pid = started(seeded)
    ana = make_client(seeded)
    login(ana, "ana")
    listing = ana.get(f"/proposals/{pid}/edit/frameworks")
    assert listing.status_code == 200
    assert f'href="/proposals/{pid}/edit/frameworks/substantive"' in listing.text
    assert 'aria-current="page">Frameworks' in listing.text  # the editors' navigation
    fields = editor_page(ana, pid)
    # 1.1.2, the second indicator of 1.1: 2024/25 n/a, 2025/26 15 (the seed's table)
    assert (fields["ea0.ind1.number"], fields["ea0.ind1.value"]) == ("1.1.2", "15")
    assert fields["ea0.indnew.number"] == "1.1.3"  # the row that adds one
    assert fields["based_on"] == "1"
    fields.update({"ea0.ind1.text": "Human rights initiatives followed up",
                   "ea0.ind1.comparator": "≥", "ea0.ind1.value": "95",
                   "ea0.ind1.unit": "per cent", "comment": "targets agreed"})
    saved = ana.post(f"/proposals/{pid}/edit/frameworks/substantive", data=fields,
                     follow_redirects=False)
    assert saved.status_code == 303
    assert saved.headers["location"].endswith("/edit/frameworks/substantive?saved=2")
    assert "Saved as revision 2" in ana.get(saved.headers["location"]).text
    changed = indicator(seeded, pid, "1.1.2")
    assert changed.text == "Human rights initiatives followed up"
    assert [(v.period.label, v.text) for v in changed.values] == [
        ("2024/25", "n/a"), ("2025/26", "≥ 95 per cent")]
    assert indicator(seeded, pid, "1.1.1") == indicator(seeded, pid, "1.1.1", revision=1)
    diff = {t.where: t for t in ProposalService(seeded).diff(pid, 1, 2).texts}
    assert (diff["framework substantive 1.1.2 target 2025/26"].marked()
            == "[-15-] {+≥ 95 per cent+}")
    assert "framework substantive 1.1.2 indicator" in diff
    assert len(diff) == 2  # nothing else changed
    compare = ana.get(f"/proposals/{pid}/compare?old=1&new=2")
    assert "framework substantive 1.1.2 target 2025/26" in compare.text


def test_an_output_is_added_and_another_removed(seeded: Engine) -> None:
    pid = started(seeded)
    ana = make_client(seeded)
    login(ana, "ana")
    before = ProposalService(seeded).document(pid, 1).components[1]
    fields = editor_page(ana, pid)
    fields.update({"ea1.out0.remove": "yes", "ea1.outnew.text": "Twelve town-hall meetings",
                   "ea1.outnew.quantities": "12 meetings"})
    assert ana.post(f"/proposals/{pid}/edit/frameworks/substantive", data=fields,
                    follow_redirects=False).status_code == 303
    after = ProposalService(seeded).document(pid, 2).components[1]
    old, new = before.expected_accomplishments[1].outputs, after.expected_accomplishments[
        1].outputs
    assert new[:-1] == old[1:] and len(new) == len(old)
    assert (new[-1].text, str(new[-1].quantities[0].value)) == (
        "Twelve town-hall meetings", "12")


def test_each_refusal_names_the_field_keeps_the_typing_and_stores_nothing(
        seeded: Engine) -> None:
    pid = started(seeded)
    ana = make_client(seeded)
    login(ana, "ana")
    fields = editor_page(ana, pid)
    url = f"/proposals/{pid}/edit/frameworks/substantive"
    before = store_state(seeded)
    for changes, message in [
            ({"ea0.ind1.value": "lots"},
             "substantive 1.1.2 target: &#39;lots&#39; is not a number (expected e.g. 95 or "
             "4.5)"),
            ({"ea0.ind0.text": ""}, "substantive 1.1.1 text: an indicator of achievement"),
            ({"ea0.ind1.value": "", "ea0.ind1.printed": "lots of them"},
             "substantive 1.1.2 target: &#39;lots of them&#39; has no value"),
            ({"ea0.ind1.comparator": "≈"}, "substantive 1.1.2 comparator: &#39;≈&#39; is "
                                           "not one of ≥ ≤ &gt; &lt; ±"),
            ({"ea0.ind1.number": "1.1.1"}, "substantive 1.1.1 number: 1.1.1 is used twice"),
            ({"ea0.out2.quantities": "-250 field reports"},
             "substantive 1.1 output 3 quantities: &#39;-250 field reports&#39; is negative"),
    ]:
        refused = ana.post(url, data={**fields, **changes}, follow_redirects=False)
        assert refused.status_code == 400, changes
        assert message in refused.text, refused.text[:2000]
        typed = form_of(refused.text)
        assert all(typed.get(name) == value for name, value in changes.items()
                   if name in typed), changes
    assert store_state(seeded) == before
    assert ProposalService(seeded).show(pid).proposal.head == 1


def test_a_form_shown_before_another_save_of_the_same_target_stores_nothing(
        seeded: Engine) -> None:
    """Two editors opened revision 1; the second saves the same target differently:
    409 (the conflicts to choose from, or the stale form), revision 2 stays the head."""
    pid = started(seeded)
    ana = make_client(seeded)
    login(ana, "ana")
    fields = editor_page(ana, pid)
    url = f"/proposals/{pid}/edit/frameworks/substantive"
    assert ana.post(url, data={**fields, "ea0.ind0.value": "940"},
                    follow_redirects=False).status_code == 303
    before = store_state(seeded)
    late = ana.post(url, data={**fields, "ea0.ind0.value": "950"}, follow_redirects=False)
    assert late.status_code == 409
    assert "revision 2" in late.text
    assert store_state(seeded) == before
    assert indicator(seeded, pid, "1.1.1").values[-1].value == 940


def test_htmx_gets_the_section_and_the_saved_event(seeded: Engine) -> None:
    pid = started(seeded)
    ana = make_client(seeded)
    login(ana, "ana")
    page = ana.get(f"/proposals/{pid}/edit/frameworks/substantive")
    assert f'hx-get="/proposals/{pid}/findings"' in page.text  # the findings panel
    fields = form_of(page.text)
    url = f"/proposals/{pid}/edit/frameworks/substantive"
    fields["ea0.ind0.value"] = "940"
    saved = ana.post(url, data=fields, headers={"HX-Request": "true"})
    assert saved.status_code == 200 and saved.headers["hx-trigger"] == "saved"
    assert "<html" not in saved.text and 'id="framework-editor"' in saved.text
    assert "Saved as revision 2" in saved.text
    again = form_of(saved.text)
    assert again["based_on"] == "2" and again["ea0.ind0.value"] == "940"
    refused = ana.post(url, data={**again, "ea0.ind0.value": "lots"},
                       headers={"HX-Request": "true"})
    assert refused.status_code == 422  # the status HTMX swaps in
    assert "<html" not in refused.text and "is not a number" in refused.text
    assert "hx-trigger" not in refused.headers


def test_hostile_text_is_stored_as_typed_and_shown_escaped(seeded: Engine) -> None:
    pid = started(seeded)
    ana = make_client(seeded)
    login(ana, "ana")
    fields = editor_page(ana, pid)
    fields.update({"ea0.ind0.text": HOSTILE, "ea0.text": HOSTILE})
    assert ana.post(f"/proposals/{pid}/edit/frameworks/substantive", data=fields,
                    follow_redirects=False).status_code == 303
    assert indicator(seeded, pid, "1.1.1").text == HOSTILE
    page = ana.get(f"/proposals/{pid}/edit/frameworks/substantive")
    assert "<script>alert" not in page.text
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;" in page.text


def test_a_viewer_reads_but_never_posts_and_a_submitted_proposal_is_read_only(
        seeded: Engine) -> None:
    pid = started(seeded)
    vera, ana = make_client(seeded), make_client(seeded)
    login(vera, "vera")
    login(ana, "ana")
    page = vera.get(f"/proposals/{pid}/edit/frameworks/substantive")
    assert page.status_code == 200
    assert "disabled" in page.text and "Save as a new revision" not in page.text
    fields = form_of(page.text)
    refused = vera.post(f"/proposals/{pid}/edit/frameworks/substantive",
                        data={**fields, "ea0.ind0.value": "1"}, follow_redirects=False)
    assert refused.status_code == 403
    anonymous = make_client(seeded).get(f"/proposals/{pid}/edit/frameworks",
                                        follow_redirects=False)
    assert anonymous.status_code in {401, 303}, anonymous.status_code  # to the login
    ProposalService(seeded).act(pid, ProposalAction.SUBMIT, by="ana")
    locked = ana.get(f"/proposals/{pid}/edit/frameworks/substantive")
    assert "the proposal is submitted" in locked.text
    assert "Save as a new revision" not in locked.text
    late = ana.post(f"/proposals/{pid}/edit/frameworks/substantive",
                    data={**form_of(locked.text), "ea0.ind0.value": "1"},
                    follow_redirects=False)  # the fields a browser would not even send
    assert late.status_code == 400 and "submitted" in late.text
    assert ProposalService(seeded).show(pid).proposal.head == 1
    assert ana.get(f"/proposals/{pid}/edit/frameworks/nothing_here").status_code == 404


# --- API ------------------------------------------------------------------------------

def bearer(engine: Engine, username: str, role: Role) -> dict[str, str]:
    add_user(engine, username, role)
    _, secret = AccountStore(engine).create_token(username, "frameworks")
    return {"Authorization": f"Bearer {secret}"}


def test_the_api_reads_and_replaces_a_component(seeded: Engine) -> None:
    ana = bearer(seeded, "ana", Role.EDITOR)
    vera = bearer(seeded, "vera", Role.VIEWER)
    client = make_client(seeded)
    pid = ProposalService(seeded).new_copied("UNMIK:2025/26", by="ana").id
    listing = client.get(f"{API}/{pid}/frameworks", headers=vera)
    assert listing.status_code == 200 and listing.headers["etag"] == '"1"'
    assert [c["key"] for c in listing.json()] == [
        "executive_direction_and_management", "substantive", "support"]
    url = f"{API}/{pid}/frameworks/substantive"
    component = client.get(url, headers=vera).json()
    target = component["expected_accomplishments"][0]["indicators"][1]["values"][-1]
    assert (target["period"], target["value"]) == ("2025/26", "15")
    target.update({"value": "95", "text": "≥ 95 per cent", "comparator": "≥",
                   "unit": "per cent"})
    assert client.put(url, json=component, headers=ana).status_code == 428
    assert client.put(url, json=component, headers={**vera, "If-Match": '"1"'}
                      ).status_code == 403
    saved = client.put(url + "?comment=targets", json=component,
                       headers={**ana, "If-Match": '"1"'})
    assert saved.status_code == 201, saved.text
    assert saved.headers["etag"] == '"2"'
    assert indicator(seeded, pid, "1.1.2").values[-1].text == "≥ 95 per cent"
    diff = client.get(f"{API}/{pid}/diff?old=1&new=2", headers=vera).json()
    assert [t["where"] for t in diff["texts"]] == [
        "framework substantive 1.1.2 target 2025/26"]
    # The same field changed again on revision 1: refused, nothing stored.
    target["value"], target["text"] = "90", "≥ 90 per cent"
    stale = client.put(url, json=component, headers={**ana, "If-Match": '"1"'})
    assert stale.status_code == 409
    assert ProposalService(seeded).show(pid).proposal.head == 2


def test_the_api_refuses_bad_input_with_its_location(seeded: Engine) -> None:
    ana = bearer(seeded, "ana", Role.EDITOR)
    client = make_client(seeded)
    pid = ProposalService(seeded).new_copied("UNMIK:2025/26", by="ana").id
    url = f"{API}/{pid}/frameworks/substantive"
    component = client.get(url, headers=ana).json()
    before = store_state(seeded)
    headers = {**ana, "If-Match": '"1"'}
    indicators = component["expected_accomplishments"][0]["indicators"]
    indicators[1]["values"][-1]["value"] = "lots"
    bad = client.put(url, json=component, headers=headers)
    assert bad.status_code == 422
    assert bad.headers["content-type"].startswith("application/problem+json")
    assert bad.json()["detail"].startswith(
        "body.expected_accomplishments.0.indicators.1.values.1.value")
    indicators[1]["values"][-1]["value"] = "15"
    indicators[0]["text"] = " "
    empty = client.put(url, json=component, headers=headers)
    assert empty.status_code == 400
    assert empty.json()["detail"].startswith("substantive 1.1.1 text:")
    indicators[0]["text"] = "x"
    indicators[1]["values"][-1]["comparator"] = "≈"
    assert client.put(url, json=component, headers=headers).status_code == 422
    indicators[1]["values"][-1]["comparator"] = None
    other = client.put(f"{API}/{pid}/frameworks/support", json=component, headers=headers)
    assert other.status_code == 422 and "support" in other.json()["detail"]
    assert store_state(seeded) == before


def test_a_component_of_its_own_is_added_to_an_empty_proposal(seeded: Engine) -> None:
    """Another mission, words not from the seed: the component is added through the
    API, then edited through the page."""
    ana = bearer(seeded, "ana", Role.EDITOR)
    client = make_client(seeded)
    pid = ProposalService(seeded).new_empty("MINUSCA", _period("2026/27"), by="ana").id
    assert client.get(f"{API}/{pid}/frameworks", headers=ana).json() == []
    water = {"key": "water_and_sanitation", "number": 3, "name": "Water and sanitation",
             "expected_accomplishments": [{
                 "number": "3.1", "text": "Safe water for displaced families",
                 "indicators": [{"number": "3.1.1", "text": "Wells in service",
                                 "values": [{"period": "2026/27", "text": "≥ 40",
                                             "value": "40", "comparator": "≥"}]}],
                 "outputs": [{"text": "Forty wells drilled",
                              "quantities": [{"value": "40", "text": "40 wells"}]}]}]}
    url = f"{API}/{pid}/frameworks/water_and_sanitation"
    assert client.put(url, json=water, headers={**ana, "If-Match": '"1"'}
                      ).status_code == 201
    browser = make_client(seeded)
    login(browser, "ana")
    fields = editor_page(browser, pid, "water_and_sanitation")
    assert fields["ea0.ind0.printed"] == "≥ 40"
    assert fields["ea0.indnew.number"] == "3.1.2" and fields["eanew.number"] == "3.2"
    fields.update({"ea0.indnew.text": "Latrines built", "ea0.indnew.value": "120",
                   "ea0.ind0.value": "45"})
    assert browser.post(f"/proposals/{pid}/edit/frameworks/water_and_sanitation",
                        data=fields, follow_redirects=False).status_code == 303
    stored = client.get(url, headers=ana).json()["expected_accomplishments"][0]
    assert [(i["number"], i["values"][-1]["text"]) for i in stored["indicators"]] == [
        ("3.1.1", "≥ 45"), ("3.1.2", "120")]


def _period(label: str) -> Any:
    from rbb.model.cycle import Period
    return Period.parse(label)


# --- a component added and removed ----------------------------------------------------

def test_a_component_is_added_from_the_frameworks_page_and_removed_from_its_editor(
        seeded: Engine) -> None:
    """The seed numbers substantive 1 and support 2, so the form offers 3; the new
    component's editor numbers its first expected accomplishment 3.1."""
    pid = started(seeded)
    ana = make_client(seeded)
    login(ana, "ana")
    listing = ana.get(f"/proposals/{pid}/edit/frameworks")
    fields = form_of(listing.text)  # the form adding a component
    assert (fields["number"], fields["based_on"]) == ("3", "1")
    fields.update({"key": "rule_of_law", "name": "Rule of law",
                   "comment": "a rule of law component"})
    added = ana.post(f"/proposals/{pid}/edit/frameworks", data=fields,
                     follow_redirects=False)
    assert added.status_code == 303, added.text[:2000]
    assert added.headers["location"].endswith("/edit/frameworks/rule_of_law?saved=2")
    service = ProposalService(seeded)
    stored = service.document(pid, 2).components
    assert [c.key for c in stored] == ["executive_direction_and_management", "substantive",
                                       "support", "rule_of_law"]
    assert (stored[-1].number, stored[-1].name, stored[-1].expected_accomplishments) == (
        3, "Rule of law", ())
    assert service.document(pid, 2).components[:3] == service.document(pid, 1).components
    assert f'href="/proposals/{pid}/edit/frameworks/rule_of_law">3. Rule of law' in ana.get(
        f"/proposals/{pid}/edit/frameworks").text
    assert [t.where for t in service.diff(pid, 1, 2).texts] == [
        "framework rule_of_law name"]
    editor = editor_page(ana, pid, "rule_of_law")
    assert editor["eanew.number"] == "3.1" and editor["eanew.indnew.number"] == "3.1.1"
    editor.update({"eanew.text": "Courts sit in every region",
                   "eanew.indnew.text": "Regional courts in session",
                   "eanew.indnew.value": "5"})
    assert ana.post(f"/proposals/{pid}/edit/frameworks/rule_of_law", data=editor,
                    follow_redirects=False).status_code == 303  # revision 3
    ProposalCommentService(seeded).comment(pid, "indicator:rule_of_law/3.1.1",
                                           "Five regions, or six?", by="ana")
    url = f"/proposals/{pid}/edit/frameworks/rule_of_law/remove"
    page = ana.get(f"/proposals/{pid}/edit/frameworks/rule_of_law")
    assert f'action="{url}"' in page.text and "I mean it" in page.text
    before = store_state(seeded)
    unticked = ana.post(url, data={"csrf_token": fields["csrf_token"], "based_on": "3"},
                        follow_redirects=False)
    assert unticked.status_code == 400
    assert "confirm: tick &#34;I mean it&#34; to remove component rule_of_law" in (
        unticked.text)
    assert store_state(seeded) == before
    removed = ana.post(url, data={"csrf_token": fields["csrf_token"], "based_on": "3",
                                  "confirm": "yes"}, follow_redirects=False)
    assert removed.status_code == 303
    assert removed.headers["location"].endswith(f"/proposals/{pid}/edit/frameworks?saved=4")
    assert "Saved as revision 4." in ana.get(removed.headers["location"]).text
    assert service.document(pid, 4).components == service.document(pid, 1).components
    diff = {t.where: t for t in service.diff(pid, 3, 4).texts}
    assert set(diff) == {"framework rule_of_law name", "framework rule_of_law 3.1 "
                         "expected accomplishment", "framework rule_of_law 3.1.1 indicator",
                         "framework rule_of_law 3.1.1 target 2025/26"}
    assert diff["framework rule_of_law 3.1.1 target 2025/26"].marked() == "[-5-]"
    assert ana.get(f"/proposals/{pid}/edit/frameworks/rule_of_law").status_code == 404
    comments = ana.get(f"/proposals/{pid}/comments")  # the thread kept, its anchor gone
    assert comments.status_code == 200
    assert "indicator:rule_of_law/3.1.1</code> (not in revision 4)" in comments.text


def test_a_new_component_is_refused_with_its_field_named_and_nothing_stored(
        seeded: Engine) -> None:
    pid = started(seeded)
    ana = make_client(seeded)
    login(ana, "ana")
    fields = form_of(ana.get(f"/proposals/{pid}/edit/frameworks").text)
    url = f"/proposals/{pid}/edit/frameworks"
    good = {"key": "rule_of_law", "number": "3", "name": "Rule of law"}
    before = store_state(seeded)
    for changes, message in [
            ({"key": "substantive"}, "key: the revision has a component substantive "
                                     "already"),
            ({"key": "Rule of law"}, "key: &#39;Rule of law&#39; is not a component key"),
            ({"number": "2"}, "rule_of_law number: 2 is the number of component support "
                              "(e.g. 3)"),
            ({"number": "third"}, "rule_of_law number: &#39;third&#39; is not a component "
                                  "number"),
            ({"name": "  "}, "rule_of_law name: a component needs its name"),
    ]:
        refused = ana.post(url, data={**fields, **good, **changes}, follow_redirects=False)
        assert refused.status_code == 400, changes
        assert message in refused.text, refused.text[:3000]
        assert form_of(refused.text)["key"] == {**good, **changes}["key"]  # as typed
    htmx = ana.post(url, data={**fields, **good, "key": "substantive"},
                    headers={"HX-Request": "true"})
    assert htmx.status_code == 422 and "<html" not in htmx.text
    assert 'id="framework-components"' in htmx.text and "key: the revision" in htmx.text
    assert store_state(seeded) == before
    saved = ana.post(url, data={**fields, **good}, headers={"HX-Request": "true"})
    assert saved.status_code == 200 and saved.headers["hx-trigger"] == "saved"
    assert "Saved as revision 2. Component rule_of_law added" in saved.text
    assert f'href="/proposals/{pid}/edit/frameworks/rule_of_law"' in saved.text


def test_only_editors_add_or_remove_a_component_while_the_proposal_is_editable(
        seeded: Engine) -> None:
    pid = started(seeded)
    vera, ana = make_client(seeded), make_client(seeded)
    login(vera, "vera")
    login(ana, "ana")
    listing = vera.get(f"/proposals/{pid}/edit/frameworks")
    assert "Add a component" not in listing.text
    assert "Remove this component" not in vera.get(
        f"/proposals/{pid}/edit/frameworks/support").text
    token = form_of(ana.get(f"/proposals/{pid}/edit/frameworks").text)["csrf_token"]
    viewer_token = csrf_token(vera, f"/proposals/{pid}/edit/frameworks")
    add = {"key": "rule_of_law", "number": "3", "name": "Rule of law", "based_on": "1"}
    assert vera.post(f"/proposals/{pid}/edit/frameworks",
                     data={**add, "csrf_token": viewer_token},
                     follow_redirects=False).status_code == 403
    assert vera.post(f"/proposals/{pid}/edit/frameworks/support/remove",
                     data={"csrf_token": viewer_token, "based_on": "1", "confirm": "yes"},
                     follow_redirects=False).status_code == 403
    ProposalService(seeded).act(pid, ProposalAction.SUBMIT, by="ana")
    assert "Add a component" not in ana.get(f"/proposals/{pid}/edit/frameworks").text
    late = ana.post(f"/proposals/{pid}/edit/frameworks", data={**add, "csrf_token": token},
                    follow_redirects=False)
    assert late.status_code == 400 and "submitted" in late.text
    gone = ana.post(f"/proposals/{pid}/edit/frameworks/support/remove",
                    data={"csrf_token": token, "based_on": "1", "confirm": "yes"},
                    follow_redirects=False)
    assert gone.status_code == 400 and "submitted" in gone.text
    assert ProposalService(seeded).show(pid).proposal.head == 1


def test_the_api_removes_a_component(seeded: Engine) -> None:
    ana = bearer(seeded, "ana", Role.EDITOR)
    vera = bearer(seeded, "vera", Role.VIEWER)
    client = make_client(seeded)
    pid = ProposalService(seeded).new_copied("UNMIK:2025/26", by="ana").id
    url = f"{API}/{pid}/frameworks/support"
    assert client.delete(url, headers=ana).status_code == 428
    assert client.delete(url, headers={**vera, "If-Match": '"1"'}).status_code == 403
    assert client.delete(f"{API}/{pid}/frameworks/rule_of_law",
                         headers={**ana, "If-Match": '"1"'}).status_code == 404
    removed = client.delete(url, headers={**ana, "If-Match": '"1"'})
    assert removed.status_code == 201, removed.text
    assert removed.headers["etag"] == '"2"'
    assert [c["key"] for c in client.get(f"{API}/{pid}/frameworks", headers=vera).json()
            ] == ["executive_direction_and_management", "substantive"]
    assert client.get(url, headers=vera).status_code == 404
    diff = client.get(f"{API}/{pid}/diff?old=1&new=2", headers=vera).json()
    assert "framework support name" in [t["where"] for t in diff["texts"]]
    assert client.delete(url, headers={**ana, "If-Match": '"2"'}).status_code == 404
    assert ProposalService(seeded).show(pid).proposal.head == 2
    spec = client.get("/api/v1/openapi.json").json()
    delete = spec["paths"]["/proposals/{proposal_id}/frameworks/{component}"]["delete"]
    assert {"201", "403", "404", "409", "428"} <= set(delete["responses"])
