"""``rbb serve``: the web app and REST API."""

from __future__ import annotations

from typing import Annotated

import typer

from .options import Db, open_engine


def register(app: typer.Typer) -> None:
    app.command("serve")(serve_command)


def serve_command(
    host: Annotated[str, typer.Option(help="Interface to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on.")] = 8000,
    db: Db = None,
) -> None:
    """Serve the web app and the REST API."""
    import uvicorn

    from rbb.web import PROXY_HEADERS, WebSettings, create_app, tune_for_serving

    engine = open_engine(db)
    tune_for_serving()
    settings = WebSettings.from_env(bind_host=host)
    uvicorn.run(create_app(engine, settings), host=host, port=port, log_level="info",
                proxy_headers=PROXY_HEADERS)
