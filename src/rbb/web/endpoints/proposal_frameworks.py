"""The results-based budgeting frameworks of a proposal edited (docs/preparation.md,
"Editing the frameworks"): a page listing the components with a form adding one, a page
per component with its expected accomplishments, indicators (the proposal's period's
target in fields, earlier periods read-only) and outputs and a form removing it, and the
API reading, replacing, adding and removing a component.

Both save through ``proposal_editing`` (a new revision based on the one the form or
``If-Match`` names); the form is read and checked by ``rbb.services.framework_edits``,
so the endpoints only route."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Path, Query, Request
from fastapi.responses import HTMLResponse, Response
from pydantic import ConfigDict
from starlette.concurrency import run_in_threadpool

from rbb.engine.proposal_anchors import component_anchors
from rbb.model.errors import InputError, NotFoundError
from rbb.model.frameworks import Comparator, Component
from rbb.model.proposals import Proposal, ProposalContent
from rbb.services.account_service import User
from rbb.services.framework_edits import (
    COMPONENT_KEY,
    apply_form,
    check_component,
    component_form,
    form_from_fields,
    new_component,
    next_component_number,
    replaced,
    without,
)

from ..admission import ReadRoute
from ..context import api_write, csrf_form, editor, member, services
from ..json_bodies import JSON, plain_json
from ..problems import Problem
from ..templating import render
from .login_account_view import SECURED
from .proposal_comments import comment_counts
from .proposal_editing import (
    Fields,
    can_edit,
    field,
    form_fields,
    save_part,
    save_part_json,
)
from .proposals_view import READ_ERRORS, WRITE_ERRORS, ProposalId

page = APIRouter(route_class=ReadRoute)
api = APIRouter(route_class=ReadRoute)

ComponentKey = Annotated[str, Path(pattern=COMPONENT_KEY.pattern,
                                   description="The component's key, e.g. substantive")]
COMPARATORS = [c.value for c in Comparator]
EXAMPLE: dict[str, Any] = {
    "key": "substantive", "number": 1, "name": "substantive",
    "expected_accomplishments": [{
        "number": "1.1", "text": "Progress towards reconciliation of all communities",
        "indicators": [{"number": "1.1.1", "text": "Increase in joint activities",
                        "values": [{"period": "2025/26", "text": "≥ 95 per cent",
                                    "value": "95", "unit": "per cent",
                                    "comparator": "≥"}]}],
        "outputs": [{"text": "Preparation of 250 field reports",
                     "quantities": [{"value": "250", "text": "250 field reports"}]}]}],
    "external_factors": "The regional security environment will remain calm."}


def _base(proposal_id: int, component: str) -> str:
    return f"/proposals/{proposal_id}/edit/frameworks/{component}"


def _can_edit(request: Request, proposal: Proposal) -> bool:
    return can_edit(services(request).auth.user(request), proposal)


def _component(content: ProposalContent, key: str, proposal_id: int, number: int
               ) -> Component:
    found = next((c for c in content.document.components if c.key == key), None)
    if found is None:
        raise NotFoundError(f"revision {number} of proposal {proposal_id} has no "
                            f"component {key}")
    return found


# --- pages ----------------------------------------------------------------------------

@page.get("/proposals/{proposal_id}/edit/frameworks", response_class=HTMLResponse)
def frameworks_page(request: Request, proposal_id: ProposalId,
                    saved: Annotated[int | None, Query(ge=1, le=2**31 - 1)] = None,
                    user: User = Depends(member)) -> HTMLResponse:
    message = f"Saved as revision {saved}." if saved else None
    return _list_page(request, proposal_id, message=message)


def _list_page(request: Request, proposal_id: int, *, message: str | None = None,
               status: int = 200, typed: Fields | None = None) -> HTMLResponse:
    """The head revision's components, each with its counts and a link to its editor,
    and the form adding one (``typed``: as the user typed it, with ``message``). An
    HTMX request gets the section only; a refusal to it is 422."""
    app = services(request)
    shown = app.proposals.show(proposal_id)
    components = shown.document.components
    adding = {"key": "", "number": str(next_component_number(components)), "name": "",
              "external_factors": "", "comment": ""}
    if typed is not None:
        adding = {name: field(typed, name) for name in adding}
    partial = request.headers.get("hx-request") == "true"
    return render(request, "_proposal_framework_components.html" if partial
                  else "proposal_frameworks.html", None, cache=False,
                  status=422 if partial and status == 400 else status,
                  proposal=shown.proposal, head=shown.head.number, components=components,
                  current="frameworks", can_edit=_can_edit(request, shown.proposal),
                  adding=adding, message=message, error=status >= 400)


@page.post("/proposals/{proposal_id}/edit/frameworks",
           dependencies=[Depends(editor), Depends(csrf_form)])
async def add_component_form(request: Request, proposal_id: ProposalId) -> Response:
    """Append a new component (key, number, name) as a new revision; its editor is
    where its expected accomplishments are added."""
    fields = await form_fields(request)
    return await run_in_threadpool(_add_form, request, proposal_id, fields)


def _add_form(request: Request, proposal_id: int, fields: Fields) -> Response:
    key = field(fields, "key").strip()

    def change(content: ProposalContent, typed: Fields) -> ProposalContent:
        components = content.document.components
        added = new_component(components, key, field(typed, "number"),
                              field(typed, "name"), field(typed, "external_factors"))
        return _with_components(content, (*components, added))

    def form(message: str | None, status: int) -> Response:
        if status == 200:  # saved (HTMX): the list again, the new component in it
            return _list_page(request, proposal_id, message=f"{message} Component "
                              f"{key} added: open it to add its expected accomplishments.")
        return _list_page(request, proposal_id, message=message, status=status,
                          typed=fields)

    back = _base(proposal_id, key) if COMPONENT_KEY.match(key) else \
        f"/proposals/{proposal_id}/edit/frameworks"
    return save_part(request, proposal_id, fields, change, back=back, form=form)


@page.get("/proposals/{proposal_id}/edit/frameworks/{component}",
          response_class=HTMLResponse)
def component_page(request: Request, proposal_id: ProposalId, component: ComponentKey,
                   saved: Annotated[int | None, Query(ge=1, le=2**31 - 1)] = None,
                   user: User = Depends(member)) -> HTMLResponse:
    message = f"Saved as revision {saved}." if saved else None
    return _form_page(request, proposal_id, component, message=message)


def _form_page(request: Request, proposal_id: int, key: str, *,
               message: str | None = None, status: int = 200,
               typed: Fields | None = None, removal: str | None = None) -> HTMLResponse:
    """The component's editor: from the head, or (``typed``) as the user typed it on
    the revision the form was based on, with ``message`` (``removal``: the refusal of
    the form removing it, shown by that form). An HTMX request gets the form's section
    only; a refusal to it is 422, the status HTMX swaps."""
    app = services(request)
    shown = app.proposals.show(proposal_id)
    proposal = shown.proposal
    number = shown.head.number
    if typed is not None:
        based_on = field(typed, "based_on")
        number = int(based_on) if based_on.isdigit() and 0 < int(based_on) < 2**31 else number
    content = app.proposals.content(proposal_id, number)
    period = content.document.period
    component = _component(content, key, proposal_id, number)
    form = (component_form(component, period) if typed is None or removal is not None
            else form_from_fields(typed, key, component, period))
    partial = request.headers.get("hx-request") == "true" and removal is None
    marks = {f"ea{i}.{kind}{j}": key
             for (i, kind, j), key in component_anchors(component).items()}
    return render(request, "_proposal_framework_form.html" if partial
                  else "proposal_framework.html", None, cache=False,
                  status=422 if partial and status == 400 else status,
                  proposal=proposal, form=form, based_on=number, period=period,
                  number=component.number, message=message, error=status >= 400,
                  comment=field(typed, "comment") if typed and removal is None else "",
                  comparators=COMPARATORS, current="frameworks",
                  can_edit=_can_edit(request, proposal), action=_base(proposal_id, key),
                  counts=comment_counts(request, proposal_id), marks=marks,
                  removal=removal)


@page.post("/proposals/{proposal_id}/edit/frameworks/{component}",
           dependencies=[Depends(editor), Depends(csrf_form)])
async def save_component_form(request: Request, proposal_id: ProposalId,
                              component: ComponentKey) -> Response:
    """Save the component's form as a new revision (``proposal_editing.save_part``)."""
    fields = await form_fields(request)
    return await run_in_threadpool(_save_form, request, proposal_id, component, fields)


