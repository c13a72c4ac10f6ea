"""Imported prose, handed out to the sections of the report that print it.

Paragraphs are stored with the section they were printed under (``Summary``,
``I.B``, ``III``). Each section builder takes its own; whatever no builder took
is still printed, at the end of the section whose key is the longest prefix of
its own (or in a closing section), so no imported text is ever dropped.
Within a section, blocks with a source line are printed in the order of the
published report.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence

from rbb.model.tables import Paragraph as StoredParagraph

from .view import Block, Paragraph


def as_block(paragraph: StoredParagraph) -> Paragraph:
    return Paragraph(paragraph.text, number=paragraph.number, letter=paragraph.letter,
                     source_line=paragraph.source_line)


class ProsePool:
    """The document's paragraphs by section key, each taken at most once."""

    def __init__(self, paragraphs: Sequence[StoredParagraph]) -> None:
        self._by_section: dict[str, list[Paragraph]] = defaultdict(list)
        for paragraph in paragraphs:
            self._by_section[_normal(paragraph.section)].append(as_block(paragraph))

    def take(self, *keys: str) -> list[Paragraph]:
        """The paragraphs printed under any of these section keys, in order: one without
        a source line (written in a proposal) after the paragraph before it in the
        document, as ``in_print_order`` places blocks."""
        out: list[Paragraph] = []
        for key in keys:
            out.extend(self._by_section.pop(_normal(key), []))
        keyed: list[tuple[int, int, Paragraph]] = []
        last = 0
        for position, paragraph in enumerate(out):
            if paragraph.source_line is not None:
                last = paragraph.source_line
            keyed.append((last, position, paragraph))
        return [paragraph for _, _, paragraph in sorted(keyed, key=lambda k: (k[0], k[1]))]

    def take_numbers(self, key: str, numbers: Iterable[int]) -> list[Paragraph]:
        """The paragraphs of a section with the given paragraph numbers."""
        wanted = set(numbers)
        keep: list[Paragraph] = []
        taken: list[Paragraph] = []
        for paragraph in self._by_section.get(_normal(key), []):
            (taken if paragraph.number in wanted else keep).append(paragraph)
        if taken:
            self._by_section[_normal(key)] = keep
        return taken

    def leftovers(self) -> dict[str, list[Paragraph]]:
        """Everything no section took, by section key."""
        rest = {key: items for key, items in self._by_section.items() if items}
        self._by_section.clear()
        return rest


def _normal(key: str) -> str:
    return " ".join(key.replace(" ", "").split()).upper() if key else ""


def in_print_order(blocks: Sequence[Block]) -> list[Block]:
    """Blocks in the order the published report printed them.

    Blocks without a source line (regenerated ones) keep their place after the
    block before them; the rest follow their source lines. A section built from a
    document without line numbers keeps the canonical order of the builders.
    """
    keyed: list[tuple[int, int, Block]] = []
    last = 0
    for position, block in enumerate(blocks):
        line = block.source_line
        if line is not None:
            last = line
        keyed.append((last if line is None else line, position, block))
    return [block for _, _, block in sorted(keyed, key=lambda item: (item[0], item[1]))]
