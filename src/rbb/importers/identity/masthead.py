"""The masthead of a General Assembly document: symbol, date, session, agenda item.

The first page prints them above the title ("United Nations A/58/640 General
Assembly Distr.: General 10 December 2003 Original: English Fifty-eighth session
Agenda item 135 (a)"), in whatever order a conversion leaves them; every later page
repeats the symbol as its header. A copy without its first page keeps the symbol of
its page headers only.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from datetime import date

from rbb.model.cycle import MONTHS

from .renderings import SYMBOL, lone_symbols

_MONTH = "|".join(MONTHS)
DATE = re.compile(rf"\b(\d{{1,2}}) ({_MONTH}) (\d{{4}})\b")
_SYMBOL = re.compile(rf"(?<![\w/]){SYMBOL}(?![\w/])")
_SESSION = re.compile(r"\b([A-Z][a-z]*(?:-[a-z]+)?(?:st|nd|rd|th) session)\b")
"""An ordinal and "session": "Fifty-eighth session", "Fiftieth session"."""
_AGENDA = re.compile(r"\bAgenda items? (\d{1,3})(?: ?\(([a-z])\))?"
                     r"|\bItem (\d{1,3})(?: ?\(([a-z])\))? of the provisional agenda")
""""Agenda item 135 (a)", or before the session "Item 146 of the provisional agenda"."""
_MASTHEAD_CHARS = 1500
_HEAD_LINES = 120


@dataclass(frozen=True, slots=True)
class Masthead:
    symbol: str | None
    date: date | None
    session: str | None
    agenda_item: str | None


def read_masthead(flat: str, title_start: int | None, lines: list[str]) -> Masthead:
    """What the masthead before the title prints (``title_start`` None: a copy without
    its title, whose lines alone may still hold them); the symbol of the page headers
    when the masthead has none (a copy that starts after the first page)."""
    top = flat[max(0, title_start - _MASTHEAD_CHARS):title_start] if title_start else ""
    symbol = _SYMBOL.search(top)
    headers = Counter(lone_symbols(lines))
    distr = top.find("Distr")
    printed = DATE.search(top, max(distr, 0))
    session = _SESSION.search(top)
    agenda = _AGENDA.search(top)
    if title_start is None:
        printed, session, agenda = (_first_line(lines, DATE), _first_line(lines, _SESSION),
                                    _first_line(lines, _AGENDA))
    return Masthead(
        symbol=symbol.group() if symbol else (headers.most_common(1)[0][0] if headers else None),
        date=_date(printed) if printed else None,
        session=session.group(1) if session else None,
        agenda_item=_agenda_item(agenda) if agenda else None,
    )


def _agenda_item(match: re.Match[str]) -> str:
    number, letter = (match.group(1), match.group(2)) if match.group(1) else (
        match.group(3), match.group(4))
    return f"{number} ({letter})" if letter else number


def _date(match: re.Match[str]) -> date | None:
    try:
        return date(int(match.group(3)), MONTHS.index(match.group(2)) + 1, int(match.group(1)))
    except ValueError:
        return None


def _first_line(lines: list[str], pattern: re.Pattern[str]) -> re.Match[str] | None:
    """A line that is only the masthead's entry, in the head of a text that lost the
    words around them (the old reading, kept for copies without "Distr.")."""
    for line in lines[:_HEAD_LINES]:
        stripped = line.strip()
        if len(stripped) <= 80 and (match := pattern.fullmatch(stripped)):
            return match
    return None
