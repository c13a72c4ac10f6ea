"""Where the ledger's lines live: a DuckDB file (beside an SQLite store) or the
PostgreSQL store's ``ledger_lines`` (``rbb.storage.ledger`` is the interface; decision 25).

A DuckDB file can be open in one process at a time for writing. The backend keeps it
open while it is used and for ``IDLE_SECONDS`` after (a page's queries then cost what
they compute, not the opening of the file), then closes it so that another process (an
``rbb ledger import`` beside ``rbb serve``) can open it; a process that finds it taken
waits up to ``WAIT_SECONDS`` before it reports the ledger busy."""

from __future__ import annotations

import atexit
import csv
import threading
import time
import weakref
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from decimal import Decimal
from pathlib import Path
from tempfile import TemporaryDirectory
from typing import TYPE_CHECKING, Any, Protocol

from sqlalchemy import Engine, text
from sqlalchemy.exc import DBAPIError

from rbb.model.errors import BusyError, InputError

from . import ledger_sql as sql

if TYPE_CHECKING:
    from rbb.model.ledger import LedgerLine

CENT = Decimal("0.01")
LIMIT = Decimal("1e18")
"""What ``DECIMAL(20, 2)`` holds."""
IDLE_SECONDS = 2.0
WAIT_SECONDS = 10.0

Row = tuple[Any, ...]
Run = Callable[[str, "dict[str, Any] | list[dict[str, Any]]"], list[Row]]
"""A statement run in a transaction (``:name`` parameters; a list: one run per dict),
and the rows it gives."""


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


_OPEN: weakref.WeakSet[DuckDbLedger] = weakref.WeakSet()
"""The DuckDB ledgers of this process, closed at its exit (``_close_at_exit``)."""


@atexit.register
def _close_at_exit() -> None:
    """Close every DuckDB ledger before the interpreter finalizes. Left to its idle
    timer, a ledger used in the last seconds of a process (a server stopped just after
    an import) is closed by a daemon thread during finalization, which is killed inside
    DuckDB: glibc then aborts with "exception not rethrown"."""
    for ledger in list(_OPEN):
        ledger.close()


