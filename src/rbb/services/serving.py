"""The store as a process of ``rbb serve --workers N`` opens it.

The command brings the schema up to date once, in the parent, before any worker
starts; each worker then opens the store named by ``RBB_DATABASE_URL`` and only
checks that its schema is the one this rbb needs (two workers migrating at once
would race). The web app reaches the store's engine through here, never through
``rbb.storage`` itself.
"""

from __future__ import annotations

from sqlalchemy import Engine

from rbb.model.errors import InputError
from rbb.storage import create_database_engine, current_revision, head_revision
from rbb.storage.database import DATABASE_ENV

__all__ = ["DATABASE_ENV", "SERVE_HOST_ENV", "open_served_store", "store_url"]

SERVE_HOST_ENV = "RBB_SERVE_HOST"
"""Set by ``rbb serve`` for its workers: the address it listens on (the default of
``RBB_ALLOWED_HOSTS`` depends on it)."""


def open_served_store(url: str | None) -> Engine:
    """The store's engine, refused unless its schema is current (the parent migrates)."""
    engine = create_database_engine(url)
    found, needed = current_revision(engine), head_revision()
    if found != needed:
        engine.dispose()
        raise InputError(f"the store's schema is at revision {found or 'none'}, this rbb "
                         f"needs {needed}: run `rbb db upgrade` first")
    return engine


def store_url(engine: Engine) -> str:
    """The URL that opens the same store again in another process (password kept)."""
    return engine.url.render_as_string(hide_password=False)
