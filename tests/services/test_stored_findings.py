"""Stored findings are the findings of ``rbb check``: computed once, kept current when
the checks or the documents of a mission change, whoever changed them."""

from __future__ import annotations

from collections.abc import Sequence

import pytest
from sqlalchemy import Engine

from rbb.engine import run_checks, sort_findings
from rbb.engine.locate import refine_source_lines
from rbb.model import Document, Finding
from rbb.services import stored_findings as stored_module
from rbb.services.document_service import DocumentService
from rbb.services.stored_findings import FindingFilter, StoredFindings, refresh_findings
from rbb.storage import DocumentStore, canonical_json
from tests.conftest import BUDGET_SEED, PERFORMANCE_SEED, imported


def _as(document: Document, mission: str) -> Document:
    """The same report under another mission's code: a second mission with the same
    tables, so the cross-document checks of one must not see the other."""
    return document.model_copy(update={"mission": document.mission.model_copy(
        update={"code": mission, "name": f"United Nations Test Mission {mission}"})})


def _moved(performance: Document) -> Document:
    """The performance report relabelled as the report of 2023/24: its expenditure
    column now claims to be the 2023/24 expenditure that the 2025/26 budget prints
    differently, so the cross-document check has something to find."""
    body = canonical_json(performance).replace("2021/22", "2023/24").replace("2021_22",
                                                                              "2023_24")
    return Document.model_validate_json(body)


def _store(engine: Engine) -> tuple[list[Document], dict[str, list[str]]]:
    budget, performance = imported(BUDGET_SEED), imported(PERFORMANCE_SEED)
    assert budget.document is not None and performance.document is not None
    assert budget.text is not None and performance.text is not None
    moved = _moved(performance.document)
    documents = [budget.document, performance.document, moved,
                 _as(budget.document, "TESTA"), _as(moved, "TESTA")]
    texts = {str(budget.document.key): budget.text,
             str(performance.document.key): performance.text}
    DocumentStore(engine).save_all((d, (), texts.get(str(d.key))) for d in documents)
    return documents, {name: text.split("\n") for name, text in texts.items()}


def _live(documents: Sequence[Document], lines: dict[str, list[str]]) -> list[Finding]:
    """What ``rbb check`` computes for the documents given together."""
    return sort_findings(refine_source_lines(run_checks(documents), lines))


def test_stored_findings_are_the_findings_of_rbb_check(engine: Engine) -> None:
    documents, lines = _store(engine)
    stored = StoredFindings(engine)
    found = [s.finding for s in stored.find(FindingFilter())]
    assert found == _live(documents, lines)
    codes = {f.code for f in found}
    assert "cross.amount" in codes, "the moved report disagrees with the budget's 2023/24"
    # Each mission's cross-document findings are its own: TESTA has the same two
    # reports that disagree, and the same findings, under its name.
    unmik = [f for f in found if f.code == "cross.amount" and f.document.startswith("UNMIK")]
    testa = [f for f in found if f.code == "cross.amount" and f.document.startswith("TESTA")]
    assert len(unmik) == len(testa) > 0


def test_a_page_of_findings_follows_the_order_of_rbb_check(engine: Engine) -> None:
    documents, lines = _store(engine)
    stored = StoredFindings(engine)
    live = _live(documents, lines)
    first = [s.finding for s in stored.find(FindingFilter(), offset=0, limit=7)]
    second = [s.finding for s in stored.find(FindingFilter(), offset=7, limit=7)]
    assert first + second == live[:14]
    assert stored.count(FindingFilter(mission="TESTA")) == sum(
        f.document.startswith("TESTA") for f in live)


def test_new_checks_compute_every_finding_again(engine: Engine,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    _store(engine)
    assert refresh_findings(engine) == 5
    assert refresh_findings(engine) == 0, "current findings are not computed again"
    monkeypatch.setattr(stored_module, "checks_version", lambda: "a later version")
    refreshed = StoredFindings(engine).refresh()
    assert (refreshed.documents, refreshed.missions) == (5, 2)


def test_a_document_stored_by_another_writer_is_checked_when_read(engine: Engine) -> None:
    documents, _ = _store(engine)
    stored = StoredFindings(engine)
    budget = DocumentStore(engine).summary(documents[3].key)
    assert budget is not None
    before = [s.finding for s in stored.of_document(budget.id, "TESTA")]
    assert any(f.code == "cross.amount" for f in before)
    # Another process deletes TESTA's moved report: the budget no longer disagrees.
    DocumentStore(engine).delete("TESTA", documents[4].period, documents[4].kind)
    after = [s.finding for s in stored.of_document(budget.id, "TESTA")]
    assert not any(f.code == "cross.amount" for f in after)
    assert after == _live([documents[3]], {})


def test_a_document_its_mission_state_and_findings_read_in_one_statement(
        engine: Engine) -> None:
    """``of_key``: what a page reads of a document's findings, with its summary and
    whether its mission's findings are current."""
    documents, _ = _store(engine)
    stored = StoredFindings(engine)
    refresh_findings(engine)
    budget = documents[3]
    read = stored.of_key(budget.key)
    assert read is not None and read.current
    assert read.summary == DocumentStore(engine).summary(budget.key)
    assert read.token == stored.mission_state("TESTA").digest
    assert read.findings == stored.of_document(read.summary.id, "TESTA")
    assert any(s.finding.code == "cross.amount" for s in read.findings)
    # Another process deletes TESTA's other report: stale until brought up to date.
    DocumentStore(engine).delete("TESTA", documents[4].period, documents[4].kind)
    stale = stored.of_key(budget.key)
    assert stale is not None and not stale.current and stale.token != read.token
    stored.of_document(read.summary.id, "TESTA")
    fresh = stored.of_key(budget.key)
    assert fresh is not None and fresh.current
    assert not any(s.finding.code == "cross.amount" for s in fresh.findings)
    assert stored.of_key(documents[4].key) is None


def test_storing_through_the_service_stores_the_findings(engine: Engine) -> None:
    budget = imported(BUDGET_SEED)
    assert budget.document is not None
    DocumentService(engine).save(budget.document, budget.diagnostics, source_text=budget.text)
    assert refresh_findings(engine) == 0, "stored with the document"
    found = [s.finding for s in StoredFindings(engine).find(FindingFilter())]
    assert budget.text is not None
    assert found == _live([budget.document], {str(budget.document.key):
                                              budget.text.split("\n")})


def test_a_page_reads_only_the_parts_it_shows(engine: Engine) -> None:
    budget = imported(BUDGET_SEED).document
    assert budget is not None
    store = DocumentStore(engine)
    document_id = store.save(budget)
    part = store.load_parts(document_id, ["financial_tables"])
    assert part.key == budget.key and part.title == budget.title
    assert part.financial_tables == budget.financial_tables
    assert part.components == () and part.paragraphs == ()
    assert budget.components and budget.paragraphs


def test_a_generated_store_checked_in_worker_processes(sqlite_engine: Engine,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    """The benchmark's generated store of 50 reports (5 missions, 10 years): findings
    computed by two worker processes and stored are those of ``rbb check`` computed
    live over the same documents."""
    from benches.generated_store import generate

    from rbb.services import audit

    documents = list(generate(50))
    DocumentStore(sqlite_engine).save_all((d, ()) for d in documents)
    monkeypatch.setattr(audit, "PARALLEL_FROM", 1)
    assert StoredFindings(sqlite_engine, workers=2).refresh().documents == 50
    stored = [s.finding for s in StoredFindings(sqlite_engine).find(FindingFilter())]
    assert stored == _live(documents, {})
    assert len(stored) > 50
