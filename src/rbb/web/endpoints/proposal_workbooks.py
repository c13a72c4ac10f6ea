"""A proposal as an Excel workbook in the web app and the API (docs/preparation.md,
"Workbook round trip"): the export, and an edited workbook read back.

The page reads an upload as a dry run and shows what it would save (the cells edited,
``Sheet!E7`` old → new, and the comparison with the newest revision); its "save as a new
revision" button saves exactly that: the upload is kept on the server under a random
token (``rbb.web.workbook_uploads``) with the head revision the review was computed on,
and the save is refused (shown again) if another revision landed since. A bad cell is
refused naming ``Sheet!cell``, what was found and what was expected; nothing is stored.
Reading a workbook is CPU-bound: it runs in the thread pool, never on the event loop."""

from __future__ import annotations

import io
import re
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request, Response
from fastapi.responses import HTMLResponse, RedirectResponse
from starlette.concurrency import run_in_threadpool

from rbb.model.errors import InputError, StaleRevisionError
from rbb.services.account_service import User
from rbb.services.proposal_diff import diff_data
from rbb.services.proposal_service import ProposalService, record_data
from rbb.services.proposal_workbook import workbook
from rbb.services.proposal_workbook_reading import WorkbookImport, import_workbook

from .. import uploads
from ..admission import ReadRoute
from ..context import api_write, csrf_form, editor, member, services
from ..paths import API
from ..problems import Problem, responses
from ..templating import render
from ..workbook_uploads import WorkbookUploads
from .proposals_view import ProposalId, _written

page = APIRouter(route_class=ReadRoute)
api = APIRouter(route_class=ReadRoute)

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CELL = re.compile(r"^(?P<cell>[^!:\n]{1,40}![A-Z]{1,3}[0-9]{1,7})\b")
COMMENT_LIMIT = 2000
staged_uploads = WorkbookUploads()
"""Where uploads wait for their save (a test may point it at its own folder)."""


def export_response(app_proposals: ProposalService, proposal_id: int,
                    revision: int | None) -> Response:
    view = app_proposals.show(proposal_id, revision)
    buffer = io.BytesIO()
    workbook(proposal_id, view.head.number, view.document).save(buffer)
    name = f"proposal-{proposal_id}-r{view.head.number}.xlsx"
    return Response(buffer.getvalue(), media_type=XLSX, headers={
        "Content-Disposition": f'attachment; filename="{name}"',
        "Cache-Control": "no-store"})


def bad_cell(error: InputError) -> Problem | InputError:
    """A cell refused (the message names it: ``Cost estimates!E7``) as a problem, 422,
    with ``cell``; any other refusal (not a workbook, a proposal no longer editable) as
    it is (400)."""
    found = CELL.match(error.detail)
    if found is None:
        return error
    return Problem(422, str(error), title="A cell of the workbook is refused",
                   extras={"cell": found.group("cell")})


def read_bytes(app_proposals: ProposalService, proposal_id: int, data: bytes, *, by: str,
               dry_run: bool, comment: str = "", expected_head: int | None = None,
               name: str = "workbook.xlsx") -> WorkbookImport:
    """The upload read (and saved unless ``dry_run``) through a private temporary file;
    with ``expected_head``, refused if the newest revision is another one."""
    if expected_head is not None:
        head = app_proposals.store.proposal(proposal_id).head
        if head != expected_head:
            raise StaleRevisionError(
                f"revision {head} was saved after the review of this workbook (computed "
                f"on revision {expected_head}): review it again before saving",
                based_on=expected_head, head=head)
    with tempfile.TemporaryDirectory(prefix="rbb-workbook-") as folder:
        path = Path(folder) / uploads.safe_name(name)
        path.write_bytes(data)
        return import_workbook(app_proposals, proposal_id, path, by=by, comment=comment,
                               dry_run=dry_run)


