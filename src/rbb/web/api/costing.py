"""Costing over the API: scenarios (list, create, edit, compare, delete), a stored
budget's variance by driver and its cost estimates from the drivers.

Bodies are ``rbb.services.costing_views`` shapes, exactly what the CLI prints
with ``--format json``. Reads carry an ETag (computed from the body: scenarios
and stored drivers live outside the documents, so they are not kept with the
snapshot); writes need an editor (API token, or session and ``X-CSRF-Token``).
"""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import quote

from fastapi import APIRouter, Depends, Query, Request, Response

from rbb.costing import Edit, merge_edits
from rbb.services.costing_service import DocumentRef
from rbb.services.costing_views import (
    attribution_data,
    comparison_data,
    cost_data,
    scenario_data,
)
from rbb.storage.costing_store import ScenarioRow

from ..context import api_write, editor, reader, services
from ..paths import API, parse_mission, parse_period_slug
from ..problems import Problem, responses
from .responses import JSON, respond
from .schemas import (
    AttributionData,
    ComparisonData,
    CostData,
    NewScenario,
    ScenarioData,
    ScenarioEdits,
    ScenarioSummary,
)
from .write import SECURED

router = APIRouter()
READ = [Depends(reader)]
WRITE = [Depends(editor), Depends(api_write)]
READ_ERRORS = responses(400, 401, 404, 422)
WRITE_ERRORS = responses(400, 401, 403, 404, 422)
NAME = 80


def _json(data: Any) -> bytes:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def _written(data: Any, status: int = 200, headers: dict[str, str] | None = None) -> Response:
    return Response(_json(data), status_code=status, media_type=JSON,
                    headers={"Cache-Control": "no-store", **(headers or {})})


def _api_path(name: str) -> str:
    return f"{API}/scenarios/{quote(name, safe='')}"


def _summary(row: ScenarioRow) -> dict[str, Any]:
    return {"name": row.name, "base": f"{row.mission}:{row.period}:{row.kind.value}",
            "description": row.description,
            "edits": [f"{key}={value}" for key, value in row.edits],
            "page": f"/scenarios/{quote(row.name, safe='')}", "api": _api_path(row.name)}


@router.get("/scenarios", response_model=list[ScenarioSummary], responses=READ_ERRORS,
            dependencies=READ, summary="Stored scenarios")
def scenarios(request: Request,
              mission: str | None = Query(None, max_length=32, examples=["UNMIK"])) -> Response:
    code = parse_mission(mission) if mission else None
    rows = services(request).scenarios.scenarios(code)
    return respond(request, _json([_summary(r) for r in rows]))


@router.post("/scenarios", response_model=ScenarioData, status_code=201,
             responses=WRITE_ERRORS, dependencies=WRITE, openapi_extra={"security": SECURED},
             summary="Create a scenario from a stored budget",
             description="400 when the name is taken or not allowed, or an edit is not "
                         "valid; 404 when the budget is not stored. Nothing is stored then.")
def create(request: Request, body: NewScenario) -> Response:
    edits = merge_edits((), tuple(Edit.parse(text) for text in body.edits))
    view = services(request).scenarios.new(body.name, DocumentRef.parse(body.base),
                                           description=body.description, edits=edits)
    return _written(scenario_data(view), 201, {"Location": _api_path(view.scenario.name)})


@router.get("/scenarios/{name}", response_model=ScenarioData, responses=READ_ERRORS,
            dependencies=READ, summary="A scenario: every class and total against its base, "
                                       "each change by driver")
def scenario(request: Request, name: str) -> Response:
    return respond(request, _json(scenario_data(services(request).scenarios.show(name[:NAME]))))


@router.post("/scenarios/{name}/edits", response_model=ScenarioData, responses=WRITE_ERRORS,
             dependencies=WRITE, openapi_extra={"security": SECURED},
             summary="Set drivers (KEY=VALUE); all are checked before any is stored",
             description="Setting a key again replaces its edit. Answers the scenario as it "
                         "now costs.")
def set_edits(request: Request, name: str, body: ScenarioEdits) -> Response:
    return _written(scenario_data(services(request).scenarios.set(name[:NAME], body.edits)))


@router.delete("/scenarios/{name}/edits/{key}", response_model=ScenarioData,
               responses=WRITE_ERRORS, dependencies=WRITE,
               openapi_extra={"security": SECURED},
               summary="Drop an edit: the driver returns to its base value")
def unset_edit(request: Request, name: str, key: str) -> Response:
    return _written(scenario_data(services(request).scenarios.unset(name[:NAME],
                                                                    [key[:200]])))


@router.delete("/scenarios/{name}", status_code=204, responses=WRITE_ERRORS,
               dependencies=WRITE, openapi_extra={"security": SECURED},
               response_class=Response, summary="Delete a scenario")
def delete(request: Request, name: str) -> Response:
    if not services(request).scenarios.delete(name[:NAME]):
        raise Problem(404, f"no scenario named {name[:NAME]!r} is stored")
    return Response(status_code=204, headers={"Cache-Control": "no-store"})


@router.get("/scenarios/{first}/compare/{second}", response_model=ComparisonData,
            responses=READ_ERRORS, dependencies=READ,
            summary="Two scenarios of the same budget: the second against the first")
def compare(request: Request, first: str, second: str) -> Response:
    comparison = services(request).scenarios.compare(first[:NAME], second[:NAME])
    return respond(request, _json(comparison_data(comparison)))


PERIOD = "/missions/{mission}/periods/{period}"


@router.get(PERIOD + "/attribution", response_model=AttributionData, responses=READ_ERRORS,
            dependencies=READ, summary="Each class's variance by driver (`rbb attribute`)",
            description="The variance between the apportionment and the cost estimates of a "
                        "stored budget, split among its drivers (exact Shapley value), with "
                        "the residual the drivers do not explain.")
def attribution(request: Request, mission: str, period: str) -> Response:
    code, label = parse_mission(mission), parse_period_slug(period)
    return respond(request, _json(attribution_data(services(request).costing.attribute(
        code, label))))


@router.get(PERIOD + "/cost", response_model=CostData, responses=READ_ERRORS,
            dependencies=READ, summary="Cost estimates from the drivers (`rbb cost`)",
            description="Every class: formula, inputs and their sources; with `scenario`, "
                        "the drivers of that scenario of the same budget.")
def cost(request: Request, mission: str, period: str,
         scenario: str | None = Query(None, max_length=NAME, examples=["low"])) -> Response:
    code, label = parse_mission(mission), parse_period_slug(period)
    app = services(request)
    edits: tuple[Any, ...] = ()
    if scenario:
        row = app.scenarios.store.scenario(scenario)
        if (row.mission, row.period) != (code, label):
            raise Problem(400, f"scenario {row.name!r} is of {row.mission} {row.period}, not "
                               f"{code} {label}")
        edits = app.scenarios.edits(row.name)
    return respond(request, _json(cost_data(app.costing.cost(code, label, edits=edits))))
