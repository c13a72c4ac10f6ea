"""``rbb check``: every identity of docs/domain.md ("Identities that must hold").

Each check is a function that reads a :class:`~rbb.model.Document` and returns its
findings, registered in :mod:`.registry` with its code, title and documentation; none
changes a figure. ``run_checks`` runs the checks of each document, then the
cross-document checks over the documents given together, and sorts the findings by
document and line.
"""

from __future__ import annotations

from collections.abc import Sequence

from rbb.model import Document, Finding, Severity
from rbb.model.coverage import TABLE_TITLES
from rbb.model.execution import MissionRecords
from rbb.model.findings import SkippedCheck

from .registry import (
    Check,
    CrossDocumentCheck,
    DocumentCheck,
    RecordCheck,
    cross_document_checks,
    document_checks,
    documentation_by_code,
    record_checks,
    registered_checks,
)

SEVERITY_ORDER = {Severity.ERROR: 0, Severity.WARNING: 1, Severity.ROUNDING: 2}


def check_document(document: Document) -> list[Finding]:
    """The findings of one document on its own, check by check, of the checks that apply
    to its kind (``DocumentCheck.kinds``: a check of a report of the Secretary-General is
    not run on an ACABQ report); on a partial document, the checks that need a table its
    text lacks are skipped (``skipped_checks``)."""
    findings: list[Finding] = []
    missing = _missing_tables(document)
    for check in document_checks():
        if check.applies_to(document) and not missing.intersection(check.needs):
            findings.extend(check.function(document))
    return findings


def skipped_checks(document: Document) -> list[SkippedCheck]:
    """The checks not run on a document whose text lacks tables they need, each with
    the reason (the tables it needs that the text lacks). Empty for a complete
    document."""
    missing = _missing_tables(document)
    if not missing or document.coverage is None:
        return []
    skipped: list[SkippedCheck] = []
    for check in document_checks():
        if not check.applies_to(document):
            continue
        lacking = tuple(table for table in check.needs if table in missing)
        if lacking:
            names = ", ".join(TABLE_TITLES.get(table, table) for table in lacking)
            skipped.append(SkippedCheck(
                code=check.code, title=check.title, document=str(document.key), needs=lacking,
                reason=f"needs {names}, which the text of this partial document lacks"))
    return skipped


def _missing_tables(document: Document) -> frozenset[str]:
    coverage = document.coverage
    return frozenset(coverage.missing_tables) if coverage is not None else frozenset()


def check_across(documents: Sequence[Document]) -> list[Finding]:
    """The findings of what the documents given together print in common; each check
    reads those of the kinds it applies to (``CrossDocumentCheck.kinds``)."""
    findings: list[Finding] = []
    for check in cross_document_checks():
        read = [document for document in documents if check.applies_to(document)]
        if read:
            findings.extend(check.function(read))
    return findings


def check_records(records: MissionRecords, documents: Sequence[Document]) -> list[Finding]:
    """The findings of what a mission records beside its documents (its redeployments)
    against its documents; each check reads those of the kinds it applies to
    (``RecordCheck.kinds``). Only a store holds records: ``rbb check`` over files runs
    none of these."""
    findings: list[Finding] = []
    for check in record_checks():
        read = [document for document in documents if check.applies_to(document)]
        findings.extend(check.function(records, read))
    return findings


def run_checks(documents: Sequence[Document]) -> list[Finding]:
    """Check every document, then what they print in common; sorted by document and line."""
    findings: list[Finding] = []
    for document in documents:
        findings += check_document(document)
    findings += check_across(documents)
    return sort_findings(findings)


def sort_findings(findings: list[Finding]) -> list[Finding]:
    return sorted(findings, key=lambda f: (
        f.document, f.source_line is None, f.source_line or 0, SEVERITY_ORDER[f.severity],
        f.code, f.row or "", f.column or ""))


__all__ = [
    "Check", "CrossDocumentCheck", "DocumentCheck", "RecordCheck", "check_across",
    "check_document", "check_records",
    "documentation_by_code", "registered_checks", "run_checks", "skipped_checks",
    "sort_findings",
]
