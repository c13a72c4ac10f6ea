"""Fidelity and layout of the PDF: every number of every seed table is printed in the
row of its label, by word position (pdfplumber's words grouped into line bands,
``pdf_words``); column headings break only where English hyphenation allows; A4
pages, the document symbol in the running header, page numbers.

All PDF checks live in this module so that each report is rendered once per test
process.
"""

from __future__ import annotations

import io
import re

import pdfplumber
import pyphen
import pytest

from rbb.reports import ReportFormat
from rbb.reports.view import Table
from tests.reports.fixtures import rendered, report
from tests.reports.pdf_words import Band, Word, compare_pdf_words, pdf_bands
from tests.reports.seed_tables import (
    BUDGET_TABLES,
    PERFORMANCE_TABLES,
    SeedRow,
    budget_rows,
    performance_rows,
)

A4 = (595.3, 841.9)


@pytest.mark.parametrize("kind", ["budget", "performance"])
def test_pdf_prints_every_seed_number_in_the_band_of_its_label(kind: str) -> None:
    bands = pdf_bands(kind)
    tables = BUDGET_TABLES if kind == "budget" else PERFORMANCE_TABLES
    read = budget_rows if kind == "budget" else performance_rows
    problems: list[str] = []
    for spec in tables:
        rows = read(spec.name)
        assert rows, spec.name
        problems += [f"{spec.name}: {p}" for p in compare_pdf_words(rows, pdf_bands(kind),
                                                                    spec.anchors)]
    assert bands and not problems, "\n".join(problems)


def test_a_changed_figure_is_caught() -> None:
    """The comparison is not vacuous: a figure the PDF does not print is reported."""
    row = budget_rows("financial resources")[5]
    wrong = SeedRow(row.label, row.numbers, ("20 914.8", *row.printed[1:]), row.line)
    spec = next(s for s in BUDGET_TABLES if s.name == "financial resources")
    assert compare_pdf_words([wrong], pdf_bands("budget"), spec.anchors)


def test_a_figure_in_another_row_is_caught() -> None:
    """Figures printed, but on the line of another label, are not in their row: seed
    line 511 (International staff) given the figures of the next row, National staff."""
    rows = budget_rows("financial resources")
    staff = next(i for i, r in enumerate(rows) if r.label == "International staff")
    moved = SeedRow(rows[staff].label, rows[staff + 1].numbers, rows[staff + 1].printed,
                    rows[staff].line)
    spec = next(s for s in BUDGET_TABLES if s.name == "financial resources")
    assert compare_pdf_words([moved], pdf_bands("budget"), spec.anchors)


def _heading_words(kind: str) -> set[str]:
    """The words of every column heading of the report's tables (the view model)."""
    words: set[str] = set()
    for _, section in report(kind).walk():
        for block in section.blocks:
            if isinstance(block, Table):
                texts = [c.text for row in block.header for c in row] + list(block.columns)
                words.update(w.strip("()") for t in texts for w in t.split())
    return {w for w in words if len(w) >= 6 and w.isalpha()}


def _bare(text: str) -> str:
    return text.strip("(),.;:-")


def _spells(printed: str, word: str) -> bool:
    """``printed`` is ``word``, or ``word`` with a footnote letter glued ("Approveda")."""
    return printed == word or (printed[:-1] == word and printed[-1].islower())


def _continuations(bands: tuple[Band, ...], i: int, word: Word) -> list[str]:
    """Words on the next two lines of the page that overlap ``word``'s column."""
    return [w.text for band in bands[i + 1:i + 3] if band.page == bands[i].page
            for w in band.words if w.x0 < word.x1 + 2 and w.x1 > word.x0 - 2]


def heading_breaks(bands: tuple[Band, ...], headings: set[str]) -> list[str]:
    """The heading words that are printed neither whole nor hyphenated where English
    hyphenation (pyphen, as WeasyPrint does it for ``lang="en"``) allows."""
    printed = {_bare(w.text) for band in bands for w in band.words}
    hyphenation = pyphen.Pyphen(lang="en")
    broken: list[tuple[str, str]] = []
    for i, band in enumerate(bands):
        for word in band.words:
            head = _bare(word.text)
            if word.text.endswith("-") and head.isalpha():
                broken += [(head, _bare(rest)) for rest in _continuations(bands, i, word)]
    problems = []
    for heading in sorted(headings):
        if any(_spells(p, heading) for p in printed):
            continue
        splits = sorted({len(head) for head, rest in broken if _spells(head + rest, heading)})
        if not splits:
            problems.append(f"{heading!r} is neither printed whole nor hyphenated")
        elif any(at not in hyphenation.positions(heading) for at in splits):
            problems.append(f"{heading!r} is broken after characters {splits}, not at a "
                            f"syllable ({hyphenation.inserted(heading)})")
    return problems


@pytest.mark.parametrize("kind", ["budget", "performance"])
def test_column_headings_break_only_at_syllables(kind: str) -> None:
    """A heading word too wide for its narrow column is hyphenated at a syllable
    ("Na-tions", "Interna-tional"), never cut elsewhere ("Apportionm-ent")."""
    headings = _heading_words(kind)
    assert {"Apportionment", "Expenditure"} <= headings or kind == "performance"
    problems = heading_breaks(pdf_bands(kind), headings)
    assert not problems, "\n".join(problems)


def test_a_break_inside_a_syllable_or_without_a_hyphen_is_caught() -> None:
    def column(*texts: str) -> tuple[Band, ...]:
        return tuple(Band(1, 12.0 * i, 12.0 * i + 10, (Word(t, 50, 50 + 5 * len(t),
                                                             12.0 * i, 12.0 * i + 10),))
                     for i, t in enumerate(texts))

    assert heading_breaks(column("Apportionm-", "ent"), {"Apportionment"}) == [
        "'Apportionment' is broken after characters [10], not at a syllable "
        "(Ap-por-tion-ment)"]
    assert heading_breaks(column("Apportionm", "ent"), {"Apportionment"}) == [
        "'Apportionment' is neither printed whole nor hyphenated"]
    assert heading_breaks(column("Appor-", "tionment"), {"Apportionment"}) == []


@pytest.mark.parametrize(("kind", "header"), [("performance", "A/77/589"),
                                              ("budget", "UNMIK budget report 2025/26")])
def test_pages_are_a4_with_running_header_and_page_numbers(kind: str, header: str) -> None:
    with pdfplumber.open(io.BytesIO(rendered(kind, ReportFormat.PDF))) as pdf:
        pages = pdf.pages
        total = len(pages)
        assert total > 10
        for page in (pages[1], pages[total // 2], pages[-1]):
            assert (round(page.width, 1), round(page.height, 1)) == A4
            text = page.extract_text() or ""
            lines = text.splitlines()
            assert lines[0].strip() == header
            assert re.fullmatch(rf"{page.page_number}/{total}", lines[-1].strip())
        first = pages[0].extract_text() or ""
        assert header not in first.splitlines()[0] or kind == "performance"
