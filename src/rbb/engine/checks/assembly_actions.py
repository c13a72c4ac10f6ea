"""The monthly rate of an assessment in "Actions to be taken by the General Assembly".

A budget for a mission whose mandate the Security Council renews asks the Assembly to
appropriate an amount and to assess it "at a monthly rate of $Y, should the Security
Council decide to continue the mandate": Y is the amount over the months of the
period it is assessed for. The other amounts of the actions (the appropriation, the
unencumbered balance, other revenue) are the tables' and ``prose.amount`` reads them.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections.abc import Iterator
from decimal import Decimal

from rbb.model import Document, Finding, Severity
from rbb.model.tables import GeneralAssemblyAction
from rbb.presentation import round_half_away

from .comparison import Where, finding

SECTION = "Actions to be taken by the General Assembly"
_NUMBER = r"(?:US)?\\?\$\s?(\d{1,3}(?:,\d{3})+|\d+)"
_MONTHLY = re.compile(r"monthly rate of " + _NUMBER, re.IGNORECASE)
_AMOUNT = re.compile(r"amount of " + _NUMBER, re.IGNORECASE)
_MONTHS = "|".join(calendar.month_name[1:])
_DATE = rf"(\d{{1,2}}) ({_MONTHS}) (\d{{4}})"
_SPAN = re.compile(rf"from {_DATE} to {_DATE}", re.IGNORECASE)
_HALF = Decimal("0.5")


def _dollars(text: str) -> Decimal:
    return Decimal(text.replace(",", ""))


def _date(day: str, month: str, year: str) -> dt.date | None:
    try:
        return dt.date(int(year), list(calendar.month_name).index(month.capitalize()), int(day))
    except ValueError:
        return None


def months_between(start: dt.date, end: dt.date) -> Decimal | None:
    """The months from ``start`` to ``end`` inclusive, as the reports count them: whole
    months, and a month begun or ended part-way as half a month or a whole one, to the
    nearer (16 October 2008 to 30 June 2009 is 8.5 months)."""
    if end < start:
        return None
    months = Decimal(0)
    day = start
    while day <= end:
        last = dt.date(day.year, day.month, calendar.monthrange(day.year, day.month)[1])
        upto = min(last, end)
        share = Decimal((upto - day).days + 1) / Decimal(last.day)
        months += round_half_away(share * 2, 0) / 2
        day = upto + dt.timedelta(days=1)
    return months


def _span(text: str) -> Decimal | None:
    match = _SPAN.search(text)
    if match is None:
        return None
    start, end = _date(*match.group(1, 2, 3)), _date(*match.group(4, 5, 6))
    return months_between(start, end) if start and end else None


def _period_months(document: Document) -> Decimal | None:
    dates = document.period_dates or (document.period.start, document.period.end)
    return months_between(*dates)


def check_monthly_rates(document: Document) -> Iterator[Finding]:
    """Each action that assesses at a monthly rate: the rate times the months of the
    period is the amount assessed. The amount is the one the action states ("Assessment
    of the amount of $X"), else the first amount appropriated in the actions ("the
    amount in (a) above"); the period is the one the action states, else that of the
    appropriation, else the report's."""
    actions = document.general_assembly_actions
    appropriation = next((a for a in actions if "appropriat" in a.text.lower()
                          and _AMOUNT.search(a.text)), None)
    for action in actions:
        rate = _MONTHLY.search(action.text)
        if rate is None:
            continue
        stated = _AMOUNT.search(action.text[:rate.start()])
        source = action if stated else appropriation
        amount = stated or (_AMOUNT.search(appropriation.text) if appropriation else None)
        if amount is None or source is None:
            continue
        months = (_span(action.text) or _span(source.text) or _period_months(document))
        if not months:
            continue
        yield from _compare(document, action, _dollars(rate.group(1)),
                            _dollars(amount.group(1)), months)


def _compare(document: Document, action: GeneralAssemblyAction, rate: Decimal,
             assessed: Decimal, months: Decimal) -> Iterator[Finding]:
    exact = assessed / months
    expected = round_half_away(exact, 0)
    if abs(rate - exact) <= _HALF:
        return
    severity = Severity.ROUNDING if abs(rate - exact) <= 1 else Severity.ERROR
    thousands = rate / 1000
    line = action.source_line
    if thousands in action.amounts:
        index = action.amounts.index(thousands)
        if index < len(action.amount_source_lines):
            line = action.amount_source_lines[index]
    where = Where.of(document, section=SECTION, row="monthly rate", source_line=line)
    count = format(months.normalize(), "f")
    yield finding(severity, "cycle.monthly-rate",
                  f"the actions assess ${assessed:,} over {count} months at a monthly rate "
                  f"of ${rate:,}; ${assessed:,} ÷ {count} is ${expected:,}", where,
                  printed=thousands, computed=expected / 1000)
