"""The whole of peacekeeping: every stored mission and period side by side (totals and
groups by stage, the utilization rate, personnel, vacancy rates, cost per person and
each group's share), a page at a time; its CSV and Parquet downloads and its API route.
The figures come from ``services.peacekeeping``; this adds the links to their sources.
"""

from __future__ import annotations

from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Query, Request, Response
from fastapi.responses import HTMLResponse
from markupsafe import Markup
from pydantic import ConfigDict

from rbb.model import DocumentKey, Period, Stage
from rbb.model.base import Exact
from rbb.model.errors import InputError, NotFoundError
from rbb.services.account_service import User
from rbb.services.peacekeeping import (
    MAX_PAGE_SIZE,
    PAGE_SIZE,
    STAGES,
    Figure,
    Footing,
    MissionPeriod,
    PeacekeepingFilter,
    Source,
    every_row,
    peacekeeping_index,
    peacekeeping_page,
)
from rbb.services.peacekeeping_tables import (
    COLUMNS,
    TEXT_COLUMNS,
    peacekeeping_csv,
    peacekeeping_parquet,
    row_figures,
)
from rbb.services.peacekeeping_years import Summed, period_totals

from .. import charts
from ..admission import ReadRoute
from ..context import reader, services
from ..json_bodies import dump, respond
from ..library import Snapshot
from ..paths import anchor, document_path, parse_mission, parse_period_slug, period_path
from ..problems import responses
from ..templating import render
from ..view_basics import STAGE_LABELS, View
from .keyed_routes import READ

FOOTING_LABELS = {Footing.ACTUAL_AVERAGE: "actual average (incumbency)",
                  Footing.APPROVED: "approved", Footing.PROPOSED: "proposed"}


class SourceLink(View):
    document: str
    """``UNMIK 2021/22 performance``."""
    page: str
    """The document's section and row the figure is printed in."""
    source_line: int | None = None
    partial: bool = False


class FigureView(View):
    value: Exact
    derived: bool = False
    sources: list[SourceLink]


class DocumentLink(View):
    document: str
    page: str
    partial: bool = False


class MissionPeriodView(View):
    model_config = ConfigDict(frozen=True, json_schema_extra={"examples": [{
        "mission": "UNMIK",
        "mission_name": "United Nations Interim Administration Mission in Kosovo",
        "period": "2021/22", "page": "/missions/UNMIK/2021-22", "partial": False,
        "documents": [{"document": "performance 2021/22",
                       "page": "/missions/UNMIK/2021-22/performance", "partial": False}],
        "personnel_footing": "actual_average", "cost_per_person_stage": "expenditure",
        "share_stage": "expenditure",
        "figures": {"total_requirements_expenditure": {
            "value": "40612.6", "derived": False, "sources": [{
                "document": "UNMIK 2021/22 performance",
                "page": "/missions/UNMIK/2021-22/performance/financial"
                        "#row-financial-resources-total-requirements",
                "source_line": 4124, "partial": False}]}}}]})

    mission: str
    mission_name: str
    period: Period
    page: str
    """The overview of the mission and period."""
    partial: bool
    documents: list[DocumentLink]
    personnel_footing: Footing | None
    cost_per_person_stage: Stage | None
    share_stage: Stage | None
    figures: dict[str, FigureView]
    """By the download's column names (``total_requirements_expenditure``,
    ``cost_per_civilian`` ...); a figure not known is left out."""


class PeacekeepingView(View):
    rows: list[MissionPeriodView]
    total: int
    offset: int
    limit: int
    mission: str | None = None
    period_from: Period | None = None
    period_to: Period | None = None
    missions: list[str]
    previous_page: str | None = None
    next_page: str | None = None
    downloads: dict[str, str]


def source_page(source: Source) -> str:
    key = DocumentKey(mission=source.mission, period=source.period, kind=source.kind)
    if source.part == "financial":
        return f"{document_path(key, 'financial')}#{anchor('row', source.table, source.row)}"
    return f"{document_path(key, 'staffing')}#{anchor(source.table)}"


