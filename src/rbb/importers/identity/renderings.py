"""The head of a report as one clean line, whatever copy it comes from.

The public copies print the same words in different renderings: PDF text (one line
of the page a line, with page headers and footers, barcodes, job numbers, contents
entries whose page numbers stand apart), word-processor text converted to one long
line, Word table cells joined by " / ", HTML tables flattened with "|". Identity is
read from the first page or so, so only a bounded head is looked at: the work is the
same for a 5 MB text as for a 50 kB one, and every pattern here is linear.
"""

from __future__ import annotations

import re
from collections import Counter

HEAD_CHARS = 60_000
"""How much of a text identity is read from: the masthead, the title block and the
summary are on the first pages (the contents of a long report included)."""

_FURNITURE_LINE_CHARS = 80
"""Page headers and footers are short; a longer line is text."""

SYMBOL = r"A/(?:C\.5/)?\d{2,3}/\d{1,4}(?:/Add\.\d{1,3})?(?:/Rev\.\d{1,2})?(?:/Corr\.\d{1,2})?"
"""A General Assembly document symbol: A/58/123, A/C.5/49/40, A/62/781/Add.12."""

_SYMBOL_LINE = re.compile(rf"(?:United Nations\s+)?({SYMBOL})")
_PAGE_NUMBER = re.compile(r"(?:[Pp]age\s+)?-?\s*\d{1,3}\s*-?(?:\s*(?:/|of)\s*\d{1,4})?")
"""A page number alone ("12", "Page 4", "- 5 -", "12/44"); never four digits: a year
that a title wraps onto a line of its own is text."""
_BARCODE = re.compile(r"\*\d{6,10}\*")
_JOB = r"\d{2}-\d{5}(?:\s*\([A-Z]\))?"
"""The job number of the UN's document services: 08-23456 (E), with its dates."""
_JOB_LINE = re.compile(rf"(?:\d{{1,4}}\s*/\s*\d{{1,4}}\s+)?{_JOB}(?:\s+\d{{6}}){{0,2}}"
                       rf"(?:\s+\d{{1,4}}\s*/\s*\d{{1,4}})?")
_INLINE_FURNITURE = re.compile(
    rf"(?<!\S)(?:{SYMBOL} )?(?:\d{{1,4}}/\d{{1,4}} )?"
    rf"(?:{_JOB}(?: \d{{6}}){{0,2}}(?: \d{{1,4}}/\d{{1,4}})?(?: \*\d{{6,10}}\*)?"
    rf"|\*\d{{6,10}}\*)(?: {SYMBOL})?(?!\S)"
    r"|Please recycle|<[^<>\n]{0,40}>")
"""Furniture still recognisable once lines are joined: a page break's job number
(with its dates and page count) and barcode, with the symbol the page header prints
next to them; markup left by conversions (``<i>Page</i>``). The masthead's symbol,
which no job number or barcode adjoins, stays; a symbol left alone inside a name is
skipped when the name is read (``names.read_name``)."""
_DOT_LEADER = re.compile(r"\.(?: ?\.){2,}|…+")
_CELLS = re.compile(r"\s/\s|\||\t")
_INVISIBLE = str.maketrans({"\xad": None, "\u200b": None, "\ufeff": None, "\xa0": " "})


def head_of(text: str) -> str:
    return text[:HEAD_CHARS]


def lines_of(head: str) -> list[str]:
    """The head's lines, form feeds and carriage returns counted as line ends."""
    return head.translate(_INVISIBLE).splitlines()


def is_furniture(line: str) -> bool:
    """A line that is the page's furniture, not the report's text: a page number, a
    barcode, a job number, a symbol standing alone (the page header)."""
    stripped = line.strip()
    if not stripped:
        return True
    if len(stripped) > _FURNITURE_LINE_CHARS:
        return False
    return any(p.fullmatch(stripped) for p in (_PAGE_NUMBER, _BARCODE, _JOB_LINE, _SYMBOL_LINE))


def lone_symbols(lines: list[str]) -> list[str]:
    """The symbols standing alone on a line, as the header of every page prints them."""
    found = []
    for line in lines:
        stripped = line.strip()
        if len(stripped) <= _FURNITURE_LINE_CHARS and (m := _SYMBOL_LINE.fullmatch(stripped)):
            found.append(m.group(1))
    return found


def flatten(head: str) -> str:
    """The head as one line of single spaces: furniture lines and lines repeated as page
    headers dropped, cell separators and dot leaders made spaces."""
    lines = lines_of(head)
    repeated = Counter(s for line in lines
                       if len(s := line.strip()) <= 40 and not _has_words(s))
    kept = [line.strip() for line in lines
            if not is_furniture(line) and repeated[line.strip()] < 3]
    joined = " ".join(" ".join(_unbroken(kept)).split())
    joined = _CELLS.sub(" ", joined)
    joined = _DOT_LEADER.sub(" ", joined)
    joined = " ".join(joined.split())
    joined = _INLINE_FURNITURE.sub(" ", joined)
    return " ".join(joined.split())


def _unbroken(lines: list[str]) -> list[str]:
    """Lines with the words a PDF broke at their ends joined again: "Stabiliza-" and
    "tion" make "Stabilization"; "Secretary-" and "General" make "Secretary-General"."""
    out: list[str] = []
    for line in lines:
        if out and len(out[-1]) > 1 and out[-1][-1] == "-" and out[-1][-2].isalpha() and line:
            out[-1] = (out[-1][:-1] if line[0].islower() else out[-1]) + line
        else:
            out.append(line)
    return out


def _has_words(line: str) -> bool:
    """Whether a short line reads as text ("Mission in Kosovo", "Total"), not as the
    figures or codes a page header or footer repeats ("UNMIK", "2 A/77/589")."""
    return any(ch.islower() for ch in line) and not any(ch.isdigit() for ch in line)
