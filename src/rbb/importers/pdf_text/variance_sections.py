"""Section IV, "Analysis of variances": per class, the variance quoted beside
its label (``Military observers  $77.6 21.7%``, ``United Nations Volunteers
($63.5) (7.1%)``) under a ``Variance`` header, then the numbered paragraphs
that explain it. The page footnote on the threshold ("Resource variance
amounts are expressed in thousands ...") is page furniture, dropped by
``layout``.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from rbb.model.tables import VarianceExplanation, VarianceParagraph

from ..cells import CellError, amount_and_percentage, trailing_cells
from ..reading import Parts, Reading
from ..source import Line
from .financial_sections import STANDARD, known_line
from .outline import Section
from .paragraphs import Block, paragraphs, split_blocks

_HEADER = re.compile(r"^\s*Variance\s*$")


def _quoted(line: Line) -> tuple[str, list[str]] | None:
    """A label followed by an amount and a percentage."""
    label, cells = trailing_cells(line.text, 2, units=True)
    if len(cells) != 2 or not label or not ("%" in cells[1] or "$" in cells[0]):
        return None
    return " ".join(label.split()), cells


def read_variances(section: Section, reading: Reading, parts: Parts) -> None:
    lines = section.body
    index = 0
    while index < len(lines):
        line = lines[index]
        if _HEADER.match(line.text):
            index += 1
            if index < len(lines) and _quoted(lines[index]) is None:
                reading.error("variance-line", "analysis of variances: expected a class of "
                              "expenditure and its variance, such as 'Medical $29.0 41.9%'",
                              lines[index], section.code)
                index += 1
            continue
        quoted = _quoted(line)
        end = _next_class(lines, index + 1)
        if quoted is None:
            _prose(lines[index:end], section, reading, parts)
            index = end
            continue
        label, cells = quoted
        blocks = split_blocks(lines[index + 1:end], reading)
        parts.rows(lambda d: d.paragraphs).extend(paragraphs(blocks, section.code))
        explanation = _explanation(line, label, cells, blocks, section.code, reading)
        if explanation is not None:
            parts.rows(lambda d: d.variance_explanations).append(explanation)
        index = end


def _next_class(lines: Sequence[Line], index: int) -> int:
    while index < len(lines) and not (_HEADER.match(lines[index].text)
                                      or _quoted(lines[index])):
        index += 1
    return index


def _prose(lines: Sequence[Line], section: Section, reading: Reading, parts: Parts) -> None:
    """Paragraphs before the first class; a stray line is not placed."""
    blocks = split_blocks(lines, reading)
    for block in blocks:
        if block.number is None:
            for stray in block.lines:
                reading.unplaced(stray, section.code, "a class of expenditure with its "
                                 "variance, or a numbered paragraph")
    numbered = [block for block in blocks if block.number is not None]
    parts.rows(lambda d: d.paragraphs).extend(paragraphs(numbered, section.code))


def _explanation(line: Line, label: str, cells: list[str], blocks: Sequence[Block],
                 section: str, reading: Reading) -> VarianceExplanation | None:
    found = known_line(label)
    if found is None:
        reading.error("unknown-class", f"analysis of variances: unknown class '{label}': "
                      f"{STANDARD}", line, section)
        return None
    try:
        amount, percentage = amount_and_percentage(cells[0], cells[1])
    except CellError as error:
        reading.error("bad-number", f"analysis of variances, {label}: {error}", line, section)
        return None
    explained: list[VarianceParagraph] = []
    for block in blocks:
        text = block.joined().text
        if block.letter is not None and explained:
            last = explained[-1]
            merged = f"{last.text}\n({block.letter}) {text}"
            explained[-1] = last.model_copy(update={"text": merged})
            continue
        explained.append(VarianceParagraph(number=block.number, text=text,
                                           source_line=block.line.number))
    if not explained:
        reading.warning("variance-unexplained", f"analysis of variances: no paragraph explains the "
                        f"variance of {label}", line, section)
    return VarianceExplanation(line=found.code, label=label, amount=amount,
                               percentage=percentage, paragraphs=tuple(explained),
                               source_line=line.number)
