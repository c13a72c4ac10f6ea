"""Where a figure stands in the budget cycle (docs/domain.md, "The cycle"): the
financial period (1 July to 30 June, written ``2025/26``), the stage of the money,
and the kind of report that prints it."""

from __future__ import annotations

import re
from datetime import date
from enum import StrEnum
from functools import total_ordering
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from pydantic import GetCoreSchemaHandler
    from pydantic_core import core_schema

_LABEL = re.compile(r"^(?P<start>\d{4})/(?P<end>\d\d)$")


@total_ordering
class Period:
    """One budget year. Ordered, hashable, and written the way the reports write it.

    Some reports cover less or other than 1 July to 30 June (a mission set up in
    October, six months before a mandate ends): ``Period.between`` states those dates.
    Such a period still belongs to the financial year holding its first day, which is
    what labels, orders and identifies it (storage keys, addresses ``2025-26``); only
    ``start``, ``end`` and ``stated`` say the dates printed."""

    __slots__ = ("_end", "_start", "start_year")

    def __init__(self, start_year: int) -> None:
        if not 1900 <= start_year <= 2999:
            raise ValueError(f"period start year {start_year} is out of range")
        self.start_year = start_year
        self._start: date | None = None
        self._end: date | None = None

    @classmethod
    def between(cls, start: date, end: date) -> Period:
        """The period a report states from ``start`` to ``end`` (both included): the
        financial year itself when they are 1 July and the next 30 June."""
        if end < start:
            raise ValueError(f"a period cannot end ({end}) before it starts ({start})")
        if (end - start).days > 2 * 366:
            raise ValueError(f"a period from {start} to {end} is longer than two years")
        period = cls.containing(start)
        if (start, end) != (period.start, period.end):
            period._start, period._end = start, end
        return period

    @property
    def is_financial_year(self) -> bool:
        """Whether the period is a whole 1 July-30 June year (most reports)."""
        return self._start is None

    @classmethod
    def parse(cls, label: str) -> Period:
        """Read ``2025/26``; the second year must follow the first."""
        match = _LABEL.match(label.strip())
        if match is None:
            raise ValueError(f"period {label!r} is not of the form 2025/26")
        start = int(match["start"])
        if (start + 1) % 100 != int(match["end"]):
            raise ValueError(f"period {label!r}: {match['end']} does not follow {start}")
        return cls(start)

    @classmethod
    def containing(cls, day: date) -> Period:
        return cls(day.year if day.month >= 7 else day.year - 1)

    @property
    def label(self) -> str:
        return f"{self.start_year}/{(self.start_year + 1) % 100:02d}"

    @property
    def start(self) -> date:
        return self._start or date(self.start_year, 7, 1)

    @property
    def end(self) -> date:
        return self._end or date(self.start_year + 1, 6, 30)

    @property
    def stated(self) -> str:
        """The dates as the reports print them: ``1 October 1994 to 30 June 1995``."""
        return f"{_long(self.start)} to {_long(self.end)}"

    def shifted(self, years: int) -> Period:
        return Period(self.start_year + years)

    @property
    def previous(self) -> Period:
        return self.shifted(-1)

    @property
    def next(self) -> Period:
        return self.shifted(1)

    def __str__(self) -> str:
        return self.label

    def __repr__(self) -> str:
        if self.is_financial_year:
            return f"Period({self.label!r})"
        return f"Period.between({self.start!r}, {self.end!r})"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Period) and other.start_year == self.start_year

    def __lt__(self, other: Period) -> bool:
        return self.start_year < other.start_year

    def __hash__(self) -> int:
        return hash(self.start_year)

    @classmethod
    def __get_pydantic_core_schema__(
        cls, _source: Any, _handler: GetCoreSchemaHandler
    ) -> core_schema.CoreSchema:
        from pydantic_core import core_schema  # only a model needs it: the CLI starts without

        def validate(value: Any) -> Period:
            if isinstance(value, Period):
                return value
            if isinstance(value, str):
                return cls.parse(value)
            raise ValueError("a period is written like 2025/26")

        return core_schema.no_info_plain_validator_function(
            validate,
            json_schema_input_schema=core_schema.str_schema(pattern=_LABEL.pattern),
            serialization=core_schema.plain_serializer_function_ser_schema(
                lambda p: p.label, return_schema=core_schema.str_schema()
            ),
        )

MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December")
"""The months in English as the reports print them (never the locale's names)."""


def _long(day: date) -> str:
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


class Stage(StrEnum):
    COST_ESTIMATES = "cost_estimates"
    ACABQ_RECOMMENDED = "acabq_recommended"
    APPROPRIATION = "appropriation"
    APPORTIONMENT = "apportionment"
    EXPENDITURE = "expenditure"


class DocumentKind(StrEnum):
    """What a report is. rbb reads budgets and performance reports in full, the
    legislative documents (``legislative``) into their own records; of the other kinds it
    reads the identity only (docs/importing.md, "Identity of a report")."""

    BUDGET = "budget"
    PERFORMANCE = "performance"
    REVISED_BUDGET = "revised_budget"
    """A budget proposed again for a period already budgeted (a changed mandate)."""
    FINANCING_REPORT = "financing_report"
    """Before results-based budgeting (to 2002/03): "Financing of the <mission>", with
    its cost estimates or its financial performance."""
    ACABQ_REPORT = "acabq_report"
    """The Advisory Committee's report on a mission's budget and performance."""
    GA_RESOLUTION = "ga_resolution"
    """A General Assembly resolution on the financing of a mission."""

    @property
    def read_in_full(self) -> bool:
        """Whether rbb imports the figures of this kind, not only its identity."""
        return self in (DocumentKind.BUDGET, DocumentKind.PERFORMANCE)

    @property
    def legislative(self) -> bool:
        """What the Advisory Committee and the Assembly make of a mission's budget
        (rbb.model.legislative): recommendations and decisions, not the tables of a
        report of the Secretary-General."""
        return self in (DocumentKind.ACABQ_REPORT, DocumentKind.GA_RESOLUTION)

    @property
    def stored(self) -> bool:
        """Whether rbb stores documents of this kind with their figures (``rbb load``, the
        store, pages): the reports it reads in full and the legislative documents."""
        return self.read_in_full or self.legislative

    @property
    def of_secretary_general(self) -> bool:
        """A report of the Secretary-General (budget, performance, revised budget,
        financing report): the tables the checks and the regenerated report know."""
        return not self.legislative
