"""Read endpoints: missions, periods, documents, every table, frameworks."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, Query, Request, Response
from pydantic import BaseModel, ConfigDict

from rbb.model import Component, Document, Mission, MoneyTable, Period, StaffingTable
from rbb.model.errors import NotFoundError
from rbb.storage import canonical_json

from ..context import reader, services
from ..paths import parse_key, parse_mission, parse_period_slug
from ..problems import responses
from ..views.common import DocumentRef, ref
from ..views.financial import ClassHistory, class_history_view
from ..views.overview import Overview, PeriodEntry, overview_view, period_entries
from .responses import cached_body, dump, respond

router = APIRouter(dependencies=[Depends(reader)])
READ_ERRORS = responses(400, 401, 404, 422)
DOCUMENT_EXAMPLE = {"mission": "UNMIK", "period": "2025-26", "kind": "budget"}

LIST_TABLES = ("vacancy_factors", "incumbency", "civilian_cost_estimates",
               "non_budgeted_contributions", "efficiency_gains", "training_costs",
               "training_participants", "official_travel", "programmatic_activities",
               "quick_impact_projects", "redeployments", "monthly_expenditure", "other_revenue",
               "borrowing", "variance_explanations", "general_assembly_actions", "follow_up",
               "paragraphs")
"""Sections of a document served as they are in the data format, one endpoint each."""


class MissionSummary(BaseModel):
    model_config = ConfigDict(json_schema_extra={"examples": [{
        "code": "UNMIK", "name": "United Nations Interim Administration Mission in Kosovo",
        "periods": ["2021/22", "2025/26"], "documents": 2, "page": "/missions/UNMIK"}]})

    code: str
    name: str
    periods: list[Period]
    documents: int
    page: str


class MissionDetail(BaseModel):
    mission: Mission
    periods: list[PeriodEntry]


@router.get("/missions", response_model=list[MissionSummary], responses=READ_ERRORS,
            summary="Missions with stored documents")
def missions(request: Request) -> Response:
    def build() -> bytes:
        snapshot = services(request).library.snapshot()
        return dump([MissionSummary(
            code=m.code, name=m.name, periods=snapshot.periods(m.code),
            documents=sum(s.mission == m.code for s in snapshot.summaries),
            page=f"/missions/{m.code}") for m in snapshot.missions()
            if any(s.mission == m.code for s in snapshot.summaries)], list[MissionSummary])
    return respond(request, cached_body(request, "missions", build))


@router.get("/missions/{mission}", response_model=MissionDetail, responses=READ_ERRORS,
            summary="A mission and its periods")
def mission(request: Request, mission: str) -> Response:
    code = parse_mission(mission)
    snapshot = services(request).library.snapshot()
    return respond(request, cached_body(request, ("mission", code), lambda: dump(MissionDetail(
        mission=snapshot.mission(code), periods=period_entries(snapshot, code)))))


@router.get("/missions/{mission}/periods/{period}", response_model=Overview,
            responses=READ_ERRORS, summary="Overview of a mission and period",
            description="Headline figures (total requirements by stage, change on the previous "
                        "period, utilization rate where known), personnel by category, the "
                        "audit status and links to every section. Periods are written "
                        "`2025-26` in paths.")
def period(request: Request, mission: str, period: str) -> Response:
    code, label = parse_mission(mission), parse_period_slug(period)
    snapshot = services(request).library.snapshot()
    return respond(request, cached_body(request, ("overview", code, label), lambda: dump(
        overview_view(snapshot, code, label))))


@router.get("/missions/{mission}/classes/{line}", response_model=ClassHistory,
            responses=READ_ERRORS, summary="A class of expenditure across periods and stages")
def class_history(request: Request, mission: str, line: str) -> Response:
    code = parse_mission(mission)
    snapshot = services(request).library.snapshot()
    return respond(request, cached_body(request, ("class", code, line), lambda: dump(
        class_history_view(snapshot, code, line))))


@router.get("/documents", response_model=list[DocumentRef], responses=READ_ERRORS,
            summary="Stored documents")
def documents(request: Request,
              mission: str | None = Query(None, max_length=32, examples=["UNMIK"])) -> Response:
    code = parse_mission(mission) if mission else None
    snapshot = services(request).library.snapshot()
    return respond(request, cached_body(request, ("documents", code), lambda: dump(
        [ref(s) for s in snapshot.summaries if code is None or s.mission == code],
        list[DocumentRef])))


def _document(request: Request, mission: str, period: str, kind: str) -> Document:
    return services(request).library.snapshot().document(parse_key(mission, period, kind))


DOC = "/documents/{mission}/{period}/{kind}"


@router.get(DOC, response_model=Document, responses=READ_ERRORS,
            summary="A document in the canonical data format",
            description="Exactly what `rbb export` writes: amounts are decimal strings in "
                        "thousands of United States dollars; every figure keeps its source "
                        "line.")
def document(request: Request, mission: str, period: str, kind: str) -> Response:
    key = parse_key(mission, period, kind)
    doc = _document(request, mission, period, kind)
    return respond(request, cached_body(request, ("document", key),
                                        lambda: canonical_json(doc).encode("utf-8")))


@router.get(DOC + "/financial-tables", response_model=list[MoneyTable], responses=READ_ERRORS,
            summary="The money tables of a document")
def financial_tables(request: Request, mission: str, period: str, kind: str) -> Response:
    doc = _document(request, mission, period, kind)
    return respond(request, dump(doc.financial_tables, tuple[MoneyTable, ...]))


@router.get(DOC + "/financial-tables/{table}", response_model=MoneyTable, responses=READ_ERRORS,
            summary="One money table (financial_resources, financial_resources_summary)")
def financial_table(request: Request, mission: str, period: str, kind: str,
                    table: str) -> Response:
    doc = _document(request, mission, period, kind)
    found = doc.financial_table(table)
    if found is None:
        raise NotFoundError(f"the document has no money table {table[:60]!r}")
    return respond(request, dump(found))


@router.get(DOC + "/staffing-tables", response_model=list[StaffingTable],
            responses=READ_ERRORS, summary="The staffing tables of a document")
def staffing_tables(request: Request, mission: str, period: str, kind: str) -> Response:
    doc = _document(request, mission, period, kind)
    return respond(request, dump(doc.staffing_tables, tuple[StaffingTable, ...]))


@router.get(DOC + "/staffing-tables/{table}", response_model=StaffingTable,
            responses=READ_ERRORS, summary="One staffing table")
def staffing_table(request: Request, mission: str, period: str, kind: str,
                   table: str) -> Response:
    doc = _document(request, mission, period, kind)
    found = next((t for t in doc.staffing_tables if t.key == table), None)
    if found is None:
        raise NotFoundError(f"the document has no staffing table {table[:60]!r}")
    return respond(request, dump(found))


@router.get(DOC + "/frameworks", response_model=list[Component], responses=READ_ERRORS,
            summary="Results-based budgeting frameworks: components")
def frameworks(request: Request, mission: str, period: str, kind: str) -> Response:
    doc = _document(request, mission, period, kind)
    return respond(request, dump(doc.components, tuple[Component, ...]))


@router.get(DOC + "/frameworks/{component}", response_model=Component, responses=READ_ERRORS,
            summary="One component: expected accomplishments, indicators, outputs")
def framework(request: Request, mission: str, period: str, kind: str,
              component: str) -> Response:
    doc = _document(request, mission, period, kind)
    found = next((c for c in doc.components if c.key == component), None)
    if found is None:
        raise NotFoundError(f"the document has no component {component[:60]!r}")
    return respond(request, dump(found))


def _table_route(name: str) -> None:
    annotation: Any = Document.model_fields[name].annotation

    def endpoint(request: Request, mission: str, period: str, kind: str) -> Response:
        doc = _document(request, mission, period, kind)
        return respond(request, dump(getattr(doc, name), annotation))

    endpoint.__name__ = f"table_{name}"
    router.add_api_route(DOC + f"/tables/{name}", endpoint, methods=["GET"],
                         response_model=annotation, responses=READ_ERRORS,
                         summary=f"Table: {name.replace('_', ' ')}",
                         operation_id=f"table_{name}")


for _name in LIST_TABLES:
    _table_route(_name)
