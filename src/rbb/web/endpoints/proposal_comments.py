"""Review comments on a budget proposal (docs/preparation.md, "Review comments"): the
page of its threads grouped by what they are about, the fragment of one anchor's
threads an editor shows beside a row, the forms to comment, reply, resolve and reopen,
and the same operations in the REST API.

Forms work without JavaScript (POST, then 303 back to the page, at the comment); with
HTMX the section the form sits in is swapped for its new state (422 with the reason when
refused: nothing is stored then). Reading needs a login (``member``), writing an editor
or above (``editor``); the service checks the role again and who may reopen."""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Any
from urllib.parse import quote

from fastapi import APIRouter, Depends, Path, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from pydantic import BaseModel, ConfigDict, Field
from starlette.concurrency import run_in_threadpool

from rbb.model.errors import InputError, NotFoundError, PermissionDeniedError
from rbb.model.proposal_comments import (
    ANCHOR_LIMIT,
    TEXT_LIMIT,
    Anchor,
    ProposalComment,
    ThreadState,
    anchor_key,
)
from rbb.services.account_service import Role, User
from rbb.services.proposal_comments import ProposalCommentService, comment_data, thread_data

from ..admission import ReadRoute
from ..context import api_write, csrf_form, editor, member, services
from ..json_bodies import JSON, plain_json, respond
from ..paths import API
from ..problems import responses
from ..templating import render
from .login_account_view import SECURED
from .proposal_editing import Fields, field, form_fields
from .proposals_view import ProposalId

page = APIRouter(route_class=ReadRoute)
api = APIRouter(route_class=ReadRoute)

CommentId = Annotated[int, Path(ge=1, le=2**31 - 1)]
READ = [Depends(member)]
READ_ERRORS = responses(400, 401, 404, 422)
WRITE_ERRORS = responses(400, 401, 403, 404, 422)
"""Refusals name the field and store nothing; 403 for a viewer, and for an editor
reopening a thread another started."""


def comments_of(request: Request) -> ProposalCommentService:
    """The comment service over the app's store (cheap: it holds no state)."""
    return ProposalCommentService(services(request).proposals.engine)


def comment_counts(request: Request, proposal_id: int) -> dict[str, tuple[int, int]]:
    """For the editors of other parts: each anchor's open threads and all its threads,
    as the ``comment_count`` macro of ``_proposal_comments.html`` takes them."""
    return comments_of(request).counts(proposal_id)


def _state(text: str | None) -> ThreadState | None:
    if not text:
        return None
    try:
        return ThreadState(text)
    except ValueError:
        raise InputError(f"state: {text[:20]!r} is not open or resolved") from None


def _anchor(text: str | None) -> str | None:
    return anchor_key(text) if text else None


# --- pages ----------------------------------------------------------------------------

def _context(request: Request, proposal_id: int, *, state: str | None, anchor: str | None,
             message: str | None = None, form: dict[str, str] | None = None
             ) -> dict[str, Any]:
    app = services(request)
    user = app.auth.user(request)
    comments = comments_of(request)
    shown = app.proposals.show(proposal_id)
    proposal = shown.proposal
    choices = comments.anchors(proposal_id)
    labels = {a.key: a.label for a in choices}
    groups = comments.by_anchor(proposal_id, state=_state(state), anchor=anchor,
                                head_anchors=choices)
    writable = (user is not None and user.role.allows(Role.EDITOR)
                and proposal.state.value != "issued")
    return {"proposal": proposal, "document": shown.document, "anchors": choices,
            "anchor_groups": _grouped(choices),
            "labels": labels, "groups": groups, "state": state or "",
            "anchor": anchor or "", "message": message, "form": form or {},
            "can_write": writable,
            "is_approver": user is not None and user.role.allows(Role.APPROVER),
            "username": user.username if user else "", "text_limit": TEXT_LIMIT,
            "anchor_limit": ANCHOR_LIMIT,
            "view": "anchor" if anchor else "page"}


