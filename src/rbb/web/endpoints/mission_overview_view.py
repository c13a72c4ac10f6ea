"""The home page, a mission's page, and the overview of a mission and period: their
view data, their pages and their API routes (both from the same view functions)."""

from __future__ import annotations

from collections import Counter, defaultdict
from decimal import Decimal

from fastapi import APIRouter, Depends, Query, Request, Response
from fastapi.responses import HTMLResponse, PlainTextResponse
from pydantic import ConfigDict

from rbb.engine.derived import resource_utilization_rate, share
from rbb.model import Document, DocumentKey, DocumentKind, Mission, Period, Stage
from rbb.model.base import Amount, Percentage, Quantity
from rbb.model.legislative import LEGISLATIVE_STAGES
from rbb.model.staffing import IncumbencyRow, RowType, StaffingTable
from rbb.services.account_service import User
from rbb.services.document_service import DocumentSummary, FinancialFigure
from rbb.services.stored_findings import FindingFilter

from ..admission import ReadRoute
from ..context import reader, services
from ..json_bodies import cached_body, dump, respond
from ..library import Snapshot
from ..paths import (
    class_path,
    document_path,
    key_slug,
    parse_mission,
    parse_period_slug,
    period_path,
)
from ..templating import render
from ..view_basics import (
    MAIN_TABLE,
    SEVERITIES,
    STAGE_LABELS,
    STAGE_ORDER,
    DocumentRef,
    View,
    column_label,
    ref,
)
from .keyed_routes import READ, READ_ERRORS

REQUIREMENT_STAGES = (Stage.APPORTIONMENT, Stage.APPROPRIATION, Stage.ACABQ_RECOMMENDED,
                      Stage.COST_ESTIMATES)
"""The resources of a period: approved when known, else recommended, else proposed."""


class MissionRef(View):
    code: str
    name: str
    page: str


class PeriodEntry(View):
    period: Period
    page: str
    documents: list[DocumentRef]


class MissionEntry(View):
    mission: MissionRef
    periods: list[PeriodEntry]
    """The latest ``HOME_PERIODS`` periods; the mission's page lists them all."""
    period_count: int
    document_count: int


class Home(View):
    missions: list[MissionEntry]
    document_count: int
    mission_count: int
    offset: int = 0
    previous_page: str | None = None
    next_page: str | None = None


HOME_MISSIONS = 25
"""Missions listed on one page of the home page."""
HOME_PERIODS = 5


class Figure(View):
    label: str
    stage: Stage
    period: Period
    amount: Amount | None
    document: DocumentRef
    source_line: int | None = None


class Change(View):
    previous: Figure
    current: Figure
    amount: Amount
    percentage: Percentage | None


class Utilization(View):
    rate: Percentage
    expenditure: Figure
    apportionment: Figure


class PersonnelRow(View):
    category: str
    label: str
    counts: list[Quantity | None]


class Personnel(View):
    title: str
    document: DocumentRef
    columns: list[str]
    rows: list[PersonnelRow]
    percentage_columns: tuple[int, ...] = ()
    """Indexes of the columns that hold percentages (the incumbency vacancy rate)."""


class AuditStatus(View):
    available: bool
    message: str
    counts: dict[str, int]
    total: int
    page: str


class SectionLink(View):
    label: str
    page: str
    present: bool


class DocumentSections(View):
    document: DocumentRef
    sections: list[SectionLink]


class Overview(View):
    mission: MissionRef
    period: Period
    periods: list[PeriodEntry]
    documents: list[DocumentSections]
    requirements: list[Figure]
    change: Change | None
    utilization: Utilization | None
    personnel: list[Personnel]
    audit: AuditStatus
    classes_page: str


def mission_ref(snapshot: Snapshot, code: str) -> MissionRef:
    mission = snapshot.mission(code)
    return MissionRef(code=mission.code, name=mission.name, page=f"/missions/{mission.code}")


def period_entries(snapshot: Snapshot, code: str) -> list[PeriodEntry]:
    """Every period of the mission with its documents: listed once per snapshot (each
    of a mission's overviews lists them all; a mission of thirty years has sixty)."""
    return snapshot.memo(("period-entries", code), lambda: _period_entries(snapshot, code),
                         precise=True)


def _period_entries(snapshot: Snapshot, code: str) -> list[PeriodEntry]:
    return [PeriodEntry(period=period, page=period_path(code, period),
                        documents=[ref(s) for s in snapshot.documents_of(code, period)])
            for period in snapshot.periods(code)]


