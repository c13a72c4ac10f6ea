"""Downloads of a stored document: the page listing them, each file by its name, and
each format in the API. Rendering a report is CPU-bound; these endpoints are plain
``def`` so FastAPI runs them in the thread pool (``rbb.web.downloads`` renders)."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Request, Response
from fastapi import Path as PathParam
from fastapi.responses import HTMLResponse

from rbb.services.account_service import User

from ..admission import ReadRoute
from ..context import reader, services
from ..downloads import download_list, download_response, file_response, format_named
from ..paths import parse_report_key
from ..problems import responses
from ..templating import render
from ..view_basics import ref
from .keyed_routes import DOC, READ

page = APIRouter(route_class=ReadRoute)
api = APIRouter(route_class=ReadRoute)


@page.get("/missions/{mission}/{period}/{kind}/downloads", response_class=HTMLResponse)
def downloads(request: Request, mission: str, period: str, kind: str,
              user: User | None = Depends(reader)) -> HTMLResponse:
    key = parse_report_key(mission, period, kind, "regenerated report to download")
    snapshot = services(request).library.snapshot()
    document = ref(snapshot.document(key))
    return render(request, "downloads.html", {"document": document,
                                              "files": download_list(key)})


@page.get("/missions/{mission}/{period}/{kind}/download/{name}")
def download(request: Request, mission: str, period: str, kind: str, name: str,
             user: User | None = Depends(reader)) -> Response:
    key = parse_report_key(mission, period, kind, "regenerated report to download")
    snapshot = services(request).library.snapshot()
    return download_response(snapshot, key, name)


FORMAT_NAME = r"^[a-z][a-z0-9-]{0,31}$"
FORMATS_SAID = ("A report format (html, docx, pdf, md, or one a plugin adds: the clean "
                "report, as sent for submission), the same followed by `-annotated` (the "
                "reviewer's copy: the check findings marked, noted and listed in an annex), "
                "or a data format (json, facts, datapackage); an unknown name is 404.")


@api.get(DOC + "/downloads/{format}", name="download", responses={
    200: {"description": "The file", "content": {
        "application/pdf": {}, "application/json": {}, "application/zip": {},
        "text/html": {}, "text/markdown": {}, "text/csv": {},
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document": {}}},
    **responses(400, 401, 404, 422, 503)}, dependencies=READ,
    summary="A report (html, docx, pdf, md; clean, or `pdf-annotated`...), the canonical "
            "JSON, facts CSV or data package",
    response_class=Response)
def download_file(request: Request, mission: str, period: str, kind: str,
                  format: str = PathParam(pattern=FORMAT_NAME, examples=["pdf"],
                                          description=FORMATS_SAID)) -> Response:
    key = parse_report_key(mission, period, kind, "regenerated report to download")
    snapshot = services(request).library.snapshot()
    return file_response(snapshot, key, format_named(format))
