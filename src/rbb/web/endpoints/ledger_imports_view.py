"""Importing an ERP extract into a mission's ledger through the web app or the REST API
(docs/execution.md, "Importing through the web app and the API").

With ``rbb serve`` running on the embedded store the server holds the ledger's DuckDB
file, so the server imports: the upload is streamed to a private temporary file within
``RBB_MAX_LEDGER_MB`` (``streamed_uploads``), then read and stored by a background job
(``services.background_work``) running ``LedgerService.import_file``, all or nothing.
The client gets the job at once (202) and follows it: its step, then the lines stored,
or the bad rows (row, column, value, expected) with nothing stored, or why the file is
no extract. The page is the same: a form for editors, the job's progress polled by HTMX
(a refresh without script), and the mission's imported sources.
"""

from __future__ import annotations

import datetime as dt
from urllib.parse import quote

from fastapi import APIRouter, Depends, Request, Response
from fastapi.responses import HTMLResponse, RedirectResponse
from pydantic import Field
from starlette.concurrency import run_in_threadpool

from rbb.model.errors import NotFoundError
from rbb.services.account_service import Role, User
from rbb.services.background_work import Job, JobState, Step
from rbb.services.ledger_uploads import (
    MAX_MAPPING_UPLOAD,
    LedgerImportOutcome,
    UploadedExtract,
    check_source_name,
    import_extract,
    imported_sources,
)

from ..admission import ReadRoute
from ..context import Services, api_write, editor, reader, services
from ..json_bodies import dump, respond
from ..paths import parse_mission
from ..problems import Problem, responses
from ..security import CSRF_FIELD, CSRF_HEADER
from ..streamed_uploads import FileBound, StreamedForm, receive_form
from ..templating import render
from ..view_basics import View
from .keyed_routes import READ, READ_ERRORS
from .login_account_view import SECURED

KIND = "ledger-import"
"""The jobs of both the page and the API: the same outcome, shown two ways."""
IMPORTS = "/missions/{mission}/ledger/imports"
PATHS = (r"(/api/v1)?/missions/[^/]+/ledger/imports",)
"""The addresses that take an extract: ``BodyLimit`` lets them carry up to the ledger's
limit (``app.create_app``)."""


class BadRowView(View):
    row: int
    """1 = the first row after the header."""
    column: str
    value: str
    """The cell, escaped and cut to 60 characters."""
    expected: str
    where: str = ""
    """Where the row is in the file (``line 7``, ``sheet row 7``)."""


class LedgerImportResult(View):
    """How the import ended: ``stored`` with its lines, or nothing stored and why."""

    mission: str
    source: str
    file: str
    stored: bool
    lines: int
    accounts: int
    """Accounts in the mapping the ledger's aggregates join with."""
    bad_rows: list[BadRowView] = Field(default_factory=list)
    """The first bad rows (100 at most): nothing was stored."""
    more_bad_rows: int = 0
    error: str | None = None
    """Why nothing was stored: the bad rows in one line, or a file that is no extract."""


class LedgerImportJob(View):
    id: str
    mission: str
    file: str
    state: JobState
    step: str | None
    steps: int
    result: LedgerImportResult | None = None
    """Once done: what was stored, or why nothing was."""
    error: str | None = None
    """Why the job itself failed (not a refused extract: that is a result)."""
    location: str
    page: str


class SourceView(View):
    source: str
    lines: int
    imported_at: dt.datetime
    """UTC."""


class LedgerPage(View):
    mission: str
    sources: list[SourceView]
    can_import: bool
    limit: int
    """The most an extract may hold, in bytes (``RBB_MAX_LEDGER_MB``)."""
    api: str


def _result(outcome: LedgerImportOutcome) -> LedgerImportResult:
    return LedgerImportResult(
        mission=outcome.mission, source=outcome.source, file=outcome.file,
        stored=outcome.stored, lines=outcome.lines, accounts=outcome.accounts,
        bad_rows=[BadRowView(row=r.row, column=r.column, value=r.value, expected=r.expected,
                             where=r.where) for r in outcome.bad_rows],
        more_bad_rows=outcome.more_bad_rows, error=outcome.error)


