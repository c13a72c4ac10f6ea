"""A budget report in the PDF-text shape: the UNMIK 2025/26 budget with its
tab-separated cells turned into spaces, as a PDF extraction prints them. The
money tables read with their "Cost estimates" columns; what this importer does
not read (staffing tables) is reported, never fatal."""

from __future__ import annotations

from decimal import Decimal
from functools import cache
from importlib import resources

from rbb.importers import ImportResult, import_text
from rbb.model import DocumentKind, MoneyTable, Stage

D = Decimal


@cache
def budget_as_pdf_text() -> ImportResult:
    text = resources.files("rbb.data.seeds").joinpath("unmik-budget-2025-26.txt") \
        .read_text(encoding="utf-8")
    return import_text(text.replace("\t", "  "), name="budget.txt", shape="pdf_text")


def _table(key: str) -> MoneyTable:
    document = budget_as_pdf_text().document
    assert document is not None
    table = document.financial_table(key)
    assert table is not None
    return table


def test_budget_imports_without_errors() -> None:
    result = budget_as_pdf_text()
    assert result.document is not None
    assert result.document.kind is DocumentKind.BUDGET
    assert result.errors == ()
    assert all(d.code in ("unplaced-line", "table-not-read") and d.line
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
