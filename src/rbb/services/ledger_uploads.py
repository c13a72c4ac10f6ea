"""An ERP extract uploaded through the web app or its REST API, imported into the ledger
in the background (docs/execution.md, "Importing through the web app and the API").

With ``rbb serve`` running on the embedded store the server holds the ledger's DuckDB
file (``storage/ledger_backends.py``), so an ``rbb ledger import`` beside it waits and
reports the ledger busy: the server must import itself. The interface receives the
upload into a private temporary file (never whole in memory) and hands it here as an
``UploadedExtract``; ``import_extract`` runs ``LedgerService.import_file`` on the
server's own ledger store and turns what it ends with into data a job keeps as its
outcome: the lines stored, or the bad rows (row, column, value, expected) with nothing
stored, or the one error of a file that is no extract. All or nothing, as the service is.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from rbb.model.errors import InputError, LedgerInputError
from rbb.model.ledger import BadRow

from .ledger_service import LedgerService

if TYPE_CHECKING:
    from rbb.storage.ledger import LedgerSource, LedgerStore

MAX_MAPPING_UPLOAD = 64 * 1024
"""A column mapping file (JSON or YAML): what ``load_mapping`` reads at most."""
MAX_SOURCE_NAME = 64
"""A source's name: at most 64 characters on one line (``rbb.model.ledger.Label``)."""


def max_ledger_bytes() -> int:
    """The most an extract may hold (``RBB_MAX_LEDGER_MB``, 4096 MB by default), for an
    interface to bound an upload by before a byte of it is read."""
    from rbb.importers.limits import ReadingLimits

    return ReadingLimits.from_env().max_ledger_bytes


def check_source_name(name: str, what: str = "source") -> str:
    """A source's name as given by a form: refused (``InputError``) unless it is a name
    the ledger keeps, so that a bad one is told at once rather than by the job."""
    cleaned = name.strip()
    if not cleaned or len(cleaned) > MAX_SOURCE_NAME or any(
            not character.isprintable() for character in cleaned):
        raise InputError(f"{what} {cleaned[:40]!r}: expected a name of 1 to "
                         f"{MAX_SOURCE_NAME} printable characters on one line")
    return cleaned


@dataclass(frozen=True, slots=True)
class UploadedExtract:
    """An extract as an interface received it: the file (named as the user's file was,
    which is the default source name), and how to read it."""

    path: Path
    mission: str
    source: str | None = None
    """The extract's source; None: the file's name."""
    mapping_path: Path | None = None
    """A column mapping file uploaded with it (JSON or YAML)."""
    mapping_source: str | None = None
    """Read with the column mapping saved for this source of the mission (``rbb ledger
    map --source``, or as that source was last imported)."""


@dataclass(frozen=True, slots=True)
class LedgerImportOutcome:
    """How an uploaded extract's import ended: ``stored`` with its lines, or nothing
    stored and why (the bad rows, up to 100, and how many more; or ``error``)."""

    mission: str
    source: str
    file: str
    stored: bool
    lines: int = 0
    accounts: int = 0
    """Accounts in the mapping the aggregates join with after the import."""
    bad_rows: tuple[BadRow, ...] = ()
    more_bad_rows: int = 0
    error: str | None = None


def ledger_store_of(ledger: object) -> LedgerStore:
    """The store of the ledger the web app reads (``StoredLedger``); a ledger held in
    memory (a test's) has none to import into."""
    from .execution_service import StoredLedger

    if not isinstance(ledger, StoredLedger):
        raise InputError("this server's ledger is held in memory: it imports no extracts")
    return ledger.store


def import_extract(ledger: object, upload: UploadedExtract,
                   step: Callable[[str], None] | None = None) -> LedgerImportOutcome:
    """Import ``upload`` into the server's ledger (``ledger`` as in ``ledger_store_of``).
    A refused extract is an outcome, not an error: the job that runs this ends done,
    with the reasons for its owner to read."""
    from rbb.importers.limits import ReadingLimits

    store = ledger_store_of(ledger)
    source = upload.source or upload.path.name
    file = upload.path.name

    def refused(error: str, rows: tuple[BadRow, ...] = (), more: int = 0
                ) -> LedgerImportOutcome:
        return LedgerImportOutcome(mission=upload.mission, source=source, file=file,
                                   stored=False, bad_rows=rows, more_bad_rows=more,
                                   error=error)

    service = LedgerService(None, store=store)
    try:
        mapping = None
        if upload.mapping_source is not None and upload.mapping_path is None:
            from .ledger_mappings import source_mapping

            mapping = source_mapping(store, upload.mission, upload.mapping_source)
            if mapping is None:
                return refused(f"no column mapping is saved for the source "
                               f"{upload.mapping_source!r} of {upload.mission}: save one "
                               "with `rbb ledger map --source`, or upload the mapping file")
        if step is not None:
            step(f"reading and storing {file}")
        done = service.import_file(upload.path, mission=upload.mission, source=source,
                                   mapping_path=upload.mapping_path, mapping=mapping,
                                   limits=ReadingLimits.from_env())
    except LedgerInputError as error:
        return refused(str(error).split("\n", 1)[0].rstrip(":"),
                       tuple(row for row in error.bad_rows if isinstance(row, BadRow)),
                       error.more)
    except InputError as error:  # no extract, a bad mapping, the ledger busy
        return refused(str(error))
    finally:
        service.close()
    return LedgerImportOutcome(mission=done.mission, source=done.source, file=file,
                               stored=True, lines=done.lines, accounts=done.accounts)


def imported_sources(ledger: object, mission: str) -> list[LedgerSource]:
    """The extracts imported for ``mission`` (source, lines, when, in UTC), the newest
    first; none for a ledger held in memory."""
    try:
        store = ledger_store_of(ledger)
    except InputError:
        return []
    found = LedgerService(None, store=store).sources(mission)
    return sorted(found, key=lambda s: s.imported_at, reverse=True)
