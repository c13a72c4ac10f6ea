"""A mission's requests of the General Assembly and recommendations of the Advisory
Committee, each with its source and the responses its reports' follow-up sections give
(``rbb.engine.requests``; docs/cycle.md, "Requests followed up"). The page and the API
answer the same view."""

from __future__ import annotations

from collections import Counter
from urllib.parse import quote

from fastapi import APIRouter, Depends, Query, Request, Response
from fastapi.responses import HTMLResponse

from rbb.model import DocumentKey, Period
from rbb.services.account_service import User
from rbb.services.request_tracking import (
    REQUEST_PARTS,
    RequestStatus,
    TrackedRequest,
    open_requests,
    requests_of,
)

from ..admission import ReadRoute
from ..context import reader, services
from ..json_bodies import cached_body, dump, respond
from ..library import Snapshot
from ..paths import API, anchor, document_path, mission_path, parse_mission
from ..problems import responses
from ..templating import render
from ..view_basics import DocumentRef, View, ref
from .keyed_routes import READ
from .mission_overview_view import MissionRef, mission_ref

OFFICIAL_DOCUMENTS = "https://undocs.org/en/"
"""Where a symbol not stored is found: the United Nations' document links, as the
reports print them."""
BODY_LABELS = {"general_assembly": "General Assembly", "acabq": "Advisory Committee"}


class ResponseView(View):
    document: DocumentRef
    page: str
    """The report's follow-up table."""
    source_line: int | None
    request: str
    action: str
    pending: str | None


class RequestView(View):
    key: str
    anchor: str
    label: str
    body: str
    body_label: str
    symbol: str | None
    paragraph: str | None
    period: Period | None
    period_inferred: bool
    heading: str | None
    text: str
    status: RequestStatus
    reason: str
    cited_as: str | None
    endorsed_by: list[str]
    also_cited: list[str]
    source: DocumentRef | None
    """The stored resolution or report the request was made in."""
    source_line: int | None
    source_link: str | None
    """The stored document's page, else the official document by its symbol."""
    responses: list[ResponseView]


class RequestsPage(View):
    mission: MissionRef
    only_open: bool
    counts: dict[str, int]
    """Of every request of the mission, by status."""
    requests: list[RequestView]
    page: str
    api: str


def _document(snapshot: Snapshot, key: DocumentKey) -> DocumentRef:
    return ref(snapshot.summary(key))


def _item(snapshot: Snapshot, item: TrackedRequest) -> RequestView:
    source = item.source
    stored = _document(snapshot, source.document) if source.document else None
    link = (stored.page if stored else
            f"{OFFICIAL_DOCUMENTS}{quote(source.symbol)}" if source.symbol else None)
    return RequestView(
        key=item.key, anchor=anchor("request", item.key), label=source.label,
        body=source.body, body_label=BODY_LABELS.get(source.body, source.body),
        symbol=source.symbol, paragraph=source.paragraph, period=item.period,
        period_inferred=item.period_inferred, heading=item.heading, text=item.text,
        status=item.status, reason=item.reason, cited_as=source.cited_as,
        endorsed_by=list(source.endorsed_by), also_cited=list(source.also_cited),
        source=stored, source_line=source.source_line, source_link=link,
        responses=[ResponseView(
            document=_document(snapshot, r.document),
            page=document_path(r.document, "tables") + "#follow-up",
            source_line=r.source_line, request=r.request, action=r.action,
            pending=r.pending) for r in item.responses])


def tracked(snapshot: Snapshot, mission: str) -> tuple[TrackedRequest, ...]:
    """The mission's requests, read once per state of the store."""
    def build() -> tuple[TrackedRequest, ...]:
        return requests_of(mission, snapshot.mission_summaries(mission), lambda s: (
            snapshot.document_parts(DocumentKey(mission=s.mission, period=s.period,
                                                kind=s.kind), *REQUEST_PARTS)))
    return snapshot.memo(("requests", mission), build, precise=True)


def requests_view(snapshot: Snapshot, mission: str, only_open: bool = False) -> RequestsPage:
    items = tracked(snapshot, mission)
    counts = Counter(item.status.value for item in items)
    shown = open_requests(items) if only_open else items
    return RequestsPage(
        mission=mission_ref(snapshot, mission), only_open=only_open,
        counts={status.value: counts[status.value] for status in RequestStatus},
        requests=[_item(snapshot, item) for item in shown],
        page=f"{mission_path(mission)}/requests",
        api=f"{API}{mission_path(mission)}/requests")


page = APIRouter(route_class=ReadRoute)
api = APIRouter(route_class=ReadRoute)


@page.get("/missions/{mission}/requests", response_class=HTMLResponse)
def requests_page(request: Request, mission: str,
                  only_open: bool = Query(False, alias="open"),
                  user: User | None = Depends(reader)) -> HTMLResponse:
    code = parse_mission(mission)
    snapshot = services(request).library.snapshot()
    view = snapshot.memo(("requests-page", code, only_open),
                         lambda: requests_view(snapshot, code, only_open), precise=True)
    return render(request, "requests.html", view)


@api.get("/missions/{mission}/requests", name="mission_requests",
         response_model=RequestsPage, responses=responses(400, 401, 404, 422),
         dependencies=READ, summary="Requests of the Assembly and the Committee followed up",
         description="Each request of a General Assembly resolution or recommendation of "
                     "the Advisory Committee made of the mission or followed up in its "
                     "reports, with the responses found in later reports and a status "
                     "(`responded`, `partly`, `no response found`); `open=true`: those "
                     "not responded.")
def requests_json(request: Request, mission: str,
                  only_open: bool = Query(False, alias="open")) -> Response:
    code = parse_mission(mission)
    snapshot = services(request).library.snapshot()
    return respond(request, cached_body(request, ("requests", code, only_open), lambda: dump(
        requests_view(snapshot, code, only_open))))
