"""The paragraphs editor (docs/preparation.md, "Editing variance explanations, paragraphs
and requests"): the paragraphs by section as the document holds them, each editable;
added at the end of a section or in a new one, removed, numbered again through the
document; the copies of the variance explanations read-only; refusals name the field."""

from __future__ import annotations

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
EDIT = "/proposals/{}/edit/paragraphs"
FIELD = re.compile(r'name="((?:p|add)\.[0-9]+\.(?:section|numbered|letter))"[^>]*? value="([^"]*)"')
TEXT = re.compile(r'<textarea id="[^"]+" name="((?:p|add)\.[0-9]+\.text)"[^>]*>([^<]*)</textarea>')




def form_of(client: TestClient, pid: int) -> dict[str, str]:
    """The editor's fields as the page gives them (texts unescaped as a browser would)."""
    import html

    page = client.get(EDIT.format(pid)).text
    fields = {name: html.unescape(value) for name, value in FIELD.findall(page)}
    fields.update({name: html.unescape(value) for name, value in TEXT.findall(page)})
    fields["csrf_token"] = csrf_token(client, EDIT.format(pid))
    fields["based_on"] = re.search(r'name="based_on" value="(\d+)"', page)[1]  # type: ignore[index]
    return fields


def test_the_sections_come_from_the_document(seeded: Engine) -> None:
    pid = copied(seeded)
    page = client_of(seeded).get(EDIT.format(pid))
    assert page.status_code == 200
    # The seed's sections, in its order: Summary, I.A … IV (14 of them).
    for section in ("Summary", "I.A", "I.B", "II.G", "III", "IV"):
        assert f"<legend>Section {section}</legend>" in page.text
    # Section III's eleven paragraphs (42 to 52) are the variance explanations' copies:
    # shown, not editable here.
    assert page.text.count("edited under <a href") == 11
    assert 'name="p.53.text"' not in page.text  # position 53: paragraph 42 in III
    assert 'name="p.0.text"' in page.text


def test_add_remove_and_renumber(seeded: Engine) -> None:
    pid = copied(seeded)
    ana = client_of(seeded)
    fields = form_of(ana, pid)
    # Position 6 is I.A's paragraph 1 ("The mandate …"; the summary's six come first).
    assert fields["p.6.text"].startswith("The mandate of the United Nations")
    fields["p.6.remove"] = "1"
    section_ib = next(k for k, v in fields.items() if k.startswith("add.") and v == "I.B")
    fields[section_ib.replace(".section", ".text")] = "A paragraph added at the end of I.B."
    fields["new.section"] = "Planning assumptions"
    fields["new.text"] = HOSTILE
    answer = ana.post(EDIT.format(pid), data=fields, follow_redirects=False)
    assert answer.status_code == 303, answer.text
    document = ProposalService(seeded).document(pid, 2)
    texts = [p.text for p in document.paragraphs]
    assert not any(t.startswith("The mandate of the United Nations") for t in texts)
    added = document.paragraphs[texts.index("A paragraph added at the end of I.B.")]
    # I.B ran 6 to 22; with paragraph 1 gone it runs 5 to 21 and the new one is 22.
    assert added.section == "I.B" and added.number == 22
    assert document.paragraphs[-1].section == "Planning assumptions"
    # 53 numbered paragraphs, one removed, two added: the last is 54.
    assert document.paragraphs[-1].number == 54 and document.paragraphs[-1].text == HOSTILE
    # Subparagraphs keep their letters and their parent's number: 39, one paragraph
    # removed before it (I.A's first) and one added before it (I.B's last).
    lettered = [p for p in document.paragraphs if p.letter]
    assert [p.letter for p in lettered] == ["a", "b", "c", "d", "e"]
    assert {p.number for p in lettered} == {39}
    # The variance explanations are numbered with them: international staff's stays 44.
    staff = next(e for e in document.variance_explanations if e.line == "international_staff")
    assert [p.number for p in staff.paragraphs] == [44]
    page = ana.get(EDIT.format(pid))
    assert HOSTILE not in page.text and "&lt;script&gt;" in page.text


