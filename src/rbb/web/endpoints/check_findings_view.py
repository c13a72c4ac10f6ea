"""The findings of ``rbb check``, filtered by mission, severity, section and document,
a page at a time: the view, the page and the API routes.

The findings are read from the store with indexed queries (``stored_findings``): a
page costs what it lists, whatever the size of the store.
"""

from __future__ import annotations

from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Query, Request, Response
from fastapi.responses import HTMLResponse

from rbb.model import DocumentKey, Severity
from rbb.model.errors import InputError, NotFoundError
from rbb.services.account_service import User
from rbb.services.stored_findings import FindingFilter

from ..admission import ReadRoute
from ..context import reader, services
from ..json_bodies import dump, respond
from ..library import Snapshot
from ..paths import key_slug, parse_key, parse_key_slug, parse_mission
from ..problems import responses
from ..templating import render
from ..view_basics import SEVERITIES, FindingView, View, stored_finding_view
from .keyed_routes import DOC, READ

PAGE_LIMIT = 500
"""Findings listed at most per page of the API (``limit``, and its default)."""
PAGE_SHOWN = 100
"""Findings a page of ``/checks`` shows unless ``limit`` says otherwise."""
MAX_DOCUMENTS = 20
NO_SECTION = "(no section)"


class Option(View):
    value: str
    label: str
    count: int


class ChecksView(View):
    available: bool
    message: str | None = None
    mission: str | None = None
    severity: str | None = None
    section: str | None = None
    documents: list[str]
    findings: list[FindingView]
    total: int
    """Findings matching the filters."""
    offset: int = 0
    limit: int = PAGE_LIMIT
    previous_page: str | None = None
    next_page: str | None = None
    mission_options: list[Option]
    severity_options: list[Option]
    section_options: list[Option]
    document_options: list[Option]
    """The documents of the chosen mission (or those chosen): a list over the whole
    store would grow with it."""


def checks_view(snapshot: Snapshot, *, mission: str | None = None,
                severity: str | None = None, section: str | None = None,
                documents: list[str] | None = None, offset: int = 0,
                limit: int = PAGE_LIMIT) -> ChecksView:
    chosen = [d for d in (documents or []) if d][:MAX_DOCUMENTS]
    if severity and severity not in {s.value for s in SEVERITIES}:
        raise InputError(f"{severity[:20]!r} is not a severity: error, warning or rounding")
    code = parse_mission(mission) if mission else None
    if code is not None:
        snapshot.mission(code)
    ids = tuple(_document_id(snapshot, slug) for slug in chosen)
    scope = FindingFilter(mission=code, document_ids=ids or None)
    by_section = snapshot.finding_counts(scope, "section")
    wanted_section = None if not section else "" if section == NO_SECTION else section
    if section and wanted_section not in by_section:
        raise InputError(f"no finding is in a section {section[:60]!r}; the sections are "
                         f"listed on /checks")
    by_severity = snapshot.finding_counts(scope, "severity")
    where = FindingFilter(mission=code, document_ids=ids or None,
                          severity=Severity(severity) if severity else None,
                          section=wanted_section)
    total = snapshot.finding_counts(where, "severity")
    matching = sum(total.values())
    page = snapshot.findings(where, offset=offset, limit=limit)
    return ChecksView(
        available=True, mission=code, severity=severity, section=section, documents=chosen,
        findings=[stored_finding_view(f) for f in page], total=matching, offset=offset,
        limit=limit,
        previous_page=_page_link(code, severity, section, chosen, max(0, offset - limit), limit)
        if offset > 0 else None,
        next_page=_page_link(code, severity, section, chosen, offset + limit, limit)
        if offset + limit < matching else None,
        mission_options=_mission_options(snapshot),
        severity_options=[Option(value=s.value, label=s.value, count=by_severity.get(s.value, 0))
                          for s in SEVERITIES],
        section_options=[Option(value=name or NO_SECTION, label=name or NO_SECTION, count=n)
                         for name, n in sorted(by_section.items())],
        document_options=_document_options(snapshot, code, chosen))


def _document_id(snapshot: Snapshot, slug: str) -> int:
    try:
        key = parse_key_slug(slug)
        return snapshot.summary(key).id
    except (NotFoundError, ValueError):
        raise InputError(f"{slug[:60]!r} is not a stored document (write it like "
                         "UNMIK-2025-26-budget)") from None


def _mission_options(snapshot: Snapshot) -> list[Option]:
    counts = snapshot.finding_counts(FindingFilter(), "mission")
    return [Option(value=m.code, label=f"{m.code}: {m.name}", count=counts.get(m.code, 0))
            for m in snapshot.missions()]


