"""The words of a PDF with their positions (pdfplumber ``extract_words``), grouped into
line bands, and the search for a seed row among them: a row is found where its
figures are printed in the same band as words of its label, to the label's right.

A band is the words of one page whose vertical extents overlap (one printed line
across the whole page width), so a figure counts only on the line of its label,
never on a line that a text extraction happened to join or split differently.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass
from functools import cache
from itertools import pairwise

import pdfplumber

from rbb.reports import ReportFormat
from tests.reports.fixtures import rendered
from tests.reports.seed_tables import SeedRow, compact, labels_match, normal_label, plain_line

WRAP = 4
"""How many lines a label may wrap onto, above or below the line of its figures."""


@dataclass(frozen=True)
class Word:
    text: str
    x0: float
    x1: float
    top: float
    bottom: float


@dataclass(frozen=True)
class Band:
    page: int
    top: float
    bottom: float
    words: tuple[Word, ...]
    """Left to right."""

    @property
    def text(self) -> str:
        return " ".join(w.text for w in self.words)


def _overlap(word: Word, top: float, bottom: float) -> bool:
    shared = min(word.bottom, bottom) - max(word.top, top)
    return shared >= 0.5 * min(word.bottom - word.top, bottom - top)


def bands_of(data: bytes) -> tuple[Band, ...]:
    """Every line band of every page, top to bottom."""
    out: list[Band] = []
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        for page in pdf.pages:
            words = sorted((Word(w["text"], w["x0"], w["x1"], w["top"], w["bottom"])
                            for w in page.extract_words()), key=lambda w: (w.top, w.x0))
            lines: list[list[Word]] = []
            for word in words:
                line = lines[-1] if lines else None
                if line and _overlap(word, min(w.top for w in line),
                                     max(w.bottom for w in line)):
                    line.append(word)
                else:
                    lines.append([word])
            out += [Band(page.page_number, min(w.top for w in line),
                         max(w.bottom for w in line), tuple(sorted(line, key=lambda w: w.x0)))
                    for line in lines]
    return tuple(out)


@cache
def pdf_bands(kind: str) -> tuple[Band, ...]:
    return bands_of(rendered(kind, ReportFormat.PDF))


def figures_in(band: Band, want: str) -> tuple[int, int] | None:
    """The words ``[start, end)`` of the band whose texts, joined, spell the figures
    ``want`` (compacted): a thousands separator is a gap between two words."""
    tokens = [compact(w.text) for w in band.words]
    for start in range(len(tokens)):
        run = ""
        for end in range(start, len(tokens)):
            run += tokens[end]
            if run == want:
                return start, end + 1
            if len(run) >= len(want) or not want.startswith(run):
                break
    return None


COLUMN_GAP = 12.0
"""Points between two words of different cells (words of one cell are a space apart)."""


def _label_cell_end(band: Band, left_of: float) -> float:
    """Where the first cell of the band ends: a row can print text in two cells
    (category and initiative) before its figures."""
    words = [w for w in band.words if w.x1 <= left_of]
    for before, after in pairwise(words):
        if after.x0 - before.x1 > COLUMN_GAP:
            return before.x1
    return left_of


def _words_left_of(band: Band, x: float) -> str:
    return " ".join(w.text for w in band.words if w.x1 <= x)


def _label_only(band: Band, left_of: float) -> bool:
    return bool(band.words) and all(w.x1 <= left_of for w in band.words)


def label_around(bands: tuple[Band, ...], i: int, left_of: float) -> tuple[str, str]:
    """(the words of the label cell on band ``i``, those words with the lines the
    label wraps onto above and below: bands of the same page with no word right of
    ``left_of``, where the figures start)."""
    end = _label_cell_end(bands[i], left_of)
    here = _words_left_of(bands[i], end)
    above: list[str] = []
    j = i - 1
    while j >= 0 and i - j <= WRAP and bands[j].page == bands[i].page \
            and _label_only(bands[j], left_of):
        above.insert(0, _words_left_of(bands[j], end))
        j -= 1
    below: list[str] = []
    j = i + 1
    while j < len(bands) and j - i <= WRAP and bands[j].page == bands[i].page \
            and _label_only(bands[j], left_of):
        below.append(_words_left_of(bands[j], end))
        j += 1
    return here, " ".join(part for part in (*above, here, *below) if part)


def is_labelled(seed_label: str, here: str, around: str) -> bool:
    """The band carries words of the seed's label, and the whole label is printed
    around it (wrapped in its narrow column), or matches as ``labels_match`` allows."""
    label, words = normal_label(seed_label), normal_label(here)
    if not words:
        return not label
    if labels_match(seed_label, here) or labels_match(here, seed_label):
        return True
    return words in label and (label in normal_label(around)
                               or labels_match(seed_label, around))


def after_anchor_bands(bands: tuple[Band, ...], anchors: tuple[str, ...]) -> int:
    position = 0
    for anchor in anchors:
        position = next((i for i in range(position, len(bands))
                         if re.search(anchor, plain_line(bands[i].text))), -1)
        assert position >= 0, f"anchor {anchor!r} not found"
        position += 1
    return position


def compare_pdf_words(seed: list[SeedRow], bands: tuple[Band, ...],
                      anchors: tuple[str, ...], window: int = 40) -> list[str]:
    """Each seed row, in order, is a band (within ``window`` bands of the row before)
    whose words spell the row's figures to the right of words of its label. Returns
    the rows not found."""
    problems: list[str] = []
    position = after_anchor_bands(bands, anchors)
    for expected in seed:
        want = compact("".join(expected.printed))
        found = None
        for i in range(position, min(len(bands), position + window)):
            span = figures_in(bands[i], want)
            if span is None:
                continue
            here, around = label_around(bands, i, bands[i].words[span[0]].x0)
            if is_labelled(expected.label, here, around):
                found = i
                break
        if found is None:
            problems.append(f"seed line {expected.line} {expected.label!r} "
                            f"{expected.printed}: not in the band of its label after "
                            f"PDF band {position}")
            continue
        position = found + 1
    return problems
