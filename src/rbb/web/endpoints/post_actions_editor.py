"""The post actions editor of a proposal (docs/preparation.md, "Editing post actions and
vacancy factors"): the actions of the head revision as a table, what the engine derives
from them (each component's changed rows, the justification paragraphs as the report
prints them), and forms to add, edit and remove an action or to start from the
staffing tables; the API reads and writes the same list.

Every save goes through ``proposal_editing.save_part`` (pages) or ``save_part_json``
(API): a new revision based on the one the form or ``If-Match`` names. An action the
engine cannot apply is refused with the action and the field named, nothing stored."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Body, Depends, Path, Request
from fastapi.responses import HTMLResponse, Response
from pydantic import BaseModel, ConfigDict, Field
from starlette.concurrency import run_in_threadpool

from rbb.engine.proposal_anchors import post_action_anchor
from rbb.model.errors import InputError, NotFoundError
from rbb.model.post_actions import PostActionError
from rbb.model.proposals import ProposalContent
from rbb.services.account_service import User
from rbb.services.post_action_editing import (
    FIELDS,
    KINDS,
    MAX_ACTIONS,
    action_data,
    add_action,
    grade_choices,
    offices,
    preview,
    remove_action,
    replace_action,
    replace_all,
    start_from_tables,
)

from ..admission import ReadRoute
from ..context import api_write, csrf_form, editor, member, services
from ..json_bodies import plain_json, respond
from ..templating import render
from ..view_basics import column_label
from .login_account_view import SECURED
from .proposal_comments import comment_counts
from .proposal_editing import (
    Fields,
    Revision,
    can_edit,
    field,
    form_fields,
    htmx_status,
    save_part,
    save_part_json,
)
from .proposals_view import READ_ERRORS, WRITE_ERRORS, ProposalId

page = APIRouter(route_class=ReadRoute)
api = APIRouter(route_class=ReadRoute)

ActionId = Annotated[str, Path(pattern=r"^[a-z0-9][a-z0-9_]{0,63}$",
                               description="The action's id (a1, legal_officer_p4)")]
EDIT = "/proposals/{proposal_id}/edit/post-actions"
API_PATH = "/proposals/{proposal_id}/post-actions"
NEW_OFFICE = "new_office"
"""The form's text field for an office the tables do not print yet (an establishment)."""
DESTINATION_NEW = "new_destination_office"


# --- the page -------------------------------------------------------------------------

def _typed(fields: Fields) -> dict[str, str]:
    return {name: value for name, value in fields if name != "csrf_token"}


def _action_fields(fields: Fields) -> dict[str, str]:
    """The action's fields from the form: a new office typed wins over the select."""
    found = {name: field(fields, name) for name in FIELDS if name != "id"}
    for typed, name in ((NEW_OFFICE, "office"), (DESTINATION_NEW, "destination_office")):
        if field(fields, typed).strip():
            found[name] = field(fields, typed)
    return found


def _chosen(content: ProposalContent, fields: Fields) -> dict[str, str]:
    """The action's fields, an office chosen from the list checked against the
    component chosen (the list holds every component's offices: an establishment would
    otherwise open a copy of another component's office)."""
    found = _action_fields(fields)
    tables = offices(content.document)
    component = found.get("component", "")
    for typed, name, where in ((NEW_OFFICE, "office", component),
                               (DESTINATION_NEW, "destination_office",
                                found.get("destination_component") or component)):
        office = found.get(name, "").strip()
        if office and not field(fields, typed).strip() and office not in tables.get(
                where, [office]):
            raise PostActionError(f"{office[:200]!r} is not an office of the {where} table: "
                                  "choose one of its offices, or type a new office",
                                  field=name)
    return found


def _context(request: Request, proposal_id: int) -> dict[str, Any]:
    """What the pages show: the head revision (a form shown again after a refusal is
    based on the head it now shows)."""
    app = services(request)
    user = app.auth.user(request)
    shown = app.proposals.show(proposal_id)
    content = app.proposals.content(proposal_id, shown.proposal.head)
    try:
        derived, problem = preview(content.document, content.post_actions), None
    except InputError as error:
        derived, problem = None, str(error)
    editable = can_edit(user, shown.proposal)
    return {"proposal": shown.proposal, "current": "post-actions",
            "actions": content.post_actions, "preview": derived, "preview_error": problem,
            "can_edit": editable, "kinds": KINDS, "grades": grade_choices(),
            "offices": offices(content.document), "new_office": NEW_OFFICE,
            "new_destination": DESTINATION_NEW, "column_label": column_label,
            "counts": comment_counts(request, proposal_id),
            "marks": {a.id: post_action_anchor(a.id) for a in content.post_actions}}


