"""The title block: which kind of report, on which operation, for which period.

Every report states them in its title, after the masthead:

- "Budget for the <mission> for the period from 1 July 2025 to 30 June 2026";
- "Revised budget for the <mission> for the period ...";
- "Performance report on the budget of the <mission> for the period ..." (earlier
  "Budget performance of the <mission> for the period ...");
- before results-based budgeting (periods before 1 July 2003), "Financing of the
  <mission>" with its cost estimates or its financial performance;
- "Report of the Advisory Committee on Administrative and Budgetary Questions" after
  a title naming the mission and the periods it reviews.

Above the title, the agenda item "Financing of the <mission>" names the operation too.
A copy without its title (a text starting at the summary) is told by its financial
tables: "Performance of financial resources" or cost estimates.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from rbb.model import DocumentKind, Period
from rbb.model.cycle import MONTHS

_DAY = rf"(\d{{1,2}}) ({'|'.join(MONTHS)})"
PERIOD = re.compile(
    rf"(?:for the (?:financial )?period|budget year is|for the biennium)(?: from)? {_DAY}"
    rf"(?: (\d{{4}}))?(?: (?:to|through|until) | ?[-–] ?){_DAY} (\d{{4}})", re.IGNORECASE)
"""The period as the reports state it, on the flattened text (single spaces)."""

RESULTS_BASED_FROM = date(2003, 7, 1)
"""The first period of results-based budgets and performance reports (2003/04):
earlier reports are financing reports (cost estimates, financial performance)."""

_TITLE_ZONE = 2500
"""The masthead, the title and the start of the contents, once flattened."""

_LEADS: tuple[tuple[str, DocumentKind], ...] = (
    ("Revised budget for the ", DocumentKind.REVISED_BUDGET),
    ("Performance report on the budget of the ", DocumentKind.PERFORMANCE),
    ("Budget performance of the ", DocumentKind.PERFORMANCE),
    ("Financial performance report of the ", DocumentKind.PERFORMANCE),
    ("Budget for the ", DocumentKind.BUDGET),
    ("Proposed budget for the ", DocumentKind.BUDGET),
)
"""Title leads followed by the mission's name, then the period."""

_LEADS_BEFORE_PERIOD: tuple[tuple[str, DocumentKind], ...] = (
    ("Revised budget for the period", DocumentKind.REVISED_BUDGET),
    ("Budget performance for the period", DocumentKind.PERFORMANCE),
    ("Financial performance report for the period", DocumentKind.PERFORMANCE),
    ("Proposed budget for the period", DocumentKind.BUDGET),
    ("Budget for the period", DocumentKind.BUDGET),
)
"""Title leads followed by the period, then "of the <mission>" or "for the <mission>"."""

ACABQ = "Report of the Advisory Committee on Administrative and Budgetary Questions"
SECRETARY_GENERAL = "Report of the Secretary-General"
FINANCING = re.compile(r"Financing of the |FINANCING OF THE |on the financing of the ")
"""The agenda item's title "Financing of the <mission>" (capitals in older reports), or
an older report's own "Report of the Secretary-General on the financing of the ..."."""


def financing_name_at(flat: str, end: int) -> tuple[int, int] | None:
    """Where "Financing of the" stands before ``end``, and where the name after it begins."""
    found = FINANCING.search(flat, 0, end)
    return (found.start(), found.end()) if found else None


@dataclass(frozen=True, slots=True)
class Title:
    kind: DocumentKind | None
    """None when the text prints no title (a copy that starts at its summary)."""
    start: int
    """Where the title begins: the masthead (with the agenda item's "Financing of the
    <mission>") is what comes before."""
    name_at: int | None
    """Where the mission's name begins, if the title prints it."""
    period: re.Match[str] | None


