"""What every check family shares: where a finding is, and how printed and computed
figures are compared (exact, within the rounding of the printed parts, or not)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TypeAlias, TypeVar

from rbb.model import Document, Finding, Severity
from rbb.presentation import places_of, round_half_away, unit

HALF = Decimal("0.5")
T = TypeVar("T")
Lazy: TypeAlias = T | Callable[[], T]
"""A value, or a function that makes it when it is needed."""


class _Keep:
    """Marks a field :meth:`Where.at` leaves as it is."""


KEEP = _Keep()


@dataclass(frozen=True, slots=True)
class Where:
    """The location of a finding inside a document, as the report prints it."""

    section: str | None = None
    table: str | None = None
    row: str | None = None
    column: str | None = None
    source_line: int | None = None

    def at(self, *, section: str | _Keep | None = KEEP, table: str | _Keep | None = KEEP,
           row: str | _Keep | None = KEEP, column: str | _Keep | None = KEEP,
           source_line: int | _Keep | None = KEEP) -> Where:
        """A copy with some fields changed (cheaper than ``dataclasses.replace``, which
        the checks would call tens of thousands of times on a large store)."""
        return Where(
            self.section if isinstance(section, _Keep) else section,
            self.table if isinstance(table, _Keep) else table,
            self.row if isinstance(row, _Keep) else row,
            self.column if isinstance(column, _Keep) else column,
            self.source_line if isinstance(source_line, _Keep) else source_line)


def sum_tolerance(parts: int, places: int = 1) -> Decimal:
    """How far a total of ``parts`` printed figures may drift from the printed total by
    rounding alone: half a unit of the last printed place per part (guidance of the
    checks issue: ``0.1 × parts / 2`` for one-decimal figures)."""
    return unit(places) * HALF * max(parts, 2)


@dataclass
class Report:
    """Findings of one document, built by the check families."""

    document: Document
    name: str = ""
    findings: list[Finding] = field(default_factory=list)
    cache: dict[str, object] = field(default_factory=dict)
    """Figures a family computes once per document (the prose's money index)."""

    def __post_init__(self) -> None:
        if not self.name:
            self.name = str(self.document.key)

    def add(self, severity: Severity, code: str, message: str, where: Where, *,
            printed: Decimal | None = None, computed: Decimal | None = None) -> None:
        self.findings.append(Finding(
            severity=severity, code=code, document=self.name, section=where.section,
            table=where.table, row=where.row, column=where.column,
            source_line=where.source_line, printed=printed, computed=computed,
            message=message))

    def error(self, code: str, message: str, where: Where, *, printed: Decimal | None = None,
              computed: Decimal | None = None) -> None:
        self.add(Severity.ERROR, code, message, where, printed=printed, computed=computed)

    def warning(self, code: str, message: str, where: Where, *,
                printed: Decimal | None = None, computed: Decimal | None = None) -> None:
        self.add(Severity.WARNING, code, message, where, printed=printed, computed=computed)

    def compare(self, code: str, message: Lazy[str], where: Lazy[Where],
                printed: Decimal | None, computed: Decimal | None, tolerance: Decimal) -> bool:
        """Record a finding unless printed == computed: ``rounding`` within ``tolerance``,
        ``error`` beyond it. Returns whether the figures agree exactly. The message and
        the location may be given as functions: they are only needed on a difference."""
        severity = judge(printed, computed, tolerance)
        if severity is None:
            return True
        self.add(severity, code, _force(message), _force(where), printed=printed,
                 computed=computed)
        return False

    def compare_percentage(self, code: str, message: Lazy[str], where: Lazy[Where],
                           printed: Decimal | None, numerator: Decimal,
                           denominator: Decimal, *, numerator_places: int = 1,
                           denominator_places: int = 1) -> None:
        """A printed percentage against ``numerator ÷ denominator`` rounded to the
        printed number of decimals (half away from zero); see :func:`judge_percentage`."""
        if printed is None or denominator == 0:
            return
        severity, expected = judge_percentage(printed, numerator, denominator,
                                              numerator_places, denominator_places)
        if severity is not None:
            self.add(severity, code, _force(message), _force(where), printed=printed,
                     computed=expected)


def _force(value: Lazy[T]) -> T:
    if callable(value):
        return value()
    return value


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
