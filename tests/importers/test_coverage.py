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


def test_a_contents_list_on_one_line_is_read_from_its_dotted_leaders() -> None:
    # Word text collapsed onto one line, and a flattened page whose entries are <p>s.
    one_line = ("Sixty-ninth session Contents Page I. Introduction .......... 4 II. Mandate "
                "performance ....... 4 A. Overall ....... 4 B. Budget implementation ..... 5 "
                "III. Resource performance ......... 31 A. Financial resources ...... 31 "
                "IV. Analysis of variances ...... 35 Summary The present report contains ...")
    html = ("<p>Contents</p><p>Page</p><p>I. Mandate and planned results...... 4</p>"
            "<p>II. Resource requirements...... 32</p><p>III. Analysis of variances...... 36</p>")
    assert [(e.label, e.title, e.page) for e in read_contents(_lines(one_line))] == [
        ("I", "Introduction", "4"), ("II", "Mandate performance", "4"), ("II.A", "Overall", "4"),
        ("II.B", "Budget implementation", "5"), ("III", "Resource performance", "31"),
        ("III.A", "Financial resources", "31"), ("IV", "Analysis of variances", "35")]
    assert [(e.label, e.title) for e in read_contents(_lines(html))] == [
        ("I", "Mandate and planned results"), ("II", "Resource requirements"),
        ("III", "Analysis of variances")]
    # the list ends where prose follows; a title with no leader and page is no entry
    assert read_contents(_lines("Contents Page Introduction 3 Mandate performance 4")) == []


def test_a_long_one_line_text_is_searched_for_contents_within_bounds() -> None:
    text = "Contents Page " + "I. Introduction . . 4 " + "word " * 2_000_000
    entries = read_contents(_lines(text))
    assert [e.label for e in entries] == ["I"]
    assert read_contents(_lines("II. x .. 3 " * 200_000)) == []


def test_an_opening_without_a_contents_list_lacks_the_table_of_its_later_section() -> None:
    """A copy that holds only the Summary (no contents list read, no numbered section):
    the table by class is the excerpt's absence, not an error; the Summary's own
    table is still read."""
    text = ("Budget performance for the period from 1 July 2030 to 30 June 2031 of the "
            "United Nations Mission for the Test of Coverage (UNMTC)\nSummary\n"
            "Performance of financial resources\n(Thousands of United States dollars)\n"
            "Category  Apportionment  Expenditure  Amount  Percentage\n"
            # 100.0 - 90.0 = 10.0, 10.0 per cent of 100.0
            "Military and police personnel  100.0  90.0  10.0  10.0\n")
    result = import_text(text, name="opening.txt", shape="pdf_text")
    assert not result.errors, result.errors
    assert result.incomplete and result.ok(partial=True) and not result.ok()
    assert result.document is not None and result.document.coverage is not None
    assert result.document.coverage.missing_tables == ("financial_tables",)
    summary = result.document.financial_table("financial_resources_summary")
    assert summary is not None and len(summary.rows) == 1


def test_contents_headed_with_its_columns_two_entries_a_line_and_paragraph_ranges() -> None:
    text = ("Contents Paragraphs Page\n\nI. Mandate and planned results ...... 1–52 4 "
            "A. Overall ...... 1–3 4\n\nII. Planning assumptions and financial resources "
            "...... 53–83 24\n\nSummary\n")
    assert [(e.label, e.title, e.page, e.line.number) for e in read_contents(_lines(text))] == [
        ("I", "Mandate and planned results", "4", 3), ("I.A", "Overall", "4", 3),
        ("II", "Planning assumptions and financial resources", "24", 5)]
