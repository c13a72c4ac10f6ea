"""A large CSV extract read by DuckDB, the mapping's rules run as SQL (docs/execution.md,
"How a large extract is read").

``read_ledger`` builds and validates a ``LedgerLine`` per row in Python: exact, and the
reader of every bad row's reason, but about a hundred microseconds a line. This module is
the fast path in front of it. DuckDB's parallel CSV reader reads the extract's cells as
text and one query computes every line's fields by the same rules ``cells.py`` applies,
into a temporary table of the DuckDB connection the caller gives (the ledger store's own,
whose memory limit and spill folder bound what staging costs whatever the extract's
size); the store then loads the lines in one statement, or COPYs them to PostgreSQL.

The SQL accepts a subset of what ``cells.py`` accepts, never more: a cell in a form it is
not sure of (a date in a second format, an amount with a third decimal, a code with a
non-breaking space at its end, a blank line in the middle of the file) makes ``stage_csv``
answer None, and the caller reads the extract with ``read_ledger``, which stores the same
lines or lists the bad rows with their reasons. Whatever the path, the lines stored are
those ``read_ledger`` gives (tests/importers/ledger/test_bulk.py compares the two on
an ERP export, on random cells and on random bytes; decision 26)."""

from __future__ import annotations

import re
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
"""The columns of ``StagedExtract.select``, named and ordered as the ledger's table."""
MAX_LINE_BYTES = 60_000
"""Below the 64 KiB ``read_ledger`` allows, so that a record near the limit is left to it."""
_SCAN = 8 * 1024 * 1024
_SPACE = (r"[\t\n\x0b\x0c\r\x1c-\x1f\x{85}\x{a0}\x{1680}\x{2000}-\x{200a}\x{2028}"
          r"\x{2029}\x{202f}\x{205f}\x{3000}]")
"""What Python's ``str.strip`` removes besides the space (RE2 syntax): a cell beginning or
ending with one is left to ``read_ledger``."""
_EDGE = (r"[^\x00-\x20\x7f\x{85}\x{a0}\x{1680}\x{2000}-\x{200a}\x{2028}\x{2029}\x{202f}"
         r"\x{205f}\x{3000}]")
"""A character that is neither a control nor a space of any kind (the ends of a code)."""
_QUOTED_FORMULA = "^'+[=+@\\t\\r-]"
"""A text rbb wrote with a quote before a formula trigger (``rbb.model.spreadsheet``)."""
_DATE_TOKENS = {"%Y": r"\d{4}", "%m": r"\d{2}", "%d": r"\d{2}"}


@dataclass(frozen=True)
class StagedExtract:
    """An extract read and checked into a temporary table of a DuckDB connection."""

    select: str
    """The query of its lines, columns ``STAGED_COLUMNS`` (``INSERT INTO ... {select}``)."""
    lines: int
    periods: tuple[int, ...]
    """The start years of the financial periods its lines are posted to."""


def stage_csv(connection: Any, path: Path, mapping: ColumnMapping, *, mission: str,
              source: str, limits: ReadingLimits | None = None,
              table: str = "staged_extract") -> StagedExtract | None:
    """The extract's lines in a temporary ``table`` of the DuckDB ``connection``, or None
    when the fast path cannot vouch for every row (the caller then reads the extract with
    ``read_ledger``). Errors of the file as a whole (its size, a missing column) are
    raised as ``read_ledger`` raises them. The connection's memory limit and temporary
    directory bound what staging costs."""
    limits = limits or ReadingLimits()
    if not _applies(path, mapping) or not table.isidentifier():
        return None
    header, positions = _header(path, mapping, mission, source, limits)
    if any("\n" in name or "\r" in name for name in header) or not _plain_bytes(path):
        return None
    constants = _constants(mapping, positions, mission, source)
    if constants is None:
        return None
    fields = _Fields(mapping, positions, constants, len(header))
    return _stage(connection, path, mapping, header, fields, mission, source, limits, table)


def stage_extract(connection: Any, path: Path, mapping: ColumnMapping, *, mission: str,
                  source: str, limits: ReadingLimits | None = None,
                  table: str = "staged_extract") -> StagedExtract | None:
    """A CSV or Parquet extract staged (``stage_csv``, ``stage_parquet``); None for any
    other file, and for one the fast path cannot vouch for."""
    stage = stage_parquet if path.suffix.lower() == ".parquet" else stage_csv
    return stage(connection, path, mapping, mission=mission, source=source, limits=limits,
                 table=table)


