"""What the Advisory Committee's words name: classes of expenditure, amounts, posts,
periods, the reports of the Secretary-General it considered, and the figures of its
summary ("Proposal submitted by the Secretary-General for 2024/25 $46,045,300").

A class is taken only where the words name a budget line ("the proposed resources
for official travel", "under consultants"), never from a mere mention ("information
on facilities and infrastructure"); where they name two, none is taken: an amount is
placed, or reported as unplaced, never guessed (docs/cycle.md).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from rbb.model.classes import CLASSES, GROUPS, line_for_label
from rbb.model.cycle import Period, Stage
from rbb.model.legislative import FinancingPart

from ..cells import CellError, parse_number
from ..identity.renderings import SYMBOL
from ..identity.titles import PERIOD, period_of

_LABELS = sorted(
    {line.label.lower() for line in (*CLASSES, *GROUPS)}
    | {"consultants", "communication and information technology", "civilian police",
       "operational requirements", "quick-impact project", "national professional officer",
       "united nations volunteer"},
    key=len, reverse=True)
"""The classes and groups in the words the reports use (the labels of
``rbb.model.classes`` and the spellings its ``line_for_label`` knows), longest first."""
_CLASS = re.compile(r"\b(" + "|".join(re.escape(label) for label in _LABELS) + r")\b",
                    re.IGNORECASE)
_BUDGET_LINE = re.compile(
    r"(?:\bunder|\b(?:resources|requirements|provisions?|estimates|reductions?|expenditures?|"
    r"amounts?|increases?|decreases?|budget|costs?|funds|funding|allocation)"
    r"(?: [\w-]+){0,2}? (?:for|under|in|of|on))(?: the)?(?: proposed)? $",
    re.IGNORECASE)

_LISTED = re.compile(r",? and (?:the )?|, (?:the )?")
"""Between two budget lines named together: "for facilities and infrastructure and
ground transportation", "under official travel, consultants"."""

_DOLLARS = re.compile(
    r"\$ ?(?P<number>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)(?=[.,;:)’”]*(?:\s|$))"
    r"(?: (?P<scale>million|billion)\b)?")
_MAX_DIGITS = 20
"""More digits than any amount the reports print: not read as a number."""
_SCALE = {None: Decimal("0.001"), "million": Decimal(1000), "billion": Decimal(1000000)}
_SHORT_PERIOD = re.compile(r"\b((?:19|20)\d{2})/(\d{2})\b")
_NUMBER_WORDS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
                 "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12}
_POSTS = re.compile(
    r"\b(?P<n>\d{1,4}|" + "|".join(_NUMBER_WORDS) + r")(?: [A-Za-z][\w-]*){0,4}? "
    r"(?:posts?|positions?)\b(?! adjustment)", re.IGNORECASE)
_ONE_POST = re.compile(r"\b(?:a|an|the|one)(?: [A-Za-z][\w-]*){0,4}? (?:post|position)\b"
                       r"(?! adjustment)(?!s)", re.IGNORECASE)
_SYMBOL = re.compile(SYMBOL)
_SG_REPORT = re.compile(r"reports? of the Secretary-General", re.IGNORECASE)
_OTHER_REPORT = re.compile(r"reports? of the (?:Advisory Committee|Board of Auditors|Office of "
                           r"Internal Oversight|Fifth Committee)|\bresolutions?\b",
                           re.IGNORECASE)
_REACH = 400
"""How far after "report of the Secretary-General" its symbols may stand, unless another
body's report or a resolution is named first (a list of the documents considered)."""
_FOOTNOTE_MARK = re.compile(r"(?<=[A-Za-z).,’”])(\d{1,2})(?=[\s,;]|$)")


@dataclass(frozen=True, slots=True)
class Money:
    amount: Decimal
    """Thousands of United States dollars, exact."""
    start: int
    """Where it is printed in the words read."""
    printed: str
    readable: bool = True
    """False for a number too long to be an amount (then ``amount`` is 0)."""


def dollars(text: str) -> list[Money]:
    """Every dollar amount the words print, in thousands of dollars exactly
    (``$93,300`` → 93.3, ``$1.2 million`` → 1200). Brackets around an amount in
    prose are brackets ("5 per cent ($93,300)"), not a negative sign."""
    found: list[Money] = []
    for match in _DOLLARS.finditer(text):
        digits = match["number"].replace(",", "")
        if len(digits) > _MAX_DIGITS:
            found.append(Money(Decimal(0), match.start(), match.group(), readable=False))
            continue
        value = Decimal(digits) * _SCALE[match["scale"]]
        found.append(Money(_exact(value), match.start(), match.group()))
    return found


def amount_of(printed: str) -> Decimal | None:
    """A summary's cell (``$713,586,800``, ``($5,625,000)``) in thousands of dollars."""
    if len(printed) > _MAX_DIGITS + 10:
        return None
    try:
        value = parse_number(printed)
    except CellError:
        return None
    return None if value is None else _exact(value / 1000)


def _exact(value: Decimal) -> Decimal:
    value = value.normalize()
    exponent = value.as_tuple().exponent
    return value.quantize(Decimal(1)) if isinstance(exponent, int) and exponent > 0 else value


def budget_lines(text: str) -> list[str]:
    """The codes of the classes or groups the words name as budget lines, each once."""
    codes: list[str] = []
    listed_to = -1
    for found in _CLASS.finditer(text):
        before = text[max(0, found.start() - 80):found.start()]
        line = line_for_label(found.group())
        listed = listed_to >= 0 and _LISTED.fullmatch(text[listed_to:found.start()])
        if line is not None and (_BUDGET_LINE.search(before) or listed):
            listed_to = found.end()
            if line.code not in codes:
                codes.append(line.code)
    return codes