def test_refusals_name_the_paragraph_and_keep_what_was_typed(seeded: Engine) -> None:
    pid = copied(seeded)
    ana = client_of(seeded)
    before = store_state(seeded)
    fields = form_of(ana, pid)
    fields["p.12.text"] = "   "
    fields["p.7.text"] = "Typed and kept."
    answer = ana.post(EDIT.format(pid), data=fields)
    assert answer.status_code == 400 and "paragraphs.12.text: empty" in answer.text
    assert "Typed and kept." in answer.text
    fields = form_of(ana, pid)
    fields["p.3.letter"] = "1"
    assert "paragraphs.3.letter" in ana.post(EDIT.format(pid), data=fields).text
    fields = form_of(ana, pid)
    fields["new.text"] = "A paragraph without a section."
    refused = ana.post(EDIT.format(pid), data=fields)
    assert refused.status_code == 400 and "paragraphs.new.section: empty" in refused.text
    assert store_state(seeded) == before


def test_an_empty_proposal_starts_its_first_section(seeded: Engine) -> None:
    add_user(seeded, "ana", Role.EDITOR)
    pid = ProposalService(seeded).new_empty("MINUSCA", Period.parse("2026/27"), by="ana").id
    ana = client_of(seeded)
    assert "no paragraphs yet" in ana.get(EDIT.format(pid)).text
    fields = form_of(ana, pid)
    fields.update({"new.section": "Mandate and planned results",
                   "new.text": "The Mission will protect civilians in Bangui."})
    assert ana.post(EDIT.format(pid), data=fields, follow_redirects=False).status_code == 303
    fields = form_of(ana, pid)
    fields["add.0.text"] = "It will support the peace process."
    assert ana.post(EDIT.format(pid), data=fields, follow_redirects=False).status_code == 303
    document = ProposalService(seeded).document(pid, 3)
    assert [(p.section, p.number) for p in document.paragraphs] == [
        ("Mandate and planned results", 1), ("Mandate and planned results", 2)]


def test_a_viewer_cannot_post(seeded: Engine) -> None:
    pid = copied(seeded)
    vera = client_of(seeded, "vera")
    assert 'name="p.0.text"' not in vera.get(EDIT.format(pid)).text
    before = store_state(seeded)
    token = csrf_token(vera, EDIT.format(pid))
    answer = vera.post(EDIT.format(pid), data={"csrf_token": token, "based_on": "1",
                                               "new.section": "X", "new.text": "Y"})
    assert answer.status_code == 403 and store_state(seeded) == before


def test_the_api_gives_and_replaces_the_paragraphs(seeded: Engine) -> None:
    pid = copied(seeded)
    _, secret = AccountStore(seeded).create_token("ana", "prose")
    ana = {"Authorization": f"Bearer {secret}"}
    client = make_client(seeded)
    url = f"/api/v1/proposals/{pid}/paragraphs"
    got = client.get(url, headers=ana)
    assert got.status_code == 200 and got.headers["etag"] == '"1"'
    rows = got.json()["paragraphs"]
    assert len(rows) == 64 and sum(r["read_only"] for r in rows) == 11
    kept = [{"section": r["section"], "text": r["text"], "letter": r["letter"],
             "numbered": r["number"] is not None, "position": r["position"]}
            for r in rows if not r["read_only"]][:6]
    body = {"paragraphs": [*kept, {"section": "Efficiency gains",
                                   "text": "Solar panels at two sites."}]}
    assert client.put(url, json=body, headers=ana).status_code == 428
    saved = client.put(url, json=body, headers={**ana, "If-Match": '"1"'})
    assert saved.status_code == 201 and saved.headers["etag"] == '"2"'
    document = ProposalService(seeded).document(pid, 2)
    # The summary's six (unnumbered), the explanations' eleven copies (1 to 11) where
    # they stood, after the paragraphs sent that came before them; a new section at the
    # end (12).
    assert [p.number for p in document.paragraphs] == [None] * 6 + list(range(1, 13))
    assert document.paragraphs[-1].section == "Efficiency gains"
    bad = client.put(url, json={"paragraphs": [{"section": "I.A", "text": "\x00"}]},
                     headers={**ana, "If-Match": '"2"'})
    assert bad.status_code == 400 and "paragraphs.new.text" in bad.json()["detail"]


def test_htmx_gets_the_form_again_with_the_new_revision(seeded: Engine) -> None:
    pid = copied(seeded)
    ana = client_of(seeded)
    fields = form_of(ana, pid)
    fields["p.7.text"] = "The Mission's objective, restated."
    answer = ana.post(EDIT.format(pid), data=fields, headers={"HX-Request": "true"})
    assert answer.status_code == 200 and answer.headers["HX-Trigger"] == "saved"
    assert "<html" not in answer.text
    assert "Saved as revision 2" in answer.text
    assert 'name="based_on" value="2"' in answer.text