def _mission_and_file(job: Job) -> tuple[str, str]:
    mission, _, file = job.label.partition("/")
    return mission, file


def job_view(job: Job) -> LedgerImportJob:
    mission, file = _mission_and_file(job)
    result = (None if job.result is None
              else LedgerImportResult.model_validate_json(job.result))
    path = f"/missions/{quote(mission)}/ledger/imports/{job.id}"
    return LedgerImportJob(id=job.id, mission=mission, file=file, state=job.state,
                           step=job.step, steps=job.steps, result=result, error=job.error,
                           location=f"/api/v1{path}", page=path)


def _job(request: Request, mission: str, job_id: str, user: User) -> Job:
    """The user's own job of this mission: any other is as unknown as none."""
    job = services(request).jobs.job(job_id[:64], user.username, KIND)
    if _mission_and_file(job)[0] != mission:
        raise NotFoundError("no such job of this mission")
    return job


async def _start(request: Request, mission: str, user: User, *, form_csrf: bool) -> Job:
    """Receive the form into a private folder, then queue its import; the folder goes
    with the job (or at once, if the form or the queue refuses it)."""
    app = services(request)
    code = parse_mission(mission)
    header = request.headers.get(CSRF_HEADER)

    def check_csrf(fields: dict[str, str]) -> None:
        app.auth.check_csrf(request, header or fields.get(CSRF_FIELD))

    form = await receive_form(
        request, fields=frozenset({"source", "mapping_source", CSRF_FIELD}),
        files={"file": FileBound(app.settings.max_ledger_bytes,
                                 f"{app.settings.max_ledger_bytes:,} bytes "
                                 "(RBB_MAX_LEDGER_MB)"),
               "mapping": FileBound(MAX_MAPPING_UPLOAD,
                                    f"{MAX_MAPPING_UPLOAD:,} bytes (a column mapping)")},
        before_file=check_csrf if form_csrf else None)
    try:
        if form_csrf:
            check_csrf(form.fields)
        upload = _upload(code, form)
        name = upload.path.name
        return await run_in_threadpool(
            app.jobs.submit, user.username, KIND, f"{code}/{name}",
            lambda step: _run(app, form, upload, step))
    except BaseException:
        await run_in_threadpool(form.discard)
        raise


def _upload(mission: str, form: StreamedForm) -> UploadedExtract:
    extract = form.files.get("file")
    if extract is None:
        raise Problem(400, "no extract was uploaded: send it in the form field 'file' (CSV, "
                           "Excel or Parquet)")
    named = {key: check_source_name(form.fields[key], key.replace("_", " "))
             if form.fields.get(key, "").strip() else None
             for key in ("source", "mapping_source")}
    mapping = form.files.get("mapping")
    if mapping is not None and named["mapping_source"] is not None:
        raise Problem(400, "give a mapping file or the source whose saved mapping to read "
                           "with (mapping_source), not both")
    return UploadedExtract(path=extract, mission=mission, source=named["source"],
                           mapping_path=mapping, mapping_source=named["mapping_source"])


def _run(app: Services, form: StreamedForm, upload: UploadedExtract, step: Step) -> str:
    try:
        outcome = import_extract(app.ledger, upload, step)
    finally:
        form.discard()
    return _result(outcome).model_dump_json()


page = APIRouter(route_class=ReadRoute)
api = APIRouter(route_class=ReadRoute)

FORM_BODY = {"required": True, "content": {"multipart/form-data": {"schema": {
    "type": "object", "required": ["file"], "properties": {
        "file": {"type": "string", "format": "binary",
                 "description": "The ERP extract: CSV, Excel or Parquet"},
        "source": {"type": "string", "maxLength": 64,
                   "description": "The extract's name; a re-sent extract of the same name "
                                  "replaces its lines. Default: the file's name"},
        "mapping": {"type": "string", "format": "binary",
                    "description": "A column mapping file, JSON or YAML (64 KiB at most)"},
        "mapping_source": {"type": "string", "maxLength": 64,
                           "description": "Read with the column mapping saved for this "
                                          "source of the mission (`rbb ledger map`)"}}}}}}


