"""A budget report in the PDF-text shape: the UNMIK 2025/26 budget as a PDF
extraction prints it, cells as runs of spaces and a running head and foot on
every page. The money tables read with their "Cost estimates" columns, the
staffing tables by office and grade band with the estimated civilian personnel
cost under each; what this importer does not read yet is reported, never fatal."""

from __future__ import annotations

import re
from decimal import Decimal
from functools import cache
from importlib import resources

from rbb.importers import ImportResult, import_text
from rbb.model import DocumentKind, MoneyTable, Stage
from rbb.model.facts import document_facts
from rbb.model.staffing import RowType, StaffingColumn, StaffingKind, StaffingTable

D = Decimal
_PAGE_LINES = 45
_STAFFING_LINE = re.compile(
    r"\s*((Approved|Proposed)( posts)? \d{4}/\d{2}|Net change|Human resources)")


def _seed() -> str:
    return resources.files("rbb.data.seeds").joinpath("unmik-budget-2025-26.txt") \
        .read_text(encoding="utf-8")


def as_pdf_text(text: str) -> str:
    """Tabs become runs of spaces; a page head (``A/79/742``) and foot
    (``25-01234  3/30``) every 45 lines, as the extraction prints them."""
    lines: list[str] = []
    for index, line in enumerate(text.split("\n")):
        if index and index % _PAGE_LINES == 0:
            page = index // _PAGE_LINES
            lines += ["", f"25-01234  {page}/30", "", "A/79/742", ""]
        lines.append(re.sub(r"\t", "   ", line))
    return "\n".join(lines)


@cache
def budget_as_pdf_text() -> ImportResult:
    return import_text(as_pdf_text(_seed()), name="budget.txt", shape="pdf_text")


@cache
def budget_as_tabbed() -> ImportResult:
    return import_text(_seed(), name="budget.txt")


def _table(key: str) -> MoneyTable:
    document = budget_as_pdf_text().document
    assert document is not None
    table = document.financial_table(key)
    assert table is not None
    return table


def _staffing(key: str) -> StaffingTable:
    document = budget_as_pdf_text().document
    assert document is not None
    return next(table for table in document.staffing_tables if table.key == key)


def _line(number: int | None) -> str:
    assert number is not None
    return as_pdf_text(_seed()).split("\n")[number - 1]


def test_budget_imports_without_errors() -> None:
    result = budget_as_pdf_text()
    assert result.document is not None
    assert result.document.kind is DocumentKind.BUDGET
    assert result.errors == ()
    assert all(d.code in ("unplaced-line", "table-not-read", "section-not-read") and d.line
               for d in result.diagnostics)


def test_budget_columns_have_the_stages_and_periods_of_the_header() -> None:
    # "Category  Expenditure (2023/24)  Apportionment (2024/25)  Cost estimates (2025/26) ..."
    table = _table("financial_resources")
    assert [(c.stage, str(c.period)) for c in table.amount_columns()] == [
        (Stage.EXPENDITURE, "2023/24"), (Stage.APPORTIONMENT, "2024/25"),
        (Stage.COST_ESTIMATES, "2025/26")]


def test_budget_figures() -> None:
    summary = {r.line: r.values for r in _table("financial_resources_summary").rows}
    # "Operational costs  7 011.5  8 618.1  8 498.4  (119.7)  (1.4)"
    assert summary["operational_costs"] == {
        "expenditure_2023_24": D("7011.5"), "apportionment_2024_25": D("8618.1"),
        "cost_estimates_2025_26": D("8498.4"), "variance_amount": D("-119.7"),
        "variance_percentage": D("-1.4")}
    detailed = {r.line: r.values for r in _table("financial_resources").rows}
    # "International staff  20 914.9  21 139.4  23 790.6  2 651.2  12.5"
    assert detailed["international_staff"]["cost_estimates_2025_26"] == D("23790.6")
    assert "national_professional_officers" in detailed


def test_staffing_tables_are_the_summary_and_one_per_component() -> None:
    document = budget_as_pdf_text().document
    assert document is not None
    assert [(t.key, t.component) for t in document.staffing_tables] == [
        ("human_resources", None), ("table_1", "executive_direction_and_management"),
        ("table_2", "substantive"), ("table_3", "support")]


def test_band_header_gives_the_thirteen_columns() -> None:
    # "International staff  National staff  UNV  Total" over
    # "USG– ASG  D-2– D-1  P-5– P-4  P-3– P-2  FS  Subtotal  NPO  NGS  Subtotal ..."
    assert _staffing("table_1").columns == (
        StaffingColumn.USG_ASG, StaffingColumn.D2_D1, StaffingColumn.P5_P4,
        StaffingColumn.P3_P2, StaffingColumn.FS, StaffingColumn.INTERNATIONAL_SUBTOTAL,
        StaffingColumn.NPO, StaffingColumn.NGS, StaffingColumn.NATIONAL_SUBTOTAL,
        StaffingColumn.UNV_INTERNATIONAL, StaffingColumn.UNV_NATIONAL,
        StaffingColumn.UNV_SUBTOTAL, StaffingColumn.TOTAL)


