"""Options several commands share, and the consoles they print to.

Cheap to import: every command's options are read for ``rbb --help``, so the store
(SQLAlchemy, Alembic) is imported when a command opens it, not before.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console
from rich.text import Text

from rbb.model.cycle import DocumentKind
from rbb.model.errors import InputError

if TYPE_CHECKING:
    from sqlalchemy import Engine

    from rbb.model import Period
    from rbb.storage import DocumentStore

Db = Annotated[
    str | None,
    typer.Option("--db", envvar="RBB_DATABASE_URL", show_envvar=True,
                 help="Database URL (sqlite:///FILE or postgresql://...) or an SQLite file path. "
                      "Default: rbb.sqlite in the user's data directory."),
]
Mission = Annotated[str, typer.Option("--mission", "-m", help="Mission code, e.g. UNMIK.")]
PeriodOpt = Annotated[str, typer.Option("--period", "-p", help="Financial period, e.g. 2025/26.")]
Kind = Annotated[DocumentKind, typer.Option(
    "--kind", "-k", help="budget, performance, acabq_report or ga_resolution.")]


def parse_period(label: str) -> Period:
    from rbb.model.cycle import Period

    try:
        return Period.parse(label)
    except ValueError as error:
        raise InputError(str(error)) from None


def open_engine(db: str | None, *, migrate: bool = True) -> Engine:
    """The store's engine, its schema brought up to date (rbb owns its schema); Alembic
    is loaded only when there is a migration to run."""
    from rbb.storage.database import create_database_engine, is_current, upgrade

    engine = create_database_engine(db)
    if migrate and not is_current(engine):
        upgrade(engine)
    return engine


def open_store(db: str | None) -> DocumentStore:
    from rbb.storage.repository import DocumentStore

    return DocumentStore(open_engine(db))

PIPED_WIDTH = 160
"""Piped or captured output is not a terminal: Rich would wrap it at 80 columns,
breaking words and messages, so it gets room instead."""


def output_console() -> Console:
    """Console markup is off: data printed (a symbol, a label, a message) can hold
    ``[red]`` or ``[/x]``, so styles are given as ``Text`` or ``style=``, never as
    markup in a string."""
    console = Console(markup=False)
    if not console.is_terminal:
        console = Console(width=PIPED_WIDTH, markup=False)
    return console


def error_console() -> Console:
    """Messages are never wrapped mid-sentence; no markup (see ``output_console``)."""
    return Console(stderr=True, soft_wrap=True, markup=False)


@contextmanager
def writing(path: Path) -> Iterator[None]:
    """A failure to write names the file: a full disk raises ENOSPC without it."""
    try:
        yield
    except OSError as error:
        raise InputError(f"cannot write {path}: {error.strerror or error}") from error


def write_file(path: Path, data: str | bytes) -> None:
    """Write a whole file or leave what was there: a regular file is written beside its
    target and moved over it; a device or pipe (``/dev/stdout``) is written directly."""
    payload = data.encode("utf-8") if isinstance(data, str) else data
    with writing(path):
        if path.exists() and not path.is_file():
            path.write_bytes(payload)
            return
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary = path.with_name(f".{path.name}.part")
        try:
            temporary.write_bytes(payload)
            temporary.replace(path)
        finally:
            temporary.unlink(missing_ok=True)


def styled(*parts: str | tuple[str, str]) -> Text:
    """A line of plain text and ``(text, style)`` pieces: data never becomes markup."""
    return Text.assemble(*parts)
