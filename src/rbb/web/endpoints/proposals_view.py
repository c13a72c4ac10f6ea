"""Budget proposals (docs/preparation.md): the list, a proposal's overview with its state
and audit trail, two revisions compared, the approvers' review inbox, and the REST API
for every operation of ``ProposalService``.

A save names the revision it started from (``If-Match``, the ETag of the proposal is its
head revision's number): without it the API answers 428, and when another revision
landed in between 409, storing nothing. The role each action needs is checked twice: by
the route's dependency (``editor`` or ``approver``) and by the service itself. Reading
needs a login in either mode (``member``): a proposal is not published. Pages are never
kept in the page cache: a save shows at once."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Path, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from pydantic import BaseModel, ConfigDict, Field
from starlette.concurrency import run_in_threadpool

from rbb.model.cycle import Period
from rbb.model.errors import InputError, StaleRevisionError
from rbb.model.proposals import (
    Choice,
    Proposal,
    ProposalAction,
    ProposalState,
    Transition,
    transition_for,
)
from rbb.services.account_service import Role, User
from rbb.services.data_format import from_data, within_limits
from rbb.services.proposal_diff import diff_data
from rbb.services.proposal_service import (
    check_data,
    proposal_data,
    read_driver_edits,
    read_post_actions,
    record_data,
)

from ..admission import ReadRoute
from ..context import Services, api_write, approver, csrf_form, editor, member, services
from ..json_bodies import JSON, plain_json, respond
from ..paths import API
from ..problems import Problem, responses
from ..templating import render
from .login_account_view import SECURED

ProposalId = Annotated[int, Path(ge=1, le=2**31 - 1)]
RevisionNumber = Annotated[int, Path(ge=1, le=2**31 - 1)]
READ = [Depends(member)]
"""Proposals are read by logged-in users only: a budget is public once issued as a
document, not while it is prepared."""
READ_ERRORS = responses(400, 401, 404, 422)
WRITE_ERRORS = responses(400, 401, 403, 404, 409, 413, 422, 428)
DUTY: dict[ProposalAction, Callable[..., Any]] = {
    ProposalAction.SUBMIT: editor, ProposalAction.RETURN: approver,
    ProposalAction.APPROVE: approver, ProposalAction.ISSUE: approver}
"""The dependency each transition's route declares (``TRANSITIONS`` says the same)."""
FORM_LIMIT = 2000

page = APIRouter(route_class=ReadRoute)
api = APIRouter(route_class=ReadRoute)


# --- request bodies -------------------------------------------------------------------

class NewProposal(BaseModel):
    """How a proposal starts: ``drafted`` forward from a stored budget (``source``) for
    ``period`` by its drivers, ``copied`` from a stored budget as it is, or ``empty`` for
    ``mission`` and ``period``."""

    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [
        {"start": "drafted", "source": "UNMIK:2025/26", "period": "2026/27",
         "comment": "first draft from the drivers"},
        {"start": "copied", "source": "UNMIK:2026/27"},
        {"start": "empty", "mission": "MINUSCA", "period": "2026/27"}]})

    start: Literal["drafted", "copied", "empty"]
    source: str | None = Field(None, max_length=40)
    mission: str | None = Field(None, max_length=40)
    period: str | None = Field(None, max_length=20)
    scenario: str | None = Field(None, max_length=64)
    comment: str = Field("", max_length=FORM_LIMIT)


class Comment(BaseModel):
    """A transition's or a restore's comment (returning a proposal needs one)."""

    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [
        {"comment": "explain the rise in air operations"}]})

    comment: str = Field("", max_length=FORM_LIMIT)


