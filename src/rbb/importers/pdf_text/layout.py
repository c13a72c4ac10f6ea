"""What the printed page adds around the report, and how wrapped lines join.

A PDF's text carries the page's furniture besides the report: the symbol and
job number of the running head and foot (``A/77/589``, ``22-25975 38/44``),
the ``https://undocs.org/...`` targets of links, page footnotes under a rule
of underscores, and blank lines between most lines. The section parsers see
only the report's own lines, each still numbered as in the input, so that
every fact keeps the line it is printed on.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from dataclasses import dataclass

from ..source import Line

NARROW_MAX = 48
"""Widest line (characters) of the narrow left column of a framework table:
planned indicators and planned outputs. The right column (actual indicators,
remarks) runs to about 60 characters in the substantive component."""

_FURNITURE = (
    re.compile(r"^A/\d{2,3}/\d+(?:/Add\.\d+)?(?:/Rev\.\d+)?$"),  # the symbol in the running head
    # job number and page
    re.compile(r"^\d{2}-\d{5}(?:\s*\(E\))?(?:\s+\d{1,3}/\d{1,3})?(?:\s+\d{6})?$"),
    re.compile(r"^\d{1,3}/\d{1,3}\s+\d{2}-\d{5}$"),  # page, job number (even pages)
    re.compile(r"^https?://\S+$"),  # link targets the extraction appends
    re.compile(r"^\*\d{7}\*$"),  # the bar code of the cover page
    re.compile(r"^Please recycle$"),
)
_RULE = re.compile(r"^_{5,}$")
_FOOTNOTE_MARK = re.compile(r"^\s*(?:\d{1,2}|[a-z]|\*)\s+[A-Z(“\"]")

DANGLING = frozenset({
    "a", "an", "the", "of", "and", "or", "nor", "to", "for", "in", "on", "at", "by", "with",
    "from", "as", "into", "its", "their", "his", "her", "our", "including", "through",
    "between", "among", "under", "over", "per", "than", "that", "which", "whose", "both",
    "via", "against", "towards", "within", "without", "regarding", "such", "also", "is",
    "are", "was", "were", "be", "been", "has", "have", "had", "upon", "about", "after",
    "before", "during", "while", "whereas", "if", "not", "all", "each", "any", "other",
    "further", "more", "most", "this", "these", "those", "up",
})
"""Words a line can wrap after but a cell of text cannot end with."""

SENTENCE_END = (".", ":", ";", "!", "?")


def content_lines(lines: Sequence[Line]) -> list[Line]:
    """The report's own lines: no blank lines, page furniture or page footnotes."""
    kept: list[Line] = []
    index = 0
    while index < len(lines):
        line = lines[index]
        text = line.stripped
        if _RULE.match(text):
            index = _after_footnotes(lines, index + 1)
            continue
        if text and not any(pattern.match(text) for pattern in _FURNITURE):
            kept.append(line)
        index += 1
    return kept


def _after_footnotes(lines: Sequence[Line], index: int) -> int:
    """Skip the footnotes under a rule: marked lines and their continuations,
    each footnote ending on a line that ends a sentence (section IV's footnote
    on the variance threshold spans two lines)."""
    index = _next_text(lines, index)
    start = index
    while index < len(lines) and _FOOTNOTE_MARK.match(lines[index].text):
        end = index
        while end < len(lines) and end - index < _FOOTNOTE_LINES:
            ends_sentence = lines[end].stripped.endswith(".")
            end = _next_text(lines, end + 1)
            if ends_sentence:
                break
        else:
            return start  # no footnote ends here: keep the lines rather than lose text
        index = end
    return index


_FOOTNOTE_LINES = 12


def _next_text(lines: Sequence[Line], index: int) -> int:
    while index < len(lines) and lines[index].blank:
        index += 1
    return index


def is_footnote(line: Line) -> bool:
    """A table footnote: a letter mark, then text (``a Represents the highest ...``)."""
    return re.match(r"^\s*[a-z]\s+[A-Z(]", line.text) is not None


def skip_footnotes(lines: Sequence[Line], index: int) -> tuple[int, set[str]]:
    """Step over the footnotes printed under a table; returns their marks."""
    marks: set[str] = set()
    while index < len(lines) and is_footnote(lines[index]):
        marks.add(lines[index].stripped[0])
        index += 1
        while index < len(lines) and not lines[index - 1].stripped.endswith(".") \
                and not is_footnote(lines[index]) and len(lines[index].stripped) > 0 \
                and not re.match(r"^\s*\d{1,3}\.\s", lines[index].text):
            index += 1
    return index, marks


def dangles(text: str) -> bool:
    """The text stops where a cell cannot end: after ``of``, a comma, a hyphen."""
    stripped = text.rstrip()
    if not stripped:
        return False
    if stripped[-1] in ",-–—/(":
        return True
    last = stripped.split()[-1].lower()
    return last in DANGLING


def first_word(text: str) -> str:
    parts = text.split()
    return parts[0] if parts else ""


@dataclass(frozen=True, slots=True)
class Joined:
    """Lines joined into one text, remembering where each line starts, so a
    number found in the text still knows the line it is printed on."""

    text: str
    starts: tuple[int, ...]
    numbers: tuple[int, ...]

    def line_at(self, offset: int) -> int:
        index = bisect.bisect_right(self.starts, offset) - 1
        return self.numbers[max(index, 0)]


def join(lines: Sequence[Line], *, bullets: bool = False, first: str | None = None) -> Joined:
    """De-wrap lines into running text.

    A line ending in a hyphen joins the next without a space (``lower-`` +
    ``than-budgeted``), as does a line ending in a slash (``Ferizaj/`` +
    ``Uroševac``). With ``bullets``, a line that starts with a space and a
    capital or a digit begins a new item (the remarks' bullet lists, whose
    bullet glyph the extraction drops) and is joined with a newline.
    ``first`` replaces the text of the first line (its cell after a marker).
    """
    text = ""
    starts: list[int] = []
    numbers: list[int] = []
    for index, line in enumerate(lines):
        part = (first if index == 0 and first is not None else line.text).strip()
        if not part:
            continue
        if text:
            separator = " "
            if text.endswith(("-", "/")) and len(text) > 1 and text[-2].isalpha() \
                    and part[0].isalpha():
                separator = ""
            if bullets and line.text[:1].isspace() and (part[0].isupper() or part[0].isdigit()):
                separator = "\n"
            text += separator
        starts.append(len(text))
        numbers.append(line.number)
        text += re.sub(r"\s{2,}", " ", part)
    return Joined(text, tuple(starts), tuple(numbers))


def squash(text: str) -> str:
    """One space between words, as the text reads."""
    return " ".join(text.split())
