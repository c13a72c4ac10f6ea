"""The ledger's reference mappings, versioned, and the column mapping saved per source
(docs/execution.md, "Account mappings" and "Column mappings").

They live beside the lines (the DuckDB file of an SQLite store, the PostgreSQL store
itself, migration 0015) because the aggregates join with them: ``ledger_accounts`` and
``ledger_funds_centres`` hold the *current* version, rewritten in the transaction that
stores each new version, so the queries of ``ledger_sql`` are unchanged and always join
with the current mapping. Every version is kept whole in ``ledger_account_versions`` and
``ledger_funds_centre_versions``, with who made it, why and when in
``ledger_mapping_versions``; a version is never overwritten.

Two edits at the same moment both read version N and both write N + 1: the second fails
on the version's key and nothing of it is stored (``BusyError``: try again), so no edit
is lost unseen."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from rbb.model.errors import BusyError, InputError, NotFoundError
from rbb.model.ledger import AccountMapping, FundsCentreMapping
from rbb.model.ledger_mappings import MappingKind, MappingVersion

from .ledger import CENT, LedgerStore
from .ledger_backends import Row
from .ledger_sql import _SUMS

if TYPE_CHECKING:
    from rbb.model.cycle import Period

Mapping = AccountMapping | FundsCentreMapping

VERSIONS_TABLE = """CREATE TABLE IF NOT EXISTS ledger_mapping_versions (
    kind VARCHAR(16) NOT NULL,
    version INTEGER NOT NULL,
    author VARCHAR(200) NOT NULL,
    note VARCHAR(500) NOT NULL,
    created_at TIMESTAMP NOT NULL,
    row_count INTEGER NOT NULL,
    PRIMARY KEY (kind, version)
)"""

ACCOUNT_VERSIONS_TABLE = """CREATE TABLE IF NOT EXISTS ledger_account_versions (
    version INTEGER NOT NULL,
    account VARCHAR(40) NOT NULL,
    class_code VARCHAR(64) NOT NULL,
    label VARCHAR(500) NOT NULL,
    PRIMARY KEY (version, account)
)"""

CENTRE_VERSIONS_TABLE = """CREATE TABLE IF NOT EXISTS ledger_funds_centre_versions (
    version INTEGER NOT NULL,
    funds_centre VARCHAR(40) NOT NULL,
    office VARCHAR(200) NOT NULL,
    component VARCHAR(200),
    PRIMARY KEY (version, funds_centre)
)"""

CENTRES_TABLE = """CREATE TABLE IF NOT EXISTS ledger_funds_centres (
    funds_centre VARCHAR(40) PRIMARY KEY,
    office VARCHAR(200) NOT NULL,
    component VARCHAR(200)
)"""

COLUMN_MAPPINGS_TABLE = """CREATE TABLE IF NOT EXISTS ledger_column_mappings (
    mission VARCHAR(32) NOT NULL,
    source VARCHAR(64) NOT NULL,
    column_mapping TEXT NOT NULL,
    saved_at TIMESTAMP NOT NULL,
    author VARCHAR(200) NOT NULL,
    PRIMARY KEY (mission, source)
)"""

SCHEMA = (VERSIONS_TABLE, ACCOUNT_VERSIONS_TABLE, CENTRE_VERSIONS_TABLE, CENTRES_TABLE,
          COLUMN_MAPPINGS_TABLE)
"""Created by migration 0015 on PostgreSQL, when the store opens on DuckDB."""

_ROWS = {
    MappingKind.ACCOUNTS: ("ledger_account_versions", "ledger_accounts",
                           ("account", "class_code", "label")),
    MappingKind.FUNDS_CENTRES: ("ledger_funds_centre_versions", "ledger_funds_centres",
                                ("funds_centre", "office", "component")),
}
"""Each kind: its versions' table, its current table, its columns (the key first)."""

OFFICE_TOTALS = f"""SELECT l.funds_centre, MIN(f.office), MIN(f.component),{_SUMS}
FROM ledger_months l LEFT JOIN ledger_funds_centres f ON f.funds_centre = l.funds_centre
WHERE l.mission = :mission AND l.period = :period
GROUP BY l.funds_centre
ORDER BY l.funds_centre"""


@dataclass(frozen=True)
class OfficeTotal:
    """The postings of one funds centre in a period, with the office and component the
    current mapping gives it (None: unmapped, reported rather than dropped)."""

    funds_centre: str
    office: str | None
    component: str | None
    obligated: Decimal
    disbursed: Decimal
    adjusted: Decimal
    lines: int