def reading_data(done: WorkbookImport) -> dict[str, Any]:
    """A dry run or a save as JSON: the workbook's revision, the cells edited and the
    comparison with the newest revision."""
    return {"proposal": done.reading.proposal, "workbook_revision": done.reading.revision,
            "head": done.head, "saved": done.saved,
            "edits": [{"cell": e.where, "old": _json_value(e.old), "new": _json_value(e.new)}
                      for e in done.reading.edits],
            "diff": diff_data(done.diff)}


def _json_value(value: object) -> object:
    return value if value is None or isinstance(value, (str, int)) else str(value)


# --- pages --------------------------------------------------------------------------


@page.get("/proposals/{proposal_id}/workbook.xlsx", dependencies=[Depends(member)])
def workbook_download(request: Request, proposal_id: ProposalId,
                      revision: Annotated[int | None, Query(ge=1, le=2**31 - 1)] = None
                      ) -> Response:
    """Revision ``revision`` (the head by default) as the workbook to edit in Excel."""
    return export_response(services(request).proposals, proposal_id, revision)


@dataclass(frozen=True, slots=True)
class Review:
    status: int
    message: str | None
    done: WorkbookImport | None
    token: str | None


def _review_page(request: Request, proposal_id: int, review: Review) -> HTMLResponse:
    app = services(request)
    proposal = app.proposals.show(proposal_id).proposal
    return render(request, "proposal_workbook.html", None, status=review.status, cache=False,
                  proposal=proposal, message=review.message, done=review.done,
                  token=review.token)


@page.post("/proposals/{proposal_id}/workbook", response_class=HTMLResponse,
           dependencies=[Depends(editor), Depends(csrf_form)])
async def workbook_upload(request: Request, proposal_id: ProposalId,
                          user: User = Depends(editor)) -> HTMLResponse:
    """Read the upload as a dry run and show what saving it would store."""
    app = services(request)
    form = await request.form(max_files=1, max_fields=10)
    name, data = await uploads.read_upload(form.get("file"), app.settings.max_upload_bytes)
    review = await run_in_threadpool(_dry_run, app.proposals, proposal_id, name, data, user)
    return await run_in_threadpool(_review_page, request, proposal_id, review)


def _dry_run(proposals: ProposalService, proposal_id: int, name: str, data: bytes,
             user: User) -> Review:
    proposals.show(proposal_id)  # 404 before anything is kept
    try:
        done = read_bytes(proposals, proposal_id, data, by=user.username, dry_run=True,
                          name=name)
    except InputError as error:
        status = 409 if isinstance(error, StaleRevisionError) else 422
        return Review(status, str(error), None, None)
    if not done.reading.edits:
        return Review(200, None, done, None)
    staged = staged_uploads.keep(data, user_id=user.id, proposal=proposal_id, name=name)
    staged = staged_uploads.reviewed(staged, done.head)
    return Review(200, None, done, staged.token)


@page.post("/proposals/{proposal_id}/workbook/{token}", dependencies=[Depends(editor),
                                                                      Depends(csrf_form)])
async def workbook_save(request: Request, proposal_id: ProposalId, token: str,
                        user: User = Depends(editor)) -> Response:
    """Save the reviewed upload as a new revision, exactly as shown; ``discard`` drops
    it."""
    form = await request.form(max_fields=10)
    comment = form.get("comment")
    text = comment[:COMMENT_LIMIT] if isinstance(comment, str) else ""
    discard = form.get("discard") is not None
    return await run_in_threadpool(_save, request, proposal_id, token[:100], text, user,
                                   discard)


def _save(request: Request, proposal_id: int, token: str, comment: str, user: User,
          discard: bool) -> Response:
    app = services(request)
    staged = staged_uploads.staged(token, user_id=user.id, proposal=proposal_id)
    if discard:
        staged_uploads.discard(token)
        return RedirectResponse(f"/proposals/{proposal_id}", status_code=303)
    try:
        done = read_bytes(app.proposals, proposal_id, staged.path.read_bytes(),
                          by=user.username, dry_run=False, comment=comment,
                          expected_head=staged.head, name=staged.name)
    except StaleRevisionError as error:
        again = _dry_run(app.proposals, proposal_id, staged.name, staged.path.read_bytes(),
                         user)
        staged_uploads.discard(token)
        return _review_page(request, proposal_id,
                            Review(409, str(error), again.done, again.token))
    except InputError as error:
        staged_uploads.discard(token)
        return _review_page(request, proposal_id, Review(422, str(error), None, None))
    staged_uploads.discard(token)
    return RedirectResponse(f"/proposals/{proposal_id}?saved={done.saved}", status_code=303)


