"""Scenarios: the view data of their pages (a scenario against its base, two
scenarios), the pages and the API routes (docs/costing.md).

The engine's results (``Comparison``) become small pydantic models the templates
render; figures stay ``Decimal`` until the templates' filters print them through
``rbb.presentation``. The API returns the same results as
``rbb.services.costing_views`` shapes them for the CLI (reads carry an ETag computed
from the body: scenarios live outside the documents, so nothing is kept with the
snapshot).

The drivers form posts every driver; only the fields changed from what the form
showed become edits. With HTMX (``HX-Request``) an edit answers the partial that
redraws the totals and the attribution in place; without JavaScript the form
posts and the browser is sent back to the page (post/redirect/get). Pages are never
kept in the snapshot's page cache (``cache=False``): an edit shows at once.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from decimal import Decimal, InvalidOperation
from typing import Any
from urllib.parse import quote

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from pydantic import BaseModel
from starlette.concurrency import run_in_threadpool

from rbb.costing import ClassAttribution, Comparison, Edit, merge_edits
from rbb.model import DocumentKind, Period
from rbb.model.errors import InputError, NotFoundError
from rbb.presentation import round_half_away
from rbb.services.account_service import User
from rbb.services.costing_service import DocumentRef
from rbb.services.costing_views import comparison_data, scenario_data
from rbb.services.scenario_service import EditableDriver, ScenarioRow, ScenarioView

from ..admission import ReadRoute
from ..context import api_write, csrf_form, editor, reader, services
from ..json_bodies import JSON, plain_json, respond
from ..paths import API, anchor, key_slug, parse_key_slug, parse_mission, period_path
from ..problems import Problem, responses
from ..templating import render
from ..view_basics import ref
from .costing_api_schemas import (
    ComparisonData,
    NewScenario,
    ScenarioData,
    ScenarioEdits,
    ScenarioSummary,
)
from .login_account_view import SECURED

FORM_PLACES = 4
"""A driver's value in the form: at most four decimals (a calibrated unit cost keeps
40); a field still showing that value is not an edit."""

DRIVER_GROUPS = (("vacancy_factor", "Vacancy factors"), ("exchange_rate", "Exchange rates"),
                 ("unit_cost", "Standard costs"), ("allowance", "Allowance rates"),
                 ("price", "Unit prices"), ("quantity", "Operational quantities"),
                 ("amount", "Amounts without cost drivers"), ("posts", "Posts"))
OPEN_GROUPS = frozenset({"vacancy_factor", "exchange_rate", "unit_cost", "allowance"})
"""Groups shown open; the long lists (posts, amounts, quantities) start folded."""


def scenario_page(name: str) -> str:
    return f"/scenarios/{quote(name, safe='')}"


class ScenarioEntry(BaseModel):
    name: str
    mission: str
    period: Period
    base: str
    description: str | None
    edits: list[str]
    page: str
    base_page: str


class LineRow(BaseModel):
    line: str
    label: str
    kind: str
    base: Decimal
    scenario: Decimal
    change: Decimal


class PartRow(BaseModel):
    factor: str
    label: str
    before: str
    after: str
    amount: Decimal


class ClassExplanation(BaseModel):
    line: str
    label: str
    before: Decimal
    after: Decimal
    variance: Decimal
    variance_source_line: int | None
    residual: Decimal
    parts: list[PartRow]
    adds_up: bool
    anchor: str


class DriverField(BaseModel):
    key: str
    field_id: str
    label: str
    base: Decimal | None
    value: Decimal
    shown: str
    """The value as the form's input holds it (at most four decimals)."""
    unit: str
    provenance: str
    edited: bool


class DriverGroup(BaseModel):
    kind: str
    title: str
    open: bool
    fields: list[DriverField]


class ComparisonView(BaseModel):
    base_label: str
    scenario_label: str
    lines: list[LineRow]
    explanations: list[ClassExplanation]


