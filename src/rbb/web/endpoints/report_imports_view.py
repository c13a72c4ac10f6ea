"""Importing a report: what an upload holds, shown before an editor confirms storing
it (the page), or stored whole or refused (the API).

Nothing reaches the documents until the editor confirms; a file with errors is never
kept at all. Parsing and checking an upload is CPU-bound: the endpoints only read the
body on the event loop and do the rest in the thread pool (``review_upload``), so one
large upload never stalls other requests.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from fastapi import APIRouter, Depends, File, Query, Request, Response, UploadFile
from fastapi.responses import HTMLResponse, RedirectResponse
from starlette.concurrency import run_in_threadpool

from rbb.engine import check_across, run_checks, sort_findings
from rbb.engine.placement import finding_part
from rbb.model import (
    Diagnostic,
    DiagnosticSeverity,
    Document,
    DocumentKind,
    Finding,
    Period,
)
from rbb.model.coverage import Coverage
from rbb.model.facts import document_facts
from rbb.services.account_service import User
from rbb.services.background_work import JobState
from rbb.services.import_review import ImportResult, Review
from rbb.services.imports import marked_partial

from .. import uploads
from ..admission import ReadRoute
from ..context import Services, api_write, csrf_form, editor, services
from ..json_bodies import dump
from ..library import Snapshot
from ..paths import api_document_path, document_path, period_path
from ..problems import Problem, responses
from ..templating import render
from ..view_basics import FindingView, View, finding_view
from .login_account_view import SECURED


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
    coverage: Coverage | None = None
    """The sections and tables read, and the entries of the report's own contents list
    the text lacks (docs/importing.md, "Coverage and partial documents")."""
    partial: bool = False
    """The text lacks sections its contents list names: stored only with
    ``partial=true``, marked partial."""
    coverage_listing: str | None = None
    """What the text lacks, in words, when it lacks anything."""
    missing_tables: tuple[str, ...] = ()
    """The tables the text lacks, in words (``financial resources``)."""


def found(document: Document, fact_count: int | None = None) -> list[Found]:
    eas = [ea for c in document.components for ea in c.expected_accomplishments]
    facts = len(document_facts(document)) if fact_count is None else fact_count
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
        ("Facts (every number with its source line)", facts),
    ]
    return [Found(label=label, count=count) for label, count in counts]


def _findings(snapshot: Snapshot, document: Document, review: Review | None) -> list[Finding]:
    """The document's findings among the stored documents, as ``rbb check`` gives them.
    With a review from the reading worker only the cross-document checks run here."""
    others = [d for d in snapshot.documents(document.mission.code) if d.key != document.key]
    if review is None:
        return [f for f in run_checks([*others, document]) if f.document == str(document.key)]
    across = [f for f in check_across([*others, document]) if f.document == str(document.key)]
    return sort_findings([*review.findings, *across])


def import_report(snapshot: Snapshot, file: str, document: Document | None,
                  diagnostics: Sequence[Diagnostic], *, stored: bool = False,
                  page: str | None = None, review: Review | None = None) -> ImportReport:
    errors = sum(d.severity is DiagnosticSeverity.ERROR for d in diagnostics)
    warnings = sum(d.severity is DiagnosticSeverity.WARNING for d in diagnostics)
    if document is None:
        return ImportReport(file=file, stored=False, found=[], errors=errors, warnings=warnings,
                            diagnostics=list(diagnostics), findings=[], checks_available=False,
                            checks_message="nothing to check: no document could be read")
    findings = [finding_view(f, finding_part(f, document))
                for f in _findings(snapshot, document, review)]
    available, message = True, None
    replaces = any(s.period == document.period and s.kind is document.kind
                   for s in snapshot.mission_summaries(document.mission.code))
    coverage = document.coverage
    incomplete = coverage is not None and not coverage.complete
    return ImportReport(
        file=file, stored=stored, mission=document.mission.code, period=document.period,
        kind=document.kind, title=document.title, symbol=document.symbol, replaces=replaces,
        found=found(document, review.fact_count if review else None), errors=errors,
        warnings=warnings, diagnostics=list(diagnostics), findings=findings,
        checks_available=available, checks_message=message, page=page, coverage=coverage,
        partial=incomplete, coverage_listing=coverage.listing() if incomplete and coverage
        else None, missing_tables=coverage.missing_table_titles if incomplete and coverage
        else ())


def review_upload(app: Services, name: str, data: bytes,
                  step: Callable[[str], None] | None = None) -> tuple[ImportResult, ImportReport]:
    """Parse an upload and say what it holds and what the checks find. The reading and
    the document's own checks run in the bounded worker process; the endpoints run
    the rest in the thread pool (or a background job, told each ``step``).
    ``uploads.parse_upload`` is the one call of the parser."""
    result, review = uploads.parse_upload(name, data, None if step is None else
                                          (lambda section: step(f"reading {section}")),
                                          register=app.register.register())
    if step is not None:
        step("checking")
    return result, import_report(app.library.snapshot(), name, result.document,
                                 result.diagnostics, review=review)


page = APIRouter(route_class=ReadRoute)
api = APIRouter(route_class=ReadRoute)


@page.get("/import", response_class=HTMLResponse)
def import_form(request: Request, user: User = Depends(editor)) -> HTMLResponse:
    return render(request, "import.html", None, cache=False,
                  limit=services(request).settings.max_upload_bytes)


REVIEW_JOB = "page-import"
"""The import page's jobs: their outcome is a ``StagedReview``."""


