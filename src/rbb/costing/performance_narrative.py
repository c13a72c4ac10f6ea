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

*Where* the money went comes from the ledger's account months (the account mapping's
labels): each paragraph that cites months (or the whole period, for spending with no
provision) is followed by a sentence naming the accounts that carried the class's
expenditure in those months, by the same shares. The accounts summed over the cited
months that go the way of their total (postings, or net credits when the months are
credits) are ranked by amount; one account carrying all of it is "entirely under", one
carrying two thirds "mostly under"; otherwise those carrying a quarter each, at most
three, are "mainly under"; when none carries a quarter the expenditure is said to be
spread over that many accounts. "The expenditure of September 2021 was recorded mainly
under Rations (account 5120: $812,300) and Fuel (account 5210: $301,000)." A label is
made one line of text (control characters and line breaks become spaces) and cut at
:data:`LABEL_AT_MOST` characters, so that no mapping can break a sentence; the formats
escape it.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction
from typing import NamedTuple

from rbb.model.cycle import MONTHS
from rbb.model.tables import FigureLink, VarianceExplanation, VarianceParagraph
from rbb.presentation import format_dollars

from .exact import to_decimal
from .narrative import LISTED_SHARE, OFFSET_SHARE, PRIMARY_SHARE

THOUSAND = Decimal(1000)
LISTED_AT_MOST = 3
"""Months (or accounts) named in one enumeration: the report names causes, not a
calendar or a chart of accounts."""
LABEL_AT_MOST = 80
"""An account's label as a sentence names it: the longest of the reference mapping is
about 60 characters; a longer one is cut at a word, with an ellipsis."""


class AccountKey(NamedTuple):
    """An account as the mapping names it."""

    account: str
    label: str


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
    accounts: Mapping[dt.date, Mapping[AccountKey, Decimal]] = field(default_factory=dict)
    """Month → account → obligated + adjusted, dollars; months with no account months
    (a ledger given as class months only) are absent, and no account is named."""


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
        yield _with_accounts(_unbudgeted(year, along, reduced), year, months, "the period")
    elif along:
        text, links, cited = _along(year, along, moves, moved, direction, spent, share_text,
                                    share_link, len(months))
        yield _with_accounts((text, links), year, cited)
    variance = abs(Fraction(year.apportionment) - sum(
        (Fraction(v) for v in year.expenditure.values()), Fraction(0)))
    offsets = [m for m in against if abs(moves[m]) >= OFFSET_SHARE * variance][:LISTED_AT_MOST]
    if offsets:
        other = "higher" if reduced else "lower"
        clauses = [_month_clause(year, m) for m in offsets]
        text = clauses[0][0] if len(clauses) == 1 else _enumerate([c[0] for c in clauses])
        yield _with_accounts(
            (f"The {direction} requirements were offset in part by {other} expenditure in "
             f"{text}, against the monthly share of {share_text}.",
             (*(link for c in clauses for link in c[1]), share_link)), year, offsets)
    if year.adjusted and abs(Fraction(year.adjusted)) >= OFFSET_SHARE * variance:
        amount = format_dollars(year.adjusted / THOUSAND)
        effect = "reduced" if year.adjusted < 0 else "increased"
        yield (f"Net adjustments to the period's postings of {amount} {effect} the "
               "expenditure.",
               (FigureLink(text=amount, value=year.adjusted / THOUSAND,
                           source=f"ledger {year.line}: adjustments of the period"),))


def _along(year: ClassYear, along: Sequence[dt.date], moves: dict[dt.date, Fraction],
           moved: Fraction, direction: str, spent: str, share_text: str,
           share_link: FigureLink, count: int,
           ) -> tuple[str, tuple[FigureLink, ...], Sequence[dt.date]]:
    """The clause of the months along the variance, and the months it cites."""
    top = along[0]
    if abs(moves[top]) >= PRIMARY_SHARE * moved:
        text, links = _month_clause(year, top)
        return (f"The {direction} requirements were attributable primarily to {spent} "
                f"expenditure in {text}, against an even monthly share of the apportionment "
                f"of {share_text}.", (*links, share_link), (top,))
    listed = [m for m in along if abs(moves[m]) >= LISTED_SHARE * moved][:LISTED_AT_MOST]
    if len(listed) >= 2:
        clauses = [_month_clause(year, m) for m in listed]
        return (f"The {direction} requirements were attributable mainly to {spent} "
                f"expenditure than the even monthly share of the apportionment "
                f"({share_text}) in: {_enumerate([c[0] for c in clauses])}.",
                (share_link, *(link for c in clauses for link in c[1])), listed)
    average = sum((Fraction(year.expenditure[m]) for m in along), Fraction(0)) / len(along)
    average_text = format_dollars(_thousands(average))
    return (f"The {direction} requirements were attributable to {spent} expenditure "
            f"throughout the period: an average of {average_text} a month in {len(along)} of "
            f"its {count} months, against an even monthly share of the apportionment of "
            f"{share_text}.",
            (FigureLink(text=average_text, value=_thousands(average),
                        source=f"ledger {year.line}: average expenditure of {len(along)} "
                               "months"), share_link), along)


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