def _page(request: Request, proposal_id: int, *, message: str | None = None,
          status: int = 200, typed: dict[str, str] | None = None) -> HTMLResponse:
    context = _context(request, proposal_id)
    form = typed if typed is not None and status != 200 else {}
    saved = request.query_params.get("saved", "")[:12]
    if message is None and saved.isdigit():
        message = f"Saved as revision {saved}."
    name = ("_proposal_post_actions.html" if request.headers.get("hx-request") == "true"
            else "proposal_post_actions.html")
    return render(request, name, {**context, "form": form, "message": message,
                                  "failed": status != 200,
                                  "based_on": context["proposal"].head},
                  status=htmx_status(request, status), cache=False)


def _one_page(request: Request, proposal_id: int, action_id: str, *,
              message: str | None = None, status: int = 200,
              typed: dict[str, str] | None = None) -> HTMLResponse:
    context = _context(request, proposal_id)
    action = next((a for a in context["actions"] if a.id == action_id), None)
    if action is None and typed is None:
        raise NotFoundError(f"post action {action_id!r}: the head revision of proposal "
                            f"{proposal_id} has no such action")
    shown = action_data(action) if action is not None else {}
    form = typed if typed is not None and status != 200 else {
        k: "" if v is None else str(v) for k, v in shown.items()}
    name = ("_proposal_post_action.html" if request.headers.get("hx-request") == "true"
            else "proposal_post_action.html")
    return render(request, name, {
        **context, "action_id": action_id, "form": form, "message": message,
        "failed": status != 200, "based_on": context["proposal"].head},
        status=htmx_status(request, status), cache=False)


@page.get(EDIT, response_class=HTMLResponse)
def post_actions_page(request: Request, proposal_id: ProposalId,
                      user: User = Depends(member)) -> HTMLResponse:
    """The actions, the derived staffing and, for editors, the forms."""
    return _page(request, proposal_id)


@page.get(EDIT + "/{action_id}", response_class=HTMLResponse)
def post_action_page(request: Request, proposal_id: ProposalId, action_id: ActionId,
                     user: User = Depends(member)) -> HTMLResponse:
    """One action's form, filled in."""
    return _one_page(request, proposal_id, action_id)


def _saving(request: Request, proposal_id: int, fields: Fields, change: Any,
            action_id: str | None = None) -> Response:
    typed = _typed(fields)
    back = EDIT.format(proposal_id=proposal_id)

    def form(message: str | None, status: int) -> Response:
        if action_id is not None and status != 200:
            return _one_page(request, proposal_id, action_id, message=message,
                             status=status, typed=typed)
        return _page(request, proposal_id, message=message, status=status, typed=typed)

    return save_part(request, proposal_id, fields, change, back=back, form=form)


@page.post(EDIT, dependencies=[Depends(editor), Depends(csrf_form)])
async def add_post_action_form(request: Request, proposal_id: ProposalId) -> Response:
    fields = await form_fields(request)

    def change(content: ProposalContent, fields: Fields) -> ProposalContent:
        return add_action(content, _chosen(content, fields))

    return await run_in_threadpool(_saving, request, proposal_id, fields, change)


@page.post(EDIT + "/from-tables", dependencies=[Depends(editor), Depends(csrf_form)])
async def start_from_tables_form(request: Request, proposal_id: ProposalId) -> Response:
    fields = await form_fields(request)
    return await run_in_threadpool(_saving, request, proposal_id, fields,
                                   lambda content, _: start_from_tables(content))


@page.post(EDIT + "/{action_id}", dependencies=[Depends(editor), Depends(csrf_form)])
async def edit_post_action_form(request: Request, proposal_id: ProposalId,
                                action_id: ActionId) -> Response:
    fields = await form_fields(request)

    def change(content: ProposalContent, fields: Fields) -> ProposalContent:
        return replace_action(content, action_id, _chosen(content, fields))

    return await run_in_threadpool(_saving, request, proposal_id, fields, change, action_id)


@page.post(EDIT + "/{action_id}/remove", dependencies=[Depends(editor), Depends(csrf_form)])
async def remove_post_action_form(request: Request, proposal_id: ProposalId,
                                  action_id: ActionId) -> Response:
    fields = await form_fields(request)
    return await run_in_threadpool(_saving, request, proposal_id, fields,
                                   lambda content, _: remove_action(content, action_id))


# --- API ------------------------------------------------------------------------------

LEGAL_OFFICER: dict[str, Any] = {"kind": "establishment", "component": "substantive",
                 "office": "Office of Legal Affairs", "grade": "P-4", "count": 1,
                 "functional_title": "Legal Officer",
                 "justification": "to advise on the mission's agreements"}
REDEPLOYMENT: dict[str, Any] = {"id": "a2", "kind": "redeployment", "component": "support",
                "office": "Security Section", "grade": "FS-5", "count": 1,
                "functional_title": "Security Officer",
                "destination_office": "Conduct and Discipline Team",
                "justification": "to investigate allegations"}


