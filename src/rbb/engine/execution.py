"""Monitoring the year (docs/execution.md, "Monitoring the year"): a mission-period's
expenditure to date against its apportionment, per class, group and total, and where
each class is heading by 30 June.

Pure and exact: the ledger's aggregates (``ClassMonth``, dollars) and the apportionment
the stored report prints (thousands of dollars) in, ``Decimal`` figures in dollars out.
The apportionment is converted to dollars once (× 1,000, exact); a projected variance is
converted back to thousands once, to be tested by the same rule as ``rbb check``
(:func:`rbb.engine.derived.crosses_variance_threshold`: ±5 per cent or ±$100,000).

The rules, stated once:

* **Months elapsed** are the whole months from 1 July (or the period's first day) to the
  as-of date: a month counts once its last day is on or before the as-of date. Figures
  "to date" are those months' postings; later months' postings are *known commitments*.
* **Expenditure** is the performance report's: obligations plus adjustments
  (``ClassMonth.expenditure``); unliquidated obligations are obligated − disbursed.
* **Burn rate** is the share of the apportionment spent per elapsed month, in per cent
  (an even year burns 100 ÷ 12 = 8.33 per cent a month).
* **Straight line**: the remaining months at the elapsed months' average; the range
  puts them at the lowest and at the highest elapsed month.
* **Previous years' pattern** (when earlier years' months are given): each earlier
  year spent a share *s* of its year in the same months; the projection is to date ÷ *s*
  with *s* pooled over the years (their months summed); the range is the lowest and
  highest of the years' own projections.
* **Known commitments**: to date plus the obligations already posted to later months;
  the range runs from that (nothing more is obligated) to that plus the remaining months
  at the lowest elapsed month (recurring costs go on at their quietest).
* A **group's or the total's** projection by a method is its classes' by that method
  summed (a class without the method adds its primary projection); so is its range.
* The **flag** is the threshold crossed by the projected variance (apportionment −
  projection, as column (3) of the performance report) of the *primary* method: the
  previous years' pattern when there is one, else the straight line.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum

from rbb.model import MoneyTable, Period, Stage
from rbb.model.classes import BY_CODE, CLASSES, GROUPS, NATIONAL_STAFF_PARTS
from rbb.model.ledger import ClassMonth
from rbb.model.ledger_accounts import OUTSIDE_GROSS
from rbb.presentation import round_half_away

from . import derived

ZERO = Decimal(0)
CENT = Decimal("0.01")
TOTAL = "total"
"""The key of the mission-period's total row."""
OTHER_GROUP = "other"
"""Where a class code outside ``rbb.model.classes`` is counted (shown, never dropped)."""


class Method(StrEnum):
    """How a projection to 30 June is made (the rules are in the module's docstring)."""

    STRAIGHT_LINE = "straight_line"
    PREVIOUS_YEARS = "previous_years"
    KNOWN_COMMITMENTS = "known_commitments"


METHOD_LABELS: dict[Method, str] = {
    Method.STRAIGHT_LINE: "Straight line",
    Method.PREVIOUS_YEARS: "Previous years' monthly pattern",
    Method.KNOWN_COMMITMENTS: "Known commitments",
}


@dataclass(frozen=True, slots=True)
class Projection:
    """Expenditure projected to 30 June by one method, in dollars, with its range and
    the variance it would leave against the apportionment."""

    method: Method
    expenditure: Decimal
    low: Decimal
    high: Decimal
    variance: Decimal
    """Apportionment − projected expenditure (positive: an unspent balance)."""
    percentage: Decimal | None
    """The variance over the apportionment, per cent; None over a nil apportionment."""
    crosses_threshold: bool
    range_crosses_threshold: bool
    """Whether either end of the range crosses it."""


@dataclass(frozen=True, slots=True)
class ExecutionRow:
    """One class, group or the total: where it stands and where it is heading."""

    key: str
    label: str
    level: str
    """``class``, ``group`` or ``total``."""
    group: str | None
    apportionment: Decimal
    obligated: Decimal
    disbursed: Decimal
    adjusted: Decimal
    expenditure: Decimal
    unliquidated: Decimal
    burn_rate: Decimal | None
    """Per cent of the apportionment per elapsed month; None over a nil one or no month."""
    projections: tuple[Projection, ...]
    primary: Method

    @property
    def projection(self) -> Projection:
        return next(p for p in self.projections if p.method is self.primary)

    @property
    def flagged(self) -> bool:
        return self.projection.crosses_threshold