_INTEGERS = frozenset({"TINYINT", "SMALLINT", "INTEGER", "BIGINT", "UTINYINT", "USMALLINT",
                       "UINTEGER", "UBIGINT"})
_DECIMAL = re.compile(r"DECIMAL\((\d+),(\d+)\)")
_AMOUNTS = frozenset({"amount", "amount_usd"})


def stage_parquet(connection: Any, path: Path, mapping: ColumnMapping, *, mission: str,
                  source: str, limits: ReadingLimits | None = None,
                  table: str = "staged_extract") -> StagedExtract | None:
    """A Parquet extract staged as ``stage_csv`` stages a CSV: text columns by the same
    rules, a DATE or TIMESTAMP posting date and integer or two-place DECIMAL amounts read
    as they are; any other type (a DOUBLE amount, which ``cells.py`` rounds) is left to
    ``read_ledger``. Every row is a line (a Parquet file has no blank rows to skip)."""
    limits = limits or ReadingLimits()
    if path.suffix.lower() != ".parquet" or not table.isidentifier():
        return None
    header, positions = _header(path, mapping, mission, source, limits)
    described = connection.execute(f"DESCRIBE SELECT * FROM read_parquet({_text(str(path))})"
                                   ).fetchall()
    types = [str(row[1]).replace(" ", "") for row in described]
    columns: dict[int, str] = {}
    typed: set[str] = set()
    for field, position in positions.items():
        kind = _parquet_kind(field, types[position])
        if kind is None:
            return None
        name = '"' + header[position].replace('"', '""') + '"'
        expression = {"text": name, "number_text": f"CAST({name} AS VARCHAR)",
                      "date": f"CAST({name} AS DATE)", "number": name}[kind]
        if columns.setdefault(position, expression) != expression:
            return None  # one column read two ways
        if kind in ("date", "number"):
            typed.add(field)
    if "posting_date" not in typed and _date_pattern(mapping.date_formats[0]) is None:
        return None  # dates written as text in a form the SQL does not read
    constants = _constants(mapping, positions, mission, source)
    if constants is None:
        return None
    fields = _Fields(mapping, positions, constants, 0, frozenset(typed))
    cells = (f"(SELECT {', '.join(f'{e} AS c{p}' for p, e in sorted(columns.items()))} "
             f"FROM read_parquet({_text(str(path))}))")
    return _staged(connection, fields.query(cells, mission, source), limits, table)


def _parquet_kind(field: str, column_type: str) -> str | None:
    """How a Parquet column is read for ``field``: as text, as a number's text (an
    account 5110000), as a date, as a number; None when only ``read_ledger`` can."""
    if column_type == "VARCHAR":
        return "text"
    decimal = _DECIMAL.fullmatch(column_type)
    if field == "posting_date":
        return "date" if column_type in ("DATE", "TIMESTAMP") else None
    if field in _AMOUNTS:
        numeric = column_type in _INTEGERS or (decimal is not None and int(decimal[2]) <= 2)
        return "number" if numeric else None
    return "number_text" if column_type in _INTEGERS else None


def _applies(path: Path, mapping: ColumnMapping) -> bool:
    return (path.suffix.lower() in (".csv", ".txt", ".tsv") and mapping.encoding == "utf-8"
            and mapping.header_row == 1 and _date_pattern(mapping.date_formats[0]) is not None)


_BLANK_LINE = re.compile(rb"\n\r?\n")


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
            if b"\0" in chunk or _BLANK_LINE.search(carried + chunk):
                return False
            carried = chunk[-2:]
    return True


def _header(path: Path, mapping: ColumnMapping, mission: str, source: str,
            limits: ReadingLimits) -> tuple[list[str], dict[str, int]]:
    """The extract's column names and where each field is, or the error ``read_ledger``
    raises for them (the names, the file's size, its kind, a missing column)."""
    _check_names(mission, source, path.name)
    _check_size(path, limits)
    header = extract_header(path, mapping, limits)
    return header, _positions(header, mapping, path.name)


def _constants(mapping: ColumnMapping, positions: dict[str, int], mission: str,
               source: str) -> dict[str, object] | None:
    """Each constant of the mapping read as ``cells.py`` reads it (None: one is bad, and
    ``read_ledger`` will say so for every row)."""
    reader = RowReader(mapping, positions, mission=mission, source=source)
    values: dict[str, object] = {}
    for field, read, position, constant in reader.plan:
        if position is None:
            try:
                values[field] = read(constant)
            except Bad:
                return None
    return values


