"""The execution dashboard of a mission-period (docs/execution.md, "Monitoring the
year"): obligated, disbursed and unliquidated to date, the burn rate and the projections
to 30 June by group and class, the classes projected over the reporting threshold
flagged, a chart of cumulative expenditure against the apportionment; the drill-down from
a class to its accounts and lines; the aggregates as CSV. Page and API from the same
view functions.

The ledger is not among what the page cache tracks (``page_cache``), so these pages are
never kept: each is built from the ledger as it is now."""

from __future__ import annotations

import datetime as dt
from urllib.parse import quote, urlencode

from fastapi import APIRouter, Depends, Query, Request, Response
from fastapi.responses import HTMLResponse
from markupsafe import Markup
from pydantic import Field

from rbb.engine.execution import METHOD_LABELS, ExecutionRow, Method, Projection
from rbb.model import Document, DocumentKey, Period, Stage
from rbb.model.base import Exact
from rbb.model.classes import BY_CODE
from rbb.model.errors import NotFoundError
from rbb.services.account_service import User
from rbb.services.execution_service import (
    LINES_PAGE,
    MAX_LINES_PAGE,
    Dashboard,
    class_detail,
    dashboard,
    execution_csv,
    execution_parquet,
)

from ..admission import ReadRoute
from ..context import reader, services
from ..execution_chart import band_chart
from ..json_bodies import dump, respond
from ..library import Snapshot
from ..page_cache import current_reading, depends_on
from ..paths import document_path, parse_mission, parse_period_slug, period_path, period_slug
from ..templating import render
from ..view_basics import STAGE_LABELS, View
from .keyed_routes import READ, READ_ERRORS

PARQUET = "application/vnd.apache.parquet"
MONTH_NAMES = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov",
               "Dec")
"""By calendar month (not the locale's)."""


class ProjectionView(View):
    method: Method
    label: str
    expenditure: Exact
    low: Exact
    high: Exact
    variance: Exact
    """Apportionment − projected expenditure, dollars."""
    percentage: Exact | None
    crosses_threshold: bool
    range_crosses_threshold: bool


class RowView(View):
    key: str
    label: str
    level: str
    group: str | None
    apportionment: Exact
    obligated: Exact
    disbursed: Exact
    adjusted: Exact
    expenditure: Exact
    unliquidated_obligations: Exact
    burn_rate: Exact | None
    """Per cent of the apportionment per elapsed month."""
    primary: Method
    flagged: bool
    projections: list[ProjectionView]
    page: str | None = None


class MonthView(View):
    month: dt.date
    cumulative: Exact | None
    projected: Exact
    low: Exact
    high: Exact


class ApportionmentSource(View):
    document: str
    page: str
    stage: Stage
    stated: str


class ExecutionPage(View):
    mission: str
    period: Period
    as_of: dt.date
    has_ledger: bool
    months_elapsed: int = 0
    previous_years: int = 0
    apportionment: ApportionmentSource | None = None
    rows: list[RowView] = Field(default_factory=list)
    months: list[MonthView] = Field(default_factory=list)
    flagged: list[str] = Field(default_factory=list)
    """The classes whose primary projection crosses the threshold (none without a stored
    apportionment: the threshold is on the variance against it)."""
    unmapped_accounts: list[str] = Field(default_factory=list)
    """Accounts whose lines map to no class, so are in no row (at most 20 listed)."""
    unmapped_count: int = 0
    overview: str
    csv: str
    parquet: str
    api: str


def _projection(p: Projection) -> ProjectionView:
    return ProjectionView(method=p.method, label=METHOD_LABELS[p.method],
                          expenditure=p.expenditure, low=p.low, high=p.high,
                          variance=p.variance, percentage=p.percentage,
                          crosses_threshold=p.crosses_threshold,
                          range_crosses_threshold=p.range_crosses_threshold)


def execution_path(mission: str, period: Period, rest: str = "") -> str:
    base = f"{period_path(mission, period)}/execution"
    return f"{base}/{rest}" if rest else base


