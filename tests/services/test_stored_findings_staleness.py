"""A refresh computes again the cross-document findings of the missions whose documents
were written since, by any process, and of no other mission."""

from __future__ import annotations

from sqlalchemy import Engine

from rbb.model import DocumentKind, Period
from rbb.services.stored_findings import FindingFilter, Refreshed, StoredFindings
from rbb.storage import DocumentStore, create_database_engine
from tests.services.test_stored_findings import _store
from tests.storage.test_concurrency import _schema
from tests.storage.test_findings_staleness import _document


def _other(engine: Engine) -> Engine:
    """Another engine on the same database: what a second process has."""
    return create_database_engine(engine.url.render_as_string(hide_password=False),
                                  schema=_schema(engine))


def test_only_the_missions_written_are_checked_across_again(engine: Engine) -> None:
    DocumentStore(engine).save_all([(_document(code, period), ()) for code in ("TSTA", "TSTB")
                                    for period in ("2023/24", "2024/25")])
    stored = StoredFindings(engine)
    assert stored.refresh() == Refreshed(documents=4, missions=2)
    assert stored.refresh() == Refreshed(documents=0, missions=0), "nothing written since"
    other = _other(engine)
    try:
        DocumentStore(other).save(_document("TSTB", "2025/26"))
        assert not stored.mission_state("TSTB").current
        assert stored.mission_state("TSTA").current
        # The new document's own findings, and TSTB's across: TSTA's stay as they are.
        assert stored.refresh() == Refreshed(documents=1, missions=1)
        DocumentStore(other).delete("TSTA", Period.parse("2023/24"), DocumentKind.BUDGET)
        assert stored.refresh() == Refreshed(documents=0, missions=1)
        assert stored.mission_state("TSTA").current and stored.mission_state("TSTB").current
    finally:
        other.dispose()


def test_a_page_sees_what_another_process_deleted(engine: Engine) -> None:
    """The seeds' store of ``test_stored_findings``: TESTA's moved report disagrees with
    its budget. Deleted through another engine, the disagreement goes from TESTA's
    findings as soon as they are read, and UNMIK's stay."""
    documents, _ = _store(engine)
    stored = StoredFindings(engine)

    def cross(mission: str) -> int:
        return sum(s.finding.code == "cross.amount"
                   for s in stored.find(FindingFilter(mission=mission)))

    assert cross("TESTA") > 0 and cross("UNMIK") > 0
    unmik = cross("UNMIK")
    other = _other(engine)
    try:
        DocumentStore(other).delete("TESTA", documents[4].period, documents[4].kind)
    finally:
        other.dispose()
    assert cross("TESTA") == 0
    assert cross("UNMIK") == unmik