def test_office_rows() -> None:
    # "Office of the Chief of Staff"
    # "Approved posts 2024/25  –  1  1  2  1  5  3  4  7  2  –  2  14"
    rows = [r for r in _staffing("table_1").rows if r.office == "Office of the Chief of Staff"]
    approved = next(r for r in rows if r.kind is StaffingKind.APPROVED)
    assert str(approved.period) == "2024/25"
    assert [approved.counts[c] for c in _staffing("table_1").columns] == [
        0, 1, 1, 2, 1, 5, 3, 4, 7, 2, 0, 2, 14]
    assert [r.kind for r in rows] == [StaffingKind.APPROVED, StaffingKind.PROPOSED,
                                      StaffingKind.NET_CHANGE]


def test_parent_offices_subtotals_and_totals() -> None:
    # "Mission Support Division" / "Office of the Chief of Mission Support" / rows ...
    # "Subtotal, Mission Support Division" ... "Total, component 2, support"
    rows = {r.office: r for r in _staffing("table_3").rows if r.kind is StaffingKind.APPROVED}
    assert rows["Office of the Chief of Mission Support"].parent_office == \
        "Mission Support Division"
    assert rows["Subtotal, Mission Support Division"].row_type is RowType.SUBTOTAL
    assert rows["Subtotal, Mission Support Division"].counts[StaffingColumn.TOTAL] == 119
    assert rows["Security Section"].parent_office is None
    assert rows["Total, component 2, support"].counts[StaffingColumn.TOTAL] == 180


def test_summary_human_resources_by_category() -> None:
    # "Military observers  United Nations police  International staff ... Total"
    # "Total" / "Approved 2024/25  8  10  113  33  186  24  374"
    table = _staffing("human_resources")
    assert table.columns[0] is StaffingColumn.MILITARY_OBSERVERS
    total = next(r for r in table.rows if r.office == "Total"
                 and r.kind is StaffingKind.APPROVED)
    assert total.counts[StaffingColumn.TOTAL] == 374
    assert total.counts[StaffingColumn.NGS] == 186


def test_estimated_civilian_personnel_cost_per_component() -> None:
    # "Approved 2024/25  $5,137.2" under table 1; "Proposed 2025/26  $14,702.3" under table 3
    document = budget_as_pdf_text().document
    assert document is not None
    costs = {(c.component, c.kind): c.amount for c in document.civilian_cost_estimates}
    assert costs[("executive_direction_and_management", "approved")] == D("5137.2")
    assert costs[("support", "proposed")] == D("14702.3")
    assert len(document.civilian_cost_estimates) == 6


def test_staffing_reads_as_the_tabbed_shape_does() -> None:
    """Same tables, offices, parents, row types and counts as the word-processor
    conversion of the same report (only the line numbers differ)."""
    def rows(result: ImportResult) -> dict[str, list[tuple[object, ...]]]:
        assert result.document is not None
        return {t.key: [(r.office, r.parent_office, r.row_type, r.kind, r.period, r.counts)
                        for r in t.rows] for t in result.document.staffing_tables}
    assert rows(budget_as_pdf_text()) == rows(budget_as_tabbed())


def test_every_staffing_figure_is_on_its_source_line() -> None:
    document = budget_as_pdf_text().document
    assert document is not None
    for table in document.staffing_tables:
        for row in table.rows:
            line = _line(row.source_line)
            assert row.kind is not StaffingKind.APPROVED or line.lstrip().startswith("Approved")
            for count in row.counts.values():
                assert count is not None
                assert str(count) in line or (count == 0 and re.search("[–—-]", line))
    for cost in document.civilian_cost_estimates:
        assert f"{cost.amount:,}" in _line(cost.source_line)
    facts = [f for f in document_facts(document) if f.section == "human_resources"]
    assert facts
    for fact in facts:
        line = _line(fact.source_line)
        assert fact.value is not None
        printed = f"{fact.value:,}" if fact.unit == "thousands_usd" else str(int(fact.value))
        assert printed in line or (fact.value == 0 and re.search("[–—-]", line))


def test_no_staffing_line_is_left_unplaced() -> None:
    """Before, every office row and the Summary's table were unplaced lines (45)."""
    text = as_pdf_text(_seed()).split("\n")
    for diagnostic in budget_as_pdf_text().diagnostics:
        assert diagnostic.line is not None
        printed = text[diagnostic.line - 1]
        assert not _STAFFING_LINE.match(printed), printed
    assert len(budget_as_pdf_text().diagnostics) < 20


def test_budget_sections_not_read_yet_are_reported_not_dropped() -> None:
    """Vacancy factors, travel, training, efficiency, QIPs and the frameworks' EAs of a
    PDF-text budget are not read yet: each says so at its heading (a warning)."""
    result = budget_as_pdf_text()
    not_read = [d for d in result.diagnostics if d.code == "section-not-read"]
    named = " ".join(d.message for d in not_read)
    # Efficiency gains, training and QIPs already report their lines one by one.
    for what in ("vacancy factors", "official travel", "frameworks"):
        assert what in named, named
    assert all(d.line is not None and d.text for d in not_read)
    assert not result.ok(strict=True)
