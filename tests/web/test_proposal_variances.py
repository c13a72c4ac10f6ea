"""The variance explanations editor (docs/preparation.md, "Editing variance explanations,
paragraphs and requests"): every class over the threshold with the table's variance,
its explanation edited as paragraphs, a draft from the attribution for a class without
one, the API's PUT with If-Match; refusals name the field and store nothing."""

from __future__ import annotations

from decimal import Decimal

import httpx
from fastapi.testclient import TestClient
from sqlalchemy import Engine

from rbb.model.cycle import Period
from rbb.services.proposal_service import ProposalService
from rbb.storage.accounts import AccountStore, Role
from rbb.web.templating import amount

from .conftest import add_user, csrf_token, make_client, store_state
from .conftest import copied_proposal as copied
from .conftest import logged_in_client as editing

HOSTILE = '<script>alert("x")</script> & <b>bold</b>'
EDIT = "/proposals/{}/edit/variances"




def save(client: TestClient, pid: int, line: str, *texts: str, based_on: int = 1,
         htmx: bool = False) -> httpx.Response:
    token = csrf_token(client, EDIT.format(pid))
    headers = {"HX-Request": "true"} if htmx else {}
    return client.post(EDIT.format(pid), data={
        "csrf_token": token, "based_on": str(based_on), "line": line, "text": list(texts),
        "comment": "explained"}, headers=headers, follow_redirects=False)


def test_the_classes_over_the_threshold_are_shown_with_the_tables_variance(
        seeded: Engine) -> None:
    pid = copied(seeded)
    page = editing(seeded).get(EDIT.format(pid))
    assert page.status_code == 200
    # Seed line 511 ff.: international staff 23 790.6 − 21 139.4 = 2 651.2, 12.5 per cent.
    assert "International staff" in page.text and amount(Decimal("2651.2")) in page.text
    assert "12.5" in page.text
    # National professional officers: (7.2), −0.3 per cent, under the threshold: hidden
    # until every class is asked for.
    assert "National Professional Officer" not in page.text
    every = editing(seeded).get(EDIT.format(pid) + "?all=1")
    assert "National Professional Officer" in every.text
    assert "no explanation" not in page.text  # the seed explains all ten classes
    assert 'id="findings"' in page.text


def test_an_explanation_is_edited_and_the_revision_holds_it(seeded: Engine) -> None:
    pid = copied(seeded)
    ana = editing(seeded)
    answer = save(ana, pid, "medical", "The reduced requirements are attributable to "
                  "fewer medical evacuations.", "", "A second paragraph.")
    assert answer.status_code == 303
    assert answer.headers["location"] == f"{EDIT.format(pid)}?saved=2"
    document = ProposalService(seeded).document(pid, 2)
    medical = next(e for e in document.variance_explanations if e.line == "medical")
    # Medical: 89.4 − 96.2 = (6.8), −7.1 per cent (seed); the empty textarea is dropped.
    assert medical.amount == Decimal("-6.8") and medical.percentage == Decimal("-7.1")
    assert [p.text for p in medical.paragraphs] == [
        "The reduced requirements are attributable to fewer medical evacuations.",
        "A second paragraph."]
    # Medical's paragraph was 51; its second paragraph is 52 and quick-impact projects'
    # moves from 52 to 53, as its copy in section III and the closing paragraph (54).
    assert [p.number for p in medical.paragraphs] == [51, 52]
    qip = next(e for e in document.variance_explanations if e.line == "quick_impact_projects")
    assert [p.number for p in qip.paragraphs] == [53]
    assert document.paragraphs[-1].number == 54
    section_iii = [p.text for p in document.paragraphs if p.section == "III"]
    assert "A second paragraph." in section_iii


def test_a_class_without_explanation_is_marked_and_offered_a_draft(seeded: Engine) -> None:
    pid = copied(seeded)
    ana = editing(seeded)
    assert save(ana, pid, "ground_transportation").status_code == 303
    page = ana.get(EDIT.format(pid))
    assert "no explanation" in page.text and "1 class(es) over the threshold" in page.text
    assert "Use this draft" in page.text
    # Ground transportation: (88.5), −38.6 per cent; the draft states the direction.
    assert "The reduced requirements" in page.text
    findings = ana.get(f"/proposals/{pid}/findings")
    assert "Ground transportation" in findings.text and "does not explain it" in findings.text
    used = ana.get(EDIT.format(pid) + "?use=ground_transportation")
    form = used.text.split('id="class-ground_transportation"')[1].split("</form>")[0]
    assert '<textarea id="t-ground_transportation-0"' in form
    draft = form.split('<textarea id="t-ground_transportation-0" name="text" rows="5" '
                       'maxlength="10000">')[1].split("</textarea>")[0]
    assert draft.startswith("The reduced requirements are attributable")
    assert save(ana, pid, "ground_transportation", draft + " Edited.",
                based_on=2).status_code == 303
    document = ProposalService(seeded).document(pid, 3)
    ground = next(e for e in document.variance_explanations
                  if e.line == "ground_transportation")
    assert ground.paragraphs[0].text.endswith("Edited.")


