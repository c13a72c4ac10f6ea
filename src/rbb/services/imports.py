"""Import report files and store them: all of them or none."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from rbb.importers import ImportResult
from rbb.storage import DocumentStore

from .isolated_reading import read_all_isolated
from .stored_findings import StoredFindings


@dataclass(frozen=True)
class ImportOutcome:
    results: tuple[ImportResult, ...]
    stored: bool

    @property
    def failed(self) -> tuple[ImportResult, ...]:
        return tuple(r for r in self.results if r.document is None or r.errors)


def parse_files(paths: Sequence[Path]) -> list[ImportResult]:
    """Each file read in a worker bounded in memory and time (``read_isolated``)."""
    return read_all_isolated(paths)


def store_results(store: DocumentStore, results: Sequence[ImportResult], *,
                  strict: bool = False) -> ImportOutcome:
    """Store every parsed document in one transaction, or none when any fails.

    With ``strict``, a warning (an unplaced line) counts as a failure.
    """
    if not results or any(not r.ok(strict=strict) for r in results):
        return ImportOutcome(tuple(results), stored=False)
    store.save_all((r.document, r.diagnostics, r.text) for r in results
                   if r.document is not None)
    findings = StoredFindings(store.engine)
    for mission in sorted({r.document.mission.code for r in results if r.document is not None}):
        findings.refresh(mission=mission)
    return ImportOutcome(tuple(results), stored=True)
