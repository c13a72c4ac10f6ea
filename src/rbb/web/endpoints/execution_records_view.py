"""Redeployments and the results tracker (docs/execution.md): a period's redeployments
with the table the performance report prints and what reconciling them found; every
indicator and output of the stored frameworks with its actual values by quarter and their
evidence. Editors record through the pages' forms (CSRF) or the API; viewers read.

Evidence downloads are attachments under the sanitised name the store kept, with the
media type sniffed when they were uploaded: a browser never renders one in rbb's origin.
Pages are never kept in the page cache (``cache=False``): a record shows at once."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Path, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from pydantic import BaseModel, ConfigDict, Field
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import UploadFile

from rbb.model.classes import BY_CODE, GROUPS, LineKind
from rbb.model.cycle import Period
from rbb.model.errors import InputError, NotFoundError, TooLargeError
from rbb.model.evidence import MAX_EVIDENCE_BYTES
from rbb.model.execution import Evidence
from rbb.services.account_service import Role, User
from rbb.services.execution_records import (
    Actual,
    TrackedComponent,
    redeployment_data,
    summary_data,
    withdrawal_data,
)

from ..admission import ReadRoute
from ..context import api_write, csrf_form, editor, reader, services
from ..json_bodies import JSON, plain_json, respond
from ..paths import API, parse_mission, parse_period_slug, period_path, period_slug
from ..problems import Problem, responses
from ..templating import render
from .keyed_routes import READ, READ_ERRORS
from .login_account_view import SECURED

WRITE = [Depends(editor), Depends(api_write)]
RecordId = Annotated[int, Path(ge=1, le=2**31 - 1)]
"""A stored record's number: what the store's integer column can hold."""
WRITE_ERRORS = responses(400, 401, 403, 404, 413, 422)
FORM = [Depends(editor), Depends(csrf_form)]
LINES = [(line.code, line.label, line.kind is LineKind.GROUP)
         for line in GROUPS + tuple(c for c in BY_CODE.values() if c.kind is LineKind.CLASS)]
"""What funds move between, for the form's lists: the groups, then the classes."""


class NewRedeployment(BaseModel):
    """An approved redeployment: the amount in dollars (exact text), from and to a group
    or class code of ``rbb.model.classes``."""

    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [{
        "date": "2024-03-15", "amount": "125000.00", "from_line": "civilian_personnel",
        "to_line": "facilities_and_infrastructure", "reason": "Generator fuel",
        "approver": "Director of Mission Support"}]})

    date: dt.date
    amount: str = Field(max_length=40)
    from_line: str = Field(max_length=64)
    to_line: str = Field(max_length=64)
    reason: str = Field(max_length=2000)
    approver: str = Field(max_length=64)


class NewActual(BaseModel):
    """A quarter's actual value of an indicator (``key`` 1.1.1) or an output (``key``
    1.1/3: its expected accomplishment and its place there)."""

    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [{
        "subject": "indicator", "component": "substantive", "key": "1.1.1", "quarter": 2,
        "value": "44 per cent", "note": "Survey of March"}]})

    subject: str = Field(max_length=16)
    component: str = Field(max_length=64)
    key: str = Field(max_length=32)
    quarter: int = Field(ge=1, le=4)
    value: str = Field(max_length=200)
    note: str = Field("", max_length=2000)


def _period(mission: str, period: str) -> tuple[str, Period]:
    return parse_mission(mission), parse_period_slug(period)


def _evidence_path(mission: str, period: Period, evidence: Evidence) -> str:
    return f"{period_path(mission, period)}/evidence/{evidence.id}"


def _can_write(user: User | None) -> bool:
    return user is not None and user.role.allows(Role.EDITOR)


# --- data of both interfaces --------------------------------------------------------

def _evidence(mission: str, period: Period, e: Evidence) -> dict[str, Any]:
    return {"id": e.id, "file_name": e.file_name, "media_type": e.media_type,
            "size": e.size, "sha256": e.sha256, "recorded_by": e.recorded_by,
            "recorded_at": e.recorded_at.isoformat(),
            "download": f"{API}/missions/{mission}/periods/{period_slug(period)}/evidence/"
                        f"{e.id}"}


