"""The cost drivers editor (docs/preparation.md, "Editing the cost drivers"): on a
proposal drafted from the seed UNMIK:2025/26 for 2026/27, a driver edit is costed as
``CostingService.draft`` costs it and each class's change lands in the money tables with
its totals; refusals name the driver and store nothing."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy import Engine

from rbb.costing.scenarios import Edit
from rbb.engine import derived
from rbb.model import Document, Period
from rbb.services.costing_service import CostingService, DocumentRef
from rbb.services.proposal_service import ProposalService
from rbb.services.proposal_workbook import main_table
from rbb.services.scenario_service import ScenarioService
from rbb.storage.accounts import AccountStore, Role

from .conftest import add_user, csrf_token, login, make_client, store_state

EUR = "exchange_rate.EUR"

PAGE = "/proposals/{}/edit/drivers"
API = "/api/v1/proposals/{}/drivers"
P2627 = Period.parse("2026/27")
KEY = "vacancy_factor.international_staff"
INTERNATIONAL = "international_staff"


def drafted(engine: Engine) -> int:
    add_user(engine, "ana", Role.EDITOR)
    add_user(engine, "vera", Role.VIEWER)
    return ProposalService(engine).new_drafted("UNMIK:2025/26", P2627, by="ana").id


def client_of(engine: Engine, who: str) -> TestClient:
    client = make_client(engine)
    login(client, who)
    return client


def post(client: TestClient, pid: int, based_on: str = "1", **fields: str) -> Any:
    token = csrf_token(client, PAGE.format(pid))
    return client.post(PAGE.format(pid), data={"csrf_token": token, "based_on": based_on,
                                              **fields}, follow_redirects=False)


def estimate(document: Document, line: str) -> Decimal:
    """The line's first figure in the cost estimates column of 2026/27 of the money table
    by class."""
    table = main_table(document)
    assert table is not None
    column = next(c.key for c in table.amount_columns()
                  if c.stage.value == "cost_estimates" and c.period == P2627)
    value = next(r.values[column] for r in table.rows if r.line == line)
    assert value is not None
    return value


def given(engine: Engine, *edits: str) -> Document:
    return CostingService(engine).draft(DocumentRef.parse("UNMIK:2025/26"), P2627,
                                        edits=tuple(Edit.parse(e) for e in edits),
                                        store=False).document


def test_a_vacancy_factor_moves_the_class_and_its_totals(seeded_sqlite: Engine) -> None:
    engine = seeded_sqlite
    pid = drafted(engine)
    ana = client_of(engine, "ana")
    page = ana.get(PAGE.format(pid))
    assert page.status_code == 200
    assert f'name="driver:{KEY}"' in page.text and "UNMIK:2025/26" in page.text
    saved = post(ana, pid, **{f"driver:{KEY}": "10.0", "comment": "recruitment plan"})
    assert saved.status_code == 303 and saved.headers["location"].endswith("?saved=2")

    service = ProposalService(engine)
    before, after = service.document(pid, 1), service.document(pid, 2)
    # What the drafting gives with and without the same edit, not a constant.
    unedited, edited = given(engine), given(engine, f"{KEY}=10.0")
    change = estimate(edited, INTERNATIONAL) - estimate(unedited, INTERNATIONAL)
    assert change != 0
    assert estimate(after, INTERNATIONAL) == estimate(edited, INTERNATIONAL)
    for total in (derived.GROSS, derived.TOTAL):
        assert estimate(after, total) - estimate(before, total) == change
    # Other classes are as they were.
    assert estimate(after, "military_observers") == estimate(before, "military_observers")
    # The edit is held in the revision's content; the comment is the one typed.
    assert service.content(pid, 2).driver_edits == (f"{KEY}=10.0",)
    assert service.content(pid, 1).driver_edits == ()
    assert service.show(pid, 2).head.comment == "recruitment plan"

    shown = ana.get(PAGE.format(pid) + "?saved=2")
    assert "Saved as revision 2." in shown.text and f"<code>{KEY}=10.0</code>" in shown.text
    data = ana.get(API.format(pid)).json()
    assert data["edits"] == [f"{KEY}=10.0"] and data["source"] == "UNMIK:2025/26:budget"
    row = next(c for c in data["classes"] if c["line"] == INTERNATIONAL)
    assert row["held"] == row["given"] == str(estimate(edited, INTERNATIONAL))
    driver = next(d for d in data["drivers"] if d["key"] == KEY)
    assert Decimal(driver["value"]) == Decimal("10.0")


def test_refusals_name_the_driver_and_store_nothing(seeded_sqlite: Engine) -> None:
    engine = seeded_sqlite
    pid = drafted(engine)
    ana = client_of(engine, "ana")
    state = store_state(engine)
    refused = post(ana, pid, **{f"driver:{KEY}": "x"})
    assert refused.status_code == 400
    assert f"{KEY}: &#39;x&#39; is not a number" in refused.text
    unknown = post(ana, pid, **{"driver:staffing.cooks": "3"})
    assert unknown.status_code == 400 and "staffing.cooks" in unknown.text
    nothing = post(ana, pid)
    assert nothing.status_code == 400 and "no driver was given a value" in nothing.text
    assert store_state(engine) == state


def test_a_viewer_reads_but_never_posts(seeded_sqlite: Engine) -> None:
    engine = seeded_sqlite
    pid = drafted(engine)
    vera = client_of(engine, "vera")
    page = vera.get(PAGE.format(pid))
    assert page.status_code == 200 and f'name="driver:{KEY}"' not in page.text
    state = store_state(engine)
    token = csrf_token(vera, PAGE.format(pid))
    refused = vera.post(PAGE.format(pid), data={"csrf_token": token, "based_on": "1",
                                                f"driver:{KEY}": "10.0"},
                        follow_redirects=False)
    assert refused.status_code == 403
    assert store_state(engine) == state


def test_a_copied_proposal_has_no_drivers_to_edit(seeded_sqlite: Engine) -> None:
    engine = seeded_sqlite
    add_user(engine, "ana", Role.EDITOR)
    pid = ProposalService(engine).new_copied("UNMIK:2025/26", by="ana").id
    ana = client_of(engine, "ana")
    page = ana.get(PAGE.format(pid))
    assert page.status_code == 200 and "no drivers to edit" in page.text
    assert 'name="driver:' not in page.text
    assert ana.get(API.format(pid)).json()["source"] is None


def test_the_api_puts_edits_with_if_match(seeded: Engine) -> None:
    pid = drafted(seeded)
    client = make_client(seeded)
    _, secret = AccountStore(seeded).create_token("ana", "drivers")
    ana: dict[str, str] = {"Authorization": f"Bearer {secret}"}
    body = {"edits": {KEY: "+2"}, "comment": "two points more"}
    assert client.put(API.format(pid), json=body, headers=ana).status_code == 428
    bad = client.put(API.format(pid), json={"edits": {KEY: "x"}},
                     headers={**ana, "If-Match": '"1"'})
    assert bad.status_code == 400 and f"{KEY}: 'x' is not a number" in bad.text
    saved = client.put(API.format(pid), json=body, headers={**ana, "If-Match": '"1"'})
    assert saved.status_code == 201 and saved.headers["etag"].strip('W/"') == "2"
    # The relative edit on the drafted rate, as the drafting costs it.
    edited = given(seeded, f"{KEY}=+2")
    document = ProposalService(seeded).document(pid, 2)
    assert estimate(document, INTERNATIONAL) == estimate(edited, INTERNATIONAL)
    assert ProposalService(seeded).show(pid, 2).head.comment == "two points more"
    assert ProposalService(seeded).content(pid, 2).driver_edits == (f"{KEY}=+2",)
    viewer = client_of(seeded, "vera")
    assert viewer.put(API.format(pid), json=body,
                      headers={"If-Match": '"2"'}).status_code in (401, 403)


def test_with_htmx_the_section_is_swapped_and_the_findings_told(seeded_sqlite: Engine
                                                                 ) -> None:
    """Through HTMX: a value written in words is refused in the section; a relative
    change of the rate comes back as the section with the saved revision."""
    engine = seeded_sqlite
    pid = drafted(engine)
    ana = client_of(engine, "ana")
    token = csrf_token(ana, PAGE.format(pid))
    refused = ana.post(PAGE.format(pid), headers={"HX-Request": "true"},
                       data={"csrf_token": token, "based_on": "1",
                             "driver:exchange_rate.EUR": "+3 per cent"})
    assert refused.status_code == 422 and "exchange_rate.EUR:" in refused.text
    saved = ana.post(PAGE.format(pid), headers={"HX-Request": "true"},
                     data={"csrf_token": token, "based_on": "1",
                           f"driver:{KEY}": "-1.5"})
    assert saved.status_code == 200 and saved.headers["HX-Trigger"] == "saved"
    assert "Saved as revision 2." in saved.text and "<html" not in saved.text
    edited = given(engine, f"{KEY}=-1.5")
    document = ProposalService(engine).document(pid, 2)
    assert estimate(document, INTERNATIONAL) == estimate(edited, INTERNATIONAL)
    # No comment typed: the history says what was applied (nothing reads it back).
    assert ProposalService(engine).show(pid, 2).head.comment == f"driver edits {KEY}=-1.5"


def test_a_proposal_drafted_with_a_scenario_and_its_own_comment(seeded_sqlite: Engine
                                                                 ) -> None:
    """The source and the scenario's edits are read from the draft's note in the first
    revision, not from its comment: the held and the given estimates agree before any
    edit, and an edit applies on the scenario's."""
    engine = seeded_sqlite
    add_user(engine, "ana", Role.EDITOR)
    scenarios = ScenarioService(engine)
    scenarios.new("lean", DocumentRef.parse("UNMIK:2025/26"))
    scenarios.set("lean", ["exchange_rate.EUR=0.95", "vacancy_factor.ngs=+3"])
    pid = ProposalService(engine).new_drafted("UNMIK:2025/26", P2627, by="ana",
                                              comment="first pass", scenario="lean").id
    ana = client_of(engine, "ana")
    data = ana.get(API.format(pid)).json()
    assert data["source"] == "UNMIK:2025/26:budget"
    assert data["edits"] == ["exchange_rate.EUR=0.95",
                             "vacancy_factor.national_general_service_staff=+3"]
    assert all(c["held"] == c["given"] for c in data["classes"] if c["given"] is not None)
    saved = post(ana, pid, **{f"driver:{KEY}": "+1"})
    assert saved.status_code == 303
    edited = given(engine, "exchange_rate.EUR=0.95", "vacancy_factor.ngs=+3", f"{KEY}=+1")
    document = ProposalService(engine).document(pid, 2)
    assert estimate(document, INTERNATIONAL) == estimate(edited, INTERNATIONAL)


