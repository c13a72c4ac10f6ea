"""Jinja2 templates, their filters (every figure goes through
``rbb.presentation``) and the one function that renders a page."""

from __future__ import annotations

import html
from collections.abc import Iterable
from decimal import Decimal
from functools import lru_cache
from pathlib import Path
from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates
from jinja2 import Environment, FileSystemLoader, pass_context, select_autoescape
from jinja2.runtime import Context
from markupsafe import Markup
from pydantic import BaseModel

from rbb.model import DocumentKind, Stage
from rbb.presentation import (
    THIN_SPACE,
    format_amount,
    format_count,
    format_percentage,
    places_of,
)

from .context import current_user, services
from .page_cache import current_reading, page_key
from .paths import KIND_NAMES, asset
from .problems import Problem
from .view_basics import STAGE_LABELS

HERE = Path(__file__).parent
templates = Jinja2Templates(env=Environment(
    loader=FileSystemLoader(HERE / "templates"), autoescape=select_autoescape(),
    auto_reload=False))
"""Templates are compiled once per process: ``auto_reload`` would look at every template
file a page uses (its layout and includes) on every request that renders it."""
HTMX = "vendor/htmx-2.0.11.min.js"


FORMATTED = 65_536
"""Figures whose printed text is remembered: a figure's text is a function of its value
alone (one decimal, the page's separator), and a money table prints the same few
hundred figures on every request that shows it."""


@lru_cache(maxsize=FORMATTED)
def _amount_text(value: Decimal | None) -> str:
    return format_amount(value, separator=THIN_SPACE)


@lru_cache(maxsize=FORMATTED)
def _percentage_text(value: Decimal | None) -> str:
    return format_percentage(value, separator=THIN_SPACE)


def amount(value: Decimal | None, printed: bool = True) -> str:
    """Thousands of dollars: ``36 682.0``, ``(119.7)``, ``—``; no cell: empty."""
    return _amount_text(value) if printed else ""


def percentage(value: Decimal | None, printed: bool = True) -> str:
    return _percentage_text(value) if printed else ""


def number_cells(texts: Iterable[str]) -> Markup:
    """A table row's figures as ``<td class="num">`` cells, each escaped: one string for
    the row rather than a template expression per cell, whose escaping was a third of
    the time of rendering a money table."""
    return Markup("".join(f'<td class="num">{html.escape(text, quote=False)}</td>'
                          for text in texts))


def count(value: int | Decimal | None) -> str:
    """Posts and persons; an average that is not whole keeps its decimals."""
    if isinstance(value, Decimal) and value != value.to_integral_value():
        return format_amount(value, separator=",", places=max(1, places_of(value)))
    return format_count(None if value is None else int(value))


def figure(value: Decimal | int | None) -> str:
    """A figure as exact as it was printed or computed: ``112``, ``0.1``, ``146 487``."""
    if value is None:
        return ""
    value = Decimal(value)
    return format_amount(value, places=places_of(value), separator=THIN_SPACE, nil="0")


def signed_figure(value: Decimal | int | None) -> str:
    """A change of a count or a rate, as exact as it was computed: ``+1``, ``(1.2)``."""
    if value is None:
        return ""
    text = figure(value)
    return f"+{text}" if value > 0 else text


def driver(value: Decimal | None) -> str:
    """A cost driver's value: as exact as given, but at most four decimals (a calibrated
    unit cost keeps 40)."""
    if value is None:
        return ""
    return format_amount(value, places=min(places_of(value), 4), separator=THIN_SPACE,
                         nil="0")


def cell(value: Any, kind: str) -> str:
    if isinstance(value, Decimal):
        if kind == "amount":
            return amount(value)
        if kind == "percentage":
            return percentage(value)
        return count(value) if kind == "number" else format(value, "f")
    if value is None:
        return ""
    return str(value)


def stage_label(stage: Stage | str | None) -> str:
    if stage is None:
        return ""
    return STAGE_LABELS.get(Stage(stage), str(stage))


def signed_amount(value: Decimal | None) -> str:
    """A difference: ``+2 360.6`` or ``(119.7)``."""
    if value is None:
        return ""
    text = amount(value)
    return f"+{text}" if value > 0 else text


def kind_name(kind: DocumentKind | str | None) -> str:
    """``budget report``, ``report of the Advisory Committee``, ``resolution of the
    General Assembly``: a kind in words, without its article."""
    if kind is None:
        return "document"
    return KIND_NAMES[DocumentKind(kind)].split(" ", 1)[1]


templates.env.filters.update(amount=amount, percentage=percentage, count=count, cell=cell,
                             figure=figure, driver=driver, kind_name=kind_name,
                             stage_label=stage_label, signed_amount=signed_amount,
                             signed_figure=signed_figure)


@pass_context
def url_for(context: Context, name: str, /, **path_params: Any) -> str:
    """Starlette's ``url_for`` gives an absolute URL built from the request's Host header;
    pages are cached and shared, so theirs is the path alone."""
    request: Request = context["request"]
    return str(request.app.url_path_for(name, **path_params))


templates.env.globals.update(htmx=HTMX, asset=asset, url_for=url_for)


def render(request: Request, name: str, view: BaseModel | dict[str, Any] | None = None,
           *, status: int = 200, cache: bool = True, **extra: Any) -> HTMLResponse:
    """Render a page for this visitor. A page an anonymous visitor sees is the same
    for everyone, so it is kept with what it read of the store and served again
    while that is unchanged (``page_cache``)."""
    app = services(request)
    user = current_user(request)
    read = current_reading() if cache and user is None else None
    context: dict[str, Any] = {"view": view, "user": user, "settings": app.settings,
                               "csrf_token": lambda: app.auth.csrf_token(request),
                               "partial": request.headers.get("hx-request") == "true", **extra}
    if isinstance(view, dict):
        context.update(view)
    response = templates.TemplateResponse(request, name, context, status_code=status,
                                          headers=_headers(user))
    app.auth.set_csrf_cookie(request, response)
    if read is not None and status == 200 and not getattr(request.state, "csrf_used", False):
        key = page_key(request.headers.get("host", ""), request.url.path,
                       request.url.query, request.headers.get("hx-request", ""))
        app.library.pages.keep(key, bytes(response.body), read)
    return response


def _headers(user: object) -> dict[str, str]:
    return {"Vary": "Cookie, HX-Request",
            "Cache-Control": "no-cache" if user is None else "private, no-cache"}


def error_page(request: Request, problem: Problem) -> HTMLResponse:
    response = render(request, "error.html", None, status=problem.status, cache=False,
                      problem=problem)
    for name, value in problem.headers.items():
        response.headers[name] = value
    return response
