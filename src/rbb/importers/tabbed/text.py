"""What every section reader of the ``tabbed`` shape reads text with: the cells
of a tab-separated row and the prose of a paragraph freed of the word-processor
conversion's debris (``<i>``, ``**``, ``\\$``, links)."""

from __future__ import annotations

import re

from ..cells import clean
from ..source import Line

_LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)")
_ESCAPE = re.compile(r"\\([()\[\]$_*#.&%-])")
_MATH = re.compile(r"(?<!\\)\$((?:\\(?:geq|leq|pm)|[≥≤])[^$]*)\$")
_LATEX = {r"\geq": "≥", r"\leq": "≤", r"\pm": "±"}
_FOOTNOTE = re.compile(r"^(?:\^[a-z]\b|[¹²³⁴⁵⁶⁷⁸⁹⁰]+|Notes?:|Abbreviations:|Source:)")
_UNIT = re.compile(
    r"^\*?\((?:Thousands|Millions|Percentage|Number|United States dollars)[^)]*\)\*?$", re.I
)
_SUPERSCRIPTS = re.compile(r"[¹²³⁴⁵⁶⁷⁸⁹⁰]+")
TERMINAL = (".", ";", ":", "!", "?", ")", '"', "”", "’")
"""A line ending with one of these closes its paragraph (section I: a paragraph
the conversion broke across a blank line ends without one)."""


def split_cells(line: Line) -> list[str]:
    """The cells of a tab-separated row, each freed of tags, marks and LaTeX."""
    return [clean(cell) for cell in line.text.split("\t")]


def has_tab(line: Line) -> bool:
    return "\t" in line.text


def values_of(cells: list[str]) -> list[str]:
    """The cells after the label, without the empty cells the conversion leaves at the end."""
    values = list(cells[1:])
    while values and not values[-1]:
        values.pop()
    return values


def prose_text(raw: str) -> str:
    """A paragraph as a reader sees it: links reduced to their text, escapes,
    tags, bold and emphasis marks removed, LaTeX comparators as symbols."""
    text = _LINK.sub(r"\1", raw)

    def math(match: re.Match[str]) -> str:
        inner = match.group(1)
        for latex, symbol in _LATEX.items():
            inner = inner.replace(latex, symbol)
        return inner

    text = _MATH.sub(math, text)
    text = _ESCAPE.sub(r"\1", text)
    text = re.sub(r"</?(?:i|p|b|em|strong|sup|sub)>", "", text)
    text = text.replace("**", "")
    text = re.sub(r"(?<![\w*])\*(?=\w)|(?<=[\w.)])\*(?![\w*])", "", text)
    text = re.sub(r"\s*\^[a-z]\b", "", text)
    return " ".join(text.split())


def heading_text(raw: str) -> str:
    """A heading without marks: ``III. Analysis of variances¹`` → ``III. Analysis of variances``."""
    return _SUPERSCRIPTS.sub("", prose_text(raw)).strip()


def is_footnote(line: Line) -> bool:
    """``^a Includes ...``, ``¹ Resource variance amounts ...``, ``Note: ...``."""
    return bool(_FOOTNOTE.match(line.stripped))


def is_unit_line(text: str) -> bool:
    """``(Thousands of United States dollars)``, ``(Percentage)``, ``(Number of participants)``."""
    return bool(_UNIT.match(text.strip()))


def next_nonblank(lines: list[Line], start: int) -> int | None:
    for index in range(start, len(lines)):
        if not lines[index].blank:
            return index
    return None
