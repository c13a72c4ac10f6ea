"""Importing ERP extracts into the ledger and reading its aggregates, for the CLI and
the web app (docs/execution.md).

An extract is read whole by ``rbb.importers.ledger.read_ledger`` (every bad row listed
before anything is stored) and its batches stream into ``LedgerStore.replace_source``:
one transaction, so a re-sent extract replaces its own lines and a failed one leaves
the ledger as it was. The column mapping an extract was read with is kept with its
source in the ledger (``ledger_sources.column_mapping``): the next extract of the same
source is read the same way without naming it again."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from sqlalchemy import Engine

    from rbb.model.cycle import Period
    from rbb.model.ledger import AccountMapping, ClassMonth, ColumnMapping, LedgerLine
    from rbb.storage.ledger import LedgerSource, LedgerStore, UnmappedAccount

@dataclass(frozen=True)
class LedgerImport:
    """What one import stored."""

    mission: str
    source: str
    lines: int
    accounts: int
    """Accounts in the mapping the aggregates now join with."""


@dataclass(frozen=True)
class LedgerSummary:
    """A period's ledger as the monitoring reads it: class × month, and the accounts
    whose lines no class holds yet."""

    mission: str
    period: Period
    class_months: list[ClassMonth]
    unmapped: list[UnmappedAccount]


class LedgerService:
    """The ledger of one store, for both interfaces."""

    def __init__(self, engine: Engine | None, *,
                 accounts: Sequence[AccountMapping] | None = None,
                 store: LedgerStore | None = None) -> None:
        """The ledger of ``engine``'s store, or ``store`` already open: the web app's,
        which holds the DuckDB file while it serves (an in-memory DuckDB exists only in
        it), and which ``close`` then leaves open."""
        from rbb.storage.ledger import LedgerStore

        if store is None:
            if engine is None:
                raise ValueError("a LedgerService needs an engine or a store")
            store = LedgerStore(engine)
            self._owned = True
        else:
            self._owned = False
        self.store: LedgerStore = store
        self._accounts = accounts

    def close(self) -> None:
        if self._owned:
            self.store.close()

    def refresh_accounts(self) -> int:
        """The account mapping the aggregates join with: its current version, the
        reference file (or the accounts given) stored as version 1 when none is
        (``rbb.services.ledger_mappings``); the number of accounts it holds."""
        from rbb.services.ledger_mappings import LedgerMappings

        return LedgerMappings(self.store, accounts=self._accounts).ensure_accounts().rows

    def import_batches(self, mission: str, source: str,
                       batches: Iterable[Sequence[LedgerLine]], *,
                       column_mapping: str | None = None) -> LedgerImport:
        """Store an extract already read into batches: all of it or, on any error,
        nothing (the source's earlier lines stay)."""
        lines = self.store.replace_source(mission, source, batches,
                                          column_mapping=column_mapping)
        accounts = self.refresh_accounts()
        return LedgerImport(mission=mission, source=source, lines=lines, accounts=accounts)

    def import_file(self, path: Path, *, mission: str, source: str | None = None,
                    mapping_path: Path | None = None, limits: Any = None,
                    mapping: ColumnMapping | None = None) -> LedgerImport:
        """Read an extract with its column mapping (the file given, else ``mapping``, else
        the newer of the one saved for its source and the one it was last imported with,
        else rbb's own columns) and store it. A CSV extract goes through DuckDB's reader
        when every row is in a form its SQL rules vouch for, and so does a Parquet
        extract (``rbb.importers.ledger.bulk``); otherwise, and for Excel, line by
        line."""
        from rbb.importers.ledger import DEFAULT_MAPPING, load_mapping, read_ledger
        from rbb.importers.ledger.bulk import StagedExtract, stage_extract

        source = source or path.name
        if mapping_path is not None:
            mapping = load_mapping(mapping_path)
        elif mapping is None:
            from rbb.services.ledger_mappings import source_mapping

            # A source is read with the mapping saved for it (``rbb ledger map``) or as it
            # was last imported; a new one with rbb's own columns (those ``rbb ledger
            # generate`` writes) unless a mapping is given.
            mapping = source_mapping(self.store, mission, source) or DEFAULT_MAPPING
        column_mapping = mapping.model_dump_json()

        def stage(connection: Any) -> StagedExtract | None:
            return stage_extract(connection, path, mapping, mission=mission,
                                 source=source, limits=limits)

        lines = self.store.replace_source_staged(mission, source, stage,
                                                 column_mapping=column_mapping)
        if lines is not None:
            return LedgerImport(mission=mission, source=source, lines=lines,
                                accounts=self.refresh_accounts())
        # not a CSV the fast path can vouch for: read line by line, bad rows listed
        batches = read_ledger(path, mapping, mission=mission, source=source, limits=limits)
        return self.import_batches(mission, source, batches, column_mapping=column_mapping)

    def sources(self, mission: str) -> list[LedgerSource]:
        return self.store.sources(mission)

    def summary(self, mission: str, period: Period) -> LedgerSummary:
        return LedgerSummary(mission=mission, period=period,
                             class_months=self.store.class_months(mission, period),
                             unmapped=self.store.unmapped_accounts(mission, period))
