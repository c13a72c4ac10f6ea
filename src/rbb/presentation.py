"""The one place figures become text, the way the Secretary-General's reports print them.

docs/domain.md, "Presentation rules": amounts in thousands of United States dollars with
one decimal (``36 682.0``), a space or thin space between thousands, negative
numbers in parentheses (``(119.7)``), nil as a dash (``—``); percentages with
one decimal. Rounding is half away from zero (``0.05`` → ``0.1``,
``-0.05`` → ``-0.1``), as the reports round, never Python's half-to-even.

Values stay exact ``Decimal`` until they reach this module; checks use the
same rounding (``round_half_away``) to decide what a report *should* print.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

EM_DASH = "—"
EN_DASH = "–"
SPACE = " "
THIN_SPACE = "\u2009"
THOUSAND = Decimal(1000)
THOUSANDS_PER_MILLION = Decimal(1000)
"""Amounts are stored in thousands of dollars; a million is a thousand of them."""


_UNITS = tuple(Decimal(1).scaleb(-places) for places in range(12))


def unit(places: int) -> Decimal:
    """The smallest step printed with ``places`` decimals: ``unit(1)`` is ``0.1``."""
    return _UNITS[places] if 0 <= places < len(_UNITS) else Decimal(1).scaleb(-places)


def round_half_away(value: Decimal, places: int) -> Decimal:
    """Round to ``places`` decimals, ties away from zero (``ROUND_HALF_UP`` in
    :mod:`decimal` rounds ties away from zero for either sign)."""
    return value.quantize(unit(places), rounding=ROUND_HALF_UP)


def places_of(value: Decimal) -> int:
    """How many decimals a printed figure carries: ``46.9`` → 1, ``0.04`` → 2, ``27`` → 0."""
    exponent = value.as_tuple().exponent
    return max(0, -exponent) if isinstance(exponent, int) else 0


def group_digits(digits: str, separator: str) -> str:
    """``36682`` → ``36 682``: thousands grouped from the right (the format
    specification's own grouping, with the reports' separator)."""
    return format(int(digits), ",").replace(",", separator)


def _plain(value: Decimal, places: int, separator: str) -> str:
    """Rounded the reports' way first, so that formatting itself never rounds."""
    return format(abs(round_half_away(value, places)), f",.{places}f").replace(",", separator)


def _signed(value: Decimal, body: str, nil: str) -> str:
    if value == 0:
        return nil
    return f"({body})" if value < 0 else body


def format_amount(value: Decimal | None, *, places: int = 1, separator: str = SPACE,
                  nil: str = EM_DASH) -> str:
    """Thousands of dollars as a money table prints them: ``36 682.0``, ``(119.7)``, ``—``.

    A value that rounds to zero but is not zero keeps its sign: ``(0.0)``.
    ``None`` (no figure, ``n/a``) prints as ``n/a``.
    """
    if value is None:
        return "n/a"
    return _signed(value, _plain(value, places, separator), nil)


def format_percentage(value: Decimal | None, *, places: int = 1, separator: str = SPACE,
                      nil: str = EM_DASH) -> str:
    """A percentage column: ``46.9``, ``(1.4)``, ``—``."""
    if value is None:
        return "n/a"
    return _signed(value, _plain(value, places, separator), nil)


def format_count(value: int | None, *, separator: str = ",", nil: str = EN_DASH) -> str:
    """Posts, persons, person-trips: ``186``, ``1,700``, ``–`` for nil."""
    if value is None:
        return "n/a"
    body = group_digits(str(abs(value)), separator)
    return _signed(Decimal(value), body, nil)


def format_dollars(thousands: Decimal) -> str:
    """An amount in thousands written in full in the prose: ``46 045.3`` → ``$46,045,300``."""
    dollars = round_half_away(thousands * THOUSAND, 0)
    body = "$" + group_digits(str(abs(int(dollars))), ",")
    return f"({body})" if dollars < 0 else body


def format_dollar_thousands(value: Decimal) -> str:
    """Thousands of dollars with the dollar sign, as under the staffing tables and
    beside each class in "Analysis of variances": ``$5,137.2``, ``($479.1)``."""
    text = format_amount(value, separator=",", nil="0.0")
    return f"(${text[1:]}" if text.startswith("(") else f"${text}"


def format_signed_percentage(value: Decimal) -> str:
    """A percentage with its sign, as in "Analysis of variances": ``47.5%``, ``(5.0%)``."""
    text = format_percentage(value, places=max(1, places_of(value)), nil="0.0")
    return f"{text[:-1]}%)" if text.startswith("(") else f"{text}%"


def format_millions(thousands: Decimal, *, places: int = 1) -> str:
    """An amount in thousands quoted in millions: ``40 612.6`` → ``$40.6 million``."""
    millions = round_half_away(thousands / THOUSANDS_PER_MILLION, places)
    return f"${_plain(millions, places, ',')} million" if millions >= 0 else \
        f"(${_plain(millions, places, ',')} million)"


def format_rate(value: Decimal, *, places: int = 1) -> str:
    """A rate in the prose: ``8.8 per cent``."""
    return f"{format(round_half_away(value, places), 'f')} per cent"


def in_millions(thousands: Decimal, places: int) -> Decimal:
    """The figure a text quoting ``$N million`` should print for an amount in thousands."""
    return round_half_away(thousands / THOUSANDS_PER_MILLION, places)