def _row(mission: str, period: Period, row: ExecutionRow, query: str) -> RowView:
    return RowView(
        key=row.key, label=row.label, level=row.level, group=row.group,
        apportionment=row.apportionment, obligated=row.obligated, disbursed=row.disbursed,
        adjusted=row.adjusted, expenditure=row.expenditure,
        unliquidated_obligations=row.unliquidated, burn_rate=row.burn_rate,
        primary=row.primary, flagged=row.flagged,
        projections=[_projection(p) for p in row.projections],
        page=execution_path(mission, period, quote(row.key)) + query
        if row.level == "class" else None)


def _as_of_query(as_of: dt.date | None) -> str:
    return f"?{urlencode({'as_of': as_of.isoformat()})}" if as_of else ""


def _documents(snapshot: Snapshot, mission: str, period: Period) -> list[Document]:
    """The reports that may print the period's apportionment: the period's own and the
    next period's."""
    return [snapshot.document(DocumentKey(mission=s.mission, period=s.period, kind=s.kind))
            for s in snapshot.mission_summaries(mission)
            if s.period in (period, period.next)]


def default_as_of(period: Period, today: dt.date | None = None) -> dt.date:
    """Today within the period: its last day once it is over."""
    today = today or dt.date.today()
    return min(max(today, period.start), period.end)


def execution_view(request: Request, mission: str, period: Period,
                   as_of: dt.date | None) -> tuple[ExecutionPage, Dashboard]:
    snapshot = services(request).library.snapshot()
    # The ledger's state noted before it is read, for a page that may be kept: it is
    # then never newer than what the page shows (an import in between makes it stale,
    # not wrong). A page no one keeps (a user's, or with the cache off) asks nothing.
    if current_reading() is not None:
        snapshot.token(("ledger", mission))
    depends_on(("ledger", mission))
    if as_of is None:
        depends_on(("today", None))
    day = as_of or default_as_of(period)
    board = dashboard(services(request).ledger, mission, period,
                      _documents(snapshot, mission, period), day)
    query = _as_of_query(as_of)
    slug = period_slug(period)
    page = ExecutionPage(
        mission=mission, period=period, as_of=day, has_ledger=board.execution is not None,
        unmapped_accounts=list(board.unmapped_accounts[:20]),
        unmapped_count=len(board.unmapped_accounts),
        overview=period_path(mission, period),
        csv=f"{period_path(mission, period)}/execution.csv{query}",
        parquet=f"{period_path(mission, period)}/execution.parquet{query}",
        api=f"/api/v1/missions/{mission}/periods/{slug}/execution")
    basis = board.apportionment
    if basis is not None:
        key = basis.document
        page = page.model_copy(update={"apportionment": ApportionmentSource(
            document=f"{key.mission} {key.period} {key.kind.value}",
            page=document_path(key, "financial"), stage=basis.stage,
            stated=f"{STAGE_LABELS[basis.stage]} {period}")})
    result = board.execution
    if result is None:
        return page, board
    return page.model_copy(update={
        "months_elapsed": result.months_elapsed, "previous_years": result.previous_years,
        "rows": [_row(mission, period, r, query) for r in result.rows()],
        "months": [MonthView(month=p.month, cumulative=p.cumulative, projected=p.projected,
                             low=p.low, high=p.high) for p in result.curve],
        "flagged": [r.key for r in result.classes if r.flagged] if basis else []}), board


def chart(view: ExecutionPage) -> Markup | None:
    total = next((r for r in view.rows if r.level == "total"), None)
    if total is None or not view.months:
        return None
    return band_chart(
        f"{view.mission} {view.period}: cumulative expenditure against the apportionment",
        [MONTH_NAMES[m.month.month - 1] for m in view.months],
        [m.cumulative for m in view.months], [m.projected for m in view.months],
        [m.low for m in view.months], [m.high for m in view.months], total.apportionment)


class AccountView(View):
    account: str
    obligated: Exact
    disbursed: Exact
    adjusted: Exact
    expenditure: Exact
    unliquidated_obligations: Exact
    lines: int
    page: str


class LineView(View):
    source: str
    row: int
    document_number: str
    posting_date: dt.date
    account: str
    funds_centre: str
    document_type: str
    amount: Exact
    currency: str
    amount_usd: Exact
    text: str


