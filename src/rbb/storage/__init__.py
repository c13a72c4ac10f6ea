"""Storage: SQLAlchemy 2 over SQLite (embedded default) or PostgreSQL, with
Alembic migrations."""

from .database import (
    create_database_engine,
    current_revision,
    default_database_url,
    head_revision,
    upgrade,
)
from .repository import DocumentStore, DocumentSummary, FinancialFigure, canonical_json

__all__ = [
    "DocumentStore", "DocumentSummary", "FinancialFigure", "canonical_json",
    "create_database_engine", "current_revision", "default_database_url", "head_revision",
    "upgrade",
]
