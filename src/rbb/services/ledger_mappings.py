"""The ledger's mappings for both interfaces (docs/execution.md, "Column mappings",
"Account mappings"): the account and funds-centre mappings read by version and changed
by adding one, and the column mapping saved for a source.

Every change is a new version of the whole mapping, stored with who made it and why;
the aggregates join with the current version from the moment it is stored. The shipped
reference file (``data/reference/ledger_accounts.csv``) is version 1 of the accounts when
a store has none, and is never written over: a mission's chart replaces it by a version
of its own."""

from __future__ import annotations

import getpass
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from rbb.model.errors import InputError, NotFoundError
from rbb.model.ledger_mappings import (
    MappingChanges,
    MappingKind,
    MappingVersion,
    account_mapping,
    diff,
    funds_centre_mapping,
    mapping_csv,
    read_mapping_file,
)

if TYPE_CHECKING:
    from rbb.model.cycle import Period
    from rbb.model.ledger import AccountMapping, ColumnMapping, FundsCentreMapping
    from rbb.storage.ledger import LedgerStore
    from rbb.storage.ledger_mappings import LedgerMappingStore, OfficeTotal

    Mapping = AccountMapping | FundsCentreMapping

REFERENCE_AUTHOR = "rbb"
REFERENCE_COMMENT = "the shipped reference file data/reference/ledger_accounts.csv"


def default_author() -> str:
    """Who changes a mapping from the command line: the system's user name."""
    try:
        return getpass.getuser()
    except (OSError, KeyError):
        return "unknown"


@dataclass(frozen=True)
class VersionChanges:
    """A version and what it changed of the one before it (version 1: all added)."""

    version: MappingVersion
    changes: MappingChanges


class LedgerMappings:
    """The mappings of one ledger store. ``accounts``: version 1 of the account mapping
    when none is stored (default: the shipped reference file)."""

    def __init__(self, ledger: LedgerStore, *,
                 accounts: Sequence[AccountMapping] | None = None) -> None:
        from rbb.storage.ledger_mappings import LedgerMappingStore

        self.store: LedgerMappingStore = LedgerMappingStore(ledger)
        self._accounts = accounts

    def ensure_accounts(self) -> MappingVersion:
        """The current account mapping, version 1 stored first if there is none."""
        from rbb.model.ledger_accounts import account_mappings

        if self._accounts is not None:
            seed: Sequence[Mapping] = self._accounts
            comment = "the account mapping rbb was started with"
        else:
            seed, comment = account_mappings(), REFERENCE_COMMENT
        return self.store.ensure_first(MappingKind.ACCOUNTS, seed, author=REFERENCE_AUTHOR,
                                       comment=comment)

    def _ensure(self, kind: MappingKind) -> None:
        if kind is MappingKind.ACCOUNTS:
            self.ensure_accounts()

    # -- reading ------------------------------------------------------------------------

    def current(self, kind: MappingKind) -> MappingVersion | None:
        self._ensure(kind)
        return self.store.current(kind)

    def rows(self, kind: MappingKind, version: int | None = None) -> list[Mapping]:
        self._ensure(kind)
        return self.store.mappings(kind, version)

    def history(self, kind: MappingKind, *, ensure: bool = True) -> list[VersionChanges]:
        """Every version with what it changed, the newest first (``ensure``: version 1
        of the accounts stored first when none is)."""
        if ensure:
            self._ensure(kind)
        found: list[VersionChanges] = []
        before: dict[str, Mapping] = {}
        for version in self.store.versions(kind):
            after = {_key(row): row for row in self.store.mappings(kind, version.number)}
            found.append(VersionChanges(version, diff(before, after)))  # type: ignore[arg-type]
            before = after
        return found[::-1]

    def export(self, kind: MappingKind, version: int | None = None) -> str:
        """A version as CSV, which ``import_file`` reads back."""
        return mapping_csv(self.rows(kind, version), kind)  # type: ignore[arg-type]

    def office_totals(self, mission: str, period: Period) -> list[OfficeTotal]:
        return self.store.office_totals(mission, period)

    # -- changing: each change a new version --------------------------------------------

    def set_account(self, account: str, class_code: str, *, label: str | None = None,
                    author: str, comment: str = "") -> MappingVersion:
        """Map an account to a class (a new account, or another class); the label kept
        unless one is given."""
        self.ensure_accounts()
        wanted = account_mapping(account, class_code, label or "")

        def edit(rows: list[Mapping]) -> list[Mapping]:
            old = next((r for r in rows if _key(r) == wanted.account), None)
            if label is None and old is not None:
                new = wanted.model_copy(update={"label": getattr(old, "label", "")})
            else:
                new = wanted
            if old == new:
                raise InputError(f"account {wanted.account} is mapped to {new.class_code} "
                                 "already; nothing changed")
            return [r for r in rows if _key(r) != wanted.account] + [new]

        return self.store.change(MappingKind.ACCOUNTS, edit, author=author,
                                 comment=comment or f"account {wanted.account} → "
                                 f"{wanted.class_code}")

    def set_funds_centre(self, funds_centre: str, office: str, *, component: str | None,
                         author: str, comment: str = "") -> MappingVersion:
        wanted = funds_centre_mapping(funds_centre, office, component)

        def edit(rows: list[Mapping]) -> list[Mapping]:
            if wanted in rows:
                raise InputError(f"funds centre {wanted.funds_centre} is mapped so already; "
                                 "nothing changed")
            return [r for r in rows if _key(r) != wanted.funds_centre] + [wanted]

        return self.store.change(MappingKind.FUNDS_CENTRES, edit, author=author,
                                 comment=comment or f"funds centre {wanted.funds_centre} → "
                                 f"{wanted.office}")

    def remove(self, kind: MappingKind, key: str, *, author: str,
               comment: str = "") -> MappingVersion:
        """A version without ``key``: its lines are then reported as unmapped."""
        self._ensure(kind)
        key = key.strip()

        def edit(rows: list[Mapping]) -> list[Mapping]:
            kept = [r for r in rows if _key(r) != key]
            if len(kept) == len(rows):
                raise NotFoundError(f"{key} is not in the current {_name(kind)} mapping")
            return kept

        return self.store.change(kind, edit, author=author,
                                 comment=comment or f"{key} removed")

    def import_file(self, kind: MappingKind, data: bytes, *, name: str, author: str,
                    comment: str = "") -> MappingVersion:
        """A whole mapping from a CSV (what ``export`` writes): every row checked before
        anything is stored; the same rows as the current version change nothing."""
        self._ensure(kind)
        rows: list[Mapping] = list(read_mapping_file(data, kind, name=name))

        def edit(before: list[Mapping]) -> list[Mapping]:
            if sorted(before, key=_key) == sorted(rows, key=_key):
                raise InputError(f"{name} holds the current {_name(kind)} mapping; "
                                 "nothing changed")
            return rows

        return self.store.change(kind, edit, author=author,
                                 comment=comment or f"imported from {name}")

    # -- column mappings saved per source -----------------------------------------------

    def save_column_mapping(self, mission: str, source: str, mapping: ColumnMapping, *,
                            author: str) -> None:
        self.store.save_column_mapping(mission, source, mapping.model_dump_json(),
                                       author=author)


