"""The identity of a report: kind, mission, period, symbol, date, session and agenda
item, read from its masthead and title block in any of its public renderings
(docs/importing.md, "Identity of a report").

Only a bounded head of the text is read (``renderings.HEAD_CHARS``), once flattened
to one line by linear steps: reading the identity of a 5 MB text costs what reading a
short one does.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from rbb.model import DocumentKind, Mission, Period
from rbb.model.errors import InputError
from rbb.model.mission import mission_for_code, mission_for_name
from rbb.model.mission_register import MissionRegister

from .masthead import read_masthead
from .names import PrintedName, codes_in, name_before_code, read_name
from .renderings import flatten, head_of, lines_of
from .resolutions import (
    ADOPTED,
    EXPECTED_MISSION,
    EXPECTED_PERIOD,
    ResolutionHead,
    is_resolution,
    read_resolution_head,
    resolution_number,
)
from .titles import (
    PERIOD,
    financing_aspect,
    financing_name_at,
    kind_from_tables,
    period_of,
    read_title,
)

REPORT = ("a budget or performance report of a peacekeeping mission, as text or PDF, that "
          "names its period ('for the period from 1 July YYYY to 30 June YYYY')")
"""What the importers of rbb's own reports read, in words that complete "expected"."""

_KINDS = ("a budget ('Budget for the <mission> for the period ...'), a performance report "
          "('Performance report on the budget of the <mission> ...'), a revised budget, a "
          "financing report ('Financing of the <mission>' with cost estimates or financial "
          "performance) or a report of the Advisory Committee on Administrative and Budgetary "
          "Questions")


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

    def described(self) -> str:
        """In a sentence: "a report of the Advisory Committee on UNMISS for 2019/20"."""
        period = self.period.label if self.period.is_financial_year else self.period.stated
        match self.kind:
            case DocumentKind.BUDGET:
                what = "a budget of"
            case DocumentKind.PERFORMANCE:
                what = "a performance report of"
            case DocumentKind.REVISED_BUDGET:
                what = "a revised budget of"
            case DocumentKind.FINANCING_REPORT:
                what = "a financing report of"
            case DocumentKind.ACABQ_REPORT:
                what = "a report of the Advisory Committee on"
            case DocumentKind.GA_RESOLUTION:
                what = "a resolution of the General Assembly on the financing of"
        symbol = f" ({self.symbol})" if self.symbol else ""
        return f"{what} {self.mission.code} for {period}{symbol}"


def looks_like_resolution(text: str) -> bool:
    """Whether the text is headed as a General Assembly resolution (its ``A/RES/``
    symbol, or "Resolution adopted by the General Assembly" and its title): one that
    names no period or mission is then refused with what a resolution must state."""
    return is_resolution(flatten(head_of(text)))


def names_a_period(text: str) -> bool:
    """Whether the text names its period as every report does ("for the period from 1
    July 2025 to 30 June 2026"): what tells a report from other text before ``detect``
    reads the rest."""
    return PERIOD.search(flatten(head_of(text))) is not None


def detect(text: str, *, file: str, register: MissionRegister | None = None) -> DocumentMeta:
    """Read the identity of a report from its text; InputError when it is none. The
    mission is looked up in ``register`` (a store's, with its admins' edits), by default
    the register rbb ships."""
    head = head_of(text)
    if not head.strip():
        raise InputError("the file is empty; expected " + _KINDS, file=file)
    if "\x00" in head[:4096]:
        raise InputError("the file is binary, not the text of a report", file=file)
    flat = flatten(head)
    if is_resolution(flat):
        return _resolution(flat, head, file=file, register=register)
    title = read_title(flat)
    if title.period is None:
        raise InputError(
            "not a report of a peacekeeping operation: expected the period it covers "
            "('for the period from 1 July YYYY to 30 June YYYY', or other dates)", file=file)
    try:
        period = period_of(title.period)
    except ValueError as error:
        raise InputError(f"the period '{title.period.group()}' is not one: {error}",
                         file=file) from None
    kind = title.kind or kind_from_tables(flat)
    if kind is None:
        raise InputError(f"cannot tell which kind of report this is: expected {_KINDS}",
                         file=file)
    mission = _mission(flat, title.name_at, title.period.start(), file=file, register=register)
    masthead = read_masthead(flat, title.start if title.kind else None, lines_of(head))
    return DocumentMeta(
        kind=kind, mission=mission, period=period,
        title=_title(kind, mission, period, flat),
        symbol=masthead.symbol, date=masthead.date, session=masthead.session,
        agenda_item=masthead.agenda_item,
    )


def _resolution(flat: str, head: str, *, file: str,
                register: MissionRegister | None) -> DocumentMeta:
    """The identity of a resolution on a mission's financing: its period is the one it
    appropriates for; its mission the one its title names."""
    resolution = read_resolution_head(flat)
    if resolution.period is None:
        raise InputError("a resolution of the General Assembly that names no period: "
                         "expected " + EXPECTED_PERIOD, file=file)
    try:
        period = period_of(resolution.period)
    except ValueError as error:
        raise InputError(f"the period '{resolution.period.group()}' is not one: {error}",
                         file=file) from None
    mission = _resolution_mission(flat, resolution, file=file, register=register)
    adopted = ADOPTED.search(flat, 0, 2500)
    top = resolution.title_at if resolution.title_at is not None else (
        adopted.start() if adopted else None)
    masthead = read_masthead(flat, top or None, lines_of(head))
    kind = DocumentKind.GA_RESOLUTION
    return DocumentMeta(
        kind=kind, mission=mission, period=period,
        title=_title(kind, mission, period, flat), symbol=resolution.symbol,
        date=resolution.adopted or masthead.date, session=masthead.session,
        agenda_item=masthead.agenda_item)


