"""A stored budget's variance explained by driver (``rbb attribute``): the page, and in
the API the attribution and the cost estimates from the drivers (``rbb cost``).

Not cached with the snapshot: stored drivers change without the documents changing.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from fastapi import APIRouter, Depends, Query, Request, Response
from fastapi.responses import HTMLResponse
from pydantic import BaseModel

from rbb.costing import Attribution
from rbb.model import Period
from rbb.services.account_service import User
from rbb.services.costing_views import attribution_data, cost_data

from ..admission import ReadRoute
from ..context import reader, services
from ..json_bodies import plain_json, respond
from ..paths import parse_mission, parse_period_slug, period_path
from ..problems import Problem, responses
from ..templating import render
from .costing_api_schemas import AttributionData, CostData
from .scenarios_view import ClassExplanation, PartRow, explanation

page = APIRouter(route_class=ReadRoute)
api = APIRouter(route_class=ReadRoute)
READ = [Depends(reader)]
READ_ERRORS = responses(400, 401, 404, 422)
NAME = 80


class AttributionView(BaseModel):
    mission: str
    period: Period
    before_label: str
    after_label: str
    explanations: list[ClassExplanation]
    totals: list[PartRow]
    residual: Decimal
    variance: Decimal
    overview: str
    financial: str


def attribution_view(attribution: Attribution, period: Period) -> AttributionView:
    totals = attribution.totals()
    labels: dict[str, str] = {}
    for found in attribution.classes:
        for part in found.parts:
            labels.setdefault(part.factor, part.label)
    return AttributionView(
        mission=attribution.mission, period=period, before_label=attribution.before_label,
        after_label=attribution.after_label,
        explanations=[explanation(c) for c in attribution.classes],
        totals=[PartRow(factor=factor, label=label, before="", after="",
                        amount=totals.get(factor, Decimal(0)))
                for factor, label in labels.items()],
        residual=totals["residual"], variance=totals["variance"],
        overview=period_path(attribution.mission, period),
        financial=period_path(attribution.mission, period) + "/budget/financial")


@page.get("/missions/{mission}/{period}/budget/attribution", response_class=HTMLResponse)
def attribution(request: Request, mission: str, period: str,
                user: User | None = Depends(reader)) -> HTMLResponse:
    """``rbb attribute``: each class's printed variance split among its drivers. Not
    cached with the snapshot: stored drivers change without the documents changing."""
    code, label = parse_mission(mission), parse_period_slug(period)
    found = services(request).costing.attribute(code, label)
    return render(request, "attribution.html", attribution_view(found, label), cache=False)


PERIOD = "/missions/{mission}/periods/{period}"


@api.get(PERIOD + "/attribution", name="attribution", response_model=AttributionData,
         responses=READ_ERRORS, dependencies=READ,
         summary="Each class's variance by driver (`rbb attribute`)",
         description="The variance between the apportionment and the cost estimates of a "
                     "stored budget, split among its drivers (exact Shapley value), with "
                     "the residual the drivers do not explain.")
def attribution_json(request: Request, mission: str, period: str) -> Response:
    code, label = parse_mission(mission), parse_period_slug(period)
    return respond(request, plain_json(attribution_data(services(request).costing.attribute(
        code, label))))


@api.get(PERIOD + "/cost", name="cost", response_model=CostData, responses=READ_ERRORS,
         dependencies=READ, summary="Cost estimates from the drivers (`rbb cost`)",
         description="Every class: formula, inputs and their sources; with `scenario`, "
                     "the drivers of that scenario of the same budget.")
def cost_json(request: Request, mission: str, period: str,
              scenario: str | None = Query(None, max_length=NAME, examples=["low"])
              ) -> Response:
    code, label = parse_mission(mission), parse_period_slug(period)
    app = services(request)
    edits: tuple[Any, ...] = ()
    if scenario:
        row = app.scenarios.store.scenario(scenario)
        if (row.mission, row.period) != (code, label):
            raise Problem(400, f"scenario {row.name!r} is of {row.mission} {row.period}, not "
                               f"{code} {label}")
        edits = app.scenarios.edits(row.name)
    return respond(request, plain_json(cost_data(app.costing.cost(code, label, edits=edits))))