def actual_data(a: Actual) -> dict[str, Any]:
    return {"id": a.id, "quarter": a.quarter, "value": a.value, "note": a.note,
            "recorded_by": a.recorded_by, "recorded_at": a.recorded_at.isoformat(),
            "withdrawn": withdrawal_data(a.withdrawn),
            "evidence": [_evidence(a.mission, a.period, e) for e in a.evidence]}


def tracker_data(mission: str, period: Period, tracked: list[TrackedComponent],
                 origin: str) -> dict[str, Any]:
    return {"mission": mission, "period": period.label, "frameworks_from": origin,
            "components": [{"key": c.key, "name": c.name, "expected_accomplishments": [
                {"number": number, "text": text, "entries": [
                    {"subject": e.subject.value, "key": e.key, "text": e.text,
                     "planned": e.planned,
                     "actuals": [actual_data(e.actuals[q]) for q in sorted(e.actuals)],
                     "withdrawn": [actual_data(e.withdrawn[q]) for q in sorted(e.withdrawn)]}
                    for e in entries]}
                for number, text, entries in c.accomplishments]} for c in tracked]}


# --- pages ----------------------------------------------------------------------------

page = APIRouter(route_class=ReadRoute)
api = APIRouter(route_class=ReadRoute)


def _redeployments_page(request: Request, mission: str, period: Period, *,
                        status: int = 200, message: str | None = None,
                        form: dict[str, str] | None = None) -> HTMLResponse:
    summary = services(request).execution.summary(mission, period)
    return render(request, "redeployments.html", None, status=status, cache=False,
                  summary=summary, mission=mission, period=period,
                  overview=period_path(mission, period), lines=LINES, labels={
                      code: label for code, label, _ in LINES},
                  can_write=_can_write(services(request).auth.user(request)),
                  message=message, form=form or {})


@page.get("/missions/{mission}/{period}/redeployments", response_class=HTMLResponse)
def redeployments(request: Request, mission: str, period: str,
                  user: User | None = Depends(reader)) -> HTMLResponse:
    code, label = _period(mission, period)
    return _redeployments_page(request, code, label)


async def _form(request: Request) -> tuple[dict[str, str], UploadFile | None]:
    form = await request.form()
    fields = {name: value[:2000] for name, value in form.items() if isinstance(value, str)}
    upload = form.get("evidence")
    return fields, upload if isinstance(upload, UploadFile) and upload.filename else None


@page.post("/missions/{mission}/{period}/redeployments", dependencies=FORM)
async def redeploy(request: Request, mission: str, period: str) -> Response:
    code, label = _period(mission, period)
    fields, _ = await _form(request)
    return await run_in_threadpool(_redeploy, request, code, label, fields)


def _redeploy(request: Request, mission: str, period: Period, form: dict[str, str]
              ) -> Response:
    user = services(request).auth.user(request)
    assert user is not None
    try:
        day = _date(form.get("date", ""))
        services(request).execution.redeploy(
            mission, period, date=day, amount=form.get("amount", ""),
            from_line=form.get("from_line", ""), to_line=form.get("to_line", ""),
            reason=form.get("reason", ""), approver=form.get("approver", ""),
            by=user.username)
        _findings_changed(request)
    except InputError as error:
        return _redeployments_page(request, mission, period, status=400, message=str(error),
                                   form=form)
    return RedirectResponse(f"{period_path(mission, period)}/redeployments", status_code=303)


@page.post("/missions/{mission}/{period}/redeployments/withdraw", dependencies=FORM)
async def withdraw_redeployment(request: Request, mission: str, period: str) -> Response:
    """Withdraw a redeployment recorded in error (kept, marked, no longer counted)."""
    code, label = _period(mission, period)
    fields, _ = await _form(request)
    return await run_in_threadpool(_withdraw_redeployment, request, code, label, fields)