GROUPS = {"document": "The document", "row": "Money tables", "indicator": "Frameworks",
          "output": "Frameworks", "post-action": "Post actions", "paragraph": "Paragraphs",
          "variance": "Variance explanations", "follow-up": "Follow-up of requests"}
"""The groups of the anchor select, in the document's order."""


def _grouped(choices: list[Anchor]) -> list[tuple[str, list[Anchor]]]:
    """The anchors in runs of one group (the frameworks' indicators and outputs
    together), in their order."""
    groups: list[tuple[str, list[Anchor]]] = []
    for anchor in choices:
        name = GROUPS.get(anchor.key.partition(":")[0], "Other")
        if not groups or groups[-1][0] != name:
            groups.append((name, []))
        groups[-1][1].append(anchor)
    return groups


def _page(request: Request, proposal_id: int, *, state: str | None, anchor: str | None,
          partial: bool, status: int = 200, message: str | None = None,
          form: dict[str, str] | None = None) -> HTMLResponse:
    context = _context(request, proposal_id, state=state, anchor=anchor, message=message,
                       form=form)
    context["failed"] = status >= 400
    name = "_proposal_comment_threads.html" if partial else "proposal_comments.html"
    return render(request, name, context, status=status, cache=False)


def _htmx(request: Request) -> bool:
    return request.headers.get("hx-request") == "true"


@page.get("/proposals/{proposal_id}/comments", response_class=HTMLResponse)
def comments_page(request: Request, proposal_id: ProposalId,
                  state: Annotated[str | None, Query(max_length=20)] = None,
                  anchor: Annotated[str | None, Query(max_length=ANCHOR_LIMIT)] = None,
                  user: User = Depends(member)) -> HTMLResponse:
    """The proposal's threads grouped by anchor, open first, filtered by state and
    anchor. With HTMX and an anchor: only that anchor's section (the fragment an
    editor shows beside a row)."""
    try:
        wanted = _anchor(anchor)
        _state(state)
    except InputError as error:
        return _page(request, proposal_id, state=None, anchor=None, partial=False,
                     status=400, message=str(error))
    return _page(request, proposal_id, state=state, anchor=wanted,
                 partial=_htmx(request) and wanted is not None)


Write = Callable[[ProposalCommentService, str], ProposalComment]
"""A write of the comments, given the service and who writes."""


def _written(request: Request, proposal_id: int, fields: Fields, write: Write) -> Response:
    """Run ``write(comments, username)``; answer as the module docstring says."""
    user = services(request).auth.user(request)
    assert user is not None
    view_anchor = field(fields, "view") == "anchor"
    anchor_text = field(fields, "anchor")[:ANCHOR_LIMIT] or None
    state = field(fields, "state")[:20] or None
    try:
        shown_anchor = _anchor(anchor_text) if view_anchor else None
        state = state if _state(state) else None
        done = write(comments_of(request), user.username)
    except (InputError, NotFoundError, PermissionDeniedError) as error:
        status = 422 if _htmx(request) else (
            404 if isinstance(error, NotFoundError) else
            403 if isinstance(error, PermissionDeniedError) else 400)
        keep = {"anchor": field(fields, "anchor"), "text": field(fields, "text")}
        shown = None
        if view_anchor and anchor_text:
            try:
                shown = anchor_key(anchor_text)
            except InputError:
                shown = None
        return _page(request, proposal_id, state=None, anchor=shown,
                     partial=_htmx(request), status=status,
                     message=str(error), form=keep)
    if _htmx(request):
        response = _page(request, proposal_id, state=state, anchor=shown_anchor,
                         partial=True, message=_done(done))
        response.headers["HX-Trigger"] = "commented"
        return response
    query = []
    if shown_anchor:
        query.append("anchor=" + quote(shown_anchor, safe=""))
    if state:
        query.append("state=" + state)
    where = f"/proposals/{proposal_id}/comments" + ("?" + "&".join(query) if query else "")
    return RedirectResponse(f"{where}#comment-{done.id}", status_code=303)


