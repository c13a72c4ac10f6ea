"""Stored findings of a store holding legislative documents: the reports' findings are
those of ``rbb check`` on the reports alone; the legislative documents have none (no
check of rbb's applies to them)."""

from __future__ import annotations

from sqlalchemy import Engine

from rbb.engine import run_checks, sort_findings
from rbb.engine.locate import refine_source_lines
from rbb.services.document_service import DocumentService
from rbb.services.stored_findings import FindingFilter, StoredFindings, partial_documents
from rbb.storage import DocumentStore
from tests.conftest import BUDGET_SEED, imported
from tests.legislative_documents import fictonia_documents, unmik_documents


def test_the_budgets_findings_are_unchanged_beside_them(engine: Engine) -> None:
    budget = imported(BUDGET_SEED)
    assert budget.document is not None and budget.text is not None
    service = DocumentService(engine)
    service.save(budget.document, budget.diagnostics, source_text=budget.text)
    for document, text in [*unmik_documents(), *fictonia_documents()]:
        service.save(document, (), source_text=text)
    stored = StoredFindings(engine)
    stored.refresh(everything=True)
    found = [s.finding for s in stored.find(FindingFilter())]
    assert found == sort_findings(refine_source_lines(
        run_checks([budget.document]), {str(budget.document.key): budget.text.split("\n")}))
    legislative = [s.id for s in DocumentStore(engine).summaries() if s.kind.legislative]
    assert len(legislative) == 4
    assert stored.find(FindingFilter(document_ids=tuple(legislative))) == []
    assert stored.counts(FindingFilter(mission="MINUFIC"), "severity") == {}
    assert partial_documents(DocumentStore(engine)) == []
