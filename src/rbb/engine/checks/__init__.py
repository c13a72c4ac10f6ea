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

from .registry import (
    Check,
    CrossDocumentCheck,
    DocumentCheck,
    cross_document_checks,
    document_checks,
    documentation_by_code,
    registered_checks,
)

SEVERITY_ORDER = {Severity.ERROR: 0, Severity.WARNING: 1, Severity.ROUNDING: 2}


def check_document(document: Document) -> list[Finding]:
    """The findings of one document on its own, check by check."""
    findings: list[Finding] = []
    for check in document_checks():
        findings.extend(check.function(document))
    return findings


def check_across(documents: Sequence[Document]) -> list[Finding]:
    """The findings of what the documents given together print in common."""
    findings: list[Finding] = []
    for check in cross_document_checks():
        findings.extend(check.function(documents))
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
    "Check", "CrossDocumentCheck", "DocumentCheck", "check_across", "check_document",
    "documentation_by_code", "registered_checks", "run_checks", "sort_findings",
]