@dataclass(frozen=True, slots=True)
class MonthPoint:
    """A month of the year and the cumulative expenditure to its end (None after the
    as-of date), with the projection band's cumulative low and high."""

    month: dt.date
    cumulative: Decimal | None
    projected: Decimal
    low: Decimal
    high: Decimal


@dataclass(frozen=True, slots=True)
class Execution:
    """A mission-period's execution as of a date."""

    period: Period
    as_of: dt.date
    months_elapsed: int
    classes: tuple[ExecutionRow, ...]
    groups: tuple[ExecutionRow, ...]
    total: ExecutionRow
    curve: tuple[MonthPoint, ...]
    """The total's month by month, for the chart."""
    previous_years: int
    """How many earlier years the pattern is drawn from (0: no pattern)."""

    def rows(self) -> list[ExecutionRow]:
        """Group by group, each group then its classes, then the total."""
        out: list[ExecutionRow] = []
        for group in self.groups:
            out.append(group)
            out.extend(c for c in self.classes if c.group == group.key)
        out.append(self.total)
        return out

    def row(self, key: str) -> ExecutionRow | None:
        return next((r for r in self.rows() if r.key == key), None)


def months_of(period: Period) -> list[dt.date]:
    """The first days of the period's months: July to June for a financial year, else
    those from its first day's month to its last day's."""
    first = period.start.replace(day=1)
    out = []
    while first <= period.end:
        out.append(first)
        first = _following(first)
    return out


def _following(first: dt.date) -> dt.date:
    return dt.date(first.year + (first.month == 12), first.month % 12 + 1, 1)


def months_elapsed(period: Period, as_of: dt.date) -> int:
    """Months of the period ended on or before ``as_of`` (a month ends on its last day,
    or on the period's, if sooner)."""
    return sum(1 for first in months_of(period)
               if min(_following(first) - dt.timedelta(days=1), period.end) <= as_of)


def apportionment_of(table: MoneyTable, period: Period,
                     stage: Stage = Stage.APPORTIONMENT) -> dict[str, Decimal]:
    """The class rows of ``table``'s apportionment column (or ``stage``'s) for ``period``
    (thousands of dollars, as printed); empty when the table has no such column."""
    column = next((c for c in table.amount_columns()
                   if c.stage is stage and c.period == period), None)
    if column is None:
        return {}
    return {row.line: value for row in table.rows
            if derived.is_class_line(row.line)
            and (value := row.values.get(column.key)) is not None}


def class_of(code: str) -> str:
    """The class a code is monitored under: the two national staff classes fold into
    National staff, which apportionments print whole or split."""
    return "national_staff" if code in NATIONAL_STAFF_PARTS else code


def _apportionment_dollars(apportionment: Mapping[str, Decimal]) -> dict[str, Decimal]:
    out: dict[str, Decimal] = defaultdict(Decimal)
    has_whole = "national_staff" in apportionment
    for code, thousands in apportionment.items():
        if code in NATIONAL_STAFF_PARTS and has_whole:
            continue  # the whole is printed beside its parts: count it once
        out[class_of(code)] += thousands * derived.THOUSAND
    return dict(out)


@dataclass(frozen=True, slots=True)
class _Sums:
    """Per month of one row: obligated, disbursed, adjusted (dollars)."""

    obligated: tuple[Decimal, ...]
    disbursed: tuple[Decimal, ...]
    adjusted: tuple[Decimal, ...]

    def spent(self) -> list[Decimal]:
        return [o + a for o, a in zip(self.obligated, self.adjusted, strict=True)]


def _by_month(months: Iterable[ClassMonth], period: Period,
              ) -> dict[str, _Sums]:
    calendar = {first: index for index, first in enumerate(months_of(period))}
    count = len(calendar)
    cells: dict[str, list[list[Decimal]]] = {}
    for item in months:
        index = calendar.get(item.month.replace(day=1))
        if index is None:
            continue  # another period's month
        code = class_of(item.class_code)
        sums = cells.setdefault(code, [[ZERO] * count for _ in range(3)])
        sums[0][index] += item.obligated
        sums[1][index] += item.disbursed
        sums[2][index] += item.adjusted
    return {code: _Sums(tuple(o), tuple(d), tuple(a)) for code, (o, d, a) in cells.items()}