@dataclass(frozen=True)
class SavedColumnMapping:
    """A source's column mapping as ``rbb ledger map`` saved it."""

    mission: str
    source: str
    column_mapping: str
    """As JSON (``ColumnMapping.model_dump_json``)."""
    saved_at: dt.datetime
    author: str


class LedgerMappingStore:
    """The mappings of a ledger (``LedgerStore``): read by version, changed only by adding
    a version."""

    def __init__(self, ledger: LedgerStore) -> None:
        self.ledger = ledger
        if ledger.backend == "duckdb":
            with ledger.transaction() as run:
                for statement in SCHEMA:
                    run(statement, {})

    def _rows(self, query: str, params: dict[str, Any]) -> list[Row]:
        with self.ledger.transaction() as run:
            return run(query, params)

    # -- versions ---------------------------------------------------------------------

    def versions(self, kind: MappingKind) -> list[MappingVersion]:
        """Every version of a mapping, the first first."""
        return [_version(kind, row) for row in self._rows(
            "SELECT version, author, note, created_at, row_count FROM ledger_mapping_versions "
            "WHERE kind = :kind ORDER BY version", {"kind": kind.value})]

    def current(self, kind: MappingKind) -> MappingVersion | None:
        found = self.versions(kind)
        return found[-1] if found else None

    def mappings(self, kind: MappingKind, version: int | None = None) -> list[Mapping]:
        """The rows of a version (None: the current one; none stored: no rows), by key."""
        versions_table, _, columns = _ROWS[kind]
        if version is None:
            current = self.current(kind)
            if current is None:
                return []
            version = current.number
        elif not any(v.number == version for v in self.versions(kind)):
            raise NotFoundError(f"no version {version} of the {_name(kind)} mapping")
        rows = self._rows(
            f"SELECT {', '.join(columns)} FROM {versions_table} WHERE version = :version "
            f"ORDER BY {columns[0]}", {"version": version})
        return [_mapping(kind, row) for row in rows]

    def ensure_first(self, kind: MappingKind, seed: Sequence[Mapping], *, author: str,
                     comment: str) -> MappingVersion:
        """The current version, or version 1 made of ``seed`` when none is stored (the
        shipped reference file, for the accounts)."""
        current = self.current(kind)
        if current is not None:
            return current
        try:
            return self.change(kind, lambda _rows: list(seed), author=author,
                               comment=comment, first=True)
        except BusyError:  # another process stored version 1 at the same moment
            current = self.current(kind)
            if current is None:
                raise
            return current

    def change(self, kind: MappingKind, edit: Callable[[list[Mapping]], list[Mapping]], *,
               author: str, comment: str = "", first: bool = False) -> MappingVersion:
        """A new version: ``edit`` given the current rows (in the transaction that stores
        its result) returns the new ones. ``first``: only if none is stored yet."""
        versions_table, current_table, columns = _ROWS[kind]
        created = dt.datetime.now(dt.UTC).replace(tzinfo=None)
        try:
            with self.ledger.transaction() as run:
                latest = run("SELECT MAX(version) FROM ledger_mapping_versions "
                             "WHERE kind = :kind", {"kind": kind.value})[0][0]
                if first and latest is not None:
                    raise BusyError(f"the {_name(kind)} mapping has a version already")
                number = int(latest or 0) + 1
                before = [] if latest is None else [_mapping(kind, row) for row in run(
                    f"SELECT {', '.join(columns)} FROM {versions_table} "
                    f"WHERE version = :version", {"version": int(latest)})]
                rows = _checked(kind, edit(before))
                values = [_values(row) for row in rows]
                placeholders = ", ".join(f":{c}" for c in columns)
                run("INSERT INTO ledger_mapping_versions (kind, version, author, note, "
                    "created_at, row_count) VALUES (:kind, :version, :author, :note, "
                    ":created_at, :row_count)",
                    {"kind": kind.value, "version": number, "author": author[:200],
                     "note": comment[:500], "created_at": created, "row_count": len(rows)})
                run(f"INSERT INTO {versions_table} (version, {', '.join(columns)}) "
                    f"VALUES (:version, {placeholders})",
                    [{"version": number, **value} for value in values])
                run(f"DELETE FROM {current_table}", {})
                run(f"INSERT INTO {current_table} ({', '.join(columns)}) "
                    f"VALUES ({placeholders})", values)
        except BusyError:
            raise
        except Exception as error:
            if _conflict(error):
                raise BusyError(f"the {_name(kind)} mapping was changed by someone else at "
                                "the same moment; nothing was stored: try again") from None
            raise
        return MappingVersion(kind=kind, number=number, author=author[:200],
                              comment=comment[:500], created_at=created, rows=len(rows))

    # -- what the current mappings give ---------------------------------------------------

    def office_totals(self, mission: str, period: Period) -> list[OfficeTotal]:
        """The period's lines by funds centre, with its office and component in the
        current funds-centre mapping (None: unmapped; its lines are still counted)."""
        return [OfficeTotal(funds_centre=f, office=o, component=c, obligated=_money(ob),
                            disbursed=_money(di), adjusted=_money(ad), lines=int(n))
                for f, o, c, ob, di, ad, n in self._rows(
                    OFFICE_TOTALS, {"mission": mission, "period": period.start_year})]

    # -- column mappings saved per source -------------------------------------------------

    def save_column_mapping(self, mission: str, source: str, column_mapping: str, *,
                            author: str) -> SavedColumnMapping:
        saved = SavedColumnMapping(mission=mission, source=source,
                                   column_mapping=column_mapping,
                                   saved_at=dt.datetime.now(dt.UTC).replace(tzinfo=None),
                                   author=author[:200])
        keys = {"mission": mission, "source": source}
        with self.ledger.transaction() as run:
            run("DELETE FROM ledger_column_mappings WHERE mission = :mission "
                "AND source = :source", keys)
            run("INSERT INTO ledger_column_mappings (mission, source, column_mapping, "
                "saved_at, author) VALUES (:mission, :source, :column_mapping, :saved_at, "
                ":author)", {**keys, "column_mapping": column_mapping,
                             "saved_at": saved.saved_at, "author": saved.author})
        return saved

    def saved_column_mapping(self, mission: str, source: str) -> SavedColumnMapping | None:
        found = self._rows(
            "SELECT column_mapping, saved_at, author FROM ledger_column_mappings "
            "WHERE mission = :mission AND source = :source",
            {"mission": mission, "source": source})
        if not found:
            return None
        text, saved_at, author = found[0]
        return SavedColumnMapping(mission=mission, source=source, column_mapping=text,
                                  saved_at=saved_at, author=author)