def _figure(figure: Figure) -> FigureView:
    return FigureView(value=figure.value, derived=figure.derived, sources=[
        SourceLink(document=f"{s.mission} {s.period.label} {s.kind.value}",
                   page=source_page(s), source_line=s.source_line, partial=s.partial)
        for s in figure.sources])


def row_view(row: MissionPeriod) -> MissionPeriodView:
    return MissionPeriodView(
        mission=row.mission, mission_name=row.mission_name, period=row.period,
        page=period_path(row.mission, row.period), partial=row.partial,
        documents=[DocumentLink(
            document=f"{d.kind.value} {d.period.label}", partial=d.partial,
            page=document_path(DocumentKey(mission=d.mission, period=d.period, kind=d.kind)))
            for d in row.documents],
        personnel_footing=row.footing,
        cost_per_person_stage=row.basis.stage if row.basis else None,
        share_stage=row.share_stage,
        figures={name: _figure(figure) for name, figure in row_figures(row).items()
                 if figure is not None})


def parse_filter(mission: str | None, period_from: str | None, period_to: str | None
                 ) -> PeacekeepingFilter:
    """The filters as typed in the form; a period that is not one is a clear 400."""
    def period(text: str | None, name: str) -> Period | None:
        if not text or not text.strip():
            return None
        try:
            return parse_period_slug(text.strip())
        except NotFoundError:
            raise InputError(f"{name}: {text[:20]!r} is not a period (write it like "
                             "2021/22)") from None

    code = None
    if mission and mission.strip():
        try:
            code = parse_mission(mission.strip())
        except NotFoundError:
            raise InputError(f"mission: {mission[:40]!r} is not a mission code") from None
    return PeacekeepingFilter(mission=code, period_from=period(period_from, "period_from"),
                              period_to=period(period_to, "period_to"))


def _query(wanted: PeacekeepingFilter, **more: object) -> str:
    values = {"mission": wanted.mission or "",
              "period_from": wanted.period_from.label if wanted.period_from else "",
              "period_to": wanted.period_to.label if wanted.period_to else "", **more}
    text = urlencode({k: v for k, v in values.items() if v not in ("", None)})
    return f"?{text}" if text else ""


def _index(snapshot: Snapshot) -> list[tuple[str, Period]]:
    return snapshot.memo("peacekeeping-index", lambda: peacekeeping_index(snapshot.store))


def peacekeeping_view(snapshot: Snapshot, wanted: PeacekeepingFilter, offset: int = 0,
                      limit: int = PAGE_SIZE) -> PeacekeepingView:
    page = peacekeeping_page(snapshot.store, wanted, offset=offset, limit=limit,
                             index=_index(snapshot))
    following = offset + page.limit
    return PeacekeepingView(
        rows=[row_view(row) for row in page.rows], total=page.total, offset=offset,
        limit=page.limit, mission=wanted.mission, period_from=wanted.period_from,
        period_to=wanted.period_to, missions=list(page.missions),
        previous_page=f"/peacekeeping{_query(wanted, offset=max(0, offset - page.limit))}"
        if offset else None,
        next_page=f"/peacekeeping{_query(wanted, offset=following)}"
        if following < page.total else None,
        downloads={**{kind: f"/peacekeeping.{kind}{_query(wanted)}"
                      for kind in ("csv", "parquet")},
                   "json": f"/api/v1/peacekeeping{_query(wanted)}"})


MISSION = Query(None, max_length=32, description="A mission's code: only its periods.")
PERIOD_FROM = Query(None, max_length=9, description="The first period shown (`2021/22`).")
PERIOD_TO = Query(None, max_length=9, description="The last period shown (`2025/26`).")
OFFSET = Query(0, ge=0, le=10_000_000, description="Mission-periods to skip (pagination).")
LIMIT = Query(PAGE_SIZE, ge=1, le=MAX_PAGE_SIZE, description="Mission-periods per page.")

page = APIRouter(route_class=ReadRoute)
api = APIRouter(route_class=ReadRoute)


