"""The redeployments and results tracker pages and API: editors record through the forms
(CSRF) and the API, viewers only read; evidence uploads refused whole when too big or not
a kind rbb keeps; downloads as attachments under a safe name."""

from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine

from rbb.storage.accounts import Role

from .conftest import add_user, csrf_token, login, make_client, store_state

REDEPLOYMENTS = "/missions/UNMIK/2021-22/redeployments"
TRACKER = "/missions/UNMIK/2025-26/results-tracker"
API = "/api/v1/missions/UNMIK/periods"
PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


@pytest.fixture
def editor_client(seeded_sqlite: Engine) -> TestClient:
    add_user(seeded_sqlite, "ed", Role.EDITOR)
    client = make_client(seeded_sqlite)
    assert login(client, "ed").status_code == 303
    return client


@pytest.fixture
def viewer_client(seeded_sqlite: Engine) -> TestClient:
    add_user(seeded_sqlite, "vera", Role.VIEWER)
    client = make_client(seeded_sqlite)
    assert login(client, "vera").status_code == 303
    return client


def _redeploy_form(client: TestClient, **changes: str) -> object:
    token = csrf_token(client, REDEPLOYMENTS)
    data = {"csrf_token": token, "date": "2022-03-01", "amount": "250000",
            "from_line": "international_staff", "to_line": "official_travel",
            "reason": "Travel to the regional <b>conference</b>", "approver": "D. Director",
            **changes}
    return client.post(REDEPLOYMENTS, data=data, follow_redirects=False)


def test_a_viewer_reads_the_table_and_gets_no_form(viewer_client: TestClient) -> None:
    page = viewer_client.get(REDEPLOYMENTS)
    assert page.status_code == 200
    # A/77/589's table: civilian personnel 32 534.4 (thousands), nothing redeployed
    assert "32\u2009534.4" in page.text and "41\u2009298.5" in page.text
    assert 'name="amount"' not in page.text


def test_an_editor_records_a_redeployment_through_the_form(
        editor_client: TestClient) -> None:
    response = _redeploy_form(editor_client)
    assert response.status_code == 303  # type: ignore[attr-defined]
    page = editor_client.get(REDEPLOYMENTS)
    # 32 534.4 - 250.0 = 32 284.4 (thousands); the reason is escaped, never markup
    assert "32\u2009284.4" in page.text and "(250.0)" in page.text
    assert "&lt;b&gt;conference&lt;/b&gt;" in page.text and "<b>conference" not in page.text
    assert "redeployments.against-report" in page.text
    data = editor_client.get(f"{API}/2021-22/redeployments").json()
    assert data["redeployments"][0]["amount"] == "250000"
    assert data["redeployments"][0]["recorded_by"] == "ed"
    assert [r["redeployment"] for r in data["table"]["rows"]] == ["0", "-250", "250", "0"]
    assert data["table"]["percentage_of_appropriation"] == "0.6"


def test_a_form_without_its_csrf_token_or_with_bad_input_stores_nothing(
        editor_client: TestClient, seeded_sqlite: Engine) -> None:
    before = store_state(seeded_sqlite)
    assert _redeploy_form(editor_client, csrf_token="").status_code == 403  # type: ignore[attr-defined]
    refused = _redeploy_form(editor_client, date="2022-07-01")
    assert refused.status_code == 400  # type: ignore[attr-defined]
    assert "outside the period" in refused.text  # type: ignore[attr-defined]
    assert store_state(seeded_sqlite) == before


def test_the_api_records_a_redeployment_and_refuses_a_bad_one(
        editor_client: TestClient) -> None:
    token = csrf_token(editor_client, "/")
    headers = {"X-CSRF-Token": token}
    body = {"date": "2022-05-02", "amount": "1000.25", "from_line": "operational_costs",
            "to_line": "military_and_police_personnel", "reason": "Rations",
            "approver": "D. Director"}
    created = editor_client.post(f"{API}/2021-22/redeployments", json=body, headers=headers)
    assert created.status_code == 201 and created.json()["amount"] == "1000.25"
    wrong = editor_client.post(f"{API}/2021-22/redeployments", headers=headers,
                               json={**body, "to_line": "operational_costs"})
    assert wrong.status_code == 400
    assert len(editor_client.get(f"{API}/2021-22/redeployments").json()["redeployments"]) == 1


