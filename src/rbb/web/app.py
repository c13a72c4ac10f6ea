"""Application factory: one FastAPI app per store."""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from sqlalchemy import Engine

from rbb.storage import DocumentStore

from .format import thousands
from .views import home_view

HERE = Path(__file__).parent
templates = Jinja2Templates(directory=str(HERE / "templates"))
templates.env.filters["thousands"] = thousands


def create_app(engine: Engine) -> FastAPI:
    store = DocumentStore(engine)
    app = FastAPI(title="rbb", docs_url=None, redoc_url=None, openapi_url=None)
    app.mount("/static", StaticFiles(directory=str(HERE / "static")), name="static")

    @app.get("/", response_class=HTMLResponse)
    def home(request: Request) -> HTMLResponse:
        return templates.TemplateResponse(request, "index.html", home_view(store))

    return app
