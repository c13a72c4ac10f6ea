"""Section III, analysis of variances: each class whose variance is at least
5 per cent or $100,000, the variance quoted beside it and the numbered
paragraphs that explain it (docs/domain.md, "Money tables").

The conversion prints a block as a ``Variance`` header row and a row
``International staff | \\$2,651.2 | 12.5%`` (negative: ``(\\$479.1) | (5.0%)``),
or splits it differently: ``Quick-impact projects | Variance`` above
`` | \\$200.0 | 100.0%``. The figures' line is the one the facts cite.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from rbb.model.classes import line_for_label
from rbb.model.tables import Paragraph, VarianceExplanation, VarianceParagraph

from ..cells import CellError, amount_and_percentage, letters
from ..reading import Parts, Reading
from ..source import Line
from .outline import Region
from .paragraphs import ParagraphSink, is_subheading
from .text import has_tab, is_footnote, split_cells


@dataclass
class _Block:
    code: str
    label: str
    amount: Decimal | None
    percentage: Decimal | None
    line: int
    first_paragraph: int


def read_variances(region: Region, reading: Reading, parts: Parts) -> None:
    lines = list(region.lines)
    sink = ParagraphSink(region.label)
    blocks: list[_Block] = []
    pending: str | None = None
    header: Line | None = None
    for index, line in enumerate(lines):
        if line.blank:
            continue
        if has_tab(line):
            sink.close()
            cells = split_cells(line)
            values = [cell for cell in cells[1:] if cell]
            if any(letters(value) == "variance" for value in values) or (cells[0] and not values):
                _figures_missing(header, reading, region.label)
                pending, header = cells[0] or None, line
                continue
            label = cells[0] or pending
            pending, header = None, None
            if label is None:
                reading.error("unplaced-number", "a variance without its class of expenditure: "
                              "expected the class in this row or the row above", line,
                              region.label)
                continue
            block = _block(label, values, line, len(sink), reading, region.label)
            if block is not None:
                blocks.append(block)
        elif is_footnote(line):
            sink.close()
        else:
            _figures_missing(header, reading, region.label)
            header = None
            if sink.take(line):
                continue
            if is_subheading(lines, index):
                sink.close()
            else:
                reading.unplaced(line, region.label, "a class with its variance or a numbered "
                                 "explanation paragraph")
    paragraphs = sink.paragraphs()
    parts.rows(lambda d: d.paragraphs).extend(paragraphs)
    parts.rows(lambda d: d.variance_explanations).extend(_explanations(blocks, paragraphs))


def _figures_missing(header: Line | None, reading: Reading, section: str) -> None:
    if header is not None:
        reading.warning("unplaced-line", "a Variance header without the class and figures "
                        "it heads: expected 'Class | amount | percentage' below it", header,
                        section)


def _block(label: str, values: list[str], line: Line, first: int, reading: Reading,
           section: str) -> _Block | None:
    found = line_for_label(label)
    if found is None:
        reading.error("unknown-class", f"unknown class {label!r}: expected one of the standard "
                      "classes of expenditure", line, section)
        return None
    if len(values) != 2:
        code = "missing-column" if len(values) < 2 else "extra-cell"
        reading.error(code, f"{len(values)} values beside {label}: expected the variance amount "
                      "and its percentage", line, section)
        return None
    try:
        amount, share = amount_and_percentage(values[0], values[1])
    except CellError as error:
        reading.error("bad-number", f"variance of {label}: {error}", line, section)
        return None
    return _Block(found.code, label, amount, share, line.number, first)


def _explanations(blocks: list[_Block], paragraphs: list[Paragraph]) -> list[VarianceExplanation]:
    out: list[VarianceExplanation] = []
    for index, block in enumerate(blocks):
        end = blocks[index + 1].first_paragraph if index + 1 < len(blocks) else len(paragraphs)
        own = paragraphs[block.first_paragraph:end]
        out.append(VarianceExplanation(
            line=block.code, label=block.label, amount=block.amount, percentage=block.percentage,
            source_line=block.line,
            paragraphs=tuple(VarianceParagraph(
                number=p.number if p.letter is None else None,
                text=p.text if p.letter is None else f"({p.letter}) {p.text}",
                source_line=p.source_line) for p in own)))
    return out
