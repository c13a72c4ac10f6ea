"""``read_ledger``: an extract read whole, then its lines in batches, or every bad row.

The whole file is read before the first batch is given, so that every bad row is listed
and a caller never stores part of a bad extract. The lines read meanwhile wait in a
temporary file (of the system's temporary folder, deleted when reading ends), a batch
at a time: memory stays that of one batch whatever the extract's size, and the
untrusted file is parsed once.
"""

from __future__ import annotations

import pickle
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import IO

from pydantic import TypeAdapter, ValidationError

from rbb.importers.limits import ReadingLimits
from rbb.model.base import Label, MissionCode
from rbb.model.errors import InputError, LedgerInputError, TooLargeError
from rbb.model.ledger import DEFAULT_MAPPING, BadRow, ColumnMapping, LedgerLine

from .cells import RowReader, shown
from .sources import MAX_COLUMNS, open_extract

BATCH = 20_000
"""Lines per batch given (the interface allows up to 50,000)."""
MAX_BATCH = 50_000
LISTED = 100
"""Bad rows listed; the others are counted."""
HOPELESS = 1000
"""Bad rows before the first good one after which reading stops: the mapping is not the
extract's, and reading on would list the same reason for every row."""


def read_ledger(path: Path, mapping: ColumnMapping, *, mission: str, source: str,
                limits: ReadingLimits | None = None, batch_size: int = BATCH,
                ) -> Iterator[list[LedgerLine]]:
    """The extract's lines in batches of at most ``batch_size``, once the whole file is
    read; ``LedgerInputError`` listing the bad rows (up to 100, then how many more), or an
    ``InputError`` for a file that is no extract. Nothing is given before the end."""
    limits = limits or ReadingLimits()
    if not 1 <= batch_size <= MAX_BATCH:
        raise ValueError(f"a batch has 1 to {MAX_BATCH:,} lines")
    _check_names(mission, source, path.name)
    _check_size(path, limits)
    with tempfile.TemporaryFile(prefix="rbb-ledger-") as spill:
        pending, spilled = _read(path, mapping, limits, mission, source, batch_size, spill)
        if spilled:
            spill.seek(0)
            for _ in range(spilled):
                yield pickle.load(spill)  # rbb's own temporary file, unlinked
        if pending:
            yield pending


def extract_header(path: Path, mapping: ColumnMapping | None = None,
                   limits: ReadingLimits | None = None) -> list[str]:
    """The column names of an extract (what ``rbb ledger map`` shows a user writing a
    mapping); ``mapping`` gives the CSV's delimiter and encoding, the sheet, the header row."""
    limits = limits or ReadingLimits()
    _check_size(path, limits)
    with open_extract(path, mapping or DEFAULT_MAPPING, limits) as extract:
        return list(extract.header[:MAX_COLUMNS])


def _read(path: Path, mapping: ColumnMapping, limits: ReadingLimits, mission: str,
          source: str, batch_size: int, spill: IO[bytes]) -> tuple[list[LedgerLine], int]:
    """Every row read: the last batch of lines, and how many batches were spilled."""
    bad: list[BadRow] = []
    listed_rows = bad_rows = good = spilled = 0
    pending: list[LedgerLine] = []
    with open_extract(path, mapping, limits) as extract:
        positions = _positions(extract.header, mapping, path.name)
        reader = RowReader(mapping, positions, mission=mission, source=source)
        width = len(extract.header)
        for number, where, cells in extract.rows(sorted(set(positions.values()))):
            line = reader.line(number, where, cells, width)
            if isinstance(line, LedgerLine):
                good += 1
                if bad:
                    continue
                pending.append(line)
                if len(pending) == batch_size:
                    pickle.dump(pending, spill, protocol=pickle.HIGHEST_PROTOCOL)
                    spilled += 1
                    pending = []
                continue
            pending = []
            bad_rows += 1
            if len(bad) < LISTED:
                bad.extend(line[:LISTED - len(bad)])
                listed_rows += 1
            if not good and bad_rows >= HOPELESS:
                raise LedgerInputError(tuple(bad), bad_rows - listed_rows, file=path.name,
                                       stopped=f"reading stopped after {HOPELESS:,} rows "
                                       "none of which is a ledger line: is the mapping the "
                                       "extract's?")
    if bad:
        raise LedgerInputError(tuple(bad), bad_rows - listed_rows, file=path.name)
    return pending, spilled


def _positions(header: list[str], mapping: ColumnMapping, name: str) -> dict[str, int]:
    """Where each mapped column is in the header (names compared without regard to case
    and spaces); a column missing or given twice is an error naming the header's line."""
    if len(header) > MAX_COLUMNS:
        raise InputError(f"the header has {len(header):,} columns, more than {MAX_COLUMNS:,}; "
                         "expected a ledger extract", file=name, line=mapping.header_row)
    found: dict[str, list[int]] = {}
    for position, column in enumerate(header):
        found.setdefault(_key(column), []).append(position)
    positions: dict[str, int] = {}
    missing: list[str] = []
    for field, column_source in mapping.sources().items():
        if column_source.column is None:
            continue
        column = column_source.column
        places = found.get(_key(column), [])
        if not places:
            missing.append(f"{shown(column)} ({field})")
        elif len(places) > 1:
            raise InputError(f"the column {shown(column)} ({field}) is in the header "
                             f"{len(places)} times; expected it once", file=name,
                             line=mapping.header_row)
        else:
            positions[field] = places[0]
    if missing:
        columns = ", ".join(shown(c) for c in header[:30]) + (" ..." if len(header) > 30
                                                               else "")
        raise InputError(f"the extract has no column {', '.join(missing)}; its header has "
                         f"{columns}; expected the columns of the mapping "
                         f"{shown(mapping.name or '(unnamed)')}", file=name,
                         line=mapping.header_row)
    if not positions:
        raise InputError("the mapping reads no column of the extract", file=name)
    return positions


def _key(column: str) -> str:
    return " ".join(column.split()).casefold()


def _check_size(path: Path, limits: ReadingLimits) -> None:
    try:
        size = path.stat().st_size
    except OSError as error:
        raise InputError(f"cannot be read ({error.strerror}); expected a ledger extract",
                         file=path.name) from None
    if not path.is_file():
        raise InputError("is not a file; expected a ledger extract", file=path.name)
    if size > limits.max_ledger_bytes:
        raise TooLargeError(f"the extract has {size:,} bytes, more than the "
                            f"{limits.setting('max_ledger_bytes')} rbb reads", file=path.name)


def _check_names(mission: str, source: str, name: str) -> None:
    try:
        TypeAdapter(MissionCode).validate_python(mission)
        TypeAdapter(Label).validate_python(source)
    except ValidationError as error:
        problem = error.errors(include_url=False)[0]
        raise InputError(f"{shown(problem['input'])}: expected a mission code (UNMIK) and a "
                         "source name of at most 64 characters on one line", file=name) from None