class NewPostAction(BaseModel):
    """One action to add: its fields (docs/preparation.md, "Post actions"); the id is
    the next free ``aN`` unless given."""

    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [
        {**LEGAL_OFFICER, "comment": "a Legal Officer for the agreements"}]})

    id: str | None = Field(None, max_length=64)
    kind: str = Field(max_length=40)
    component: str = Field(max_length=64)
    office: str = Field(max_length=200)
    grade: str = Field(max_length=40)
    count: int = Field(ge=-(2**31), le=2**31)
    functional_title: str | None = Field(None, max_length=200)
    destination_component: str | None = Field(None, max_length=64)
    destination_office: str | None = Field(None, max_length=200)
    new_grade: str | None = Field(None, max_length=40)
    justification: str = Field("", max_length=4000)
    comment: str = Field("", max_length=2000)


class PostActionList(BaseModel):
    """The whole list of actions (each with its id), replacing the revision's."""

    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [
        {"post_actions": [{**LEGAL_OFFICER, "id": "a1"}, REDEPLOYMENT],
         "comment": "the legal officer and a redeployment"}]})

    post_actions: list[dict[str, Any]] = Field(max_length=MAX_ACTIONS)
    comment: str = Field("", max_length=2000)


def _list_body(request: Request, proposal_id: int, number: int | None) -> dict[str, Any]:
    app = services(request)
    proposal = app.proposals.show(proposal_id).proposal
    revision = proposal.head if number is None else number
    content = app.proposals.content(proposal_id, revision)
    try:
        derived = preview(content.document, content.post_actions)
        paragraphs = [{"component": j.component, "office": j.office, "paragraph": j.paragraph}
                      for j in derived.derived.justifications]
        error = None
    except InputError as problem:
        paragraphs, error = [], str(problem)
    return {"proposal": proposal_id, "revision": revision,
            "post_actions": [action_data(a) for a in content.post_actions],
            "justifications": paragraphs, "error": error}


@api.get(API_PATH, name="proposal_post_actions", responses=READ_ERRORS,
         dependencies=[Depends(member)],
         summary="A revision's post actions and the justification paragraphs they give",
         description="The head revision unless `revision` names another. `error` names "
                     "an action the engine cannot apply to the revision's tables.")
def post_actions_json(request: Request, proposal_id: ProposalId,
                      revision: Revision = None) -> Response:
    return respond(request, plain_json(_list_body(request, proposal_id, revision)))


WRITE_DEPENDENCIES = [Depends(editor), Depends(api_write)]
SECURITY = {"security": SECURED}


@api.put(API_PATH, name="replace_post_actions", status_code=201, responses=WRITE_ERRORS,
         dependencies=WRITE_DEPENDENCIES, openapi_extra=SECURITY,
         summary="Replace the post actions (editors; If-Match needed)",
         description="Every action is checked and applied to the revision's staffing "
                     "tables: 400 naming the action and the field (`post action a3 grade: "
                     "...`), 428 without If-Match, 409 when another revision changed "
                     "the same fields.")
def replace_post_actions_json(request: Request, proposal_id: ProposalId,
                              body: PostActionList, user: User = Depends(editor)
                              ) -> Response:
    return save_part_json(request, proposal_id,
                          lambda content: replace_all(content, body.post_actions),
                          user=user, comment=body.comment)


@api.post(API_PATH, name="add_post_action", status_code=201, responses=WRITE_ERRORS,
          dependencies=WRITE_DEPENDENCIES, openapi_extra=SECURITY,
          summary="Add one post action (editors; If-Match needed)",
          description="400 naming the field: a count below 1, a grade not in the "
                      "register, an establishment without justification, a redeployment "
                      "without destination, more posts than the office holds.")
def add_post_action_json(request: Request, proposal_id: ProposalId,
                         body: Annotated[NewPostAction, Body()],
                         user: User = Depends(editor)) -> Response:
    fields = body.model_dump(exclude={"comment"}, exclude_none=True)
    return save_part_json(request, proposal_id, lambda content: add_action(content, fields),
                          user=user, comment=body.comment)


@api.delete(API_PATH + "/{action_id}", name="remove_post_action", status_code=201,
            responses=WRITE_ERRORS, dependencies=WRITE_DEPENDENCIES, openapi_extra=SECURITY,
            summary="Remove one post action (editors; If-Match needed)")
def remove_post_action_json(request: Request, proposal_id: ProposalId,
                            action_id: ActionId, user: User = Depends(editor)) -> Response:
    return save_part_json(request, proposal_id,
                          lambda content: remove_action(content, action_id), user=user,
                          comment=f"removed post action {action_id}")