def test_an_actual_with_its_evidence_through_the_form(editor_client: TestClient) -> None:
    token = csrf_token(editor_client, TRACKER)
    response = editor_client.post(TRACKER, data={
        "csrf_token": token, "subject": "indicator", "component": "substantive",
        "key": "1.1.1", "quarter": "2", "value": "38", "note": "Quarterly survey"},
        files={"evidence": ("../../<img src=x>.pdf", PDF, "application/pdf")},
        follow_redirects=False)
    assert response.status_code == 303
    page = editor_client.get(TRACKER)
    assert "Quarterly survey" in page.text and "<img src=x>" not in page.text
    link = re.search(r'href="(/missions/UNMIK/2025-26/evidence/\d+)"', page.text)
    assert link is not None
    download = editor_client.get(link[1])
    assert download.status_code == 200 and download.content == PDF
    assert download.headers["content-type"] == "application/pdf"
    assert download.headers["content-disposition"] == 'attachment; filename="img src_x_.pdf"'
    assert download.headers["x-content-type-options"] == "nosniff"
    # the same evidence is not served under another period's address
    other = link[1].replace("2025-26", "2021-22")
    assert editor_client.get(other).status_code == 404


def test_a_viewer_sees_the_tracker_without_a_form(viewer_client: TestClient) -> None:
    page = viewer_client.get(TRACKER)
    assert page.status_code == 200 and "1.1/15" in page.text
    assert 'name="evidence"' not in page.text


def _actual(client: TestClient, headers: dict[str, str]) -> int:
    created = client.post(f"{API}/2025-26/results-tracker", headers=headers, json={
        "subject": "output", "component": "substantive", "key": "1.1/2", "quarter": 1,
        "value": "Yes"})
    assert created.status_code == 201, created.text
    actual_id: int = created.json()["id"]
    return actual_id


@pytest.mark.parametrize(("name", "content", "status"), [
    ("minutes.pdf", b"%PDF-" + b"0" * (10 * 1024 * 1024), 413),
    ("page.html", b"<!DOCTYPE html><script>alert(1)</script>", 400),
    ("report.pdf", b"<html><body>not a pdf</body></html>", 400),
    ("tool.exe", b"MZ\x90\x00" + b"\x00" * 60, 400),
])
def test_hostile_uploads_are_refused_whole(editor_client: TestClient, seeded_sqlite: Engine,
                                           name: str, content: bytes, status: int) -> None:
    headers = {"X-CSRF-Token": csrf_token(editor_client, "/")}
    actual_id = _actual(editor_client, headers)
    before = store_state(seeded_sqlite)
    refused = editor_client.post(f"{API}/2025-26/results-tracker/{actual_id}/evidence",
                                 headers=headers, files={"file": (name, content)})
    assert refused.status_code == status, refused.text
    assert refused.headers["content-type"] == "application/problem+json"
    assert store_state(seeded_sqlite) == before


def test_an_upload_named_like_a_path_with_markup_is_kept_under_a_plain_name(
        editor_client: TestClient) -> None:
    headers = {"X-CSRF-Token": csrf_token(editor_client, "/")}
    actual_id = _actual(editor_client, headers)
    stored = editor_client.post(
        f"{API}/2025-26/results-tracker/{actual_id}/evidence", headers=headers,
        files={"file": ('..\\..\\x"<script>.csv', b"month,value\nJuly,12\n", "text/html")})
    assert stored.status_code == 201, stored.text
    evidence = stored.json()
    # httpx sends the quote as %22; the store keeps letters, digits and ._-() only
    assert evidence["file_name"] == "x_22_script_.csv"
    assert evidence["media_type"] == "text/csv"  # from the content, not the claimed type
    download = editor_client.get(evidence["download"])
    assert download.headers["content-type"] == "text/csv; charset=utf-8"
    assert download.headers["content-disposition"] == 'attachment; filename="x_22_script_.csv"'
    tracker = editor_client.get(f"{API}/2025-26/results-tracker").json()
    entry = next(e for ea in tracker["components"][1]["expected_accomplishments"]
                 for e in ea["entries"] if e["key"] == "1.1/2")
    assert entry["actuals"][0]["evidence"][0]["sha256"] == evidence["sha256"]


def test_a_period_without_frameworks_has_no_tracker(viewer_client: TestClient) -> None:
    assert viewer_client.get("/missions/UNMIK/2030-31/results-tracker").status_code == 404


def test_the_overview_links_both_pages(viewer_client: TestClient) -> None:
    page = viewer_client.get("/missions/UNMIK/2021-22")
    assert 'href="/missions/UNMIK/2021-22/redeployments"' in page.text
    assert 'href="/missions/UNMIK/2021-22/results-tracker"' in page.text


def test_a_form_with_a_refused_file_records_nothing(editor_client: TestClient,
                                                    seeded_sqlite: Engine) -> None:
    token = csrf_token(editor_client, TRACKER)
    before = store_state(seeded_sqlite)
    response = editor_client.post(TRACKER, data={
        "csrf_token": token, "subject": "indicator", "component": "substantive",
        "key": "1.1.1", "quarter": "2", "value": "38"},
        files={"evidence": ("photo.png", b"<svg onload=alert(1)>", "image/png")},
        follow_redirects=False)
    assert response.status_code == 400 and "not a kind of evidence" in response.text
    assert "<svg onload" not in response.text
    assert store_state(seeded_sqlite) == before