class DuckDbLedger:
    """A DuckDB file, kept open while it is used and ``idle`` seconds after, or one
    in-memory database for the life of the store."""

    def __init__(self, path: Path | None, *, idle: float = IDLE_SECONDS,
                 wait: float = WAIT_SECONDS) -> None:
        import duckdb

        self._path = path
        self._idle = idle
        self._wait = wait
        self._lock = threading.Lock()
        self._database: Any = duckdb.connect(":memory:") if path is None else None
        self._users = 0
        self._used_at = 0.0
        self._closer: threading.Timer | None = None
        """One timer at a time, started when the file is first left unused."""
        _OPEN.add(self)
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
        """A cursor of the open database (each thread its own), the file opened first if
        it is closed."""
        with self._lock:
            if self._database is None:
                self._database = self._open()
            self._users += 1
            cursor = self._database.cursor()
        try:
            yield cursor
        finally:
            cursor.close()
            with self._lock:
                self._users -= 1
                self._used_at = time.monotonic()
                if self._closer is None and self._path is not None:
                    self._schedule(self._idle)

    def _open(self) -> Any:
        import duckdb

        deadline = time.monotonic() + self._wait
        pause = 0.05
        while True:
            try:
                return duckdb.connect(str(self._path))
            except duckdb.IOException as error:  # another process has it (a file lock)
                if time.monotonic() + pause > deadline:
                    raise BusyError(f"the ledger is in use by another process (waited "
                                    f"{self._wait:g} s; with rbb serve running, import "
                                    f"through the web app or its API): {error}",
                                    file=str(self._path)) from None
                time.sleep(pause)
                pause = min(pause * 2, 1.0)

    def _schedule(self, seconds: float) -> None:
        self._closer = threading.Timer(seconds, self._close_if_idle)
        self._closer.daemon = True
        self._closer.start()

    def _close_if_idle(self) -> None:
        """Close the file once it has been unused for ``idle`` seconds; else look again
        when it will have been."""
        with self._lock:
            self._closer = None
            if self._database is None:
                return
            unused = time.monotonic() - self._used_at
            if self._users or unused < self._idle:
                self._schedule(self._idle - unused if not self._users else self._idle)
                return
            self._database.close()
            self._database = None

    def close(self) -> None:
        """Close the database now (the in-memory one is gone with it)."""
        with self._lock:
            if self._closer is not None:
                self._closer.cancel()
                self._closer = None
            if self._database is not None:
                self._database.close()
                self._database = None

    def rows(self, query: str, params: dict[str, Any]) -> list[Row]:
        with self._connect() as connection:
            return [tuple(row) for row in
                    connection.execute(sql.for_duckdb(query), params).fetchall()]

    def replace(self, mission: str, source: str, batches: Iterable[Sequence[LedgerLine]],
                source_row: dict[str, Any]) -> int:
        keys = {"mission": mission, "source": source}
        count = 0
        with (self._connect() as connection,
              TemporaryDirectory(prefix="rbb-ledger-") as tmp, _atomic(connection)):
            connection.execute(sql.for_duckdb(sql.DELETE_SOURCE), keys)
            for number, batch in enumerate(batches):
                rows = [line_row(line, mission, source) for line in batch]
                if rows:
                    self._load(connection, Path(tmp) / f"batch-{number}.csv", rows)
                count += len(rows)
            _record_source(_on_duckdb(connection), keys, source_row, count)
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
            with _atomic(connection):
                connection.execute(sql.for_duckdb(sql.DELETE_SOURCE), keys)
                connection.execute(f"INSERT INTO ledger_lines ({', '.join(sql.LINE_COLUMNS)}) "
                                   f"{staged.select}")
                found = connection.execute(sql.for_duckdb(sql.SOURCE_LINES), keys).fetchone()
                count = int(found[0]) if found else 0
                _record_source(_on_duckdb(connection), keys, source_row, count)
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
        connection.execute(
            f"INSERT INTO ledger_lines SELECT * FROM read_csv({_literal(str(path))}, "
            f"header=false, "
            f"auto_detect=false, delim=',', quote='\"', escape='\"', "
            f"allow_quoted_nulls=false, dateformat='%Y-%m-%d', columns={{{columns}}})")
        path.unlink()

    def replace_accounts(self, rows: list[dict[str, Any]]) -> None:
        with self._connect() as connection, _atomic(connection):
            connection.execute(sql.DELETE_ACCOUNTS)
            for row in rows:
                connection.execute(sql.for_duckdb(sql.INSERT_ACCOUNT), row)

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

            with _atomic(connection):
                yield run


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


@contextmanager
def _atomic(connection: Any) -> Iterator[None]:
    """A DuckDB transaction: committed when the block ends, rolled back if it raises."""
    connection.execute("BEGIN TRANSACTION")
    try:
        yield
    except BaseException:
        connection.execute("ROLLBACK")
        raise
    connection.execute("COMMIT")


def _record_source(execute: Callable[[str, dict[str, Any]], object], keys: dict[str, str],
                   source_row: dict[str, Any], count: int) -> None:
    """The source's monthly summary and its row, replaced in the import's transaction
    (``execute`` runs one statement of ``ledger_sql`` on the backend's connection)."""
    for statement in (sql.DELETE_SOURCE_MONTHS, sql.INSERT_SOURCE_MONTHS,
                      sql.DELETE_SOURCE_ROW):
        execute(statement, keys)
    execute(sql.INSERT_SOURCE_ROW, {**source_row, "line_count": count})


def _on_duckdb(connection: Any) -> Callable[[str, dict[str, Any]], object]:
    return lambda statement, params: connection.execute(sql.for_duckdb(statement), params)


def _on_postgres(connection: Any) -> Callable[[str, dict[str, Any]], object]:
    return lambda statement, params: connection.execute(text(statement), params)


def _bound(connection: Any, folder: str) -> None:
    connection.execute(f"SET memory_limit = '{STAGING_MEMORY}'")
    connection.execute(f"SET temp_directory = {_literal(folder)}")


def _literal(value: str) -> str:
    """A string literal of DuckDB's SQL (a file's path)."""
    return "'" + value.replace("'", "''") + "'"


_DUCKDB_TYPES = {"row_number": "INTEGER", "posting_date": "DATE", "posting_month": "DATE",
                 "period": "INTEGER", "amount": sql.MONEY, "amount_usd": sql.MONEY}


class PostgresLedger:
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
            _record_source(_on_postgres(connection), keys, source_row, count)
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
                _record_source(_on_postgres(connection), keys, source_row, count)
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
