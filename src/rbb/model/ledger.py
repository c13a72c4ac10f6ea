"""The year's expenditure as an ERP extract gives it (docs/execution.md): ledger lines,
what maps their accounts and funds centres onto rbb's classes and offices, and the
aggregates the monitoring and the performance report are drafted from.

Amounts of the ledger are in **dollars** (two decimals, exact), not in the thousands of
dollars the reports print: a line is one posting. Aggregates keep dollars too; the
presentation (and the drafted report's tables) divide by 1,000 once, at the end."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from enum import StrEnum
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BeforeValidator,
    Field,
    PlainSerializer,
    StringConstraints,
    model_serializer,
    model_validator,
)

from .base import (
    Key,
    Label,
    MissionCode,
    Record,
    _as_plain_text,
    _finite_and_bounded,
    _refuse_float,
)
from .cycle import Period

Dollars = Annotated[
    Decimal,
    BeforeValidator(_refuse_float),
    AfterValidator(_finite_and_bounded),
    PlainSerializer(_as_plain_text, return_type=str, when_used="json"),
]
"""Money of one posting in United States dollars (or its own currency), exact."""

CurrencyCode = Annotated[str, StringConstraints(pattern=r"^[A-Z]{3}$")]
Code = Annotated[str, StringConstraints(pattern=r"^[^\x00-\x1f\x7f]{1,40}$")]
"""An ERP code as the extract prints it: an account, a funds centre, a fund."""


class LedgerDocumentType(StrEnum):
    """What a posting is: money set aside, money paid out, or a correction."""

    OBLIGATION = "obligation"
    """A commitment or obligation (purchase order, contract, payroll commitment)."""
    DISBURSEMENT = "disbursement"
    ADJUSTMENT = "adjustment"


class LedgerLine(Record):
    """One posting of the expenditure ledger, with where it came from."""

    mission: MissionCode
    """The mission whose ledger it is (an extract is imported for one mission)."""
    source: Label
    """The extract it was imported from (a re-sent extract replaces its own lines)."""
    row: int = Field(ge=1)
    """Its row in the extract (1 = the first data row), for errors and drill-down."""
    document_number: Code
    posting_date: dt.date
    period: Period
    """The financial period it is posted to (1 July to 30 June)."""
    fund: Code
    funds_centre: Code
    account: Code
    """Commitment item or general-ledger account."""
    document_type: LedgerDocumentType
    amount: Dollars
    """In ``currency``, as posted."""
    currency: CurrencyCode
    amount_usd: Dollars
    """In United States dollars at the United Nations operational rate of exchange of
    the posting (what every aggregate sums)."""
    text: str = Field(default="", max_length=500)


class AccountMapping(Record):
    """An account of the ERP and the class of expenditure it is reported under."""

    account: Code
    class_code: Key
    """A class of ``rbb.model.classes`` (``ground_transportation``)."""
    label: str = ""


class FundsCentreMapping(Record):
    """A funds centre and the office and component it belongs to."""

    funds_centre: Code
    office: str
    component: str | None = None


class ClassMonth(Record):
    """The postings of one class of expenditure in one month, in dollars."""

    class_code: Key
    month: dt.date
    """First day of the month."""
    obligated: Dollars = Decimal(0)
    disbursed: Dollars = Decimal(0)
    adjusted: Dollars = Decimal(0)

    @property
    def expenditure(self) -> Decimal:
        """What the performance report counts as expenditure: disbursements plus
        obligations still open at the period's end plus adjustments (the UN's modified
        accrual: an obligation is expenditure of the period it is raised in)."""
        return self.obligated + self.adjusted


class AccountMonth(Record):
    """The postings of one account in one month, in dollars, with the class and label the
    account mapping gives it: where a class's expenditure went, which the drafted analysis
    of variances names (``rbb.costing.performance_narrative``)."""

    account: Code
    class_code: Key
    label: str = ""
    """As the account mapping holds it (any text: the narrative makes it one line)."""
    month: dt.date
    """First day of the month."""
    obligated: Dollars = Decimal(0)
    disbursed: Dollars = Decimal(0)
    adjusted: Dollars = Decimal(0)

    @property
    def expenditure(self) -> Decimal:
        """Obligated plus adjusted, as :attr:`ClassMonth.expenditure`."""
        return self.obligated + self.adjusted


# -- Reading an extract (rbb.importers.ledger, docs/execution.md "Ledger extracts and
# column mappings") -------------------------------------------------------------------

MappingText = Annotated[str, StringConstraints(pattern=r"^[^\x00-\x1f\x7f]{1,200}$")]
"""A column's name in an extract's header, or a constant: one line, at most 200 characters."""


class ColumnSource(Record):
    """Where a line's field comes from: a column of the extract, or one value for every
    line (the currency of an extract in dollars only). Written in a mapping file as the
    column's name, or as ``{constant: USD}``."""

    column: MappingText | None = None
    constant: MappingText | None = None

    @model_validator(mode="before")
    @classmethod
    def _column_name(cls, value: Any) -> Any:
        return {"column": value} if isinstance(value, str) else value

    @model_validator(mode="after")
    def _one_of_them(self) -> ColumnSource:
        if (self.column is None) == (self.constant is None):
            raise ValueError("give either a column or a constant")
        return self

    @model_serializer(mode="plain")
    def _as_written(self) -> str | dict[str, str]:
        return self.column if self.column is not None else {"constant": self.constant or ""}


FiscalYearName = Literal["start", "end"]
_PERIOD_FORMAT = r"^[YP/.\- ]{4,12}$"