SAVE_BODY = {"required": True, "content": {"application/json": {
    "schema": {"type": "object", "required": ["document"], "properties": {
        "document": {"type": "object", "description": "The budget document in the canonical "
                     "data format (what GET .../revisions/{number} returns), marked draft"},
        "post_actions": {"type": "array", "items": {"type": "object"}, "maxItems": 5000,
                         "description": "The revision's post actions (docs/preparation.md, "
                         "\"Post actions\"): the staffing tables and their justification "
                         "paragraphs are derived from them. Left out: those of the "
                         "revision If-Match names."},
        "driver_edits": {"type": "array", "items": {"type": "string", "maxLength": 300},
                         "maxItems": 1000,
                         "description": "The cost driver edits applied so far, "
                         "`KEY=VALUE` in order (docs/preparation.md, \"Editing the cost "
                         "drivers\"). Left out: those of the revision If-Match names."},
        "resolutions": {"type": "object", "additionalProperties": {
            "type": "string", "enum": ["mine", "theirs"]},
            "description": "For a save on an older revision that met a conflict (409, "
                           "`conflicts`): the side kept for each conflicting path."},
        "comment": {"type": "string", "maxLength": FORM_LIMIT}}},
    "examples": {
        "save": {"summary": "an edited document", "value": {
            "document": {"kind": "budget", "mission": {"code": "UNMIK"},
                         "period": "2026/27", "draft": True, "...": "the rest"},
            "comment": "vehicles justified"}},
        "post_actions": {"summary": "an edited document with its post actions", "value": {
            "document": {"kind": "budget", "mission": {"code": "UNMIK"},
                         "period": "2026/27", "draft": True, "...": "the rest"},
            "post_actions": [{"id": "legal_p4", "kind": "establishment",
                              "component": "substantive", "office": "Legal Affairs Section",
                              "grade": "P-4", "count": 1, "functional_title": "Legal Officer",
                              "justification": "the caseload doubled"}],
            "comment": "a legal officer"}},
        "resolved": {"summary": "saved again on an older revision, a side chosen for each "
                     "conflicting field", "value": {
            "document": {"kind": "budget", "...": "the same edited document"},
            "resolutions": {"document/paragraphs/4/text": "mine",
                            "document/financial_tables/financial_resources/rows/"
                            "international_staff/values/cost_estimates_2026_27": "theirs"},
            "comment": "vehicles justified"}}}}}}
"""The save's body in the OpenAPI document: read by hand (a document is large, and
validated in the thread pool)."""


# --- what both interfaces do ----------------------------------------------------------

def _period(text: str | None, what: str = "period") -> Period:
    if not text:
        raise InputError(f"{what}: the period proposed is needed, e.g. 2026/27")
    try:
        return Period.parse(text.replace("-", "/"))
    except ValueError as error:
        raise InputError(f"{what}: {error}") from None


def _start(app: Services, by: str, start: str, *, source: str | None, mission: str | None,
           period: str | None, scenario: str | None, comment: str) -> Proposal:
    """A proposal started as ``start`` says, each way with the fields it needs."""
    if start == "copied":
        if not source:
            raise InputError("source: name the stored budget to copy, e.g. UNMIK:2026/27")
        return app.proposals.new_copied(source, by=by, comment=comment)
    if start == "drafted":
        if not source:
            raise InputError("source: name the stored budget to draft from, e.g. "
                             "UNMIK:2025/26")
        return app.proposals.new_drafted(source, _period(period), by=by, comment=comment,
                                         scenario=scenario or None)
    if start == "empty":
        if not mission:
            raise InputError("mission: name the mission of the empty proposal")
        return app.proposals.new_empty(mission, _period(period), by=by, comment=comment)
    raise InputError(f"start: {start[:20]!r} is not drafted, copied or empty")


def _listed(app: Services, mission: str | None, state: str | None) -> list[Proposal]:
    wanted = None
    if state:
        try:
            wanted = ProposalState(state)
        except ValueError:
            raise InputError(f"state: {state[:20]!r} is not one of "
                             f"{', '.join(s.value for s in ProposalState)}") from None
    found = app.proposals.proposals(mission or None)
    return [p for p in found if wanted is None or p.state is wanted]


