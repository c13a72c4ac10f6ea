"""The vacancy factors editor of a proposal (docs/preparation.md, "Editing post actions
and vacancy factors"): every rate the document prints, the rates of the proposal's
period editable (0 to 100, one decimal), earlier periods read-only, and the text that
justifies each category's rate (a paragraph of section II.D, ``vacancy_editing``). The
API reads and writes the same. Saves go through ``save_part`` and ``save_part_json``."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, Response
from pydantic import BaseModel, ConfigDict, Field
from starlette.concurrency import run_in_threadpool

from rbb.model.proposals import ProposalContent
from rbb.services.account_service import User
from rbb.services.vacancy_editing import NAMES, vacancy_data, vacancy_lines, with_vacancy

from ..admission import ReadRoute
from ..context import api_write, csrf_form, editor, member, services
from ..json_bodies import plain_json, respond
from ..templating import render
from .login_account_view import SECURED
from .proposal_editing import (
    Fields,
    Revision,
    can_edit,
    form_fields,
    htmx_status,
    save_part,
    save_part_json,
)
from .proposals_view import READ_ERRORS, WRITE_ERRORS, ProposalId

page = APIRouter(route_class=ReadRoute)
api = APIRouter(route_class=ReadRoute)

EDIT = "/proposals/{proposal_id}/edit/vacancy-factors"
API_PATH = "/proposals/{proposal_id}/vacancy-factors"
RATE = "rate:"
TEXT = "justification:"


def _page(request: Request, proposal_id: int, *, message: str | None = None,
          status: int = 200, typed: dict[str, str] | None = None) -> HTMLResponse:
    app = services(request)
    user = app.auth.user(request)
    shown = app.proposals.show(proposal_id)
    document = shown.document
    lines = vacancy_lines(document)
    periods = sorted({(f.kind.value, f.period.label) for line in lines for f in line.earlier},
                     key=lambda k: (k[1], k[0]))
    form = typed if typed is not None and status != 200 else {
        **{RATE + line.category.value: "" if line.current is None or line.current.rate is None
           else str(line.current.rate) for line in lines},
        **{TEXT + line.category.value: line.justification for line in lines}}
    saved = request.query_params.get("saved", "")[:12]
    if message is None and saved.isdigit():
        message = f"Saved as revision {saved}."
    name = ("_proposal_vacancy.html" if request.headers.get("hx-request") == "true"
            else "proposal_vacancy.html")
    return render(request, name, {
        "proposal": shown.proposal, "current": "vacancy-factors", "lines": lines,
        "periods": periods, "period": document.period.label, "form": form,
        "rate": RATE, "text": TEXT, "message": message, "failed": status != 200,
        # Shown again after a refusal, the whole form keeps the revision it was typed
        # on, so a save merges it rather than taking back what landed since.
        "based_on": form.get("based_on") or shown.proposal.head,
        "can_edit": can_edit(user, shown.proposal)},
        status=htmx_status(request, status), cache=False)


@page.get(EDIT, response_class=HTMLResponse)
def vacancy_page(request: Request, proposal_id: ProposalId,
                 user: User = Depends(member)) -> HTMLResponse:
    """The rates by category and period, and each category's justification."""
    return _page(request, proposal_id)


def _edits(fields: Fields) -> tuple[dict[str, str], dict[str, str]]:
    rates = {name[len(RATE):]: value for name, value in fields if name.startswith(RATE)}
    texts = {name[len(TEXT):]: value for name, value in fields if name.startswith(TEXT)}
    return rates, texts


@page.post(EDIT, dependencies=[Depends(editor), Depends(csrf_form)])
async def vacancy_form(request: Request, proposal_id: ProposalId) -> Response:
    fields = await form_fields(request)
    typed = {name: value for name, value in fields if name != "csrf_token"}

    def change(content: ProposalContent, fields: Fields) -> ProposalContent:
        rates, texts = _edits(fields)
        return with_vacancy(content, rates, texts)

    def form(message: str | None, status: int) -> Response:
        return _page(request, proposal_id, message=message, status=status, typed=typed)

    return await run_in_threadpool(save_part, request, proposal_id, fields, change,
                                   back=EDIT.format(proposal_id=proposal_id), form=form)


# --- API ------------------------------------------------------------------------------

class VacancyEdit(BaseModel):
    """Rates of the proposal's period by category (text, one decimal; null or "" removes
    the rate) and justifications by category ("" removes it). Categories not named stay
    as they are."""

    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [
        {"rates": {"international_staff": "10.5", "national_general_service_staff": "5.0"},
         "justifications": {"international_staff": "The proposed rate reflects the "
                            "recruitment expected for the period."},
         "comment": "vacancy factors reviewed"}]})

    rates: dict[str, str | int | None] = Field(default_factory=dict, max_length=len(NAMES))
    justifications: dict[str, str] = Field(default_factory=dict, max_length=len(NAMES))
    comment: str = Field("", max_length=2000)


@api.get(API_PATH, name="proposal_vacancy_factors", responses=READ_ERRORS,
         dependencies=[Depends(member)],
         summary="A revision's vacancy factors and their justifications",
         description="The head revision unless `revision` names another; rates are exact "
                     "strings (per cent); `editable` marks the proposal period's.")
def vacancy_json(request: Request, proposal_id: ProposalId, revision: Revision = None
                 ) -> Response:
    app = services(request)
    proposal = app.proposals.show(proposal_id).proposal
    number = proposal.head if revision is None else revision
    data: dict[str, Any] = {"proposal": proposal_id, "revision": number,
                            **vacancy_data(app.proposals.document(proposal_id, number))}
    return respond(request, plain_json(data))


@api.put(API_PATH, name="edit_vacancy_factors", status_code=201,
         responses=WRITE_ERRORS,
         dependencies=[Depends(editor), Depends(api_write)],
         openapi_extra={"security": SECURED},
         summary="Set the proposal period's vacancy rates and justifications (editors; "
                 "If-Match needed)",
         description="400 naming the field (`rates.international_staff: 120 is not a rate "
                     "from 0 to 100 per cent`); 428 without If-Match; 409 when another "
                     "revision changed the same fields.")
def edit_vacancy_json(request: Request, proposal_id: ProposalId, body: VacancyEdit,
                      user: User = Depends(editor)) -> Response:
    return save_part_json(
        request, proposal_id,
        lambda content: with_vacancy(content, body.rates, body.justifications),
        user=user, comment=body.comment)