def one_budget_line(text: str) -> str | None:
    """The class or group the words name, when they name exactly one."""
    codes = budget_lines(text)
    return codes[0] if len(codes) == 1 else None


def posts(text: str) -> int | None:
    """How many posts or positions the words name (the first count they give): "two
    National Professional Officer posts" → 2, "the post of Chief, Aviation Section" → 1;
    None when they name none."""
    if (found := _POSTS.search(text)) is not None:
        n = found["n"].lower()
        return _NUMBER_WORDS.get(n) or int(n)
    return 1 if _ONE_POST.search(text) else None


def periods(text: str) -> list[Period]:
    """The periods the words state, as dates or as ``2024/25``, in printed order."""
    stated: list[tuple[int, Period]] = []
    for match in PERIOD.finditer(text):
        try:
            stated.append((match.start(), period_of(match)))
        except ValueError:
            continue
    for match in _SHORT_PERIOD.finditer(text):
        if (int(match.group(1)) + 1) % 100 == int(match.group(2)):
            stated.append((match.start(), Period(int(match.group(1)))))
    return [period for _, period in sorted(stated, key=lambda s: s[0])]


def symbols(text: str) -> list[str]:
    return list(dict.fromkeys(found.group() for found in _SYMBOL.finditer(text)))


def considered(text: str, footnotes: dict[int, list[tuple[str, int]]]) -> list[str]:
    """The symbols of the reports of the Secretary-General a sentence names, in its
    words ("the report of the Secretary-General ... (A/61/588)") or in the footnote
    its mark calls ("... (UNSMV).1" with footnote "1 A/91/588 and A/91/655.")."""
    reports = list(_SG_REPORT.finditer(text))
    if not reports:
        return []
    named: list[str] = []
    for report in reports:
        other = _OTHER_REPORT.search(text, report.end(), report.end() + _REACH)
        named += symbols(text[report.start():other.start() if other else report.end() + _REACH])
    for mark in _FOOTNOTE_MARK.finditer(text):
        for note, _ in footnotes.get(int(mark.group(1)), []):
            named += symbols(note)
    return list(dict.fromkeys(named))


SUMMARY = re.compile(
    r"(?P<label>Appropriation|Expenditures?|Preliminary status of expenditures?|"
    r"(?:Projected|Estimated|Anticipated) expenditures?|Projected unencumbered balance|"
    r"Unencumbered balance|Projected (?:under|over)expenditure|Proposal submitted by the "
    r"Secretary-General|Adjusted proposal(?: [\w-]+){0,6}?|Recommendation of the Advisory "
    r"Committee)(?: for)?(?: the period)? (?P<period>(?:19|20)\d{2}/\d{2})(?:[a-z](?= ))? ?"
    r"(?P<amount>\(?\$ ?\d{1,3}(?:,\d{3})+(?:\.\d+)?\)?)")
"""A line of the summary above the first paragraph: "Recommendation of the Advisory
Committee for 2007/08 $713,586,800" (a footnote letter may follow the period or the
amount)."""

SUMMARY_STAGES: dict[str, Stage] = {
    "appropriation": Stage.APPROPRIATION,
    "expenditure": Stage.EXPENDITURE,
    "expenditures": Stage.EXPENDITURE,
    "proposal submitted by the secretary-general": Stage.COST_ESTIMATES,
    "recommendation of the advisory committee": Stage.ACABQ_RECOMMENDED,
}
"""The summary's lines that are stages of the cycle (docs/domain.md, "The cycle"); the
others (projections, a proposal as adjusted) are stages of none."""

SUMMARY_FINANCING: dict[str, FinancingPart] = {
    "unencumbered balance": FinancingPart.UNENCUMBERED_BALANCE,
}

PROPOSED = re.compile(
    r"\bproposed (?P<what>budget|resources|requirements|provisions?)"
    r"(?P<scope>(?: (?:for|under|of)\b[^$]{0,160}?)?) (?:amounts? to|amounting to|totals?|"
    r"totalling|totaling|of|is|are|in the amount of) (?=\$)", re.IGNORECASE)
"""The proposal as the Committee restates it: "The proposed budget for UNSMV for
2037/38 amounts to $88,245,600", "The proposed resources for official travel amount
to $612,400"."""

APPROPRIATE = re.compile(
    r"\bappropriat(?:e|ion of)\b(?: to the [^$]{0,120}?)?(?: an| the)?(?: (?:amount|sum|total)"
    r"(?: of)?)? (?=\$)", re.IGNORECASE)
"""The Committee's recommended total: "recommends that the General Assembly
appropriate an amount of $87,872,300 for the maintenance of the Mission"."""

CREDIT = re.compile(
    r"\b(?P<part>unencumbered balance|other (?:revenue|income)(?: and adjustments)?)"
    r"(?: (?:of|amounting to|totalling|in the amount of))? (?=\$)", re.IGNORECASE)
"""Balances the Committee recommends be credited: "the unencumbered balance of
$1,212,600 ... as well as other revenue and adjustments amounting to $2,204,100"; their
period is the one they were left from (the performance report's)."""

ASSESS = re.compile(
    r"\b(?:assess(?:ment of)?|apportion(?:ment of)?)(?: an| the)?(?: (?:amount|sum)(?: of)?)?"
    r" (?=\$)", re.IGNORECASE)
"""The amount it recommends be assessed on Member States (apportioned) for the period."""

COMMIT = re.compile(
    r"\benter into commitments\b[^$]{0,80}? (?:in the amount of|of|not exceeding|up to) "
    r"(?=\$)", re.IGNORECASE)
"""Commitment authority: "authorize the Secretary-General to enter into commitments in
an amount not exceeding $X"."""
