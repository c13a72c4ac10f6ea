"""The vacancy factors editor (docs/preparation.md, "Editing post actions and vacancy
factors"): on the UNMIK budget for 2025/26 copied as a proposal, the rates of 2025/26
are edited, earlier periods are not; each category's justification is a paragraph of
section II.D that the report prints under the vacancy factors table."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy import Engine

from rbb.model.staffing import PersonnelCategory
from rbb.reports.build import build_report
from rbb.reports.view import Paragraph as PrintedParagraph
from rbb.services.proposal_service import ProposalService
from rbb.storage.accounts import AccountStore, Role

from .conftest import add_user, csrf_token, login, make_client, store_state

HOSTILE = '<script>alert("x")</script> & <b>bold</b>'
PAGE = "/proposals/{}/edit/vacancy-factors"
INTERNATIONAL = PersonnelCategory.INTERNATIONAL_STAFF


def copied(engine: Engine) -> int:
    add_user(engine, "ana", Role.EDITOR)
    add_user(engine, "vera", Role.VIEWER)
    return ProposalService(engine).new_copied("UNMIK:2025/26", by="ana").id


def client_of(engine: Engine, who: str) -> TestClient:
    client = make_client(engine)
    login(client, who)
    return client


def post(client: TestClient, pid: int, based_on: str = "1", **fields: str) -> Any:
    token = csrf_token(client, PAGE.format(pid))
    return client.post(PAGE.format(pid), data={"csrf_token": token, "based_on": based_on,
                                              **fields}, follow_redirects=False)


def rates(engine: Engine, pid: int, number: int) -> dict[tuple[str, str], Decimal | None]:
    document = ProposalService(engine).document(pid, number)
    return {(f.category.value, f.period.label): f.rate for f in document.vacancy_factors}


def test_an_editor_sets_a_rate_and_its_justification(seeded: Engine) -> None:
    pid = copied(seeded)
    ana = client_of(seeded, "ana")
    page = ana.get(PAGE.format(pid))
    assert page.status_code == 200
    # The seed proposes 8.8 per cent for international staff in 2025/26 (approved 16.8
    # in 2024/25, read-only: no input holds it).
    assert 'name="rate:international_staff"' in page.text and 'value="8.8"' in page.text
    assert "16.8" in page.text and 'value="16.8"' not in page.text
    text = "The proposed rate reflects the recruitment of the posts vacant in 2024."
    saved = post(ana, pid, **{"rate:international_staff": "10.5",
                              "justification:international_staff": text})
    assert saved.status_code == 303 and saved.headers["location"].endswith("?saved=2")
    before, after = rates(seeded, pid, 1), rates(seeded, pid, 2)
    assert after[("international_staff", "2025/26")] == Decimal("10.5")
    assert {k: v for k, v in after.items() if k != ("international_staff", "2025/26")} == {
        k: v for k, v in before.items() if k != ("international_staff", "2025/26")}
    shown = ana.get(PAGE.format(pid) + "?saved=2")
    assert "Saved as revision 2." in shown.text and 'value="10.5"' in shown.text
    assert text in shown.text

    document = ProposalService(seeded).document(pid, 2)
    report = build_report(document)
    vacancy = next(s for s in report.sections for s in [s, *s.children]
                   if s.title == "Vacancy factors")
    printed = [b.text if isinstance(b, PrintedParagraph) else type(b).__name__
               for b in vacancy.blocks]
    # Under the vacancy factors table, after the section's published paragraphs.
    assert printed.index(f"International staff: {text}") == len(printed) - 1
    assert printed.index("Table") < len(printed) - 1


def test_refusals_name_the_field_and_store_nothing(seeded_sqlite: Engine) -> None:
    pid = copied(seeded_sqlite)
    ana = client_of(seeded_sqlite, "ana")
    before = store_state(seeded_sqlite)
    for typed, expected in [("120", "rates.international_staff: 120 is not a rate from 0 "
                                    "to 100 per cent"),
                            ("-1", "rates.international_staff: -1 is not a rate"),
                            ("8.85", "rates.international_staff: 8.85 has more than one "
                                     "decimal"),
                            ("lots", "rates.international_staff: &#39;lots&#39; is not a "
                                     "percentage")]:
        response = post(ana, pid, **{"rate:international_staff": typed})
        assert response.status_code == 400 and expected in response.text, typed
        assert f'value="{typed}"' in response.text  # what was typed is shown again
    unknown = post(ana, pid, **{"rate:astronauts": "5"})
    assert unknown.status_code == 400 and "rates.astronauts: not a category" in unknown.text
    assert store_state(seeded_sqlite) == before


def test_a_category_not_from_the_seed_and_a_blank_removing_a_rate(
        seeded_sqlite: Engine) -> None:
    """General temporary assistance has no rate in the seed: the API adds one for the
    proposal's period; a blank removes the national General Service rate."""
    pid = copied(seeded_sqlite)
    client = make_client(seeded_sqlite)
    _, secret = AccountStore(seeded_sqlite).create_token("ana", "vacancy")
    ana = {"Authorization": f"Bearer {secret}"}
    url = f"/api/v1/proposals/{pid}/vacancy-factors"
    assert client.put(url, json={"rates": {"general_temporary_assistance": "7"}},
                      headers=ana).status_code == 428
    body = {"rates": {"general_temporary_assistance": "7.0",
                      "national_general_service_staff": ""},
            "justifications": {"general_temporary_assistance": "Two positions of "
                               "Hydrographer (Kelp Forest Unit) are to be filled late."},
            "comment": "temporary assistance"}
    saved = client.put(url, json=body, headers={**ana, "If-Match": '"1"'})
    assert saved.status_code == 201 and saved.headers["etag"] == '"2"'
    after = rates(seeded_sqlite, pid, 2)
    assert after[("general_temporary_assistance", "2025/26")] == Decimal("7.0")
    assert ("national_general_service_staff", "2025/26") not in after
    assert ("national_general_service_staff", "2024/25") in after
    shown = client.get(url, headers=ana).json()
    assert shown["justifications"]["general_temporary_assistance"].startswith("Two positions")
    assert {"category": "general_temporary_assistance", "period": "2025/26",
            "kind": "proposed", "rate": "7.0", "editable": True} in shown["factors"]
    refused = client.put(url, json={"rates": {"international_staff": "101"}},
                         headers={**ana, "If-Match": '"2"'})
    assert refused.status_code == 400
    assert refused.json()["detail"].startswith("rates.international_staff: 101 is not")


