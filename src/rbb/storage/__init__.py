"""Storage: SQLAlchemy 2 over SQLite (embedded default) or PostgreSQL, with
Alembic migrations.

The names are loaded when first used (PEP 562), as in ``rbb.model``: a module of the
package that needs no SQLAlchemy (``listing``, ``locations``, ``revisions``) is imported
without it."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .database import create_database_engine, current_revision, upgrade
    from .listing import DocumentSummary
    from .locations import default_database_url
    from .repository import DocumentStore, FinancialFigure, canonical_json
    from .revisions import head_revision

_HOME = {
    "DocumentStore": "repository", "DocumentSummary": "listing",
    "FinancialFigure": "repository", "canonical_json": "repository",
    "create_database_engine": "database", "current_revision": "database",
    "default_database_url": "locations", "head_revision": "revisions", "upgrade": "database",
}

__all__ = [
    "DocumentStore", "DocumentSummary", "FinancialFigure", "canonical_json",
    "create_database_engine", "current_revision", "default_database_url", "head_revision",
    "upgrade",
]


if not TYPE_CHECKING:
    from rbb.model.lazy_names import lazy_getattr

    __getattr__ = lazy_getattr(__name__, _HOME, globals())