@api.post(IMPORTS, name="start_ledger_import", response_model=LedgerImportJob,
          status_code=202, responses=responses(400, 401, 403, 404, 413, 415, 429),
          dependencies=[Depends(editor), Depends(api_write)],
          summary="Import an ERP extract into the mission's ledger, in the background",
          description="Answers 202 at once with the job; `GET` its `location` shows its "
                      "step, then its `result`: the lines stored, or the bad rows (row, "
                      "column, value, expected) with nothing stored, or why the file is no "
                      "extract. Without `mapping` or `mapping_source` the extract is read "
                      "with the mapping saved for its source, else rbb's own columns. The "
                      "file may hold up to RBB_MAX_LEDGER_MB (413 over it). A job is "
                      "visible only to its user, and kept ten minutes after it ends.",
          openapi_extra={"security": SECURED, "requestBody": FORM_BODY})
async def start_ledger_import(request: Request, mission: str,
                              user: User = Depends(editor)) -> Response:
    view = job_view(await _start(request, mission, user, form_csrf=False))
    return Response(dump(view), media_type="application/json", status_code=202,
                    headers={"Location": view.location})


@api.get(IMPORTS + "/{job_id}", name="ledger_import", response_model=LedgerImportJob,
         responses=responses(401, 403, 404), dependencies=[Depends(editor)],
         summary="The progress of a ledger import, then what it stored or refused",
         openapi_extra={"security": SECURED})
def ledger_import(request: Request, mission: str, job_id: str,
                  user: User = Depends(editor)) -> Response:
    job = _job(request, parse_mission(mission), job_id, user)
    return Response(dump(job_view(job)), media_type="application/json",
                    headers={"Cache-Control": "no-store"})


def ledger_page(request: Request, mission: str, user: User | None) -> LedgerPage:
    code = parse_mission(mission)
    app = services(request)
    sources = [SourceView(source=s.source, lines=s.lines, imported_at=s.imported_at)
               for s in imported_sources(app.ledger, code)]
    return LedgerPage(mission=code, sources=sources,
                      can_import=user is not None and user.role.allows(Role.EDITOR),
                      limit=app.settings.max_ledger_bytes,
                      api=f"/api/v1/missions/{code}/ledger/sources")


@api.get("/missions/{mission}/ledger/sources", name="ledger_sources",
         response_model=LedgerPage, responses=READ_ERRORS, dependencies=READ,
         summary="The extracts imported into a mission's ledger: lines and when")
def ledger_sources(request: Request, mission: str,
                   user: User | None = Depends(reader)) -> Response:
    return respond(request, dump(ledger_page(request, mission, user)))


@page.get("/missions/{mission}/ledger", response_class=HTMLResponse)
def ledger_form(request: Request, mission: str,
                user: User | None = Depends(reader)) -> HTMLResponse:
    return render(request, "ledger.html", ledger_page(request, mission, user), cache=False)


@page.post(IMPORTS, dependencies=[Depends(editor)])
async def ledger_upload(request: Request, mission: str,
                        user: User = Depends(editor)) -> RedirectResponse:
    """The form's CSRF token is read from the fields sent before the file (the form puts
    it first), so a forged form is refused before a byte of the file is kept."""
    job = job_view(await _start(request, mission, user, form_csrf=True))
    return RedirectResponse(job.page, status_code=303)


@page.get(IMPORTS + "/{job_id}", response_class=HTMLResponse)
def ledger_import_page(request: Request, mission: str, job_id: str,
                       user: User = Depends(editor)) -> HTMLResponse:
    """The job's step, polled every second (HTMX; a refresh without script), then what
    was stored or the bad rows (422: nothing was stored)."""
    view = job_view(_job(request, parse_mission(mission), job_id, user))
    finished = view.state in (JobState.DONE, JobState.FAILED)
    refused = finished and (view.result is None or not view.result.stored)
    return render(request, "ledger_job.html", view, cache=False,
                  status=422 if refused else 200, finished=finished)
