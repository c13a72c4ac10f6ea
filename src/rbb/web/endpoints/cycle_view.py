"""A mission's period "From proposal to expenditure" (docs/cycle.md): the cycle of
``rbb.engine.cycle`` as a page and as the API's JSON, from the same view function.

Every figure links to where it is stated: a report's money table row, or the page of
the Committee's report or the resolution; a derived figure says what it is derived
from, and a figure two documents state differently shows both."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Request, Response
from fastapi.responses import HTMLResponse
from pydantic import Field

from rbb.engine.cycle import (
    Cycle,
    CycleFigure,
    CyclePosts,
    CycleRecommendation,
    CycleRow,
    CycleSource,
)
from rbb.model import DocumentKind, Period, Stage
from rbb.model.base import Amount, Exact
from rbb.model.legislative import RecommendationKind, StageLevel
from rbb.services.account_service import User
from rbb.services.cycle_service import CYCLE_PARTS, mission_period_cycle

from ..admission import ReadRoute
from ..context import reader, services
from ..json_bodies import cached_body, dump, respond
from ..library import Snapshot
from ..paths import (
    anchor,
    class_path,
    document_path,
    key_slug,
    mission_path,
    parse_mission,
    parse_period_slug,
    period_path,
    period_slug,
)
from ..templating import render
from ..view_basics import STAGE_LABELS, DocumentRef, View, ref
from .keyed_routes import READ, READ_ERRORS
from .mission_overview_view import MissionRef


class StageColumn(View):
    stage: Stage
    label: str


class SourceView(View):
    document: str
    """The document's key (``UNMIK-2025-26-budget``), one of the page's ``documents``."""
    kind: DocumentKind
    period: Period
    part: str
    """What of the document states it: ``financial_tables``, ``stage_figures``,
    ``financing`` or ``recommendations``."""
    table: str | None = None
    paragraph: str | None = None
    source_line: int | None = None
    link: str
    """The page that shows the figure: its money table row, or the document's page."""


class FigureView(View):
    amount: Amount
    derived: bool = False
    source: SourceView | None = None
    """None for a derived figure."""
    reduction: Amount | None = None
    derived_from: list[SourceView] = Field(default_factory=list)


class CellView(View):
    stage: Stage
    amount: Amount | None = None
    """The first figure's: the stage's own document's, or the derived one."""
    derived: bool = False
    differs: bool = False
    figures: list[FigureView] = Field(default_factory=list)
    change: Amount | None = None
    change_from: Stage | None = None
    change_percentage: Exact | None = None


class RecommendationView(View):
    document: str
    """The key of the Committee's report, one of the page's ``documents``."""
    kind: RecommendationKind
    paragraph: str
    text: str
    amounts: list[Amount]
    posts: int | None = None
    source_line: int | None = None
    link: str


class RowView(View):
    line: str
    label: str
    level: StageLevel
    group: str | None = None
    cells: list[CellView]
    recommendations: list[RecommendationView] = Field(default_factory=list)
    notes: list[str] = Field(default_factory=list)
    history: str
    """The line across every stored period and stage."""


class PostsView(View):
    line: str
    label: str
    proposed: int | None = None
    proposed_source: SourceView | None = None
    """The budget's summary human resources table (its staffing page)."""
    not_approved: int = 0
    recommendations: list[RecommendationView] = Field(default_factory=list)
    recommended: int | None = None
    """Derived: proposed less not approved."""


class CyclePage(View):
    mission: MissionRef
    period: Period
    stages: list[StageColumn]
    documents: list[DocumentRef]
    """The documents read; those that state no figure of the period too."""
    rows: list[RowView]
    recommendations: list[RecommendationView]
    """The Committee's recommendations that name no group or class."""
    disagreements: int
    """Stage figures that two documents state differently."""
    posts: list[PostsView] = Field(default_factory=list)
    """Posts and positions proposed, not approved by the Committee, and left."""
    overview: str
    api: str


def source_link(source: CycleSource, stage: Stage, line: str) -> str:
    """The row of a report's money table; on the page of a Committee's report or a
    resolution, the stage figure, the recommendations to reduce, or the financing."""
    key = source.document
    if source.part == "financial_tables" and source.table is not None:
        return document_path(key, "financial") + "#" + anchor("row", source.table, line)
    if source.part == "stage_figures":
        return document_path(key) + "#" + anchor("stage", stage.value, line)
    if source.part == "recommendations":
        return document_path(key) + "#" + RecommendationKind.REDUCE.value
    return document_path(key) + ("#financing" if source.part == "financing" else "")


