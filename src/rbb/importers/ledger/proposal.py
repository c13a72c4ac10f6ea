"""A column mapping proposed for an extract (``rbb ledger map``, docs/execution.md "Column
mappings"): its header's names matched to the fields of a ledger line through a small
table of the names ERP extracts use (``data/reference/ledger_columns.csv``), the way its
first rows write dates, periods, amounts and document types guessed from them, the
user's settings applied on top, and the first rows read with the result.

A proposal is never trusted: the preview reads its rows with the same ``RowReader`` an
import uses, so what the user sees is what an import would store, or the rows it would
refuse and why."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cache
from importlib.resources import files
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from rbb.importers.limits import ReadingLimits
from rbb.model.errors import InputError
from rbb.model.ledger import (
    DEFAULT_MAPPING,
    LEDGER_FIELDS,
    BadRow,
    ColumnMapping,
    LedgerDocumentType,
    LedgerLine,
)

from .cells import RowReader
from .reading import _check_size, _positions
from .sources import MAX_COLUMNS, open_extract

PREVIEW_ROWS = 20
"""Rows read to guess the cells' formats and shown as they would be stored."""
MAX_PREVIEW_ROWS = 200

REQUIRED = ("document_number", "posting_date", "fund", "funds_centre", "account",
            "document_type", "amount")
"""The fields a mapping must give (a column or a constant); the others have defaults."""

READING_SETTINGS = ("delimiter", "encoding", "sheet", "header_row")
"""What is needed to read the header at all: applied before the header is read."""

DOCUMENT_TYPE_NAMES: dict[str, LedgerDocumentType] = {
    **dict.fromkeys(("obligation", "obligations", "commitment", "commitments", "po",
                     "purchase order", "ob", "obl", "encumbrance"),
                    LedgerDocumentType.OBLIGATION),
    **dict.fromkeys(("disbursement", "disbursements", "payment", "payments", "paid",
                     "invoice", "actual", "actuals", "di", "pay", "expenditure"),
                    LedgerDocumentType.DISBURSEMENT),
    **dict.fromkeys(("adjustment", "adjustments", "adj", "ad", "correction",
                     "accrual adjustment"), LedgerDocumentType.ADJUSTMENT),
}
"""Values of a document-type column whose meaning is plain, compared without case; others
(numeric value types, say) are listed for the user to map with ``--set
document_types=...``."""

DATE_FORMATS = ("%Y-%m-%d", "%d/%m/%Y", "%m/%d/%Y", "%d.%m.%Y", "%Y/%m/%d", "%d-%m-%Y",
                "%Y%m%d", "%d-%b-%Y", "%d %b %Y", "%d-%b-%y")
"""Tried in this order (day before month, as the United Nations writes dates)."""

PERIOD_FORMATS = ("YYYY/YY", "YYYY/PPP", "YYYY/PP", "PPP/YYYY", "PP/YYYY", "PPP.YYYY",
                  "YYYY.PPP", "YYYY-PP", "YYYY-PPP")


@dataclass
class MappingProposal:
    """What ``rbb ledger map`` shows: the header, each field's column (matched, set or
    carried from a base mapping), what was guessed, and the mapping (None while a field it
    needs has no column)."""

    header: list[str]
    columns: dict[str, str] = field(default_factory=dict)
    """Field → the column it is read from."""
    constants: dict[str, str] = field(default_factory=dict)
    how: dict[str, str] = field(default_factory=dict)
    """Field → ``matched``, ``set``, ``constant``, ``mapping file``."""
    notes: list[str] = field(default_factory=list)
    """What was guessed from the first rows, and what is left to the user."""
    mapping: ColumnMapping | None = None
    problem: str | None = None
    """Why there is no mapping yet (a field without a column, a setting refused)."""


@dataclass
class Preview:
    """The first rows of an extract read with a mapping."""

    lines: list[LedgerLine]
    bad_rows: list[BadRow]
    rows_read: int


@cache
def column_names() -> dict[str, tuple[str, ...]]:
    """``data/reference/ledger_columns.csv``: each field and the names extracts give it."""
    text = files("rbb.data").joinpath("reference", "ledger_columns.csv").read_text("utf-8")
    lines = [line for line in text.splitlines() if line.strip() and not line.startswith("#")]
    found: dict[str, list[str]] = {name: [name] for name in LEDGER_FIELDS}
    for row in list(csv.DictReader(io.StringIO("\n".join(lines)))):
        found[row["field"]].append(row["name"])
    return {name: tuple(names) for name, names in found.items()}