def test_a_redeployment_shows_on_the_checks_page_until_it_is_withdrawn(
        editor_client: TestClient) -> None:
    assert _redeploy_form(editor_client).status_code == 303  # type: ignore[attr-defined]
    # rbb check's finding, stored on A/77/589's redeployment table (line 4162: nothing
    # printed for civilian personnel; 250.0 thousand recorded out of it)
    checks = editor_client.get("/checks?mission=UNMIK")
    assert checks.status_code == 200 and "redeployments.against-report" in checks.text
    found = editor_client.get(f"{API[:-len('/missions/UNMIK/periods')]}/findings",
                              params={"mission": "UNMIK"}).json()
    against = [f for f in found if f["code"] == "redeployments.against-report"]
    assert [(f["row"], f["source_line"]) for f in against] == [
        ("civilian_personnel", 4162), ("operational_costs", 4164)]
    number = editor_client.get(f"{API}/2021-22/redeployments").json()["redeployments"][0]["id"]

    token = csrf_token(editor_client, REDEPLOYMENTS)
    refused = editor_client.post(f"{REDEPLOYMENTS}/withdraw", data={
        "csrf_token": token, "redeployment": str(number), "reason": ""},
        follow_redirects=False)
    assert refused.status_code == 400 and "reason" in refused.text
    done = editor_client.post(f"{REDEPLOYMENTS}/withdraw", data={
        "csrf_token": token, "redeployment": str(number), "reason": "Entered twice"},
        follow_redirects=False)
    assert done.status_code == 303
    page = editor_client.get(REDEPLOYMENTS)
    # kept and marked; the table is A/77/589's again (32 534.4)
    assert "Entered twice (not counted)" in page.text and "32\u2009534.4" in page.text
    assert "redeployments.against-report" not in editor_client.get("/checks?mission=UNMIK").text


def test_the_api_withdraws_a_redeployment_and_an_actual(
        editor_client: TestClient, viewer_client: TestClient) -> None:
    headers = {"X-CSRF-Token": csrf_token(editor_client, "/")}
    body = {"date": "2022-05-02", "amount": "1000.25", "from_line": "operational_costs",
            "to_line": "military_and_police_personnel", "reason": "Rations",
            "approver": "D. Director"}
    number = editor_client.post(f"{API}/2021-22/redeployments", json=body,
                                headers=headers).json()["id"]
    address = f"{API}/2021-22/redeployments/{number}/withdrawal"
    viewer = viewer_client.post(address, json={"reason": "x"},
                                headers={"X-CSRF-Token": csrf_token(viewer_client, "/")})
    assert viewer.status_code == 403
    assert editor_client.post(f"{API}/2022-23/redeployments/{number}/withdrawal",
                              json={"reason": "x"}, headers=headers).status_code == 404
    withdrawn = editor_client.post(address, json={"reason": "Wrong mission"}, headers=headers)
    assert withdrawn.status_code == 200
    assert withdrawn.json()["withdrawn"]["by"] == "ed"
    again = editor_client.post(address, json={"reason": "again"}, headers=headers)
    assert again.status_code == 400
    table = editor_client.get(f"{API}/2021-22/redeployments").json()["table"]
    assert [r["redeployment"] for r in table["rows"]] == ["0", "0", "0", "0"]

    actual = editor_client.post(f"{API}/2025-26/results-tracker", headers=headers, json={
        "subject": "indicator", "component": "substantive", "key": "1.1.1", "quarter": 2,
        "value": "44 per cent"}).json()
    gone = editor_client.post(f"{API}/2025-26/results-tracker/{actual['id']}/withdrawal",
                              json={"reason": "Survey not yet validated"}, headers=headers)
    assert gone.status_code == 200 and gone.json()["withdrawn"]["reason"] == \
        "Survey not yet validated"
    tracked = editor_client.get(f"{API}/2025-26/results-tracker").json()
    entries = [e for c in tracked["components"] for ea in c["expected_accomplishments"]
               for e in ea["entries"] if e["actuals"] or e["withdrawn"]]
    assert [(e["key"], e["actuals"], [w["value"] for w in e["withdrawn"]])
            for e in entries] == [("1.1.1", [], ["44 per cent"])], "kept, counted nowhere"
    page = editor_client.get(TRACKER)
    assert "<del>44 per cent</del>" in page.text and "Survey not yet validated" in page.text