class ClassPage(View):
    mission: str
    period: Period
    as_of: dt.date
    class_code: str
    label: str
    row: RowView | None
    accounts: list[AccountView]
    accounts_complete: bool
    account: str | None
    month: str | None = None
    """The lines of one month only (``2022-03``)."""
    month_pages: dict[str, str] = Field(default_factory=dict)
    """Each month of the period (``2022-03``) and the page of its lines."""
    lines: list[LineView]
    offset: int
    limit: int
    previous_page: str | None
    next_page: str | None
    dashboard: str


def _month_keys(period: Period) -> list[str]:
    """The months of a period, written YYYY-MM."""
    keys, day = [], period.start.replace(day=1)
    while day <= period.end:
        keys.append(f"{day.year:04d}-{day.month:02d}")
        day = (day + dt.timedelta(days=32)).replace(day=1)
    return keys


def class_view(request: Request, mission: str, period: Period, class_code: str,
               as_of: dt.date | None, account: str | None, offset: int,
               limit: int, month: str | None = None) -> ClassPage:
    line = BY_CODE.get(class_code)
    if line is None or line.kind.value != "class":
        raise NotFoundError(f"{class_code[:60]!r} is not a class of expenditure")
    page, board = execution_view(request, mission, period, as_of)
    if not page.has_ledger:
        raise NotFoundError(f"no ledger of {mission} for {period} is stored: import one with "
                            "`rbb ledger import` or make one with `rbb ledger generate`")
    row = next((r for r in page.rows if r.key == class_code), None)
    first_day = dt.date.fromisoformat(f"{month}-01") if month else None
    detail = class_detail(services(request).ledger, mission, period, class_code,
                          board.as_of, account=account, month=first_day, offset=offset,
                          limit=limit)
    base = execution_path(mission, period, quote(class_code))

    def at(**more: object) -> str:
        query = {"as_of": as_of.isoformat() if as_of else None, "account": account,
                 "month": month, "limit": detail.limit if detail.limit != LINES_PAGE else None,
                 **more}
        text = urlencode({k: v for k, v in query.items() if v not in (None, "")})
        return f"{base}?{text}" if text else base

    return ClassPage(
        mission=mission, period=period, as_of=board.as_of, class_code=class_code,
        label=line.label, row=row,
        accounts=[AccountView(account=a.account, obligated=a.obligated,
                              disbursed=a.disbursed, adjusted=a.adjusted,
                              expenditure=a.expenditure,
                              unliquidated_obligations=a.unliquidated, lines=a.lines,
                              page=at(account=a.account, offset=None))
                  for a in detail.accounts],
        accounts_complete=detail.accounts_complete, account=account, month=month,
        month_pages={key: at(month=key, offset=None) for key in _month_keys(period)},
        lines=[LineView(source=x.source, row=x.row, document_number=x.document_number,
                        posting_date=x.posting_date, account=x.account,
                        funds_centre=x.funds_centre, document_type=x.document_type.value,
                        amount=x.amount, currency=x.currency, amount_usd=x.amount_usd,
                        text=x.text) for x in detail.lines],
        offset=detail.offset, limit=detail.limit,
        previous_page=at(offset=max(detail.offset - detail.limit, 0) or None)
        if detail.offset else None,
        next_page=at(offset=detail.offset + detail.limit) if detail.more else None,
        dashboard=execution_path(mission, period) + _as_of_query(as_of))


page = APIRouter(route_class=ReadRoute)
api = APIRouter(route_class=ReadRoute)

AS_OF = Query(None, description="The date the figures are taken to (whole months up to "
              "it count as elapsed); today within the period by default.")
ACCOUNT = Query(None, max_length=40)
MONTH = Query(None, pattern=r"^(19|2[0-9])[0-9]{2}-(0[1-9]|1[0-2])$",
              description="The lines of one month only, written YYYY-MM.")
OFFSET = Query(0, ge=0, le=100_000_000)
LIMIT = Query(LINES_PAGE, ge=1, le=MAX_LINES_PAGE)


@page.get("/missions/{mission}/{period}/execution", response_class=HTMLResponse)
def execution_page(request: Request, mission: str, period: str, as_of: dt.date | None = AS_OF,
                   user: User | None = Depends(reader)) -> HTMLResponse:
    code, label = parse_mission(mission), parse_period_slug(period)
    view, _ = execution_view(request, code, label, as_of)
    return render(request, "execution.html", view, chart=chart(view), methods=METHOD_LABELS)