def _withdraw_redeployment(request: Request, mission: str, period: Period,
                           form: dict[str, str]) -> Response:
    user = services(request).auth.user(request)
    assert user is not None
    try:
        services(request).execution.withdraw_redeployment(
            mission, period, _number(form.get("redeployment", ""), "redeployment"),
            reason=form.get("reason", ""), by=user.username)
        _findings_changed(request)
    except InputError as error:
        return _redeployments_page(request, mission, period, status=400, message=str(error))
    return RedirectResponse(f"{period_path(mission, period)}/redeployments", status_code=303)


def _findings_changed(request: Request) -> None:
    """A redeployment recorded or withdrawn changes its mission's findings (``rbb check``'s
    ``redeployments.*``, stored with the documents): the next page reads them anew."""
    services(request).library.invalidate()


def _number(text: str, what: str) -> int:
    """A record's number from a form: digits the store's integer column can hold."""
    text = text.strip()
    if not text.isdigit() or not 1 <= int(text) < 2**31:
        raise InputError(f"{what} {text[:20]!r} is not a record's number (expected e.g. 12)")
    return int(text)


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text.strip())
    except ValueError:
        raise InputError(f"date {text[:20]!r} is not a date (expected 2024-03-15)") from None


def _tracker_page(request: Request, mission: str, period: Period, *, status: int = 200,
                  message: str | None = None) -> HTMLResponse:
    tracked, origin = services(request).execution.tracker(mission, period)
    return render(request, "results_tracker.html", None, status=status, cache=False,
                  tracked=tracked, origin=origin, mission=mission, period=period,
                  overview=period_path(mission, period),
                  evidence_path=lambda e: _evidence_path(mission, period, e),
                  can_write=_can_write(services(request).auth.user(request)),
                  message=message)


@page.get("/missions/{mission}/{period}/results-tracker", response_class=HTMLResponse)
def results_tracker(request: Request, mission: str, period: str,
                    user: User | None = Depends(reader)) -> HTMLResponse:
    code, label = _period(mission, period)
    return _tracker_page(request, code, label)


@page.post("/missions/{mission}/{period}/results-tracker", dependencies=FORM)
async def record(request: Request, mission: str, period: str) -> Response:
    """Record a quarter's value, with an evidence file if one is attached (read up to
    the limit and no further: a larger one is refused, and nothing is recorded)."""
    code, label = _period(mission, period)
    fields, upload = await _form(request)
    content = None if upload is None else await _read(upload)
    name = None if upload is None else upload.filename or "evidence"
    return await run_in_threadpool(_record, request, code, label, fields, name, content)


async def _read(upload: UploadFile) -> bytes:
    data = await upload.read(MAX_EVIDENCE_BYTES + 1)
    if len(data) > MAX_EVIDENCE_BYTES:
        raise TooLargeError(f"evidence may be at most {MAX_EVIDENCE_BYTES:,} bytes")
    return data


def _record(request: Request, mission: str, period: Period, form: dict[str, str],
            name: str | None, content: bytes | None) -> Response:
    app = services(request)
    user = app.auth.user(request)
    assert user is not None
    try:
        quarter = int(form.get("quarter", "0")) if form.get("quarter", "").isdigit() else 0
        app.execution.record(
            mission, period, subject=form.get("subject", ""),
            component=form.get("component", ""), key=form.get("key", "").strip(),
            quarter=quarter, value=form.get("value", ""), note=form.get("note", ""),
            by=user.username,
            files=[] if content is None or name is None else [(name, content)])
    except TooLargeError:
        raise
    except InputError as error:
        return _tracker_page(request, mission, period, status=400, message=str(error))
    return RedirectResponse(f"{period_path(mission, period)}/results-tracker",
                            status_code=303)


@page.post("/missions/{mission}/{period}/results-tracker/withdraw", dependencies=FORM)
async def withdraw_actual(request: Request, mission: str, period: str) -> Response:
    """Withdraw an actual value recorded in error (kept with its evidence, not counted)."""
    code, label = _period(mission, period)
    fields, _ = await _form(request)
    return await run_in_threadpool(_withdraw_actual, request, code, label, fields)


