"""What every editor of a proposal's part shares (docs/preparation.md, "Editing in the
web app"): reading the form, saving the edited content as a new revision based on the
revision the form showed, and answering.

An editor module gives a *change*, a function from the revision's content to the edited
content, and a function that renders its form (with a message and a status). Then:

- saved: without JavaScript, 303 back to the editor; with HTMX, the form again with
  "saved as revision N" (the findings panel reloads itself on ``saved``);
- refused (``InputError``): the form again with the message, 400 (422 to HTMX, the
  status it swaps), nothing stored;
- another revision landed and changes the same fields (``MergeConflictError``): the
  conflicts side by side, 409, in a form that posts the same fields back with a choice
  for each (``resolve:PATH`` = ``mine`` or ``theirs``); to HTMX, retargeted to the
  whole page.

The form's fields are passed through untouched on a conflict, so an editor never types
an edit twice."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from rbb.model.errors import InputError, MergeConflictError, StaleRevisionError
from rbb.model.proposals import Choice, Proposal, ProposalContent
from rbb.services.account_service import Role, User
from rbb.services.proposal_service import record_data

from ..admission import ReadRoute
from ..context import member, services
from ..paths import API
from ..templating import render
from .proposals_view import ProposalId, _if_match, _number, _written

page = APIRouter(route_class=ReadRoute)
api = APIRouter(route_class=ReadRoute)

FIELD_LIMIT = 20_000
"""Characters of one form field (a paragraph is rarely a tenth of it)."""
FIELDS_LIMIT = 2_000
"""Fields of one form: a framework component's indicators and outputs fit many times."""
RESOLVE = "resolve:"

Revision = Annotated[int | None, Query(ge=1, le=2**31 - 1,
                                       description="A revision other than the head")]
"""The ``?revision=`` an editor's API read takes (the head without it)."""

Fields = list[tuple[str, str]]
ContentChange = Callable[[ProposalContent, Fields], ProposalContent]
FormRenderer = Callable[[str | None, int], Response]


async def form_fields(request: Request) -> Fields:
    """The form's fields in order (a name may repeat), each bounded; more than
    ``FIELDS_LIMIT`` is refused."""
    form = await request.form(max_fields=FIELDS_LIMIT)
    return [(name, value[:FIELD_LIMIT]) for name, value in form.multi_items()
            if isinstance(value, str)]


def can_edit(user: User | None, proposal: Proposal) -> bool:
    """Whether the editors' forms are offered: an editor (or above), while the proposal
    is draft or returned. The service checks both again on save."""
    return (user is not None and user.role.allows(Role.EDITOR)
            and proposal.state.editable)


def htmx_status(request: Request, status: int) -> int:
    """A refusal answered to HTMX is 422, the status the app's HTMX swaps in place (as
    the scenario editor's); without JavaScript it stays 400 (or 409)."""
    return 422 if status >= 400 and request.headers.get("hx-request") == "true" else status


def field(fields: Fields, name: str, default: str = "") -> str:
    """The first value of ``name`` in the form."""
    return next((value for key, value in fields if key == name), default)


def save_part(request: Request, proposal_id: int, fields: Fields, change: ContentChange,
              *, back: str, form: FormRenderer) -> Response:
    """Apply ``change`` to the revision the form was based on and save it as a new
    revision; answer as the module docstring says. Runs in the thread pool."""
    app = services(request)
    user = app.auth.user(request)
    assert user is not None
    htmx = request.headers.get("hx-request") == "true"
    resolutions = {name[len(RESOLVE):]: Choice(value) for name, value in fields
                   if name.startswith(RESOLVE) and value in {c.value for c in Choice}}
    try:
        based_on = _number(field(fields, "based_on"), "based_on")
        edited = change(app.proposals.content(proposal_id, based_on), fields)
        revision = app.proposals.save_content(
            proposal_id, edited, based_on=based_on, by=user.username,
            comment=field(fields, "comment"), resolutions=resolutions or None)
    except MergeConflictError as conflict:
        page_ = conflicts_page(request, proposal_id, conflict, fields)
        if htmx:  # the whole page replaces the editor's section's page
            page_.headers.update({"HX-Retarget": "body", "HX-Reswap": "innerHTML"})
        return page_
    except InputError as error:
        return form(str(error), htmx_status(
            request, 409 if isinstance(error, StaleRevisionError) else 400))
    if htmx:
        response = form(f"Saved as revision {revision.number}.", 200)
        response.headers["HX-Trigger"] = "saved"
        return response
    return RedirectResponse(f"{back}?saved={revision.number}", status_code=303)


def save_part_json(request: Request, proposal_id: int,
                   change: Callable[[ProposalContent], ProposalContent], *, user: User,
                   comment: str = "", resolutions: dict[str, Choice] | None = None
                   ) -> Response:
    """The API's save of an edited part: ``change`` applied to the revision ``If-Match``
    names (428 without it), saved as a new revision (201, its record, its number as the
    ETag); a conflict is 409 with the conflicting fields (``rbb.web.problems``). Call it
    from a sync endpoint: it runs in the thread pool."""
    based_on = _if_match(request)
    app = services(request)
    edited = change(app.proposals.content(proposal_id, based_on))
    saved = app.proposals.save_content(proposal_id, edited, based_on=based_on,
                                       by=user.username, comment=comment,
                                       resolutions=resolutions)
    return _written(record_data(saved), etag=saved.number, status=201,
                    location=f"{API}/proposals/{proposal_id}/revisions/{saved.number}")


def conflicts_page(request: Request, proposal_id: int, conflict: MergeConflictError,
                   fields: Fields) -> HTMLResponse:
    kept = [(name, value) for name, value in fields
            if not name.startswith(RESOLVE) and name != "csrf_token"]
    rows = [{"path": c.path, "label": c.label, "base": _shown(c.base),
             "mine": _shown(c.mine), "theirs": _shown(c.theirs)}
            for c in conflict.conflicts]
    return render(request, "proposal_conflicts.html", {
        "proposal_id": proposal_id, "message": str(conflict), "conflicts": rows,
        "fields": kept, "action": request.url.path, "head": conflict.head},
        status=409, cache=False)


def _shown(value: Any) -> str:
    """A conflicting value as the page prints it: text as it is, anything else as
    JSON."""
    if value is None:
        return "(none)"
    if isinstance(value, str):
        return value
    return json.dumps(value, ensure_ascii=False, indent=1)


@page.get("/proposals/{proposal_id}/findings", response_class=HTMLResponse)
def findings_panel(request: Request, proposal_id: ProposalId, revision: int | None = None,
                   user: Any = Depends(member)) -> HTMLResponse:
    """The ``rbb check`` findings of a revision (the head by default): the panel every
    editor shows and HTMX reloads after each save."""
    app = services(request)
    proposal = app.proposals.show(proposal_id).proposal
    number = proposal.head if revision is None else revision
    findings = app.proposals.findings(proposal_id, number)
    errors = sum(1 for f in findings if f.severity.value == "error")
    return render(request, "_proposal_findings.html", {
        "proposal": proposal, "revision": number, "findings": findings,
        "errors": errors}, cache=False)