# --- API ----------------------------------------------------------------------------


@api.get("/proposals/{proposal_id}/workbook", name="proposal_workbook",
         dependencies=[Depends(member)], response_class=Response,
         responses={200: {"description": "The workbook", "content": {XLSX: {}}},
                    **responses(400, 401, 404, 422)},
         summary="A revision as an Excel workbook to edit (the head by default)")
def workbook_json(request: Request, proposal_id: ProposalId,
                  revision: Annotated[int | None, Query(ge=1, le=2**31 - 1)] = None
                  ) -> Response:
    return export_response(services(request).proposals, proposal_id, revision)


@api.post("/proposals/{proposal_id}/workbook", name="import_proposal_workbook",
          status_code=201, dependencies=[Depends(editor), Depends(api_write)],
          responses={200: {"description": "A dry run, or a workbook that edits nothing: "
                                          "the cells edited and the comparison; nothing "
                                          "stored"},
                     201: {"description": "Saved as a new revision"},
                     **responses(400, 401, 403, 404, 409, 413, 422)},
          summary="Read an edited workbook back (a dry run, or saved as a new revision)",
          description="The body is the .xlsx itself, or a multipart form with the file in "
                      "`file`. The workbook names the revision it was exported from, so "
                      "If-Match is optional; when sent, it must name the newest revision "
                      "(409 otherwise). A bad cell is 422 with `cell` (`Sheet!E7`), what "
                      "was found and what was expected; a file that is not such a workbook "
                      "400; nothing is stored.")
async def workbook_import_json(
        request: Request, proposal_id: ProposalId,
        dry_run: Annotated[bool, Query(description="Read and compare; store nothing.")]
        = False, comment: Annotated[str, Query(max_length=COMMENT_LIMIT)] = "",
        user: User = Depends(editor)) -> Response:
    app = services(request)
    limit = app.settings.max_upload_bytes
    if request.headers.get("content-type", "").startswith("multipart/form-data"):
        form = await request.form(max_files=1, max_fields=10)
        _, data = await uploads.read_upload(form.get("file"), limit)
    else:
        data = await request.body()
        if len(data) > limit:
            raise uploads.too_large(limit)
        if not data:
            raise Problem(400, "the body is empty: send the .xlsx (or a multipart form "
                               "with the file in 'file')")
    expected = _if_match_optional(request)
    return await run_in_threadpool(_import_json, app.proposals, proposal_id, data, user,
                                   dry_run, comment, expected)


def _if_match_optional(request: Request) -> int | None:
    header = request.headers.get("if-match")
    if header is None:
        return None
    text = header.strip().removeprefix("W/").strip('"')
    if not text.isdigit() or not 1 <= int(text) < 2**31:
        raise Problem(400, f"If-Match {header[:20]!r} is not a revision number (expected "
                           "e.g. \"3\")")
    return int(text)


def _import_json(proposals: ProposalService, proposal_id: int, data: bytes, user: User,
                 dry_run: bool, comment: str, expected: int | None) -> Response:
    proposals.show(proposal_id)
    try:
        done = read_bytes(proposals, proposal_id, data, by=user.username, dry_run=dry_run,
                          comment=comment, expected_head=expected)
    except StaleRevisionError:
        raise
    except InputError as error:
        raise bad_cell(error) from None
    body = reading_data(done)
    if done.saved is None:
        return _written(body, etag=done.head, status=200)
    saved = next(r for r in proposals.history(proposal_id)
                 if getattr(r, "number", None) == done.saved)
    return _written({**body, "revision": record_data(saved)}, etag=done.saved, status=201,
                    location=f"{API}/proposals/{proposal_id}/revisions/{done.saved}")