def _source(source: CycleSource, stage: Stage, line: str) -> SourceView:
    key = source.document
    link = source_link(source, stage, line)
    return SourceView(document=key_slug(key), kind=key.kind, period=key.period,
                      part=source.part, table=source.table, paragraph=source.paragraph,
                      source_line=source.source_line, link=link)


def _figure(figure: CycleFigure, stage: Stage, line: str) -> FigureView:
    return FigureView(
        amount=figure.amount, derived=figure.derived,
        source=None if figure.source is None else _source(figure.source, stage, line),
        reduction=figure.reduction,
        derived_from=[_source(s, stage, line) for s in figure.derived_from])


def _recommendation(item: CycleRecommendation) -> RecommendationView:
    r = item.recommendation
    return RecommendationView(document=key_slug(item.document), kind=r.kind,
                              paragraph=r.paragraph, text=r.text, amounts=list(r.amounts),
                              posts=r.posts, source_line=r.source_line,
                              link=f"{document_path(item.document)}#{r.kind.value}")


def _posts(posts: CyclePosts) -> PostsView:
    source = None
    if posts.proposed_source is not None:
        found = posts.proposed_source
        source = SourceView(document=key_slug(found.document), kind=found.document.kind,
                            period=found.document.period, part=found.part, table=found.table,
                            source_line=found.source_line,
                            link=document_path(found.document, "staffing"))
    return PostsView(line=posts.line, label=posts.label, proposed=posts.proposed,
                     proposed_source=source, not_approved=posts.not_approved,
                     recommendations=[_recommendation(r) for r in posts.recommendations],
                     recommended=posts.recommended)


def _row(mission: str, row: CycleRow) -> RowView:
    return RowView(
        line=row.line, label=row.label, level=row.level, group=row.group,
        cells=[CellView(stage=c.stage, amount=c.amount, derived=c.derived, differs=c.differs,
                        figures=[_figure(f, c.stage, row.line) for f in c.figures],
                        change=c.change, change_from=c.change_from,
                        change_percentage=c.change_percentage) for c in row.cells],
        recommendations=[_recommendation(i) for i in row.recommendations],
        notes=list(row.notes), history=class_path(mission, row.line))


def cycle_page(snapshot: Snapshot, mission: str, period: Period) -> CyclePage:
    cycle: Cycle = mission_period_cycle(snapshot, mission, period)
    # The mission as its documents name it: the list of every mission is not read, so
    # the page stays kept when another mission's documents come and go.
    named = snapshot.document_parts(cycle.documents[0], *CYCLE_PARTS).mission
    return CyclePage(
        mission=MissionRef(code=named.code, name=named.name, page=mission_path(named.code)),
        period=period,
        stages=[StageColumn(stage=s, label=STAGE_LABELS[s]) for s in cycle.stages],
        # From the parts read (they carry ``partial`` and the coverage; a summary does not).
        documents=[ref(snapshot.document_parts(key, *CYCLE_PARTS)) for key in cycle.documents],
        rows=[_row(mission, r) for r in cycle.rows],
        recommendations=[_recommendation(i) for i in cycle.recommendations],
        disagreements=len(cycle.disagreements),
        posts=[_posts(p) for p in cycle.posts],
        overview=period_path(mission, period),
        api=f"/api/v1/missions/{mission}/periods/{period_slug(period)}/cycle")


page = APIRouter(route_class=ReadRoute)
api = APIRouter(route_class=ReadRoute)


@page.get("/missions/{mission}/{period}/cycle", response_class=HTMLResponse)
def cycle(request: Request, mission: str, period: str,
          user: User | None = Depends(reader)) -> HTMLResponse:
    code, label = parse_mission(mission), parse_period_slug(period)
    snapshot = services(request).library.snapshot()
    view = snapshot.memo(("cycle", code, label), lambda: cycle_page(snapshot, code, label),
                         precise=True)
    return render(request, "cycle.html", view)


@api.get("/missions/{mission}/periods/{period}/cycle", name="cycle", response_model=CyclePage,
         responses=READ_ERRORS, dependencies=READ,
         summary="From proposal to expenditure: the cycle of a mission's period",
         description="The total, each group and each class through the stages cost "
                     "estimates, recommended by the Advisory Committee, appropriation, "
                     "apportionment and expenditure: each figure with the documents and "
                     "lines that state it (a derived figure marked `derived`, figures "
                     "stated differently all kept, `differs`), the change from the stage "
                     "before, and the Committee's recommendations under the classes they "
                     "touch. Amounts are exact decimal strings in thousands of dollars.")
def cycle_json(request: Request, mission: str, period: str) -> Response:
    code, label = parse_mission(mission), parse_period_slug(period)
    snapshot = services(request).library.snapshot()
    return respond(request, cached_body(request, ("cycle", code, label), lambda: dump(
        cycle_page(snapshot, code, label))))