def home_view(snapshot: Snapshot, offset: int = 0) -> Home:
    """A page of missions, each with its latest periods: what it costs grows with the
    page, not with the store."""
    index = snapshot.memo("mission-index", snapshot.store.mission_index)
    shown = index[offset:offset + HOME_MISSIONS]
    snapshot.missions()  # each mission's name from one read, not one read a mission
    by_mission: dict[str, list[DocumentSummary]] = defaultdict(list)
    for summary in snapshot.store.summaries_of([code for code, _ in shown]):
        by_mission[summary.mission].append(summary)
    entries = []
    for code, count in shown:
        periods = sorted({s.period for s in by_mission[code]})
        entries.append(MissionEntry(
            mission=mission_ref(snapshot, code), period_count=len(periods), document_count=count,
            periods=[PeriodEntry(period=period, page=period_path(code, period),
                                 documents=[ref(s) for s in by_mission[code]
                                            if s.period == period])
                     for period in reversed(periods[-HOME_PERIODS:])]))
    following = offset + HOME_MISSIONS
    return Home(missions=entries, document_count=sum(n for _, n in index),
                mission_count=len(index), offset=offset,
                previous_page=f"/?offset={max(0, offset - HOME_MISSIONS)}" if offset else None,
                next_page=f"/?offset={following}" if following < len(index) else None)


# --- figures of a period ------------------------------------------------------


def best_figures(snapshot: Snapshot, mission: str, line: str) -> dict[tuple[Period, Stage],
                                                                      FinancialFigure]:
    """One figure per (period, stage): the main table before the summary table, the
    report of that period before others, the newest report last. Chosen once per
    snapshot (an overview asks for each line twice)."""
    return snapshot.memo(("best-figures", mission, line),
                         lambda: _best_figures(snapshot, mission, line), precise=True)


def _best_figures(snapshot: Snapshot, mission: str, line: str
                  ) -> dict[tuple[Period, Stage], FinancialFigure]:
    chosen: dict[tuple[Period, Stage], FinancialFigure] = {}
    ids = {s.id: s for s in snapshot.mission_summaries(mission)}

    def rank(figure: FinancialFigure) -> tuple[int, int, int]:
        summary = ids.get(figure.document_id)
        same_period = summary is not None and summary.period == figure.period
        return (figure.table_key != MAIN_TABLE, not same_period,
                -(summary.period.start_year if summary else 0))

    for figure in sorted(snapshot.figures(mission, line), key=rank):
        if figure.amount is None:
            continue
        chosen.setdefault((figure.period, Stage(figure.stage)), figure)
    return chosen


def figure(snapshot: Snapshot, mission: str, item: FinancialFigure, label: str) -> Figure:
    summary = snapshot.summary_by_id(item.document_id, mission=mission)
    return Figure(label=label, stage=Stage(item.stage), period=item.period, amount=item.amount,
                  document=ref(summary), source_line=item.source_line)


def requirement(figures: dict[tuple[Period, Stage], FinancialFigure],
                period: Period) -> FinancialFigure | None:
    for stage in REQUIREMENT_STAGES:
        if (period, stage) in figures:
            return figures[(period, stage)]
    return None


def _change(snapshot: Snapshot, mission: str,
            figures: dict[tuple[Period, Stage], FinancialFigure], period: Period
            ) -> Change | None:
    current, previous = requirement(figures, period), requirement(figures, period.previous)
    if current is None or previous is None or current.amount is None or \
            previous.amount is None:
        return None
    amount = current.amount - previous.amount
    return Change(previous=figure(snapshot, mission, previous, "Total requirements"),
                  current=figure(snapshot, mission, current, "Total requirements"),
                  amount=amount,
                  percentage=share(amount, previous.amount))


def _utilization(snapshot: Snapshot, mission: str, period: Period) -> Utilization | None:
    for line in ("gross_requirements", "total_requirements"):
        figures = best_figures(snapshot, mission, line)
        spent = figures.get((period, Stage.EXPENDITURE))
        approved = figures.get((period, Stage.APPORTIONMENT))
        if spent is None or approved is None or spent.amount is None or approved.amount is None:
            continue
        rate = resource_utilization_rate(spent.amount, approved.amount)
        if rate is not None:
            label = "Gross requirements" if line == "gross_requirements" else "Total requirements"
            return Utilization(rate=rate, expenditure=figure(snapshot, mission, spent, label),
                               apportionment=figure(snapshot, mission, approved, label))
    return None


# --- personnel ------------------------------------------------------------------


def _incumbency_label(row: IncumbencyRow) -> str:
    """Sub-rows print only "International" under their heading; say whose."""
    if row.category.value.startswith("united_nations_volunteers_"):
        return f"United Nations Volunteers, {row.label.lower()}"
    return row.label


def summary_staffing(document: Document) -> StaffingTable | None:
    tables = [t for t in document.staffing_tables if t.component is None]
    return tables[0] if tables else None


