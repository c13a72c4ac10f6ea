"""The other tables of a report (non-budgeted contributions, efficiency gains,
training, travel, programmatic activities, quick-impact projects, ...), shown
generically from the model: one column per field of the row record. The page shows
them all; the API serves each as it is in the data format, one endpoint per table."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from enum import Enum
from typing import Any

from fastapi import APIRouter, Depends, Request, Response
from fastapi.responses import HTMLResponse
from pydantic import BaseModel

from rbb.model import Document, DocumentKey, Period, Record
from rbb.services.account_service import User

from ..admission import ReadRoute
from ..context import reader, services
from ..json_bodies import dump, respond
from ..library import Snapshot
from ..paths import anchor, parse_report_key
from ..templating import render
from ..view_basics import DocumentRef, View, humanize, ref
from .keyed_routes import DOC, READ, READ_ERRORS, stored_document

OTHER_TABLES: tuple[tuple[str, str], ...] = (
    ("civilian_cost_estimates", "Civilian personnel cost estimates by component"),
    ("non_budgeted_contributions", "Non-budgeted contributions"),
    ("efficiency_gains", "Efficiency gains"),
    ("training_costs", "Training: amounts"),
    ("training_participants", "Training: participants"),
    ("official_travel", "Official travel, non-training"),
    ("programmatic_activities", "Programmatic activities"),
    ("quick_impact_projects", "Quick-impact projects"),
    ("redeployments", "Redeployments across groups"),
    ("monthly_expenditure", "Monthly expenditure pattern"),
    ("other_revenue", "Other revenue and adjustments"),
    ("borrowing", "Borrowing from other missions"),
    ("variance_explanations", "Analysis of variances"),
    ("general_assembly_actions", "Actions to be taken by the General Assembly"),
    ("follow_up", "Follow-up of General Assembly and ACABQ requests"),
)
TABLE_NAMES = tuple(name for name, _ in OTHER_TABLES)

Cell = str | Decimal | int | None


class Note(View):
    label: str
    value: Decimal | None
    kind: str


class TableData(View):
    name: str
    anchor: str
    title: str
    columns: list[str]
    kinds: list[str]
    """How to print each column: ``amount``, ``percentage``, ``number`` or ``text``."""
    rows: list[list[Cell]]
    notes: list[Note]


class OtherTables(View):
    document: DocumentRef
    tables: list[TableData]


def _kind(field: str) -> str:
    if "percentage" in field or field.endswith("rate"):
        return "percentage"
    if "amount" in field or field in ("original_distribution", "redeployment",
                                      "revised_distribution", "approved_budget"):
        return "amount"
    if field in ("count", "person_trips", "number_of_projects", "number"):
        return "number"
    return "text"


def _cell(value: Any) -> Cell:
    if value is None or (isinstance(value, str | Decimal | int) and not isinstance(value, bool)):
        return value
    if isinstance(value, Enum):
        return str(value.value)
    if isinstance(value, Period):
        return value.label
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, dict):
        return "; ".join(f"{k}: {v}" for k, v in value.items())
    if isinstance(value, tuple | list):
        if all(isinstance(v, BaseModel) for v in value):
            return "\n\n".join(str(getattr(v, "text", v)) for v in value)
        return ", ".join(str(v) for v in value)
    return str(value)


def _rows(records: tuple[Record, ...] | list[Record], name: str, title: str,
          notes: list[Note] | None = None) -> TableData:
    fields = [f for f in (type(records[0]).model_fields if records else {})
              if f != "source_line"]
    return TableData(
        name=name, anchor=anchor(name), title=title,
        columns=[humanize(f) for f in fields] + ["Line"],
        kinds=[_kind(f) for f in fields] + ["number"],
        rows=[[_cell(getattr(r, f)) for f in fields] + [getattr(r, "source_line", None)]
              for r in records],
        notes=notes or [])


def table_data(document: Document, name: str) -> TableData | None:
    title = dict(OTHER_TABLES)[name]
    value = getattr(document, name)
    if name == "efficiency_gains":
        if value is None:
            return None
        notes = [Note(label="Approved budget", value=value.approved_budget, kind="amount"),
                 Note(label="Efficiencies as a percentage of the approved budget",
                      value=value.percentage_of_approved_budget, kind="percentage")]
        return _rows(value.gains, name, title, [n for n in notes if n.value is not None])
    if name == "redeployments":
        if value is None:
            return None
        notes = [Note(label="Percentage of redeployment to total appropriation",
                      value=value.percentage_of_appropriation, kind="percentage")]
        return _rows(value.rows, name, title, [n for n in notes if n.value is not None])
    if not value:
        return None
    return _rows(value, name, title)


def other_tables_view(snapshot: Snapshot, key: DocumentKey) -> OtherTables:
    document = snapshot.document(key)
    return OtherTables(document=ref(document), tables=[
        t for name in TABLE_NAMES if (t := table_data(document, name)) is not None])


LIST_TABLES = ("vacancy_factors", "incumbency", "civilian_cost_estimates",
               "non_budgeted_contributions", "efficiency_gains", "training_costs",
               "training_participants", "official_travel", "programmatic_activities",
               "quick_impact_projects", "redeployments", "monthly_expenditure", "other_revenue",
               "borrowing", "variance_explanations", "general_assembly_actions", "follow_up",
               "paragraphs")
"""Sections of a document served as they are in the data format, one endpoint each."""

page = APIRouter(route_class=ReadRoute)
api = APIRouter(route_class=ReadRoute)


@page.get("/missions/{mission}/{period}/{kind}/tables", response_class=HTMLResponse)
def other_tables(request: Request, mission: str, period: str, kind: str,
                 user: User | None = Depends(reader)) -> HTMLResponse:
    key = parse_report_key(mission, period, kind, "other tables")
    snapshot = services(request).library.snapshot()
    return render(request, "tables.html", other_tables_view(snapshot, key))


def _table_route(name: str) -> None:
    annotation: Any = Document.model_fields[name].annotation

    def endpoint(request: Request, mission: str, period: str, kind: str) -> Response:
        document = stored_document(request, mission, period, kind, report_part=name)
        return respond(request, dump(getattr(document, name), annotation))

    api.add_api_route(DOC + f"/tables/{name}", endpoint, methods=["GET"], name=f"table_{name}",
                      response_model=annotation, responses=READ_ERRORS, dependencies=READ,
                      summary=f"Table: {name.replace('_', ' ')}", operation_id=f"table_{name}")


for _name in LIST_TABLES:
    _table_route(_name)
