"""``rbb check``: every identity of docs/domain.md ("Identities that must hold").

Each family reads a :class:`~rbb.model.Document` and returns findings; none
changes a figure. ``run_checks`` runs them all, then the cross-document checks
over the documents given together, and sorts the findings by document and line.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from rbb.model import Document, Finding, Severity

from . import cross_document, frameworks, money, prose, staffing, tables, variances
from .base import Report

FAMILIES: tuple[tuple[str, Callable[[Report], None], dict[str, str]], ...] = (
    ("money", money.check, money.CHECKS),
    ("staffing", staffing.check, staffing.CHECKS),
    ("tables", tables.check, tables.CHECKS),
    ("variances", variances.check, variances.CHECKS),
    ("frameworks", frameworks.check, frameworks.CHECKS),
    ("prose", prose.check, prose.CHECKS),
)

CHECKS: dict[str, str] = {
    code: description
    for *_, family in FAMILIES
    for code, description in family.items()
} | cross_document.CHECKS
"""Every finding code and what it checks (documented in docs/checks.md)."""

SEVERITY_ORDER = {Severity.ERROR: 0, Severity.WARNING: 1, Severity.ROUNDING: 2}


def check_document(document: Document) -> list[Finding]:
    """The findings of one document on its own."""
    report = Report(document)
    for _name, run, _codes in FAMILIES:
        run(report)
    return report.findings


def run_checks(documents: Sequence[Document]) -> list[Finding]:
    """Check every document, then what they print in common; sorted by document and line."""
    findings: list[Finding] = []
    for document in documents:
        findings += check_document(document)
    findings += cross_document.check(documents)
    return sort_findings(findings)


def sort_findings(findings: list[Finding]) -> list[Finding]:
    return sorted(findings, key=lambda f: (
        f.document, f.source_line is None, f.source_line or 0, SEVERITY_ORDER[f.severity],
        f.code, f.row or "", f.column or ""))


__all__ = ["CHECKS", "FAMILIES", "check_document", "run_checks", "sort_findings"]
