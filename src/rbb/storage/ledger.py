"""The expenditure ledger's store (docs/execution.md, "Where the ledger is stored").

An SQLite store keeps its ledger in a DuckDB file beside it (``rbb.sqlite`` →
``rbb.ledger.duckdb``; an in-memory DuckDB for an in-memory SQLite store): columnar, and
a million postings aggregate in a fraction of a second where SQLite would take seconds.
A PostgreSQL store keeps it in ``ledger_lines``, partitioned by period (migration 0012).
The queries are the same SQL text on both (``ledger_sql``, decision 25).

An import replaces one source's lines in one transaction, however many batches it
streams: a failed or killed import leaves the lines as they were."""

from __future__ import annotations

import csv
import datetime as dt
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from tempfile import TemporaryDirectory
from typing import TYPE_CHECKING, Any, Protocol

from sqlalchemy import Engine, text
from sqlalchemy.exc import DBAPIError

from rbb.model.errors import BusyError, InputError

from . import ledger_sql as sql

if TYPE_CHECKING:
    from rbb.model.cycle import Period
    from rbb.model.ledger import AccountMapping, ClassMonth, LedgerLine

MAX_PAGE = 10_000
"""The most lines one page of ``lines`` returns."""

CENT = Decimal("0.01")
LIMIT = Decimal("1e18")
"""What ``DECIMAL(20, 2)`` holds."""

Row = tuple[Any, ...]
Run = Callable[[str, "dict[str, Any] | list[dict[str, Any]]"], list[Row]]
"""A statement run in a transaction (``:name`` parameters; a list: one run per dict),
and the rows it gives."""


@dataclass(frozen=True)
class LedgerSource:
    """One imported extract of a mission: what it holds and how its columns were read."""

    source: str
    lines: int
    imported_at: dt.datetime
    column_mapping: str | None
    """The column mapping it was read with, as JSON (a re-sent extract reuses it)."""


@dataclass(frozen=True)
class LedgerTotal:
    """The postings of one account or funds centre in a period, in dollars."""

    key: str
    class_code: str | None
    """The class the account maps to; None when unmapped (and for funds centres)."""
    obligated: Decimal
    disbursed: Decimal
    adjusted: Decimal
    lines: int


@dataclass(frozen=True)
class UnmappedAccount:
    """An account the account mapping does not hold: its lines count nowhere until it
    is mapped, and are reported rather than dropped."""

    account: str
    lines: int
    amount_usd: Decimal


def duckdb_path_for(sqlite_database: str | None) -> Path | None:
    """The ledger file beside an SQLite store; None for an in-memory store."""
    if not sqlite_database or sqlite_database == ":memory:":
        return None
    store = Path(sqlite_database)
    return store.with_name(f"{store.stem}.ledger.duckdb")


def line_row(line: LedgerLine, mission: str, source: str) -> Row:
    """A line as the columns of ``ledger_lines``; refuses a line of another extract or an
    amount in fractions of a cent (the columns keep two decimals, and nothing is rounded
    on the way in)."""
    if line.mission != mission or line.source != source:
        raise InputError(f"a line of {line.mission}/{line.source} in the import of "
                         f"{mission}/{source}", file=source, line=line.row)
    for name, value in (("amount", line.amount), ("amount_usd", line.amount_usd)):
        exponent = value.as_tuple().exponent
        if (not isinstance(exponent, int) or exponent < -2) and value != value.quantize(CENT):
            raise InputError(f"{name} {value} has more than two decimals", file=source,
                             line=line.row)
        if not -LIMIT < value < LIMIT:
            raise InputError(f"{name} {value} is out of range", file=source, line=line.row)
    if "\x00" in line.text:
        raise InputError("a line's text holds a NUL character", file=source, line=line.row)
    day = line.posting_date
    return (line.mission, line.source, line.row, line.document_number, day,
            day.replace(day=1), line.period.start_year, line.fund, line.funds_centre,
            line.account, line.document_type.value, line.amount, line.currency,
            line.amount_usd, line.text)


