"""The rows of an extract, streamed: CSV with the csv module, Excel with openpyxl's
read-only mode, Parquet with DuckDB. Each gives its header and then its rows, one at a
time, so memory stays the same whatever the file's size.

An extract is untrusted: a CSV line is read at most 64 KiB at a time and must decode;
a workbook's parts are measured before it is opened; a Parquet file's rows are counted
from its footer before a row is read, and DuckDB runs on one thread within a memory
limit. What breaks the file as a whole (no header, binary data, a wrong encoding) is an
``InputError`` naming the file and line; what breaks one row is a bad row (cells.py).
"""

from __future__ import annotations

import csv
import zipfile
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from rbb.importers.limits import ReadingLimits
from rbb.model.errors import InputError
from rbb.model.ledger import ColumnMapping

MAX_LINE_BYTES = 64 * 1024
"""The longest line (and record) of a CSV extract; a ledger line has a few hundred."""
MAX_COLUMNS = 1000
DUCKDB_MEMORY = "512MB"

Row = tuple[int, str, Sequence[object]]
"""A data row: its number (1 = the first after the header), where a user finds it in
the file (``line 7``), its cells."""


@dataclass
class Extract:
    header: list[str]
    rows: Callable[[Sequence[int]], Iterator[Row]]
    """The data rows, given the positions of the columns read (a Parquet file reads only
    those; a row's other cells are then None)."""


EXPECTED = "expected a ledger extract (CSV, Excel or Parquet) with a header row"


@contextmanager
def open_extract(path: Path, mapping: ColumnMapping, limits: ReadingLimits,
                 ) -> Iterator[Extract]:
    """The extract's header and rows, by the file's suffix (its first bytes checked)."""
    suffix = path.suffix.lower()
    if suffix in (".xlsx", ".xlsm"):
        with _excel(path, mapping, limits) as extract:
            yield extract
    elif suffix == ".parquet":
        with _parquet(path, limits) as extract:
            yield extract
    elif suffix in (".csv", ".txt", ".tsv"):
        with path.open("rb") as handle:
            yield _csv(handle, path.name, mapping, limits)
    else:
        raise InputError(f"a file ending {suffix or '(nothing)'}: expected a ledger extract "
                         "ending .csv, .txt, .tsv, .xlsx, .xlsm or .parquet", file=path.name)


class _Lines:
    """A CSV file's lines, decoded, each (and each record) at most 64 KiB."""

    def __init__(self, handle: IO[bytes], name: str, encoding: str) -> None:
        self.handle = handle
        self.name = name
        self.encoding = encoding
        self.number = 0
        self.record_bytes = 0

    def __iter__(self) -> Iterator[str]:
        while True:
            raw = self.handle.readline(MAX_LINE_BYTES + 1)
            if not raw:
                return
            self.number += 1
            self.record_bytes += len(raw)
            if self.record_bytes > MAX_LINE_BYTES:
                raise InputError(f"a line (or a quoted cell) longer than {MAX_LINE_BYTES:,} "
                                 f"bytes; {EXPECTED}", file=self.name, line=self.number)
            if b"\0" in raw:
                raise InputError(f"binary data (a NUL byte); {EXPECTED}",
                                 file=self.name, line=self.number)
            try:
                text = raw.decode("utf-8-sig" if self.number == 1 and self.encoding == "utf-8"
                                  else self.encoding)
            except UnicodeDecodeError as error:
                raise InputError(f"bytes that are not {self.encoding} (byte {error.start + 1} "
                                 f"of the line); {EXPECTED}, encoded {self.encoding}",
                                 file=self.name, line=self.number) from None
            yield text


def _csv(handle: IO[bytes], name: str, mapping: ColumnMapping, limits: ReadingLimits,
         ) -> Extract:
    lines = _Lines(handle, name, mapping.encoding)
    reader = csv.reader(lines, delimiter=mapping.delimiter, strict=True)

    def records() -> Iterator[list[str]]:
        while True:
            try:
                record = next(reader)
            except StopIteration:
                return
            except csv.Error as error:
                raise InputError(f"not CSV ({error}); {EXPECTED}", file=name,
                                 line=lines.number) from None
            lines.record_bytes = 0
            yield record

    stream = records()
    header: list[str] | None = None
    for _ in range(mapping.header_row):
        header = next(stream, None)
    if not header or not any(cell.strip() for cell in header):
        raise InputError(f"no header on line {mapping.header_row}; {EXPECTED}", file=name)

    def rows(_: Sequence[int]) -> Iterator[Row]:
        count = 0
        for record in stream:
            count += 1
            _count(count, limits, name)
            if not record or all(not cell.strip() for cell in record):
                continue  # an empty row: counted, so that row numbers are positions
            yield count, f"line {lines.number}", record

    return Extract(header, rows)


