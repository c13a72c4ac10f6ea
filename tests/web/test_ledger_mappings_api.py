"""``GET /api/v1/ledger/mappings/{accounts|funds-centres}``: the mappings as versions,
read without writing, on both backends."""

from __future__ import annotations

from sqlalchemy import Engine

from rbb.model.ledger_accounts import account_mappings
from rbb.model.ledger_mappings import MappingKind
from rbb.services.ledger_mappings import LedgerMappings
from rbb.storage.ledger import LedgerStore

from .conftest import make_client

URL = "/api/v1/ledger"


def test_before_any_version_the_accounts_are_the_reference_file(engine: Engine) -> None:
    client = make_client(engine)
    answer = client.get(f"{URL}/accounts")
    assert answer.status_code == 200
    body = answer.json()
    assert (body["version"], body["versions"]) == (None, [])
    assert len(body["rows"]) == len(account_mappings())
    # nothing was written by reading
    ledger = LedgerStore(engine)
    assert LedgerMappings(ledger).store.versions(MappingKind.ACCOUNTS) == []
    ledger.close()
    assert client.get(f"{URL}/funds-centres").json()["rows"] == []


def test_versions_and_their_changes(engine: Engine) -> None:
    ledger = LedgerStore(engine)
    mappings = LedgerMappings(ledger)
    some = account_mappings()[0].account
    mappings.set_account(some, "official_travel", author="ana", comment="moved")
    mappings.set_funds_centre("FC-1", "Head office", component="support", author="bo")
    ledger.close()
    client = make_client(engine)
    body = client.get(f"{URL}/accounts").json()
    assert body["version"] == 2
    assert [(v["number"], v["author"], v["changed"]) for v in body["versions"]] == [
        (2, "ana", [some]), (1, "rbb", [])]
    assert {"key": some, "class_code": "official_travel",
            "label": account_mappings()[0].label, "office": None,
            "component": None} in body["rows"]
    first = client.get(f"{URL}/accounts", params={"version": 1}).json()
    assert first["version"] == 1 and len(first["rows"]) == len(account_mappings())
    assert client.get(f"{URL}/accounts", params={"version": 9}).status_code == 404
    centres = client.get(f"{URL}/funds-centres").json()
    assert centres["rows"] == [{"key": "FC-1", "class_code": None, "label": None,
                                "office": "Head office", "component": "support"}]
