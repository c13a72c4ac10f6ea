"""Identity does not depend on the rendering a public copy comes in: one long line,
Word table cells joined by " / ", HTML table cells flattened with "|", PDF page
furniture (page numbers, barcodes, job numbers, the symbol repeated as page header)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from rbb.importers.detect import DocumentMeta, detect

from .texts import HEADS, OTHER_KINDS, Head, masthead

pytestmark = pytest.mark.usefixtures("printed_only")
"""The code and name printed, whatever the register of missions holds."""


def identity(meta: DocumentMeta) -> tuple[object, ...]:
    return (meta.kind, meta.mission.code, meta.mission.name, meta.period.stated, meta.symbol,
            meta.date, meta.session, meta.agenda_item, meta.title)


def _joined(text: str, separators: list[str]) -> str:
    """The text's line ends replaced, one by one, by the separators drawn."""
    lines = text.split("\n")
    out = [lines[0]]
    for i, line in enumerate(lines[1:]):
        out += [separators[i % len(separators)], line]
    return "".join(out)


heads = st.sampled_from(HEADS + OTHER_KINDS)


@given(heads, st.lists(st.sampled_from([" ", "  ", "\t", "\n", " \n ", "\r\n"]), min_size=1))
def test_collapsed_whitespace(head: Head, spaces: list[str]) -> None:
    expected = identity(detect(head.text, file="lines.txt"))
    assert identity(detect(" ".join(head.text.split()), file="one-line.txt")) == expected
    assert identity(detect(_joined(head.text, spaces), file="spaced.txt")) == expected


@given(heads, st.lists(st.sampled_from([" / ", "\n", " / \n"]), min_size=1))
def test_word_table_cells_joined_by_slashes(head: Head, separators: list[str]) -> None:
    expected = identity(detect(head.text, file="lines.txt"))
    assert identity(detect(_joined(head.text, separators), file="cells.txt")) == expected


@given(heads, st.lists(st.sampled_from(["|", " | ", "\n", "|\n|"]), min_size=1))
def test_html_table_cells_flattened_with_bars(head: Head, separators: list[str]) -> None:
    expected = identity(detect(head.text, file="lines.txt"))
    assert identity(detect(_joined(head.text, separators), file="bars.txt")) == expected


def _furniture(head: Head) -> st.SearchStrategy[str]:
    return st.sampled_from([
        "3", "  17  ", "Page 4", "- 5 -", "12/44", "*0923456*", "09-23456 (E)    050209",
        "09-23456 (E)  050209  100209", "09-23456 12/44", head.symbol, f"   {head.symbol}   ",
        "\x0c", ""])


@st.composite
def furnished(draw: st.DrawFn) -> tuple[Head, str]:
    """A head with furniture lines put between any of its lines, as PDF text prints the
    headers and footers of its pages."""
    head = draw(heads)
    lines = head.text.split("\n")
    inserts = draw(st.lists(st.tuples(st.integers(0, len(lines)), _furniture(head)),
                            max_size=12))
    for at, line in sorted(inserts, reverse=True):
        lines.insert(at, line)
    return head, "\n".join(lines)


@given(furnished())
def test_page_furniture(case: tuple[Head, str]) -> None:
    head, text = case
    assert identity(detect(text, file="furnished.txt")) == identity(
        detect(head.text, file="lines.txt"))


@given(heads, st.lists(st.tuples(st.integers(0, 200), st.sampled_from(
    ["*0923456*", "09-23456 (E) 050209", "09-23456 (E)", "<br/>", "</i>",
     "09-23456 (E) 050209 *0923456* {symbol}", "{symbol} 09-23456 3/28", "*0923456* {symbol}",
     "4/28 09-23456"])), max_size=6))
def test_furniture_left_inline_when_lines_are_joined(
        head: Head, inserts: list[tuple[int, str]]) -> None:
    """A page break inside the title of a one-line copy: the footer's job number, dates
    and barcode, the next page's header (the symbol). Never before the first page's own
    masthead, where a page break cannot be."""
    words = head.text.split()
    first_page = len(masthead(head.symbol, head.date, head.session, head.agenda_item).split())
    for at, furniture in sorted(inserts, reverse=True):
        words.insert(min(first_page + at, len(words)), furniture.format(symbol=head.symbol))
    assert identity(detect(" ".join(words), file="inline.txt")) == identity(
        detect(head.text, file="lines.txt"))


def test_the_renderings_read_the_name_the_text_prints() -> None:
    head = HEADS[0]
    meta = detect(" | ".join(head.text.split("\n")), file="bars.txt")
    assert (meta.mission.code, meta.mission.name) == (head.code, head.name)
