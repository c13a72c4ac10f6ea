"""Prose: the numbered paragraphs and the Summary's paragraphs, kept as printed
so reports can reproduce them and checks can read the figures they quote.

The conversion sometimes breaks a paragraph across a blank line mid-sentence
(section I.B, paragraph 7: ``... the Mission-supported Barabar Centre for`` /
``Community Dialogue, which ...``): a paragraph whose last line ends without
closing punctuation continues on the next prose line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from rbb.model.tables import Paragraph

from ..reading import Reading
from ..source import Line
from .text import TERMINAL, is_footnote, is_unit_line, next_nonblank, prose_text

NUMBERED = re.compile(r"^(?P<number>\d{1,3})\.\s+(?P<text>\S.*)$")
LETTERED = re.compile(r"^\((?P<letter>[a-z]{1,2})\)\s+(?P<text>\S.*)$")
_SUBHEADING_MAX = 100


@dataclass
class _Draft:
    number: int | None
    letter: str | None
    text: str
    line: int


class ParagraphSink:
    """Collects the paragraphs of one section as their lines arrive."""

    def __init__(self, section: str) -> None:
        self.section = section
        self._drafts: list[_Draft] = []
        self._open: _Draft | None = None
        self._number: int | None = None

    def take(self, line: Line) -> bool:
        """Place a numbered or lettered paragraph line, or the continuation of an
        open one; False when the line is none of these."""
        text = prose_text(line.text)
        if match := NUMBERED.match(text):
            self._number = int(match["number"])
            self._begin(_Draft(self._number, None, match["text"], line.number))
        elif (match := LETTERED.match(text)) and self._number is not None:
            self._begin(_Draft(self._number, match["letter"], match["text"], line.number))
        elif self._open is not None and self.continues():
            self._open.text = f"{self._open.text} {text}"
        else:
            return False
        return True

    def __len__(self) -> int:
        return len(self._drafts)

    def unnumbered(self, line: Line) -> None:
        self._begin(_Draft(None, None, prose_text(line.text), line.number))

    def continues(self) -> bool:
        return self._open is not None and not self._open.text.endswith(TERMINAL)

    def close(self) -> None:
        self._open = None

    def _begin(self, draft: _Draft) -> None:
        self._drafts.append(draft)
        self._open = draft

    def paragraphs(self) -> list[Paragraph]:
        return [Paragraph(section=self.section, number=d.number, letter=d.letter, text=d.text,
                          source_line=d.line) for d in self._drafts]


def is_subheading(lines: list[Line], index: int) -> bool:
    """A short title line such as ``Mission support initiatives`` or ``Evaluation
    activities``: no closing punctuation, followed by more text."""
    text = prose_text(lines[index].text)
    if not text or len(text) > _SUBHEADING_MAX or text.endswith(TERMINAL):
        return False
    if not text[0].isupper() or NUMBERED.match(text) or "\t" in lines[index].text:
        return False
    return next_nonblank(lines, index + 1) is not None


def read_paragraphs(lines: list[Line], section: str, reading: Reading, *, strict: bool,
                    expected: str = "a numbered paragraph") -> list[Paragraph]:
    """The paragraphs of a run of prose lines.

    In a prose section an unnumbered line is a paragraph of its own (the
    Summary's are unnumbered); in a table section (``strict``) it is a line
    nothing could place, reported as a warning.
    """
    sink = ParagraphSink(section)
    for index, line in enumerate(lines):
        if line.blank:
            continue
        if is_footnote(line) or is_unit_line(prose_text(line.text)):
            sink.close()
        elif sink.take(line):
            continue
        elif is_subheading(lines, index):
            sink.close()
        elif strict:
            reading.unplaced(line, section, expected)
        else:
            sink.unnumbered(line)
    return sink.paragraphs()
