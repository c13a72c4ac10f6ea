"""Options several commands share, and the consoles they print to."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.console import Console
from sqlalchemy import Engine

from rbb.model import DocumentKind, Period
from rbb.model.errors import InputError
from rbb.storage import DocumentStore, create_database_engine, current_revision, head_revision
from rbb.storage import upgrade as upgrade_schema

Db = Annotated[
    str | None,
    typer.Option("--db", envvar="RBB_DATABASE_URL", show_envvar=True,
                 help="Database URL (sqlite:///FILE or postgresql://...) or an SQLite file path. "
                      "Default: rbb.sqlite in the user's data directory."),
]
Mission = Annotated[str, typer.Option("--mission", "-m", help="Mission code, e.g. UNMIK.")]
PeriodOpt = Annotated[str, typer.Option("--period", "-p", help="Financial period, e.g. 2025/26.")]
Kind = Annotated[DocumentKind, typer.Option("--kind", "-k", help="budget or performance.")]


def parse_period(label: str) -> Period:
    try:
        return Period.parse(label)
    except ValueError as error:
        raise InputError(str(error)) from None


def open_engine(db: str | None, *, migrate: bool = True) -> Engine:
    """The store's engine, its schema brought up to date (rbb owns its schema)."""
    engine = create_database_engine(db)
    if migrate and current_revision(engine) != head_revision():
        upgrade_schema(engine)
    return engine


def open_store(db: str | None) -> DocumentStore:
    return DocumentStore(open_engine(db))

PIPED_WIDTH = 160
"""Piped or captured output is not a terminal: Rich would wrap it at 80 columns,
breaking words and messages, so it gets room instead."""


def output_console() -> Console:
    console = Console()
    if not console.is_terminal:
        console = Console(width=PIPED_WIDTH)
    return console


def error_console() -> Console:
    """Messages are never wrapped mid-sentence."""
    return Console(stderr=True, soft_wrap=True)