@page.get("/peacekeeping", response_class=HTMLResponse)
def peacekeeping(request: Request, mission: str | None = MISSION,
                 period_from: str | None = PERIOD_FROM, period_to: str | None = PERIOD_TO,
                 offset: int = OFFSET, limit: int = LIMIT,
                 user: User | None = Depends(reader)) -> HTMLResponse:
    wanted = parse_filter(mission, period_from, period_to)
    snapshot = services(request).library.snapshot()
    view = snapshot.memo(("peacekeeping", wanted, offset, limit),
                         lambda: peacekeeping_view(snapshot, wanted, offset, limit))
    return render(request, "peacekeeping.html", view, stage_labels=STAGE_LABELS,
                  footing_labels=FOOTING_LABELS, text_columns=TEXT_COLUMNS)


def _download(request: Request, kind: str, mission: str | None, period_from: str | None,
              period_to: str | None) -> Response:
    wanted = parse_filter(mission, period_from, period_to)
    snapshot = services(request).library.snapshot()

    def build() -> bytes:
        rows = every_row(snapshot.store, wanted, _index(snapshot))
        if kind == "csv":
            return peacekeeping_csv(rows).encode("utf-8")
        return peacekeeping_parquet(rows)

    body = snapshot.memo(("peacekeeping-download", kind, wanted), build)
    media = "text/csv; charset=utf-8" if kind == "csv" else "application/vnd.apache.parquet"
    return respond(request, body, media_type=media, headers={
        "Content-Disposition": f'attachment; filename="peacekeeping.{kind}"'})


@page.get("/peacekeeping.csv")
def peacekeeping_csv_page(request: Request, mission: str | None = MISSION,
                          period_from: str | None = PERIOD_FROM,
                          period_to: str | None = PERIOD_TO,
                          user: User | None = Depends(reader)) -> Response:
    return _download(request, "csv", mission, period_from, period_to)


@page.get("/peacekeeping.parquet")
def peacekeeping_parquet_page(request: Request, mission: str | None = MISSION,
                              period_from: str | None = PERIOD_FROM,
                              period_to: str | None = PERIOD_TO,
                              user: User | None = Depends(reader)) -> Response:
    return _download(request, "parquet", mission, period_from, period_to)


DESCRIPTION = (
    "Every stored mission and period, by mission and period: total requirements and each "
    "group at each stage, the utilization rate, personnel, vacancy rates, the cost per "
    "uniformed and per civilian person and each group's share (docs/cycle.md, \"The whole "
    "of peacekeeping\"). Each figure has its sources (document, page and row, line). "
    "Amounts are exact strings in thousands of dollars. The header `X-Total-Count` gives "
    "the mission-periods matching the filters; `Link` (rel=\"next\") the next page.")


@api.get("/peacekeeping", name="peacekeeping", response_model=list[MissionPeriodView],
         responses=responses(400, 401, 404, 422), dependencies=READ,
         summary="Every stored mission and period side by side, a page at a time",
         description=DESCRIPTION)
def peacekeeping_json(request: Request, mission: str | None = MISSION,
                      period_from: str | None = PERIOD_FROM, period_to: str | None = PERIOD_TO,
                      offset: int = OFFSET, limit: int = LIMIT) -> Response:
    wanted = parse_filter(mission, period_from, period_to)
    snapshot = services(request).library.snapshot()
    view = snapshot.memo(("peacekeeping", wanted, offset, limit),
                         lambda: peacekeeping_view(snapshot, wanted, offset, limit))
    headers = {"X-Total-Count": str(view.total)}
    if view.next_page is not None:
        following = request.url.include_query_params(offset=offset + view.limit)
        headers["Link"] = f'<{following.path}?{following.query}>; rel="next"'
    return respond(request, dump(view.rows, list[MissionPeriodView]), headers=headers)


@api.get("/peacekeeping.csv", name="peacekeeping_csv", response_class=Response,
         responses={200: {"content": {"text/csv": {}}, "description": "The table as CSV"},
                    **responses(400, 401, 404, 422)}, dependencies=READ,
         summary="Every stored mission and period as CSV",
         description=f"One row per mission and period, the columns: {', '.join(COLUMNS)}. "
                     "Text cells a spreadsheet would run as a formula begin with `'`.")
