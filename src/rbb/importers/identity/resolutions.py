"""The head of a General Assembly resolution on a mission's financing.

A resolution prints its symbol (``A/RES/65/300``, a later part ``A/RES/56/214 B``),
"Resolution adopted by the General Assembly on 30 June 2011" (older ones without the
date, in capitals), and its title "65/300. Financing of the <mission>". It states no
period of its own: the period is the one its main appropriation is for ("decides to
appropriate ... for the period from 1 July 2011 to 30 June 2012"), while balances and
earlier appropriations name other, earlier periods. Every pattern here runs on the
flattened head (``renderings.flatten``) and is linear.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from rbb.model.cycle import MONTHS

from .titles import PERIOD, period_of

_MONTH = "|".join(MONTHS)
RES_SYMBOL = re.compile(r"(?<![\w/])A/RES/(\d{2,3})/(\d{1,4})(?: ?([A-H])\b(?!/))?")
"""``A/RES/65/300``; a resolution adopted in parts prints ``A/RES/56/214 B``."""
ADOPTED = re.compile(r"Resolution adopted by the General Assembly", re.IGNORECASE)
ADOPTED_ON = re.compile(
    rf"adopted by the General Assembly on (\d{{1,2}}) ({_MONTH}) (\d{{4}})", re.IGNORECASE)
PLENARY = re.compile(rf"\d{{1,3}}(?:st|nd|rd|th) plenary meeting (\d{{1,2}}) ({_MONTH}) "
                     rf"(\d{{4}})")
"""Older resolutions date their adoption only at their end: "103rd plenary meeting
14 June 2001"."""
TITLE = re.compile(r"(?<![\w/])(\d{2,3})/(\d{1,4})\. ?(?:[A-H] )?(Financing of the )",
                   re.IGNORECASE)
""""65/300. Financing of the ..." (the group ends where the mission's name begins)."""
_ZONE = 2500
_MASTHEAD_SYMBOL_WITHIN = 200
"""The masthead's first words: "United Nations A/RES/65/300 General Assembly"."""
_APPROPRIATE = re.compile(r"\bto appropriate\b|\bappropriates\b", re.IGNORECASE)
_CLAUSE_END = re.compile(r";|\. (?=\d{1,3}\. )")
_MAX_CLAUSE = 1500

EXPECTED_PERIOD = ("the period of its appropriation ('Decides to appropriate to the Special "
                   "Account for the <mission> the amount of $... for the period from 1 July "
                   "YYYY to 30 June YYYY')")
EXPECTED_MISSION = ("its title '<session>/<number>. Financing of the <mission>' naming the "
                    "operation in full, e.g. '65/300. Financing of the United Nations Interim "
                    "Administration Mission in Kosovo'")


@dataclass(frozen=True, slots=True)
class ResolutionHead:
    symbol: str | None
    number: str | None
    """``65/300``, ``56/214 B``: as the title and symbol print it."""
    title_at: int | None
    """Where the title begins ("65/300. Financing of the"), None without one."""
    name_at: int | None
    """Where the mission's name begins in the title."""
    adopted: date | None
    period: re.Match[str] | None


def is_resolution(flat: str) -> bool:
    """A resolution's head: its ``A/RES/`` symbol where a masthead or page header
    prints it, at the top (a report may cite a resolution by its symbol further on), or
    "Resolution adopted by the General Assembly" with a title "NN/NNN. Financing of the"."""
    zone = flat[:_ZONE]
    if RES_SYMBOL.search(zone, 0, _MASTHEAD_SYMBOL_WITHIN):
        return True
    return ADOPTED.search(zone) is not None and TITLE.search(zone) is not None


def read_resolution_head(flat: str) -> ResolutionHead:
    zone = flat[:_ZONE]
    symbol = RES_SYMBOL.search(zone)
    title = TITLE.search(zone)
    adopted = ADOPTED_ON.search(zone) or PLENARY.search(flat)
    return ResolutionHead(
        symbol=_symbol(symbol) if symbol else None, number=resolution_number(flat),
        title_at=title.start() if title else None, name_at=title.end() if title else None,
        adopted=_date(adopted) if adopted else None, period=appropriation_period(flat))


def resolution_number(flat: str) -> str | None:
    """``65/300`` from the title (or the symbol), with the part the symbol names
    (``56/214 B``)."""
    zone = flat[:_ZONE]
    symbol = RES_SYMBOL.search(zone)
    title = TITLE.search(zone)
    number = None
    if title is not None:
        number = f"{title.group(1)}/{title.group(2)}"
    elif symbol is not None:
        number = f"{symbol.group(1)}/{symbol.group(2)}"
    if number is not None and symbol is not None and symbol.group(3) \
            and number == f"{symbol.group(1)}/{symbol.group(2)}":
        number = f"{number} {symbol.group(3)}"
    return number


def appropriation_period(flat: str) -> re.Match[str] | None:
    """The period of the main appropriation: of the periods the text appropriates for,
    the latest one for the mission's maintenance, else the latest appropriated; a text
    that appropriates nothing it prints (a page of one) gives the latest period it
    names. None when it names no period."""
    appropriated: list[tuple[date, bool, re.Match[str]]] = []
    for found in _APPROPRIATE.finditer(flat):
        end = _CLAUSE_END.search(flat, found.end(), found.end() + _MAX_CLAUSE)
        stop = end.start() if end else min(len(flat), found.end() + _MAX_CLAUSE)
        period = PERIOD.search(flat, found.end(), stop)
        if period is not None and (ends := _end(period)) is not None:
            maintenance = "maintenance" in flat[found.end():stop].lower()
            appropriated.append((ends, maintenance, period))
    if appropriated:
        for_maintenance = [a for a in appropriated if a[1]]
        return max(for_maintenance or appropriated, key=lambda a: a[0])[2]
    named = [(ends, m) for m in PERIOD.finditer(flat) if (ends := _end(m)) is not None]
    return max(named, key=lambda n: n[0])[1] if named else None


def _end(period: re.Match[str]) -> date | None:
    try:
        return period_of(period).end
    except ValueError:
        return None


def _symbol(match: re.Match[str]) -> str:
    letter = f" {match.group(3)}" if match.group(3) else ""
    return f"A/RES/{match.group(1)}/{match.group(2)}{letter}"


def _date(match: re.Match[str]) -> date | None:
    try:
        month = [m.lower() for m in MONTHS].index(match.group(2).lower()) + 1
        return date(int(match.group(3)), month, int(match.group(1)))
    except ValueError:
        return None
