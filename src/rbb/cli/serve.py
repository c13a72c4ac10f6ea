"""``rbb serve``: the web app and REST API, in one process or several."""

import os
from typing import Annotated, Any

import typer

from rbb.model.errors import InputError

from .options import Db, error_console, open_engine

err = error_console()

MAX_WORKERS = 4 * (os.cpu_count() or 1)
"""More processes than four per core only add memory (each holds its own page cache)."""
FACTORY = "rbb.web.app:app_from_environment"


def register(app: typer.Typer) -> None:
    app.command("serve")(serve_command)


def _workers(value: int) -> int:
    if not 1 <= value <= MAX_WORKERS:
        raise typer.BadParameter(f"{value} worker processes: give 1 to {MAX_WORKERS} "
                                 "(at most four per core of this machine)")
    return value


def serve_command(
    host: Annotated[str, typer.Option(help="Interface to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on.")] = 8000,
    workers: Annotated[int, typer.Option(
        callback=_workers, help="Worker processes sharing the store (1: one process).")] = 1,
    access_log: Annotated[bool, typer.Option(
        "--access-log/--no-access-log",
        help="A line on stderr for each request (uvicorn's access log). Off saves about "
             "0.08 ms a request: a fifth of a page served from the cache.")] = True,
    db: Db = None,
) -> None:
    """Serve the web app and the REST API."""
    import uvicorn

    from rbb.services.serving import DATABASE_ENV, SERVE_HOST_ENV, store_url
    from rbb.services.stored_findings import StoredFindings
    from rbb.web import PROXY_HEADERS, WebSettings, create_app, tune_for_serving

    from .workers import WorkerStartError, spreads_connections, supervise

    engine = open_engine(db)  # migrated here, once, before any worker starts
    settings = WebSettings.from_env(bind_host=host)  # a bad setting stops the command
    # Findings stored by an earlier rbb (or not at all) are computed now, on every core,
    # rather than by the first readers.
    refreshed = StoredFindings(engine).refresh()
    if refreshed.documents or refreshed.missions:
        err.print(f"checked {refreshed.documents} document(s) and the reports of "
                  f"{refreshed.missions} mission(s) together", highlight=False)
    if workers == 1:
        tune_for_serving()
        uvicorn.run(create_app(engine, settings), host=host, port=port, log_level="info",
                    access_log=access_log, proxy_headers=PROXY_HEADERS)
        return
    # Each worker is a fresh process that opens the store from the environment.
    os.environ[DATABASE_ENV] = store_url(engine)
    os.environ[SERVE_HOST_ENV] = host
    engine.dispose()
    if not spreads_connections():
        uvicorn.run(FACTORY, factory=True, workers=workers, host=host, port=port,
                    log_level="info", access_log=access_log, proxy_headers=PROXY_HEADERS)
        return
    options: dict[str, Any] = {"log_level": "info", "access_log": access_log,
                               "proxy_headers": PROXY_HEADERS}
    try:
        supervise(FACTORY, host, port, workers, options)
    except OSError as error:
        raise InputError(f"cannot listen on {host}:{port}: {error.strerror or error}"
                         ) from None
    except WorkerStartError as error:
        raise InputError(str(error)) from None
