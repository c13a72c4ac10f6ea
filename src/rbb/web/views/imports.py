"""What an upload holds, before an editor confirms storing it."""

from __future__ import annotations

from collections.abc import Sequence

from rbb.model import Diagnostic, DiagnosticSeverity, Document, DocumentKind, Period
from rbb.model.errors import NotYetAvailableError
from rbb.model.facts import document_facts

from ..library import CHECKS_MISSING, Snapshot
from .common import FindingView, View, finding_view


class Found(View):
    label: str
    count: int


class ImportReport(View):
    file: str
    stored: bool
    mission: str | None = None
    period: Period | None = None
    kind: DocumentKind | None = None
    title: str | None = None
    symbol: str | None = None
    replaces: bool = False
    """A document with the same mission, period and kind is stored: storing replaces it."""
    found: list[Found]
    errors: int
    warnings: int
    diagnostics: list[Diagnostic]
    findings: list[FindingView]
    checks_available: bool
    checks_message: str | None = None
    page: str | None = None
    """The stored document's overview, once stored."""


def found(document: Document) -> list[Found]:
    eas = [ea for c in document.components for ea in c.expected_accomplishments]
    counts = [
        ("Financial tables", len(document.financial_tables)),
        ("Rows of financial tables", sum(len(t.rows) for t in document.financial_tables)),
        ("Staffing tables", len(document.staffing_tables)),
        ("Vacancy factors", len(document.vacancy_factors)),
        ("Incumbency rows", len(document.incumbency)),
        ("Components", len(document.components)),
        ("Expected accomplishments", len(eas)),
        ("Indicators of achievement", sum(len(ea.indicators) for ea in eas)),
        ("Outputs", sum(len(ea.outputs) for ea in eas)),
        ("Variance explanations", len(document.variance_explanations)),
        ("Follow-up requests", len(document.follow_up)),
        ("Paragraphs", len(document.paragraphs)),
        ("Facts (every number with its source line)", len(document_facts(document))),
    ]
    return [Found(label=label, count=count) for label, count in counts]


def import_report(snapshot: Snapshot, file: str, document: Document | None,
                  diagnostics: Sequence[Diagnostic], *, stored: bool = False,
                  page: str | None = None) -> ImportReport:
    errors = sum(d.severity is DiagnosticSeverity.ERROR for d in diagnostics)
    warnings = sum(d.severity is DiagnosticSeverity.WARNING for d in diagnostics)
    if document is None:
        return ImportReport(file=file, stored=False, found=[], errors=errors, warnings=warnings,
                            diagnostics=list(diagnostics), findings=[], checks_available=False,
                            checks_message="nothing to check: no document could be read")
    findings: list[FindingView] = []
    available, message = True, None
    if snapshot.checks is None:
        available, message = False, CHECKS_MISSING
    else:
        others = [d for d in snapshot.documents() if d.key != document.key]
        try:
            findings = [finding_view(f, document) for f in snapshot.checks([*others, document])
                        if f.document == str(document.key)]
        except NotYetAvailableError:
            available, message = False, CHECKS_MISSING
    replaces = any((s.mission, s.period, s.kind) == (document.mission.code, document.period,
                                                      document.kind)
                   for s in snapshot.summaries)
    return ImportReport(
        file=file, stored=stored, mission=document.mission.code, period=document.period,
        kind=document.kind, title=document.title, symbol=document.symbol, replaces=replaces,
        found=found(document), errors=errors, warnings=warnings, diagnostics=list(diagnostics),
        findings=findings, checks_available=available, checks_message=message, page=page)
