"""Compare two periods or two documents side by side, differences highlighted.

A side is a document (``UNMIK-2025-26-budget``: the column of its own period,
cost estimates in a budget report and expenditure in a performance report) or a
period (``UNMIK-2024-25``: the approved resources when stored, else the
proposed). ``stage`` picks another stage for both sides. Two documents also get
the figures both print for the same period and stage, which must agree.
The page and the API answer the same view.
"""

from __future__ import annotations

from decimal import Decimal

from fastapi import APIRouter, Depends, Query, Request, Response
from fastapi.responses import HTMLResponse

from rbb.engine.derived import share
from rbb.model import Document, DocumentKey, DocumentKind, Period, Stage
from rbb.model.base import Amount, Exact
from rbb.model.classes import CLASSES, GROUPS, SUMMARY_LINES, FinancialLine
from rbb.model.errors import NotFoundError
from rbb.model.money import ColumnRole, MoneyTable
from rbb.services.account_service import User

from ..admission import ReadRoute
from ..context import reader, services
from ..json_bodies import cached_body, dump, respond
from ..library import Snapshot
from ..paths import class_path, parse_key_slug, parse_mission, parse_period_slug
from ..problems import responses
from ..templating import render
from ..view_basics import MAIN_TABLE, STAGE_LABELS, DocumentRef, View, ref
from .keyed_routes import READ
from .mission_overview_view import best_figures, requirement

ORDERED_LINES: tuple[FinancialLine, ...] = tuple(
    line for group in GROUPS for line in (group, *[c for c in CLASSES if c.group == group.code])
) + SUMMARY_LINES


class Choice(View):
    value: str
    label: str


class SideView(View):
    value: str
    label: str
    column: str
    document: DocumentRef | None = None


class CompareRow(View):
    line: str
    label: str
    kind: str
    a: Amount | None
    b: Amount | None
    difference: Exact | None
    percentage: Exact | None
    differs: bool
    history: str


class SharedFigure(View):
    line: str
    label: str
    column: str
    a: Amount | None
    b: Amount | None
    differs: bool


class Comparison(View):
    a: SideView
    b: SideView
    stage: Stage | None
    rows: list[CompareRow]
    shared: list[SharedFigure]
    shared_agreeing: int
    choices: list[Choice]


ALL_MISSIONS_UP_TO = 10
"""With more missions stored, the choices are those of the missions being compared (or
chosen with ``mission``): a list of every report of every mission grows with the store."""


def choice_missions(snapshot: Snapshot, *sides: str) -> list[str]:
    """The missions whose periods and reports the form offers."""
    known = snapshot.memo("mission-periods", snapshot.store.mission_periods)
    if len(known) <= ALL_MISSIONS_UP_TO:
        return sorted(known)
    named = {side.split("-", 1)[0].upper() for side in sides if side}
    return sorted(code for code in named if code in known)


def choices(snapshot: Snapshot, missions: list[str]) -> list[Choice]:
    """Every period with a stored total (of any report) and every stored report of the
    ``missions`` that has money tables to set side by side (a report of the Advisory
    Committee or a resolution of the Assembly has none: its figures are on the period's
    cycle page)."""
    out = []
    for mission in missions:
        totals = best_figures(snapshot, mission, "total_requirements")
        periods = sorted({p for p, _ in totals} | set(snapshot.periods(mission)))
        for period in periods:
            slug = period.label.replace("/", "-")
            out.append(Choice(value=f"{mission}-{slug}", label=f"{mission} {period} (period)"))
            for summary in [s for s in snapshot.mission_summaries(mission)
                            if s.period == period and not s.kind.legislative]:
                out.append(Choice(value=f"{mission}-{slug}-{summary.kind.value}",
                                  label=f"{mission} {period} {summary.kind.value} report"))
    return out


def main_table(document: Document) -> MoneyTable | None:
    return document.financial_table(MAIN_TABLE) or (
        document.financial_tables[0] if document.financial_tables else None)


def _document_side(snapshot: Snapshot, key: DocumentKey, stage: Stage | None,
                   value: str) -> tuple[SideView, dict[str, Decimal | None]]:
    document = snapshot.document(key)
    table = main_table(document)
    wanted = stage or (Stage.COST_ESTIMATES if key.kind is DocumentKind.BUDGET
                       else Stage.EXPENDITURE)
    column = None
    if table is not None:
        columns = [c for c in table.columns if c.role is ColumnRole.AMOUNT and c.stage is wanted]
        column = next((c for c in columns if c.period == key.period), None) or (
            columns[-1] if columns else None)
    label = f"{key.mission} {key.kind.value} report {key.period}"
    if table is None or column is None:
        return SideView(value=value, label=label, column=f"no {STAGE_LABELS[wanted].lower()} "
                        "column", document=ref(document)), {}
    values = {row.line: row.values.get(column.key) for row in table.rows
              if row.values.get(column.key) is not None}
    return SideView(value=value, label=label, column=column.label,
                    document=ref(document)), values


def _period_side(snapshot: Snapshot, mission: str, period: Period, stage: Stage | None,
                 value: str) -> tuple[SideView, dict[str, Decimal | None]]:
    snapshot.mission(mission)
    if stage is None:
        found = requirement(best_figures(snapshot, mission, "total_requirements"), period)
        stage = Stage(found.stage) if found else Stage.APPORTIONMENT
    values: dict[str, Decimal | None] = {}
    for line in ORDERED_LINES:
        figure = best_figures(snapshot, mission, line.code).get((period, stage))
        if figure is not None:
            values[line.code] = figure.amount
    if not values:
        raise NotFoundError(f"no {STAGE_LABELS[stage].lower()} figure of {mission} for {period} "
                            "is stored")
    return SideView(value=value, label=f"{mission} {period}",
                    column=f"{STAGE_LABELS[stage]} {period}"), values