def _save_form(request: Request, proposal_id: int, key: str, fields: Fields) -> Response:
    def change(content: ProposalContent, typed: Fields) -> ProposalContent:
        document = content.document
        based_on = field(typed, "based_on")
        shown = _component(content, key, proposal_id, int(based_on))
        edited = apply_form(form_from_fields(typed, key, shown, document.period), shown,
                            document.period)
        return _with(content, edited)

    def form(message: str | None, status: int) -> Response:
        if status == 200:  # saved (HTMX): the form again, from the new head
            return _form_page(request, proposal_id, key, message=message)
        return _form_page(request, proposal_id, key, message=message, status=status,
                          typed=fields)

    return save_part(request, proposal_id, fields, change,
                     back=_base(proposal_id, key), form=form)


@page.post("/proposals/{proposal_id}/edit/frameworks/{component}/remove",
           dependencies=[Depends(editor), Depends(csrf_form)])
async def remove_component_form(request: Request, proposal_id: ProposalId,
                                component: ComponentKey) -> Response:
    """Save a revision without the component, once ``confirm`` is ticked (a component
    is a whole part of the budget: never one click)."""
    fields = await form_fields(request)
    return await run_in_threadpool(_remove_form, request, proposal_id, component, fields)


def _remove_form(request: Request, proposal_id: int, key: str, fields: Fields
                 ) -> Response:
    listing = f"/proposals/{proposal_id}/edit/frameworks"

    def change(content: ProposalContent, typed: Fields) -> ProposalContent:
        if field(typed, "confirm") != "yes":
            raise InputError(f"confirm: tick \"I mean it\" to remove component {key} with "
                             "its expected accomplishments, indicators and outputs")
        return _with_components(content, without(content.document.components, key))

    def form(message: str | None, status: int) -> Response:
        if status == 200:  # saved (HTMX): the list, the whole page, the component gone
            response = _list_page(request, proposal_id, message=message)
            response.headers.update({"HX-Retarget": "body", "HX-Reswap": "innerHTML",
                                     "HX-Push-Url": listing})
            return response
        return _form_page(request, proposal_id, key, removal=message, status=status,
                          typed=fields)

    return save_part(request, proposal_id, fields, change, back=listing, form=form)


