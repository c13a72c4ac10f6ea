"""The register in the web app: the /missions page, the mission page's facts, the API,
and admins alone editing an entry."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine

from rbb.model import Mission
from rbb.model.mission_register import shipped_register
from rbb.storage import DocumentStore
from rbb.storage.accounts import AccountStore, Role
from tests.storage.test_document_store import budget_2025_26
from tests.web.conftest import add_user, make_client

CODES = [mission.code for mission in shipped_register()]


def test_the_register_page_lists_every_operation(sqlite_client: TestClient) -> None:
    page = sqlite_client.get("/missions")
    assert page.status_code == 200
    for code in CODES:
        assert f'href="/missions/{code}"' in page.text
    assert f"{len(CODES)} entries" in page.text
    active = sqlite_client.get("/missions?state=active").text
    assert 'href="/missions/UNMIK"' in active and 'href="/missions/MINUSMA"' not in active
    assert sqlite_client.get("/missions?state=sideways").status_code == 404


@pytest.mark.parametrize("code", ["UNTSO", "UNEF-I", "UNMISS", "UNGSC"])
def test_a_mission_page_shows_the_register_facts(sqlite_client: TestClient,
                                                 code: str) -> None:
    mission = next(m for m in shipped_register() if m.code == code)
    page = sqlite_client.get(f"/missions/{code}")
    assert page.status_code == 200
    for fact in (mission.name, mission.start, mission.headquarters, *mission.other_names):
        if fact:
            assert fact in page.text.replace("&#39;", "'")
    if mission.establishing_resolution:
        assert mission.establishing_resolution in page.text
    assert "No document of" in page.text


def test_the_seeded_mission_keeps_its_periods(sqlite_client: TestClient) -> None:
    page = sqlite_client.get("/missions/UNMIK")
    assert "Security Council resolution 1244 (1999)" in page.text
    assert 'href="/missions/UNMIK/2025-26"' in page.text


def test_a_provisional_entry_is_flagged(seeded_sqlite: Engine) -> None:
    unknown = Mission(code="UNXYZ", name="United Nations <b>Mission</b> of Example",
                      provisional=True)
    DocumentStore(seeded_sqlite).save(budget_2025_26().model_copy(update={"mission": unknown}))
    client = make_client(seeded_sqlite)
    page = client.get("/missions/UNXYZ").text
    assert "Provisional entry" in page
    assert "United Nations &lt;b&gt;Mission&lt;/b&gt; of Example" in page
    assert "<b>Mission</b>" not in page
    listed = client.get("/api/v1/register").json()
    entry = next(e for e in listed["entries"] if e["mission"]["code"] == "UNXYZ")
    assert entry["mission"]["provisional"] is True


def test_the_register_api(sqlite_client: TestClient) -> None:
    listed = sqlite_client.get("/api/v1/register").json()
    assert listed["total"] == len(CODES) and len(listed["entries"]) == len(CODES)
    one = sqlite_client.get("/api/v1/register/unmiss").json()
    assert one["mission"]["other_names"] == ["United Nations Mission in the Republic of "
                                             "South Sudan"]
    assert one["documents"] == []
    kosovo = sqlite_client.get("/api/v1/register/UNMIK").json()
    assert [d["period"] for d in kosovo["documents"]] == ["2021/22", "2025/26"]
    # The missions with documents keep their fields and gain the register's.
    detail = sqlite_client.get("/api/v1/missions/UNMIK").json()
    assert detail["mission"]["establishing_resolution"] == \
        "Security Council resolution 1244 (1999)"
    assert [m["code"] for m in sqlite_client.get("/api/v1/missions").json()] == ["UNMIK"]
    missing = sqlite_client.get("/api/v1/register/NOPE")
    assert missing.status_code == 404 and "no mission 'NOPE'" in missing.text


def test_only_an_admin_edits_an_entry(seeded_sqlite: Engine) -> None:
    add_user(seeded_sqlite, "ed", Role.EDITOR)
    add_user(seeded_sqlite, "root", Role.ADMIN)
    accounts = AccountStore(seeded_sqlite)
    _, editor_token = accounts.create_token("ed", "script")
    _, admin_token = accounts.create_token("root", "script")
    client = make_client(seeded_sqlite)
    url = "/api/v1/register/UNMISS"
    change = {"headquarters": "Juba, UN House"}
    assert client.patch(url, json=change).status_code == 401
    assert client.patch(url, json=change, headers={
        "Authorization": f"Bearer {editor_token}"}).status_code == 403
    admin = {"Authorization": f"Bearer {admin_token}"}
    edited = client.patch(url, json=change, headers=admin)
    assert edited.status_code == 200, edited.text
    assert edited.json()["mission"]["headquarters"] == "Juba, UN House"
    assert edited.json()["edited_by"] == "root"
    assert "Juba, UN House" in client.get("/missions/UNMISS").text
    refused = client.patch(url, json={"end": "2001-01"}, headers=admin)
    assert refused.status_code == 400 and "before it starts" in refused.text
    assert client.patch(url, json={"code": "X"}, headers=admin).status_code == 422
    assert client.get(url).json()["mission"]["end"] is None
