"""The frameworks editor of a proposal (docs/preparation.md, "Editing the frameworks"):
a component's indicators, targets and outputs edited through the page (with and without
HTMX) and the API, each refusal naming its field and storing nothing, and only editors
writing while the proposal is draft or returned."""

from __future__ import annotations

from html.parser import HTMLParser
from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy import Engine

from rbb.model.proposals import ProposalAction
from rbb.services.proposal_service import ProposalService
from rbb.storage.accounts import AccountStore, Role

from .conftest import add_user, login, make_client, store_state

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