class _Backend(Protocol):
    def rows(self, query: str, params: dict[str, Any]) -> list[Row]: ...

    def replace(self, mission: str, source: str, batches: Iterable[Sequence[LedgerLine]],
                source_row: dict[str, Any]) -> int: ...

    def replace_staged(self, mission: str, source: str,
                       stage: Callable[[Any], StagedLines | None],
                       source_row: dict[str, Any]) -> int | None: ...

    def replace_accounts(self, rows: list[dict[str, Any]]) -> None: ...

    def transaction(self) -> AbstractContextManager[Run]: ...

    def close(self) -> None: ...


class LedgerStore:
    """The ledger of a store: ``LedgerStore(engine)`` finds where it lives from the
    store's engine (a DuckDB file beside SQLite, the store itself on PostgreSQL)."""

    def __init__(self, engine: Engine) -> None:
        backend: _Backend
        if engine.dialect.name == "postgresql":
            backend = _Postgres(engine)
        elif engine.dialect.name == "sqlite":
            backend = _DuckDb(duckdb_path_for(engine.url.database))
        else:
            raise InputError(f"no ledger store on {engine.dialect.name}")
        self._backend = backend
        self.backend = "postgresql" if engine.dialect.name == "postgresql" else "duckdb"

    def close(self) -> None:
        self._backend.close()

    def replace_source(self, mission: str, source: str,
                       batches: Iterable[Sequence[LedgerLine]], *,
                       column_mapping: str | None = None) -> int:
        """Replace the lines of one extract of ``mission`` with ``batches`` in one
        transaction; the number of lines stored. An error in any batch (a bad row
        reported at the end of reading) leaves the earlier lines in place."""
        source_row = {"mission": mission, "source": source, "line_count": 0,
                      "imported_at": dt.datetime.now(dt.UTC).replace(tzinfo=None),
                      "column_mapping": column_mapping}
        return self._backend.replace(mission, source, batches, source_row)

    def replace_source_staged(self, mission: str, source: str,
                              stage: Callable[[Any], StagedLines | None], *,
                              column_mapping: str | None = None) -> int | None:
        """Replace the lines of one extract with those ``stage`` puts in a temporary table
        of a DuckDB connection it is given (``rbb.importers.ledger.bulk``): one
        transaction, one statement (DuckDB) or one COPY (PostgreSQL). None, and nothing
        changed, when ``stage`` gives None (the extract is then read line by line)."""
        source_row = {"mission": mission, "source": source, "line_count": 0,
                      "imported_at": dt.datetime.now(dt.UTC).replace(tzinfo=None),
                      "column_mapping": column_mapping}
        return self._backend.replace_staged(mission, source, stage, source_row)

    def replace_accounts(self, mappings: Iterable[AccountMapping]) -> int:
        """The account mapping every aggregate joins with, replaced whole."""
        rows = [{"account": m.account, "class_code": m.class_code, "label": m.label}
                for m in mappings]
        self._backend.replace_accounts(rows)
        return len(rows)

    def accounts(self) -> list[AccountMapping]:
        from rbb.model.ledger import AccountMapping

        return [AccountMapping(account=a, class_code=c, label=label)
                for a, c, label in self._backend.rows(sql.ACCOUNTS, {})]

    def transaction(self) -> AbstractContextManager[Run]:
        """Statements of the ledger's database run in one transaction, for the tables
        that live beside the lines (``rbb.storage.ledger_mappings``): all or nothing."""
        return self._backend.transaction()

    def sources(self, mission: str) -> list[LedgerSource]:
        return [LedgerSource(source=s, lines=int(n), imported_at=at, column_mapping=m)
                for s, n, at, m in self._backend.rows(sql.SOURCES, {"mission": mission})]

    def periods(self, mission: str) -> list[tuple[Period, int]]:
        """The periods a mission's ledger has lines in, and how many."""
        from rbb.model.cycle import Period

        return [(Period(int(p)), int(n))
                for p, n in self._backend.rows(sql.PERIODS, {"mission": mission})]

    def class_months(self, mission: str, period: Period) -> list[ClassMonth]:
        """Class × month of the period's mapped lines (``unmapped_accounts`` lists the
        others), in dollars."""
        from rbb.model.ledger import ClassMonth

        found = self._backend.rows(sql.CLASS_MONTHS, _keys(mission, period))
        return [ClassMonth(class_code=c, month=_day(m), obligated=_money(o),
                           disbursed=_money(d), adjusted=_money(a))
                for c, m, o, d, a, _n in found]

    def by_account(self, mission: str, period: Period) -> list[LedgerTotal]:
        return self._totals(sql.BY_ACCOUNT, mission, period)

    def by_funds_centre(self, mission: str, period: Period) -> list[LedgerTotal]:
        return self._totals(sql.BY_FUNDS_CENTRE, mission, period)

    def unmapped_accounts(self, mission: str, period: Period) -> list[UnmappedAccount]:
        return [UnmappedAccount(account=a, lines=int(n), amount_usd=_money(total))
                for a, n, total in self._backend.rows(sql.UNMAPPED, _keys(mission, period))]

    def lines(self, mission: str, period: Period, *, class_code: str | None = None,
              account: str | None = None, month: dt.date | None = None, offset: int = 0,
              limit: int = 100) -> list[LedgerLine]:
        """One page of the period's lines by date, source and row, filtered by class
        (``national_staff``: also the lines of its two parts, which accounts map to),
        account or month (its first day or any day of it)."""
        from rbb.model.ledger import LedgerLine

        if not 0 <= limit <= MAX_PAGE or offset < 0:
            raise InputError(f"a page holds 0 to {MAX_PAGE} lines from an offset of 0 or more")
        params: dict[str, Any] = {**_keys(mission, period), "limit": limit, "offset": offset}
        codes: tuple[str, ...] = ()
        if class_code is not None:
            from rbb.model.classes import BY_CODE

            # a class whose parts are printed too (national staff): its accounts map to them
            codes = (class_code, *(c.code for c in BY_CODE.values() if c.parent == class_code))
            params.update({f"class_{number}": code for number, code in enumerate(codes)})
        if account is not None:
            params["account"] = account
        if month is not None:
            params["month"] = month.replace(day=1)
        query = sql.lines_query(classes=len(codes), account=account is not None,
                                month=month is not None)
        found = []
        for row in self._backend.rows(query, params):
            values = dict(zip(sql.LINE_COLUMNS, row, strict=True))
            values["row"] = values.pop("row_number")
            values["posting_date"] = _day(values["posting_date"])
            del values["posting_month"]
            values["period"] = period
            values["amount"] = _money(values["amount"])
            values["amount_usd"] = _money(values["amount_usd"])
            found.append(LedgerLine.model_validate(values))
        return found

    def _totals(self, query: str, mission: str, period: Period) -> list[LedgerTotal]:
        return [LedgerTotal(key=k, class_code=c, obligated=_money(o), disbursed=_money(d),
                            adjusted=_money(a), lines=int(n))
                for k, c, o, d, a, n in self._backend.rows(query, _keys(mission, period))]


