"""Import report files and store them: all of them or none."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from rbb.importers import ImportResult
from rbb.model import Document
from rbb.model.errors import InputError
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
                  strict: bool = False, partial: bool = False) -> ImportOutcome:
    """Store every parsed document in one transaction, or none when any fails.

    With ``strict``, a warning (an unplaced line) counts as a failure. A document whose
    text lacks sections its contents list names is stored only with ``partial``, marked
    partial; without it the import is refused with an ``InputError`` listing what each
    such file lacks, and nothing is stored.
    """
    if not results or any(not r.ok(strict=strict, partial=True) for r in results):
        return ImportOutcome(tuple(results), stored=False)
    if not partial:
        refuse_incomplete(results)
    store.save_all((marked_partial(r), r.diagnostics, r.text) for r in results)
    findings = StoredFindings(store.engine)
    for mission in sorted({r.document.mission.code for r in results if r.document is not None}):
        findings.refresh(mission=mission)
    return ImportOutcome(tuple(results), stored=True)


def refuse_incomplete(results: Sequence[ImportResult]) -> None:
    """The error of an import that would store an excerpt unasked: each such file and
    its coverage (what the contents list names that the text lacks)."""
    incomplete = [r for r in results if r.incomplete and r.document is not None]
    if not incomplete:
        return
    listing = " | ".join(f"{Path(r.file).name}: {coverage_listing(r)}" for r in incomplete)
    raise InputError(f"partial document(s), nothing stored: {listing}; import with --partial "
                     "(web: partial=true) to store them marked partial",
                     file=incomplete[0].file if len(incomplete) == 1 else None)


def coverage_listing(result: ImportResult) -> str:
    coverage = result.document.coverage if result.document is not None else None
    return coverage.listing() if coverage is not None else "no coverage"


def marked_partial(result: ImportResult) -> Document:
    """The document to store: marked partial when its text lacks what its contents list."""
    if result.document is None:
        raise ValueError("only a result with a document is stored")
    if not result.incomplete:
        return result.document
    return result.document.model_copy(update={"partial": True})