@contextmanager
def _excel(path: Path, mapping: ColumnMapping, limits: ReadingLimits) -> Iterator[Extract]:
    from openpyxl import load_workbook

    _check_parts(path, limits)
    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except Exception as error:  # zip errors; expat's ParseError (entities, bad XML)
        raise InputError(f"not an Excel workbook ({_why(error)}); {EXPECTED}",
                         file=path.name) from None
    try:
        if mapping.sheet is None and book.worksheets:
            sheet = book.worksheets[0]
        elif mapping.sheet in book.sheetnames and hasattr(book[mapping.sheet], "iter_rows"):
            sheet = book[mapping.sheet]
        else:
            wanted = "no sheet of cells" if mapping.sheet is None else (
                f"no sheet of cells {mapping.sheet!r} (the mapping's sheet)")
            raise InputError(f"{wanted}; the sheets are "
                             f"{', '.join(repr(s) for s in book.sheetnames[:20])}",
                             file=path.name)
        cells = sheet.iter_rows(values_only=True)
        header: Sequence[Any] | None = None
        for _ in range(mapping.header_row):
            header = _guarded(path.name, cells)
        if header is None or all(c is None for c in header):
            raise InputError(f"no header in row {mapping.header_row} of sheet "
                             f"{sheet.title!r}; {EXPECTED}", file=path.name)
        names = ["" if c is None else str(c) for c in header]

        def rows(_: Sequence[int]) -> Iterator[Row]:
            count = 0
            at = mapping.header_row
            while (row := _guarded(path.name, cells)) is not None:
                at += 1
                count += 1
                _count(count, limits, path.name)
                if all(c is None or (isinstance(c, str) and not c.strip()) for c in row):
                    continue
                yield count, f"sheet row {at}", row

        yield Extract(names, rows)
    finally:
        book.close()


def _guarded(name: str, cells: Iterator[Sequence[Any]]) -> Sequence[Any] | None:
    try:
        return next(cells, None)
    except Exception as error:  # expat's ParseError, zip errors while streaming
        raise InputError(f"the workbook cannot be read ({_why(error)}); {EXPECTED}",
                         file=name) from None


def _check_parts(path: Path, limits: ReadingLimits) -> None:
    """A workbook is a zip: the sizes its parts declare bound what they inflate to, and
    openpyxl holds the shared strings in memory (the cells stream)."""
    try:
        with zipfile.ZipFile(path) as archive:
            parts = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError):
        raise InputError(f"not an Excel workbook (not a zip file); {EXPECTED}",
                         file=path.name) from None
    total = sum(part.file_size for part in parts)
    strings = sum(part.file_size for part in parts if part.filename.endswith("sharedStrings.xml"))
    if total > limits.max_ledger_bytes or strings > limits.max_unpacked_bytes:
        raise InputError(f"the workbook unpacks to {total:,} bytes ({strings:,} of shared "
                         f"strings), more than the {limits.setting('max_ledger_bytes')} "
                         f"(strings: {limits.setting('max_unpacked_bytes')}) rbb reads "
                         f"(a zip bomb?); {EXPECTED}", file=path.name)


@contextmanager
def _parquet(path: Path, limits: ReadingLimits) -> Iterator[Extract]:
    import duckdb

    with path.open("rb") as handle:
        head = handle.read(4)
        handle.seek(0, 2)
        size = handle.tell()
        handle.seek(max(size - 4, 0))
        tail = handle.read(4)
    if head != b"PAR1" or tail != b"PAR1" or size < 12:
        raise InputError(f"not a Parquet file (no PAR1 mark at its start and end); "
                         f"{EXPECTED}", file=path.name)
    connection = duckdb.connect(config={
        "threads": 1, "memory_limit": DUCKDB_MEMORY, "autoinstall_known_extensions": False,
        "autoload_known_extensions": False})
    try:
        try:
            declared = connection.execute(
                "SELECT num_rows FROM parquet_file_metadata(?)", [str(path)]).fetchone()
            described = connection.execute(
                "DESCRIBE SELECT * FROM read_parquet(?)", [str(path)]).fetchall()
        except duckdb.Error as error:
            raise InputError(f"the Parquet file cannot be read ({_why(error)}); {EXPECTED}",
                             file=path.name) from None
        rows_declared = int(declared[0]) if declared else 0
        if rows_declared > limits.max_ledger_rows:
            raise InputError(f"the Parquet file declares {rows_declared:,} rows, more than "
                             f"the {limits.amount('max_ledger_rows')} (RBB_MAX_LEDGER_ROWS) "
                             "rbb reads", file=path.name)
        names = [str(column[0]) for column in described]
        if len(names) > MAX_COLUMNS:
            raise InputError(f"{len(names):,} columns, more than {MAX_COLUMNS:,}; {EXPECTED}",
                             file=path.name)

        def rows(positions: Sequence[int]) -> Iterator[Row]:
            quoted = ", ".join('"' + names[p].replace('"', '""') + '"' for p in positions)
            try:
                cursor = connection.execute(f"SELECT {quoted} FROM read_parquet(?)",
                                            [str(path)])
                count = 0
                while batch := cursor.fetchmany(2048):
                    for values in batch:
                        count += 1
                        _count(count, limits, path.name)
                        cells: list[object] = [None] * len(names)
                        for position, value in zip(positions, values, strict=True):
                            cells[position] = value
                        yield count, "", cells
            except duckdb.Error as error:
                raise InputError(f"the Parquet file cannot be read ({_why(error)}); "
                                 f"{EXPECTED}", file=path.name) from None

        yield Extract(names, rows)
    finally:
        connection.close()


def _count(count: int, limits: ReadingLimits, name: str) -> None:
    if count > limits.max_ledger_rows:
        raise InputError(f"more than {limits.amount('max_ledger_rows')} rows "
                         "(RBB_MAX_LEDGER_ROWS); split the extract", file=name)


def _why(error: Exception) -> str:
    detail = " ".join(str(error).split())[:200]
    return f"{error.__class__.__name__}: {detail}" if detail else error.__class__.__name__