def _stage(connection: Any, path: Path, mapping: ColumnMapping, header: list[str],
           fields: _Fields, mission: str, source: str, limits: ReadingLimits,
           table: str) -> StagedExtract | None:

    columns = ", ".join(f"'c{p}': 'VARCHAR'" for p in range(len(header)))
    cells = (f"read_csv({_text(str(path))}, header=true, auto_detect=false, "
             f"delim={_text(mapping.delimiter)}, quote='\"', escape='\"', strict_mode=true, "
             f"null_padding=false, allow_quoted_nulls=false, max_line_size={MAX_LINE_BYTES}, "
             f"columns={{{columns}}})")
    return _staged(connection, fields.query(cells, mission, source), limits, table)


def _staged(connection: Any, query: str, limits: ReadingLimits,
            table: str) -> StagedExtract | None:
    import duckdb

    try:
        # One pass over the file: the cells read in parallel, each line's fields and its
        # verdict computed as they arrive, in the file's order (a table keeps the order
        # rows are inserted in: a row's position is its rowid).
        connection.execute(f"CREATE OR REPLACE TEMP TABLE {table} AS {query}")
    except duckdb.Error:
        return None  # not a file as DuckDB reads it: read_ledger says what is wrong
    found = connection.execute(
        "SELECT count(*), count(*) FILTER (WHERE NOT blank), "
        "count(*) FILTER (WHERE NOT blank AND NOT ok), "
        f"list(DISTINCT period) FILTER (WHERE NOT blank) FROM {table}").fetchone()
    assert found is not None
    rows, lines, refused, periods = found
    if refused or int(rows) > limits.max_ledger_rows:
        connection.execute(f"DROP TABLE {table}")
        return None
    named = ", ".join("CAST(rowid + 1 AS INTEGER) AS row_number" if name == "row_number"
                      else name for name in STAGED_COLUMNS)
    return StagedExtract(select=f"SELECT {named} FROM {table} WHERE NOT blank",
                         lines=int(lines),
                         periods=tuple(sorted(int(p) for p in periods or ())))


