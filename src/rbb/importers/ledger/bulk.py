"""A large CSV extract read by DuckDB, the mapping's rules run as SQL (docs/execution.md,
"How a large extract is read").

``read_ledger`` builds and validates a ``LedgerLine`` per row in Python: exact, and the
reader of every bad row's reason, but about a hundred microseconds a line. This module is
the fast path in front of it. DuckDB's CSV reader loads the extract's cells as text into a
staging database (a file in a temporary folder: memory stays within DuckDB's limit
whatever the extract's size), and one query computes every line's fields by the same rules
``cells.py`` applies, writing them to a Parquet file of typed columns that the ledger store
loads in one statement.

The SQL accepts a subset of what ``cells.py`` accepts, never more: a cell in a form it is
not sure of (a date in a second format, an amount with a third decimal, a code with a
non-breaking space at its end, a blank line in the middle of the file) makes ``stage_csv``
answer None, and the caller reads the extract with ``read_ledger``, which stores the same
lines or lists the bad rows with their reasons. Whatever the path, the lines stored are
those ``read_ledger`` gives (tests/importers/ledger/test_bulk.py compares the two on
generated extracts and on random cells)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from rbb.importers.limits import ReadingLimits
from rbb.model.ledger import ColumnMapping, LedgerDocumentType

from .cells import MAX_CODE_CHARS, MAX_TEXT_CHARS, Bad, RowReader, known_currencies
from .reading import _check_names, _check_size, _positions, extract_header

STAGED_COLUMNS = (
    "mission", "source", "row_number", "document_number", "posting_date", "posting_month",
    "period", "fund", "funds_centre", "account", "document_type", "amount", "currency",
    "amount_usd", "text",
)
"""The columns of the staged Parquet file, named and ordered as the ledger's table."""

DUCKDB_MEMORY = "1GB"
"""DuckDB's working memory while staging: beyond it, it spills to the staging folder."""
MAX_LINE_BYTES = 60_000
"""Below the 64 KiB ``read_ledger`` allows, so that a record near the limit is left to it."""
_SCAN = 8 * 1024 * 1024
_WHOLE_DIGITS = 15
"""An amount's integer digits the fast path reads: far within DECIMAL(20, 2)."""
_SPACE = (r"[\t\n\x0b\x0c\r\x1c-\x1f\x{85}\x{a0}\x{1680}\x{2000}-\x{200a}\x{2028}"
          r"\x{2029}\x{202f}\x{205f}\x{3000}]")
"""What Python's ``str.strip`` removes besides the space (RE2 syntax): a cell beginning or
ending with one is left to ``read_ledger``."""
_EDGE_SPACE = "^" + _SPACE + "|" + _SPACE + "$"
_QUOTED_FORMULA = "^'+[=+@\\t\\r-]"
"""A text rbb wrote with a quote before a formula trigger (``rbb.model.spreadsheet``)."""
_DATE_TOKENS = {"%Y": r"\d{4}", "%m": r"\d{2}", "%d": r"\d{2}"}


@dataclass(frozen=True)
class StagedExtract:
    """An extract read and checked: its lines as a Parquet file of ``STAGED_COLUMNS``."""

    parquet: Path
    lines: int
    periods: tuple[int, ...]
    """The start years of the financial periods its lines are posted to."""


def stage_csv(path: Path, mapping: ColumnMapping, *, mission: str, source: str,
              folder: Path, limits: ReadingLimits | None = None) -> StagedExtract | None:
    """The extract's lines staged in ``folder``, or None when the fast path cannot vouch
    for every row (the caller then reads it with ``read_ledger``). Errors of the file as a
    whole (its size, a missing column) are raised as ``read_ledger`` raises them."""
    limits = limits or ReadingLimits()
    if not _applies(path, mapping):
        return None
    _check_names(mission, source, path.name)
    _check_size(path, limits)
    header = extract_header(path, mapping, limits)
    positions = _positions(header, mapping, path.name)
    if any("\n" in name or "\r" in name for name in header) or not _plain_bytes(path):
        return None
    reader = RowReader(mapping, positions, mission=mission, source=source)
    constants = _constants(reader)
    if constants is None:
        return None
    fields = _Fields(mapping, positions, constants)
    with _staging(folder) as connection:
        return _stage(connection, path, mapping, header, fields, mission, source, folder,
                      limits)


def _applies(path: Path, mapping: ColumnMapping) -> bool:
    return (path.suffix.lower() in (".csv", ".txt", ".tsv") and mapping.encoding == "utf-8"
            and mapping.header_row == 1 and _date_pattern(mapping.date_formats[0]) is not None)