def _done(comment: ProposalComment) -> str:
    if comment.resolved:
        return f"Thread {comment.id} resolved."
    if comment.reopened_at is not None and comment.id == comment.thread:
        return f"Thread {comment.id} reopened."
    return f"Comment {comment.id} saved."


@page.post("/proposals/{proposal_id}/comments",
           dependencies=[Depends(editor), Depends(csrf_form)])
async def comment_form(request: Request, proposal_id: ProposalId) -> Response:
    """A new thread on the anchor chosen, on the revision the page showed."""
    fields = await form_fields(request)

    def write(comments: ProposalCommentService, by: str) -> ProposalComment:
        revision = field(fields, "revision").strip()
        return comments.comment(proposal_id, field(fields, "anchor"), field(fields, "text"),
                                by=by, revision=_revision(revision))

    return await run_in_threadpool(_written, request, proposal_id, fields, write)


def _revision(text: str) -> int | None:
    if not text:
        return None
    if not text.isdigit() or not 1 <= int(text) < 2**31:
        raise InputError(f"revision: {text[:20]!r} is not a revision number")
    return int(text)


@page.post("/proposals/{proposal_id}/comments/{comment_id}/replies",
           dependencies=[Depends(editor), Depends(csrf_form)])
async def reply_form(request: Request, proposal_id: ProposalId, comment_id: CommentId
                     ) -> Response:
    fields = await form_fields(request)
    return await run_in_threadpool(
        _written, request, proposal_id, fields,
        lambda comments, by: comments.reply(proposal_id, comment_id,
                                            field(fields, "text"), by=by))


@page.post("/proposals/{proposal_id}/comments/{comment_id}/resolve",
           dependencies=[Depends(editor), Depends(csrf_form)])
async def resolve_form(request: Request, proposal_id: ProposalId, comment_id: CommentId
                       ) -> Response:
    fields = await form_fields(request)
    return await run_in_threadpool(
        _written, request, proposal_id, fields,
        lambda comments, by: comments.resolve(proposal_id, comment_id, by=by))


@page.post("/proposals/{proposal_id}/comments/{comment_id}/reopen",
           dependencies=[Depends(editor), Depends(csrf_form)])
async def reopen_form(request: Request, proposal_id: ProposalId, comment_id: CommentId
                      ) -> Response:
    fields = await form_fields(request)
    return await run_in_threadpool(
        _written, request, proposal_id, fields,
        lambda comments, by: comments.reopen(proposal_id, comment_id, by=by))


# --- API ------------------------------------------------------------------------------

ONE = "/proposals/{proposal_id}"


class NewComment(BaseModel):
    """A new thread: what it is about (an anchor of the revision), the text, and the
    revision the reviewer read (the head when left out)."""

    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [
        {"anchor": "indicator:substantive/1.1.2", "text": "Is 85 per cent within reach?",
         "revision": 3},
        {"anchor": "row:financial_resources/air_operations",
         "text": "Explain the rise against 2025/26."},
        {"anchor": "document", "text": "The title names the wrong period."}]})

    anchor: str = Field(max_length=ANCHOR_LIMIT)
    text: str = Field(max_length=TEXT_LIMIT + 100)
    revision: int | None = Field(None, ge=1, le=2**31 - 1)


class Reply(BaseModel):
    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [
        {"text": "Lowered to 80 per cent in revision 4."}]})

    text: str = Field(max_length=TEXT_LIMIT + 100)


def _created(data: dict[str, Any], proposal_id: int) -> Response:
    return Response(plain_json(data), status_code=201, media_type=JSON, headers={
        "Cache-Control": "no-store",
        "Location": f"{API}/proposals/{proposal_id}/comments?anchor="
                    f"{quote(str(data['anchor']), safe='')}"})


def _changed(data: dict[str, Any]) -> Response:
    return Response(plain_json(data), media_type=JSON, headers={"Cache-Control": "no-store"})


