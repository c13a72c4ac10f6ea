"""Importing ERP extracts into the ledger and reading its aggregates, for the CLI and
the web app (docs/execution.md).

An extract is read whole by ``rbb.importers.ledger.read_ledger`` (every bad row listed
before anything is stored) and its batches stream into ``LedgerStore.replace_source``:
one transaction, so a re-sent extract replaces its own lines and a failed one leaves
the ledger as it was. The column mapping an extract was read with is kept with its
source in the ledger (``ledger_sources.column_mapping``): the next extract of the same
source is read the same way without naming it again."""

from __future__ import annotations

import csv
import importlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rbb.model.errors import InputError, NotYetAvailableError

if TYPE_CHECKING:
    from sqlalchemy import Engine

    from rbb.model.cycle import Period
    from rbb.model.ledger import AccountMapping, ClassMonth, LedgerLine
    from rbb.storage.ledger import LedgerSource, LedgerStore, UnmappedAccount

ACCOUNTS_FILE = Path(__file__).resolve().parents[1] / "data" / "reference" / "ledger_accounts.csv"
"""The account mapping (account → class of expenditure) the aggregates join with."""

MAX_MAPPING_BYTES = 1_000_000
"""A column mapping file is a few lines; anything larger is not one."""


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


def reference_accounts(path: Path | None = None) -> list[AccountMapping]:
    """The account mapping of ``data/reference/ledger_accounts.csv`` (account,
    class_code, label); none while the file is not there."""
    from rbb.model.ledger import AccountMapping

    path = ACCOUNTS_FILE if path is None else path
    if not path.exists():
        return []
    with path.open(encoding="utf-8", newline="") as file:
        rows = csv.DictReader(line for line in file if not line.startswith("#"))
        found = []
        for number, row in enumerate(rows, start=2):
            try:
                found.append(AccountMapping(account=row["account"],
                                            class_code=row["class_code"],
                                            label=row.get("label") or ""))
            except (KeyError, ValueError) as error:
                raise InputError(f"not an account mapping row: {error}", file=str(path),
                                 line=number) from None
    return found


def _reader() -> tuple[Any, Any]:
    """``read_ledger`` and ``ColumnMapping`` (the extract reader of issue 16)."""
    try:
        module = importlib.import_module("rbb.importers.ledger")
        mapping = importlib.import_module("rbb.model.ledger").ColumnMapping
        return module.read_ledger, mapping
    except (ImportError, AttributeError):
        raise NotYetAvailableError("reading ERP extracts (rbb.importers.ledger) is not "
                                   "part of this build yet") from None


class LedgerService:
    """The ledger of one store, for both interfaces."""

    def __init__(self, engine: Engine, *, accounts: Sequence[AccountMapping] | None = None
                 ) -> None:
        from rbb.storage.ledger import LedgerStore

        self.store: LedgerStore = LedgerStore(engine)
        self._accounts = accounts

    def close(self) -> None:
        self.store.close()

    def refresh_accounts(self) -> int:
        """Load the account mapping into the ledger (the reference file unless one was
        given): what the aggregates join with follows the file rbb ships."""
        accounts = reference_accounts() if self._accounts is None else self._accounts
        return self.store.replace_accounts(accounts)

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
                    mapping_path: Path | None = None, limits: Any = None) -> LedgerImport:
        """Read an extract with its column mapping (the file given, else the one its
        source was last imported with) and store it."""
        read_ledger, column_mapping = _reader()
        source = source or path.name
        if mapping_path is not None:
            mapping = _mapping_from_file(mapping_path, column_mapping)
        else:
            saved = {s.source: s.column_mapping for s in self.store.sources(mission)}
            if not saved.get(source):
                raise InputError(f"no column mapping is saved for the source {source!r} "
                                 f"of {mission}: give one with --mapping FILE "
                                 f"(docs/execution.md)", file=str(path))
            mapping = column_mapping.model_validate_json(saved[source])
        batches = read_ledger(path, mapping, mission=mission, source=source, limits=limits)
        return self.import_batches(mission, source, batches,
                                   column_mapping=mapping.model_dump_json())

    def sources(self, mission: str) -> list[LedgerSource]:
        return self.store.sources(mission)

    def summary(self, mission: str, period: Period) -> LedgerSummary:
        return LedgerSummary(mission=mission, period=period,
                             class_months=self.store.class_months(mission, period),
                             unmapped=self.store.unmapped_accounts(mission, period))


def _mapping_from_file(path: Path, column_mapping: Any) -> Any:
    """A column mapping written as JSON or YAML, read within a size limit."""
    import yaml

    if path.stat().st_size > MAX_MAPPING_BYTES:
        raise InputError(f"a column mapping is at most {MAX_MAPPING_BYTES} bytes",
                         file=str(path))
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        return column_mapping.model_validate(data)
    except (yaml.YAMLError, UnicodeDecodeError, ValueError) as error:
        first = (str(error).strip().splitlines() or [type(error).__name__])[0]
        raise InputError(f"not a column mapping: {first}", file=str(path)) from None
