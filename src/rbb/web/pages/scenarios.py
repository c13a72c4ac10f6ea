"""Scenarios in the browser: list, create, edit a driver and see the totals move,
compare two, delete; and a stored budget's variance explained by driver.

The drivers form posts every driver; only the fields changed from what the form
showed become edits. With HTMX (``HX-Request``) an edit answers the partial that
redraws the totals and the attribution in place; without JavaScript the form
posts and the browser is sent back to the page (post/redirect/get).

Scenarios live outside the documents, so their pages are never kept in the
snapshot's page cache (``cache=False``): an edit shows at once.
"""

from __future__ import annotations

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from rbb.model import DocumentKind
from rbb.model.errors import InputError, NotFoundError
from rbb.services.costing_service import DocumentRef
from rbb.storage.accounts import User

from ..context import csrf_form, editor, reader, services
from ..paths import key_slug, parse_key_slug, parse_mission, parse_period_slug
from ..problems import Problem
from ..templating import render
from ..views.common import ref
from ..views.scenarios import (
    ScenarioComparison,
    attribution_view,
    comparison_view,
    entry,
    form_edits,
    scenario_detail,
    scenario_page,
)

router = APIRouter()
NAME_LIMIT = 80
KEY_LIMIT = 200


def _is_htmx(request: Request) -> bool:
    return request.headers.get("hx-request") == "true"


async def _form(request: Request) -> dict[str, str]:
    form = await request.form()
    return {name: value[:200] for name, value in form.items() if isinstance(value, str)}


def _list_page(request: Request, mission: str | None, *, status: int = 200,
               message: str | None = None, form: dict[str, str] | None = None) -> HTMLResponse:
    app = services(request)
    snapshot = app.library.snapshot()
    rows = app.scenarios.scenarios(mission)
    missions = sorted({r.mission for r in rows})
    bases = [ref(s) for s in snapshot.summaries if s.kind is DocumentKind.BUDGET
             and (mission is None or s.mission == mission)]
    return render(request, "scenarios.html", None, status=status, cache=False,
                  groups=[(code, [entry(r) for r in rows if r.mission == code])
                          for code in missions],
                  bases=[(key_slug(b.key), b) for b in bases], mission=mission,
                  message=message, form=form or {})


@router.get("/scenarios", response_class=HTMLResponse)
def scenarios(request: Request, mission: str = Query("", max_length=32),
              user: User | None = Depends(reader)) -> HTMLResponse:
    return _list_page(request, parse_mission(mission) if mission else None)


@router.post("/scenarios", dependencies=[Depends(editor), Depends(csrf_form)])
async def create(request: Request) -> Response:
    form = await _form(request)
    name = form.get("name", "").strip()[:NAME_LIMIT]
    try:
        key = parse_key_slug(form.get("base", ""))
        services(request).scenarios.new(
            name, DocumentRef(key.mission, key.period, key.kind),
            description=form.get("description", "").strip() or None)
    except (InputError, NotFoundError) as error:
        return _list_page(request, None, status=400, message=str(error), form=form)
    return RedirectResponse(scenario_page(name), status_code=303)


def _scenario_page(request: Request, name: str, *, status: int = 200,
                   message: str | None = None, partial: bool = False) -> HTMLResponse:
    app = services(request)
    view = app.scenarios.show(name[:NAME_LIMIT])
    detail = scenario_detail(view, app.scenarios.editable(view.scenario.name),
                             app.scenarios.scenarios(view.scenario.mission))
    template = "scenario_results.html" if partial else "scenario.html"
    return render(request, template, detail, status=status, cache=False, message=message)


@router.get("/scenarios/{name}", response_class=HTMLResponse)
def scenario(request: Request, name: str,
             user: User | None = Depends(reader)) -> HTMLResponse:
    return _scenario_page(request, name)


@router.post("/scenarios/{name}/edits", response_class=HTMLResponse,
             dependencies=[Depends(editor), Depends(csrf_form)])
async def edit(request: Request, name: str) -> Response:
    """Set the drivers the form changed. HTMX gets the redrawn results (422 with the
    reason when an edit is refused: nothing is stored then)."""
    app = services(request)
    name = name[:NAME_LIMIT]
    drivers = app.scenarios.editable(name)
    form = await _form(request)
    try:
        edits = form_edits(form, drivers)
        if edits:
            app.scenarios.set(name, edits)
    except InputError as error:
        return _scenario_page(request, name, status=422, message=str(error),
                              partial=_is_htmx(request))
    if _is_htmx(request):
        return _scenario_page(request, name, partial=True)
    return RedirectResponse(scenario_page(name), status_code=303)


@router.post("/scenarios/{name}/edits/{key}/delete",
             dependencies=[Depends(editor), Depends(csrf_form)])
def unset(request: Request, name: str, key: str) -> Response:
    services(request).scenarios.unset(name[:NAME_LIMIT], [key[:KEY_LIMIT]])
    return RedirectResponse(scenario_page(name[:NAME_LIMIT]), status_code=303)


@router.post("/scenarios/{name}/delete", dependencies=[Depends(editor), Depends(csrf_form)])
def delete(request: Request, name: str) -> Response:
    if not services(request).scenarios.delete(name[:NAME_LIMIT]):
        raise Problem(404, f"no scenario named {name[:NAME_LIMIT]!r} is stored")
    return RedirectResponse("/scenarios?deleted=1", status_code=303)


@router.get("/scenarios/{first}/compare/{second}", response_class=HTMLResponse)
def compare(request: Request, first: str, second: str,
            user: User | None = Depends(reader)) -> HTMLResponse:
    app = services(request)
    a, b = app.scenarios.store.scenario(first[:NAME_LIMIT]), \
        app.scenarios.store.scenario(second[:NAME_LIMIT])
    comparison = app.scenarios.compare(a.name, b.name)
    view = ScenarioComparison(first=entry(a), second=entry(b),
                              comparison=comparison_view(comparison))
    return render(request, "scenario_compare.html", view, cache=False)


@router.get("/missions/{mission}/{period}/budget/attribution", response_class=HTMLResponse)
def attribution(request: Request, mission: str, period: str,
                user: User | None = Depends(reader)) -> HTMLResponse:
    """``rbb attribute``: each class's printed variance split among its drivers. Not
    cached with the snapshot: stored drivers change without the documents changing."""
    code, label = parse_mission(mission), parse_period_slug(period)
    found = services(request).costing.attribute(code, label)
    return render(request, "attribution.html", attribution_view(found, label), cache=False)