def _plain_bytes(path: Path) -> bool:
    """No NUL byte and no blank line before the file's end: DuckDB skips a blank line
    that ``read_ledger`` counts as a row (its row numbers are positions)."""
    size = path.stat().st_size
    with path.open("rb") as handle:
        handle.seek(max(size - _SCAN, 0))
        tail = handle.read()
        end = size - (len(tail) - len(tail.rstrip(b"\r\n")))
        handle.seek(0)
        if handle.read(1) in (b"\n", b"\r"):
            return False
        handle.seek(0)
        carried = b""
        at = 0
        while at < end:
            chunk = handle.read(min(_SCAN, end - at))
            if not chunk:
                break
            at += len(chunk)
            text = carried + chunk
            if b"\0" in chunk or b"\n\n" in text or b"\n\r\n" in text:
                return False
            carried = text[-2:]
    return True


def _constants(reader: RowReader) -> dict[str, object] | None:
    """Each constant of the mapping read as ``cells.py`` reads it (None: one is bad, and
    ``read_ledger`` will say so for every row)."""
    values: dict[str, object] = {}
    for field, read, position, constant in reader.plan:
        if position is None:
            try:
                values[field] = read(constant)
            except Bad:
                return None
    return values


@contextmanager
def _staging(folder: Path) -> Iterator[Any]:
    import duckdb

    connection = duckdb.connect(str(folder / "staging.duckdb"), config={
        "memory_limit": DUCKDB_MEMORY, "temp_directory": str(folder / "spill"),
        "autoinstall_known_extensions": False, "autoload_known_extensions": False})
    try:
        yield connection
    finally:
        connection.close()


def _stage(connection: Any, path: Path, mapping: ColumnMapping, header: list[str],
           fields: _Fields, mission: str, source: str, folder: Path,
           limits: ReadingLimits) -> StagedExtract | None:
    import duckdb

    columns = ", ".join(f"'c{p}': 'VARCHAR'" for p in range(len(header)))
    try:
        connection.execute(
            f"CREATE TABLE raw AS SELECT * FROM read_csv({_text(str(path))}, header=true, "
            f"auto_detect=false, delim={_text(mapping.delimiter)}, quote='\"', escape='\"', "
            f"strict_mode=true, null_padding=false, allow_quoted_nulls=false, "
            f"max_line_size={MAX_LINE_BYTES}, columns={{{columns}}})")
    except duckdb.Error:
        return None  # not CSV as DuckDB reads it: read_ledger says what is wrong
    total = connection.execute("SELECT count(*) FROM raw").fetchone()
    if total is None or int(total[0]) > limits.max_ledger_rows:
        return None
    staged = folder / "staged.parquet"
    blank = " AND ".join(f"coalesce(trim(c{p}, ' '), '') = ''" for p in range(len(header)))
    select = fields.select(_text(mission), _text(source))
    connection.execute(
        f"COPY (SELECT {select} FROM raw WHERE NOT ({blank})) "
        f"TO {_text(str(staged))} (FORMAT parquet)")
    found = connection.execute(
        "SELECT count(*), count(*) FILTER (WHERE NOT ok), list(DISTINCT period) "
        f"FROM read_parquet({_text(str(staged))})").fetchone()
    assert found is not None
    lines, refused, periods = found
    if refused:
        return None
    return StagedExtract(parquet=staged, lines=int(lines),
                         periods=tuple(sorted(int(p) for p in periods or ())))


