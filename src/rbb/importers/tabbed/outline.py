"""Split a report into its sections by their headings (never by line numbers).

Budget and performance reports follow one template: ``Contents``, ``Summary``,
then numbered sections (``I. Mandate and planned results``, ``II. Financial
resources`` ...) with lettered subsections (``A. Overall``); a performance
report's section III, "Resource performance", has its own (``A. Financial
resources``, ``B. Summary information on redeployments across groups`` ...). Letters differ
between reports (training is II.E here, II.F elsewhere), so a subsection's kind
is read from its title, never from its letter. Roman numerals and letters must
rise: ``III. Civilian staff`` inside a staffing table is not section III.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from enum import StrEnum

from ..cells import roman_value
from ..source import Line
from .text import has_tab, heading_text

_ROMAN = re.compile(r"^(?P<num>[IVX]+)\.\s*(?P<title>[A-Z].*)$")
_LETTER = re.compile(r"^(?P<num>[A-Z])\.\s*(?P<title>[A-Z].*)$")
_MAX_HEADING = 400


class Kind(StrEnum):
    FRONT = "front"
    CONTENTS = "contents"
    SUMMARY = "summary"
    PROSE = "prose"
    FRAMEWORKS = "frameworks"
    FINANCIAL = "financial_resources"
    NON_BUDGETED = "non_budgeted_contributions"
    EFFICIENCY = "efficiency_gains"
    VACANCY = "vacancy_factors"
    TRAINING = "training"
    TRAVEL = "official_travel"
    PROGRAMMATIC = "programmatic_activities"
    QUICK_IMPACT = "quick_impact_projects"
    REDEPLOYMENTS = "redeployments"
    MONTHLY = "monthly_expenditure"
    OTHER_REVENUE = "other_revenue_and_borrowing"
    VARIANCES = "analysis_of_variances"
    ACTIONS = "general_assembly_actions"
    FOLLOW_UP_GA = "follow_up_general_assembly"
    FOLLOW_UP_ACABQ = "follow_up_acabq"
    ANNEX = "annex"


# Subsection titles (lower case, start of title) and the kind of their content.
_LETTERED: tuple[tuple[str, Kind], ...] = (
    ("results-based budgeting frameworks", Kind.FRAMEWORKS),
    ("financial resources", Kind.FINANCIAL),
    ("summary information on redeployments", Kind.REDEPLOYMENTS),
    ("monthly expenditure pattern", Kind.MONTHLY),
    ("other revenue and adjustments", Kind.OTHER_REVENUE),
    ("value of non-budgeted contributions", Kind.NON_BUDGETED),
    ("substantive and other programmatic activities", Kind.PROGRAMMATIC),
    ("non-budgeted contributions", Kind.NON_BUDGETED),
    ("efficiency gains", Kind.EFFICIENCY),
    ("vacancy factors", Kind.VACANCY),
    ("training", Kind.TRAINING),
    ("official travel", Kind.TRAVEL),
    ("programmatic activities", Kind.PROGRAMMATIC),
    ("quick-impact projects", Kind.QUICK_IMPACT),
    ("general assembly", Kind.FOLLOW_UP_GA),
    ("advisory committee", Kind.FOLLOW_UP_ACABQ),
)
_TOP_TITLES = ("mandate and planned results", "mandate performance", "financial resources",
               "resource performance", "analysis of variances", "actions to be taken",
               "summary of follow-up", "summary of the follow-up")
_NUMBERED: tuple[tuple[str, Kind], ...] = (
    ("analysis of variances", Kind.VARIANCES),
    ("actions to be taken by the general assembly", Kind.ACTIONS),
)


@dataclass(frozen=True, slots=True)
class Region:
    """The lines of one section, after its heading."""

    kind: Kind
    label: str
    """``Summary``, ``I.B``, ``III``: the section a paragraph cites."""
    title: str
    heading: Line | None
    lines: tuple[Line, ...]


@dataclass
class _Splitter:
    regions: list[Region] = field(default_factory=list)
    kind: Kind = Kind.FRONT
    label: str = ""
    title: str = ""
    heading: Line | None = None
    body: list[Line] = field(default_factory=list)
    roman: int = 0
    roman_title: str = ""
    letter: str = ""

    def start(self, kind: Kind, label: str, title: str, heading: Line | None) -> None:
        self.regions.append(Region(self.kind, self.label, self.title, self.heading,
                                   tuple(self.body)))
        self.kind, self.label, self.title, self.heading = kind, label, title, heading
        self.body = []


def split_regions(lines: list[Line]) -> list[Region]:
    """The report's regions in printed order; the text before ``Summary`` is FRONT."""
    split = _Splitter()
    for line in lines:
        if split.kind is Kind.ANNEX:
            split.body.append(line)
            continue
        if split.kind is Kind.CONTENTS and (line.blank or has_tab(line)):
            split.body.append(line)
            continue
        if line.blank or has_tab(line) or len(line.stripped) > _MAX_HEADING:
            split.body.append(line)
            continue
        text = heading_text(line.text)
        if not _heading(split, line, text):
            split.body.append(line)
    split.start(Kind.FRONT, "", "", None)
    return [region for region in split.regions[1:] if region.heading or region.lines]


def _heading(split: _Splitter, line: Line, text: str) -> bool:
    """Start a region if the line is the next heading of the template."""
    if text == "Contents" and split.roman == 0 and split.kind is Kind.FRONT:
        split.start(Kind.CONTENTS, "Contents", text, line)
        return True
    if text == "Summary" and split.roman == 0 and split.kind is not Kind.SUMMARY:
        split.start(Kind.SUMMARY, "Summary", text, line)
        return True
    if text == "Annex" and split.roman > 0:
        split.start(Kind.ANNEX, "Annex", text, line)
        return True
    if split.kind in (Kind.FRONT, Kind.CONTENTS) or text.endswith("."):
        return False
    roman = _ROMAN.match(text)
    if roman and _next_section(roman_value(roman["num"]), roman["title"], split.roman):
        value = roman_value(roman["num"])
        split.roman, split.roman_title, split.letter = value, roman["title"], ""
        split.start(_kind(roman["title"], _NUMBERED), roman["num"], roman["title"], line)
        return True
    letter = _LETTER.match(text)
    if letter and split.roman > 0 and letter["num"] > split.letter and len(text) < 200:
        split.letter = letter["num"]
        kind = _kind(letter["title"], _LETTERED)
        if letter["title"].lower() == "overall" and "financial" in split.roman_title.lower():
            kind = Kind.FINANCIAL
        label = f"{_roman_label(split.roman)}.{letter['num']}"
        split.start(kind, label, letter["title"], line)
        return True
    return False


def _next_section(value: int, title: str, current: int) -> bool:
    """The next numeral, or a later one whose title only a section has (a heading lost
    in a damaged report must not swallow the sections after it)."""
    if value == current + 1:
        return True
    return value > current and title.lower().startswith(_TOP_TITLES)


def _kind(title: str, table: tuple[tuple[str, Kind], ...]) -> Kind:
    lowered = title.lower()
    for start, kind in table:
        if lowered.startswith(start):
            return kind
    return Kind.PROSE


def _roman_label(value: int) -> str:
    numerals = ((10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"))
    out = ""
    for amount, numeral in numerals:
        while value >= amount:
            out, value = out + numeral, value - amount
    return out