class ScenarioDetail(BaseModel):
    entry: ScenarioEntry
    comparison: ComparisonView
    drivers: list[DriverGroup]
    others: list[ScenarioEntry]
    """Scenarios of the same budget, to compare with."""


class ScenarioComparison(BaseModel):
    first: ScenarioEntry
    second: ScenarioEntry
    comparison: ComparisonView


def entry(row: ScenarioRow) -> ScenarioEntry:
    return ScenarioEntry(
        name=row.name, mission=row.mission, period=row.period,
        base=f"{row.mission} {row.period} {row.kind.value}", description=row.description,
        edits=[f"{key}={value}" for key, value in row.edits], page=scenario_page(row.name),
        base_page=period_path(row.mission, row.period))


def explanation(found: ClassAttribution) -> ClassExplanation:
    return ClassExplanation(
        line=found.line, label=found.label, before=found.before, after=found.after,
        variance=found.variance, variance_source_line=found.variance_source_line,
        residual=found.residual, adds_up=found.check(), anchor=anchor("explain", found.line),
        parts=[PartRow(factor=p.factor, label=p.label, before=p.before, after=p.after,
                       amount=p.amount) for p in found.parts])


def comparison_view(comparison: Comparison) -> ComparisonView:
    """Every class, group and total against the base; the change of each class that
    moved, explained by driver."""
    return ComparisonView(
        base_label=comparison.base_label, scenario_label=comparison.scenario_label,
        lines=[LineRow(line=c.line, label=c.label, kind=c.kind, base=c.base,
                       scenario=c.scenario, change=c.change) for c in comparison.lines],
        explanations=[explanation(c) for c in comparison.attribution.classes
                      if c.variance or any(p.amount for p in c.parts)])