def _can(user: User | None, role: Role) -> bool:
    return user is not None and user.role.allows(role)


def _allowed_actions(proposal: Proposal, user: User | None) -> list[ProposalAction]:
    """The transitions the proposal's state allows and the user's role may take."""
    found = []
    for action in ProposalAction:
        allowed = transition_for(proposal.state, action)
        if allowed is not None and _can(user, Role(allowed.duty.value)):
            found.append(action)
    return found


def _number(text: str | None, what: str) -> int:
    text = (text or "").strip()
    if not text.isdigit() or not 1 <= int(text) < 2**31:
        raise InputError(f"{what}: {text[:20]!r} is not a revision number (expected e.g. 2)")
    return int(text)


# --- pages ----------------------------------------------------------------------------

def _list_page(request: Request, *, status: int = 200, message: str | None = None,
               form: dict[str, str] | None = None) -> HTMLResponse:
    app = services(request)
    mission = request.query_params.get("mission", "")[:40].strip().upper()
    state = request.query_params.get("state", "")[:20].strip()
    proposals = _listed(app, mission, state)
    return render(request, "proposals.html", None, status=status, cache=False,
                  proposals=proposals, mission=mission, state=state,
                  states=[s.value for s in ProposalState], message=message,
                  form=form or {}, can_write=_can(app.auth.user(request), Role.EDITOR))


@page.get("/proposals", response_class=HTMLResponse)
def proposals_page(request: Request, user: User = Depends(member)) -> HTMLResponse:
    try:
        return _list_page(request)
    except InputError as error:
        return render(request, "proposals.html", None, status=400, cache=False,
                      proposals=[], mission="", state="", message=str(error), form={},
                      states=[s.value for s in ProposalState], can_write=False)


async def _fields(request: Request) -> dict[str, str]:
    form = await request.form()
    return {name: value[:FORM_LIMIT] for name, value in form.items()
            if isinstance(value, str)}


@page.post("/proposals", dependencies=[Depends(editor), Depends(csrf_form)])
async def start_proposal(request: Request) -> Response:
    fields = await _fields(request)
    return await run_in_threadpool(_start_from_form, request, fields)


def _start_from_form(request: Request, form: dict[str, str]) -> Response:
    app = services(request)
    user = app.auth.user(request)
    assert user is not None
    try:
        proposal = _start(app, user.username, form.get("start", ""),
                          source=form.get("source", "").strip(),
                          mission=form.get("mission", "").strip(),
                          period=form.get("period", "").strip(),
                          scenario=form.get("scenario", "").strip(),
                          comment=form.get("comment", ""))
    except InputError as error:
        return _list_page(request, status=400, message=str(error), form=form)
    return RedirectResponse(f"/proposals/{proposal.id}", status_code=303)


def _overview(request: Request, proposal_id: int, *, status: int = 200,
              message: str | None = None) -> HTMLResponse:
    app = services(request)
    user = app.auth.user(request)
    shown = app.proposals.show(proposal_id)
    trail = app.proposals.history(proposal_id)
    revisions = [r.number for r in trail if not isinstance(r, Transition)]
    findings = app.proposals.findings(proposal_id, shown.head.number)
    return render(request, "proposal.html", None, status=status, cache=False,
                  proposal=shown.proposal, head=shown.head, document=shown.document,
                  trail=trail, revisions=revisions, message=message, findings=findings,
                  revision=shown.head.number, current=None,
                  errors=sum(1 for f in findings if f.severity.value == "error"),
                  post_actions=len(app.proposals.content(proposal_id,
                                                         shown.head.number).post_actions),
                  actions=[a.value for a in _allowed_actions(shown.proposal, user)],
                  can_restore=_can(user, Role.EDITOR) and shown.proposal.state.editable)


@page.get("/proposals/{proposal_id}", response_class=HTMLResponse)
def proposal_page(request: Request, proposal_id: ProposalId,
                  user: User = Depends(member)) -> HTMLResponse:
    return _overview(request, proposal_id)