class StagedReview(View):
    """What the review page shows once the job is done: the report, and the token that
    confirms storing it (None for a file that cannot be stored). Kept as JSON with the
    job, for whichever server process shows the page."""

    report: ImportReport
    token: str | None


@page.post("/import", dependencies=[Depends(editor), Depends(csrf_form)])
async def upload(request: Request, user: User = Depends(editor)) -> RedirectResponse:
    """Start reading the upload in the background and send the editor to its progress
    page, which becomes the review when the reading and the checks are done."""
    app = services(request)
    name, data, partial = await uploads.upload_from_form(request,
                                                         app.settings.max_upload_bytes)
    job = await run_in_threadpool(
        app.jobs.submit, user.username, REVIEW_JOB, name,
        lambda step: _staged_review(app, user, name, data, step, partial).model_dump_json())
    return RedirectResponse(f"/import/jobs/{job.id}", status_code=303)


def _staged_review(app: Services, user: User, name: str, data: bytes,
                   step: Callable[[str], None], partial: bool = False) -> StagedReview:
    """An excerpt (its text lacks sections its contents list names) is staged only when
    the editor ticked "partial", and then marked partial."""
    result, report = review_upload(app, name, data, step)
    if not result.ok(partial=partial) or result.document is None:
        return StagedReview(report=report, token=None)
    return StagedReview(report=report, token=app.staging.stage(
        user.id, name, marked_partial(result), result.diagnostics, source_text=result.text))


@page.get("/import/jobs/{job_id}", response_class=HTMLResponse)
def import_progress(request: Request, job_id: str,
                    user: User = Depends(editor)) -> HTMLResponse:
    """The section being read, refreshed every second (no script needed); once done, the
    review of what was found (422 for a file that cannot be stored)."""
    job = services(request).jobs.job(job_id, user.username, REVIEW_JOB)
    if job.state is JobState.DONE and job.result is not None:
        staged = StagedReview.model_validate_json(job.result)
        return render(request, "import_result.html", staged.report, cache=False,
                      status=200 if staged.token else 422, token=staged.token)
    if job.state is JobState.FAILED:
        raise Problem(422, f"{job.label}: {job.error}")
    return render(request, "import_progress.html", None, cache=False, job=job)


