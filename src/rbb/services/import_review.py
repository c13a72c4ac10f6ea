"""Uploaded reports on their way into the store: read from bytes, shown to an editor,
staged apart from the documents until confirmed. The web app reaches the importers
and the staging table only through this module (import-linter contract)."""

from __future__ import annotations

from sqlalchemy import Engine

from rbb.importers import ImportResult, import_bytes
from rbb.storage.staging import PendingImport, StagingStore

__all__ = ["ImportResult", "PendingImport", "StagingStore", "open_staging", "read_report"]


def read_report(data: bytes, name: str) -> ImportResult:
    """Parse an uploaded report in this process; a file no importer can read comes back
    with its diagnostics, never as an exception."""
    return import_bytes(data, name=name)


def open_staging(engine: Engine) -> StagingStore:
    """Uploads waiting for confirmation in the store behind ``engine``."""
    return StagingStore(engine)
