"""How every check compares a printed figure with a computed one, and where the finding
is: exact agreement is no finding, a difference within the rounding of the printed
parts is ``rounding``, a larger one ``error``.

Messages are templates (``str.format`` fields) filled in only on a difference, so a
check states its own wording once and pays for it only when there is something to say;
the text of a document is given as fields, never as part of a template.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from decimal import Decimal
from typing import NamedTuple

from rbb.model import Document, Finding, Severity
from rbb.presentation import format_amount, places_of, round_half_away, unit

HALF = Decimal("0.5")
EXACT = Decimal(0)
"""The tolerance of counts (posts, persons): they are printed whole, so never rounded."""

Show = Callable[[Decimal], str]
"""How a message prints the printed and the computed figure."""


def show_whole(value: Decimal) -> str:
    """A count as the tables print it in a message: ``186``."""
    return str(value)


class _Keep:
    """Marks a field :meth:`Where.at` leaves as it is."""


KEEP = _Keep()


class Where(NamedTuple):
    """The document of a finding and its location inside it, as the report prints it.
    A named tuple: the checks build one for every row they compare, and a tuple is the
    cheapest immutable record to build."""

    document: str
    section: str | None = None
    table: str | None = None
    row: str | None = None
    column: str | None = None
    source_line: int | None = None

    @classmethod
    def of(cls, document: Document, *, section: str | None = None, table: str | None = None,
           row: str | None = None, column: str | None = None,
           source_line: int | None = None) -> Where:
        return cls(str(document.key), section, table, row, column, source_line)

    def at(self, *, section: str | _Keep | None = KEEP, table: str | _Keep | None = KEEP,
           row: str | _Keep | None = KEEP, column: str | _Keep | None = KEEP,
           source_line: int | _Keep | None = KEEP) -> Where:
        """A copy with some fields changed."""
        return Where(
            self.document,
            self.section if isinstance(section, _Keep) else section,
            self.table if isinstance(table, _Keep) else table,
            self.row if isinstance(row, _Keep) else row,
            self.column if isinstance(column, _Keep) else column,
            self.source_line if isinstance(source_line, _Keep) else source_line)


def finding(severity: Severity, code: str, message: str, where: Where, *,
            printed: Decimal | None = None, computed: Decimal | None = None) -> Finding:
    return Finding(
        severity=severity, code=code, document=where.document, section=where.section,
        table=where.table, row=where.row, column=where.column,
        source_line=where.source_line, printed=printed, computed=computed, message=message)


def error(code: str, message: str, where: Where, *, printed: Decimal | None = None,
          computed: Decimal | None = None) -> Finding:
    return finding(Severity.ERROR, code, message, where, printed=printed, computed=computed)


def warning(code: str, message: str, where: Where, *, printed: Decimal | None = None,
            computed: Decimal | None = None) -> Finding:
    return finding(Severity.WARNING, code, message, where, printed=printed, computed=computed)


def sum_tolerance(parts: int, places: int = 1) -> Decimal:
    """How far a total of ``parts`` printed figures may drift from the printed total by
    rounding alone: half a unit of the last printed place per part (``0.1 × parts / 2``
    for one-decimal figures, and at least that of two parts)."""
    return unit(places) * HALF * max(parts, 2)


def compare(code: str, where: Where, printed: Decimal | None, computed: Decimal | None,
            tolerance: Decimal, message: str, *, show: Show = format_amount,
            in_column: str | None = None, **fields: object) -> tuple[Finding, ...]:
    """No finding when printed == computed (or either is missing); else one finding,
    ``rounding`` within ``tolerance`` and ``error`` beyond it. ``message`` is filled with
    ``printed`` and ``computed`` (through ``show``) and ``fields``. ``in_column`` is the
    column compared, put into the location only when there is a finding (a table check
    compares every cell, and almost every cell agrees)."""
    severity = judge(printed, computed, tolerance)
    if severity is None:
        return ()
    assert printed is not None and computed is not None
    text = message.format(printed=show(printed), computed=show(computed), **fields)
    if in_column is not None:
        where = where.at(column=str(in_column))
    return (finding(severity, code, text, where, printed=printed, computed=computed),)


def total_against_items(code: str, where: Where, printed: Decimal | None,
                        items: Iterable[Decimal | int | None], message: str, *,
                        show: Show = format_amount, tolerance: Decimal | None = None,
                        in_column: str | None = None, **fields: object) -> tuple[Finding, ...]:
    """A printed total against the sum of its printed items (a missing item adds
    nothing). Within the rounding of the items (:func:`sum_tolerance` of their number,
    unless ``tolerance`` is given) a difference is ``rounding``. ``message`` is the
    check's own wording, filled on a difference with ``printed``, ``computed`` (the sum)
    and ``count`` (the number of items) as well as ``fields``; ``in_column`` as for
    :func:`compare`."""
    if printed is None:
        return ()
    values = list(items)
    computed = Decimal(sum(value for value in values if value is not None))
    if computed == printed:  # almost every total agrees: nothing more to build
        return ()
    allowed = sum_tolerance(len(values)) if tolerance is None else tolerance
    return compare(code, where, printed, computed, allowed, message, show=show,
                   in_column=in_column, count=len(values), **fields)


def compare_percentage(code: str, where: Where, printed: Decimal | None, numerator: Decimal,
                       denominator: Decimal, message: str, *, numerator_places: int = 1,
                       denominator_places: int = 1, **fields: object) -> tuple[Finding, ...]:
    """A printed percentage against ``numerator ÷ denominator`` rounded to the printed
    number of decimals (half away from zero); see :func:`judge_percentage`. ``message``
    is filled with ``fields`` alone."""
    if printed is None or denominator == 0:
        return ()
    severity, expected = judge_percentage(printed, numerator, denominator,
                                          numerator_places, denominator_places)
    if severity is None:
        return ()
    return (finding(severity, code, message.format(**fields), where, printed=printed,
                    computed=expected),)


def judge(printed: Decimal | None, computed: Decimal | None,
          tolerance: Decimal) -> Severity | None:
    if printed is None or computed is None or printed == computed:
        return None
    return Severity.ROUNDING if abs(printed - computed) <= tolerance else Severity.ERROR


def judge_percentage(printed: Decimal, numerator: Decimal, denominator: Decimal,
                     numerator_places: int, denominator_places: int,
                     ) -> tuple[Severity | None, Decimal]:
    """Exact when the printed percentage is the rounded quotient; ``rounding`` when it
    is one unit of the last place away, or within what the quotient could be given
    that both figures are themselves rounded; ``error`` otherwise."""
    places = places_of(printed)
    expected = round_half_away(numerator * 100 / denominator, places)
    if printed == expected:
        return None, expected
    if abs(printed - expected) <= unit(places):
        return Severity.ROUNDING, expected
    low, high = _quotient_bounds(numerator, denominator, numerator_places, denominator_places)
    if low is not None and high is not None and \
            round_half_away(low, places) <= printed <= round_half_away(high, places):
        return Severity.ROUNDING, expected
    return Severity.ERROR, expected


def _quotient_bounds(numerator: Decimal, denominator: Decimal, numerator_places: int,
                     denominator_places: int) -> tuple[Decimal | None, Decimal | None]:
    n_half = unit(numerator_places) * HALF
    d_half = unit(denominator_places) * HALF
    candidates = []
    for n in (numerator - n_half, numerator + n_half):
        for d in (denominator - d_half, denominator + d_half):
            if d == 0 or (d > 0) != (denominator > 0):
                return None, None
            candidates.append(n * 100 / d)
    return min(candidates), max(candidates)


def agrees_when_rounded(quoted: Decimal, exact: Decimal) -> bool:
    """A figure quoted in the prose with fewer decimals than its table agrees when the
    table figure rounds (half away from zero) to it: ``10 per cent`` for ``10.0``."""
    return round_half_away(exact, places_of(quoted)) == quoted
