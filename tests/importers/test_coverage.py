"""Coverage: the sections and tables read, the report's own contents list, and what an
excerpt lacks; read from the structure of the reports (contents entries, headings),
in both text shapes, on text written for these tests (not the seeds)."""

from __future__ import annotations

import time
from pathlib import Path

from rbb.importers import import_text
from rbb.importers.coverage import read_contents, tables_of
from rbb.importers.source import Line, SourceText
from rbb.model import DocumentKind

EXCERPT = Path(__file__).parents[1] / "data" / "partial" / "untomn-budget-excerpt.txt"
MISSING = ["I.C", "II", "II.A", "II.B", "II.C", "III", "IV"]


def _lines(text: str) -> list[Line]:
    return SourceText(name="t.txt", text=text, shape="pdf_text").lines


def test_contents_entries_in_either_shape_with_their_pages() -> None:
    tabbed = "Contents\n\tPage\nI.\tMandate and planned results\t4\nA.\tOverall\t4\n" \
             "II.\tFinancial resources\t12\nA.\tOverall\t12\nSummary\n"
    leaders = "Contents\n                 Page\nI.  Mandate and planned results . . . . . 4\n" \
              "A.  Overall . . . . . . . . 4\nII.  Financial resources . . . 12\n" \
              "A.  Overall . . . . 12\nSummary\n"
    for text in (tabbed, leaders):
        entries = read_contents(_lines(text))
        assert [(e.label, e.title, e.page) for e in entries] == [
            ("I", "Mandate and planned results", "4"), ("I.A", "Overall", "4"),
            ("II", "Financial resources", "12"), ("II.A", "Overall", "12")]
        assert entries[3].parent_title == "Financial resources"
        assert entries[0].line.number == 3


def test_no_contents_list_no_entries_and_numerals_must_rise() -> None:
    assert read_contents(_lines("Summary\nI. Mandate\n")) == []
    text = "Contents\nII.  Financial resources  12\nI.  Civilian staff  3\nSummary\n"
    assert [e.label for e in read_contents(_lines(text))] == ["II"]


def test_a_long_line_is_not_read_as_contents_and_costs_little() -> None:
    text = "Contents\n" + "II. " + ". " * 200_000 + "\nSummary\n"
    started = time.perf_counter()
    assert read_contents(_lines(text)) == []
    assert read_contents(_lines(" " * 2_000_000 + "x\nContents\n")) == []
    assert time.perf_counter() - started < 5  # bounded: a line is read to 600 characters


def test_the_tables_a_section_holds_are_read_from_its_title() -> None:
    assert tables_of("Overall", "Financial resources", DocumentKind.BUDGET) == (
        "financial_tables",)
    assert tables_of("Overall", "Mandate and planned results", DocumentKind.BUDGET) == ()
    assert tables_of("Results-based budgeting frameworks", "Mandate", DocumentKind.BUDGET) == (
        "components", "staffing_tables", "civilian_cost_estimates")
    assert tables_of("Results-based budgeting frameworks", "Mandate performance",
                     DocumentKind.PERFORMANCE) == ("components",)
    assert tables_of("Official travel, non-training", "Financial resources",
                     DocumentKind.BUDGET) == ("official_travel",)


def test_an_excerpt_is_incomplete_not_an_error_in_either_shape() -> None:
    tabbed = EXCERPT.read_text(encoding="utf-8")
    pdf_text = tabbed.replace("\t", "   ")  # the same report as PDF text gives it
    for text, shape in ((tabbed, "tabbed"), (pdf_text, "pdf_text")):
        result = import_text(text, name="excerpt.txt")
        assert result.document is not None and result.document.source is not None
        assert result.document.source.shape == shape
        assert not result.errors, result.errors
        assert result.incomplete and not result.ok() and result.ok(partial=True)
        coverage = result.document.coverage
        assert coverage is not None and not coverage.complete
        assert [e.label for e in coverage.missing_sections] == MISSING
        assert [(s.label, s.line) for s in coverage.sections] == [
            ("Summary", 24), ("I", 30), ("I.A", 32), ("I.B", 36)]  # the headings' lines
        assert {"financial_tables", "components", "general_assembly_actions",
                "variance_explanations", "vacancy_factors"} <= set(coverage.missing_tables)
        assert "II.A 'Overall'" in coverage.listing()


def test_a_report_whose_text_holds_every_entry_is_complete() -> None:
    """The excerpt's contents cut to the sections it has: nothing is missing, and a
    budget without its financial section is then an error again (a damaged report)."""
    text = EXCERPT.read_text(encoding="utf-8")
    start, end = text.index("C.\tResults-based"), text.index("\n\nSummary")
    result = import_text(text[:start] + text[end + 1:], name="cut.txt", shape="tabbed")
    assert result.document is not None and result.document.coverage is not None
    assert result.document.coverage.complete and not result.incomplete
    messages = [e.message for e in result.errors if e.code == "missing-section"]
    assert [m.split(":")[0] for m in messages] == [
        "no financial resources table", "no results-based budgeting framework",
        "no section 'Actions to be taken by the General Assembly'"]
