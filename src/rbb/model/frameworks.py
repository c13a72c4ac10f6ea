"""Results-based budgeting frameworks (docs/domain.md, "Results-based budgeting frameworks").

component → expected accomplishment → indicators of achievement and outputs.
"""

from __future__ import annotations

from enum import StrEnum

from .base import Key, Quantity, Record, SourceLine
from .cycle import Period


class Comparator(StrEnum):
    AT_LEAST = "≥"
    AT_MOST = "≤"
    MORE_THAN = ">"
    LESS_THAN = "<"
    PLUS_OR_MINUS = "±"


class IndicatorValue(Record):
    """``2024/25: ≥ 44 per cent``: one period's value of an indicator."""

    period: Period
    text: str
    """As printed after the colon, e.g. ``≥ 44 per cent`` or ``n/a``."""
    value: Quantity | None
    unit: str | None = None
    """``per cent``, or None for a plain number."""
    comparator: Comparator | None = None
    tolerance: Quantity | None = None
    """The ``± 3`` of ``10.0 per cent ± 3 per cent``."""
    source_line: SourceLine = None


class Indicator(Record):
    number: str
    """``1.1.1``"""
    text: str
    values: tuple[IndicatorValue, ...] = ()
    actual: str | None = None
    """Performance report: the actual indicator of achievement, as printed."""
    source_line: SourceLine = None


class OutputQuantity(Record):
    """A number stated in an output or its completion (``250 field reports``)."""

    value: Quantity
    text: str
    """The number as printed with what it counts, e.g. ``250 field reports``."""
    source_line: SourceLine = None


class OutputCompletion(Record):
    """Performance report: one completed entry and its remarks. A planned output
    can have several (``330 Meetings ...`` and ``847 Meetings ...`` for one
    combined output; ``389 Computing devices`` and ``65 Printers``)."""

    completed: str
    """``Yes``, ``No`` or the number completed, as printed."""
    completed_quantity: Quantity | None = None
    remarks: str | None = None
    source_line: SourceLine = None
    """Line the completed entry is printed on."""


class Output(Record):
    text: str
    heading: str | None = None
    """Service area heading in support frameworks (``Fuel management services``)."""
    quantities: tuple[OutputQuantity, ...] = ()
    completed: str | None = None
    """Performance report: ``Yes``, ``No`` or the number completed, as printed."""
    completed_quantity: Quantity | None = None
    completed_source_line: SourceLine = None
    """Line the (first) completed entry is printed on; ``source_line`` is the
    planned output's first line."""
    remarks: str | None = None
    further_completions: tuple[OutputCompletion, ...] = ()
    """Completed entries after the first one, in the order printed."""
    source_line: SourceLine = None

    @property
    def quantity(self) -> Quantity | None:
        return self.quantities[0].value if self.quantities else None


class ExpectedAccomplishment(Record):
    number: str
    """``1.1``"""
    text: str
    indicators: tuple[Indicator, ...] = ()
    outputs: tuple[Output, ...] = ()
    source_line: SourceLine = None


class Component(Record):
    key: Key
    """``executive_direction_and_management``, ``substantive``, ``support``."""
    number: int | None = None
    name: str
    expected_accomplishments: tuple[ExpectedAccomplishment, ...] = ()
    external_factors: str | None = None
    source_line: SourceLine = None
