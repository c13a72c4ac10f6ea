"""``rbb check`` on legislative documents: a check of a report of the Secretary-General
is not run on an ACABQ report or a resolution (the registry's ``kinds``, one rule for
every check, plugins' too), and a check of the legislative kinds runs on them only."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import pytest

from rbb.engine import checks as engine_checks
from rbb.engine.checks import check_across, check_document, run_checks, skipped_checks
from rbb.engine.checks.registry import (
    REPORTS_OF_THE_SECRETARY_GENERAL,
    CrossDocumentCheck,
    DocumentCheck,
    registered_checks,
)
from rbb.model import Document, DocumentKind, Finding, Severity
from rbb.model.coverage import Coverage
from tests.legislative_documents import fictonia_acabq_report, fictonia_resolution, unmik_documents

from ..seeds import seed_document

LEGISLATIVE = frozenset({DocumentKind.ACABQ_REPORT, DocumentKind.GA_RESOLUTION})


def test_rbbs_checks_read_the_reports_of_the_secretary_general() -> None:
    assert REPORTS_OF_THE_SECRETARY_GENERAL.isdisjoint(LEGISLATIVE)
    assert DocumentKind.BUDGET in REPORTS_OF_THE_SECRETARY_GENERAL
    for check in registered_checks():
        if check.code.split(".")[0] in ("money", "staffing", "tables", "variances",
                                        "frameworks", "prose", "cross"):
            assert check.kinds == REPORTS_OF_THE_SECRETARY_GENERAL, check.code
    kinds = {check.code: check.kinds for check in registered_checks()}
    # the checks across the cycle read the legislative documents they compare
    assert kinds["cycle.recommended-total"] == {DocumentKind.ACABQ_REPORT}
    assert kinds["cycle.apportionment"] >= LEGISLATIVE and DocumentKind.BUDGET in \
        kinds["cycle.apportionment"]
    assert kinds["cycle.cited-request"] >= LEGISLATIVE


def test_no_finding_and_no_skipped_check_on_a_legislative_document() -> None:
    """A partial ACABQ report lacking "financial resources" would otherwise list every
    money check as skipped: checks that never applied to it."""
    partial = fictonia_acabq_report().model_copy(update={
        "partial": True, "coverage": Coverage(missing_tables=("financial_tables",))})
    assert skipped_checks(partial) == []
    assert check_document(partial) == []
    assert run_checks([fictonia_acabq_report(), fictonia_resolution()]) == []


def test_the_budget_is_checked_alike_beside_its_legislative_documents() -> None:
    budget = seed_document("budget")
    alone = run_checks([budget])
    together = run_checks([budget, *(document for document, _ in unmik_documents())])
    assert together == alone


def _finding(document: Document, code: str) -> Finding:
    return Finding(severity=Severity.WARNING, code=code, document=str(document.key),
                   message=f"read {document.kind.value}")


def _acabq_only(document: Document) -> Iterable[Finding]:
    return [_finding(document, "cycle.example")]


def _across(documents: Sequence[Document]) -> Iterable[Finding]:
    kinds = sorted(document.kind.value for document in documents)
    return [_finding(documents[0], "cycle.across-example").model_copy(
        update={"message": " ".join(kinds)})]


def test_a_check_of_the_legislative_kinds_runs_on_them_only(
        monkeypatch: pytest.MonkeyPatch) -> None:
    own = DocumentCheck("cycle.example", "Example", "Reads an ACABQ report.", _acabq_only,
                        kinds=frozenset({DocumentKind.ACABQ_REPORT}))
    across = CrossDocumentCheck("cycle.across-example", "Example", "Budget beside ACABQ.",
                                _across, kinds=frozenset({DocumentKind.BUDGET,
                                                          DocumentKind.ACABQ_REPORT}))
    monkeypatch.setattr(engine_checks, "document_checks", lambda: (own,))
    monkeypatch.setattr(engine_checks, "cross_document_checks", lambda: (across,))
    budget = seed_document("budget")
    acabq, resolution = (document for document, _ in unmik_documents())
    assert [f.code for f in check_document(acabq)] == ["cycle.example"]
    assert check_document(resolution) == check_document(budget) == []
    # the resolution is not given to a check that does not read resolutions
    assert [f.message for f in check_across([budget, acabq, resolution])] == [
        "acabq_report budget"]
    # nor is the check run when none of its kinds is given
    assert check_across([resolution]) == []