def token_of(engine: Engine) -> dict[str, str]:
    _, secret = AccountStore(engine).create_token("ana", "drivers")
    return {"Authorization": f"Bearer {secret}"}


def test_a_comment_typed_like_an_edit_is_not_read_as_one(seeded_sqlite: Engine) -> None:
    """Only the content's ``driver_edits`` are in force: a save of another part whose
    comment reads ``drivers: k=v`` changes neither the edits shown nor the next save."""
    engine = seeded_sqlite
    pid = drafted(engine)
    ana = client_of(engine, "ana")
    assert post(ana, pid, **{f"driver:{KEY}": "10.0",
                             "comment": f"drivers: {EUR}=2"}).status_code == 303
    service = ProposalService(engine)
    retitled = service.document(pid, 2).model_copy(update={"title": "Budget, retitled"})
    service.save(pid, retitled, based_on=2, by="ana", comment=f"drivers: {KEY}=+5")
    data = ana.get(API.format(pid)).json()
    assert data["revision"] == 3 and data["edits"] == [f"{KEY}=10.0"]
    assert service.content(pid, 3).driver_edits == (f"{KEY}=10.0",)
    # The estimates held and given agree: no comment's "edit" is costed.
    row = next(c for c in data["classes"] if c["line"] == INTERNATIONAL)
    assert row["held"] == row["given"] == str(estimate(given(engine, f"{KEY}=10.0"),
                                                       INTERNATIONAL))


