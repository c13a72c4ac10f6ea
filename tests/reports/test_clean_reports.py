"""The clean report (sent to the Advisory Committee) against the annotated one (a
reviewer's copy): in every format, the clean report carries no flagged figure, no
finding noted under a table and no annex of findings; the annotated one carries all
three. On the seed budget with the findings of ``rbb check`` and with a finding whose
wording is not any seed's."""

from __future__ import annotations

import io
import zipfile
from decimal import Decimal
from functools import cache

import pdfplumber
import pytest

from rbb.model import Finding, Severity
from rbb.reports import ReportFormat, build_report, render_report, report_filename
from tests.reports.fixtures import documents, findings

MADE_UP = "a slip nobody printed, wrapped in zebra words"


def _made_up() -> Finding:
    """Seed line 511 (International staff), its variance amount: a finding with a message
    of its own, so its absence is not a matter of the seed's wording."""
    budget = documents()["budget"]
    return Finding(severity=Severity.ERROR, code="money.variance-amount",
                   document=str(budget.key), table="financial_resources",
                   row="international_staff", column="variance_amount", source_line=511,
                   printed=Decimal("2651.2"), computed=Decimal("2651.3"), message=MADE_UP)


@cache
def _rendered(annotate: bool, fmt: ReportFormat) -> bytes:
    budget = documents()["budget"]
    others = [documents()["performance"]]
    report = build_report(budget, context_documents=others,
                          findings=[*findings(), _made_up()], annotate=annotate)
    return render_report(report, fmt)


def _text(annotate: bool, fmt: ReportFormat) -> str:
    """What a reader sees of the file (Word: every paragraph and cell; the shading is
    checked in the XML; PDF: the text pdfplumber extracts)."""
    data = _rendered(annotate, fmt)
    if fmt is ReportFormat.DOCX:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return archive.read("word/document.xml").decode("utf-8")
    if fmt is ReportFormat.PDF:
        with pdfplumber.open(io.BytesIO(data)) as pdf:
            return "\n".join(page.extract_text() or "" for page in pdf.pages)
    return data.decode("utf-8")


MARKS: dict[str, tuple[str, ...]] = {
    # what a finding leaves in each format: the annex, the table's note, the flagged cell
    "html": ("Findings of the checks", 'class="table-findings"', 'class="num flagged"'),
    "md": ("Findings of the checks", "> Check finding:"),
    "docx": ("Findings of the checks", "Check finding:", 'w:fill="FDE2CF"'),
    "pdf": ("Findings of the checks",),
}


@pytest.mark.parametrize("fmt", [ReportFormat.HTML, ReportFormat.MARKDOWN, ReportFormat.DOCX,
                                 ReportFormat.PDF], ids=lambda f: f.name)
def test_the_annotated_report_marks_what_the_checks_found(fmt: ReportFormat) -> None:
    text = _text(True, fmt)
    for mark in MARKS[fmt.name]:
        assert mark in text
    assert "zebra" in text  # the made-up finding, noted and listed


@pytest.mark.parametrize("fmt", [ReportFormat.HTML, ReportFormat.MARKDOWN, ReportFormat.DOCX,
                                 ReportFormat.PDF], ids=lambda f: f.name)
def test_the_clean_report_has_no_finding_mark_note_or_annex(fmt: ReportFormat) -> None:
    text = _text(False, fmt)
    for mark in (*MARKS[fmt.name], "Check finding", "num flagged", "annex-findings", "zebra",
                 "money.variance-amount"):
        assert mark not in text
    # the figures are all there: International staff, 2025/26 proposed (seed line 511)
    assert "International staff" in text


def test_the_clean_report_keeps_the_figures_the_finding_concerned() -> None:
    """Only the marks go: the flagged figure (the variance of International staff,
    2 651.2 printed) is printed in both, unflagged in the clean one."""
    budget = documents()["budget"]
    clean = build_report(budget, findings=[_made_up()], annotate=False)
    marked = build_report(budget, findings=[_made_up()])
    assert not clean.findings and marked.findings

    def row(report: object) -> list[tuple[str, bool]]:
        from rbb.reports.view import Table
        table = next(b for _, s in report.walk() for b in s.blocks  # type: ignore[attr-defined]
                     if isinstance(b, Table) and b.key == "financial_resources")
        line = next(r for r in table.rows if r.source_line == 511)
        return [(c.text, c.flagged) for c in line.cells]

    assert [text for text, _ in row(clean)] == [text for text, _ in row(marked)]
    assert not any(flag for _, flag in row(clean))
    assert any(flag for _, flag in row(marked))


def test_the_annotated_copy_has_a_file_name_of_its_own() -> None:
    budget = documents()["budget"]
    assert report_filename(budget, ReportFormat.DOCX) == "unmik-budget-2025-26.docx"
    assert report_filename(budget, ReportFormat.DOCX, annotated=True) == \
        "unmik-budget-2025-26-annotated.docx"
