"""The analysis of variances of a performance report, drafted from the ledger's months.

A performance report explains each class whose variance crosses the threshold in the
past tense: "The reduced requirements were attributable primarily to ...", "The
increased requirements were attributable mainly to: (a) ...; and (b) ...", "... were
offset in part by ...". What the ledger can say is *when* the money moved: each month's
expenditure against an even monthly share of the apportionment. The months with the
largest movements in the variance's direction become the clauses, by the shares
:mod:`.narrative` uses for drivers (two thirds: "primarily"; a quarter: listed; a tenth
against the variance: the offset). Movement spread evenly over the year is said to be
so. Every amount a sentence states is kept as a :class:`FigureLink` to the ledger
figure it comes from; the causes (rates, quantities, events) are the mission's to add.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

from rbb.model.cycle import MONTHS
from rbb.model.tables import FigureLink, VarianceExplanation, VarianceParagraph
from rbb.presentation import format_dollars

from .exact import to_decimal
from .narrative import LISTED_SHARE, OFFSET_SHARE, PRIMARY_SHARE

THOUSAND = Decimal(1000)
LISTED_AT_MOST = 3
"""Months named in one enumeration: the report names causes, not a calendar."""


@dataclass(frozen=True, slots=True)
class ClassYear:
    """One class's year in dollars: the apportionment and each month's movements."""

    line: str
    label: str
    apportionment: Decimal
    """Dollars (the apportionment in thousands × 1,000)."""
    expenditure: dict[dt.date, Decimal]
    """Month → obligated + adjusted, dollars; every month of the period present."""
    adjusted: Decimal
    """Net adjustments over the year, dollars."""


def month_name(month: dt.date) -> str:
    return f"{MONTHS[month.month - 1]} {month.year}"


def explain_class(year: ClassYear, variance: Decimal, percentage: Decimal | None,
                  first_number: int) -> VarianceExplanation:
    """The explanation of one class (``variance`` and ``percentage`` as the table prints
    them, thousands and per cent), its paragraphs numbered from ``first_number``."""
    paragraphs = [VarianceParagraph(number=first_number + i, text=text, links=links)
                  for i, (text, links) in enumerate(_sentences(year, variance))]
    return VarianceExplanation(line=year.line, label=year.label, amount=variance,
                               percentage=percentage, paragraphs=tuple(paragraphs))


def _sentences(year: ClassYear,
               printed: Decimal) -> Iterator[tuple[str, tuple[FigureLink, ...]]]:
    if not printed:
        return
    months = sorted(year.expenditure)
    share = Fraction(year.apportionment) / len(months)
    # A month's movement, signed as the report's variance: apportionment less expenditure.
    moves = {m: share - Fraction(year.expenditure[m]) for m in months}
    reduced = printed > 0
    direction = "reduced" if reduced else "increased"
    spent = "lower" if reduced else "higher"
    along = sorted((m for m in months if moves[m] and (moves[m] > 0) == reduced),
                   key=lambda m: (-abs(moves[m]), m))
    against = sorted((m for m in months if moves[m] and (moves[m] > 0) != reduced),
                     key=lambda m: (-abs(moves[m]), m))
    moved = sum((abs(moves[m]) for m in along), Fraction(0))
    share_text = format_dollars(_thousands(share))
    share_link = FigureLink(text=share_text, value=_thousands(share),
                            source=f"apportionment {year.line} ÷ {len(months)} months")
    if year.apportionment and not any(year.expenditure.values()):
        yield _unspent(year)
        return
    if not year.apportionment and along:
        yield _unbudgeted(year, along, reduced)
    elif along:
        yield _along(year, along, moves, moved, direction, spent, share_text, share_link,
                     len(months))
    variance = abs(Fraction(year.apportionment) - sum(
        (Fraction(v) for v in year.expenditure.values()), Fraction(0)))
    offsets = [m for m in against if abs(moves[m]) >= OFFSET_SHARE * variance][:LISTED_AT_MOST]
    if offsets:
        other = "higher" if reduced else "lower"
        clauses = [_month_clause(year, m) for m in offsets]
        text = clauses[0][0] if len(clauses) == 1 else _enumerate([c[0] for c in clauses])
        yield (f"The {direction} requirements were offset in part by {other} expenditure in "
               f"{text}, against the monthly share of {share_text}.",
               (*(link for c in clauses for link in c[1]), share_link))
    if year.adjusted and abs(Fraction(year.adjusted)) >= OFFSET_SHARE * variance:
        amount = format_dollars(year.adjusted / THOUSAND)
        effect = "reduced" if year.adjusted < 0 else "increased"
        yield (f"Net adjustments to the period's postings of {amount} {effect} the "
               "expenditure.",
               (FigureLink(text=amount, value=year.adjusted / THOUSAND,
                           source=f"ledger {year.line}: adjustments of the period"),))


def _along(year: ClassYear, along: Sequence[dt.date], moves: dict[dt.date, Fraction],
           moved: Fraction, direction: str, spent: str, share_text: str,
           share_link: FigureLink, count: int) -> tuple[str, tuple[FigureLink, ...]]:
    top = along[0]
    if abs(moves[top]) >= PRIMARY_SHARE * moved:
        text, links = _month_clause(year, top)
        return (f"The {direction} requirements were attributable primarily to {spent} "
                f"expenditure in {text}, against an even monthly share of the apportionment "
                f"of {share_text}.", (*links, share_link))
    listed = [m for m in along if abs(moves[m]) >= LISTED_SHARE * moved][:LISTED_AT_MOST]
    if len(listed) >= 2:
        clauses = [_month_clause(year, m) for m in listed]
        return (f"The {direction} requirements were attributable mainly to {spent} "
                f"expenditure than the even monthly share of the apportionment "
                f"({share_text}) in: {_enumerate([c[0] for c in clauses])}.",
                (share_link, *(link for c in clauses for link in c[1])))
    average = sum((Fraction(year.expenditure[m]) for m in along), Fraction(0)) / len(along)
    average_text = format_dollars(_thousands(average))
    return (f"The {direction} requirements were attributable to {spent} expenditure "
            f"throughout the period: an average of {average_text} a month in {len(along)} of "
            f"its {count} months, against an even monthly share of the apportionment of "
            f"{share_text}.",
            (FigureLink(text=average_text, value=_thousands(average),
                        source=f"ledger {year.line}: average expenditure of {len(along)} "
                               "months"), share_link))


def _unspent(year: ClassYear) -> tuple[str, tuple[FigureLink, ...]]:
    text = format_dollars(year.apportionment / THOUSAND)
    return (f"The reduced requirements were attributable to the absence of expenditure in "
            f"the period against an apportionment of {text}.",
            (FigureLink(text=text, value=year.apportionment / THOUSAND,
                        source=f"apportionment {year.line}"),))


def _unbudgeted(year: ClassYear, along: Sequence[dt.date],
                reduced: bool) -> tuple[str, tuple[FigureLink, ...]]:
    """Postings over a nil apportionment: spending no provision was made for, or (a
    reduced requirement) net credits; how much, and its largest month."""
    spent = sum(year.expenditure.values(), Decimal(0))
    text = format_dollars(abs(spent) / THOUSAND)
    month, links = _month_clause(year, along[0])
    link = FigureLink(text=text, value=abs(spent) / THOUSAND,
                      source=f"ledger {year.line}: expenditure of the period")
    if reduced:
        return (f"The reduced requirements were attributable to net credits of {text} posted "
                f"against a nil apportionment, the largest in {month}.", (link, *links))
    return (f"The increased requirements were attributable to expenditure of {text} for which "
            f"no provision had been made in the apportionment, the largest part in {month}.",
            (link, *links))


def _month_clause(year: ClassYear, month: dt.date) -> tuple[str, tuple[FigureLink, ...]]:
    amount = year.expenditure[month]
    text = format_dollars(abs(amount) / THOUSAND)
    words = text if amount >= 0 else f"net credits of {text}"
    return (f"{month_name(month)} ({words})",
            (FigureLink(text=text, value=abs(amount) / THOUSAND,
                        source=f"ledger {year.line} {month:%Y-%m}: obligated plus adjusted"
                               + (" (net credits)" if amount < 0 else "")),))


def _enumerate(items: Sequence[str]) -> str:
    lettered = [f"({'abcdefghij'[i]}) {item}" for i, item in enumerate(items)]
    if len(lettered) == 1:
        return lettered[0]
    return "; ".join(lettered[:-1]) + "; and " + lettered[-1]


def _thousands(dollars: Fraction) -> Decimal:
    """Dollars as thousands for a link (to the cent: 0.00001 of a thousand)."""
    return to_decimal(dollars / 1000, 5)