def _transition_page(action: ProposalAction) -> None:
    async def take(request: Request, proposal_id: ProposalId) -> Response:
        fields = await _fields(request)
        return await run_in_threadpool(_act_from_form, request, proposal_id, action,
                                       fields.get("comment", ""))

    take.__name__ = f"{action.value}_proposal_form"
    page.post(f"/proposals/{{proposal_id}}/{action.value}",
              dependencies=[Depends(DUTY[action]), Depends(csrf_form)])(take)


def _act_from_form(request: Request, proposal_id: int, action: ProposalAction,
                   comment: str) -> Response:
    user = services(request).auth.user(request)
    assert user is not None
    try:
        services(request).proposals.act(proposal_id, action, by=user.username,
                                         comment=comment)
    except InputError as error:
        return _overview(request, proposal_id, status=400, message=str(error))
    return RedirectResponse(f"/proposals/{proposal_id}", status_code=303)


for _action in ProposalAction:
    _transition_page(_action)


@page.post("/proposals/{proposal_id}/restore", dependencies=[Depends(editor),
                                                             Depends(csrf_form)])
async def restore_form(request: Request, proposal_id: ProposalId) -> Response:
    """Restore an earlier revision as a new one, based on the head the page showed."""
    fields = await _fields(request)
    return await run_in_threadpool(_restore_from_form, request, proposal_id, fields)


def _restore_from_form(request: Request, proposal_id: int, form: dict[str, str]
                       ) -> Response:
    user = services(request).auth.user(request)
    assert user is not None
    try:
        services(request).proposals.restore(
            proposal_id, _number(form.get("revision"), "revision"), by=user.username,
            comment=form.get("comment", ""),
            based_on=_number(form.get("based_on"), "based_on"))
    except InputError as error:
        return _overview(request, proposal_id, message=str(error),
                         status=409 if isinstance(error, StaleRevisionError) else 400)
    return RedirectResponse(f"/proposals/{proposal_id}", status_code=303)


@page.get("/proposals/{proposal_id}/compare", response_class=HTMLResponse)
def compare_page(request: Request, proposal_id: ProposalId,
                 old: Annotated[int | None, Query(ge=1, le=2**31 - 1)] = None,
                 new: Annotated[int | None, Query(ge=1, le=2**31 - 1)] = None,
                 user: User = Depends(member)) -> HTMLResponse:
    """Two revisions side by side: the money, staffing counts, vacancy rates and post
    actions that differ with their change, the texts as a word diff. Without ``old``
    and ``new``: the head against its parent."""
    app = services(request)
    proposal = app.proposals.show(proposal_id).proposal
    newer = new or proposal.head
    older = old or max(1, newer - 1)
    diff = app.proposals.diff(proposal_id, older, newer)
    revisions = [r.number for r in app.proposals.history(proposal_id)
                 if not isinstance(r, Transition)]
    return render(request, "proposal_compare.html", None, cache=False, proposal=proposal,
                  diff=diff, revisions=revisions)


@page.get("/review", response_class=HTMLResponse)
def review_page(request: Request, user: User = Depends(approver)) -> HTMLResponse:
    """An approver's inbox: every proposal submitted and waiting, oldest first, with who
    submitted it, when and what they said."""
    app = services(request)
    waiting = []
    for proposal in _listed(app, None, ProposalState.SUBMITTED.value):
        submitted = [r for r in app.proposals.history(proposal.id)
                     if isinstance(r, Transition) and r.action is ProposalAction.SUBMIT]
        waiting.append((proposal, submitted[-1] if submitted else None))
    waiting.sort(key=lambda pair: pair[1].at if pair[1] else pair[0].created_at)
    return render(request, "review.html", None, cache=False, waiting=waiting)


# --- API ------------------------------------------------------------------------------

P = "/proposals"
ONE = P + "/{proposal_id}"