def _name(kind: MappingKind) -> str:
    return "account" if kind is MappingKind.ACCOUNTS else "funds-centre"


def _version(kind: MappingKind, row: Row) -> MappingVersion:
    number, author, note, created_at, count = row
    return MappingVersion(kind=kind, number=int(number), author=author, comment=note,
                          created_at=created_at, rows=int(count))


def _mapping(kind: MappingKind, row: Row) -> Mapping:
    if kind is MappingKind.ACCOUNTS:
        return AccountMapping(account=row[0], class_code=row[1], label=row[2])
    return FundsCentreMapping(funds_centre=row[0], office=row[1], component=row[2])


def _values(row: Mapping) -> dict[str, Any]:
    return row.model_dump()


def _checked(kind: MappingKind, rows: list[Mapping]) -> list[Mapping]:
    """The rows of a version, sorted by key: of the version's kind, each key once."""
    wanted = AccountMapping if kind is MappingKind.ACCOUNTS else FundsCentreMapping
    keyed: dict[str, Mapping] = {}
    for row in rows:
        if not isinstance(row, wanted):
            raise InputError(f"a {type(row).__name__} in the {_name(kind)} mapping")
        key = row.account if isinstance(row, AccountMapping) else row.funds_centre
        if key in keyed:
            raise InputError(f"{key} is mapped twice; expected each once")
        keyed[key] = row
    return [keyed[key] for key in sorted(keyed)]


def _conflict(error: Exception) -> bool:
    """A key already taken: another writer stored the same version first (PostgreSQL's
    unique violation, DuckDB's constraint error), or DuckDB's write conflict."""
    from sqlalchemy.exc import IntegrityError

    if isinstance(error, IntegrityError):
        return True
    name = type(error).__name__
    return name in ("ConstraintException", "TransactionException")


def _money(value: Any) -> Decimal:
    return Decimal(0) if value is None else Decimal(value).quantize(CENT)
