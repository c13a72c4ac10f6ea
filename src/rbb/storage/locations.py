"""Where the store lives, without SQLAlchemy: the default URL, and the file of an SQLite
store named plainly (``rbb list`` reads such a file with the standard library)."""

from __future__ import annotations

import os
from pathlib import Path

from platformdirs import user_data_dir

DATABASE_ENV = "RBB_DATABASE_URL"


def default_database_url() -> str:
    """``RBB_DATABASE_URL``, else an SQLite file in the user's data directory."""
    configured = os.environ.get(DATABASE_ENV)
    if configured:
        return configured
    return f"sqlite:///{Path(user_data_dir('rbb')) / 'rbb.sqlite'}"


_SQLITE_PREFIX = "sqlite:///"


def plain_sqlite_file(url: str | None) -> Path | None:
    """The file of an SQLite store given as a path or as ``sqlite:///FILE`` with nothing
    more; None for any other URL (PostgreSQL, in memory, a driver, query options, escapes:
    what only SQLAlchemy's reading of the URL settles)."""
    target = url or default_database_url()
    if "://" not in target:
        return Path(target).expanduser().resolve()
    if not target.startswith(_SQLITE_PREFIX):
        return None
    name = target.removeprefix(_SQLITE_PREFIX)
    if not name or name == ":memory:" or any(mark in name for mark in "?#%"):
        return None
    return Path(name)