def _with(content: ProposalContent, component: Component) -> ProposalContent:
    return _with_components(content, replaced(content.document.components, component))


def _with_components(content: ProposalContent, components: tuple[Component, ...]
                     ) -> ProposalContent:
    edited = content.document.model_copy(update={"components": components})
    return content.model_copy(update={"document": edited})


# --- API ------------------------------------------------------------------------------

ONE = "/proposals/{proposal_id}/frameworks"


def _components_body(components: tuple[Component, ...]) -> list[Any]:
    return [c.model_dump(mode="json") for c in components]


@api.get(ONE, name="proposal_frameworks", responses=READ_ERRORS, dependencies=[
         Depends(member)], summary="The head revision's frameworks: every component",
         description="The ETag is the head revision's number: send it as If-Match when "
                     "replacing a component.")
def frameworks_json(request: Request, proposal_id: ProposalId) -> Response:
    shown = services(request).proposals.show(proposal_id)
    return _read(_components_body(shown.document.components), shown.head.number)


@api.get(ONE + "/{component}", name="proposal_framework", responses=READ_ERRORS,
         dependencies=[Depends(member)],
         summary="One component of the head revision's frameworks")
def framework_json(request: Request, proposal_id: ProposalId, component: ComponentKey
                   ) -> Response:
    app = services(request)
    head = app.proposals.show(proposal_id).head.number
    found = _component(app.proposals.content(proposal_id, head), component, proposal_id,
                       head)
    return _read(found.model_dump(mode="json"), head)


def _read(data: Any, head: int) -> Response:
    return Response(plain_json(data), media_type=JSON, headers={
        "ETag": f'"{head}"', "Cache-Control": "no-store", "Vary": "Authorization, Cookie"})


class ComponentBody(Component):
    """A component as the data format writes it (``GET`` answers the same)."""

    model_config = ConfigDict(json_schema_extra={"examples": [EXAMPLE]})


@api.put(ONE + "/{component}", name="save_proposal_framework", status_code=201,
         responses=WRITE_ERRORS, dependencies=[Depends(editor), Depends(api_write)],
         openapi_extra={"security": SECURED},
         summary="Replace (or add) a component of the frameworks as a new revision "
                 "(editors; If-Match needed)",
         description="The body is the component (what GET answers). Its `key` is the "
                     "address's. Checked as the web form is: every item its text, numbers "
                     "used once, each indicator a target for the proposal's period with a "
                     "value or the text n/a, quantities not negative (400, the field "
                     "named); a value the model refuses is 422 with its location. "
                     "`If-Match`: 428 without it, 409 on a conflicting revision.")
def save_framework_json(request: Request, proposal_id: ProposalId, component: ComponentKey,
                        body: ComponentBody,
                        comment: Annotated[str, Query(max_length=2000)] = "",
                        user: User = Depends(editor)) -> Response:
    if body.key != component:
        raise Problem(422, f"key: the body is the component {body.key}, not {component}: "
                           f"PUT it at .../frameworks/{body.key}")
    edited = Component.model_validate(body.model_dump())

    def change(content: ProposalContent) -> ProposalContent:
        check_component(edited, content.document.period)
        return _with(content, edited)

    return save_part_json(request, proposal_id, change, user=user, comment=comment)



@api.delete(ONE + "/{component}", name="remove_proposal_framework", status_code=201,
            responses=WRITE_ERRORS, dependencies=[Depends(editor), Depends(api_write)],
            openapi_extra={"security": SECURED},
            summary="Remove a component of the frameworks as a new revision (editors; "
                    "If-Match needed)",
            description="The new revision holds the other components as they were; review "
                        "comments on the component's indicators and outputs are kept. "
                        "404 when the head revision has no such component, 428 without "
                        "`If-Match`, 409 on a conflicting revision.")
def remove_framework_json(request: Request, proposal_id: ProposalId,
                          component: ComponentKey,
                          comment: Annotated[str, Query(max_length=2000)] = "",
                          user: User = Depends(editor)) -> Response:
    head = services(request).proposals.show(proposal_id).head.number
    _component(services(request).proposals.content(proposal_id, head), component,
               proposal_id, head)  # 404 before If-Match is looked at

    def change(content: ProposalContent) -> ProposalContent:
        return _with_components(content, without(content.document.components, component))

    return save_part_json(request, proposal_id, change, user=user,
                          comment=comment or f"removed component {component}")
