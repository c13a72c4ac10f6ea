"""Log in and out; a user's own account: password and API tokens; ``/me`` in the API.

Verifying a password (argon2) is CPU-bound by design: the form is read on the event
loop and the verification runs in the thread pool, so a burst of logins never stalls
other requests.
"""

from __future__ import annotations

from fastapi import APIRouter, Depends, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from pydantic import BaseModel

from rbb.model.errors import InputError
from rbb.services.account_service import MAX_PASSWORD, User

from ..admission import ReadRoute
from ..context import Services, asking_user, csrf_form, current_user, services
from ..json_bodies import dump
from ..problems import LoginRequired, Problem, responses
from ..security import client_address
from ..templating import render

page = APIRouter(route_class=ReadRoute)
api = APIRouter(route_class=ReadRoute)
SECURED: list[dict[str, list[str]]] = [{"bearerToken": []}, {"sessionCookie": [], "csrfHeader": []}]
"""The OpenAPI security of a write: an API token, or a session with its CSRF header."""


def safe_next(target: str | None) -> str:
    """Only a path of this site: never ``//elsewhere`` or ``https://elsewhere``."""
    if not target or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return "/"
    return target[:500]


async def _field(request: Request, name: str, limit: int = 200) -> str:
    value = (await request.form()).get(name)
    return value[:limit] if isinstance(value, str) else ""


@page.get("/login", response_class=HTMLResponse)
def login_form(request: Request, next: str = "/") -> HTMLResponse:
    return render(request, "login.html", None, cache=False, next=safe_next(next), message=None)


@page.post("/login", dependencies=[Depends(csrf_form)])
async def login(request: Request) -> Response:
    app = services(request)
    username = (await _field(request, "username", 64)).strip().lower()
    password = await _field(request, "password", MAX_PASSWORD + 1)
    target = safe_next(await _field(request, "next", 500))
    keys = (f"user:{username}",
            f"client:{client_address(request, app.settings.trusted_proxies)}")
    # argon2 and the store's counters block: off the event loop.
    user, wait = await run_in_threadpool(_attempt, app, keys, username, password)
    if wait is not None:
        raise Problem(429, f"too many failed logins; try again in {wait} seconds",
                      headers={"Retry-After": str(wait)})
    if user is None:
        return render(request, "login.html", None, status=401, cache=False, next=target,
                      message="wrong user name or password")
    response = RedirectResponse(target, status_code=303)
    await run_in_threadpool(app.auth.start_session, response, user)
    return response


def _attempt(app: Services, keys: tuple[str, str], username: str,
             password: str) -> tuple[User | None, int | None]:
    """The user, or None and counted as a failure; or the seconds to wait first."""
    wait = app.auth.limiter.retry_after(*keys)
    if wait is not None:
        return None, wait
    user = app.accounts.authenticate(username, password) if username and password else None
    if user is None:
        app.auth.limiter.fail(*keys)
    else:
        app.auth.limiter.clear(keys[0])
    return user, None


@page.post("/logout", dependencies=[Depends(csrf_form)])
def logout(request: Request) -> RedirectResponse:
    response = RedirectResponse("/", status_code=303)
    services(request).auth.end_session(request, response)
    return response


async def _signed_in(request: Request) -> User:
    user = await asking_user(request)
    if user is None:
        raise LoginRequired("log in to see your account")
    return user


@page.get("/account", response_class=HTMLResponse)
def account(request: Request, user: User = Depends(_signed_in)) -> HTMLResponse:
    return _account_page(request, user)


def _account_page(request: Request, user: User, *, status: int = 200,
                  new_token: str | None = None, message: str | None = None) -> HTMLResponse:
    tokens = services(request).accounts.tokens(user.username)
    return render(request, "account.html", None, status=status, cache=False, account=user,
                  tokens=tokens, new_token=new_token, message=message)


@page.post("/account/tokens", response_class=HTMLResponse,
           dependencies=[Depends(_signed_in), Depends(csrf_form)])
async def create_token(request: Request, user: User = Depends(_signed_in)) -> HTMLResponse:
    name = await _field(request, "name", 100)
    try:
        _, secret = await run_in_threadpool(services(request).accounts.create_token,
                                            user.username, name)
    except InputError as error:
        return _account_page(request, user, status=400, message=str(error))
    return _account_page(request, user, new_token=secret)


@page.post("/account/tokens/{token_id}/revoke",
           dependencies=[Depends(_signed_in), Depends(csrf_form)])
def revoke_token(request: Request, token_id: int,
                 user: User = Depends(_signed_in)) -> RedirectResponse:
    services(request).accounts.revoke_token(user.username, token_id)
    return RedirectResponse("/account", status_code=303)


@page.post("/account/password", response_class=HTMLResponse,
           dependencies=[Depends(_signed_in), Depends(csrf_form)])
async def change_password(request: Request, user: User = Depends(_signed_in)) -> Response:
    app = services(request)
    current = await _field(request, "current", MAX_PASSWORD + 1)
    new = await _field(request, "new", MAX_PASSWORD + 1)
    # A wrong current password counts as a failed login: a stolen session may not
    # guess the password without limit.
    keys = (f"user:{user.username}",
            f"client:{client_address(request, app.settings.trusted_proxies)}")
    checked, wait = await run_in_threadpool(_attempt, app, keys, user.username, current)
    if wait is not None:
        raise Problem(429, f"too many failed logins; try again in {wait} seconds",
                      headers={"Retry-After": str(wait)})
    if checked is None:
        return _account_page(request, user, status=400,
                             message="the current password is not right")
    try:
        await run_in_threadpool(app.accounts.set_password, user.username, new)
    except InputError as error:
        return _account_page(request, user, status=400, message=str(error))
    response = RedirectResponse("/account", status_code=303)
    await run_in_threadpool(app.auth.start_session, response, user)
    return response


class Me(BaseModel):
    username: str
    role: str


@api.get("/me", response_model=Me, responses=responses(401),
         summary="Who the request is authenticated as", openapi_extra={"security": SECURED})
def me(request: Request) -> Response:
    user = current_user(request)
    if user is None:
        raise LoginRequired("no session cookie or API token was sent, or it has expired")
    return Response(dump(Me(username=user.username, role=user.role.value)),
                    media_type="application/json", headers={"Cache-Control": "no-store"})
