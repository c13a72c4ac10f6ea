"""Fidelity and layout of the PDF: every number of every seed table is in the PDF
text (read with pdfplumber) in its row; A4 pages, the document symbol in the
running header, page numbers.

All PDF checks live in this module so that each report is rendered once per test
process.
"""

from __future__ import annotations

import io
import re

import pdfplumber
import pytest

from rbb.reports import ReportFormat
from tests.reports.fixtures import compare_pdf, pdf_lines, rendered
from tests.reports.seed_tables import (
    BUDGET_TABLES,
    PERFORMANCE_TABLES,
    SeedRow,
    budget_rows,
    performance_rows,
)

A4 = (595.3, 841.9)


@pytest.mark.parametrize("kind", ["budget", "performance"])
def test_pdf_text_prints_every_seed_number_in_its_row(kind: str) -> None:
    lines = pdf_lines(kind)
    tables = BUDGET_TABLES if kind == "budget" else PERFORMANCE_TABLES
    read = budget_rows if kind == "budget" else performance_rows
    problems: list[str] = []
    for spec in tables:
        rows = read(spec.name)
        assert rows, spec.name
        problems += [f"{spec.name}: {p}" for p in compare_pdf(rows, lines, spec.anchors)]
    assert not problems, "\n".join(problems)


def test_a_changed_figure_is_caught() -> None:
    """The comparison is not vacuous: a figure the PDF does not print is reported."""
    row = budget_rows("financial resources")[5]
    wrong = SeedRow(row.label, row.numbers, ("20 914.8", *row.printed[1:]), row.line)
    spec = next(s for s in BUDGET_TABLES if s.name == "financial resources")
    assert compare_pdf([wrong], pdf_lines("budget"), spec.anchors)


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
