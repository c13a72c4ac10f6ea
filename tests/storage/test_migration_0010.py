"""Migration 0010 on a store checked by an earlier rbb: each mission gets its
``documents_token``, and the cross-document findings recorded under the earlier digest
are stale once (computed again by the next reader), the documents' own stay current."""

from __future__ import annotations

import hashlib

from sqlalchemy import Engine, inspect, update

from rbb.storage import DocumentStore, upgrade
from rbb.storage import schema as tables
from rbb.storage.findings_store import FindingsStore
from tests.storage.test_findings_staleness import VERSION, _check, _document
from tests.storage.test_migration_0007 import _to


def test_a_store_checked_before_the_token_is_stale_once(engine: Engine) -> None:
    store, findings = DocumentStore(engine), FindingsStore(engine)
    ids = store.save_all([(_document("TSTA", p), ()) for p in ("2023/24", "2024/25")])
    findings.replace_documents([(i, "TSTA", []) for i in ids], VERSION)
    _check(findings, "TSTA")
    _to(engine, "0009")
    with engine.connect() as connection:
        columns = {c["name"] for c in inspect(connection).get_columns("missions")}
    assert "documents_token" not in columns
    # What rbb of revision 0009 recorded: a sha256 digest of the mission's documents.
    digest = hashlib.sha256(b"the documents as 0009 saw them").hexdigest()
    with engine.begin() as connection:
        connection.execute(update(tables.checked_missions).values(documents=digest))
    upgrade(engine)
    assert findings.stale_missions(VERSION) == ["TSTA"]
    state = findings.mission_state("TSTA", VERSION)
    assert state.stale_across and state.stale_documents == ()
    _check(findings, "TSTA")
    assert findings.stale_missions(VERSION) == []
    assert findings.mission_state("TSTA", VERSION).current