def _links(proposal_id: int) -> dict[str, str]:
    base = f"{API}{P}/{proposal_id}"
    return {"self": base, "history": f"{base}/history", "page": f"/proposals/{proposal_id}"}


def _proposal_body(app: Services, proposal_id: int) -> dict[str, Any]:
    shown = app.proposals.show(proposal_id)
    return {**proposal_data(shown.proposal), "title": shown.document.title,
            "head_revision": record_data(shown.head),
            "next_actions": [a.value for a in shown.next_actions],
            "links": _links(proposal_id)}


def _etag(number: int) -> str:
    return f'"{number}"'


def _written(data: Any, *, etag: int, status: int = 200, location: str | None = None
             ) -> Response:
    headers = {"Cache-Control": "no-store", "ETag": _etag(etag)}
    if location:
        headers["Location"] = location
    return Response(plain_json(data), status_code=status, media_type=JSON, headers=headers)


def _if_match(request: Request) -> int:
    """The revision the write is based on, from ``If-Match`` (``"3"``, as the ETag)."""
    header = request.headers.get("if-match")
    if header is None:
        raise Problem(428, "send If-Match with the revision your edit started from: the "
                           "ETag of GET /proposals/{id} (e.g. If-Match: \"3\")")
    text = header.strip().removeprefix("W/").strip('"')
    if not text.isdigit() or not 1 <= int(text) < 2**31:
        raise Problem(400, f"If-Match {header[:20]!r} is not a revision number (expected "
                           "e.g. \"3\")")
    return int(text)


@api.get(P, name="proposals", responses=READ_ERRORS, dependencies=READ,
         summary="Budget proposals, filtered by mission and state")
def proposals_json(request: Request,
                   mission: Annotated[str | None, Query(max_length=40)] = None,
                   state: Annotated[ProposalState | None, Query()] = None) -> Response:
    found = _listed(services(request), mission, state.value if state else None)
    return respond(request, plain_json(
        [{**proposal_data(p), "links": _links(p.id)} for p in found]))


@api.post(P, name="start_proposal", status_code=201, responses=WRITE_ERRORS,
          dependencies=[Depends(editor), Depends(api_write)],
          openapi_extra={"security": SECURED},
          summary="Start a proposal: drafted, copied or empty (editors)",
          description="Revision 1 in the state draft; one proposal per mission and period "
                      "(400 when it has one). The ETag is the head revision's number.")
def start_proposal_json(request: Request, body: NewProposal,
                        user: User = Depends(editor)) -> Response:
    app = services(request)
    proposal = _start(app, user.username, body.start, source=body.source,
                      mission=body.mission, period=body.period, scenario=body.scenario,
                      comment=body.comment)
    return _written(_proposal_body(app, proposal.id), etag=proposal.head, status=201,
                    location=_links(proposal.id)["self"])


@api.get(ONE, name="proposal", responses=READ_ERRORS, dependencies=READ,
         summary="A proposal: its state, head revision and what may be done next",
         description="The ETag is the head revision's number: send it as If-Match when "
                     "saving.")
def proposal_json(request: Request, proposal_id: ProposalId) -> Response:
    data = _proposal_body(services(request), proposal_id)
    return Response(plain_json(data), media_type=JSON, headers={
        "ETag": _etag(data["head"]), "Cache-Control": "no-store",
        "Vary": "Authorization, Cookie"})


@api.get(ONE + "/revisions/{number}", name="proposal_revision", responses=READ_ERRORS,
         dependencies=READ, summary="A revision's budget document (canonical JSON)",
         description="Revisions are never overwritten: the same number is the same "
                     "document for ever.")
def revision_json(request: Request, proposal_id: ProposalId, number: RevisionNumber
                  ) -> Response:
    body = services(request).proposals.document_json(proposal_id, number)
    return respond(request, body, headers={"X-Revision": str(number)})


