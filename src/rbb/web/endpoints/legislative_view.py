"""A legislative document's own page and its API route, from one view function: what a
report of the Advisory Committee recommends or what a General Assembly resolution
decides on a mission's budget (rbb.model.legislative), every figure with its paragraph
and source line. Its page is the document's address, ``/missions/M/P/acabq_report``
(``document_records_view.document_root`` hands it here)."""

from __future__ import annotations

from fastapi import APIRouter, Request, Response
from fastapi.responses import HTMLResponse

from rbb.model import DocumentKey, Period, Stage
from rbb.model.base import Amount
from rbb.model.errors import NotFoundError
from rbb.model.legislative import DecisionKind, FinancingPart, RecommendationKind

from ..admission import ReadRoute
from ..context import services
from ..json_bodies import cached_body, dump, respond
from ..library import Snapshot
from ..paths import KIND_NAMES, anchor, class_path, parse_key, period_path
from ..templating import render
from ..view_basics import STAGE_LABELS, DocumentRef, View, humanize, line_label, ref
from .keyed_routes import DOC, READ, READ_ERRORS

LEGISLATIVE_PARTS = ("concerns", "stage_figures", "recommendations", "decisions", "financing")
"""What the page shows besides the identity."""

RECOMMENDATION_LABELS = {
    RecommendationKind.APPROVE: "Approval recommended",
    RecommendationKind.REDUCE: "Reductions recommended",
    RecommendationKind.NOT_APPROVE: "Not recommended for approval",
    RecommendationKind.REQUEST: "Information or action requested",
}
DECISION_LABELS = {
    DecisionKind.APPROPRIATE: "Appropriation", DecisionKind.APPORTION: "Apportionment",
    DecisionKind.STAFF_ASSESSMENT: "Staff assessment", DecisionKind.CREDIT: "Credits",
    DecisionKind.REQUEST: "Request", DecisionKind.OTHER: "Other",
}
FINANCING_LABELS = {
    FinancingPart.APPROPRIATED: "Appropriated (whole)",
    FinancingPart.MAINTENANCE: "Maintenance of the mission",
    FinancingPart.SUPPORT_ACCOUNT: "Support account for peacekeeping operations",
    FinancingPart.LOGISTICS_BASE: "United Nations Logistics Base",
    FinancingPart.REGIONAL_SERVICE_CENTRE: "Regional Service Centre",
    FinancingPart.APPORTIONED: "Apportioned among Member States",
    FinancingPart.STAFF_ASSESSMENT: "Staff assessment income",
    FinancingPart.UNENCUMBERED_BALANCE: "Unencumbered balance",
    FinancingPart.OTHER_REVENUE: "Other revenue",
    FinancingPart.BALANCE_AND_REVENUE: "Unencumbered balance and other revenue",
    FinancingPart.COMMITMENT_AUTHORITY: "Commitment authority",
}


class StageFigureView(View):
    stage: Stage
    stage_label: str
    period: Period
    line: str
    """The class or group code, ``gross_requirements`` for the whole budget."""
    label: str
    amount: Amount
    paragraph: str | None = None
    source_line: int | None = None
    history: str
    """The line's page across periods and stages."""
    anchor: str


class RecommendationView(View):
    paragraph: str
    text: str
    amounts: list[Amount]
    amount_source_lines: list[int]
    class_code: str | None = None
    class_label: str | None = None
    posts: int | None = None
    source_line: int | None = None


class RecommendationGroup(View):
    kind: RecommendationKind
    label: str
    items: list[RecommendationView]


class DecisionView(View):
    kind: DecisionKind
    label: str
    paragraph: str
    text: str
    amounts: list[Amount]
    source_line: int | None = None


class FinancingView(View):
    part: FinancingPart
    for_part: FinancingPart | None = None
    """The part of the appropriation a staff assessment amount is for, when stated."""
    label: str
    period: Period
    amount: Amount
    paragraph: str | None = None
    source_line: int | None = None


