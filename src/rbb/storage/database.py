"""Where the store lives and how to reach it (SQLite by default, PostgreSQL through
psycopg 3 for several users), and its schema's migrations, which Alembic runs from
code so that no alembic.ini is needed.

Alembic is imported only to migrate: whether a store is at the newest schema is read
with SQLAlchemy alone (its version table against the migration files, ``revisions``), so
a command that finds its store up to date does not pay for loading Alembic."""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import Engine, create_engine, event, inspect, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DisconnectionError

from .locations import DATABASE_ENV, default_database_url
from .revisions import MIGRATIONS, VERSION_TABLE, head_revision
from .statements import add_reader

if TYPE_CHECKING:
    from alembic.config import Config

__all__ = [
    "DATABASE_ENV", "MIGRATIONS", "VERSION_TABLE", "create_database_engine", "current_revision",
    "default_database_url", "engine_for", "head_revision", "is_current", "normalise_url",
    "upgrade",
]


def normalise_url(url: str) -> str:
    """Accept ``postgresql://`` and plain file paths as users type them."""
    if "://" not in url:
        return f"sqlite:///{Path(url).expanduser().resolve()}"
    parsed = make_url(url)
    if parsed.drivername in ("postgresql", "postgres"):
        parsed = parsed.set(drivername="postgresql+psycopg")
    return parsed.render_as_string(hide_password=False)


def create_database_engine(url: str | None = None, *, schema: str | None = None) -> Engine:
    """An engine for the store; ``schema`` keeps PostgreSQL test runs apart."""
    target = normalise_url(url or default_database_url())
    parsed = make_url(target)
    connect_args: dict[str, Any] = {}
    if parsed.get_backend_name() == "sqlite":
        database = parsed.database
        if database and database != ":memory:":
            Path(database).parent.mkdir(parents=True, exist_ok=True)
    elif schema:
        connect_args["options"] = f"-csearch_path={schema}"
    sqlite = parsed.get_backend_name() == "sqlite"
    in_memory = sqlite and parsed.database in (None, "", ":memory:")
    pooled = {} if in_memory else {"pool_size": POOL_SIZE, "max_overflow": POOL_OVERFLOW,
                                   "pool_use_lifo": True}
    engine = create_engine(target, connect_args=connect_args, hide_parameters=True, **pooled)
    if sqlite:
        event.listen(engine, "connect", _sqlite_pragmas)
    else:
        reader = create_engine(target, connect_args=connect_args, hide_parameters=True,
                               isolation_level="AUTOCOMMIT", **pooled)
        for pool in (engine, reader):
            event.listen(pool, "checkin", _note_idle)
            event.listen(pool, "checkout", _ping_if_idle)
        add_reader(engine, reader)
    return engine


POOL_SIZE = 16
"""Connections a pool keeps once opened (they are opened as needed, never ahead). A
serving process runs up to ``RBB_THREADS`` (8) requests at a time beside its background
work; with SQLAlchemy's default of five, the connections beyond them were opened for one
read and closed when returned: a new connection (on PostgreSQL a new server process) for
a page, costlier than the page itself."""
POOL_OVERFLOW = 16
"""Connections opened beyond ``POOL_SIZE`` at busy times, closed when returned. The pool
hands out the connection returned last (``pool_use_lifo``): a process keeps reading on
the few it is using, whose prepared statements are warm, and the others wait idle (and
are pinged before their next use, ``PING_AFTER_IDLE_SECONDS``)."""


PING_AFTER_IDLE_SECONDS = 5.0
"""A server's connection can be closed under the pool (a restart, an idle timeout), so
one that waited in the pool longer than this is pinged before it is used. Pinging every
one (``pool_pre_ping``) was a round trip more for each of a page's reads; one used again
within the interval is taken as it is, and SQLAlchemy replaces the whole pool if it
turns out closed after all (that request fails, the next ones do not)."""


def _note_idle(_dbapi_connection: Any, record: Any) -> None:
    record.info["idle_since"] = time.monotonic()


def _ping_if_idle(dbapi_connection: Any, record: Any, _proxy: Any) -> None:
    idle_since = record.info.get("idle_since")
    if idle_since is not None and time.monotonic() - idle_since < PING_AFTER_IDLE_SECONDS:
        return
    try:
        cursor = dbapi_connection.cursor()
        try:
            cursor.execute("SELECT 1")
        finally:
            cursor.close()
        if not dbapi_connection.autocommit:
            dbapi_connection.rollback()
    except Exception as error:  # any failure: this connection is not to be used
        raise DisconnectionError(str(error)) from error


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.close()


@contextmanager
def engine_for(url: str | None = None) -> Iterator[Engine]:
    engine = create_database_engine(url)
    try:
        yield engine
    finally:
        engine.dispose()


def _config() -> Config:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    return config


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Bring the store's schema up to ``revision``; a no-op when it is there."""
    from alembic import command

    config = _config()
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, revision)


def current_revision(engine: Engine) -> str | None:
    """The revision Alembic recorded in the store; None for an empty store."""
    with engine.connect() as connection:
        if not inspect(connection).has_table(VERSION_TABLE):
            return None
        found = connection.execute(text(f"SELECT version_num FROM {VERSION_TABLE}")).scalar()
        return None if found is None else str(found)


def is_current(engine: Engine) -> bool:
    """Whether the store is at the newest schema (no migration to run)."""
    return current_revision(engine) == head_revision()
