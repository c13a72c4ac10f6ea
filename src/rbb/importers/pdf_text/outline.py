"""The report's sections, found by their headings.

Budget and performance reports share one outline: roman-numbered sections
(``III. Resource performance``), lettered subsections (``A. Financial
resources``) and, in places, numbered sub-subsections (``1. Other revenue and
adjustments``). Headings are recognised by that numbering in sequence, never
by line numbers, so other missions and years with other subsections read the
same way. What precedes section I is the Summary.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from ..cells import roman_value, trailing_cells
from ..source import Line
from ..staffing_table_rules import kind_of
from .layout import dangles

_ROMAN = re.compile(r"^\s*(?P<mark>[IVX]{1,5})\.\s+(?P<title>[A-Z].*?)\s*$")
_LETTER = re.compile(r"^\s*(?P<mark>[A-J])\.\s+(?P<title>[A-Z].*?)\s*$")
_DIGIT = re.compile(r"^\s*(?P<mark>[1-9])\.\s+(?P<title>[A-Z][^.;:]*?)\s*$")
_TITLE_MAX = 110
_DIGIT_TITLE_MAX = 60
_TITLE_LINES = 8

FRAMEWORKS = "frameworks"
VARIANCES = "variances"
ACTIONS = "actions"
FOLLOW_UP = "follow_up"
PROSE = "prose"


@dataclass
class Section:
    code: str
    """``Summary``, ``II.E``, ``III.D.2``: where a paragraph or table sits."""
    title: str
    kind: str
    heading: Line | None = None
    body: list[Line] = field(default_factory=list)


def _kind(title: str, parent: str | None) -> str:
    lowered = title.lower()
    if "results-based budgeting framework" in lowered:
        return FRAMEWORKS
    if "analysis of variances" in lowered:
        return VARIANCES
    if "actions to be taken by the general assembly" in lowered:
        return ACTIONS
    if "follow-up" in lowered or parent == FOLLOW_UP:
        return FOLLOW_UP
    return PROSE


def split_sections(lines: Sequence[Line]) -> list[Section]:
    """Cut the report's lines at its headings, in order."""
    sections = [Section("Summary", "Summary", PROSE)]
    roman = letter = digit = 0
    roman_code = letter_code = ""
    roman_kind: str | None = None
    index = 0
    while index < len(lines):
        line = lines[index]
        current = sections[-1]
        heading = _ROMAN.match(line.text)
        if heading and _title_ok(heading["title"], _TITLE_MAX) \
                and roman < roman_value(heading["mark"]) <= roman + 2 \
                and not _after_posts_row(current):
            roman, letter, digit = roman_value(heading["mark"]), 0, 0
            roman_code = letter_code = heading["mark"]
            index, title = _title(lines, index, heading["title"])
            roman_kind = _kind(title, None)
            sections.append(Section(roman_code, title, roman_kind, line))
            continue
        inside = current.kind in (FRAMEWORKS, VARIANCES, ACTIONS) and current.code != "Summary"
        heading = None if inside or not roman else _LETTER.match(line.text)
        if heading and _title_ok(heading["title"], _TITLE_MAX) \
                and ord(heading["mark"]) - ord("A") == letter:
            letter, digit = letter + 1, 0
            letter_code = f"{roman_code}.{heading['mark']}"
            index, title = _title(lines, index, heading["title"])
            sections.append(Section(letter_code, title, _kind(title, roman_kind), line))
            continue
        heading = None if inside or not letter else _DIGIT.match(line.text)
        if heading and _title_ok(heading["title"], _DIGIT_TITLE_MAX) \
                and int(heading["mark"]) == digit + 1:
            digit += 1
            index, title = _title(lines, index, heading["title"])
            sections.append(Section(f"{letter_code}.{digit}", title,
                                    _kind(title, roman_kind), line))
            continue
        current.body.append(line)
        index += 1
    return sections


def _after_posts_row(current: Section) -> bool:
    """``III. Civilian staff`` under a staffing table's ``Net change`` row (or
    its header) is a category of the table, not section III."""
    if not current.body:
        return False
    label, cells = trailing_cells(current.body[-1].text)
    text = current.body[-1].text.lower()
    return bool(cells and kind_of(label)) or ("subtotal" in text and "npo" in text)


def _title_ok(title: str, limit: int) -> bool:
    """Not a sentence, and not an entry of the table of contents (``II. Financial
    resources  20``: a page number closes it)."""
    text = title.rstrip()
    return len(text) <= limit and not text.endswith((".", ";", ",")) \
        and re.search(r"\s\d{1,3}$", text) is None


def _title(lines: Sequence[Line], index: int, title: str) -> tuple[int, str]:
    """A heading wraps while its text cannot end (``... to implement the`` /
    ``decisions and requests ...``); a footnote mark glued to its last word
    (``Analysis of variances1``) is not part of it."""
    index += 1
    taken = 0
    while dangles(title) and index < len(lines) and taken < _TITLE_LINES:
        title = f"{title} {lines[index].stripped}"
        index += 1
        taken += 1
    title = re.sub(r"(?<=[a-z])\d{1,2}$", "", " ".join(title.split()))
    return index, title