def test_restoring_a_revision_restores_its_driver_edits(seeded: Engine) -> None:
    """Revision 2 sets the rate, revision 3 adds to it; revision 4 restores 2: its
    drivers are 2's again, on the page and in the API, and a new edit applies on them."""
    pid = drafted(seeded)
    client = make_client(seeded)
    ana = token_of(seeded)
    for based_on, value in (("1", "10.0"), ("2", "+1")):
        saved = client.put(API.format(pid), json={"edits": {KEY: value}},
                           headers={**ana, "If-Match": f'"{based_on}"'})
        assert saved.status_code == 201
    assert client.get(API.format(pid), headers=ana).json()["edits"] == [
        f"{KEY}=10.0", f"{KEY}=+1"]
    restored = client.post(f"/api/v1/proposals/{pid}/revisions/2/restore", json={},
                           headers={**ana, "If-Match": '"3"'})
    assert restored.status_code == 201 and restored.headers["etag"].strip('W/"') == "4"
    data = client.get(API.format(pid), headers=ana).json()
    assert data["revision"] == 4 and data["edits"] == [f"{KEY}=10.0"]
    driver = next(d for d in data["drivers"] if d["key"] == KEY)
    assert Decimal(driver["value"]) == Decimal("10.0")
    assert client.get(API.format(pid) + "?revision=3", headers=ana).json()["edits"] == [
        f"{KEY}=10.0", f"{KEY}=+1"]
    page = client_of(seeded, "ana").get(PAGE.format(pid))
    assert f"<code>{KEY}=10.0</code>" in page.text and f"{KEY}=+1" not in page.text
    # The next edit applies on 10.0, not on 11.0: 10.0 + 2.
    again = client.put(API.format(pid), json={"edits": {KEY: "+2"}},
                       headers={**ana, "If-Match": '"4"'})
    assert again.status_code == 201
    document = ProposalService(seeded).document(pid, 5)
    assert estimate(document, INTERNATIONAL) == estimate(
        given(seeded, f"{KEY}=10.0", f"{KEY}=+2"), INTERNATIONAL)