def _withdraw_actual(request: Request, mission: str, period: Period,
                     form: dict[str, str]) -> Response:
    user = services(request).auth.user(request)
    assert user is not None
    try:
        services(request).execution.withdraw_actual(
            mission, period, _number(form.get("actual", ""), "actual value"),
            reason=form.get("reason", ""), by=user.username)
    except InputError as error:
        return _tracker_page(request, mission, period, status=400, message=str(error))
    return RedirectResponse(f"{period_path(mission, period)}/results-tracker",
                            status_code=303)


def _download(request: Request, mission: str, period: Period, evidence_id: int) -> Response:
    found = services(request).execution.evidence_file(evidence_id)
    if (found.actual.mission, found.actual.period) != (mission, period):
        raise NotFoundError(f"no evidence numbered {evidence_id} is stored for {mission} "
                            f"{period}")
    media_type = found.evidence.media_type
    if media_type.startswith("text/"):
        media_type += "; charset=utf-8"
    return Response(found.content, media_type=media_type, headers={
        "Content-Disposition": f'attachment; filename="{found.evidence.file_name}"',
        "Content-Security-Policy": "default-src 'none'; sandbox",
        "Cache-Control": "private, no-store", "X-Content-Type-Options": "nosniff",
        "ETag": f'"{found.evidence.sha256[:32]}"'})


@page.get("/missions/{mission}/{period}/evidence/{evidence_id}")
def evidence(request: Request, mission: str, period: str, evidence_id: RecordId,
             user: User | None = Depends(reader)) -> Response:
    code, label = _period(mission, period)
    return _download(request, code, label, evidence_id)


# --- API --------------------------------------------------------------------------------

PERIOD = "/missions/{mission}/periods/{period}"


def _written(data: Any, status: int = 201, location: str | None = None) -> Response:
    headers = {"Cache-Control": "no-store"}
    if location:
        headers["Location"] = location
    return Response(plain_json(data), status_code=status, media_type=JSON, headers=headers)


@api.get(PERIOD + "/redeployments", name="redeployments", responses=READ_ERRORS,
         dependencies=READ, summary="A period's redeployments and the table by group",
         description="Amounts of the redeployments in dollars; the table in thousands of "
                     "dollars as the performance report prints it, its original "
                     "distribution from the stored apportionment; findings where the "
                     "recorded redeployments and the stored report disagree.")
def redeployments_json(request: Request, mission: str, period: str) -> Response:
    code, label = _period(mission, period)
    summary = services(request).execution.summary(code, label)
    return respond(request, plain_json(summary_data(summary)))


@api.post(PERIOD + "/redeployments", name="redeploy", status_code=201,
          responses=WRITE_ERRORS, dependencies=WRITE, openapi_extra={"security": SECURED},
          summary="Record an approved redeployment (editors)")
def redeploy_json(request: Request, mission: str, period: str, body: NewRedeployment,
                  user: User = Depends(editor)) -> Response:
    code, label = _period(mission, period)
    stored = services(request).execution.redeploy(
        code, label, date=body.date, amount=body.amount, from_line=body.from_line,
        to_line=body.to_line, reason=body.reason, approver=body.approver, by=user.username)
    _findings_changed(request)
    return _written(redeployment_data(stored))


class NewWithdrawal(BaseModel):
    """Why a record made in error is withdrawn."""

    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [{
        "reason": "Recorded twice"}]})

    reason: str = Field(max_length=2000)


@api.post(PERIOD + "/redeployments/{redeployment_id}/withdrawal", name="withdraw_redeployment",
          responses=WRITE_ERRORS, dependencies=WRITE, openapi_extra={"security": SECURED},
          summary="Withdraw a redeployment recorded in error (editors)",
          description="The redeployment is kept, marked withdrawn with who, when and why, "
                      "and no longer counts; a second withdrawal is refused (400).")
