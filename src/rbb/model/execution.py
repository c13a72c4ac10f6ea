"""What a mission records while it runs its year (docs/execution.md, "Redeployments and
the results tracker"): funds redeployed between groups and classes, and the actual values
of its indicators of achievement and outputs by quarter, each with its evidence.

Redeployment amounts are **dollars** (exact, as approved), like the ledger's; the
performance report's redeployment table prints thousands, derived once where it is built.
A framework entry is named as the stored budget's framework names it: the component's
key, then the indicator's number (``1.1.1``) or, for an output, its expected
accomplishment's number and its place among that accomplishment's outputs (``1.1/3``)."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from enum import StrEnum
from typing import Annotated

from pydantic import Field, StringConstraints, field_validator, model_validator

from .base import FileName, Key, MissionCode, Record, Sha256
from .classes import BY_CODE, LineKind
from .cycle import Period
from .ledger import Dollars

PersonName = Annotated[str, StringConstraints(pattern=r"^[^\x00-\x1f\x7f]+$", min_length=1,
                                              max_length=64, strip_whitespace=True)]
"""Who approved or recorded something: a user name or a person's name."""
Note = Annotated[str, StringConstraints(pattern=r"^[^\x00-\x08\x0b-\x1f\x7f]*$",
                                        max_length=2000)]
"""Free text (a reason, a note): line breaks allowed, other control characters not."""

INDICATOR_KEY = re.compile(r"^\d{1,3}(?:\.\d{1,3}){1,4}$")
"""An indicator's number as the frameworks print it: ``1.1.1``."""
OUTPUT_KEY = re.compile(r"^(\d{1,3}(?:\.\d{1,3}){0,3})/([1-9]\d{0,2})$")
"""An output: its expected accomplishment's number and its place there, ``1.1/3``."""

MEDIA_TYPES: dict[str, tuple[str, ...]] = {
    "application/pdf": (".pdf",),
    "image/png": (".png",),
    "image/jpeg": (".jpg", ".jpeg"),
    "text/plain": (".txt", ".text", ".md"),
    "text/csv": (".csv",),
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": (".xlsx",),
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": (".docx",),
}
"""The kinds of evidence a mission may upload, each with the file name endings it may
carry (the store sniffs the content; a name must agree with it)."""


def line_for_redeployment(code: str) -> str:
    """A group or class code of ``rbb.model.classes``, or a ValueError naming what is
    expected (summary lines are not distributions funds move between)."""
    line = BY_CODE.get(code)
    if line is None or line.kind is LineKind.SUMMARY:
        raise ValueError(f"{code[:64]!r} is not a group or class of expenditure "
                         "(expected a code such as civilian_personnel or official_travel)")
    return code


def group_of(code: str) -> str:
    """The group a group or class code belongs to."""
    line = BY_CODE[code]
    return line.code if line.kind is LineKind.GROUP else str(line.group)


class Withdrawal(Record):
    """A record withdrawn as recorded in error: kept, with who withdrew it, when and why,
    and no longer counted (append-only: nothing recorded is deleted)."""

    by: PersonName
    at: dt.datetime
    reason: Note = Field(min_length=1)