def _document_options(snapshot: Snapshot, mission: str | None,
                      chosen: list[str]) -> list[Option]:
    if mission is not None:
        summaries = snapshot.mission_summaries(mission)
    else:
        keys = [parse_key_slug(slug) for slug in chosen]
        summaries = [snapshot.summary(key) for key in keys]
    if not summaries:
        return []
    counts = snapshot.finding_counts(
        FindingFilter(document_ids=tuple(s.id for s in summaries)), "document_id")
    return [Option(value=key_slug(key), label=str(key), count=counts.get(str(s.id), 0))
            for s in summaries
            for key in [DocumentKey(mission=s.mission, period=s.period, kind=s.kind)]]


def _page_link(mission: str | None, severity: str | None, section: str | None,
               documents: list[str], offset: int, limit: int) -> str:
    query = [(name, value) for name, value in (
        ("mission", mission), ("severity", severity), ("section", section)) if value]
    query += [("document", d) for d in documents]
    if offset:
        query.append(("offset", str(offset)))
    if limit != PAGE_SHOWN:
        query.append(("limit", str(limit)))
    return "/checks" + (f"?{urlencode(query)}" if query else "")


def document_slug(key: DocumentKey) -> str:
    return key_slug(key)


page = APIRouter(route_class=ReadRoute)
api = APIRouter(route_class=ReadRoute)
FINDINGS_ERRORS = responses(400, 401, 404, 422)
OFFSET = Query(0, ge=0, le=10_000_000, description="Findings to skip (pagination).")
LIMIT = Query(PAGE_LIMIT, ge=1, le=PAGE_LIMIT, description="Findings per page.")


@page.get("/checks", response_class=HTMLResponse)
def checks(request: Request, mission: str = Query("", max_length=32),
           severity: str = Query("", max_length=20),
           section: str = Query("", max_length=200),
           document: list[str] = Query([], max_length=20),
           offset: int = OFFSET, limit: int = Query(PAGE_SHOWN, ge=1, le=PAGE_LIMIT),
           user: User | None = Depends(reader)) -> HTMLResponse:
    snapshot = services(request).library.snapshot()
    view = checks_view(snapshot, mission=mission or None, severity=severity or None,
                       section=section or None, documents=document, offset=offset,
                       limit=limit)
    template = "checks_results.html" if request.headers.get("hx-request") == "true" \
        else "checks.html"
    return render(request, template, view)


def _paged(request: Request, view: ChecksView) -> Response:
    """The page of findings, with the total and the next page's address in headers."""
    headers = {"X-Total-Count": str(view.total)}
    if view.next_page is not None:
        following = request.url.include_query_params(offset=view.offset + view.limit)
        headers["Link"] = f'<{following.path}?{following.query}>; rel="next"'
    return respond(request, dump(view.findings, list[FindingView]), headers=headers)


@api.get("/findings", name="findings", response_model=list[FindingView],
         responses=FINDINGS_ERRORS, dependencies=READ,
         summary="Findings of `rbb check` over the stored documents, a page at a time",
         description="In the order of `rbb check` (document, line, severity, code). The "
                     "header `X-Total-Count` gives the number of findings matching the "
                     "filters; `Link` (rel=\"next\") the next page while there is one.")
def findings_json(request: Request, mission: str | None = Query(None, max_length=32),
                  severity: Severity | None = None,
                  section: str | None = Query(None, max_length=200),
                  document: list[str] = Query([], examples=[["UNMIK-2025-26-budget"]]),
                  offset: int = OFFSET, limit: int = LIMIT) -> Response:
    snapshot = services(request).library.snapshot()
    view = checks_view(snapshot, mission=mission, severity=severity.value if severity else None,
                       section=section, documents=document[:MAX_DOCUMENTS], offset=offset,
                       limit=limit)
    return _paged(request, view)


@api.get(DOC + "/findings", name="document_findings", response_model=list[FindingView],
         responses=FINDINGS_ERRORS, dependencies=READ, summary="Findings of one document")
def document_findings_json(request: Request, mission: str, period: str, kind: str,
                           severity: Severity | None = None,
                           offset: int = OFFSET, limit: int = LIMIT) -> Response:
    key = parse_key(mission, period, kind)
    snapshot = services(request).library.snapshot()
    snapshot.summary(key)
    view = checks_view(snapshot, severity=severity.value if severity else None,
                       documents=[key_slug(key)], offset=offset, limit=limit)
    return _paged(request, view)
