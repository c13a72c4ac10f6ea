"""The text of a report of the Advisory Committee as its numbered paragraphs.

The Committee writes in numbered paragraphs ("20. The Advisory Committee ..."), some
with lettered sub-paragraphs ("(c) ..."), under roman-numbered headings
("III. Proposed budget ..."), with the footnotes of each page at its foot. The public
copies print them one paragraph a line (word-processor text), wrapped one line of the
page a line (PDF text), or all on one line (a web page's text): the same reading
serves all three because a paragraph is told by its number, not by its line.

A number starting a line may skip numbers (an excerpt quotes paragraphs 20, 22 and
26); a number inside a line is a paragraph only when it is the next one, so that
"in paragraph 3. The" is not taken for a paragraph of its own. Every word keeps its
offset in the text, hence its line.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field

from ..identity.renderings import is_furniture

_PARAGRAPH = re.compile(
    r"(?:(?<=\n)|^|(?<=[.:;)”’\]] )|(?<=[a-z] ))[ \t]*(\d{1,3})\.[ \t]+(?=[A-Z\[“\"‘(])")
_LETTERED = re.compile(r"(?:(?<=\n)|(?<=[:;.] ))[ \t]*\(([a-z])\)[ \t]+(?=\S)")
_HEADING = re.compile(r"(?:(?<=\n)|^|(?<=[.)] )|(?<=[a-z] ))[ \t]*([IVX]{1,4})\.[ \t]+(?=[A-Z])")
_SUBHEADING = re.compile(r"^[ \t]*([A-H])\.[ \t]+[A-Z][^\n.]{0,80}$", re.M)
_FOOTNOTE = re.compile(
    r"^[ \t]*(\d{1,2})[ \t]+((?:A/\S|See\b|General Assembly resolution|Official Records)[^\n]*)$",
    re.M)
_COMMENT = re.compile(r"^#[^\n]*$", re.M)
_LINE = re.compile(r"^[^\n]+$", re.M)
_WORD = re.compile(r"\S+")
_ROMAN = {"I": 1, "V": 5, "X": 10}
MAX_GAP = 30
HEADING_CHARS = 300
"""How long a heading (with a lettered subheading under it) may be before its first
paragraph."""
"""How many paragraphs a line-starting number may skip (an excerpt's gaps)."""


@dataclass(frozen=True, slots=True)
class Prose:
    """The text with its line starts: any offset's line, in logarithmic time."""

    text: str
    line_starts: tuple[int, ...]

    @classmethod
    def of(cls, text: str) -> Prose:
        starts = [0] + [found.end() for found in re.finditer("\n", text)]
        return cls(text, tuple(starts))

    def line_of(self, offset: int) -> int:
        return bisect_right(self.line_starts, offset)


@dataclass(frozen=True, slots=True)
class Passage:
    """A stretch of the text as one line of single-spaced words, each word keeping
    where it stands in the text."""

    text: str
    offsets: tuple[int, ...]
    """The text offset of each word."""
    starts: tuple[int, ...]
    """Where each word starts in ``text``."""

    @classmethod
    def of(cls, text: str, start: int, end: int) -> Passage:
        """The words from ``start`` to ``end``; a word a PDF broke at a line's end is
        joined again ("Secretary-" and "General", "Stabiliza-" and "tion")."""
        words: list[tuple[str, int]] = []
        for found in _WORD.finditer(text, start, end):
            word = found.group()
            if words and _broken(words[-1][0]) and "\n" in text[
                    words[-1][1]:found.start()]:
                last, at = words.pop()
                word = (last[:-1] if word[0].islower() else last) + word
                words.append((word, at))
            else:
                words.append((word, found.start()))
        starts: list[int] = []
        at = 0
        for word, _ in words:
            starts.append(at)
            at += len(word) + 1
        return cls(" ".join(w for w, _ in words), tuple(o for _, o in words), tuple(starts))

    def offset(self, position: int) -> int:
        """The text offset of a position in ``text``."""
        if not self.offsets:
            return 0
        index = max(bisect_right(self.starts, position) - 1, 0)
        return self.offsets[index] + (position - self.starts[index])


def _broken(word: str) -> bool:
    return len(word) > 1 and word[-1] == "-" and word[-2].isalpha()


@dataclass(frozen=True, slots=True)
class Paragraph:
    number: int
    letter: str | None
    section: str
    passage: Passage
    offset: int
    """Where its number (or letter) is printed."""

    @property
    def label(self) -> str:
        """As the reports cite it: ``26``, ``20 (c)``."""
        return f"{self.number} ({self.letter})" if self.letter else str(self.number)


@dataclass
class Layout:
    """The report cut into its head (masthead, title, summary figures), its
    paragraphs and its footnotes."""

    prose: Prose
    head: Passage
    paragraphs: list[Paragraph] = field(default_factory=list)
    footnotes: dict[int, list[tuple[str, int]]] = field(default_factory=dict)
    """Each footnote number with its texts and their offsets (page by page, a number
    may be printed again)."""


@dataclass(frozen=True, slots=True)
class _Mark:
    offset: int
    end: int
    kind: str
    """``paragraph``, ``letter``, ``heading`` or ``subheading``."""
    value: str


def lay_out(text: str) -> Layout:
    """The paragraphs of a report of the Advisory Committee, in printed order."""
    footnotes: dict[int, list[tuple[str, int]]] = {}
    for found in _FOOTNOTE.finditer(text):
        footnotes.setdefault(int(found.group(1)), []).append((found.group(2), found.start(2)))
    masked = _blank(_blank(_blank(text, _FOOTNOTE), _COMMENT), _LINE, furniture_only=True)
    marks = _marks(masked)
    prose = Prose.of(text)
    first = next((m.offset for m in marks if m.kind in ("paragraph", "heading")), len(text))
    layout = Layout(prose, Passage.of(masked, 0, first), footnotes=footnotes)
    chapter, section, number, letter = "", "", 0, None
    for index, mark in enumerate(marks):
        end = marks[index + 1].offset if index + 1 < len(marks) else len(masked)
        if mark.kind == "heading":
            chapter = section = mark.value
            continue
        if mark.kind == "subheading":
            section = f"{chapter}.{mark.value}" if chapter else mark.value
            continue
        if mark.kind == "paragraph":
            number, letter = int(mark.value), None
        else:
            letter = mark.value
        passage = Passage.of(masked, mark.end, end)
        layout.paragraphs.append(Paragraph(number, letter, section, passage, mark.offset))
    return layout


def _blank(text: str, pattern: re.Pattern[str], *, furniture_only: bool = False) -> str:
    """The text with what ``pattern`` matches turned to spaces (with
    ``furniture_only``, the lines that are a page's furniture: page numbers, job
    numbers, the symbol as a page header): offsets and lines kept."""
    return pattern.sub(lambda m: m.group() if furniture_only and not (
        m.group().strip() and is_furniture(m.group())) else " " * len(m.group()), text)


def _marks(text: str) -> list[_Mark]:
    """Paragraph numbers, lettered sub-paragraphs and headings, accepted in printed
    order only when they continue the numbering (see the module's docstring)."""
    found = sorted(
        [_Mark(m.start(1), m.end(), "paragraph", m.group(1)) for m in _PARAGRAPH.finditer(text)]
        + [_Mark(m.start(1) - 1, m.end(), "letter", m.group(1))
           for m in _LETTERED.finditer(text)]
        + [_Mark(m.start(1), m.end(), "heading", m.group(1)) for m in _HEADING.finditer(text)]
        + [_Mark(m.start(1), m.end(1) + 1, "subheading", m.group(1))
           for m in _SUBHEADING.finditer(text)],
        key=lambda mark: mark.offset)
    accepted: list[_Mark] = []
    number, letter, roman = 0, "", 0
    for index, mark in enumerate(found):
        starts_line = _starts_line(text, mark.offset)
        if mark.kind == "paragraph":
            value = int(mark.value)
            if value == number + 1 or (starts_line and number < value <= number + MAX_GAP):
                number, letter = value, ""
                accepted.append(mark)
        elif mark.kind == "letter":
            if number and (mark.value == _next_letter(letter)
                           or (starts_line and mark.value > letter)):
                letter = mark.value
                accepted.append(mark)
        elif mark.kind == "heading":
            value = _roman(mark.value)
            if value == roman + 1 and _paragraph_follows(found, index, number + 1):
                roman = value
                accepted.append(mark)
        elif starts_line:
            accepted.append(mark)
    return accepted


def _paragraph_follows(found: list[_Mark], index: int, number: int) -> bool:
    """Whether paragraph ``number`` begins soon after the heading at ``index``: a
    heading's title is short, and "in section II. The Committee ..." is no heading."""
    heading = found[index]
    for mark in found[index + 1:]:
        if mark.offset - heading.end > HEADING_CHARS:
            return False
        if mark.kind == "paragraph" and int(mark.value) == number:
            return True
    return False


def _starts_line(text: str, offset: int) -> bool:
    before = offset - 1
    while before >= 0 and text[before] in " \t":
        before -= 1
    return before < 0 or text[before] == "\n"


def _next_letter(letter: str) -> str:
    return chr(ord(letter) + 1) if letter else "a"


def _roman(numeral: str) -> int:
    values = [_ROMAN[c] for c in numeral]
    return sum(-v if i + 1 < len(values) and v < values[i + 1] else v
               for i, v in enumerate(values))


_SENTENCE_END = re.compile(r"(?<=[.?!])(?P<mark>\d{1,2}(?=\s))?\s+(?=[A-Z“\"‘(\[])")


@dataclass(frozen=True, slots=True)
class Sentence:
    text: str
    start: int
    """Where it starts in its passage's text."""


def sentences(passage: Passage) -> list[Sentence]:
    """The sentences of a paragraph; a footnote mark after the full stop stays with
    the sentence it ends ("... (UNSMV).1 During ...")."""
    found: list[Sentence] = []
    start = 0
    for end in _SENTENCE_END.finditer(passage.text):
        found.append(Sentence(passage.text[start:end.start() + len(end["mark"] or "")], start))
        start = end.end()
    if start < len(passage.text):
        found.append(Sentence(passage.text[start:], start))
    return found