def test_a_viewer_cannot_post_and_hostile_text_is_escaped(seeded_sqlite: Engine) -> None:
    pid = copied(seeded_sqlite)
    ana = client_of(seeded_sqlite, "ana")
    assert post(ana, pid, **{"justification:international_staff": HOSTILE}).status_code == 303
    vera = client_of(seeded_sqlite, "vera")
    page = vera.get(PAGE.format(pid))
    assert page.status_code == 200
    assert "<script>alert" not in page.text and "<b>bold</b>" not in page.text
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;" in page.text
    assert 'name="rate:international_staff"' not in page.text
    before = store_state(seeded_sqlite)
    assert post(vera, pid, based_on="2", **{"rate:international_staff": "1"}
                ).status_code == 403
    assert store_state(seeded_sqlite) == before


def test_htmx_swaps_the_section(seeded_sqlite: Engine) -> None:
    pid = copied(seeded_sqlite)
    ana = client_of(seeded_sqlite, "ana")
    token = csrf_token(ana, PAGE.format(pid))
    response = ana.post(PAGE.format(pid), data={
        "csrf_token": token, "based_on": "1", "rate:international_staff": "9.0"},
        headers={"HX-Request": "true"})
    assert response.status_code == 200 and response.headers["hx-trigger"] == "saved"
    assert response.text.lstrip().startswith('<section id="vacancy-factors"')
    assert 'value="9.0"' in response.text and 'name="based_on" value="2"' in response.text