class LegislativeDocument(View):
    document: DocumentRef
    kind_name: str
    session: str | None = None
    agenda_item: str | None = None
    concerns: list[str]
    stage_figures: list[StageFigureView]
    recommendations: list[RecommendationGroup]
    decisions: list[DecisionView]
    financing: list[FinancingView]
    period_page: str


def legislative_view(snapshot: Snapshot, key: DocumentKey) -> LegislativeDocument:
    if not key.kind.legislative:
        raise NotFoundError(f"{key} is {KIND_NAMES[key.kind]}, not a report of the Advisory "
                            "Committee or a resolution of the General Assembly")
    document = snapshot.document_parts(key, *LEGISLATIVE_PARTS)
    stages = []
    for figure in document.stage_figures:
        line = figure.key or "gross_requirements"
        stages.append(StageFigureView(
            stage=figure.stage, stage_label=STAGE_LABELS[figure.stage], period=figure.period,
            line=line, label=line_label(line) if figure.key else "Whole budget (gross)",
            amount=figure.amount, paragraph=figure.paragraph, source_line=figure.source_line,
            history=class_path(key.mission, line),
            anchor=anchor("stage", figure.stage.value, line)))
    groups = []
    for kind in RecommendationKind:
        label = RECOMMENDATION_LABELS.get(kind) or humanize(kind.value)
        items = [RecommendationView(
            paragraph=r.paragraph, text=r.text, amounts=list(r.amounts),
            amount_source_lines=list(r.amount_source_lines), class_code=r.class_code,
            class_label=line_label(r.class_code) if r.class_code else None, posts=r.posts,
            source_line=r.source_line) for r in document.recommendations if r.kind is kind]
        if items:
            groups.append(RecommendationGroup(kind=kind, label=label, items=items))
    return LegislativeDocument(
        document=ref(document), kind_name=humanize(KIND_NAMES[key.kind].split(" ", 1)[1]),
        session=document.session, agenda_item=document.agenda_item,
        concerns=list(document.concerns), stage_figures=stages, recommendations=groups,
        decisions=[DecisionView(kind=d.kind, label=DECISION_LABELS.get(d.kind, "Other"),
                                paragraph=d.paragraph, text=d.text, amounts=list(d.amounts),
                                source_line=d.source_line) for d in document.decisions],
        financing=[FinancingView(part=f.part, for_part=f.for_part,
                                 label=_financing_label(f.part, f.for_part), period=f.period,
                                 amount=f.amount, paragraph=f.paragraph,
                                 source_line=f.source_line) for f in document.financing],
        period_page=period_path(key.mission, key.period))


def _financing_label(part: FinancingPart, for_part: FinancingPart | None) -> str:
    label = FINANCING_LABELS.get(part) or humanize(part.value)
    if for_part is None:
        return label
    return f"{label}, for the {(FINANCING_LABELS.get(for_part) or for_part.value).lower()}"


def legislative_page(request: Request, key: DocumentKey) -> HTMLResponse:
    snapshot = services(request).library.snapshot()
    view = snapshot.memo(("legislative", key), lambda: legislative_view(snapshot, key),
                         precise=True)
    return render(request, "legislative.html", view)


page = APIRouter(route_class=ReadRoute)
api = APIRouter(route_class=ReadRoute)


@api.get(DOC + "/legislative", name="legislative", response_model=LegislativeDocument,
         responses=READ_ERRORS, dependencies=READ,
         summary="What a report of the Advisory Committee or a resolution states",
         description="The stage figures (proposal, recommendation, appropriation), the "
                     "Committee's recommendations by kind, the resolution's decisions and "
                     "financing figures, each with its paragraph and source line; amounts in "
                     "thousands of United States dollars as decimal strings. 404 for a "
                     "budget or performance report.")
def legislative_json(request: Request, mission: str, period: str, kind: str) -> Response:
    key = parse_key(mission, period, kind)
    snapshot = services(request).library.snapshot()
    return respond(request, cached_body(request, ("legislative", key), lambda: dump(
        legislative_view(snapshot, key))))