def test_a_save_of_another_part_keeps_the_driver_edits(seeded: Engine) -> None:
    """Two editors start from revision 1: one edits the drivers (revision 2), the other
    saves a retitled document on 1 afterwards; the merge keeps the edits and their
    figures. Two driver saves on the same revision conflict on "driver edits"."""
    pid = drafted(seeded)
    client = make_client(seeded)
    ana = token_of(seeded)
    assert client.put(API.format(pid), json={"edits": {KEY: "10.0"}},
                      headers={**ana, "If-Match": '"1"'}).status_code == 201
    service = ProposalService(seeded)
    retitled = service.document(pid, 1).model_copy(update={"title": "Budget, retitled"})
    merged = service.save(pid, retitled, based_on=1, by="ana", comment="title")
    assert merged.number == 3 and "merged with revision 2" in merged.comment
    content = service.content(pid, 3)
    assert content.driver_edits == (f"{KEY}=10.0",)
    assert content.document.title == "Budget, retitled"
    assert estimate(content.document, INTERNATIONAL) == estimate(
        given(seeded, f"{KEY}=10.0"), INTERNATIONAL)

    late = client.put(API.format(pid), json={"edits": {EUR: "+2%"}},
                      headers={**ana, "If-Match": '"1"'})
    assert late.status_code == 409
    conflict = next(c for c in late.json()["conflicts"] if c["path"] == "driver_edits")
    assert conflict["label"] == "driver edits"
    assert (conflict["base"], conflict["mine"], conflict["theirs"]) == (
        [], [f"{EUR}=+2%"], [f"{KEY}=10.0"])
