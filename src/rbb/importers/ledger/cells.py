"""One row of an extract into a ``LedgerLine``, or the reasons it is not one.

A cell arrives as the extract holds it: text (CSV, and text cells of a workbook or a
Parquet file), or a typed value (a date, an integer, a Decimal, a float of a workbook or
a Parquet DOUBLE column). Text is read by the mapping's rules; a float is the shortest
decimal that reads back as the same float (what a spreadsheet shows), rounded to cents
only when it has more decimals than the field allows (the noise of a computed cell).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Sequence
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from functools import cache

from pydantic import ValidationError

from rbb.model.currencies import USD, currencies
from rbb.model.cycle import Period
from rbb.model.ledger import BadRow, ColumnMapping, LedgerDocumentType, LedgerLine
from rbb.model.spreadsheet import restored_text

MAX_CELL_CHARS = 1000
"""The longest cell of a mapped column read (an ERP's longest text field is far shorter)."""
MAX_CODE_CHARS = 40
MAX_TEXT_CHARS = 500
SHOWN_CHARS = 60
CENT = Decimal("0.01")
AMOUNT_DECIMALS = 3
"""The most decimals of an amount in its own currency (ISO 4217's minor units: the
Jordanian dinar has three)."""
DOLLAR_DECIMALS = 2
CODE = re.compile(r"[^\x00-\x1f\x7f]{1,40}")
_CACHED = 4096


class Bad(Exception):  # noqa: N818 (a reason, raised within cells.py only)
    """A cell that is not what its field needs: what was expected instead."""

    def __init__(self, expected: str) -> None:
        super().__init__(expected)
        self.expected = expected


@cache
def known_currencies() -> frozenset[str]:
    """The ISO 4217 codes rbb knows (``rbb.model.currencies``, and the dollar); ``CFA``
    names no one currency, so a ledger line cannot be in it."""
    return frozenset({USD} | {c.code for c in currencies() if c.code != "CFA"})


def shown(value: object) -> str:
    """A cell as an error shows it: escaped (``repr``), cut to 60 characters."""
    if value is None:
        return "(empty)"
    text = value if isinstance(value, str) else str(value)
    cut = text[:SHOWN_CHARS]
    return repr(cut) + ("…" if len(text) > SHOWN_CHARS else "")


class RowReader:
    """The mapping's rules, compiled once for an extract whose header is known."""

    def __init__(self, mapping: ColumnMapping, positions: dict[str, int], *,
                 mission: str, source: str) -> None:
        self.mapping = mapping
        self.positions = positions
        """Each field read from a column, and the column's position in a row."""
        self.columns = {name: (src.column or name) for name, src in mapping.sources().items()}
        self.constants = {name: src.constant for name, src in mapping.sources().items()
                          if src.constant is not None}
        self.mission = mission
        self.source = source
        self.width = max(positions.values(), default=-1) + 1
        self.number = _number_pattern(mapping)
        self.period_pattern = _period_pattern(mapping.period_format)
        self.types = {key.strip().casefold(): kind
                      for key, kind in mapping.document_types.items()}
        self.quotes = mapping.spreadsheet_quotes
        self.dates: dict[str, dt.date] = {}
        self.periods: dict[str, _FiscalPeriod] = {}
        self.plan = [(field, read, positions.get(field), self.constants.get(field))
                     for field, read in self._readers().items()]
        """Each field: its reader, and its column's position or its constant."""

    def line(self, row: int, where: str, cells: Sequence[object],
             header_width: int) -> LedgerLine | list[BadRow]:
        """The row as a ledger line, or every reason it is not one."""
        bad: list[BadRow] = []
        if len(cells) > header_width and any(
                c is not None and c != "" for c in cells[header_width:]):
            self._fail(bad, row, where, "row", f"{len(cells)} cells", f"at most "
                       f"{header_width} cells, as many as the header has columns")
            return bad
        values: dict[str, object] = {}
        count = len(cells)
        for field, read, position, constant in self.plan:
            raw: object
            if position is None:
                raw = constant
            elif position >= count:
                raw = None
            else:
                raw = cells[position]
                if raw.__class__ is str:
                    raw = raw.strip()
                    if self.quotes and raw[:1] == "'":
                        raw = restored_text(raw)
                    raw = raw or None
            if raw.__class__ is str and len(raw) > MAX_CELL_CHARS:
                self._fail(bad, row, where, field, raw, f"a cell of at most "
                           f"{MAX_CELL_CHARS:,} characters (this one has "
                           f"{len(raw):,})")
                continue
            try:
                values[field] = read(raw)
            except Bad as reason:
                self._fail(bad, row, where, field, raw, reason.expected)
        if not bad:
            for field, value, expected in self._across(values, cells):
                self._fail(bad, row, where, field, value, expected)
        if bad:
            return bad
        try:
            return LedgerLine(mission=self.mission, source=self.source, row=row, **values)
        except ValidationError as error:
            for problem in error.errors(include_url=False):
                field = str(problem["loc"][0]) if problem["loc"] else "row"
                self._fail(bad, row, where, field, values.get(field), problem["msg"])
            return bad

    def _fail(self, bad: list[BadRow], row: int, where: str, field: str, value: object,
              expected: str) -> None:
        bad.append(BadRow(row=row, column=self.columns.get(field, field),
                          value=shown(value), expected=expected, where=where))

    def _cell(self, field: str, cells: Sequence[object]) -> object:
        position = self.positions.get(field)
        if position is None:
            return self.constants.get(field)
        if position >= len(cells):
            return None
        value = cells[position]
        if value.__class__ is str:
            value = value.strip()
            if self.quotes and value[:1] == "'":
                value = restored_text(value)
            return value or None
        return value

    def _readers(self) -> dict[str, Callable[[object], object]]:
        readers: dict[str, Callable[[object], object]] = {
            "document_number": _code, "posting_date": self._date, "fund": _code,
            "funds_centre": _code, "account": _code, "document_type": self._type,
            "amount": lambda v: self._amount(v, AMOUNT_DECIMALS), "currency": _currency,
        }
        optional: dict[str, Callable[[object], object]] = {
            "amount_usd": lambda v: None if v is None else self._amount(v, DOLLAR_DECIMALS),
            "period": lambda v: None if v is None else self._period(v),
            "text": _text,
        }
        readers.update({k: r for k, r in optional.items() if k in self.columns})
        return readers

    def _across(self, values: dict[str, object], cells: Sequence[object],
                ) -> list[tuple[str, object, str]]:
        """The rules across fields: the period holds the posting date; a line has its
        amount in dollars (given, or its amount when it is in dollars) of the same sign.
        What breaks them: field, value, what was expected."""
        problems: list[tuple[str, object, str]] = []

        def fail(field: str, value: object, expected: str) -> None:
            problems.append((field, value, expected))

        day = values["posting_date"]
        assert isinstance(day, dt.date)
        period = values.get("period")
        if period is None:
            try:
                values["period"] = Period.containing(day)
            except ValueError:
                fail("posting_date", day.isoformat(), "a posting date from 1900 to 2999")
        else:
            assert isinstance(period, _FiscalPeriod)
            problem = period.refuses(day)
            if problem:
                fail("period", self._cell("period", cells), problem)
            values["period"] = period.period
        amount, usd = values["amount"], values.get("amount_usd")
        assert isinstance(amount, Decimal)
        if usd is None:
            if values["currency"] != USD:
                fail("amount_usd", None, f"the amount in dollars of a line in "
                     f"{values['currency']} (map the column amount_usd)")
            elif amount != amount.quantize(CENT):
                fail("amount", amount, "an amount in dollars with at most 2 decimals")
            else:
                values["amount_usd"] = amount.quantize(CENT)
        else:
            assert isinstance(usd, Decimal)
            if values["currency"] == USD and usd != amount:
                fail("amount_usd", usd, f"the amount itself ({amount}) for a line in dollars")
            elif (usd > 0 > amount) or (usd < 0 < amount):
                fail("amount_usd", usd, f"the sign of the amount ({amount})")
        return problems

    def _date(self, value: object) -> dt.date:
        if isinstance(value, dt.datetime):
            return value.date()
        if isinstance(value, dt.date):
            return value
        if not isinstance(value, str):
            raise Bad("a date" if value is None else
                      f"a date written {' or '.join(self.mapping.date_formats)}")
        known = self.dates.get(value)
        if known is not None:
            return known
        for form in self.mapping.date_formats:
            try:
                day = dt.datetime.strptime(value, form).date()
            except ValueError:
                continue
            if len(self.dates) >= _CACHED:
                self.dates.clear()
            self.dates[value] = day
            return day
        raise Bad(f"a date written {' or '.join(self.mapping.date_formats)}")

    def _period(self, value: object) -> _FiscalPeriod:
        if value.__class__ is str:
            known = self.periods.get(value)
            if known is None:
                known = self._read_period(value)
                if len(self.periods) >= _CACHED:
                    self.periods.clear()
                self.periods[value] = known
            return known
        return self._read_period(value)

    def _read_period(self, value: object) -> _FiscalPeriod:
        text = _as_text(value)
        if text is None:
            raise Bad(f"a period written {self.mapping.period_format}")
        match = self.period_pattern.fullmatch(text)
        if match is None:
            raise Bad(f"a period written {self.mapping.period_format}")
        year = int(match["year"])
        if "next" in match.groupdict():
            if (year + 1) % 100 != int(match["next"]):
                raise Bad(f"a period whose second year follows its first ({year}/"
                          f"{(year + 1) % 100:02d})")
            return _FiscalPeriod(_period_of(year), None)
        number = int(match["number"])
        if not 1 <= number <= 16:
            raise Bad("a posting period from 01 (July) to 12 (June), or 13 to 16 (year end)")
        start = year if self.mapping.fiscal_year_named_by == "start" else year - 1
        return _FiscalPeriod(_period_of(start), number)

    def _type(self, value: object) -> LedgerDocumentType:
        text = _as_text(value)
        kind = self.types.get(text.casefold()) if text is not None else None
        if kind is None:
            names = ", ".join(repr(k) for k in list(self.mapping.document_types)[:12])
            raise Bad(f"a document type of the mapping ({names})")
        return kind

    def _amount(self, value: object, decimals: int) -> Decimal:
        if isinstance(value, bool) or value is None:
            raise Bad("an amount")
        if isinstance(value, int):
            return Decimal(value)
        if isinstance(value, float):
            if value != value or value in (float("inf"), float("-inf")):
                raise Bad("an amount")
            exact = Decimal(repr(value))
            if -int(exact.as_tuple().exponent) <= decimals:
                return exact
            return exact.quantize(CENT, rounding=ROUND_HALF_UP)
        if isinstance(value, Decimal):
            number = value
        else:
            text = str(value)
            number = self._parsed(text)
        if not number.is_finite():
            raise Bad("an amount")
        if -int(number.as_tuple().exponent) > decimals:
            shorter = number.quantize(Decimal(1).scaleb(-decimals))
            if shorter != number:  # only zeros beyond (a DECIMAL(38, 10) column) are dropped
                raise Bad(f"an amount with at most {decimals} decimals")
            number = shorter
        return number

    def _parsed(self, text: str) -> Decimal:
        negative = False
        if text.startswith("(") and text.endswith(")"):
            negative, text = True, text[1:-1].strip()
        elif text.endswith("-"):
            negative, text = True, text[:-1].rstrip()
        match = self.number.fullmatch(text)
        if match is None:
            sep = self.mapping.thousands_separator
            grouping = f", thousands grouped by {sep!r}" if sep else ""
            raise Bad(f"an amount written with {self.mapping.decimal_separator!r} before "
                      f"its decimals{grouping} (like {_example(self.mapping)})")
        digits = match["whole"].replace(self.mapping.thousands_separator or "\0", "")
        fraction = match["fraction"] or ""
        try:
            number = Decimal(f"{match['sign']}{digits}.{fraction}" if fraction
                             else f"{match['sign']}{digits}")
        except InvalidOperation:
            raise Bad("an amount") from None
        if negative:
            if number < 0:
                raise Bad("an amount with one minus sign")
            number = -number
        return number


class _FiscalPeriod:
    """A period cell read: the financial period, and the posting period if it names one."""

    __slots__ = ("number", "period")

    def __init__(self, period: Period, number: int | None) -> None:
        self.period = period
        self.number = number

    def refuses(self, day: dt.date) -> str | None:
        period = self.period
        if not period.start <= day <= period.end:
            holding = (f" ({Period.containing(day).label})" if 1900 < day.year < 2999
                       else "")
            return (f"the period of the posting date {day.isoformat()}"
                    f"{holding}; this one is {period.label}, "
                    f"from {period.start.isoformat()} to {period.end.isoformat()}")
        if self.number is None:
            return None
        month = 6 if self.number > 12 else (self.number + 5) % 12 + 1
        if day.month != month:
            return (f"the posting period of the posting date {day.isoformat()}: "
                    f"{(day.month - 7) % 12 + 1:02d}" + (" (or 13 to 16, year end)"
                                                         if day.month == 6 else ""))
        return None


def _period_of(start_year: int) -> Period:
    try:
        return Period(start_year)
    except ValueError:
        raise Bad("a period from 1900/01 to 2999/00") from None


def _as_text(value: object) -> str | None:
    """A cell as text; None for an empty cell and for what is no scalar (a Parquet list,
    struct or blob, a boolean)."""
    if value is None or isinstance(value, bool) or not isinstance(
            value, str | int | float | Decimal):
        return None
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, Decimal) and value == value.to_integral_value():
        return str(int(value))
    return str(value)