@page.post("/import/{token}/confirm", dependencies=[Depends(editor), Depends(csrf_form)])
def confirm(request: Request, token: str, user: User = Depends(editor)) -> RedirectResponse:
    app = services(request)
    pending = app.staging.pending(token[:100], user.id)
    app.store.save(pending.document, pending.diagnostics, source_text=pending.source_text)
    app.staging.discard(token[:100], user.id)
    app.library.invalidate()
    key = pending.document.key
    return RedirectResponse(f"{period_path(key.mission, key.period)}?stored={key.kind.value}",
                            status_code=303)


@page.post("/import/{token}/discard", dependencies=[Depends(editor), Depends(csrf_form)])
def discard(request: Request, token: str, user: User = Depends(editor)) -> RedirectResponse:
    services(request).staging.discard(token[:100], user.id)
    return RedirectResponse("/import", status_code=303)


@api.post("/imports", name="import_report_file", response_model=ImportReport,
          status_code=201,
          responses={200: {"model": ImportReport,
                           "description": "dry run: parsed and checked, nothing stored"},
                     **responses(400, 401, 403, 404, 413, 422)},
          dependencies=[Depends(editor), Depends(api_write)],
          summary="Import a report (text or PDF): stored whole, or not at all",
          description="Parses the upload; with `dry_run=true` answers what was found, the "
                      "diagnostics and the check findings without storing. A file with "
                      "errors is refused with 422 and its diagnostics; nothing is stored. A "
                      "file whose text lacks sections its own contents list names (an "
                      "excerpt) is refused with 422 and its coverage unless `partial=true`, "
                      "which stores it marked partial.",
          openapi_extra={"security": SECURED})
async def import_report_json(request: Request, file: UploadFile = File(...),
                             dry_run: bool = Query(False), partial: bool = Query(False),
                             user: User = Depends(editor)) -> Response:
    app = services(request)
    name, data = await uploads.read_upload(file, app.settings.max_upload_bytes)
    return await run_in_threadpool(_import_response, app, name, data, dry_run, partial)


@dataclass(frozen=True, slots=True)
class Imported:
    """A report imported (or read, on a dry run) through the API: the status, the report
    and where the stored document is."""

    status: int
    report: ImportReport
    location: str | None = None


def import_upload(app: Services, name: str, data: bytes, dry_run: bool,
                  step: Callable[[str], None] | None = None, partial: bool = False
                  ) -> Imported:
    """Read, check and (unless a dry run) store an upload; a file that cannot be stored
    is a 422 problem with its diagnostics, an excerpt stored without ``partial`` a 422
    problem with its coverage."""
    result, report = review_upload(app, name, data, step)
    if result.document is None or result.errors:
        raise Problem(422, f"{name}: the file could not be imported "
                           f"({report.errors} error(s)); nothing was stored",
                      extras={"errors": [d.model_dump(mode="json") for d in
                                         result.diagnostics][:200]})
    if dry_run:
        return Imported(200, report)
    if result.incomplete and not partial:
        raise Problem(422, f"{name}: partial document, nothing was stored: "
                           f"{report.coverage_listing}; import with partial=true to store it "
                           "marked partial",
                      extras={"coverage": report.coverage.model_dump(mode="json")
                              if report.coverage else None})
    document = marked_partial(result)
    app.store.save(document, result.diagnostics, source_text=result.text)
    app.library.invalidate()
    key = document.key
    stored = import_report(app.library.snapshot(), name, document, result.diagnostics,
                           stored=True, page=document_path(key))
    return Imported(201, stored, api_document_path(key))


def _import_response(app: Services, name: str, data: bytes, dry_run: bool,
                     partial: bool = False) -> Response:
    imported = import_upload(app, name, data, dry_run, partial=partial)
    headers = {"Location": imported.location} if imported.location else None
    return Response(dump(imported.report), media_type="application/json",
                    status_code=imported.status, headers=headers)