def peacekeeping_csv_json(request: Request, mission: str | None = MISSION,
                          period_from: str | None = PERIOD_FROM,
                          period_to: str | None = PERIOD_TO) -> Response:
    return _download(request, "csv", mission, period_from, period_to)


@api.get("/peacekeeping.parquet", name="peacekeeping_parquet", response_class=Response,
         responses={200: {"content": {"application/vnd.apache.parquet": {}},
                          "description": "The table as Parquet"},
                    **responses(400, 401, 404, 422)}, dependencies=READ,
         summary="Every stored mission and period as Parquet",
         description="The CSV's columns; numbers are DECIMAL(38, 10), never floats.")
def peacekeeping_parquet_json(request: Request, mission: str | None = MISSION,
                              period_from: str | None = PERIOD_FROM,
                              period_to: str | None = PERIOD_TO) -> Response:
    return _download(request, "parquet", mission, period_from, period_to)



# --- over the years ------------------------------------------------------------------


class YearView(View):
    period: Period
    page: str
    """The mission-periods of this period (``/peacekeeping?period_from=…&period_to=…``)."""
    missions: int
    totals: dict[Stage, Summed]
    groups: dict[str, dict[Stage, Summed]]
    utilization_rate: Exact | None
    utilization_missions: int


class YearsView(View):
    years: list[YearView]
    mission: str | None = None
    period_from: Period | None = None
    period_to: Period | None = None
    missions: list[str]


def years_view(snapshot: Snapshot, wanted: PeacekeepingFilter) -> YearsView:
    index = _index(snapshot)
    return YearsView(
        years=[YearView(
            period=t.period, missions=t.missions, totals=t.totals, groups=t.groups,
            utilization_rate=t.utilization_rate, utilization_missions=t.utilization_missions,
            page="/peacekeeping" + _query(PeacekeepingFilter(
                mission=wanted.mission, period_from=t.period, period_to=t.period)))
            for t in period_totals(snapshot.store, wanted, index)],
        mission=wanted.mission, period_from=wanted.period_from, period_to=wanted.period_to,
        missions=sorted({code for code, _ in index}))


def years_chart(view: YearsView) -> Markup | None:
    """Total requirements summed over the missions, by period and stage."""
    if not view.years:
        return None
    return charts.line_chart(
        "Total requirements of the missions by period and stage (thousands of dollars)",
        [y.period.label for y in view.years],
        [(STAGE_LABELS[stage], [y.totals[stage].amount if stage in y.totals else None
                                for y in view.years]) for stage in STAGES],
        charts.amount_tick)


@page.get("/peacekeeping/years", response_class=HTMLResponse)
def peacekeeping_years(request: Request, mission: str | None = MISSION,
                       period_from: str | None = PERIOD_FROM, period_to: str | None = PERIOD_TO,
                       user: User | None = Depends(reader)) -> HTMLResponse:
    wanted = parse_filter(mission, period_from, period_to)
    snapshot = services(request).library.snapshot()
    view = snapshot.memo(("peacekeeping-years", wanted), lambda: years_view(snapshot, wanted))
    return render(request, "peacekeeping_years.html", view, chart=years_chart(view),
                  stages=STAGES)


@api.get("/peacekeeping/years", name="peacekeeping_years", response_model=list[YearView],
         responses=responses(400, 401, 404, 422), dependencies=READ,
         summary="Every stored mission summed by period",
         description="For each period: the missions with a row, total requirements and each "
                     "group at each stage summed over them (with how many missions each sum "
                     "holds), and Σ expenditure ÷ Σ apportionment over the missions that "
                     "state both. Money only; `page` lists the period's mission rows.")
def peacekeeping_years_json(request: Request, mission: str | None = MISSION,
                            period_from: str | None = PERIOD_FROM,
                            period_to: str | None = PERIOD_TO) -> Response:
    wanted = parse_filter(mission, period_from, period_to)
    snapshot = services(request).library.snapshot()
    view = snapshot.memo(("peacekeeping-years", wanted), lambda: years_view(snapshot, wanted))
    return respond(request, dump(view.years, list[YearView]))