def name_key(name: str) -> str:
    """A column's name compared without case, spaces or punctuation."""
    return re.sub(r"[\W_]+", "", name.casefold())


def match_header(header: Sequence[str]) -> dict[str, str]:
    """Each field whose name (or a name ERP extracts give it) is a column of the header,
    each column given to one field at most: a field's own name first, then the names in
    the table's order."""
    keyed: dict[str, str] = {}
    for column in header:
        keyed.setdefault(name_key(column), column)
    taken: set[str] = set()
    found: dict[str, str] = {}
    names = column_names()
    for rank in range(max(len(n) for n in names.values())):
        for field_name in LEDGER_FIELDS:
            if field_name in found or rank >= len(names[field_name]):
                continue
            matched = keyed.get(name_key(names[field_name][rank]))
            if matched is not None and matched not in taken:
                found[field_name] = matched
                taken.add(matched)
    return found


def parse_settings(settings: Sequence[str], constants: Sequence[str] = ()) -> dict[str, Any]:
    """``--set field=Column`` and ``--set option=value`` (``delimiter=;``,
    ``date_formats=%d.%m.%Y|%d/%m/%Y``, ``document_types=PO:obligation,PAY:disbursement``)
    and ``--constant field=VALUE``, as the values of a mapping; a key that is neither a
    field nor a setting is an error listing those there are."""
    options = [name for name in ColumnMapping.model_fields if name not in LEDGER_FIELDS]
    found: dict[str, Any] = {}
    for given, constant in [(s, False) for s in settings] + [(c, True) for c in constants]:
        key, sep, value = given.partition("=")
        key = key.strip()
        if not sep or not key:
            raise InputError(f"{given!r}: expected FIELD=VALUE")
        if constant or key in LEDGER_FIELDS:
            if key not in LEDGER_FIELDS:
                raise InputError(f"{key!r} is not a field of a ledger line; expected one of "
                                 f"{', '.join(LEDGER_FIELDS)}")
            found[key] = ({"constant": value} if constant else value) if value else None
        elif key == "date_formats":
            found[key] = [f for f in value.split("|") if f]
        elif key == "document_types":
            pairs = [p.rpartition(":") for p in value.split(",") if p.strip()]
            if any(not sep for _, sep, _ in pairs):
                raise InputError(f"document_types={value!r}: expected VALUE:TYPE pairs "
                                 "separated by commas (PO:obligation,PAY:disbursement)")
            found[key] = {k.strip(): v.strip() for k, _, v in pairs}
        elif key == "delimiter":
            found[key] = "\t" if value in ("tab", "\\t") else value
        elif key in options:
            found[key] = value
        else:
            raise InputError(f"{key!r} is neither a field nor a setting of a column mapping; "
                             f"expected one of {', '.join([*LEDGER_FIELDS, *options])}")
    return found


def propose_mapping(path: Path, *, settings: dict[str, Any] | None = None,
                    base: ColumnMapping | None = None, limits: ReadingLimits | None = None,
                    rows: int = PREVIEW_ROWS) -> MappingProposal:
    """A mapping for ``path``: ``base``'s columns (a mapping file being written again) or
    the header matched, the formats of its first ``rows`` rows guessed, ``settings``
    (``parse_settings``) applied last."""
    limits = limits or ReadingLimits()
    settings = dict(settings or {})
    start = (base.model_dump(mode="json") if base is not None
             else {"name": f"columns of {path.name}"[:64]})
    reading = {k: settings[k] for k in READING_SETTINGS if k in settings}
    header, reading = _header(path, {**_reading_of(start), **reading}, limits)
    proposal = MappingProposal(header=header)
    values: dict[str, Any] = {**start, **reading}
    if base is None:
        for name, column in match_header(header).items():
            values[name] = column
            proposal.how[name] = "matched"
        if "currency" not in values:
            proposal.notes.append("no currency column: every line is taken to be in dollars "
                                  "(--set currency=COLUMN otherwise)")
    else:
        proposal.how.update({name: "mapping file" for name in LEDGER_FIELDS
                             if values.get(name) is not None})
    for name in LEDGER_FIELDS:
        if name in settings:
            values[name] = settings[name]
            proposal.how[name] = "constant" if isinstance(settings[name], dict) else "set"
    if base is None:
        _guess_formats(path, values, settings, limits, rows, proposal)
    values.update({k: v for k, v in settings.items() if k not in LEDGER_FIELDS})
    values = {k: v for k, v in values.items() if v is not None}
    for name in LEDGER_FIELDS:
        value = values.get(name)
        if isinstance(value, str):
            proposal.columns[name] = value
        elif isinstance(value, dict):
            proposal.constants[name] = str(value.get("constant", ""))
    missing = [name for name in REQUIRED if name not in values]
    if missing:
        proposal.problem = (f"no column for {', '.join(missing)}: give each with --set "
                            "FIELD=COLUMN (or --constant FIELD=VALUE)")
        return proposal
    try:
        proposal.mapping = ColumnMapping.model_validate(values)
    except ValidationError as error:
        proposal.problem = "; ".join(
            f"{'.'.join(str(p) for p in e['loc']) or 'mapping'}: {e['msg']}"
            for e in error.errors(include_url=False)[:5])
    return proposal