def withdraw_redeployment_json(request: Request, mission: str, period: str,
                               redeployment_id: RecordId, body: NewWithdrawal,
                               user: User = Depends(editor)) -> Response:
    code, label = _period(mission, period)
    withdrawn = services(request).execution.withdraw_redeployment(
        code, label, redeployment_id, reason=body.reason, by=user.username)
    _findings_changed(request)
    return _written(redeployment_data(withdrawn), status=200)


@api.get(PERIOD + "/results-tracker", name="results_tracker", responses=READ_ERRORS,
         dependencies=READ, summary="Each indicator and output with its actuals by quarter")
def results_tracker_json(request: Request, mission: str, period: str) -> Response:
    code, label = _period(mission, period)
    tracked, origin = services(request).execution.tracker(code, label)
    return respond(request, plain_json(tracker_data(code, label, tracked, origin)))


@api.post(PERIOD + "/results-tracker", name="record_actual", status_code=201,
          responses=WRITE_ERRORS, dependencies=WRITE, openapi_extra={"security": SECURED},
          summary="Record a quarter's actual value of an indicator or output (editors)",
          description="Recording the same entry and quarter again replaces its value and "
                      "keeps its evidence.")
def record_json(request: Request, mission: str, period: str, body: NewActual,
                user: User = Depends(editor)) -> Response:
    code, label = _period(mission, period)
    stored = services(request).execution.record(
        code, label, subject=body.subject, component=body.component, key=body.key,
        quarter=body.quarter, value=body.value, note=body.note, by=user.username)
    return _written(actual_data(stored))


@api.post(PERIOD + "/results-tracker/{actual_id}/withdrawal", name="withdraw_actual",
          responses=WRITE_ERRORS, dependencies=WRITE, openapi_extra={"security": SECURED},
          summary="Withdraw an actual value recorded in error (editors)",
          description="The value is kept with its evidence, marked withdrawn with who, when "
                      "and why; its quarter has no value until one is recorded again.")
def withdraw_actual_json(request: Request, mission: str, period: str, actual_id: RecordId,
                         body: NewWithdrawal, user: User = Depends(editor)) -> Response:
    code, label = _period(mission, period)
    withdrawn = services(request).execution.withdraw_actual(
        code, label, actual_id, reason=body.reason, by=user.username)
    return _written(actual_data(withdrawn), status=200)


@api.post(PERIOD + "/results-tracker/{actual_id}/evidence", name="add_evidence",
          status_code=201, responses=WRITE_ERRORS, dependencies=WRITE,
          openapi_extra={"security": SECURED},
          summary="Upload an evidence file for an actual value (multipart field `file`)",
          description="PDF, PNG, JPEG, plain text, CSV, XLSX or DOCX, recognised by its "
                      "content; at most 10 MB (413 beyond); the name is reduced to plain "
                      "characters.")
async def add_evidence_json(request: Request, mission: str, period: str,
                            actual_id: RecordId,
                            user: User = Depends(editor)) -> Response:
    code, label = _period(mission, period)
    form = await request.form()
    upload = form.get("file")
    if not isinstance(upload, UploadFile):
        raise Problem(400, "no file was uploaded: send the evidence in the form field 'file'")
    content = await _read(upload)
    return await run_in_threadpool(_add_evidence, request, code, label, actual_id,
                                   upload.filename or "evidence", content, user)


def _add_evidence(request: Request, mission: str, period: Period, actual_id: int,
                  name: str, content: bytes, user: User) -> Response:
    execution = services(request).execution
    actual = execution.actual(actual_id)
    if (actual.mission, actual.period) != (mission, period):
        raise NotFoundError(f"no actual value numbered {actual_id} is stored for {mission} "
                            f"{period}")
    stored = execution.add_evidence(actual_id, name, content, by=user.username)
    return _written(_evidence(mission, period, stored))


@api.get(PERIOD + "/evidence/{evidence_id}", name="evidence", responses=READ_ERRORS,
         dependencies=READ, response_class=Response,
         summary="Download an evidence file (an attachment, under its sanitised name)")
def evidence_json(request: Request, mission: str, period: str,
                  evidence_id: RecordId) -> Response:
    code, label = _period(mission, period)
    return _download(request, code, label, evidence_id)