def _keys(mission: str, period: Period) -> dict[str, Any]:
    return {"mission": mission, "period": period.start_year}


def _money(value: Any) -> Decimal:
    """A sum as exact dollars: both backends give a Decimal; NULL (no line) is zero."""
    return Decimal(0) if value is None else Decimal(value).quantize(CENT)


def _day(value: Any) -> dt.date:
    return value.date() if isinstance(value, dt.datetime) else value


class _DuckDb:
    """A DuckDB file, opened for each operation (so that another process can open it
    between two), or one in-memory database for the life of the store."""

    def __init__(self, path: Path | None) -> None:
        import duckdb

        self._path = path
        self._memory = duckdb.connect(":memory:") if path is None else None
        if path is not None:
            path.parent.mkdir(parents=True, exist_ok=True)
        with self._connect() as connection:
            for statement in sql.DUCKDB_SCHEMA:
                connection.execute(statement)
            summarised = connection.execute(
                "SELECT count(*) FROM duckdb_tables() WHERE table_name = 'ledger_months'"
            ).fetchone()
            if not summarised or not summarised[0]:
                connection.execute(sql.MONTHS_TABLE)
                connection.execute(sql.ALL_MONTHS)

    @contextmanager
    def _connect(self) -> Iterator[Any]:
        import duckdb

        if self._memory is not None:
            cursor = self._memory.cursor()
            try:
                yield cursor
            finally:
                cursor.close()
            return
        try:
            connection = duckdb.connect(str(self._path))
        except duckdb.IOException as error:  # another process writes it (a file lock)
            raise BusyError(f"the ledger is in use by another process: {error}",
                            file=str(self._path)) from None
        try:
            yield connection
        finally:
            connection.close()

    def close(self) -> None:
        if self._memory is not None:
            self._memory.close()

    def rows(self, query: str, params: dict[str, Any]) -> list[Row]:
        with self._connect() as connection:
            return [tuple(row) for row in
                    connection.execute(sql.for_duckdb(query), params).fetchall()]

    def replace(self, mission: str, source: str, batches: Iterable[Sequence[LedgerLine]],
                source_row: dict[str, Any]) -> int:
        keys = {"mission": mission, "source": source}
        count = 0
        with self._connect() as connection, TemporaryDirectory(prefix="rbb-ledger-") as tmp:
            connection.execute("BEGIN TRANSACTION")
            try:
                connection.execute(sql.for_duckdb(sql.DELETE_SOURCE), keys)
                for number, batch in enumerate(batches):
                    rows = [line_row(line, mission, source) for line in batch]
                    if rows:
                        self._load(connection, Path(tmp) / f"batch-{number}.csv", rows)
                    count += len(rows)
                _summarise(connection, keys)
                connection.execute(sql.for_duckdb(sql.DELETE_SOURCE_ROW), keys)
                connection.execute(sql.for_duckdb(sql.INSERT_SOURCE_ROW),
                                   {**source_row, "line_count": count})
                connection.execute("COMMIT")
            except BaseException:
                connection.execute("ROLLBACK")
                raise
        return count

    def replace_staged(self, mission: str, source: str,
                       stage: Callable[[Any], StagedLines | None],
                       source_row: dict[str, Any]) -> int | None:
        keys = {"mission": mission, "source": source}
        with self._connect() as connection, TemporaryDirectory(prefix="rbb-ledger-") as spill:
            _bound(connection, spill)
            staged = stage(connection)
            if staged is None:
                return None
            connection.execute("BEGIN TRANSACTION")
            try:
                connection.execute(sql.for_duckdb(sql.DELETE_SOURCE), keys)
                connection.execute(f"INSERT INTO ledger_lines ({', '.join(sql.LINE_COLUMNS)}) "
                                   f"{staged.select}")
                found = connection.execute(sql.for_duckdb(sql.SOURCE_LINES), keys).fetchone()
                count = int(found[0]) if found else 0
                _summarise(connection, keys)
                connection.execute(sql.for_duckdb(sql.DELETE_SOURCE_ROW), keys)
                connection.execute(sql.for_duckdb(sql.INSERT_SOURCE_ROW),
                                   {**source_row, "line_count": count})
                connection.execute("COMMIT")
            except BaseException:
                connection.execute("ROLLBACK")
                raise
        return count

    @staticmethod
    def _load(connection: Any, path: Path, rows: list[Row]) -> None:
        """One batch through a CSV file DuckDB reads with its columns' types: no amount
        passes through a float, and one statement loads the batch (decision 24)."""
        with path.open("w", encoding="utf-8", newline="") as file:
            writer = csv.writer(file, quoting=csv.QUOTE_ALL, lineterminator="\n")
            writer.writerows(rows)
        columns = ", ".join(f"'{name}': '{_DUCKDB_TYPES.get(name, 'VARCHAR')}'"
                            for name in sql.LINE_COLUMNS)
        location = str(path).replace("'", "''")
        connection.execute(
            f"INSERT INTO ledger_lines SELECT * FROM read_csv('{location}', header=false, "
            f"auto_detect=false, delim=',', quote='\"', escape='\"', "
            f"allow_quoted_nulls=false, dateformat='%Y-%m-%d', columns={{{columns}}})")
        path.unlink()

    def replace_accounts(self, rows: list[dict[str, Any]]) -> None:
        with self._connect() as connection:
            connection.execute("BEGIN TRANSACTION")
            try:
                connection.execute(sql.DELETE_ACCOUNTS)
                for row in rows:
                    connection.execute(sql.for_duckdb(sql.INSERT_ACCOUNT), row)
                connection.execute("COMMIT")
            except BaseException:
                connection.execute("ROLLBACK")
                raise

    @contextmanager
    def transaction(self) -> Iterator[Run]:
        with self._connect() as connection:
            def run(query: str, params: dict[str, Any] | list[dict[str, Any]]) -> list[Row]:
                if isinstance(params, list):
                    for one in params:
                        connection.execute(sql.for_duckdb(query), one)
                    return []
                result = connection.execute(sql.for_duckdb(query), params)
                return [tuple(row) for row in result.fetchall()] if result.description else []

            connection.execute("BEGIN TRANSACTION")
            try:
                yield run
                connection.execute("COMMIT")
            except BaseException:
                connection.execute("ROLLBACK")
                raise