def preview_ledger(path: Path, mapping: ColumnMapping, *, mission: str = "PREVIEW",
                   source: str = "preview", rows: int = PREVIEW_ROWS,
                   limits: ReadingLimits | None = None) -> Preview:
    """The first ``rows`` data rows read with ``mapping`` as an import reads them: the
    lines, and every reason a row is not one; an ``InputError`` when the mapping's columns
    are not the header's."""
    if not 1 <= rows <= MAX_PREVIEW_ROWS:
        raise ValueError(f"a preview reads 1 to {MAX_PREVIEW_ROWS} rows")
    limits = limits or ReadingLimits()
    _check_size(path, limits)
    lines: list[LedgerLine] = []
    bad: list[BadRow] = []
    read = 0
    with open_extract(path, mapping, limits) as extract:
        positions = _positions(extract.header, mapping, path.name)
        reader = RowReader(mapping, positions, mission=mission, source=source)
        for number, where, cells in extract.rows(sorted(set(positions.values()))):
            read += 1
            line = reader.line(number, where, cells, len(extract.header))
            if isinstance(line, LedgerLine):
                lines.append(line)
            else:
                bad.extend(line)
            if read >= rows:
                break
    return Preview(lines=lines, bad_rows=bad, rows_read=read)


def _reading_of(values: dict[str, Any]) -> dict[str, Any]:
    return {k: values[k] for k in READING_SETTINGS if values.get(k) is not None}


def _reading_mapping(reading: dict[str, Any]) -> ColumnMapping:
    """rbb's own mapping with how the file is to be read (delimiter, encoding, sheet,
    header row): enough to read its header and cells."""
    try:
        return ColumnMapping.model_validate(
            {**DEFAULT_MAPPING.model_dump(mode="json"), "spreadsheet_quotes": False,
             **reading})
    except ValidationError as error:
        problem = error.errors(include_url=False)[0]
        raise InputError(f"{'.'.join(str(p) for p in problem['loc'])}: "
                         f"{problem['msg']}") from None


def _header(path: Path, reading: dict[str, Any], limits: ReadingLimits
            ) -> tuple[list[str], dict[str, Any]]:
    """The header, with the CSV's delimiter and encoding found when not given: a header
    read as one column holding ``;``, a tab or ``|`` is read again split by it; bytes
    that are not UTF-8 are read as Windows-1252."""
    _check_size(path, limits)
    csv_file = path.suffix.lower() in (".csv", ".txt", ".tsv")
    try:
        header = _names(path, _reading_mapping(reading), limits)
    except InputError as error:
        if not csv_file or "encoding" in reading or "bytes that are not" not in str(error):
            raise
        reading = {**reading, "encoding": "cp1252"}
        header = _names(path, _reading_mapping(reading), limits)
    if csv_file and "delimiter" not in reading and len(header) == 1:
        for delimiter in (";", "\t", "|"):
            if delimiter in header[0]:
                reading = {**reading, "delimiter": delimiter}
                header = _names(path, _reading_mapping(reading), limits)
                break
    return header, reading


def _names(path: Path, mapping: ColumnMapping, limits: ReadingLimits) -> list[str]:
    with open_extract(path, mapping, limits) as extract:
        return list(extract.header[:MAX_COLUMNS])


def _samples(path: Path, values: dict[str, Any], limits: ReadingLimits, rows: int
             ) -> dict[str, list[object]]:
    """The cells of the first ``rows`` rows of each field read from a column."""
    reading = _reading_mapping(_reading_of(values))
    wanted = {name: values[name] for name in LEDGER_FIELDS if isinstance(values.get(name), str)}
    found: dict[str, list[object]] = {name: [] for name in wanted}
    with open_extract(path, reading, limits) as extract:
        keys = {name_key(c): p for p, c in enumerate(extract.header)}
        positions = {name: keys[name_key(c)] for name, c in wanted.items()
                     if name_key(c) in keys}
        for count, (_, _, cells) in enumerate(extract.rows(sorted(set(positions.values()))),
                                              start=1):
            for name, position in positions.items():
                if position < len(cells) and cells[position] not in (None, ""):
                    found[name].append(cells[position])
            if count >= rows:
                break
    return found