def test_htmx_gets_the_editor_again_and_the_saved_event(seeded: Engine) -> None:
    pid = copied(seeded)
    answer = save(editing(seeded), pid, "medical", HOSTILE, htmx=True)
    assert answer.status_code == 200
    assert answer.headers["HX-Trigger"] == "saved"
    text = answer.text
    assert "Saved as revision 2" in text and "<html" not in text
    assert HOSTILE not in text and "&lt;script&gt;" in text


def test_refusals_name_the_field_and_store_nothing(seeded: Engine) -> None:
    pid = copied(seeded)
    ana = editing(seeded)
    before = store_state(seeded)
    bad = save(ana, pid, "medical", "A bell\x07 rings.")
    assert bad.status_code == 400
    assert "variance_explanations.medical.paragraphs.0: a control character" in \
        bad.text
    assert "A bell" in bad.text  # what was typed, shown again
    unknown = save(ana, pid, "armoured_vehicles", "Text.")
    assert unknown.status_code == 400
    assert "not a class of the money table" in unknown.text
    long = save(ana, pid, "medical", "x" * 10_001)
    assert long.status_code == 400
    assert store_state(seeded) == before


def test_a_viewer_reads_but_never_posts(seeded: Engine) -> None:
    pid = copied(seeded)
    vera = editing(seeded, "vera")
    page = vera.get(EDIT.format(pid))
    assert page.status_code == 200 and "<form method=\"post\" action=\"/proposals" not in \
        page.text
    before = store_state(seeded)
    assert save(vera, pid, "medical", "Text.").status_code == 403
    assert store_state(seeded) == before
    assert make_client(seeded).get(EDIT.format(pid), follow_redirects=False).status_code \
        in (303, 401)


def test_an_empty_proposal_of_another_mission_has_no_classes_yet(seeded: Engine) -> None:
    add_user(seeded, "ana", Role.EDITOR)
    pid = ProposalService(seeded).new_empty("MINUSCA", Period.parse("2026/27"), by="ana").id
    page = editing(seeded).get(EDIT.format(pid))
    assert page.status_code == 200 and "no money table by class" in page.text


def test_the_api_reads_and_replaces_an_explanation_with_if_match(seeded: Engine) -> None:
    pid = copied(seeded)
    _, secret = AccountStore(seeded).create_token("ana", "prose")
    ana = {"Authorization": f"Bearer {secret}"}
    client = make_client(seeded)
    url = f"/api/v1/proposals/{pid}/variance-explanations"
    listed = client.get(url, headers=ana)
    assert listed.status_code == 200 and listed.headers["etag"] == '"1"'
    rows = {r["line"]: r for r in listed.json()["classes"]}
    assert rows["international_staff"]["amount"] == "2651.2"
    assert rows["international_staff"]["over_threshold"] is True
    assert rows["national_professional_officers"]["over_threshold"] is False
    body = {"paragraphs": ["Lower requirements for rations at a site not in the seed."],
            "comment": "medical"}
    assert client.put(url + "/medical", json=body, headers=ana).status_code == 428
    saved = client.put(url + "/medical", json=body, headers={**ana, "If-Match": '"1"'})
    assert saved.status_code == 201 and saved.headers["etag"] == '"2"'
    one = client.get(url + "/medical", headers=ana).json()
    assert one["paragraphs"] == [{"number": 51, "text": body["paragraphs"][0]}]
    empty = client.put(url + "/medical", json={"paragraphs": [" "]},
                       headers={**ana, "If-Match": '"2"'})
    assert empty.status_code == 400
    assert "variance_explanations.medical.paragraphs.0: empty" in empty.json()["detail"]
    removed = client.put(url, json={"explanations": []}, headers={**ana, "If-Match": '"2"'})
    assert removed.status_code == 201
    assert ProposalService(seeded).document(pid, 3).variance_explanations == ()