@api.get(ONE + "/comments", name="proposal_comments", responses=READ_ERRORS,
         dependencies=READ, summary="The proposal's review comments, as threads",
         description="Open threads first. Each thread is its first comment (with `state`, "
                     "who resolved it and when) and its `replies`, each with its `parent` "
                     "and `depth`. Filter by `anchor` (e.g. `indicator:substantive/1.1.2`) "
                     "and `state` (`open`, `resolved`).")
def comments_json(request: Request, proposal_id: ProposalId,
                  anchor: Annotated[str | None, Query(max_length=ANCHOR_LIMIT)] = None,
                  state: Annotated[ThreadState | None, Query()] = None) -> Response:
    found = comments_of(request).threads(proposal_id, state=state, anchor=anchor or None)
    return respond(request, plain_json([thread_data(t) for t in found]))


@api.get(ONE + "/anchors", name="proposal_anchors", responses=READ_ERRORS,
         dependencies=READ, summary="What a revision can be commented on: its anchors",
         description="Each anchor's stable `key` and its `label`, in the document's order; "
                     "the head revision unless `revision` is given.")
def anchors_json(request: Request, proposal_id: ProposalId,
                 revision: Annotated[int | None, Query(ge=1, le=2**31 - 1)] = None
                 ) -> Response:
    found = comments_of(request).anchors(proposal_id, revision)
    return respond(request, plain_json([{"key": a.key, "label": a.label} for a in found]))


@api.post(ONE + "/comments", name="comment_on_proposal", status_code=201,
          responses=WRITE_ERRORS, dependencies=[Depends(editor), Depends(api_write)],
          openapi_extra={"security": SECURED},
          summary="Comment on a part of the proposal (editors and approvers)",
          description="400 naming the field when the anchor is not one the revision holds "
                      "(`anchor: no indicator substantive/9.9.9 in revision 3`), the text "
                      "is empty, too long or holds control characters, or the proposal is "
                      "issued.")
def comment_json(request: Request, proposal_id: ProposalId, body: NewComment,
                 user: User = Depends(editor)) -> Response:
    made = comments_of(request).comment(proposal_id, body.anchor, body.text,
                                        by=user.username, revision=body.revision)
    return _created(comment_data(made), proposal_id)


@api.post(ONE + "/comments/{comment_id}/replies", name="reply_to_comment", status_code=201,
          responses=WRITE_ERRORS, dependencies=[Depends(editor), Depends(api_write)],
          openapi_extra={"security": SECURED},
          summary="Reply to a comment (editors and approvers)",
          description="The reply joins the comment's thread, on its anchor; 404 naming "
                      "`comment_id` when the proposal has no such comment.")
def reply_json(request: Request, proposal_id: ProposalId, comment_id: CommentId, body: Reply,
               user: User = Depends(editor)) -> Response:
    made = comments_of(request).reply(proposal_id, comment_id, body.text, by=user.username)
    return _created(comment_data(made), proposal_id)


@api.post(ONE + "/comments/{comment_id}/resolve", name="resolve_comment",
          responses=WRITE_ERRORS, dependencies=[Depends(editor), Depends(api_write)],
          openapi_extra={"security": SECURED},
          summary="Resolve the comment's thread (editors and approvers)",
          description="Answers the thread's first comment with who resolved it and when; "
                      "400 when it is resolved already.")
def resolve_json(request: Request, proposal_id: ProposalId, comment_id: CommentId,
                 user: User = Depends(editor)) -> Response:
    done = comments_of(request).resolve(proposal_id, comment_id, by=user.username)
    return _changed(comment_data(done))


@api.post(ONE + "/comments/{comment_id}/reopen", name="reopen_comment",
          responses=WRITE_ERRORS, dependencies=[Depends(editor), Depends(api_write)],
          openapi_extra={"security": SECURED},
          summary="Reopen a resolved thread (its author or an approver)",
          description="403 for an editor who did not start the thread; 400 when it is "
                      "open.")
def reopen_json(request: Request, proposal_id: ProposalId, comment_id: CommentId,
                user: User = Depends(editor)) -> Response:
    done = comments_of(request).reopen(proposal_id, comment_id, by=user.username)
    return _changed(comment_data(done))
