"""The newest schema, read from the migration files with neither SQLAlchemy nor Alembic:
a command that finds its store at it (``database.is_current``, ``listing``) loads neither
Alembic nor, when it reads an SQLite file itself, SQLAlchemy."""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

MIGRATIONS = Path(__file__).parent / "migrations"
VERSION_TABLE = "alembic_version"
"""Where Alembic records a store's revision."""

_REVISION_LINE = re.compile(r'^(down_revision|revision)\s*=\s*(?:"([^"]+)"|None)\s*$',
                            re.MULTILINE)


@cache
def head_revision() -> str | None:
    """The newest migration: the one no other migration names as its ``down_revision``
    (the history is one line; ``tests/storage`` compares this with Alembic's answer)."""
    revisions: set[str] = set()
    parents: set[str] = set()
    for path in (MIGRATIONS / "versions").glob("*.py"):
        for name, value in _REVISION_LINE.findall(path.read_text(encoding="utf-8")):
            if value:
                (revisions if name == "revision" else parents).add(value)
    heads = sorted(revisions - parents)
    return heads[-1] if heads else None