@api.post(ONE + "/revisions", name="save_revision", status_code=201,
          responses=WRITE_ERRORS, dependencies=[Depends(editor), Depends(api_write)],
          summary="Save an edited document as a new revision (editors; If-Match needed)",
          description="`If-Match` names the revision the edit started from: 428 without "
                      "it. When another revision was saved since, the edit is merged into "
                      "it (fields changed on one side only are kept) and saved on it; a "
                      "field both changed differently is 409 with `conflicts` (path, "
                      "label, base, mine, theirs; nothing stored): send the same body "
                      "with `resolutions`. 400 when the proposal is not draft or "
                      "returned, the document is of another mission, period or kind, or "
                      "not marked draft, or a post action is wrong or does not apply "
                      "(named with its id and field).",
          openapi_extra={"security": SECURED, "requestBody": SAVE_BODY})
async def save_revision_json(request: Request, proposal_id: ProposalId,
                             user: User = Depends(editor)) -> Response:
    based_on = _if_match(request)
    body = await request.body()
    return await run_in_threadpool(_save, services(request), proposal_id, based_on, body,
                                   user)


SAVE_FIELDS = frozenset({"document", "comment", "post_actions", "driver_edits",
                         "resolutions"})
MAX_RESOLUTIONS = 10_000


def _resolutions(data: object) -> dict[str, Choice]:
    """``{"PATH": "mine" | "theirs"}``: the side kept for each conflicting field."""
    if not isinstance(data, dict) or len(data) > MAX_RESOLUTIONS:
        raise Problem(400, "resolutions: an object of at most "
                           f"{MAX_RESOLUTIONS} paths, each \"mine\" or \"theirs\"")
    choices = {c.value: c for c in Choice}
    for path, choice in data.items():
        if choice not in choices or len(path) > 2000:
            raise Problem(400, f"resolutions.{str(path)[:200]}: \"mine\" or \"theirs\", "
                               f"not {str(choice)[:50]!r}")
    return {path: choices[choice] for path, choice in data.items()}


def _save(app: Services, proposal_id: int, based_on: int, body: bytes, user: User
          ) -> Response:
    """Read the body (CPU-bound: in the thread pool) and save it."""
    within_limits(body, name="the body")
    try:
        data = json.loads(body)
    except (ValueError, RecursionError):
        raise Problem(400, "the body is not JSON: send {\"document\": {...}, "
                           "\"comment\": \"...\"}") from None
    if not isinstance(data, dict) or not isinstance(data.get("document"), dict):
        raise Problem(400, "document: the body holds the budget document under "
                           "\"document\"")
    comment = data.get("comment", "")
    if not isinstance(comment, str):
        raise Problem(400, "comment: a string")
    extra = set(data) - SAVE_FIELDS
    if extra:
        raise Problem(400, f"{sorted(extra)[0]}: not a field of a save "
                           f"({', '.join(sorted(SAVE_FIELDS))})")
    resolutions = _resolutions(data.get("resolutions", {}))
    document = from_data(data["document"], file="document")
    update: dict[str, Any] = {"document": document}
    if "post_actions" in data:  # else the actions of the revision the edit started from
        update["post_actions"] = read_post_actions(data["post_actions"])
    if "driver_edits" in data:  # else that revision's, as its money tables keep them
        update["driver_edits"] = read_driver_edits(data["driver_edits"])
    content = app.proposals.content(proposal_id, based_on).model_copy(update=update)
    saved = app.proposals.save_content(proposal_id, content, based_on=based_on,
                                       by=user, comment=comment,
                                       resolutions=resolutions or None)
    return _written(record_data(saved), etag=saved.number, status=201,
                    location=f"{API}{P}/{proposal_id}/revisions/{saved.number}")


@api.post(ONE + "/revisions/{number}/restore", name="restore_revision", status_code=201,
          responses=WRITE_ERRORS, dependencies=[Depends(editor), Depends(api_write)],
          openapi_extra={"security": SECURED},
          summary="Save revision {number}'s content again as a new revision (editors; "
                  "If-Match needed)",
          description="`If-Match` names the head you saw: 428 without it, 409 when "
                      "another revision was saved since.")