def form_value(value: Decimal) -> str:
    """A plain decimal for an input: ``8.8``, ``230.8512``, ``200``."""
    exponent = value.as_tuple().exponent
    if isinstance(exponent, int) and exponent < -FORM_PLACES:
        value = round_half_away(value, FORM_PLACES)
    text = format(value, "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


def driver_field(driver: EditableDriver) -> DriverField:
    rest = driver.key.partition(".")[2]
    return DriverField(
        key=driver.key, field_id="driver-" + anchor(driver.key),
        label=rest.replace("_", " ").replace(".", " · "),
        base=driver.base, value=driver.value, shown=form_value(driver.value), unit=driver.unit,
        provenance=driver.provenance, edited=driver.edited)


def driver_groups(drivers: Iterable[EditableDriver]) -> list[DriverGroup]:
    fields = [driver_field(d) for d in drivers]
    groups = []
    for kind, title in DRIVER_GROUPS:
        found = [f for f in fields if f.key.split(".")[0] == kind]
        if found:
            groups.append(DriverGroup(kind=kind, title=title, open=kind in OPEN_GROUPS
                                      or any(f.edited for f in found), fields=found))
    return groups


def scenario_detail(view: ScenarioView, drivers: Iterable[EditableDriver],
                    rows: Iterable[ScenarioRow]) -> ScenarioDetail:
    row = view.scenario
    return ScenarioDetail(
        entry=entry(row), comparison=comparison_view(view.comparison),
        drivers=driver_groups(drivers),
        others=[entry(r) for r in rows if r.name != row.name
                and (r.mission, r.period) == (row.mission, row.period)])


def form_edits(form: Mapping[str, str], drivers: Iterable[EditableDriver]) -> list[str]:
    """The ``KEY=VALUE`` edits a submitted drivers form asks for: every field whose value
    is no longer the one the form showed, and the free ``edit`` field (``+3%``, ``-1``)."""
    edits = []
    for driver in drivers:
        submitted = form.get(driver.key)
        if submitted is None or not submitted.strip():
            continue
        if _same(submitted, form_value(driver.value)):
            continue
        edits.append(f"{driver.key}={submitted.strip()}")
    extra = form.get("edit", "").strip()
    if extra:
        edits.append(extra)
    return edits


def _same(submitted: str, shown: str) -> bool:
    """Whether a field still holds what the form showed; a change (``+2``, ``+3%``) never
    does, and anything else is left for the service to check and explain."""
    text = submitted.strip()
    if text.startswith("+") or text.endswith("%"):
        return False
    try:
        return Decimal(text) == Decimal(shown)
    except InvalidOperation:
        return False


page = APIRouter(route_class=ReadRoute)
api = APIRouter(route_class=ReadRoute)
NAME_LIMIT = 80
KEY_LIMIT = 200
READ = [Depends(reader)]
WRITE = [Depends(editor), Depends(api_write)]
READ_ERRORS = responses(400, 401, 404, 422)
WRITE_ERRORS = responses(400, 401, 403, 404, 422)


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


@page.get("/scenarios", response_class=HTMLResponse)
def scenarios(request: Request, mission: str = Query("", max_length=32),
              user: User | None = Depends(reader)) -> HTMLResponse:
    return _list_page(request, parse_mission(mission) if mission else None)


@page.post("/scenarios", dependencies=[Depends(editor), Depends(csrf_form)])
async def create(request: Request) -> Response:
    return await run_in_threadpool(_create, request, await _form(request))


def _create(request: Request, form: dict[str, str]) -> Response:
    """Costing the new scenario is CPU-bound: this runs in the thread pool."""
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


@page.get("/scenarios/{name}", response_class=HTMLResponse)
def scenario(request: Request, name: str,
             user: User | None = Depends(reader)) -> HTMLResponse:
    return _scenario_page(request, name)


@page.post("/scenarios/{name}/edits", response_class=HTMLResponse,
           dependencies=[Depends(editor), Depends(csrf_form)])
async def edit(request: Request, name: str) -> Response:
    """Set the drivers the form changed. HTMX gets the redrawn results (422 with the
    reason when an edit is refused: nothing is stored then)."""
    return await run_in_threadpool(_edit, request, name[:NAME_LIMIT], await _form(request))


def _edit(request: Request, name: str, form: dict[str, str]) -> Response:
    """Recosting the scenario is CPU-bound: this runs in the thread pool."""
    app = services(request)
    drivers = app.scenarios.editable(name)
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


@page.post("/scenarios/{name}/edits/{key}/delete",
           dependencies=[Depends(editor), Depends(csrf_form)])
def unset(request: Request, name: str, key: str) -> Response:
    services(request).scenarios.unset(name[:NAME_LIMIT], [key[:KEY_LIMIT]])
    return RedirectResponse(scenario_page(name[:NAME_LIMIT]), status_code=303)


@page.post("/scenarios/{name}/delete", dependencies=[Depends(editor), Depends(csrf_form)])
def delete(request: Request, name: str) -> Response:
    if not services(request).scenarios.delete(name[:NAME_LIMIT]):
        raise Problem(404, f"no scenario named {name[:NAME_LIMIT]!r} is stored")
    return RedirectResponse("/scenarios?deleted=1", status_code=303)


@page.get("/scenarios/{first}/compare/{second}", response_class=HTMLResponse)
def compare(request: Request, first: str, second: str,
            user: User | None = Depends(reader)) -> HTMLResponse:
    app = services(request)
    a, b = app.scenarios.store.scenario(first[:NAME_LIMIT]), \
        app.scenarios.store.scenario(second[:NAME_LIMIT])
    comparison = app.scenarios.compare(a.name, b.name)
    view = ScenarioComparison(first=entry(a), second=entry(b),
                              comparison=comparison_view(comparison))
    return render(request, "scenario_compare.html", view, cache=False)


def _written(data: Any, status: int = 200, headers: dict[str, str] | None = None) -> Response:
    return Response(plain_json(data), status_code=status, media_type=JSON,
                    headers={"Cache-Control": "no-store", **(headers or {})})


def _api_path(name: str) -> str:
    return f"{API}/scenarios/{quote(name, safe='')}"


def _summary(row: ScenarioRow) -> dict[str, Any]:
    return {"name": row.name, "base": f"{row.mission}:{row.period}:{row.kind.value}",
            "description": row.description,
            "edits": [f"{key}={value}" for key, value in row.edits],
            "page": f"/scenarios/{quote(row.name, safe='')}", "api": _api_path(row.name)}


@api.get("/scenarios", name="scenarios", response_model=list[ScenarioSummary],
         responses=READ_ERRORS, dependencies=READ, summary="Stored scenarios")
def scenarios_json(request: Request,
                   mission: str | None = Query(None, max_length=32, examples=["UNMIK"])
                   ) -> Response:
    code = parse_mission(mission) if mission else None
    rows = services(request).scenarios.scenarios(code)
    return respond(request, plain_json([_summary(r) for r in rows]))


@api.post("/scenarios", name="create", response_model=ScenarioData, status_code=201,
          responses=WRITE_ERRORS, dependencies=WRITE, openapi_extra={"security": SECURED},
          summary="Create a scenario from a stored budget",
          description="400 when the name is taken or not allowed, or an edit is not "
                      "valid; 404 when the budget is not stored. Nothing is stored then.")
def create_json(request: Request, body: NewScenario) -> Response:
    edits = merge_edits((), tuple(Edit.parse(text) for text in body.edits))
    view = services(request).scenarios.new(body.name, DocumentRef.parse(body.base),
                                           description=body.description, edits=edits)
    return _written(scenario_data(view), 201, {"Location": _api_path(view.scenario.name)})


@api.get("/scenarios/{name}", name="scenario", response_model=ScenarioData,
         responses=READ_ERRORS, dependencies=READ,
         summary="A scenario: every class and total against its base, each change by driver")
def scenario_json(request: Request, name: str) -> Response:
    view = services(request).scenarios.show(name[:NAME_LIMIT])
    return respond(request, plain_json(scenario_data(view)))


@api.post("/scenarios/{name}/edits", name="set_edits", response_model=ScenarioData,
          responses=WRITE_ERRORS, dependencies=WRITE, openapi_extra={"security": SECURED},
          summary="Set drivers (KEY=VALUE); all are checked before any is stored",
          description="Setting a key again replaces its edit. Answers the scenario as it "
                      "now costs.")
def set_edits_json(request: Request, name: str, body: ScenarioEdits) -> Response:
    return _written(scenario_data(services(request).scenarios.set(name[:NAME_LIMIT],
                                                                  body.edits)))


@api.delete("/scenarios/{name}/edits/{key}", name="unset_edit", response_model=ScenarioData,
            responses=WRITE_ERRORS, dependencies=WRITE, openapi_extra={"security": SECURED},
            summary="Drop an edit: the driver returns to its base value")
def unset_edit_json(request: Request, name: str, key: str) -> Response:
    return _written(scenario_data(services(request).scenarios.unset(name[:NAME_LIMIT],
                                                                    [key[:KEY_LIMIT]])))


@api.delete("/scenarios/{name}", name="delete", status_code=204, responses=WRITE_ERRORS,
            dependencies=WRITE, openapi_extra={"security": SECURED},
            response_class=Response, summary="Delete a scenario")
def delete_json(request: Request, name: str) -> Response:
    if not services(request).scenarios.delete(name[:NAME_LIMIT]):
        raise Problem(404, f"no scenario named {name[:NAME_LIMIT]!r} is stored")
    return Response(status_code=204, headers={"Cache-Control": "no-store"})


@api.get("/scenarios/{first}/compare/{second}", name="compare", response_model=ComparisonData,
         responses=READ_ERRORS, dependencies=READ,
         summary="Two scenarios of the same budget: the second against the first")
def compare_json(request: Request, first: str, second: str) -> Response:
    comparison = services(request).scenarios.compare(first[:NAME_LIMIT], second[:NAME_LIMIT])
    return respond(request, plain_json(comparison_data(comparison)))
