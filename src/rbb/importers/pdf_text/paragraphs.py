"""Prose: the Summary's paragraphs and the numbered paragraphs, kept as printed
so reports can reproduce them and checks can read the figures they quote
("UNMIK incurred $40.6 million", "a resource utilization rate of 98.3 per cent").

Numbered paragraphs run through the whole report (1. to 66.), so a line
``N. Text`` starts a paragraph only when N follows the last number read; a
year opening a wrapped line (``2022. Socioeconomic ...``) does not. A line
that opens with a space and a capital after a finished sentence starts an
unnumbered paragraph (the Summary's); ``(a) ...`` after a colon or semicolon
starts a lettered subparagraph (the space may be lost in extraction: a sentence
that ends on a short line ends its paragraph too). A short line without closing punctuation
before a paragraph is a subheading (``COVID-19 pandemic``).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from rbb.model.tables import Paragraph

from ..reading import Reading
from ..source import Line
from .layout import SENTENCE_END, Joined, join

NUMBERED = re.compile(r"^\s*(?P<number>\d{1,3})\.\s+(?P<text>[A-Z(“\"$\d].*)$")
LETTERED = re.compile(r"^\s*\((?P<letter>[a-z]{1,2})\)\s+(?P<text>\S.*)$")
_SUBHEADING_MAX = 70
_NUMBER_GAP = 5
_SHORT_LINE = 0.75
"""A sentence ending on a line this much shorter than the widest ends its
paragraph (PDF extraction keeps no indent to mark the next one)."""


@dataclass
class Block:
    """The lines of one paragraph, and the marks it was printed with."""

    number: int | None
    letter: str | None
    lines: list[Line] = field(default_factory=list)
    first: str | None = None
    """The first line's text after the ``N.`` or ``(a)`` mark."""

    def joined(self) -> Joined:
        return join(self.lines, first=self.first)

    @property
    def line(self) -> Line:
        return self.lines[0]


def numbered_start(line: Line, reading: Reading) -> re.Match[str] | None:
    """``N. Text`` where N follows the last paragraph number (a few may be lost)."""
    match = NUMBERED.match(line.text)
    if match is None:
        return None
    number = int(match["number"])
    last = reading.last_paragraph
    return match if last < number <= last + _NUMBER_GAP else None


def split_blocks(lines: Sequence[Line], reading: Reading) -> list[Block]:
    """The paragraphs of a run of prose lines, subheadings left out."""
    blocks: list[Block] = []
    current: Block | None = None
    parent: int | None = None
    widest = max((len(line.stripped) for line in lines), default=0)
    for index, line in enumerate(lines):
        previous = lines[index - 1].stripped if index else ""
        ended = not previous or previous.endswith(SENTENCE_END) or current is None
        numbered = numbered_start(line, reading)
        if numbered:
            parent = reading.last_paragraph = int(numbered["number"])
            current = Block(parent, None, [line], numbered["text"])
            blocks.append(current)
            continue
        lettered = LETTERED.match(line.text)
        if lettered and previous.endswith((":", ";", ".")) and current is not None:
            current = Block(parent, lettered["letter"], [line], lettered["text"])
            blocks.append(current)
            continue
        if ended and _is_subheading(lines, index):
            current = None
            continue
        opens = line.text[:1].isspace() or len(previous) < widest * _SHORT_LINE
        if current is None or (parent is None and ended and opens
                               and line.stripped[:1].isupper()):
            current = Block(None, None, [line])
            blocks.append(current)
            continue
        current.lines.append(line)
    return blocks


def _is_subheading(lines: Sequence[Line], index: int) -> bool:
    text = lines[index].stripped
    if len(text) > _SUBHEADING_MAX or text.endswith((*SENTENCE_END, ",")):
        return False
    if not text[:1].isupper():
        return False
    following = lines[index + 1] if index + 1 < len(lines) else None
    return following is None or NUMBERED.match(following.text) is not None or (
        following.text[:1].isspace() and following.stripped[:1].isupper())


def paragraphs(blocks: Sequence[Block], section: str) -> list[Paragraph]:
    return [Paragraph(section=section, number=block.number, letter=block.letter,
                      text=block.joined().text, source_line=block.line.number)
            for block in blocks]


def read_prose(lines: Sequence[Line], section: str, reading: Reading) -> list[Paragraph]:
    """Paragraphs of a run of prose lines, numbering carried in the reading."""
    return paragraphs(split_blocks(lines, reading), section)
