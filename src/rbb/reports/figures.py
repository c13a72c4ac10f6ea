"""How the reports print each kind of figure, in terms of :mod:`rbb.presentation`.

The presentation module is the one place figures become text; this module only
chooses its options per kind of cell; it never rounds or groups digits itself.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from rbb.model import Period
from rbb.presentation import (
    THIN_SPACE,
    format_amount,
    format_count,
    format_dollar_thousands,
    format_dollars,
    format_millions,
    format_percentage,
    format_rate,
    format_signed_percentage,
    places_of,
)

SEPARATOR = THIN_SPACE
"""Thousands separator of the tables in every format (``36 682.0``)."""


def amount(value: Decimal | None) -> str:
    """A money cell, thousands of dollars: ``36 682.0``, ``(119.7)``, ``—``."""
    return format_amount(value, separator=SEPARATOR)


def percentage(value: Decimal | None) -> str:
    """A percentage cell, one decimal unless the report printed more (``0.04``)."""
    places = max(1, places_of(value)) if value is not None else 1
    return format_percentage(value, places=places, separator=SEPARATOR)


def count(value: int | None) -> str:
    """Posts, persons, trips, projects: ``186``, ``1,700``, ``–``."""
    return format_count(value)


def quantity(value: Decimal | None) -> str:
    """A count stored as an exact number (incumbency): whole numbers as counts."""
    if value is None:
        return format_count(None)
    if value == value.to_integral_value():
        return format_count(int(value))
    return format_amount(value, places=places_of(value), separator=SEPARATOR)


def millions(value: Decimal | None) -> str:
    """The borrowing table, in millions of dollars as printed: ``32.5``."""
    return format_amount(value, separator=SEPARATOR)


def dollar_thousands(value: Decimal) -> str:
    """Thousands of dollars with the dollar sign: ``$5,137.2``, ``($479.1)``, ``$0.0``."""
    return format_dollar_thousands(value)


def signed_percentage(value: Decimal) -> str:
    """A percentage with its sign: ``47.5%``, ``(5.0%)``."""
    return format_signed_percentage(value)


def dollars(thousands: Decimal) -> str:
    """An amount in thousands written in full in prose: ``$46,045,300``."""
    return format_dollars(thousands)


def in_millions(thousands: Decimal) -> str:
    """``$40.6 million``."""
    return format_millions(thousands)


def rate(value: Decimal) -> str:
    """``5.4 per cent``."""
    return format_rate(value)


def axis_tick(value: Decimal) -> str:
    """A chart axis tick in thousands of dollars, whole: ``10 000``; zero is ``0``."""
    return format_amount(value, places=0, separator=SEPARATOR, nil="0")


def long_date(day: dt.date) -> str:
    """``20 January 2025``, as the reports write dates."""
    return f"{day.day} {day:%B %Y}"


def period_span(period: Period) -> str:
    """``1 July 2025 to 30 June 2026``."""
    return f"{long_date(period.start)} to {long_date(period.end)}"
