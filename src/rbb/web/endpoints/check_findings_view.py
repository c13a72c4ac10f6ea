"""The findings of ``rbb check``, filtered by severity, section and document: the view,
the page and the API routes."""

from __future__ import annotations

from collections import Counter

from fastapi import APIRouter, Depends, Query, Request, Response
from fastapi.responses import HTMLResponse

from rbb.model import DocumentKey, Severity
from rbb.model.errors import InputError, NotYetAvailableError
from rbb.services.account_service import User

from ..context import reader, services
from ..json_bodies import dump, respond
from ..library import CHECKS_MISSING, Snapshot
from ..paths import key_slug, parse_key
from ..problems import responses
from ..templating import render
from ..view_basics import SEVERITIES, FindingView, View, finding_view
from .keyed_routes import DOC, READ

PAGE_LIMIT = 500
MAX_DOCUMENTS = 20


class Option(View):
    value: str
    label: str
    count: int


class ChecksView(View):
    available: bool
    message: str | None = None
    severity: str | None = None
    section: str | None = None
    documents: list[str]
    findings: list[FindingView]
    total: int
    """Findings matching the filters (at most ``PAGE_LIMIT`` are listed)."""
    severity_options: list[Option]
    section_options: list[Option]
    document_options: list[Option]


def checks_view(snapshot: Snapshot, *, severity: str | None = None, section: str | None = None,
                documents: list[str] | None = None) -> ChecksView:
    chosen = [d for d in (documents or []) if d][:MAX_DOCUMENTS]
    names = {s.mission + "-" + s.period.label.replace("/", "-") + "-" + s.kind.value:
             str(DocumentKey(mission=s.mission, period=s.period, kind=s.kind))
             for s in snapshot.summaries}
    unknown = [d for d in chosen if d not in names]
    if unknown:
        raise InputError(f"{unknown[0][:60]!r} is not a stored document (write it like "
                         "UNMIK-2025-26-budget)")
    if severity and severity not in {s.value for s in SEVERITIES}:
        raise InputError(f"{severity[:20]!r} is not a severity: error, warning or rounding")
    document_filter = {names[d] for d in chosen if d in names}
    try:
        findings = snapshot.findings()
    except NotYetAvailableError:
        return ChecksView(available=False, message=CHECKS_MISSING, severity=severity,
                          section=section, documents=chosen, findings=[], total=0,
                          severity_options=[], section_options=[],
                          document_options=[Option(value=v, label=n, count=0)
                                            for v, n in names.items()])
    in_documents = [f for f in findings if not chosen or f.document in document_filter]
    by_section = Counter(f.section or "(no section)" for f in in_documents)
    by_severity = Counter(f.severity.value for f in in_documents)
    by_document = Counter(f.document for f in findings)
    if section and section not in by_section:
        raise InputError(f"no finding is in a section {section[:60]!r}; the sections are "
                         f"listed on /checks")
    matching = [f for f in in_documents
                if (not severity or f.severity.value == severity)
                and (not section or (f.section or "(no section)") == section)]
    return ChecksView(
        available=True, severity=severity, section=section, documents=chosen,
        findings=[finding_view(f, snapshot.document_for_finding(f))
                  for f in matching[:PAGE_LIMIT]],
        total=len(matching),
        severity_options=[Option(value=s.value, label=s.value, count=by_severity[s.value])
                          for s in SEVERITIES],
        section_options=[Option(value=name, label=name, count=count)
                         for name, count in sorted(by_section.items())],
        document_options=[Option(value=value, label=name, count=by_document[name])
                          for value, name in names.items()])


def document_slug(key: DocumentKey) -> str:
    return key_slug(key)


page = APIRouter()
api = APIRouter()
FINDINGS_ERRORS = responses(400, 401, 404, 422, 503)


@page.get("/checks", response_class=HTMLResponse)
def checks(request: Request, severity: str = Query("", max_length=20),
           section: str = Query("", max_length=200),
           document: list[str] = Query([], max_length=20),
           user: User | None = Depends(reader)) -> HTMLResponse:
    snapshot = services(request).library.snapshot()
    view = checks_view(snapshot, severity=severity or None, section=section or None,
                       documents=document)
    template = "checks_results.html" if request.headers.get("hx-request") == "true" \
        else "checks.html"
    return render(request, template, view)


@api.get("/findings", name="findings", response_model=list[FindingView],
         responses=FINDINGS_ERRORS, dependencies=READ,
         summary="Findings of `rbb check` over every stored document",
         description="503 while the checks engine is not part of this build.")
def findings_json(request: Request, severity: Severity | None = None,
                  section: str | None = Query(None, max_length=200),
                  document: list[str] = Query([], examples=[["UNMIK-2025-26-budget"]])
                  ) -> Response:
    snapshot = services(request).library.snapshot()
    view = checks_view(snapshot, severity=severity.value if severity else None,
                       section=section, documents=document[:20])
    if not view.available:
        snapshot.findings()  # raises the 503 problem
    return respond(request, dump(view.findings, list[FindingView]))


@api.get(DOC + "/findings", name="document_findings", response_model=list[FindingView],
         responses=FINDINGS_ERRORS, dependencies=READ, summary="Findings of one document")
def document_findings_json(request: Request, mission: str, period: str, kind: str,
                           severity: Severity | None = None) -> Response:
    key = parse_key(mission, period, kind)
    snapshot = services(request).library.snapshot()
    snapshot.summary(key)
    snapshot.findings()
    view = checks_view(snapshot, severity=severity.value if severity else None,
                       documents=[key_slug(key)])
    return respond(request, dump(view.findings, list[FindingView]))
