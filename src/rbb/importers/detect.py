"""Recognise what a text is: budget or performance report, which mission,
which period, and the symbol and date where printed."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime

from rbb.model import DocumentKind, Mission, Period
from rbb.model.errors import InputError
from rbb.model.mission import mission_for_code, mission_for_name

_PERIOD = re.compile(
    r"(?:for\s+the\s+period|budget\s+year\s+is)\s+from\s+1\s+July\s+(?P<start>\d{4})\s+to\s+"
    r"30\s+June\s+(?P<end>\d{4})",
    re.IGNORECASE,
)
_MISSION = re.compile(
    r"(?P<name>United Nations [A-Z][\w’'\s-]*?(?:Mission|Force|Office|Operation|Observer[s]?"
    r"[\w\s]*?)(?: in| for| of)?[\w\s’'-]*?)\s*\((?P<code>[A-Z][A-Z-]{2,})\)"
)
_SYMBOL = re.compile(r"^\s*(A/\d{2,3}/\d+(?:/Add\.\d+)?)\s*$")
_DATE = re.compile(r"^\s*(\d{1,2} (?:January|February|March|April|May|June|July|August|"
                   r"September|October|November|December) \d{4})\s*$")
_SESSION = re.compile(r"^\s*([A-Z][a-z]+(?:-[a-z]+)? session)\s*$")
_AGENDA = re.compile(r"^\s*Agenda item (\d+(?:\s*\([a-z]\))?)\s*$")
_HEAD_LINES = 120
REPORT = ("a budget or performance report of a peacekeeping mission, as text or PDF, that "
          "names its period ('for the period from 1 July YYYY to 30 June YYYY')")
"""What the importers of rbb's own reports read, in words that complete "expected"."""


@dataclass(frozen=True, slots=True)
class DocumentMeta:
    kind: DocumentKind
    mission: Mission
    period: Period
    title: str
    symbol: str | None = None
    date: date | None = None
    session: str | None = None
    agenda_item: str | None = None


def names_a_period(text: str) -> bool:
    """Whether the text names its financial period as every budget and performance
    report does ("for the period from 1 July 2025 to 30 June 2026"): what tells a
    report from other text before ``detect`` reads the rest."""
    return _PERIOD.search(text) is not None


def detect(text: str, *, file: str) -> DocumentMeta:
    """Read the identity of a report from its text; InputError when it is none."""
    if not text.strip():
        raise InputError("the file is empty; expected a budget or performance report", file=file)
    if "\x00" in text[:4096]:
        raise InputError("the file is binary, not the text of a report", file=file)
    flat = " ".join(text.split())
    period_match = _PERIOD.search(flat)
    if period_match is None:
        raise InputError(
            "not a budget or performance report of a peacekeeping mission: expected the phrase "
            "'for the period from 1 July YYYY to 30 June YYYY'",
            file=file,
        )
    start, end = int(period_match["start"]), int(period_match["end"])
    if end != start + 1:
        raise InputError(f"the period {start}–{end} is not one financial year", file=file)
    period = Period(start)
    kind = _kind(flat, file=file)
    mission = _mission(flat, file=file)
    head = text.split("\n")[:_HEAD_LINES]
    symbol = _most_common_symbol(text)
    printed_date = _first(head, _DATE)
    title = _title(flat, kind, mission, period)
    return DocumentMeta(
        kind=kind,
        mission=mission,
        period=period,
        title=title,
        symbol=symbol,
        date=datetime.strptime(printed_date, "%d %B %Y").date() if printed_date else None,
        session=_first(head, _SESSION),
        agenda_item=_first(head, _AGENDA),
    )


def _kind(flat: str, *, file: str) -> DocumentKind:
    lowered = flat.lower()
    performance = ("performance of financial resources" in lowered
                   or "actual indicators of achievement" in lowered
                   or "budget performance" in lowered)
    budget = ("cost estimates" in lowered and "proposed" in lowered) or lowered.lstrip().startswith(
        "budget for"
    ) or " budget for the " in lowered[:3000]
    if performance:
        return DocumentKind.PERFORMANCE
    if budget:
        return DocumentKind.BUDGET
    raise InputError(
        "cannot tell a budget from a performance report: expected 'Cost estimates' columns "
        "or 'Performance of financial resources'",
        file=file,
    )


def _mission(flat: str, *, file: str) -> Mission:
    known = mission_for_name(flat[:20000])
    if known is not None:
        return known
    match = _MISSION.search(flat)
    if match is None:
        raise InputError(
            "no mission named: expected its full name followed by its code, e.g. "
            "'United Nations Interim Administration Mission in Kosovo (UNMIK)'",
            file=file,
        )
    code = match["code"]
    # An operation the register does not hold is still read: its code and name as
    # printed become a provisional entry, flagged as such.
    return mission_for_code(code) or Mission(code=code, name=" ".join(match["name"].split()),
                                             provisional=True)


def _most_common_symbol(text: str) -> str | None:
    symbols = Counter(
        m.group(1) for line in text.split("\n") if (m := _SYMBOL.match(line)) is not None
    )
    return symbols.most_common(1)[0][0] if symbols else None


def _first(lines: list[str], pattern: re.Pattern[str]) -> str | None:
    for line in lines:
        match = pattern.match(line)
        if match:
            return match.group(1)
    return None


def _title(flat: str, kind: DocumentKind, mission: Mission, period: Period) -> str:
    span = f"for the period from 1 July {period.start_year} to 30 June {period.start_year + 1}"
    if kind is DocumentKind.BUDGET:
        return f"Budget for the {mission.name} {span}"
    return f"Budget performance of the {mission.name} {span}"
