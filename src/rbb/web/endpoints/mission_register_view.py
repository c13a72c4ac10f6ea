"""The mission register: every peacekeeping operation since 1948 and the budgets
reported like them (docs/missions.md). A page and the API list it; the API shows one
entry with its stored documents; admins edit an entry through the API (the CLI's
``rbb missions edit`` does the same)."""

from __future__ import annotations

from datetime import datetime

from fastapi import APIRouter, Depends, Query, Request, Response
from fastapi.responses import HTMLResponse
from pydantic import BaseModel, ConfigDict, Field

from rbb.model import Mission
from rbb.model.errors import NotFoundError
from rbb.services.account_service import User
from rbb.services.mission_register_service import MissionFacts, MissionRegisterService

from ..admission import ReadRoute
from ..context import api_write, reader, register_admin, services
from ..json_bodies import dump, respond
from ..library import Snapshot
from ..paths import API, parse_mission
from ..problems import responses
from ..templating import render
from ..view_basics import DocumentRef, View, ref
from .keyed_routes import READ, READ_ERRORS
from .login_account_view import SECURED

REGISTER_PAGE = 100
"""Entries a page of the register shows (71 operations and the support budgets fit on
one; provisional entries grow with the reports read)."""
STATES = ("all", "active", "closed")
WRITE = [Depends(register_admin), Depends(api_write)]
WRITE_ERRORS = responses(400, 401, 403, 404, 422)


class RegisterEntry(View):
    mission: Mission
    page: str


class RegisterPage(View):
    entries: list[RegisterEntry]
    state: str
    total: int
    offset: int
    previous_page: str | None
    next_page: str | None


class RegisterFacts(View):
    mission: Mission
    page: str
    documents: list[DocumentRef]
    edited_at: datetime | None = None
    edited_by: str | None = None


class RegisterEdit(BaseModel):
    """The facts to change; a field left out stays, an empty text clears it."""

    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [{
        "headquarters": "Juba", "end": None}]})

    name: str | None = Field(None, max_length=300)
    other_names: list[str] | None = Field(None, max_length=20)
    headquarters: str | None = Field(None, max_length=300)
    start: str | None = Field(None, max_length=7)
    end: str | None = Field(None, max_length=7)
    establishing_resolution: str | None = Field(None, max_length=300)


def _active(state: str) -> bool | None:
    return {"active": True, "closed": False}.get(state)


def register_page(snapshot: Snapshot, register: MissionRegisterService, state: str,
                  offset: int) -> RegisterPage:
    missions = snapshot.memo(("register", state), lambda: register.missions(
        active=_active(state)))
    shown = missions[offset:offset + REGISTER_PAGE]
    following = offset + REGISTER_PAGE
    query = f"state={state}&" if state != "all" else ""
    return RegisterPage(
        entries=[RegisterEntry(mission=m, page=f"/missions/{m.code}") for m in shown],
        state=state, total=len(missions), offset=offset,
        previous_page=f"/missions?{query}offset={max(0, offset - REGISTER_PAGE)}"
        if offset else None,
        next_page=f"/missions?{query}offset={following}" if following < len(missions) else None)


def register_facts(snapshot: Snapshot, register: MissionRegisterService,
                   code: str) -> RegisterFacts:
    """An entry and its documents (read once per state of the store: an edit or a stored
    document changes the store's version)."""
    found: MissionFacts = snapshot.memo(("register-entry", code), lambda: register.facts(code))
    return RegisterFacts(mission=found.mission, page=f"/missions/{found.mission.code}",
                         documents=[ref(s) for s in found.documents],
                         edited_at=found.edited_at, edited_by=found.edited_by)


def _state(state: str) -> str:
    if state not in STATES:
        raise NotFoundError(f"{state[:20]!r} is not a state of the register "
                            f"(expected {', '.join(STATES)})")
    return state


page = APIRouter(route_class=ReadRoute)
api = APIRouter(route_class=ReadRoute)


@page.get("/missions", response_class=HTMLResponse)
def register_html(request: Request, state: str = Query("all", max_length=10),
                  offset: int = Query(0, ge=0, le=1_000_000),
                  user: User | None = Depends(reader)) -> HTMLResponse:
    app = services(request)
    return render(request, "register.html", register_page(
        app.library.snapshot(), app.register, _state(state), offset))


@api.get("/register", name="register", response_model=RegisterPage, responses=READ_ERRORS,
         dependencies=READ, summary="The mission register: every operation since 1948 and "
                                    "the support budgets, a page of them",
         description="`state` is all, active or closed; entries are in the order of the "
                     "list of operations (by start). Provisional entries are missions read "
                     "from a report that the register does not hold.")
def register_json(request: Request, state: str = Query("all", max_length=10),
                  offset: int = Query(0, ge=0, le=1_000_000)) -> Response:
    app = services(request)
    return respond(request, dump(register_page(app.library.snapshot(), app.register,
                                               _state(state), offset), RegisterPage))


@api.get("/register/{mission}", name="register_entry", response_model=RegisterFacts,
         responses=READ_ERRORS, dependencies=READ,
         summary="One entry of the mission register, with its stored documents")
def register_entry_json(request: Request, mission: str) -> Response:
    app = services(request)
    return respond(request, dump(register_facts(app.library.snapshot(), app.register,
                                                parse_mission(mission)), RegisterFacts))


@api.patch("/register/{mission}", name="edit_register_entry", response_model=RegisterFacts,
           responses=WRITE_ERRORS, dependencies=WRITE, openapi_extra={"security": SECURED},
           summary="Edit an entry of the mission register (admins)",
           description="The fields given replace the entry's; an empty text clears a fact. "
                       "The whole entry is checked again (an end before the start is 400). "
                       "Seeding the register again keeps the edit.")
def edit_register_json(request: Request, mission: str, body: RegisterEdit,
                       user: User = Depends(register_admin)) -> Response:
    app = services(request)
    changes = body.model_dump(exclude_unset=True)
    app.register.edit(parse_mission(mission), changes, by=user.username)
    app.library.invalidate()
    facts = register_facts(app.library.snapshot(), app.register, parse_mission(mission))
    return Response(dump(facts, RegisterFacts), media_type="application/json",
                    headers={"Cache-Control": "no-store", "Location": f"{API}/register/"
                             f"{facts.mission.code}"})