class _Fields:
    """The SQL of each field of a line from the staged cells (``c0`` ... by position),
    mirroring ``RowReader`` in cells.py; every value that rule would refuse is NULL or
    makes ``ok`` false."""

    def __init__(self, mapping: ColumnMapping, positions: dict[str, int],
                 constants: dict[str, object]) -> None:
        self.mapping = mapping
        self.positions = positions
        self.constants = constants
        self.guards: list[str] = []
        """Conditions every accepted row meets (no doubtful whitespace, known forms)."""

    def cell(self, field: str) -> str | None:
        """The cell as ``RowReader`` sees it: stripped, its spreadsheet quote removed,
        empty as NULL; None for a field the extract does not give."""
        position = self.positions.get(field)
        if position is None:
            return None
        trimmed = f"trim(c{position}, ' ')"
        guard = (f"({trimmed} IS NULL OR NOT regexp_matches({trimmed}, "
                 f"{_text(_EDGE_SPACE)}))")
        if guard not in self.guards:
            self.guards.append(guard)
        if self.mapping.spreadsheet_quotes:
            trimmed = (f"(CASE WHEN regexp_matches({trimmed}, {_text(_QUOTED_FORMULA)}) "
                       f"THEN substr({trimmed}, 2) ELSE {trimmed} END)")
        return f"nullif({trimmed}, '')"

    def code(self, field: str) -> str:
        constant = self.constants.get(field)
        if constant is not None or field not in self.positions:
            return _text(str(constant))
        cell = self.cell(field)
        pattern = _text(f"[^\\x00-\\x1f\\x7f]{{1,{MAX_CODE_CHARS}}}")
        return f"(CASE WHEN regexp_full_match({cell}, {pattern}) THEN {cell} END)"

    def posting_date(self) -> str:
        cell = self.cell("posting_date")
        if cell is None:
            raise ValueError("a posting date is always read from a column")
        form = self.mapping.date_formats[0]
        pattern = _date_pattern(form)
        assert pattern is not None
        return (f"(CASE WHEN regexp_full_match({cell}, {_text(pattern)}) THEN "
                f"try_strptime({cell}, {_text(form)})::DATE END)")

    def document_type(self) -> str:
        constant = self.constants.get("document_type")
        if constant is not None or "document_type" not in self.positions:
            assert isinstance(constant, LedgerDocumentType)
            return _text(constant.value)
        cell = self.cell("document_type")
        cases = " ".join(f"WHEN {_text(key.strip().casefold())} THEN {_text(kind.value)}"
                         for key, kind in self.mapping.document_types.items()
                         if key.strip().casefold().isascii())
        if not cases:
            return "NULL"
        return (f"(CASE WHEN regexp_full_match({cell}, '[ -~]*') THEN "
                f"CASE lower({cell}) {cases} END END)")

    def amount(self, field: str) -> str | None:
        constant = self.constants.get(field)
        if constant is not None:
            assert isinstance(constant, Decimal)
            if constant != constant.quantize(Decimal("0.01")):
                return "NULL"
            return f"CAST({_text(str(constant))} AS DECIMAL(20, 2))"
        cell = self.cell(field)
        if cell is None:
            return None
        sep = self.mapping.thousands_separator
        dec = re.escape(self.mapping.decimal_separator)
        whole = (rf"\d{{1,3}}(?:{re.escape(sep)}\d{{3}})+|\d+" if sep else r"\d+")
        number = rf"(?:{whole})(?:{dec}\d{{1,2}})?"
        digits = f"replace({cell}, {_text(sep)}, '')" if sep else cell
        plain = f"replace({digits}, {_text(self.mapping.decimal_separator)}, '.')"
        self.guards.append(f"({cell} IS NULL OR length(regexp_replace({cell}, '[^0-9]', '', "
                           f"'g')) <= {_WHOLE_DIGITS + 2})")
        signed, trailing = _text("[-+]?" + number), _text(number + " *-")
        bracketed = _text(r"\( *" + number + r" *\)")
        return (f"(CASE WHEN regexp_full_match({cell}, {signed}) "
                f"THEN TRY_CAST({plain} AS DECIMAL(20, 2)) "
                f"WHEN regexp_full_match({cell}, {trailing}) "
                f"THEN -TRY_CAST(rtrim({plain}, ' -') AS DECIMAL(20, 2)) "
                f"WHEN regexp_full_match({cell}, {bracketed}) "
                f"THEN -TRY_CAST(trim({plain}, '( )') AS DECIMAL(20, 2)) END)")

    def currency(self) -> str:
        constant = self.constants.get("currency")
        if constant is not None or "currency" not in self.positions:
            return _text(str(constant))
        cell = self.cell("currency")
        known = ", ".join(_text(code) for code in sorted(known_currencies()))
        return (f"(CASE WHEN regexp_full_match({cell}, '[A-Za-z]{{3}}') AND upper({cell}) "
                f"IN ({known}) THEN upper({cell}) END)")

    def period(self, day: str) -> tuple[str, str]:
        """The period's start year, and the condition that it holds the posting date."""
        derived = f"(year({day}) - CASE WHEN month({day}) >= 7 THEN 0 ELSE 1 END)"
        cell = self.cell("period")
        if cell is None:
            return derived, "true"
        form = self.mapping.period_format
        pattern, groups = _period_pattern(form)
        def group(name: str) -> str:
            return (f"TRY_CAST(regexp_extract({cell}, {_text(pattern)}, {groups[name]}) "
                    "AS INTEGER)")
        year = group("year")
        if "next" in groups:
            start = year
            holds = f"(({year} + 1) % 100 = {group('next')})"
        else:
            number = group("number")
            start = year if self.mapping.fiscal_year_named_by == "start" else f"({year} - 1)"
            month = f"(CASE WHEN {number} > 12 THEN 6 ELSE ({number} + 5) % 12 + 1 END)"
            holds = f"({number} BETWEEN 1 AND 16 AND month({day}) = {month})"
        given = f"(CASE WHEN regexp_full_match({cell}, {_text(pattern)}) THEN {start} END)"
        read = f"(CASE WHEN {cell} IS NULL THEN {derived} ELSE {given} END)"
        check = f"({cell} IS NULL OR ({holds} AND {given} = {derived}))"
        return read, check

    def text(self) -> str:
        constant = self.constants.get("text")
        if constant is not None or "text" not in self.positions:
            return _text(str(constant or ""))
        return f"coalesce({self.cell('text')}, '')"

    def select(self, mission: str, source: str) -> str:
        day = self.posting_date()
        period, holds = self.period(day)
        amount = self.amount("amount")
        usd_given = self.amount("amount_usd")
        currency = self.currency()
        usd = amount if usd_given is None else f"coalesce({usd_given}, {amount})"
        values = {
            "mission": mission, "source": source, "row_number": "CAST(rowid + 1 AS INTEGER)",
            "document_number": self.code("document_number"), "posting_date": day,
            "posting_month": f"CAST(date_trunc('month', {day}) AS DATE)",
            "period": f"CAST({period} AS INTEGER)", "fund": self.code("fund"),
            "funds_centre": self.code("funds_centre"), "account": self.code("account"),
            "document_type": self.document_type(), "amount": amount,
            "currency": currency, "amount_usd": usd, "text": self.text(),
        }
        usd_cell = "NULL" if usd_given is None else usd_given
        usd_raw = self.cell("amount_usd") or "NULL"
        rules = [
            f"({usd_raw} IS NULL OR {usd_cell} IS NOT NULL)",
            *(f"{values[name]} IS NOT NULL" for name in STAGED_COLUMNS),
            f"year({day}) BETWEEN 1901 AND 2998", holds,
            f"strlen({values['text']}) <= {MAX_TEXT_CHARS}",
            # a line in another currency has its dollars given; in dollars, the same amount
            f"({usd_cell} IS NOT NULL OR {currency} = 'USD')",
            f"({currency} <> 'USD' OR {usd_cell} IS NULL OR {usd_cell} = {amount})",
            f"NOT ({usd} > 0 AND {amount} < 0) AND NOT ({usd} < 0 AND {amount} > 0)",
            *self.guards,
        ]
        ok = " AND ".join(f"coalesce({rule}, false)" for rule in rules)
        return ", ".join([*(f"{values[name]} AS {name}" for name in STAGED_COLUMNS),
                          f"({ok}) AS ok"])