class Redeployment(Record):
    """Funds moved from one group or class to another, as approved."""

    id: int | None = None
    """The store's number for it (None until stored)."""
    mission: MissionCode
    period: Period
    date: dt.date
    """When it was approved: within the period."""
    amount: Dollars
    """Dollars moved (positive), exact."""
    from_line: Key
    """The group or class the funds leave (``rbb.model.classes`` code)."""
    to_line: Key
    reason: Note = Field(min_length=1)
    approver: PersonName
    recorded_by: PersonName
    recorded_at: dt.datetime
    withdrawn: Withdrawal | None = None
    """Set when it was withdrawn as recorded in error: it then counts nowhere."""

    @field_validator("from_line", "to_line")
    @classmethod
    def _known_line(cls, code: str) -> str:
        return line_for_redeployment(code)

    @model_validator(mode="after")
    def _consistent(self) -> Redeployment:
        if self.amount <= 0:
            raise ValueError("the amount redeployed must be more than zero dollars")
        if self.amount.as_tuple().exponent < -2:  # type: ignore[operator]
            raise ValueError("the amount redeployed is in dollars and cents (two decimals)")
        if self.from_line == self.to_line:
            raise ValueError("funds are redeployed from one group or class to another: "
                             f"both are {self.from_line}")
        if not self.period.start <= self.date <= self.period.end:
            raise ValueError(f"the date {self.date} is outside the period {self.period} "
                             f"({self.period.start} to {self.period.end})")
        return self

    @property
    def across_groups(self) -> bool:
        """Whether it moves funds between groups (what the report's table shows)."""
        return group_of(self.from_line) != group_of(self.to_line)


class Evidence(Record):
    """A file supporting an actual value: kept in the store, known by its hash."""

    id: int | None = None
    file_name: FileName
    """Sanitised: letters, digits and ``._-() `` only, no folder."""
    media_type: str
    size: int = Field(ge=1)
    sha256: Sha256
    recorded_by: PersonName
    recorded_at: dt.datetime

    @field_validator("media_type")
    @classmethod
    def _allowed(cls, value: str) -> str:
        if value not in MEDIA_TYPES:
            raise ValueError(f"{value[:80]!r} is not a kind of evidence rbb keeps")
        return value


class ActualSubject(StrEnum):
    """What an actual value is of."""

    INDICATOR = "indicator"
    OUTPUT = "output"


class _Actual(Record):
    id: int | None = None
    mission: MissionCode
    period: Period
    component: Key
    """The component's key in the stored budget's frameworks."""
    key: str
    quarter: int = Field(ge=1, le=4)
    """Quarter of the financial period: 1 = July to September."""
    value: Note = Field(min_length=1, max_length=200)
    """As the mission states it: ``46 per cent``, ``12``, ``Yes``."""
    note: Note = ""
    evidence: tuple[Evidence, ...] = ()
    recorded_by: PersonName
    recorded_at: dt.datetime
    withdrawn: Withdrawal | None = None
    """Set when it was withdrawn as recorded in error: the quarter then has no value."""


class IndicatorActual(_Actual):
    """An indicator of achievement's actual value in one quarter."""

    @field_validator("key")
    @classmethod
    def _number(cls, value: str) -> str:
        if not INDICATOR_KEY.fullmatch(value):
            raise ValueError(f"{value[:40]!r} is not an indicator's number (expected 1.1.1)")
        return value


class OutputActual(_Actual):
    """An output's actual delivery in one quarter."""

    @field_validator("key")
    @classmethod
    def _position(cls, value: str) -> str:
        if not OUTPUT_KEY.fullmatch(value):
            raise ValueError(f"{value[:40]!r} is not an output's key (expected the expected "
                             "accomplishment's number and the output's place, 1.1/3)")
        return value


class MissionRecords(Record):
    """What a mission records beside its documents, as the checks of ``rbb check`` read
    it (``rbb.engine.checks.registry.RecordCheck``): its redeployments of every period,
    withdrawn ones included (a check counts only the others)."""

    mission: MissionCode
    redeployments: tuple[Redeployment, ...] = ()

    def counted(self, period: Period) -> list[Redeployment]:
        """The period's redeployments that count: not withdrawn."""
        return [r for r in self.redeployments if r.period == period and r.withdrawn is None]


def quarter_of(period: Period, day: dt.date) -> int:
    """The quarter of the financial period a day falls in (1 = July to September)."""
    months = (day.year - period.start.year) * 12 + day.month - period.start.month
    return months // 3 + 1


def thousands(dollars: Decimal) -> Decimal:
    """Dollars as the reports print them: thousands, exactly."""
    return dollars / 1000