def _download(request: Request, mission: str, period: str, as_of: dt.date | None,
              kind: str) -> Response:
    code, label = parse_mission(mission), parse_period_slug(period)
    _, board = execution_view(request, code, label, as_of)
    if board.execution is None:
        raise NotFoundError(f"no ledger of {code} for {label} is stored")
    name = f"{code}-{period_slug(label)}-execution.{kind}"
    body, media = ((execution_csv(board).encode("utf-8"), "text/csv; charset=utf-8")
                   if kind == "csv" else (execution_parquet(board), PARQUET))
    return respond(request, body, media_type=media,
                   headers={"Content-Disposition": f'attachment; filename="{name}"'})


@page.get("/missions/{mission}/{period}/execution.csv")
def execution_csv_page(request: Request, mission: str, period: str,
                       as_of: dt.date | None = AS_OF,
                       user: User | None = Depends(reader)) -> Response:
    return _download(request, mission, period, as_of, "csv")


@page.get("/missions/{mission}/{period}/execution.parquet")
def execution_parquet_page(request: Request, mission: str, period: str,
                           as_of: dt.date | None = AS_OF,
                           user: User | None = Depends(reader)) -> Response:
    return _download(request, mission, period, as_of, "parquet")


@page.get("/missions/{mission}/{period}/execution/{line}", response_class=HTMLResponse)
def execution_class_page(request: Request, mission: str, period: str, line: str,
                         as_of: dt.date | None = AS_OF, account: str | None = ACCOUNT,
                         month: str | None = MONTH, offset: int = OFFSET,
                         limit: int = LIMIT,
                         user: User | None = Depends(reader)) -> HTMLResponse:
    code, label = parse_mission(mission), parse_period_slug(period)
    view = class_view(request, code, label, line, as_of, account, offset, limit, month)
    return render(request, "execution_class.html", view)


@api.get("/missions/{mission}/periods/{period}/execution", name="execution",
         response_model=ExecutionPage, responses=READ_ERRORS, dependencies=READ,
         summary="Execution of a mission's period: to date, projections and flags",
         description="Per group, class and the total, in dollars: apportionment, "
                     "obligated, disbursed and unliquidated to date, the burn rate, and the "
                     "expenditure projected to 30 June by each method with its range and "
                     "variance, flagged when over the reporting threshold (±5 per cent or "
                     "±$100,000). `has_ledger` is false when no ledger is stored.")
def execution_json(request: Request, mission: str, period: str,
                   as_of: dt.date | None = AS_OF) -> Response:
    code, label = parse_mission(mission), parse_period_slug(period)
    view, _ = execution_view(request, code, label, as_of)
    return respond(request, dump(view))


@api.get("/missions/{mission}/periods/{period}/execution.csv", name="execution_csv",
         response_class=Response, dependencies=READ,
         responses={200: {"content": {"text/csv": {}},
                          "description": "The aggregates as CSV"}, **READ_ERRORS},
         summary="Execution of a mission's period as CSV")
def execution_csv_json(request: Request, mission: str, period: str,
                       as_of: dt.date | None = AS_OF) -> Response:
    return _download(request, mission, period, as_of, "csv")


@api.get("/missions/{mission}/periods/{period}/execution.parquet", name="execution_parquet",
         response_class=Response, dependencies=READ,
         responses={200: {"content": {PARQUET: {}},
                          "description": "The aggregates as Parquet"}, **READ_ERRORS},
         summary="Execution of a mission's period as Parquet")
def execution_parquet_json(request: Request, mission: str, period: str,
                           as_of: dt.date | None = AS_OF) -> Response:
    return _download(request, mission, period, as_of, "parquet")


@api.get("/missions/{mission}/periods/{period}/execution/{line}",
         name="execution_class", response_model=ClassPage, responses=READ_ERRORS,
         dependencies=READ, summary="A class's accounts to date and a page of its lines")
def execution_class_json(request: Request, mission: str, period: str, line: str,
                         as_of: dt.date | None = AS_OF, account: str | None = ACCOUNT,
                         month: str | None = MONTH, offset: int = OFFSET,
                         limit: int = LIMIT) -> Response:
    code, label = parse_mission(mission), parse_period_slug(period)
    return respond(request, dump(class_view(request, code, label, line, as_of,
                                            account, offset, limit, month)))
