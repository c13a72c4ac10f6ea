"""The cost drivers editor of a proposal (docs/preparation.md, "Editing the cost
drivers"): the drivers of the budget it was drafted from, carried forward, editable as
scenario-style edits (``vacancy_factor.international_staff=10.0``), and each class's cost
estimate in the revision beside the one the drivers give. A save costs the edits and
carries each class's change into the money tables (``services.proposal_drivers``)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, Response
from pydantic import BaseModel, ConfigDict, Field
from starlette.concurrency import run_in_threadpool

from rbb.model.errors import InputError
from rbb.model.proposals import ProposalContent
from rbb.services.account_service import User
from rbb.services.proposal_drivers import MAX_EDITS, ProposalDrivers, parsed, summary

from ..admission import ReadRoute
from ..context import api_write, csrf_form, editor, member, services
from ..json_bodies import plain_json, respond
from ..templating import render
from .login_account_view import SECURED
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

EDIT = "/proposals/{proposal_id}/edit/drivers"
API_PATH = "/proposals/{proposal_id}/drivers"
DRIVER = "driver:"


def _page(request: Request, proposal_id: int, *, message: str | None = None,
          status: int = 200, typed: dict[str, str] | None = None) -> HTMLResponse:
    app = services(request)
    user = app.auth.user(request)
    view = ProposalDrivers(app.proposals).view(proposal_id)
    proposal = app.proposals.show(proposal_id).proposal
    form = typed if typed is not None and status != 200 else {}
    saved = request.query_params.get("saved", "")[:12]
    if message is None and saved.isdigit():
        message = f"Saved as revision {saved}."
    name = ("_proposal_drivers.html" if request.headers.get("hx-request") == "true"
            else "proposal_drivers.html")
    return render(request, name, {
        "proposal": proposal, "current": "drivers", "view": view, "form": form,
        "driver": DRIVER, "message": message, "failed": status != 200,
        "based_on": form.get("based_on") or proposal.head,
        "can_edit": can_edit(user, proposal) and view.source is not None},
        status=htmx_status(request, status), cache=False)


@page.get(EDIT, response_class=HTMLResponse)
def drivers_page(request: Request, proposal_id: ProposalId,
                 user: User = Depends(member)) -> HTMLResponse:
    """The drivers and each class's cost estimate, held and given."""
    return _page(request, proposal_id)


@page.post(EDIT, dependencies=[Depends(editor), Depends(csrf_form)])
async def drivers_form(request: Request, proposal_id: ProposalId) -> Response:
    fields = await form_fields(request)
    typed = {name: value for name, value in fields if name != "csrf_token"}
    drivers = ProposalDrivers(services(request).proposals)
    try:
        edits = parsed({name[len(DRIVER):]: value for name, value in fields
                        if name.startswith(DRIVER)})
    except InputError as error:
        return _page(request, proposal_id, message=str(error), status=400, typed=typed)
    if edits and not field(fields, "comment").strip():
        fields = [(k, v) for k, v in fields if k != "comment"] + [("comment", summary(edits))]

    def change(content: ProposalContent, fields: Fields) -> ProposalContent:
        return drivers.changed(proposal_id, content, edits)

    def form(message: str | None, status: int) -> Response:
        return _page(request, proposal_id, message=message, status=status, typed=typed)

    return await run_in_threadpool(save_part, request, proposal_id, fields, change,
                                   back=EDIT.format(proposal_id=proposal_id), form=form)


# --- API ------------------------------------------------------------------------------

class DriversEdit(BaseModel):
    """Scenario-style edits by driver key: ``10.0`` sets, ``+2`` adds, ``+3%`` scales."""

    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [
        {"edits": {"vacancy_factor.international_staff": "10.0"},
         "comment": "vacancy rate of the recruitment plan"}]})

    edits: dict[str, str | int | None] = Field(default_factory=dict, max_length=MAX_EDITS)
    comment: str = Field("", max_length=1000)


@api.get(API_PATH, name="proposal_drivers", responses=READ_ERRORS,
         dependencies=[Depends(member)],
         summary="The proposal's cost drivers and each class's cost estimate",
         description="The drivers of the budget the proposal was drafted from, carried "
                     "forward with the edits in force in the revision (`edits`, in order: "
                     "the scenario's it was drafted with, then the driver edits the "
                     "revision holds); `source` is null for a proposal not drafted from a "
                     "stored budget.")
def drivers_json(request: Request, proposal_id: ProposalId, revision: Revision = None
                 ) -> Response:
    app = services(request)
    view = ProposalDrivers(app.proposals).view(proposal_id, revision)
    number = app.proposals.show(proposal_id, revision).head.number
    data: dict[str, Any] = {
        "proposal": proposal_id, "revision": number,
        "source": None if view.source is None else str(view.source),
        "edits": [str(e) for e in view.edits],
        "drivers": [{"key": d.key, "value": str(d.value), "unit": d.unit,
                     "provenance": d.provenance} for d in view.drivers],
        "classes": [{"line": c.line, "label": c.label,
                     "held": None if c.held is None else str(c.held),
                     "given": None if c.given is None else str(c.given)}
                    for c in view.classes]}
    return respond(request, plain_json(data))


@api.put(API_PATH, name="edit_drivers", status_code=201,
         responses=WRITE_ERRORS,
         dependencies=[Depends(editor), Depends(api_write)],
         openapi_extra={"security": SECURED},
         summary="Apply driver edits to the proposal's cost estimates (editors; If-Match "
                 "needed)",
         description="400 naming the driver (`vacancy_factor.international_staff: 'x' is "
                     "not a number`); 428 without If-Match; 409 when another revision "
                     "changed the same figures.")
def edit_drivers_json(request: Request, proposal_id: ProposalId, body: DriversEdit,
                      user: User = Depends(editor)) -> Response:
    drivers = ProposalDrivers(services(request).proposals)
    edits = parsed(body.edits)
    return save_part_json(
        request, proposal_id, lambda content: drivers.changed(proposal_id, content, edits),
        user=user, comment=body.comment if body.comment.strip() or not edits
        else summary(edits))
