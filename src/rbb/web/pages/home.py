"""The home page, a mission's page and the overview of a mission and period."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, PlainTextResponse

from rbb.storage.accounts import User

from ..context import reader, services
from ..paths import parse_mission, parse_period_slug
from ..templating import render
from ..views.overview import home_view, mission_ref, overview_view, period_entries

router = APIRouter()


@router.get("/", response_class=HTMLResponse)
def home(request: Request, user: User | None = Depends(reader)) -> HTMLResponse:
    return render(request, "index.html", home_view(services(request).library.snapshot()))


@router.get("/healthz", response_class=PlainTextResponse)
def health() -> PlainTextResponse:
    return PlainTextResponse("ok\n", headers={"Cache-Control": "no-store"})


@router.get("/missions/{mission}", response_class=HTMLResponse)
def mission_page(request: Request, mission: str,
                 user: User | None = Depends(reader)) -> HTMLResponse:
    code = parse_mission(mission)
    snapshot = services(request).library.snapshot()
    return render(request, "mission.html", {"mission": mission_ref(snapshot, code),
                                            "periods": period_entries(snapshot, code)})


@router.get("/missions/{mission}/{period}", response_class=HTMLResponse)
def overview(request: Request, mission: str, period: str,
             user: User | None = Depends(reader)) -> HTMLResponse:
    snapshot = services(request).library.snapshot()
    view = snapshot.memo(("overview", mission, period), lambda: overview_view(
        snapshot, parse_mission(mission), parse_period_slug(period)))
    return render(request, "overview.html", view)