def personnel(document: Document) -> Personnel | None:
    """Personnel by category: incumbency in a performance report, the summary
    human-resources table (its total rows) in a budget report."""
    if document.incumbency:
        # "Planned average" only where some row prints one (reports of about 2003-2010)
        planned = any(row.planned_average is not None for row in document.incumbency)
        return Personnel(
            title="Incumbency", document=ref(document),
            columns=["Approved", *(["Planned average"] if planned else []), "Actual average",
                     "Vacancy rate (per cent)"],
            percentage_columns=(3 if planned else 2,),
            rows=[PersonnelRow(category=row.category.value, label=_incumbency_label(row),
                               counts=[row.approved,
                                       *([row.planned_average] if planned else []),
                                       row.actual_average, row.vacancy_rate])
                  for row in document.incumbency])
    table = summary_staffing(document)
    if table is None:
        return None
    rows = [r for r in table.rows if r.row_type is RowType.TOTAL] or \
        [r for r in table.rows if r.row_type is RowType.ITEM]
    kinds: list[tuple[str, str]] = []
    sums: dict[tuple[str, str], Counter[str]] = {}
    for row in rows:
        kind = (row.kind.value, row.period.label if row.period else "")
        if kind not in sums:
            kinds.append(kind)
            sums[kind] = Counter()
        for column, count in row.counts.items():
            if count is not None:
                sums[kind][column.value] += count
    return Personnel(
        title=table.title, document=ref(document),
        columns=[f"{kind.replace('_', ' ').capitalize()} {period}".strip()
                 for kind, period in kinds],
        rows=[PersonnelRow(category=column.value, label=column_label(column),
                           counts=[Decimal(sums[k][column.value]) if column.value in sums[k]
                                   else None for k in kinds])
              for column in table.columns])


# --- the overview -----------------------------------------------------------------


def audit_status(snapshot: Snapshot, keys: list[DocumentKey], page: str) -> AuditStatus:
    ids = tuple(snapshot.summary(key).id for key in keys)
    missions = {key.mission for key in keys}
    # Documents of one mission: whether their findings are current is the mission's.
    mission = next(iter(missions)) if len(missions) == 1 else None
    counts = Counter(snapshot.finding_counts(FindingFilter(mission=mission, document_ids=ids),
                                             "severity"))
    total = sum(counts.values())
    words = {"error": "errors", "warning": "warnings", "rounding": "rounding differences"}
    message = ("every identity holds" if total == 0 else ", ".join(
        f"{counts[s.value]} {s.value if counts[s.value] == 1 else words[s.value]}"
        for s in SEVERITIES if counts[s.value]))
    return AuditStatus(available=True, message=message,
                       counts={s.value: counts[s.value] for s in SEVERITIES}, total=total,
                       page=page)


def sections(key: DocumentKey, present: frozenset[str]) -> list[SectionLink]:
    """The sections of a report and whether it has each (``present``: its parts that
    hold something); a legislative document has one page."""
    if key.kind.legislative:
        label = ("Stage figures and recommendations" if key.kind is DocumentKind.ACABQ_REPORT
                 else "Decisions and financing")
        return [SectionLink(label=label, page=document_path(key), present=bool(present))]
    return [
        SectionLink(label="Financial resources", page=document_path(key, "financial"),
                    present="financial_tables" in present),
        SectionLink(label="Staffing", page=document_path(key, "staffing"),
                    present=bool(present & {"staffing_tables", "vacancy_factors",
                                            "incumbency"})),
        SectionLink(label="Results-based budgeting frameworks",
                    page=document_path(key, "frameworks"), present="components" in present),
        SectionLink(label="Other tables", page=document_path(key, "tables"), present=True),
        SectionLink(label="Check findings", page=f"/checks?document={key_slug(key)}",
                    present=True),
        SectionLink(label="Downloads", page=document_path(key, "downloads"), present=True),
    ]


OVERVIEW_PARTS = ("staffing_tables", "incumbency")
"""What the overview shows of each report besides its identity: its personnel."""


def overview_view(snapshot: Snapshot, mission: str, period: Period) -> Overview:
    summaries = snapshot.documents_of(mission, period)
    documents = [snapshot.document_parts(DocumentKey(mission=s.mission, period=s.period,
                                                     kind=s.kind), *OVERVIEW_PARTS)
                 for s in summaries]
    totals = best_figures(snapshot, mission, "total_requirements")
    # The Committee's recommendation and the appropriation are stated for the whole
    # budget as gross requirements (``storage.repository.stage_figure_line``): shown for
    # the stages no report prints a total of.
    gross = best_figures(snapshot, mission, "gross_requirements")
    requirements = [
        figure(snapshot, mission, totals[(period, stage)], STAGE_LABELS[stage])
        if (period, stage) in totals else
        figure(snapshot, mission, gross[(period, stage)], f"{STAGE_LABELS[stage]} (gross)")
        for stage in STAGE_ORDER if (period, stage) in totals or
        ((period, stage) in gross and stage in LEGISLATIVE_STAGES)]
    keys = [d.key for d in documents]
    slugs = "&".join(f"document={key_slug(k)}" for k in keys)
    return Overview(
        mission=mission_ref(snapshot, mission), period=period,
        periods=period_entries(snapshot, mission),
        documents=[DocumentSections(document=ref(d),
                                    sections=sections(d.key, snapshot.present_parts(d.key)))
                   for d in documents],
        requirements=requirements, change=_change(snapshot, mission, totals, period),
        utilization=_utilization(snapshot, mission, period),
        personnel=[p for d in documents if (p := personnel(d)) is not None],
        audit=audit_status(snapshot, keys, f"/checks?{slugs}"),
        classes_page=class_path(mission, "total_requirements"))


