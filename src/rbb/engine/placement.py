"""Where in its document a finding's row is shown (``FindingPart``): the table, the
analysis of variances, a framework component, the staffing section."""

from __future__ import annotations

from rbb.model import Document, Finding, FindingPart


def finding_part(finding: Finding, document: Document) -> FindingPart:
    table = finding.table or ""
    section = (finding.section or "").lower()
    if table in {t.key for t in document.financial_tables} or (
            section.startswith("financial resources") and not table):
        return FindingPart.FINANCIAL
    if table == "analysis_of_variances" or section.startswith("analysis of variances"):
        return FindingPart.VARIANCE
    if table.startswith("component "):
        return FindingPart.COMPONENT
    if "framework" in section:
        return FindingPart.FRAMEWORKS
    if table in {t.key for t in document.staffing_tables} or \
            table in ("vacancy_factors", "incumbency") or \
            "human resources" in section or "vacancy" in section:
        return FindingPart.STAFFING
    if table:
        return FindingPart.TABLES
    return FindingPart.DOCUMENT