class ColumnMapping(Record):
    """How one source's extracts are read into ``LedgerLine``s: the column (or constant)
    of each field and how its cells are written. A user saves one per source
    (``rbb.importers.ledger.save_mapping``); ``DEFAULT_MAPPING`` reads rbb's own columns."""

    name: Label = ""
    """What the mapping reads (``Umoja funds management line items``)."""
    document_number: ColumnSource
    posting_date: ColumnSource
    fund: ColumnSource
    funds_centre: ColumnSource
    account: ColumnSource
    document_type: ColumnSource
    amount: ColumnSource
    currency: ColumnSource = ColumnSource(constant="USD")
    amount_usd: ColumnSource | None = None
    """None, or an empty cell: the amount itself, which only a line in dollars may have."""
    period: ColumnSource | None = None
    """None, or an empty cell: the financial period holding the posting date."""
    text: ColumnSource | None = None
    period_format: str = Field(default="YYYY/YY", pattern=_PERIOD_FORMAT)
    """How a period cell is written: ``YYYY/YY`` (``2022/23``, as the reports write it) or
    a fiscal year with its posting period, ``YYYY/PP`` (``2022/01``), ``PPP/YYYY``
    (``001/2022``): period 01 is July, 13 to 16 the year-end periods (posted in June)."""
    fiscal_year_named_by: FiscalYearName = "start"
    """With ``PP``: whether fiscal year 2022 is 2022/23 (``start``) or 2021/22 (``end``)."""
    date_formats: tuple[Annotated[str, StringConstraints(pattern=r"^[^\x00-\x1f\x7f]{2,40}$")],
                        ...] = Field(default=("%Y-%m-%d",), min_length=1, max_length=5)
    """``strptime`` formats of a date written as text, tried in order (``%d.%m.%Y``)."""
    decimal_separator: Literal[".", ","] = "."
    thousands_separator: Literal["", ",", ".", " ", "'", "\u00a0", "\u202f"] = ""
    document_types: dict[Annotated[str, StringConstraints(pattern=r"^[^\x00-\x1f\x7f]{1,40}$")],
                         LedgerDocumentType] = Field(
        default_factory=lambda: {t.value: t for t in LedgerDocumentType}, max_length=200)
    """The extract's values (``PO``, ``51``, ``Payment``) and the type each means; compared
    without regard to case or surrounding spaces."""
    delimiter: Literal[",", ";", "\t", "|"] = ","
    """Of a CSV extract."""
    encoding: Literal["utf-8", "cp1252"] = "utf-8"
    """Of a CSV extract (a byte-order mark is dropped)."""
    sheet: MappingText | None = None
    """Of an Excel extract: the sheet to read (None: the first)."""
    header_row: int = Field(default=1, ge=1, le=100)
    """The row of the column names (of a CSV or Excel extract); the lines follow it."""
    spreadsheet_quotes: bool = False
    """Text cells were written by rbb with its quote before a formula trigger
    (``rbb.model.spreadsheet``): the quote is removed."""

    @model_validator(mode="after")
    def _separators_differ(self) -> ColumnMapping:
        if self.thousands_separator == self.decimal_separator:
            raise ValueError("the thousands separator cannot be the decimal separator")
        rest = self.period_format.replace("YYYY", "", 1)
        if self.period_format.count("YYYY") != 1 or ("YY" in rest) == ("P" in rest) or (
                "Y" in rest.replace("YY", "", 1)) or rest.count("P") not in (0, 2, 3):
            raise ValueError("a period format has YYYY and either YY (2022/23) or PP or PPP "
                             "(2022/01, 001/2022)")
        keys = [key.strip().casefold() for key in self.document_types]
        if len(set(keys)) != len(keys):
            raise ValueError("a document type value is given twice (case is not told apart)")
        return self

    def sources(self) -> dict[str, ColumnSource]:
        """Each field of a ``LedgerLine`` the extract gives, and where from."""
        given = {name: getattr(self, name) for name in LEDGER_FIELDS}
        return {name: source for name, source in given.items() if source is not None}


LEDGER_FIELDS = ("document_number", "posting_date", "period", "fund", "funds_centre",
                 "account", "document_type", "amount", "currency", "amount_usd", "text")
"""The fields of a ``LedgerLine`` an extract gives (the others say where it came from)."""

DEFAULT_MAPPING = ColumnMapping(
    name="rbb ledger columns",
    spreadsheet_quotes=True,
    currency=ColumnSource(column="currency"),
    amount_usd=ColumnSource(column="amount_usd"),
    period=ColumnSource(column="period"),
    text=ColumnSource(column="text"),
    **{name: ColumnSource(column=name) for name in (
        "document_number", "posting_date", "fund", "funds_centre", "account",
        "document_type", "amount")},
)
"""rbb's own columns, named as the fields of ``LedgerLine`` (what ``rbb ledger generate``
writes): dates ``2022-07-31``, periods ``2022/23``, amounts ``-1234.56``."""


class BadRow(Record):
    """A row of an extract that is not a ledger line, and why."""

    row: int
    """1 = the first row after the header."""
    column: str
    """The extract's column (or the field, for a constant or a rule across fields)."""
    value: str
    """The cell, escaped and cut to 60 characters (safe to print)."""
    expected: str
    where: str = ""
    """Where a user finds the row in the file (``line 7``, ``sheet row 7``)."""

    def __str__(self) -> str:
        where = f" ({self.where})" if self.where else ""
        return (f"row {self.row}{where}, column {self.column}: {self.value}: "
                f"expected {self.expected}")