_ON_THE_FINANCING = re.compile(r"on the financing of the ", re.IGNORECASE)
_SPECIAL_ACCOUNT = re.compile(r"Special Account for the ")


def _resolution_mission(flat: str, resolution: ResolutionHead, *, file: str,
                        register: MissionRegister | None) -> Mission:
    """The mission the title names, else the one whose financing the preamble's reports
    are on (a title a copy cut short), else the one whose Special Account it
    appropriates to (a page without its head); never a name met elsewhere."""
    starts = [resolution.name_at] if resolution.name_at is not None else []
    starts += [m.end() for m in _ON_THE_FINANCING.finditer(flat, 0, 5000)][:3]
    starts += [m.end() for m in _SPECIAL_ACCOUNT.finditer(flat, 0, 20000)][:3]
    first: PrintedName | None = None
    for start in starts:
        printed = read_name(flat, start)
        if printed is None:
            continue
        first = first or printed
        registered = (mission_for_code(printed.code, register=register)
                      if printed.code else None) \
            or mission_for_name(printed.name, register=register)
        if registered is not None:
            return registered
        if printed.code is not None:
            return Mission(code=printed.code, name=printed.name, provisional=True)
    if first is None:
        raise InputError("a resolution of the General Assembly that names no mission: "
                         "expected " + EXPECTED_MISSION, file=file)
    raise InputError(
        f"the mission '{first.name}' is not in rbb's register of missions: expected "
        f"{EXPECTED_MISSION}, of a registered operation or with its code in parentheses",
        file=file)


def _mission(flat: str, name_at: int | None, period_at: int, *, file: str,
             register: MissionRegister | None) -> Mission:
    """The mission the title names; else the agenda item "Financing of the <mission>";
    else the name printed with its code nearest before the period."""
    printed = _printed_name(flat, name_at, period_at)
    if printed is None:
        registered = mission_for_name(flat[:20000], register=register)
        if registered is not None:
            return registered
        raise InputError(
            "no mission named: expected its full name in the title, e.g. 'Budget for the "
            "United Nations Interim Force in Lebanon (UNIFIL) for the period ...'", file=file)
    name, code = printed.name, printed.code
    if code is None and (elsewhere := _printed_with_code(flat, name)) is not None:
        name, code = elsewhere
    registered = (mission_for_code(code, register=register) if code else None) \
        or mission_for_name(name, register=register)
    if registered is not None:
        return registered
    if code is None:
        raise InputError(
            f"the mission '{name}' is named without its code in parentheses and is not in "
            "rbb's register of missions: expected '<name> (<CODE>)' once in the report",
            file=file)
    return Mission(code=code, name=name, provisional=True)


def _printed_name(flat: str, name_at: int | None, period_at: int) -> PrintedName | None:
    starts = [name_at] if name_at is not None else []
    if (financing := financing_name_at(flat, 3000)) is not None:
        starts.append(financing[1])
    for start in starts:
        if (printed := read_name(flat, start)) is not None:
            return printed
    before = [at for at, _ in codes_in(flat[:period_at + 1])]
    for at in reversed(before[-5:]):
        if (printed := name_before_code(flat, at)) is not None:
            return printed
    return None


def _printed_with_code(flat: str, name: str) -> tuple[str, str] | None:
    """The name where it is printed with its code, in the case printed there (a title
    in capitals names "UNITED NATIONS PEACE-KEEPING FORCE IN CYPRUS"), and the code."""
    for found in re.finditer(re.escape(name) + r" \(", flat, re.IGNORECASE):
        codes = codes_in(flat[found.end() - 1:found.end() + 40])
        if codes and codes[0][0] == 0:
            return found.group()[:-2], codes[0][1]
    return None


def _title(kind: DocumentKind, mission: Mission, period: Period, flat: str) -> str:
    span = f"for the period from {period.stated}"
    match kind:
        case DocumentKind.BUDGET:
            return f"Budget for the {mission.name} {span}"
        case DocumentKind.PERFORMANCE:
            return f"Budget performance of the {mission.name} {span}"
        case DocumentKind.REVISED_BUDGET:
            return f"Revised budget for the {mission.name} {span}"
        case DocumentKind.FINANCING_REPORT:
            return f"Financing of the {mission.name}: {financing_aspect(flat)} {span}"
        case DocumentKind.ACABQ_REPORT:
            return (f"Report of the Advisory Committee on Administrative and Budgetary "
                    f"Questions on the {mission.name} {span}")
        case DocumentKind.GA_RESOLUTION:
            number = resolution_number(flat)
            return f"{number + '. ' if number else ''}Financing of the {mission.name}"