@dataclass(frozen=True)
class MappingView:
    """A mapping as the web shows it, read without writing: a version's rows and every
    version's changes."""

    kind: MappingKind
    version: MappingVersion | None
    """None when none is stored yet: for the accounts, ``rows`` are then the shipped
    reference file, stored as version 1 at the first import or change."""
    rows: list[Mapping]
    history: list[VersionChanges]


def mapping_view(ledger: object, kind: MappingKind, version: int | None = None
                 ) -> MappingView | None:
    """The mapping of the store's ledger (``StoredLedger``, what the web app reads); None
    for a ledger held in memory, which keeps no versions."""
    from rbb.services.execution_service import StoredLedger

    if not isinstance(ledger, StoredLedger):
        return None
    mappings = LedgerMappings(ledger.store)
    current = mappings.store.current(kind)
    if current is None and version is None:
        from rbb.model.ledger_accounts import account_mappings

        rows: list[Mapping] = (sorted(account_mappings(), key=_key)
                               if kind is MappingKind.ACCOUNTS else [])
        return MappingView(kind, None, rows, [])
    history = mappings.history(kind, ensure=False)
    wanted = version if version is not None else (current.number if current else 0)
    shown = next((h.version for h in history if h.version.number == wanted), None)
    if shown is None:
        raise NotFoundError(f"no version {version} of the {_name(kind)} mapping")
    return MappingView(kind, shown, mappings.store.mappings(kind, shown.number), history)


def source_mapping(ledger: LedgerStore, mission: str, source: str) -> ColumnMapping | None:
    """The column mapping the next extract of a source is read with: the newer of the one
    ``rbb ledger map`` saved for it and the one it was last imported with; None for a
    source with neither."""
    from rbb.model.ledger import ColumnMapping
    from rbb.storage.ledger_mappings import LedgerMappingStore

    saved = LedgerMappingStore(ledger).saved_column_mapping(mission, source)
    imported = next((s for s in ledger.sources(mission) if s.source == source), None)
    text: str | None = None
    if saved is not None and (imported is None or imported.column_mapping is None
                              or saved.saved_at >= imported.imported_at):
        text = saved.column_mapping
    elif imported is not None:
        text = imported.column_mapping
    return ColumnMapping.model_validate_json(text) if text else None


def _key(row: Mapping) -> str:
    return row.account if hasattr(row, "account") else row.funds_centre


def _name(kind: MappingKind) -> str:
    return "account" if kind is MappingKind.ACCOUNTS else "funds-centre"