def _code(value: object) -> str:
    """An ERP code: account ``5110000`` may come as a number from a workbook."""
    text = value if value.__class__ is str else _as_text(value)
    if text is None:
        raise Bad("a value")
    if not CODE.fullmatch(text):
        raise Bad(f"a code of at most {MAX_CODE_CHARS} characters on one line")
    return text


def _text(value: object) -> str:
    if value is None:
        return ""
    text = _as_text(value)
    if text is None:
        raise Bad("a text")
    if len(text) > MAX_TEXT_CHARS:
        raise Bad(f"a text of at most {MAX_TEXT_CHARS} characters")
    return text


def _currency(value: object) -> str:
    text = (value if value.__class__ is str else _as_text(value) or "").upper()
    if text not in known_currencies():
        raise Bad("an ISO 4217 currency code rbb knows (USD, EUR, CHF, XOF ...: "
                  "rbb/data/reference/currencies.csv)")
    return text


def _number_pattern(mapping: ColumnMapping) -> re.Pattern[str]:
    dec = re.escape(mapping.decimal_separator)
    sep = mapping.thousands_separator
    whole = rf"\d{{1,3}}(?:{re.escape(sep)}\d{{3}})+|\d+" if sep else r"\d+"
    return re.compile(rf"(?P<sign>[-+]?)(?P<whole>{whole})(?:{dec}(?P<fraction>\d+))?")


def _example(mapping: ColumnMapping) -> str:
    sep = mapping.thousands_separator
    return f"-1{sep}234{mapping.decimal_separator}56"


def _period_pattern(form: str) -> re.Pattern[str]:
    parts: list[str] = []
    rest = form
    tokens = (("YYYY", r"(?P<year>\d{4})"), ("PPP", r"(?P<number>\d{3})"),
              ("PP", r"(?P<number>\d{2})"), ("YY", r"(?P<next>\d{2})"))
    while rest:
        for token, pattern in tokens:
            if rest.startswith(token):
                parts.append(pattern)
                rest = rest[len(token):]
                break
        else:
            parts.append(re.escape(rest[0]))
            rest = rest[1:]
    return re.compile("".join(parts))
