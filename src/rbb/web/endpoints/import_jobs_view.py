"""Importing a large report in the background: the client gets a job at once (202) and
asks for its progress (the section being read, then the checks) until the answer is
there: the same report, status and problem that ``POST /imports`` would have given.

A script that imports a 20 MB annex thus sees it move instead of holding a request
open for the whole reading, and the server holds no request open either.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, File, Query, Request, Response, UploadFile
from starlette.concurrency import run_in_threadpool

from rbb.services.account_service import User
from rbb.services.background_work import Job, JobState, Step

from .. import uploads
from ..admission import ReadRoute
from ..context import Services, api_write, editor, services
from ..json_bodies import dump
from ..problems import Problem, responses
from ..view_basics import View
from .login_account_view import SECURED
from .report_imports_view import ImportReport, import_upload

JOBS = "/imports/jobs"
KIND = "api-import"
"""The jobs of this API; the import page's jobs are another kind (``report_imports_view``)."""


class ImportOutcome(View):
    """What ``POST /imports`` would have answered."""

    status: int
    report: ImportReport | None = None
    problem: dict[str, Any] | None = None
    location: str | None = None


class ImportJob(View):
    id: str
    file: str
    state: JobState
    step: str | None
    """What the job is doing: ``reading II. Financial resources``, ``checking``."""
    steps: int
    outcome: ImportOutcome | None = None
    error: str | None = None
    """Why the job itself failed (not a refused file: that is an outcome with 422)."""
    location: str


def job_view(job: Job) -> ImportJob:
    """The job as the API shows it; its outcome was kept as JSON in the store."""
    outcome = None if job.result is None else ImportOutcome.model_validate_json(job.result)
    return ImportJob(id=job.id, file=job.label, state=job.state, step=job.step,
                     steps=job.steps, outcome=outcome, error=job.error,
                     location=f"/api/v1{JOBS}/{job.id}")


def _outcome(app: Services, name: str, data: bytes, dry_run: bool,
             step: Step, partial: bool = False) -> ImportOutcome:
    try:
        imported = import_upload(app, name, data, dry_run, step, partial=partial)
    except Problem as problem:
        return ImportOutcome(status=problem.status, problem=problem.body(JOBS))
    return ImportOutcome(status=imported.status, report=imported.report,
                         location=imported.location)


page = APIRouter(route_class=ReadRoute)
api = APIRouter(route_class=ReadRoute)


@api.post(JOBS, name="start_import_job", response_model=ImportJob, status_code=202,
          responses=responses(400, 401, 403, 413, 422, 429),
          dependencies=[Depends(editor), Depends(api_write)],
          summary="Import a report in the background; follow its progress at `location`",
          description="Answers 202 at once with the job; `GET` its `location` shows the step "
                      "it is at, then the outcome `POST /imports` would have given (201, "
                      "200 for a dry run, or 422 with the diagnostics). A job is visible "
                      "only to the user who started it, and kept for ten minutes after it "
                      "ends.",
          openapi_extra={"security": SECURED})
async def start_import_job(request: Request, file: UploadFile = File(...),
                           dry_run: bool = Query(False), partial: bool = Query(False),
                           user: User = Depends(editor)) -> Response:
    app = services(request)
    name, data = await uploads.read_upload(file, app.settings.max_upload_bytes)
    job = await run_in_threadpool(
        app.jobs.submit, user.username, KIND, name,
        lambda step: _outcome(app, name, data, dry_run, step, partial).model_dump_json())
    view = job_view(job)
    return Response(dump(view), media_type="application/json", status_code=202,
                    headers={"Location": view.location})


@api.get(JOBS + "/{job_id}", name="import_job", response_model=ImportJob,
         responses=responses(401, 403, 404), dependencies=[Depends(editor)],
         summary="The progress of an import job, then its outcome",
         openapi_extra={"security": SECURED})
def import_job(request: Request, job_id: str, user: User = Depends(editor)) -> Response:
    job = services(request).jobs.job(job_id, user.username, KIND)
    return Response(dump(job_view(job)), media_type="application/json",
                    headers={"Cache-Control": "no-store"})
