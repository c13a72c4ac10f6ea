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
    """One budget year. Ordered, hashable, and written the way the reports write it."""

    __slots__ = ("start_year",)

    def __init__(self, start_year: int) -> None:
        if not 1900 <= start_year <= 2999:
            raise ValueError(f"period start year {start_year} is out of range")
        self.start_year = start_year

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
        return date(self.start_year, 7, 1)

    @property
    def end(self) -> date:
        return date(self.start_year + 1, 6, 30)

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
        return f"Period({self.label!r})"

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

class Stage(StrEnum):
    COST_ESTIMATES = "cost_estimates"
    ACABQ_RECOMMENDED = "acabq_recommended"
    APPROPRIATION = "appropriation"
    APPORTIONMENT = "apportionment"
    EXPENDITURE = "expenditure"


class DocumentKind(StrEnum):
    BUDGET = "budget"
    PERFORMANCE = "performance"
