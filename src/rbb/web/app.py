"""Application factory: one FastAPI app per store.

``create_app(engine)`` is what ``rbb serve`` and the tests call; settings come
from the environment unless given (docs/web.md, "Settings"). ``app_from_environment``
is the factory each process of ``rbb serve --workers N`` calls.
"""

from __future__ import annotations

import datetime as dt
import gc
import os
import re
from collections.abc import AsyncIterator, Callable
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from pathlib import Path

import anyio.to_thread
from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles
from sqlalchemy import Engine
from starlette.middleware.trustedhost import TrustedHostMiddleware

from rbb.services.account_service import open_accounts
from rbb.services.background_work import WorkQueue
from rbb.services.document_service import DocumentService
from rbb.services.execution_records import ExecutionRecordsService
from rbb.services.execution_service import ExecutionSource, StoredLedger
from rbb.services.import_review import open_staging
from rbb.services.ledger_uploads import MAX_MAPPING_UPLOAD
from rbb.services.mission_register_service import MissionRegisterService
from rbb.services.proposal_service import ProposalService
from rbb.services.scenario_service import ScenarioService
from rbb.services.serving import DATABASE_ENV, SERVE_HOST_ENV, open_served_store

from . import endpoints, problems
from .admission import set_reads_at_once
from .context import Services
from .endpoints.ledger_imports_view import PATHS as LEDGER_UPLOADS
from .library import Library
from .page_cache import KeptPages, recent
from .paths import API, STATIC
from .render_cache import RenderCache
from .rest_api import create_api
from .security import Auth, SecurityHeaders
from .settings import WebSettings
from .templating import error_page
from .uploads import BodyLimit

HERE = Path(__file__).parent
SECRET_NAME = "session-signing-key"
PROXY_HEADERS = False
"""``rbb serve`` runs uvicorn without its proxy headers: uvicorn would take the client's
address from X-Forwarded-For sent by 127.0.0.1, letting any local client choose the
address the login limit counts. The app reads that header itself, and only from a
peer in RBB_TRUSTED_PROXIES (``security.client_address``)."""


def tune_for_serving() -> None:
    """Raise the garbage collector's thresholds for a serving process.

    The app keeps every stored document, its derived views and rendered pages in
    memory (``library.Snapshot``): hundreds of thousands of long-lived objects. With
    Python's default thresholds a full collection walks them every few hundred
    requests, a pause of 100 ms and more that showed as the p99 of the load test
    (benches/bench_web.py); young collections stay frequent and cheap.
    """
    gc.set_threshold(100_000, 50, 100)


def create_app(engine: Engine, settings: WebSettings | None = None, *,
               ledger: ExecutionSource | None = None) -> FastAPI:
    settings = settings or WebSettings.from_env()
    store = DocumentService(engine)
    accounts = open_accounts(engine)
    secret = settings.secret_key or accounts.secret(SECRET_NAME)
    services = Services(
        settings=settings, store=store, accounts=accounts, staging=open_staging(engine),
        library=Library(store, cache_seconds=settings.cache_seconds, cache=settings.cache,
                        renders=RenderCache(settings.download_cache_bytes,
                                            settings.download_cache_entries)),
        auth=Auth(accounts, settings, secret), scenarios=ScenarioService(engine),
        jobs=WorkQueue(engine, workers=2, max_jobs=settings.import_jobs, keep_seconds=600),
        register=MissionRegisterService(engine), execution=ExecutionRecordsService(engine),
        proposals=ProposalService(engine), ledger=ledger or StoredLedger(engine))
    # Pages that read the ledger (the execution dashboard) are kept while its state and
    # the day (their default "as of") are unchanged.
    services.library.outside.update({
        "ledger": recent(services.ledger.state, settings.cache_seconds),
        "today": lambda _: dt.date.today()})
    set_reads_at_once(settings.reads_at_once)
    app = FastAPI(title="rbb", docs_url=None, redoc_url=None, openapi_url=None,
                  lifespan=_thread_pool_of(settings.threads))
    app.state.rbb = services
    app.mount(API, create_api(services))
    app.mount(STATIC, StaticFiles(directory=str(HERE / "static")), name="static")
    app.include_router(endpoints.page_router())
    problems.install(app, error_page)
    app.add_middleware(KeptPages, library=services.library)
    app.add_middleware(BodyLimit, limit=settings.max_upload_bytes, wider=[
        (re.compile(path), settings.max_ledger_bytes + MAX_MAPPING_UPLOAD, "RBB_MAX_LEDGER_MB")
        for path in LEDGER_UPLOADS])
    # A Host header not served is refused (400) before anything reads it.
    app.add_middleware(TrustedHostMiddleware, allowed_hosts=list(settings.allowed_hosts),
                       www_redirect=False)
    app.add_middleware(SecurityHeaders)
    return app


def _thread_pool_of(threads: int) -> Callable[[FastAPI],
                                              AbstractAsyncContextManager[None]]:
    """Requests run in the thread pool ``threads`` at a time, the rest in order of
    arrival: forty threads (anyio's default) taking turns on the interpreter lock
    answered a third fewer pages a second, with twice the p99 (docs/web.md)."""

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        anyio.to_thread.current_default_thread_limiter().total_tokens = threads
        yield

    return lifespan


def app_from_environment() -> FastAPI:
    """The app of one worker process of ``rbb serve --workers N`` (uvicorn calls it in
    each worker, ``factory=True``): the store named by ``RBB_DATABASE_URL``, whose
    schema the command has already brought up to date, and the settings of the
    environment, tuned for serving like the single process."""
    tune_for_serving()
    engine = open_served_store(os.environ.get(DATABASE_ENV))
    return create_app(engine, WebSettings.from_env(bind_host=os.environ.get(SERVE_HOST_ENV)))