_COPY_CHUNK = 1024 * 1024
STAGING_MEMORY = "1GB"
"""DuckDB's memory while an extract is staged: beyond it, it spills to a temporary folder
(the import of 10 million lines stays within 2 GiB)."""
_UNTRUSTED: dict[str, str | bool | int | float | list[str]] = {
    "autoinstall_known_extensions": False, "autoload_known_extensions": False}


class StagedLines(Protocol):
    """An extract staged in a DuckDB connection (``rbb.importers.ledger.bulk``)."""

    @property
    def select(self) -> str:
        """A query of its lines, in the columns of ``ledger_lines``."""

    @property
    def periods(self) -> tuple[int, ...]: ...


def _summarise(connection: Any, keys: dict[str, str]) -> None:
    """The source's monthly summary, replaced in the import's transaction."""
    connection.execute(sql.for_duckdb(sql.DELETE_SOURCE_MONTHS), keys)
    connection.execute(sql.for_duckdb(sql.INSERT_SOURCE_MONTHS), keys)


def _bound(connection: Any, folder: str) -> None:
    connection.execute(f"SET memory_limit = '{STAGING_MEMORY}'")
    connection.execute(f"SET temp_directory = {_literal(folder)}")


def _literal(value: str) -> str:
    """A string literal of DuckDB's SQL (a file's path)."""
    return "'" + value.replace("'", "''") + "'"