def restore_json(request: Request, proposal_id: ProposalId, number: RevisionNumber,
                 body: Comment, user: User = Depends(editor)) -> Response:
    saved = services(request).proposals.restore(
        proposal_id, number, by=user.username, comment=body.comment,
        based_on=_if_match(request))
    return _written(record_data(saved), etag=saved.number, status=201,
                    location=f"{API}{P}/{proposal_id}/revisions/{saved.number}")


def _transition_route(action: ProposalAction) -> None:
    duty = "editors" if DUTY[action] is editor else "approvers"

    def take(request: Request, proposal_id: ProposalId, body: Comment) -> Response:
        app = services(request)
        user = app.auth.user(request)
        assert user is not None
        taken = app.proposals.act(proposal_id, action, by=user.username,
                                  comment=body.comment)
        return _written(record_data(taken), etag=taken.revision)

    take.__name__ = f"{action.value}_proposal"
    api.post(f"{ONE}/{action.value}", name=f"{action.value}_proposal",
             responses=WRITE_ERRORS, dependencies=[Depends(DUTY[action]), Depends(api_write)],
             openapi_extra={"security": SECURED},
             summary=f"{action.value.capitalize()} the proposal ({duty})",
             description="400 when the proposal's state does not allow it (the detail "
                         "names what is possible); returning needs a comment.")(take)


for _action in ProposalAction:
    _transition_route(_action)


@api.get(ONE + "/history", name="proposal_history", responses=READ_ERRORS,
         dependencies=READ, summary="The proposal's audit trail: revisions and transitions")
def history_json(request: Request, proposal_id: ProposalId) -> Response:
    trail = services(request).proposals.history(proposal_id)
    return respond(request, plain_json([record_data(r) for r in trail]))


@api.get(ONE + "/diff", name="proposal_diff", responses=READ_ERRORS, dependencies=READ,
         summary="Two revisions compared: money and staffing cells, vacancy rates and "
                 "post actions that differ, texts as a word diff",
         description="`figures` (money, thousands of US dollars), `staffing` (posts by "
                     "table, office, kind, period and column), `vacancy_factors` (per "
                     "cent) with `old`, `new` and `change` as exact strings; "
                     "`post_actions` added, removed or changed by id (`count` old, new, "
                     "change; `fields` old → new; `justification` a word diff); `texts` "
                     "and `follow_up` as word diffs: `words` are [op, text] pairs, op "
                     "one of same, removed, added.")
def diff_json(request: Request, proposal_id: ProposalId,
              old: Annotated[int, Query(ge=1, le=2**31 - 1)],
              new: Annotated[int, Query(ge=1, le=2**31 - 1)]) -> Response:
    diff = services(request).proposals.diff(proposal_id, old, new)
    return respond(request, plain_json(diff_data(diff)))


@api.get(ONE + "/audit-trail", name="proposal_audit_trail", responses=READ_ERRORS,
         dependencies=READ, summary="Verify the proposal's audit trail",
         description="`intact`, or the first record that does not match (`first_bad`).")
def verify_json(request: Request, proposal_id: ProposalId) -> Response:
    services(request).proposals.show(proposal_id)  # 404 for a proposal not stored
    check = services(request).proposals.verify(proposal_id)
    return Response(plain_json(check_data(check)), media_type=JSON,
                    headers={"Cache-Control": "no-store"})


@api.get("/audit-trail", name="audit_trail", responses=READ_ERRORS, dependencies=READ,
         summary="Verify the audit trail of every proposal")
def verify_all_json(request: Request) -> Response:
    check = services(request).proposals.verify()
    return Response(plain_json(check_data(check)), media_type=JSON,
                    headers={"Cache-Control": "no-store"})