def _quantize(value: Decimal) -> Decimal:
    return value.quantize(CENT)


def _projection(method: Method, apportionment: Decimal, expenditure: Decimal, low: Decimal,
                high: Decimal) -> Projection:
    expenditure, low, high = _quantize(expenditure), _quantize(low), _quantize(high)
    variance = derived.performance_variance(apportionment, expenditure)
    percentage = derived.variance_percentage(variance, apportionment)
    return Projection(method, expenditure, low, high, variance, percentage,
                      _crosses(apportionment, expenditure),
                      _crosses(apportionment, low) or _crosses(apportionment, high))


def _crosses(apportionment: Decimal, expenditure: Decimal) -> bool:
    """``rbb check``'s rule on the variance as the report would print it: thousands of
    dollars and a percentage, each to one decimal."""
    base = apportionment / derived.THOUSAND
    variance = round_half_away(
        derived.performance_variance(apportionment, expenditure) / derived.THOUSAND, 1)
    exact = derived.variance_percentage(variance, base)
    percentage = None if exact is None else round_half_away(exact, 1)
    return derived.crosses_variance_threshold(variance, percentage, base)


def _projections(apportionment: Decimal, spent: Sequence[Decimal], elapsed: int,
                 earlier: Sequence[Sequence[Decimal]]) -> tuple[Projection, ...]:
    to_date = sum(spent[:elapsed], ZERO)
    later = sum(spent[elapsed:], ZERO)
    remaining = len(spent) - elapsed
    done = list(spent[:elapsed])
    average = to_date / elapsed if elapsed else ZERO
    lowest, highest = (min(done), max(done)) if done else (ZERO, ZERO)
    out = [_projection(Method.STRAIGHT_LINE, apportionment, to_date + average * remaining,
                       to_date + lowest * remaining, to_date + highest * remaining)]
    shares = [(sum(year[:elapsed], ZERO), sum(year, ZERO)) for year in earlier]
    shares = [(part, whole) for part, whole in shares if part > 0 and whole > 0]
    if shares and elapsed:
        parts, wholes = sum((p for p, _ in shares), ZERO), sum((w for _, w in shares), ZERO)
        each = [to_date * whole / part for part, whole in shares]
        out.append(_projection(Method.PREVIOUS_YEARS, apportionment, to_date * wholes / parts,
                               min(each), max(each)))
    committed = to_date + later
    out.append(_projection(Method.KNOWN_COMMITMENTS, apportionment, committed, committed,
                           committed + max(lowest, ZERO) * remaining))
    return tuple(out)


def _row(key: str, label: str, level: str, group: str | None, apportionment: Decimal,
         sums: _Sums, elapsed: int, earlier: Sequence[Sequence[Decimal]],
         members: Sequence[ExecutionRow] = ()) -> ExecutionRow:
    obligated = sum(sums.obligated[:elapsed], ZERO)
    disbursed = sum(sums.disbursed[:elapsed], ZERO)
    adjusted = sum(sums.adjusted[:elapsed], ZERO)
    expenditure = obligated + adjusted
    burn = None
    if elapsed and apportionment:
        burn = derived.share(expenditure, apportionment)
        burn = None if burn is None else burn / elapsed
    projections = (_summed(apportionment, members) if members
                   else _projections(apportionment, sums.spent(), elapsed, earlier))
    primary = (Method.PREVIOUS_YEARS if any(p.method is Method.PREVIOUS_YEARS
                                            for p in projections) else Method.STRAIGHT_LINE)
    return ExecutionRow(key, label, level, group, apportionment, obligated, disbursed,
                        adjusted, expenditure, obligated - disbursed, burn, projections,
                        primary)


def _summed(apportionment: Decimal, members: Sequence[ExecutionRow]) -> tuple[Projection, ...]:
    """A group's or the total's projection by a method: its classes' by that method
    summed (a class without it counts its own primary projection), point, low and high
    each (the range assumes the classes at their ends together)."""
    out = []
    for method in Method:
        if not any(p.method is method for row in members for p in row.projections):
            continue
        chosen = [next((p for p in row.projections if p.method is method), row.projection)
                  for row in members]
        out.append(_projection(method, apportionment,
                               sum((p.expenditure for p in chosen), ZERO),
                               sum((p.low for p in chosen), ZERO),
                               sum((p.high for p in chosen), ZERO)))
    return tuple(out)