def _guess_formats(path: Path, values: dict[str, Any], settings: dict[str, Any],
                   limits: ReadingLimits, rows: int, proposal: MappingProposal) -> None:
    """Dates, periods, separators and document types as the first rows write them,
    unless the user set them."""
    samples = _samples(path, values, limits, rows)
    dates = [str(v).strip() for v in samples.get("posting_date", []) if isinstance(v, str)]
    if dates and "date_formats" not in settings:
        fitting = [f for f in DATE_FORMATS if all(_parses(d, f) for d in dates)]
        if fitting:
            values["date_formats"] = fitting[:1]
            also = f" (also read as {fitting[1]}: --set date_formats=... if that is meant)" \
                if len(fitting) > 1 else ""
            proposal.notes.append(f"dates read as {fitting[0]}, as {dates[0]!r}{also}")
        else:
            proposal.notes.append(f"no date format rbb knows reads {dates[0]!r}: "
                                  "--set date_formats=FORMAT (strptime, e.g. %d.%m.%Y)")
    periods = [str(v).strip() for v in samples.get("period", [])]
    if periods and "period_format" not in settings:
        fitting = [f for f in PERIOD_FORMATS if all(_period_fits(p, f) for p in periods)]
        if fitting:
            values["period_format"] = fitting[0]
            proposal.notes.append(f"periods read as {fitting[0]}, as {periods[0]!r}")
    amounts = [str(v).strip() for name in ("amount", "amount_usd")
               for v in samples.get(name, []) if isinstance(v, str)]
    if amounts and not {"decimal_separator", "thousands_separator"} & settings.keys():
        separators = _separators(amounts)
        if separators != (".", ""):
            values["decimal_separator"], values["thousands_separator"] = separators
            proposal.notes.append(f"amounts read with {separators[0]!r} before the decimals"
                                  f" and {separators[1]!r} between thousands")
    types = sorted({str(v).strip() for v in samples.get("document_type", [])})
    if types and "document_types" not in settings:
        known = {t: DOCUMENT_TYPE_NAMES[t.casefold()] for t in types
                 if t.casefold() in DOCUMENT_TYPE_NAMES}
        if known:
            values["document_types"] = {k: v.value for k, v in known.items()}
        unknown = [t for t in types if t not in known]
        if unknown:
            proposal.notes.append(
                f"document types of unknown meaning: {', '.join(repr(t) for t in unknown[:10])}"
                ": --set document_types=VALUE:obligation,VALUE:disbursement,...")


def _parses(value: str, pattern: str) -> bool:
    try:
        dt.datetime.strptime(value, pattern)
    except ValueError:
        return False
    return True


def _period_fits(value: str, pattern: str) -> bool:
    regex = re.escape(pattern).replace("YYYY", r"(?P<y>\d{4})").replace(
        "PPP", r"\d{3}").replace("PP", r"\d{2}").replace("YY", r"(?P<yy>\d{2})")
    match = re.fullmatch(regex, value)
    if match is None:
        return False
    groups = match.groupdict()
    return groups.get("yy") is None or int(groups["yy"]) == (int(groups["y"]) + 1) % 100


def _separators(amounts: list[str]) -> tuple[str, str]:
    """The decimal and thousands separators the amounts are written with: where both of
    ``.`` and ``,`` appear the last one is the decimal's; a lone ``,`` before one or two
    digits at the end is a decimal comma; digits grouped by a space, a thin space or an
    apostrophe are thousands."""
    decimal, thousands = ".", ""
    for amount in amounts:
        digits = amount.strip("()-+ ")
        if "." in digits and "," in digits:
            return (",", ".") if digits.rfind(",") > digits.rfind(".") else (".", ",")
        if re.search(r",\d{1,2}-?$", digits):
            decimal = ","
        elif re.search(r"\d,\d{3}(?:\D|$)", digits) and decimal == ".":
            thousands = ","
        for mark in (" ", "'", "\u00a0", "\u202f"):
            if re.search(rf"\d{mark}\d{{3}}", digits):
                thousands = mark
    if decimal == thousands:
        thousands = ""
    return decimal, thousands
