"""Findings, comparisons and report downloads."""

from __future__ import annotations

from enum import StrEnum

from fastapi import APIRouter, Depends, Query, Request, Response

from rbb.model import Severity, Stage

from ..context import reader, services
from ..downloads import file_response, format_named
from ..paths import key_slug, parse_key
from ..problems import responses
from ..views.checks import checks_view
from ..views.common import FindingView
from ..views.compare import Comparison, compare_view
from .responses import cached_body, dump, respond

router = APIRouter(dependencies=[Depends(reader)])
DOC = "/documents/{mission}/{period}/{kind}"



class DownloadFormat(StrEnum):
    HTML = "html"
    DOCX = "docx"
    PDF = "pdf"
    MD = "md"
    JSON = "json"
    FACTS = "facts"
    DATAPACKAGE = "datapackage"


@router.get("/findings", response_model=list[FindingView],
            responses=responses(400, 401, 404, 422, 503),
            summary="Findings of `rbb check` over every stored document",
            description="503 while the checks engine is not part of this build.")
def findings(request: Request, severity: Severity | None = None,
             section: str | None = Query(None, max_length=200),
             document: list[str] = Query([], examples=[["UNMIK-2025-26-budget"]])) -> Response:
    snapshot = services(request).library.snapshot()
    view = checks_view(snapshot, severity=severity.value if severity else None,
                       section=section, documents=document[:20])
    if not view.available:
        snapshot.findings()  # raises the 503 problem
    return respond(request, dump(view.findings, list[FindingView]))


@router.get(DOC + "/findings", response_model=list[FindingView],
            responses=responses(400, 401, 404, 422, 503), summary="Findings of one document")
def document_findings(request: Request, mission: str, period: str, kind: str,
                      severity: Severity | None = None) -> Response:
    key = parse_key(mission, period, kind)
    snapshot = services(request).library.snapshot()
    snapshot.summary(key)
    snapshot.findings()
    view = checks_view(snapshot, severity=severity.value if severity else None,
                       documents=[key_slug(key)])
    return respond(request, dump(view.findings, list[FindingView]))


@router.get("/compare", response_model=Comparison, responses=responses(400, 401, 404, 422),
            summary="Two periods or two documents side by side",
            description="A side is a period (`UNMIK-2024-25`) or a document "
                        "(`UNMIK-2025-26-budget`).")
def compare(request: Request,
            a: str = Query(..., max_length=80, examples=["UNMIK-2024-25"]),
            b: str = Query(..., max_length=80, examples=["UNMIK-2025-26-budget"]),
            stage: Stage | None = None) -> Response:
    snapshot = services(request).library.snapshot()
    return respond(request, cached_body(request, ("compare", a, b, stage), lambda: dump(
        compare_view(snapshot, a, b, stage))))


@router.get(DOC + "/downloads/{format}", responses={
    200: {"description": "The file", "content": {
        "application/pdf": {}, "application/json": {}, "application/zip": {},
        "text/html": {}, "text/markdown": {}, "text/csv": {},
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document": {}}},
    **responses(400, 401, 404, 422, 503)},
    summary="A report (html, docx, pdf, md), the canonical JSON, facts CSV or data package",
    response_class=Response)
def download(request: Request, mission: str, period: str, kind: str,
             format: DownloadFormat) -> Response:
    key = parse_key(mission, period, kind)
    snapshot = services(request).library.snapshot()
    return file_response(snapshot, key, format_named(format.value))
