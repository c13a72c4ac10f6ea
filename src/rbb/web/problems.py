"""One error shape: every failure becomes a ``Problem`` and is shown in one place —
``application/problem+json`` (RFC 9457) under ``/api``, an HTML page elsewhere."""

from __future__ import annotations

import json
import logging
from collections.abc import Callable, Mapping
from http import HTTPStatus
from typing import Any
from urllib.parse import quote

from fastapi import Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import RedirectResponse, Response
from pydantic import BaseModel, ConfigDict, Field
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException as StarletteHTTPException

from rbb.model.errors import (
    BusyError,
    InputError,
    MergeConflictError,
    NotFoundError,
    NotYetAvailableError,
    PermissionDeniedError,
    RbbError,
    StaleRevisionError,
    TooLargeError,
)

from .paths import API

PROBLEM_JSON = "application/problem+json"
log = logging.getLogger("rbb.web")


class Problem(Exception):  # noqa: N818 (RFC 9457 calls it a problem)
    """An error a visitor or a script sees: status, title and a plain explanation."""

    def __init__(self, status: int, detail: str, *, title: str | None = None,
                 extras: Mapping[str, Any] | None = None,
                 headers: Mapping[str, str] | None = None) -> None:
        super().__init__(detail)
        self.status = status
        self.title = title or HTTPStatus(status).phrase
        self.detail = detail
        self.extras = dict(extras or {})
        self.headers = dict(headers or {})

    def body(self, instance: str) -> dict[str, Any]:
        return {"type": "about:blank", "title": self.title, "status": self.status,
                "detail": self.detail, "instance": instance, **self.extras}


class LoginRequired(Problem):
    def __init__(self, detail: str = "log in to see this") -> None:
        super().__init__(401, detail, headers={"WWW-Authenticate": 'Bearer realm="rbb"'})


class Forbidden(Problem):
    def __init__(self, detail: str) -> None:
        super().__init__(403, detail)


class ProblemDetails(BaseModel):
    """The body of every API error (RFC 9457)."""

    model_config = ConfigDict(extra="allow", json_schema_extra={"examples": [{
        "type": "about:blank", "title": "Not Found", "status": 404,
        "detail": "no budget document for UNMIK 2030/31 is stored",
        "instance": "/api/v1/documents/UNMIK/2030-31/budget"}]})

    type: str = "about:blank"
    title: str
    status: int
    detail: str
    instance: str | None = None
    errors: list[dict[str, Any]] | None = Field(
        default=None, description="What was wrong, item by item (validation, import "
                                  "diagnostics)")


def as_problem(error: Exception) -> Problem:
    """The problem an exception stands for; unexpected ones become a bare 500."""
    if isinstance(error, Problem):
        return error
    if isinstance(error, NotFoundError):
        return Problem(404, str(error))
    if isinstance(error, NotYetAvailableError):
        return Problem(503, str(error), title="Not yet available",
                       headers={"Retry-After": "3600"})
    if isinstance(error, TooLargeError):
        return Problem(413, str(error))
    if isinstance(error, BusyError):
        return Problem(429, str(error), headers={"Retry-After": "30"})
    if isinstance(error, MergeConflictError):
        return Problem(409, str(error), extras={
            "based_on": error.based_on, "head": error.head,
            "conflicts": [{"path": c.path, "label": c.label, "base": c.base,
                           "mine": c.mine, "theirs": c.theirs} for c in error.conflicts]})
    if isinstance(error, StaleRevisionError):
        return Problem(409, str(error), extras={"based_on": error.based_on,
                                                "head": error.head})
    if isinstance(error, PermissionDeniedError):
        return Problem(403, str(error))
    if isinstance(error, InputError):
        return Problem(400, str(error))
    if isinstance(error, RbbError):
        return Problem(400, str(error))
    if isinstance(error, RequestValidationError):
        errors = [{"location": ".".join(str(p) for p in e.get("loc", ())),
                   "message": str(e.get("msg", ""))} for e in error.errors()]
        first = errors[0] if errors else {"location": "", "message": ""}
        return Problem(422, f"{first['location']}: {first['message']}".strip(": ")
                       or "the request does not fit", extras={"errors": errors[:20]})
    if isinstance(error, StarletteHTTPException):
        headers = dict(error.headers or {})
        detail = error.detail if isinstance(error.detail, str) else HTTPStatus(
            error.status_code).phrase
        if error.status_code == 404 and detail == "Not Found":
            detail = "there is nothing at this address"
        return Problem(error.status_code, detail, headers=headers)
    log.exception("unexpected error", exc_info=error)
    return Problem(500, "something went wrong on the server; the error has been logged")


def problem_response(request: Request, problem: Problem) -> Response:
    raw = request.scope.get("raw_path")
    instance = raw.decode("latin-1") if isinstance(raw, bytes) else request.url.path
    text = json.dumps(problem.body(instance), ensure_ascii=False)
    # Never a tag in an error body, even one a client might show as HTML.
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    body = text.encode("utf-8")
    return Response(body, status_code=problem.status, media_type=PROBLEM_JSON,
                    headers={**problem.headers, "Cache-Control": "no-store"})


HtmlRenderer = Callable[[Request, Problem], Response]


def is_api(request: Request) -> bool:
    return request.url.path == API or request.url.path.startswith(API + "/")


def install(app: Any, render_html: HtmlRenderer | None) -> None:
    """Register the one handler for every error the app can meet."""

    async def handle(request: Request, error: Exception) -> Response:
        problem = as_problem(error)
        if render_html is None or is_api(request):
            return problem_response(request, problem)
        if isinstance(problem, LoginRequired) and request.method in ("GET", "HEAD"):
            target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
            return RedirectResponse(f"/login?next={quote(target)}", status_code=303,
                                    headers={"Cache-Control": "no-store"})
        # In the thread pool: the page asks who is signed in (a query) and renders.
        return await run_in_threadpool(render_html, request, problem)

    for kind in (Problem, RbbError, RequestValidationError, StarletteHTTPException, Exception):
        app.add_exception_handler(kind, handle)


def responses(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """OpenAPI entries for the problems a route can answer with."""
    return {status: {"model": ProblemDetails, "description": HTTPStatus(status).phrase}
            for status in statuses}