def read_title(flat: str) -> Title:
    zone = flat[:_TITLE_ZONE]
    financing_at = financing_name_at(zone, len(zone))
    financing = financing_at[0] if financing_at else -1
    found: list[tuple[int, DocumentKind, int | None]] = []
    for lead, kind in _LEADS:
        at = zone.find(lead)
        if at >= 0 and zone.startswith("period ", at + len(lead)):
            at = zone.find(lead, at + 1)  # "Budget for the period ...": the name follows it
        if at >= 0:
            found.append((at, kind, at + len(lead)))
    for lead, kind in _LEADS_BEFORE_PERIOD:
        if (at := zone.find(lead)) >= 0:
            found.append((at, kind, None))
    acabq = zone.find(ACABQ)
    secretary_general = zone.find(SECRETARY_GENERAL)
    if acabq >= 0 and not 0 <= secretary_general < acabq:
        periods = list(PERIOD.finditer(zone, 0, acabq))
        start = min(i for i in (acabq, *(at for at, _, _ in found)) if i >= 0)
        return Title(DocumentKind.ACABQ_REPORT, start, _name_after_periods(flat, periods),
                     periods[-1] if periods else None)
    if found:
        at, kind, name_at = min(found, key=lambda f: f[0])
        period = PERIOD.search(flat, at)
        if name_at is None and period is not None:
            name_at = _name_after_periods(flat, [period])
        return Title(_before_results_based(kind, period), at, name_at, period)
    if financing >= 0:
        period = PERIOD.search(flat, financing)
        if period is not None and (_says(flat, "cost estimates")
                                   or _says(flat, "financial performance")):
            author = zone.find(SECRETARY_GENERAL, financing)
            return Title(DocumentKind.FINANCING_REPORT, author if author >= 0 else financing,
                         financing_at[1] if financing_at else None, period)
    return Title(None, len(zone), None, PERIOD.search(flat))


def kind_from_tables(flat: str) -> DocumentKind | None:
    """A copy without its title: a performance report prints "Performance of financial
    resources" and actual indicators; a budget its proposed cost estimates."""
    lowered = flat.lower()
    if ("performance of financial resources" in lowered
            or "actual indicators of achievement" in lowered or "budget performance" in lowered):
        return DocumentKind.PERFORMANCE
    if ("cost estimates" in lowered and "proposed" in lowered) or " budget for the " in \
            lowered[:3000] or lowered.startswith("budget for"):
        return DocumentKind.BUDGET
    return None


def financing_aspect(flat: str) -> str:
    """What a financing report presents: its financial performance or cost estimates."""
    return "financial performance" if _says(flat, "financial performance") else "cost estimates"


def period_of(match: re.Match[str]) -> Period:
    """The period a matched phrase states; ValueError for dates that are none."""
    end = date(int(match.group(6)), _month(match.group(5)), int(match.group(4)))
    start_day, start_month = int(match.group(1)), _month(match.group(2))
    start_year = int(match.group(3)) if match.group(3) else (
        end.year if (start_month, start_day) <= (end.month, end.day) else end.year - 1)
    return Period.between(date(start_year, start_month, start_day), end)


def _before_results_based(kind: DocumentKind, period: re.Match[str] | None) -> DocumentKind:
    if kind in (DocumentKind.BUDGET, DocumentKind.PERFORMANCE) and period is not None:
        try:
            if period_of(period).start < RESULTS_BASED_FROM:
                return DocumentKind.FINANCING_REPORT
        except ValueError:
            return kind
    return kind


def _name_after_periods(flat: str, periods: list[re.Match[str]]) -> int | None:
    """Where "of the <mission>" or "for the <mission>" begins after the last period of a
    title that states its periods first."""
    if not periods:
        return None
    end = periods[-1].end()
    for joint in (" of the ", " for the ", " of ", " for "):
        if flat.startswith(joint, end):
            return end + len(joint)
    return None


def _says(flat: str, words: str) -> bool:
    return words in flat.lower()


def _month(name: str) -> int:
    return [m.lower() for m in MONTHS].index(name.lower()) + 1