def _with_accounts(sentence: tuple[str, tuple[FigureLink, ...]], year: ClassYear,
                   cited: Sequence[dt.date],
                   what: str | None = None) -> tuple[str, tuple[FigureLink, ...]]:
    """The paragraph followed by the sentence naming the accounts that carried the cited
    months (``what`` names them: one month by its name, several as "those months")."""
    text, links = sentence
    named = what or (month_name(cited[0]) if len(cited) == 1 else "those months")
    more, more_links = accounts_sentence(year, cited, named)
    return (f"{text} {more}" if more else text, (*links, *more_links))


def accounts_sentence(year: ClassYear, cited: Sequence[dt.date],
                      what: str) -> tuple[str, tuple[FigureLink, ...]]:
    """The sentence naming the accounts that carried the class's expenditure in the
    ``cited`` months, by the rule of the module's docstring; "" when the ledger gave no
    account months for them or they net to nothing."""
    totals: dict[AccountKey, Decimal] = defaultdict(Decimal)
    for month in cited:
        for key, amount in year.accounts.get(month, {}).items():
            totals[key] += amount
    whole = sum(totals.values(), Decimal(0))
    if not whole:
        return "", ()
    credits = whole < 0
    carried = sorted(((key, abs(amount)) for key, amount in totals.items()
                      if amount and (amount < 0) == credits),
                     key=lambda item: (-item[1], item[0].account))
    base = sum((amount for _, amount in carried), Decimal(0))
    subject = (f"The net credits of {what} were posted" if credits
               else f"The expenditure of {what} was recorded")
    top = carried[0][1]
    if len(carried) == 1 and sum(1 for amount in totals.values() if amount) == 1:
        how, named = "entirely under", carried[:1]
    elif Fraction(top) >= PRIMARY_SHARE * Fraction(base):
        how, named = "mostly under", carried[:1]
    else:
        named = [c for c in carried
                 if Fraction(c[1]) >= LISTED_SHARE * Fraction(base)][:LISTED_AT_MOST]
        how = "mainly under"
    if not named:
        return f"{subject} over {len(carried)} accounts, none carrying a quarter of it.", ()
    months = _months_source(cited)
    clauses, links = [], []
    for key, amount in named:
        money = format_dollars(amount / THOUSAND)
        clauses.append(account_clause(key, money))
        links.append(FigureLink(
            text=money, value=amount / THOUSAND,
            source=f"ledger {year.line} account {one_line(key.account, 40)} {months}: "
                   "obligated plus adjusted" + (" (net credits)" if credits else "")))
    listed = clauses[0] if len(clauses) == 1 else \
        ", ".join(clauses[:-1]) + " and " + clauses[-1]
    return f"{subject} {how} {listed}.", tuple(links)


def account_clause(key: AccountKey, money: str) -> str:
    """``Rations (account 5120: $812,300)``: the label as one line, cut at
    :data:`LABEL_AT_MOST`; ``account 5120 ($812,300)`` when the mapping has none."""
    label, account = one_line(key.label, LABEL_AT_MOST), one_line(key.account, 40)
    return f"{label} (account {account}: {money})" if label else f"account {account} ({money})"


def one_line(text: str, limit: int) -> str:
    """``text`` as one line of at most ``limit`` characters: every character that does
    not print (line breaks, tabs, other controls) a space, runs of spaces one, cut at a
    word with an ellipsis when longer."""
    words = "".join(c if c.isprintable() else " " for c in text).split()
    line = " ".join(words)
    if len(line) <= limit:
        return line
    cut = line[:limit - 1]
    if " " in cut:
        cut = cut.rsplit(" ", 1)[0]
    return cut.rstrip(" ,;:-(") + "…"


def _months_source(months: Sequence[dt.date]) -> str:
    ordered = sorted(months)
    if len(ordered) <= LISTED_AT_MOST:
        return ", ".join(f"{m:%Y-%m}" for m in ordered)
    return f"{len(ordered)} months between {ordered[0]:%Y-%m} and {ordered[-1]:%Y-%m}"


def _enumerate(items: Sequence[str]) -> str:
    lettered = [f"({'abcdefghij'[i]}) {item}" for i, item in enumerate(items)]
    if len(lettered) == 1:
        return lettered[0]
    return "; ".join(lettered[:-1]) + "; and " + lettered[-1]


def _thousands(dollars: Fraction) -> Decimal:
    """Dollars as thousands for a link (to the cent: 0.00001 of a thousand)."""
    return to_decimal(dollars / 1000, 5)