class MissionSummary(View):
    model_config = ConfigDict(frozen=True, json_schema_extra={"examples": [{
        "code": "UNMIK", "name": "United Nations Interim Administration Mission in Kosovo",
        "periods": ["2021/22", "2025/26"], "documents": 2, "page": "/missions/UNMIK"}]})

    code: str
    name: str
    periods: list[Period]
    documents: int
    page: str


class MissionDetail(View):
    mission: Mission
    periods: list[PeriodEntry]


def mission_summaries(snapshot: Snapshot) -> list[MissionSummary]:
    counts = dict(snapshot.memo("mission-index", snapshot.store.mission_index))
    periods = snapshot.memo("mission-periods", snapshot.store.mission_periods)
    return [MissionSummary(
        code=m.code, name=m.name, periods=periods[m.code], documents=counts[m.code],
        page=f"/missions/{m.code}") for m in snapshot.missions() if m.code in counts]


page = APIRouter(route_class=ReadRoute)
api = APIRouter(route_class=ReadRoute)


@page.get("/", response_class=HTMLResponse)
def home(request: Request, offset: int = Query(0, ge=0, le=1_000_000),
         user: User | None = Depends(reader)) -> HTMLResponse:
    return render(request, "index.html",
                  home_view(services(request).library.snapshot(), offset))


@page.get("/healthz", response_class=PlainTextResponse)
def health() -> PlainTextResponse:
    return PlainTextResponse("ok\n", headers={"Cache-Control": "no-store"})


@page.get("/missions/{mission}", response_class=HTMLResponse)
def mission_page(request: Request, mission: str,
                 user: User | None = Depends(reader)) -> HTMLResponse:
    from .mission_register_view import register_facts

    app = services(request)
    snapshot = app.library.snapshot()
    facts = register_facts(snapshot, app.register, parse_mission(mission))
    code = facts.mission.code
    return render(request, "mission.html", {
        "mission": MissionRef(code=code, name=facts.mission.name, page=facts.page),
        "facts": facts,
        "periods": period_entries(snapshot, code) if facts.documents else []})


@page.get("/missions/{mission}/{period}", response_class=HTMLResponse)
def overview(request: Request, mission: str, period: str,
             user: User | None = Depends(reader)) -> HTMLResponse:
    snapshot = services(request).library.snapshot()
    view = snapshot.memo(("overview", mission, period), lambda: overview_view(
        snapshot, parse_mission(mission), parse_period_slug(period)))
    return render(request, "overview.html", view)


@api.get("/missions", name="missions", response_model=list[MissionSummary],
         responses=READ_ERRORS, dependencies=READ, summary="Missions with stored documents")
def missions_json(request: Request) -> Response:
    snapshot = services(request).library.snapshot()
    return respond(request, cached_body(request, "missions", lambda: dump(
        mission_summaries(snapshot), list[MissionSummary])))


@api.get("/missions/{mission}", name="mission", response_model=MissionDetail,
         responses=READ_ERRORS, dependencies=READ, summary="A mission and its periods")
def mission_json(request: Request, mission: str) -> Response:
    code = parse_mission(mission)
    snapshot = services(request).library.snapshot()
    return respond(request, cached_body(request, ("mission", code), lambda: dump(MissionDetail(
        mission=snapshot.mission(code), periods=period_entries(snapshot, code)))))


@api.get("/missions/{mission}/periods/{period}", name="period", response_model=Overview,
         responses=READ_ERRORS, dependencies=READ,
         summary="Overview of a mission and period",
         description="Headline figures (total requirements by stage, change on the previous "
                     "period, utilization rate where known), personnel by category, the "
                     "audit status and links to every section. Periods are written "
                     "`2025-26` in paths.")
def overview_json(request: Request, mission: str, period: str) -> Response:
    code, label = parse_mission(mission), parse_period_slug(period)
    snapshot = services(request).library.snapshot()
    return respond(request, cached_body(request, ("overview", code, label), lambda: dump(
        overview_view(snapshot, code, label))))
