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
from typing import Annotated

from pydantic import AfterValidator, BeforeValidator, Field, PlainSerializer, StringConstraints

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
