"""Another mission's budget in the same template: other offices, classes, section
letters and row counts. Nothing of the parser may be keyed to UNMIK."""

from __future__ import annotations

from decimal import Decimal

import pytest

from rbb.importers import ImportResult, import_text
from rbb.model import Document, Period, PersonnelCategory, VacancyKind
from rbb.model.staffing import RowType, StaffingColumn

D = Decimal
T = "\t"
DASH = "–"
BANDS = (f"{T}International staff{T * 6}National staff{T * 3}UNV{T * 3}Total\n"
         f"{T}USG- ASG{T}D-2- D-1{T}P-5- P-4{T}P-3- P-2{T}FS{T}Subtotal{T}NPO{T}NGS{T}Subtotal"
         f"{T}Inter- national{T}National{T}Subtotal{T}")
FIGURES = f"{T}(1){T}(2){T}(3){T}(4)=(3)-(2){T}(5)=(4)÷(2)"
HEADER = (f"Category{T}Expenditure (2024/25){T}Apportionment (2025/26){T}Cost estimates "
          f"(2026/27){T}Variance{T}\n{T}{T}{T}{T}Amount{T}Percentage")


def _row(label: str, *cells: str) -> str:
    return T.join((label, *cells))


REPORT = "\n".join([
    "Budget for the United Nations Peacekeeping Force in Cyprus for the period from 1 July "
    "2026 to 30 June 2027", "", "Contents", "",
    f"I. Mandate and planned results{T}4", f"A. Overall{T}4",
    f"B. Results-based budgeting frameworks{T}5", f"II. Financial resources{T}10",
    f"A. Overall{T}10", f"B. Vacancy factors{T}11", f"C. Training{T}12",
    f"D. Quick-impact projects{T}12", f"III. Analysis of variances{T}13",
    f"IV. Actions to be taken by the General Assembly{T}14", "",
    "Summary", "",
    "The present report contains the budget for the United Nations Peacekeeping Force in "
    "Cyprus (UNFICYP) for the period from 1 July 2026 to 30 June 2027, which amounts to "
    "\\$57,050,000.", "",
    "Financial resources", "", "(Thousands of United States dollars)", "", HEADER,
    _row("Military and police personnel", "20 000.0", "21 000.0", "22 050.0", "1 050.0", "5.0"),
    _row("Civilian personnel", "14 000.0", "15 000.0", "15 000.0", DASH, DASH),
    _row("Operational costs", "19 000.0", "20 000.0", "20 000.0", DASH, DASH),
    _row("Gross requirements", "53 000.0", "56 000.0", "57 050.0", "1 050.0", "1.9"),
    _row("Staff assessment income", "2 000.0", "2 000.0", "2 000.0", DASH, DASH),
    _row("Net requirements", "51 000.0", "54 000.0", "55 050.0", "1 050.0", "1.9"),
    _row("Voluntary contributions in kind (budgeted)", "500.0", "500.0", "500.0", DASH, DASH),
    _row("Total requirements", "53 500.0", "56 500.0", "57 550.0", "1 050.0", "1.9"), "",
    "Human resources", "",
    f"{T}<i>Military contingents</i>{T}<i>International staff</i>{T}<i>National staff</i>"
    f"{T}<i>Total</i>",
    _row("Executive direction and management", "", "", "", ""),
    _row("Approved 2025/26", DASH, "10", "5", "15"),
    _row("Proposed 2026/27", DASH, "10", "6", "16"),
    _row("Military", "", "", "", ""),
    _row("Approved 2025/26", "800", "2", "1", "803"),
    _row("Proposed 2026/27", "800", "2", "1", "803"),
    _row("Total", "", "", "", ""),
    _row("Approved 2025/26", "800", "12", "6", "818"),
    _row("Proposed 2026/27", "800", "12", "7", "819"),
    _row("Net change", DASH, DASH, "1", "1"), "",
    "I. Mandate and planned results", "", "A. Overall", "",
    "1. The mandate of the Force was established by the Security Council in its resolution "
    "186 (1964).", "",
    "B. Results-based budgeting frameworks", "",
    "Executive direction and management", "",
    "2. Overall direction is provided by the Office of the Special Representative.", "",
    "Table 1", "Human resources: executive direction and management", "", BANDS,
    _row("Office of the Special Representative", *[""] * 13),
    _row("Approved posts 2025/26", "1", "1", "2", "3", "3", "10", "1", "4", "5", DASH, DASH,
         DASH, "15"),
    _row("Proposed posts 2026/27", "1", "1", "2", "3", "3", "10", "1", "5", "6", DASH, DASH,
         DASH, "16"),
    _row("Net change", *[DASH] * 7, "1", "1", DASH, DASH, DASH, "1"), "",
    f"{T}<i>Estimated amount (civilian personnel) (Thousands of United States dollars)</i>",
    f"Approved 2025/26{T}\\$2,500.0", f"Proposed 2026/27{T}\\$2,610.5", "",
    "Component 1: military", "",
    f"Expected accomplishment{T}Indicators of achievement",
    "1.1 Maintenance of the ceasefire in the buffer zone", "",
    "1.1.1 Fewer violations of the military status quo (2024/25: 1,020; 2025/26: ≤ 900; "
    "2026/27: ≤ 850)", "",
    "1.1.2 Patrols completed as planned (2024/25: 97 per cent; 2025/26: 100 per cent; "
    "2026/27: 100 per cent)", "",
    "Outputs", "",
    "- 12,000 mobile patrol person-days in the buffer zone",
    "- Liaison with the opposing forces through 48 meetings held in 2026", "",
    "External factors", "", "Both sides will cooperate with the Force.", "",
    "Table 2", "Human resources: component 1, military", "",
    f"Category{T}Total", f"<i>I. Military contingents</i>{T}",
    f"Approved 2025/26{T}800", f"Proposed 2026/27{T}800", f"Net change{T}{DASH}", "", BANDS,
    _row("III. Civilian staff", *[""] * 13),
    _row("Office of the Force Commander", *[""] * 13),
    _row("Approved posts 2025/26", DASH, "1", "1", DASH, DASH, "2", DASH, "1", "1", DASH, DASH,
         DASH, "3"),
    _row("Proposed posts 2026/27", DASH, "1", "1", DASH, DASH, "2", DASH, "1", "1", DASH, DASH,
         DASH, "3"),
    _row("Net change", *[DASH] * 13), "",
    "Total (I–III)", "",
    _row("Approved posts 2025/26", DASH, "1", "1", DASH, DASH, "2", DASH, "1", "1", DASH, DASH,
         DASH, "803"),
    _row("Proposed posts 2026/27", DASH, "1", "1", DASH, DASH, "2", DASH, "1", "1", DASH, DASH,
         DASH, "803"),
    _row("Net change", *[DASH] * 13), "",
    "II. Financial resources", "", "A. Overall", "",
    "(Thousands of United States dollars; budget year is 1 July to 30 June)", "", HEADER, FIGURES,
    _row("Military and police personnel", "", "", "", "", ""),
    _row("Military observers", DASH, DASH, DASH, DASH, DASH),
    _row("Military contingents", "19 000.0", "20 000.0", "21 000.0", "1 000.0", "5.0"),
    _row("United Nations police", "1 000.0", "1 000.0", "1 050.0", "50.0", "5.0"),
    _row("Formed police units", DASH, DASH, DASH, DASH, DASH),
    _row("Subtotal", "20 000.0", "21 000.0", "22 050.0", "1 050.0", "5.0"),
    _row("Civilian personnel", "", "", "", "", ""),
    _row("International staff", "10 000.0", "11 000.0", "11 000.0", DASH, DASH),
    _row("National staff", "4 000.0", "4 000.0", "4 000.0", DASH, DASH),
    _row("Subtotal", "14 000.0", "15 000.0", "15 000.0", DASH, DASH),
    _row("Operational costs", "", "", "", "", ""),
    _row("Facilities and infrastructure", "12 000.0", "12 500.0", "12 500.0", DASH, DASH),
    _row("Ground transportation", "7 000.0", "7 500.0", "7 500.0", DASH, DASH),
    _row("Subtotal", "19 000.0", "20 000.0", "20 000.0", DASH, DASH),
    _row("Gross requirements", "53 000.0", "56 000.0", "57 050.0", "1 050.0", "1.9"),
    _row("Staff assessment income", "2 000.0", "2 000.0", "2 000.0", DASH, DASH),
    _row("Net requirements", "51 000.0", "54 000.0", "55 050.0", "1 050.0", "1.9"),
    _row("Voluntary contributions in kind (budgeted)", "500.0", "500.0", "500.0", DASH, DASH),
    _row("Total requirements", "53 500.0", "56 500.0", "57 550.0", "1 050.0", "1.9"), "",
    "B. Vacancy factors", "", "(Percentage)", "",
    _row("Category", "Actual", "", "", "Approved", "Proposed"),
    _row("", "2022/23", "2023/24", "2024/25", "2025/26", "2026/27"),
    _row("Military contingents", "1.0", "1.5", "2.0", "2.0", "2.0"),
    _row("International staff", "9.0", "8.0", "7.5", "7.0", "6.5"), "",
    "C. Training", "", "(Thousands of United States dollars)", "",
    _row("Category", "Estimated amount"),
    _row("Training fees, supplies and services", "40.0"), _row("Total", "40.0"), "",
    "D. Quick-impact projects", "",
    _row("Period", "Amount", "Number of projects"),
    _row("1 July 2024 to 30 June 2025 (actual)", "300.0", "12"),
    _row("1 July 2025 to 30 June 2026 (approved)", "300.0", "10"),
    _row("1 July 2026 to 30 June 2027 (proposed)", "300.0", "10"), "",
    "III. Analysis of variances¹", "",
    f"{T}<i>Variance</i>{T}", f"Military contingents{T}\\$1,000.0{T}5.0%", "",
    "3. The increased requirements are attributable to the higher cost of rations.", "",
    "IV. Actions to be taken by the General Assembly", "",
    "4. The actions to be taken by the General Assembly in connection with the financing of "
    "UNFICYP are:", "",
    "(a) Appropriation of the amount of \\$57,050,000 for the maintenance of the Force for the "
    "12-month period from 1 July 2026 to 30 June 2027;", "",
    "(b) Assessment of the amount of \\$57,050,000 at a monthly rate of \\$4.75 million.", ""])