class _Fields:
    """The SQL that reads a line's fields from the extract's cells (``c0`` ... by
    position), mirroring ``RowReader`` in cells.py: every value that rule would refuse is
    NULL or makes ``ok`` false. Four nested selections, so that each cell is trimmed,
    matched and cast once: the cells trimmed; the cells as ``RowReader`` sees them; the
    typed fields; the line and its verdict."""

    def __init__(self, mapping: ColumnMapping, positions: dict[str, int],
                 constants: dict[str, object], width: int,
                 typed: frozenset[str] = frozenset()) -> None:
        self.mapping = mapping
        self.positions = positions
        self.constants = constants
        self.width = width
        """Columns a blank row is made of (none for a Parquet file: no row is skipped)."""
        self.typed = typed
        """Fields whose column is a date or a number (of a Parquet file), read as it is."""

    def query(self, source_sql: str, mission: str, source: str) -> str:
        """The lines of ``source_sql`` (the extract's cells), with ``ok`` and ``blank``."""
        # trim() removes spaces only, and costs: a cell is trimmed only when it has one
        as_is = {self.positions[field] for field in self.typed}
        trimmed = ", ".join(f"c{p} AS t{p}" if p in as_is else
                            f"(CASE WHEN prefix(c{p}, ' ') OR suffix(c{p}, ' ') THEN "
                            f"trim(c{p}) ELSE c{p} END) AS t{p}"
                            for p in sorted(set(self.positions.values())))
        blank = " AND ".join(f"(c{p} IS NULL OR trim(c{p}) = '')"
                             for p in range(self.width)) or "false"
        cells = ", ".join(f"{self._cell(field)} AS cell_{field}" for field in self.positions)
        if "period" in self.positions:  # whether the period cell is in the format
            pattern = _text(_period_pattern(self.mapping.period_format)[0])
            cells += f", regexp_full_match({self._cell('period')}, {pattern}) AS period_form"
        typed = ", ".join(f"{sql} AS {name}" for name, sql in self._typed().items())
        line = self._line(_text(mission), _text(source))
        return (f"SELECT {line} FROM (SELECT *, {typed} FROM (SELECT {cells}, blank FROM "
                f"(SELECT {trimmed}, ({blank}) AS blank FROM {source_sql})))")

    def _cell(self, field: str) -> str:
        """The cell stripped, its spreadsheet quote removed, empty as NULL."""
        cell = f"t{self.positions[field]}"
        if field in self.typed:
            return cell
        if self.mapping.spreadsheet_quotes:
            cell = (f"(CASE WHEN starts_with({cell}, '''') AND regexp_matches({cell}, "
                    f"{_text(_QUOTED_FORMULA)}) THEN substr({cell}, 2) ELSE {cell} END)")
        return f"nullif({cell}, '')"

    def _typed(self) -> dict[str, str]:
        """Each field read from its cell (or its constant): NULL where unreadable."""
        typed = {name: self._code(name)
                 for name in ("document_number", "fund", "funds_centre", "account")}
        typed["posting_date"] = self._posting_date()
        typed["document_type"] = self._document_type()
        typed["currency"] = self._currency()
        typed["amount"] = self._amount("amount") or "NULL"
        typed["usd_given"] = self._amount("amount_usd") or "NULL"
        typed["usd_cell"] = "cell_amount_usd" if "amount_usd" in self.positions else "NULL"
        typed["text"] = self._text_field()
        typed.update(self._period_parts())
        return typed

    def _posting_date(self) -> str:
        if "posting_date" in self.typed:
            return "cell_posting_date"
        form = self.mapping.date_formats[0]
        pattern = _date_pattern(form)
        if pattern is None:
            raise ValueError(f"the date format {form!r} is not one the SQL reads")
        return (f"(CASE WHEN regexp_full_match(cell_posting_date, {_text(pattern)}) THEN "
                f"try_strptime(cell_posting_date, {_text(form)})::DATE END)")

    def _code(self, field: str) -> str:
        if field not in self.positions:
            return _text(str(self.constants[field]))
        cell = f"cell_{field}"
        # what cells.CODE accepts, without a space of any kind at either end
        pattern = _text(f"{_EDGE}(?:[^\\x00-\\x1f\\x7f]{{0,{MAX_CODE_CHARS - 2}}}{_EDGE})?")
        return f"(CASE WHEN regexp_full_match({cell}, {pattern}) THEN {cell} END)"

    def _document_type(self) -> str:
        if "document_type" not in self.positions:
            constant = self.constants["document_type"]
            assert isinstance(constant, LedgerDocumentType)
            return _text(constant.value)
        cases = " ".join(f"WHEN {_text(key.strip().casefold())} THEN {_text(kind.value)}"
                         for key, kind in self.mapping.document_types.items()
                         if key.strip().casefold().isascii())
        if not cases:
            return "NULL"
        return (f"(CASE WHEN regexp_full_match(cell_document_type, '[ -~]*') THEN "
                f"CASE lower(cell_document_type) {cases} END END)")

    def _currency(self) -> str:
        if "currency" not in self.positions:
            return _text(str(self.constants["currency"]))
        known = ", ".join(_text(code) for code in sorted(known_currencies()))
        return (f"(CASE WHEN regexp_full_match(cell_currency, '[A-Za-z]{{3}}') AND "
                f"upper(cell_currency) IN ({known}) THEN upper(cell_currency) END)")

    def _amount(self, field: str) -> str | None:
        if field not in self.positions:
            constant = self.constants.get(field)
            if constant is None:
                return None
            assert isinstance(constant, Decimal)
            if constant != constant.quantize(Decimal("0.01")):
                return "NULL"
            return f"CAST({_text(str(constant))} AS DECIMAL(20, 2))"
        cell = f"cell_{field}"
        if field in self.typed:  # an integer, or a decimal of at most two places
            return (f"(CASE WHEN abs(CAST({cell} AS DECIMAL(38, 2))) < 1000000000000000 "
                    f"THEN CAST({cell} AS DECIMAL(20, 2)) END)")
        sep = self.mapping.thousands_separator
        dec = re.escape(self.mapping.decimal_separator)
        # at most 15 digits before the decimals: far within DECIMAL(20, 2)
        whole = (rf"\d{{1,3}}(?:{re.escape(sep)}\d{{3}}){{1,4}}|\d{{1,15}}" if sep
                 else r"\d{1,15}")
        number = rf"(?:{whole})(?:{dec}\d{{1,2}})?"
        digits = f"replace({cell}, {_text(sep)}, '')" if sep else cell
        plain = f"replace({digits}, {_text(self.mapping.decimal_separator)}, '.')"
        signed, trailing = _text("[-+]?" + number), _text(number + " *-")
        bracketed = _text(r"\( *" + number + r" *\)")
        return (f"(CASE WHEN regexp_full_match({cell}, {signed}) "
                f"THEN TRY_CAST({plain} AS DECIMAL(20, 2)) "
                f"WHEN regexp_full_match({cell}, {trailing}) "
                f"THEN -TRY_CAST(rtrim({plain}, ' -') AS DECIMAL(20, 2)) "
                f"WHEN regexp_full_match({cell}, {bracketed}) "
                f"THEN -TRY_CAST(trim({plain}, '( )') AS DECIMAL(20, 2)) END)")

    def _text_field(self) -> str:
        if "text" not in self.positions:
            return _text(str(self.constants.get("text") or ""))
        # two patterns, each anchored at one end, cost less than one with both
        return (f"(CASE WHEN cell_text IS NULL THEN '' WHEN NOT regexp_matches(cell_text, "
                f"{_text('^' + _SPACE)}) AND NOT regexp_matches(cell_text, "
                f"{_text(_SPACE + '$')}) THEN cell_text END)")

    def _period_parts(self) -> dict[str, str]:
        """The period cell's parts: its first year and the year after it (``YYYY/YY``)
        or its posting period (``PP``), NULL when the cell is not in the format."""
        if "period" not in self.positions:
            return {"period_cell": "NULL", "period_year": "NULL", "period_second": "NULL"}
        groups = _period_pattern(self.mapping.period_format)[1]
        second = groups.get("next", groups.get("number"))
        assert second is not None

        def part(start: int, length: int) -> str:  # the parts have fixed widths
            return (f"(CASE WHEN period_form THEN CAST(substr(cell_period, {start}, {length}) "
                    "AS INTEGER) END)")

        return {"period_cell": "cell_period", "period_year": part(*groups["year"]),
                "period_second": part(*second)}

    def _line(self, mission: str, source: str) -> str:
        day = "posting_date"
        derived = f"(year({day}) - CASE WHEN month({day}) >= 7 THEN 0 ELSE 1 END)"
        if "next" in _period_pattern(self.mapping.period_format)[1]:
            given = "period_year"
            holds = "((period_year + 1) % 100 = period_second)"
        else:
            given = ("period_year" if self.mapping.fiscal_year_named_by == "start"
                     else "(period_year - 1)")
            month = "(CASE WHEN period_second > 12 THEN 6 ELSE (period_second + 5) % 12 + 1 END)"
            holds = f"(period_second BETWEEN 1 AND 16 AND month({day}) = {month})"
        usd = "coalesce(usd_given, amount)"
        values = {
            "mission": mission, "source": source, "document_number": "document_number",
            "posting_date": day, "posting_month": f"CAST(date_trunc('month', {day}) AS DATE)",
            "period": f"CAST({derived} AS INTEGER)", "fund": "fund",
            "funds_centre": "funds_centre", "account": "account",
            "document_type": "document_type", "amount": "amount", "currency": "currency",
            "amount_usd": usd, "text": "text",
        }
        rules = [
            *(f"{value} IS NOT NULL" for value in values.values()),
            f"year({day}) BETWEEN 1901 AND 2998",
            # a period given holds the posting date (and its posting period, its month)
            f"(period_cell IS NULL OR ({holds} AND {given} = {derived}))",
            f"strlen(text) <= {MAX_TEXT_CHARS}",
            "(usd_cell IS NULL OR usd_given IS NOT NULL)",
            # a line in another currency has its dollars; a line in dollars, the same amount
            "(usd_given IS NOT NULL OR currency = 'USD')",
            "(currency <> 'USD' OR usd_given IS NULL OR usd_given = amount)",
            f"NOT ({usd} > 0 AND amount < 0) AND NOT ({usd} < 0 AND amount > 0)",
        ]
        ok = " AND ".join(f"coalesce({rule}, false)" for rule in rules)
        return ", ".join([*(f"{value} AS {name}" for name, value in values.items()),
                          f"({ok}) AS ok", "blank"])


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


def _period_pattern(form: str) -> tuple[str, dict[str, tuple[int, int]]]:
    """The RE2 pattern of a period format (``YYYY/YY``, ``YYYY/PP``, ``PPP/YYYY``) and
    where each of its parts is (first character, counted from 1, and length)."""
    tokens = (("YYYY", "year"), ("PPP", "number"), ("PP", "number"), ("YY", "next"))
    parts: list[str] = []
    groups: dict[str, tuple[int, int]] = {}
    rest = form
    at = 1
    while rest:
        for token, name in tokens:
            if rest.startswith(token):
                parts.append(rf"\d{{{len(token)}}}")
                groups[name] = (at, len(token))
                break
        else:
            token = rest[0]
            parts.append(re.escape(token))
        rest = rest[len(token):]
        at += len(token)
    return "".join(parts), groups


def _text(value: str) -> str:
    """A string literal of DuckDB's SQL."""
    return "'" + value.replace("'", "''") + "'"
