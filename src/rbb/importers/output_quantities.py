"""The quantities an output of a results-based budgeting framework states.

An output such as "Preparation and electronic distribution of 250 field
reports" promises a number of things; checks and the performance report hold
the mission to it (docs/domain.md, "Results-based budgeting frameworks"). The rule,
shared by every text shape:

* A quantity is a number printed with digits (``250``, ``202,500``, ``1.1``,
  ``$46.0 million``) or a cardinal word from two to twenty (``four
  quick-impact projects``; ``one`` only before a counted noun), together with
  what it counts: up to four following words, stopping at punctuation or a
  connecting word (``250 field reports``, ``202,500 litres``).
* A number is *not* a quantity when it identifies rather than counts:
  years (``2023``, ``2020–2030``), period labels (``2025/26``), ISO standard
  numbers (``ISO 9001:2015``), resolution and document numbers (``78/302``,
  ``1244 (1999)``, ``A/78/744``), goals, paragraphs, sections and levels
  (``Goal 16``, ``para. 17``), grades (``P-3``, ``FS-7``), dates (``1 January
  2025``) and enumerators (``(1)``, ``(a)``).
"""

from __future__ import annotations

import re
from decimal import Decimal

from rbb.model.frameworks import OutputQuantity

_NUMBER = re.compile(r"(?P<dollar>\$\s?)?(?P<number>\d+(?:,\d{3})*(?:\.\d+)?)")
_WORDS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
    "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20,
}
_WORD = re.compile(r"\b(?P<word>" + "|".join(_WORDS) + r")\b", re.IGNORECASE)
_MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august",
           "september", "october", "november", "december")
_IDENTIFYING_WORDS = frozenset({
    "iso", "goal", "goals", "resolution", "resolutions", "para", "paras", "paragraph",
    "paragraphs", "section", "sections", "annex", "table", "figure", "chapter", "article",
    "rule", "regulation", "item", "no", "number", "level", "phase", "grade", "sdg", "page",
    "decision", "component", "step", "tier", *_MONTHS,
})
_STOP = frozenset({
    "a", "an", "the", "of", "to", "for", "in", "by", "with", "and", "or", "on", "at", "from",
    "through", "within", "across", "including", "into", "as", "that", "which", "who",
    "whenever", "between", "inside", "outside", "under", "over", "covering", "per", "during",
    "each", "is", "are", "will", "be", "was", "were", "than", "via", "such", "pertaining",
    "regarding", "concerning", "related", "relating", "where", "when", "while", "whose",
})
_SCALE = re.compile(r"^\s+(?P<scale>million|billion|per cent)\b")
_FOLLOWING = re.compile(r"[^\s,;:()\[\]]+")
_MAX_WORDS = 4


def output_quantities(text: str, line: int | None) -> tuple[OutputQuantity, ...]:
    """The quantities of one output's text (already freed of conversion marks)."""
    found: list[tuple[int, OutputQuantity]] = []
    for match in _NUMBER.finditer(text):
        if _identifies(text, match):
            continue
        value = Decimal(match["number"].replace(",", ""))
        found.append((match.start(), OutputQuantity(
            value=value, text=_counted(text, match.start(), match.end()), source_line=line)))
    for match in _WORD.finditer(text):
        word = match["word"].lower()
        if text[match.end():match.end() + 1] != " " or text[max(match.start() - 1, 0)] in "-–":
            continue
        following = _FOLLOWING.match(text, _skip_space(text, match.end()))
        noun = following.group(0).lower() if following else ""
        if not noun or noun in _STOP or noun in _WORDS or (word == "one" and noun == "another"):
            continue
        found.append((match.start(), OutputQuantity(
            value=Decimal(_WORDS[word]), text=_counted(text, match.start(), match.end()),
            source_line=line)))
    return tuple(quantity for _, quantity in sorted(found, key=lambda item: item[0]))


def _identifies(text: str, match: re.Match[str]) -> bool:
    start, end = match.start(), match.end()
    before = text[start - 1] if start else " "
    after = text[end] if end < len(text) else " "
    number = match["number"]
    if before.isalnum() or before in "/-–.:_" or after in "/:_" or after.isalpha():
        return True
    if after in "-–" and end + 1 < len(text) and text[end + 1].isalnum():
        return True
    if "," not in number and "." not in number and 1900 <= int(number) <= 2100:
        return True
    if before == "(" and after == ")":
        return True
    previous = text[:start].split()
    if previous and previous[-1].strip("(.,").lower() in _IDENTIFYING_WORDS:
        return True
    rest = text[end:].lstrip()
    return bool(re.match(r"\(\d{4}\)", rest)) or rest.lower().startswith(_MONTHS)


def _skip_space(text: str, index: int) -> int:
    while index < len(text) and text[index] == " ":
        index += 1
    return index


def _counted(text: str, start: int, end: int) -> str:
    """The number and what it counts: ``202,500 litres``, ``$46.0 million``."""
    scale = _SCALE.match(text[end:])
    if scale:
        end += scale.end()
    words = 0
    position = end
    while words < _MAX_WORDS:
        following = _FOLLOWING.match(text, _skip_space(text, position))
        if following is None or following.start() > _skip_space(text, position):
            break
        word = following.group(0)
        if word.lower() in _STOP or word.lower() in _WORDS or word[0].isdigit():
            break
        position = following.end()
        words += 1
        if word.endswith("."):
            break
    return text[start:position].rstrip(".")