@pytest.fixture(scope="module")
def result() -> ImportResult:
    return import_text(REPORT, name="unficyp.txt", shape="tabbed")


@pytest.fixture(scope="module")
def document(result: ImportResult) -> Document:
    assert result.document is not None
    return result.document


def test_imports_strictly(result: ImportResult) -> None:
    assert result.diagnostics == ()
    assert result.ok(strict=True)


def test_identity_and_money_tables(document: Document) -> None:
    assert (document.mission.code, document.period) == ("UNFICYP", Period(2026))
    table = document.financial_table("financial_resources")
    assert table is not None
    assert [c.key for c in table.columns][:3] == ["expenditure_2024_25", "apportionment_2025_26",
                                                   "cost_estimates_2026_27"]
    by_line = {(r.line, r.row_type): r for r in table.rows}
    assert by_line[("military_contingents", RowType.ITEM)].values["variance_amount"] == D(1000)
    assert by_line[("national_staff", RowType.ITEM)].values["cost_estimates_2026_27"] == D(4000)
    assert by_line[("voluntary_contributions_in_kind_budgeted", RowType.ITEM)].values[
        "expenditure_2024_25"] == D(500)
    assert len(table.rows) == 16


def test_staffing_with_other_categories_and_offices(document: Document) -> None:
    summary, table_1, table_2 = document.staffing_tables
    assert summary.columns[0] is StaffingColumn.MILITARY_CONTINGENTS
    assert summary.columns[2] is StaffingColumn.NATIONAL_SUBTOTAL
    assert [r.office for r in summary.rows][:3] == ["Executive direction and management"] * 2 + [
        "Military"]
    assert table_1.rows[1].counts[StaffingColumn.NGS] == 5
    assert (table_2.component, table_2.rows[0].office) == ("military", "Military contingents")
    assert table_2.rows[-3].row_type is RowType.TOTAL
    costs = [(c.component, c.amount) for c in document.civilian_cost_estimates]
    assert costs == [("executive_direction_and_management", D("2500.0")),
                     ("executive_direction_and_management", D("2610.5"))]


def test_framework_of_another_component(document: Document) -> None:
    military = document.components[1]
    assert (military.key, military.number) == ("military", 1)
    (ea,) = military.expected_accomplishments
    assert [i.number for i in ea.indicators] == ["1.1.1", "1.1.2"]
    assert [q.text for o in ea.outputs for q in o.quantities] == [
        "12,000 mobile patrol person-days", "48 meetings held"]  # not 2026: a year


def test_other_section_letters(document: Document) -> None:
    """Training is II.C and quick-impact projects II.D here, not II.E and II.H."""
    assert [(f.category, f.kind, f.period) for f in document.vacancy_factors][:1] == [
        (PersonnelCategory.MILITARY_CONTINGENTS, VacancyKind.ACTUAL, Period(2022))]
    assert [r.amount for r in document.training_costs] == [D("40.0"), D("40.0")]
    assert [q.number_of_projects for q in document.quick_impact_projects] == [12, 10, 10]
    assert document.variance_explanations[0].line == "military_contingents"


def test_lettered_actions_with_their_amounts(document: Document) -> None:
    assert [a.amounts for a in document.general_assembly_actions] == [
        (D("57050"),), (D("57050"), D("4750"))]
