"""Users and roles, for admins (the CLI's ``rbb users`` does the same). Pages only:
the API has no user management. Hashing a new password runs in the thread pool."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from rbb.model.errors import InputError
from rbb.services.account_service import MAX_PASSWORD, Role, User, parse_role

from ..admission import ReadRoute
from ..context import admin, csrf_form, services
from ..templating import render

page = APIRouter(prefix="/admin", route_class=ReadRoute)
api = APIRouter(route_class=ReadRoute)


async def _field(request: Request, name: str, limit: int = 200) -> str:
    value = (await request.form()).get(name)
    return value[:limit] if isinstance(value, str) else ""


def _page(request: Request, *, status: int = 200, message: str | None = None) -> HTMLResponse:
    return render(request, "admin_users.html", None, status=status, cache=False,
                  users=services(request).accounts.users(), roles=list(Role), message=message)


@page.get("/users", response_class=HTMLResponse)
def users(request: Request, user: User = Depends(admin)) -> HTMLResponse:
    return _page(request)


@page.post("/users", dependencies=[Depends(admin), Depends(csrf_form)])
async def add_user(request: Request) -> Response:
    username = await _field(request, "username", 64)
    password = await _field(request, "password", MAX_PASSWORD + 1)
    try:
        role = parse_role(await _field(request, "role", 20))
        # argon2 hashing blocks: off the event loop.
        await run_in_threadpool(services(request).accounts.add_user, username, password, role)
    except InputError as error:
        return _page(request, status=400, message=str(error))
    return RedirectResponse("/admin/users", status_code=303)


@page.post("/users/{username}/role", dependencies=[Depends(admin), Depends(csrf_form)])
async def set_role(request: Request, username: str) -> Response:
    try:
        role = parse_role(await _field(request, "role", 20))
        await run_in_threadpool(services(request).accounts.set_role, username[:64], role)
    except InputError as error:
        return _page(request, status=400, message=str(error))
    return RedirectResponse("/admin/users", status_code=303)


@page.post("/users/{username}/remove", dependencies=[Depends(admin), Depends(csrf_form)])
def remove_user(request: Request, username: str) -> Response:
    try:
        services(request).accounts.remove_user(username[:64])
    except InputError as error:
        return _page(request, status=400, message=str(error))
    return RedirectResponse("/admin/users", status_code=303)