def _add(sums: Iterable[_Sums], count: int) -> _Sums:
    items = list(sums)

    def column(pick: int) -> tuple[Decimal, ...]:
        return tuple(sum((getattr(s, ("obligated", "disbursed", "adjusted")[pick])[m]
                          for s in items), ZERO) for m in range(count))

    return _Sums(column(0), column(1), column(2))


def _earlier_years(previous: Mapping[Period, Sequence[ClassMonth]],
                   ) -> list[dict[str, list[Decimal]]]:
    return [{code: sums.spent() for code, sums in _by_month(items, period).items()}
            for period, items in sorted(previous.items()) if items]


def _group_of(code: str) -> str:
    line = BY_CODE.get(code)
    return line.group if line is not None and line.group else OTHER_GROUP


def execution(months: Sequence[ClassMonth], apportionment: Mapping[str, Decimal],
              period: Period, as_of: dt.date, *,
              previous: Mapping[Period, Sequence[ClassMonth]] | None = None) -> Execution:
    """The period's execution as of ``as_of``: ``months`` are its ``ClassMonth``s (other
    periods' months are ignored), ``apportionment`` its class rows in thousands of
    dollars (:func:`apportionment_of`), ``previous`` earlier years' months by period."""
    elapsed = months_elapsed(period, as_of)
    apportioned = _apportionment_dollars(apportionment)
    sums = _by_month(months, period)
    earlier = _earlier_years(previous or {})
    count = len(months_of(period))
    blank = _Sums(*([(ZERO,) * count] * 3))
    order = [c.code for c in CLASSES if not c.parent]
    # Staff assessment (a line below the gross requirements) is no class of the year.
    codes = sorted((set(apportioned) | set(sums)) - set(OUTSIDE_GROSS),
                   key=lambda c: (order.index(c) if c in order else len(order), c))
    classes = []
    for code in codes:
        line = BY_CODE.get(code)
        classes.append(_row(code, line.label if line else code, "class", _group_of(code),
                            apportioned.get(code, ZERO), sums.get(code, blank), elapsed,
                            [year.get(code, [ZERO] * count) for year in earlier]))
    groups = []
    group_lines = [(g.code, g.label) for g in GROUPS] + [(OTHER_GROUP, "Other classes")]
    for code, label in group_lines:
        members = [c for c in classes if c.group == code]
        if not members:
            continue
        groups.append(_row(code, label, "group", None,
                           sum((c.apportionment for c in members), ZERO),
                           _add((sums.get(c.key, blank) for c in members), count), elapsed,
                           [],
                           members))
    total_sums = _add((sums.get(c, blank) for c in codes), count)
    total = _row(TOTAL, "Total", "total", None, sum(apportioned.values(), ZERO), total_sums,
                 elapsed, [], classes)
    return Execution(period, as_of, elapsed, tuple(classes), tuple(groups), total,
                     _curve(period, total, total_sums, elapsed), len(earlier))


def _curve(period: Period, total: ExecutionRow, sums: _Sums, elapsed: int,
           ) -> tuple[MonthPoint, ...]:
    """Cumulative expenditure to the as-of date, then the primary projection's point,
    low and high spread evenly over the remaining months (a band that opens from the
    last actual month to its range at 30 June)."""
    spent = sums.spent()
    to_date = sum(spent[:elapsed], ZERO)
    projection = total.projection
    remaining = len(spent) - elapsed
    points = []
    running = ZERO
    for index, first in enumerate(months_of(period)):
        if index < elapsed:
            running += spent[index]
            points.append(MonthPoint(first, running, running, running, running))
            continue
        step = Decimal(index - elapsed + 1) / remaining

        def along(end: Decimal, step: Decimal = step) -> Decimal:
            return _quantize(to_date + (end - to_date) * step)

        points.append(MonthPoint(first, None, along(projection.expenditure),
                                 along(projection.low), along(projection.high)))
    return tuple(points)