_DUCKDB_TYPES = {"row_number": "INTEGER", "posting_date": "DATE", "posting_month": "DATE",
                 "period": "INTEGER", "amount": sql.MONEY, "amount_usd": sql.MONEY}


class _Postgres:
    """``ledger_lines`` of a PostgreSQL store, loaded with COPY in the transaction that
    deletes the source's old lines."""

    def __init__(self, engine: Engine) -> None:
        self._engine = engine

    def close(self) -> None:
        return None

    def rows(self, query: str, params: dict[str, Any]) -> list[Row]:
        with self._engine.connect() as connection:
            return [tuple(row) for row in connection.execute(text(query), params)]

    def _partition(self, period: int) -> None:
        """A period's partition, in a transaction of its own: creating one locks the
        whole table, so it is done before the import's transaction when it can be."""
        try:
            with self._engine.begin() as connection:
                connection.execute(text(sql.partition_ddl(period)))
        except DBAPIError:  # created at the same moment by another import
            with self._engine.connect() as connection:
                exists = connection.execute(text("SELECT to_regclass(:name)"),
                                            {"name": f"ledger_lines_{period}"}).scalar()
            if exists is None:
                raise

    def replace(self, mission: str, source: str, batches: Iterable[Sequence[LedgerLine]],
                source_row: dict[str, Any]) -> int:
        keys = {"mission": mission, "source": source}
        pending = iter(batches)
        first = next(pending, None)
        first_rows = [line_row(line, mission, source) for line in first or ()]
        known: set[int] = set()
        for period in sorted({row[6] for row in first_rows}):
            self._partition(period)
            known.add(period)
        copy_sql = f"COPY ledger_lines ({', '.join(sql.LINE_COLUMNS)}) FROM STDIN"
        count = 0
        with self._engine.begin() as connection:
            connection.execute(text(sql.DELETE_SOURCE), keys)
            raw = connection.connection.driver_connection
            assert raw is not None
            rows: list[Row] | None = first_rows
            while rows is not None:
                for period in sorted({row[6] for row in rows} - known):
                    connection.execute(text(sql.partition_ddl(period)))
                    known.add(period)
                if rows:
                    with raw.cursor() as cursor, cursor.copy(copy_sql) as copy:
                        for row in rows:
                            copy.write_row(row)
                count += len(rows)
                batch = next(pending, None)
                rows = None if batch is None else [line_row(line, mission, source)
                                                   for line in batch]
            connection.execute(text(sql.DELETE_SOURCE_MONTHS), keys)
            connection.execute(text(sql.INSERT_SOURCE_MONTHS), keys)
            connection.execute(text(sql.DELETE_SOURCE_ROW), keys)
            connection.execute(text(sql.INSERT_SOURCE_ROW), {**source_row, "line_count": count})
        return count

    def replace_staged(self, mission: str, source: str,
                       stage: Callable[[Any], StagedLines | None],
                       source_row: dict[str, Any]) -> int | None:
        """The extract staged in a DuckDB of its own, written as CSV by DuckDB and given to
        COPY as it is read: no line passes through Python."""
        import duckdb

        keys = {"mission": mission, "source": source}
        with TemporaryDirectory(prefix="rbb-ledger-") as folder:
            text_file = Path(folder) / "lines.csv"
            with duckdb.connect(config=_UNTRUSTED) as staging:
                _bound(staging, folder)
                staged = stage(staging)
                if staged is None:
                    return None
                staging.execute(f"COPY ({staged.select}) TO {_literal(str(text_file))} "
                                "(FORMAT csv, HEADER false)")
            for period in staged.periods:
                self._partition(period)
            copy_sql = (f"COPY ledger_lines ({', '.join(sql.LINE_COLUMNS)}) FROM STDIN "
                        "(FORMAT csv)")
            with self._engine.begin() as connection:
                connection.execute(text(sql.DELETE_SOURCE), keys)
                raw = connection.connection.driver_connection
                assert raw is not None
                with raw.cursor() as cursor:
                    with cursor.copy(copy_sql) as copy, text_file.open("rb") as handle:
                        while chunk := handle.read(_COPY_CHUNK):
                            copy.write(chunk)
                    count = int(cursor.rowcount)
                connection.execute(text(sql.DELETE_SOURCE_MONTHS), keys)
                connection.execute(text(sql.INSERT_SOURCE_MONTHS), keys)
                connection.execute(text(sql.DELETE_SOURCE_ROW), keys)
                connection.execute(text(sql.INSERT_SOURCE_ROW),
                                   {**source_row, "line_count": count})
        return count

    def replace_accounts(self, rows: list[dict[str, Any]]) -> None:
        with self._engine.begin() as connection:
            connection.execute(text(sql.DELETE_ACCOUNTS))
            if rows:
                connection.execute(text(sql.INSERT_ACCOUNT), rows)

    @contextmanager
    def transaction(self) -> Iterator[Run]:
        with self._engine.begin() as connection:
            def run(query: str, params: dict[str, Any] | list[dict[str, Any]]) -> list[Row]:
                if isinstance(params, list):
                    if params:
                        connection.execute(text(query), params)
                    return []
                result = connection.execute(text(query), params)
                return [tuple(row) for row in result] if result.returns_rows else []

            yield run