def _side(snapshot: Snapshot, text: str, stage: Stage | None
          ) -> tuple[SideView, dict[str, Decimal | None], DocumentKey | None]:
    value = text.strip()
    parts = value.rsplit("-", 3)
    if len(parts) == 4 and parts[3] in {k.value for k in DocumentKind}:
        key = parse_key_slug(value)
        side, values = _document_side(snapshot, key, stage, value)
        return side, values, key
    head = value.rsplit("-", 2)
    if len(head) != 3:
        raise NotFoundError(f"{value[:60]!r} names neither a period (UNMIK-2024-25) nor a "
                            "document (UNMIK-2025-26-budget)")
    mission, period = parse_mission(head[0]), parse_period_slug(f"{head[1]}-{head[2]}")
    side, values = _period_side(snapshot, mission, period, stage, value)
    return side, values, None


def compare_view(snapshot: Snapshot, a: str, b: str, stage: Stage | None = None) -> Comparison:
    side_a, values_a, key_a = _side(snapshot, a, stage)
    side_b, values_b, key_b = _side(snapshot, b, stage)
    mission = (key_a.mission if key_a else a.rsplit("-", 2)[0]).upper()
    rows = []
    for line in ORDERED_LINES:
        va, vb = values_a.get(line.code), values_b.get(line.code)
        if va is None and vb is None:
            continue
        difference = vb - va if va is not None and vb is not None else None
        rows.append(CompareRow(
            line=line.code, label=line.label, kind=line.kind.value, a=va, b=vb,
            difference=difference,
            percentage=share(difference, va) if difference is not None and va else None,
            differs=va != vb, history=class_path(mission, line.code)))
    shared, agreeing = ([], 0) if key_a is None or key_b is None else _shared(
        snapshot.document(key_a), snapshot.document(key_b))
    return Comparison(a=side_a, b=side_b, stage=stage, rows=rows, shared=shared,
                      shared_agreeing=agreeing,
                      choices=choices(snapshot, choice_missions(snapshot, a, b)))


def _shared(a: Document, b: Document) -> tuple[list[SharedFigure], int]:
    """Figures both documents print for the same period and stage: they must agree."""
    table_a, table_b = main_table(a), main_table(b)
    if table_a is None or table_b is None:
        return [], 0
    columns_b = {(c.stage, c.period): c for c in table_b.amount_columns()}
    rows_b = {row.line: row for row in table_b.rows}
    differing, agreeing = [], 0
    for column_a in table_a.amount_columns():
        column_b = columns_b.get((column_a.stage, column_a.period))
        if column_b is None:
            continue
        for row_a in table_a.rows:
            row_b = rows_b.get(row_a.line)
            va = row_a.values.get(column_a.key)
            vb = row_b.values.get(column_b.key) if row_b else None
            if va is None or vb is None:
                continue
            if va == vb:
                agreeing += 1
                continue
            differing.append(SharedFigure(line=row_a.line, label=row_a.label,
                                          column=column_a.label, a=va, b=vb, differs=True))
    return differing, agreeing


page = APIRouter(route_class=ReadRoute)
api = APIRouter(route_class=ReadRoute)


def parse_stage(text: str | None) -> Stage | None:
    if not text:
        return None
    try:
        return Stage(text)
    except ValueError:
        raise NotFoundError(f"{text[:40]!r} is not a stage of the budget cycle") from None


@page.get("/compare", response_class=HTMLResponse)
def compare(request: Request, a: str = Query("", max_length=80),
            b: str = Query("", max_length=80), stage: str = Query("", max_length=40),
            mission: list[str] = Query([], max_length=4),
            user: User | None = Depends(reader)) -> HTMLResponse:
    snapshot = services(request).library.snapshot()
    known = snapshot.memo("mission-periods", snapshot.store.mission_periods)
    if not a or not b:
        offered = choice_missions(snapshot, a, b, *mission)
        return render(request, "compare.html", None, options=choices(snapshot, offered),
                      a=a, b=b, stages=list(Stage), missions=sorted(known), offered=offered)
    chosen = parse_stage(stage)
    view = snapshot.memo(("compare", a, b, chosen), lambda: compare_view(snapshot, a, b, chosen))
    return render(request, "compare.html", view, options=view.choices, a=a, b=b,
                  stages=list(Stage), missions=sorted(known),
                  offered=choice_missions(snapshot, a, b))


@api.get("/compare", name="compare", response_model=Comparison,
         responses=responses(400, 401, 404, 422), dependencies=READ,
         summary="Two periods or two documents side by side",
         description="A side is a period (`UNMIK-2024-25`) or a document "
                     "(`UNMIK-2025-26-budget`).")
def compare_json(request: Request,
                 a: str = Query(..., max_length=80, examples=["UNMIK-2024-25"]),
                 b: str = Query(..., max_length=80, examples=["UNMIK-2025-26-budget"]),
                 stage: Stage | None = None) -> Response:
    snapshot = services(request).library.snapshot()
    return respond(request, cached_body(request, ("compare", a, b, stage), lambda: dump(
        compare_view(snapshot, a, b, stage))))
