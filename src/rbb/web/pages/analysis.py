"""Compare two periods or documents; the findings of the checks; downloads."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import HTMLResponse, Response

from rbb.model import Stage
from rbb.model.errors import NotFoundError
from rbb.storage.accounts import User

from ..context import reader, services
from ..downloads import download_list, download_response
from ..paths import parse_key
from ..templating import render
from ..views.checks import checks_view
from ..views.common import ref
from ..views.compare import choices, compare_view

router = APIRouter()


def parse_stage(text: str | None) -> Stage | None:
    if not text:
        return None
    try:
        return Stage(text)
    except ValueError:
        raise NotFoundError(f"{text[:40]!r} is not a stage of the budget cycle") from None


@router.get("/compare", response_class=HTMLResponse)
def compare(request: Request, a: str = Query("", max_length=80),
            b: str = Query("", max_length=80), stage: str = Query("", max_length=40),
            user: User | None = Depends(reader)) -> HTMLResponse:
    snapshot = services(request).library.snapshot()
    if not a or not b:
        return render(request, "compare.html", None, options=choices(snapshot), a=a, b=b,
                      stages=list(Stage))
    chosen = parse_stage(stage)
    view = snapshot.memo(("compare", a, b, chosen), lambda: compare_view(snapshot, a, b, chosen))
    return render(request, "compare.html", view, options=view.choices, a=a, b=b,
                  stages=list(Stage))


@router.get("/checks", response_class=HTMLResponse)
def checks(request: Request, severity: str = Query("", max_length=20),
           section: str = Query("", max_length=200),
           document: list[str] = Query([], max_length=20),
           user: User | None = Depends(reader)) -> HTMLResponse:
    snapshot = services(request).library.snapshot()
    view = checks_view(snapshot, severity=severity or None, section=section or None,
                       documents=document)
    template = "checks_results.html" if request.headers.get("hx-request") == "true" \
        else "checks.html"
    return render(request, template, view)


@router.get("/missions/{mission}/{period}/{kind}/downloads", response_class=HTMLResponse)
def downloads(request: Request, mission: str, period: str, kind: str,
              user: User | None = Depends(reader)) -> HTMLResponse:
    key = parse_key(mission, period, kind)
    snapshot = services(request).library.snapshot()
    document = ref(snapshot.document(key))
    return render(request, "downloads.html", {"document": document,
                                              "files": download_list(key)})


@router.get("/missions/{mission}/{period}/{kind}/download/{name}")
def download(request: Request, mission: str, period: str, kind: str, name: str,
             user: User | None = Depends(reader)) -> Response:
    key = parse_key(mission, period, kind)
    snapshot = services(request).library.snapshot()
    return download_response(snapshot, key, name)
