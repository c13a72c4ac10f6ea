"""Whether a mission's cross-document findings are current: every write of its documents
(stored, stored again, deleted; in one transaction or a batch; by this engine or
another) makes them stale, nothing else does, and the list of stale missions and the
state of one mission give the same answer (one rule, ``_across_current``)."""

from __future__ import annotations

import pytest
from sqlalchemy import Engine, select

from rbb.model import Document, DocumentKind, Period
from rbb.model.mission import Mission
from rbb.storage import DocumentStore, create_database_engine
from rbb.storage import schema as tables
from rbb.storage.findings_store import FindingsStore
from rbb.storage.mission_register_store import MissionRegisterStore
from tests.storage.test_concurrency import _schema

VERSION = "checks of this test"
"""Any text: the store only compares it."""
MISSIONS = ("TSTA", "TSTB")
"""Codes no register holds: provisional entries, as a mission first met in a report."""


def _document(mission: str, period: str, kind: DocumentKind = DocumentKind.BUDGET,
              title: str = "") -> Document:
    """A report with nothing but its identity: staleness never reads a body."""
    return Document(kind=kind, mission=Mission(code=mission, name=f"Test mission {mission}",
                                               provisional=True),
                    period=Period.parse(period), title=title or f"{kind.value} {period}")


def _check(findings: FindingsStore, mission: str, version: str = VERSION) -> None:
    """Record the mission's cross-document findings as computed now (none found)."""
    findings.replace_mission(mission, findings.mission_documents(mission), [], version)


def _stale(findings: FindingsStore, version: str = VERSION) -> list[str]:
    """The stale missions, after checking that one mission's state says the same."""
    listed = findings.stale_missions(version)
    one_by_one = [code for code in MISSIONS
                  if findings.mission_state(code, version).stale_across]
    assert listed == one_by_one, "stale_missions and mission_state disagree"
    return listed


@pytest.fixture
def checked(store: DocumentStore) -> FindingsStore:
    """Two missions of two reports each, both checked."""
    store.save_all([(_document(code, period), ()) for code in MISSIONS
                    for period in ("2023/24", "2024/25")])
    findings = FindingsStore(store.engine)
    assert _stale(findings) == list(MISSIONS), "never checked: both stale"
    for code in MISSIONS:
        _check(findings, code)
    assert _stale(findings) == []
    return findings


def test_storing_another_document_makes_its_mission_stale(store: DocumentStore,
                                                          checked: FindingsStore) -> None:
    before = checked.mission_state("TSTA", VERSION).digest
    store.save(_document("TSTA", "2025/26"))
    assert _stale(checked) == ["TSTA"]
    assert checked.mission_state("TSTA", VERSION).digest != before
    _check(checked, "TSTA")
    assert _stale(checked) == []


def test_storing_a_document_again_makes_its_mission_stale(store: DocumentStore,
                                                          checked: FindingsStore) -> None:
    """The document with the highest id stored again: SQLite gives the new row the id of
    the row it replaces; the mission is stale all the same."""
    newest = max(store.summaries(), key=lambda s: s.id)
    again = store.save(_document(newest.mission, newest.period.label, title="Revised"))
    if store.engine.dialect.name == "sqlite":
        assert again == newest.id, "the case of an id used again"
    assert _stale(checked) == [newest.mission]


def test_storing_the_same_content_again_is_a_write_too(store: DocumentStore,
                                                       checked: FindingsStore) -> None:
    store.save(_document("TSTB", "2023/24"))
    assert _stale(checked) == ["TSTB"]


def test_deleting_a_document_makes_its_mission_stale(store: DocumentStore,
                                                     checked: FindingsStore) -> None:
    assert store.delete("TSTB", Period.parse("2023/24"), DocumentKind.BUDGET)
    assert _stale(checked) == ["TSTB"]
    _check(checked, "TSTB")
    assert not store.delete("TSTB", Period.parse("2023/24"), DocumentKind.BUDGET)
    assert _stale(checked) == [], "nothing deleted, nothing changed"


def test_a_mission_without_documents_is_never_stale(store: DocumentStore,
                                                    checked: FindingsStore) -> None:
    for period in ("2023/24", "2024/25"):
        store.delete("TSTB", Period.parse(period), DocumentKind.BUDGET)
    assert _stale(checked) == []
    state = checked.mission_state("TSTB", VERSION)
    assert state.current and state.stale_documents == ()


def test_a_batch_over_two_missions_makes_both_stale(store: DocumentStore,
                                                    checked: FindingsStore) -> None:
    store.save_all([(_document("TSTB", "2025/26"), ()), (_document("TSTA", "2025/26"), ())])
    assert _stale(checked) == ["TSTA", "TSTB"]


def test_a_batch_that_fails_changes_nothing(store: DocumentStore,
                                            checked: FindingsStore) -> None:
    broken = _document("TSTB", "2025/26").model_copy(update={"title": None})
    with pytest.raises(Exception):  # noqa: B017 - the driver's integrity error
        store.save_all([(_document("TSTA", "2025/26"), ()), (broken, ())])
    assert _stale(checked) == []


def test_reads_other_versions_and_register_edits(store: DocumentStore,
                                                 checked: FindingsStore) -> None:
    """Reading and editing the mission's register entry leave its findings current;
    another version of the checks makes every mission stale."""
    store.summaries(mission="TSTA")
    checked.mission_documents("TSTA")
    MissionRegisterStore(store.engine).edit("TSTA", {"headquarters": "Nowhere"}, by="test")
    assert _stale(checked) == []
    assert _stale(checked, version="the next checks") == list(MISSIONS)
    assert checked.stale_missions("the next checks", ["TSTB", "NONE"]) == ["TSTB"]


def test_findings_computed_before_a_write_are_stale(store: DocumentStore,
                                                   checked: FindingsStore) -> None:
    """A check that read the documents before another process stored one records the
    token it read: its findings are stale once written, never taken as current."""
    read = checked.mission_documents("TSTA")
    store.save(_document("TSTA", "2025/26"))
    checked.replace_mission("TSTA", read, [], VERSION)
    assert _stale(checked) == ["TSTA"]
    assert len(checked.mission_documents("TSTA").ids) == len(read.ids) + 1


def test_a_write_through_another_engine_is_seen(engine: Engine,
                                                checked: FindingsStore) -> None:
    """Another engine on the same database: what a second process has."""
    other = create_database_engine(engine.url.render_as_string(hide_password=False),
                                   schema=_schema(engine))
    try:
        DocumentStore(other).delete("TSTA", Period.parse("2024/25"), DocumentKind.BUDGET)
        assert _stale(checked) == ["TSTA"]
        _check(FindingsStore(other), "TSTA")
        assert _stale(checked) == []
    finally:
        other.dispose()


def test_every_writer_of_documents_renews_the_token(store: DocumentStore) -> None:
    """The token is a column of the mission's register entry, new at each write."""
    def token() -> str:
        with store.engine.connect() as connection:
            found: str = connection.execute(select(tables.missions.c.documents_token).where(
                tables.missions.c.code == "TSTA")).scalar_one()
        return found

    seen = set()
    store.save(_document("TSTA", "2023/24"))
    seen.add(token())
    store.save_all([(_document("TSTA", "2024/25"), ())])
    seen.add(token())
    store.delete("TSTA", Period.parse("2024/25"), DocumentKind.BUDGET)
    seen.add(token())
    assert len(seen) == 3 and "" not in seen