def _date_pattern(form: str) -> str | None:
    """The RE2 pattern of a ``strptime`` format of %Y, %m and %d (each once) between
    separators, two digits for a month or a day; None for any other format."""
    parts: list[str] = []
    seen: set[str] = set()
    rest = form
    while rest:
        token = rest[:2]
        if token in _DATE_TOKENS and token not in seen:
            parts.append(_DATE_TOKENS[token])
            seen.add(token)
            rest = rest[2:]
        elif rest[0] == "%" or rest[0].isalnum() or rest[0].isspace() or not rest[0].isascii():
            return None
        else:
            parts.append(re.escape(rest[0]))
            rest = rest[1:]
    return "".join(parts) if seen == set(_DATE_TOKENS) else None


def _period_pattern(form: str) -> tuple[str, dict[str, int]]:
    """The RE2 pattern of a period format (``YYYY/YY``, ``YYYY/PP``, ``PPP/YYYY``) and
    the group of each of its parts."""
    tokens = (("YYYY", "year", r"(\d{4})"), ("PPP", "number", r"(\d{3})"),
              ("PP", "number", r"(\d{2})"), ("YY", "next", r"(\d{2})"))
    parts: list[str] = []
    groups: dict[str, int] = {}
    rest = form
    while rest:
        for token, name, pattern in tokens:
            if rest.startswith(token):
                parts.append(pattern)
                groups[name] = len(groups) + 1
                rest = rest[len(token):]
                break
        else:
            parts.append(re.escape(rest[0]))
            rest = rest[1:]
    return "^" + "".join(parts) + "$", groups


def _text(value: str) -> str:
    """A string literal of DuckDB's SQL."""
    return "'" + value.replace("'", "''") + "'"
