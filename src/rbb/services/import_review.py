"""Uploaded reports on their way into the store: read from bytes, shown to an editor,
staged apart from the documents until confirmed. The web app reaches the importers
and the staging table only through this module (import-linter contract)."""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import Engine

from rbb.importers import ImportResult
from rbb.model.mission_register import MissionRegister
from rbb.storage.staging import PendingImport, StagingStore

from .isolated_reading import Upload, review_isolated
from .reading_worker import Review

__all__ = ["ImportResult", "PendingImport", "Review", "StagingStore", "open_staging",
           "read_report"]


def read_report(data: bytes, name: str, progress: Callable[[str], None] | None = None, *,
                register: MissionRegister | None = None) -> tuple[ImportResult, Review | None]:
    """Parse an uploaded report in a worker process bounded in memory and time; a file no
    importer can read, or one over a limit, comes back with its diagnostics, never as an
    exception. ``progress`` is told each section as it is read. The document's own checks
    run in the worker too (the :class:`Review`), so that a large upload costs the
    server only its answer. ``register``: the store's register of missions, which the
    report's mission is looked up in."""
    return review_isolated(Upload(name, data), progress=progress, register=register)


def open_staging(engine: Engine) -> StagingStore:
    """Uploads waiting for confirmation in the store behind ``engine``."""
    return StagingStore(engine)
