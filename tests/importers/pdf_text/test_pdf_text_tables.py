"""Every table of the UNMIK 2021/22 performance report (A/77/589), read from its
PDF text. Each expected figure is quoted from the seed line it is printed on."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from rbb.model import MoneyTable, PersonnelCategory, RowType, Stage
from rbb.model.money import ColumnRole

from .seed import line, seed_document

D = Decimal


def _table(key: str) -> MoneyTable:
    table = seed_document().financial_table(key)
    assert table is not None, key
    return table


def _row(table: MoneyTable, code: str,
         row_type: RowType = RowType.ITEM) -> dict[str, Decimal | None]:
    for row in table.rows:
        if row.line == code and row.row_type is row_type:
            return dict(row.values)
    raise AssertionError(f"no row {code} ({row_type})")


def test_summary_table_columns_are_apportionment_expenditure_and_variance() -> None:
    # 38: "Category  Apportionment  Expenditure" / 40: "Variance" / 42: "Amount Percentage"
    table = _table("financial_resources_summary")
    assert [c.key for c in table.columns] == [
        "apportionment_2021_22", "expenditure_2021_22", "variance_amount", "variance_percentage"]
    assert [c.stage for c in table.amount_columns()] == [Stage.APPORTIONMENT, Stage.EXPENDITURE]
    assert table.column("variance_percentage").role is ColumnRole.VARIANCE_PERCENTAGE
    assert table.title == "Performance of financial resources"
    assert table.source_line == 31


def test_summary_table_rows() -> None:
    table = _table("financial_resources_summary")
    assert line(47).strip().startswith("Civilian personnel  32 534.4  32 153.1  381.3 1.2")
    assert _row(table, "civilian_personnel") == {
        "apportionment_2021_22": D("32534.4"), "expenditure_2021_22": D("32153.1"),
        "variance_amount": D("381.3"), "variance_percentage": D("1.2")}
    # 53: "Staff assessment income  4 105.4  4 150.9  (45.5) (1.1)"
    assert _row(table, "staff_assessment_income")["variance_amount"] == D("-45.5")
    assert _row(table, "staff_assessment_income")["variance_percentage"] == D("-1.1")
    # 57: "Voluntary contributions in kind (budgeted)  – – – –"
    assert set(_row(table, "voluntary_contributions_in_kind_budgeted").values()) == {D(0)}
    assert [r.line for r in table.rows] == [
        "military_and_police_personnel", "civilian_personnel", "operational_costs",
        "gross_requirements", "staff_assessment_income", "net_requirements",
        "voluntary_contributions_in_kind_budgeted", "total_requirements"]


def test_detailed_table_classes_subtotals_and_summary_lines() -> None:
    table = _table("financial_resources")
    # 4058: "Military observers  357.3 279.7 77.6 21.7"
    assert _row(table, "military_observers") == {
        "apportionment_2021_22": D("357.3"), "expenditure_2021_22": D("279.7"),
        "variance_amount": D("77.6"), "variance_percentage": D("21.7")}
    # 4066: " Subtotal 768.5 616.0 152.5 19.8", under "Military and police personnel"
    subtotal = _row(table, "military_and_police_personnel", RowType.SUBTOTAL)
    assert subtotal["expenditure_2021_22"] == D("616.0")
    # 4070: "International staff  20 177.4  20 194.1  (16.7) (0.1)"
    assert _row(table, "international_staff")["variance_amount"] == D("-16.7")
    # 4094: "Air operations  –  1.1 (1.1) –"
    assert _row(table, "air_operations") == {
        "apportionment_2021_22": D(0), "expenditure_2021_22": D("1.1"),
        "variance_amount": D("-1.1"), "variance_percentage": D(0)}
    # 4112: " Subtotal 7 995.6  7 843.5  152.1 1.9"
    assert _row(table, "operational_costs", RowType.SUBTOTAL)["apportionment_2021_22"] == \
        D("7995.6")
    # 4118: " Net requirements  37 193.1  36 461.7  731.4 2.0"
    assert _row(table, "net_requirements")["expenditure_2021_22"] == D("36461.7")
    subtotals = [r.line for r in table.rows if r.row_type is RowType.SUBTOTAL]
    assert subtotals == ["military_and_police_personnel", "civilian_personnel",
                         "operational_costs"]
    # 4 + 5 + 12 classes, 3 subtotals, 5 summary lines
    assert len(table.rows) == 29


def test_wrapped_labels_take_the_cells_of_their_last_line() -> None:
    # 4098: "Communications and information " / 4100: "technology  1 869.8  1 993.5 ..."
    table = _table("financial_resources")
    rows = {r.line: r for r in table.rows}
    cit = rows["communications_and_information_technology"]
    assert cit.values["expenditure_2021_22"] == D("1993.5")
    assert cit.source_line == 4100
    assert "1 993.5" in line(4100)
    assert rows["other_supplies_services_and_equipment"].source_line == 4108
    assert rows["voluntary_contributions_in_kind_budgeted"].source_line == 4122


def test_incumbency_rows_and_their_parts() -> None:
    rows = {r.category: r for r in seed_document().incumbency}
    # 81: "International staff 113 100 11.5"
    international = rows[PersonnelCategory.INTERNATIONAL_STAFF]
    assert (international.approved, international.actual_average, international.vacancy_rate) == \
        (D(113), D(100), D("11.5"))
    # 85: " National Professional Officers  33 33 –" under "National staff"
    npo = rows[PersonnelCategory.NATIONAL_PROFESSIONAL_OFFICERS]
    assert (npo.approved, npo.vacancy_rate, npo.source_line) == (D(33), D(0), 85)
    # 91: " International 24 22 8.3" under "United Nations Volunteers"
    unv = rows[PersonnelCategory.UNITED_NATIONS_VOLUNTEERS_INTERNATIONAL]
    assert (unv.approved, unv.actual_average, unv.vacancy_rate) == (D(24), D(22), D("8.3"))
    assert list(rows) == [
        PersonnelCategory.MILITARY_OBSERVERS, PersonnelCategory.UNITED_NATIONS_POLICE,
        PersonnelCategory.INTERNATIONAL_STAFF, PersonnelCategory.NATIONAL_PROFESSIONAL_OFFICERS,
        PersonnelCategory.NATIONAL_GENERAL_SERVICE_STAFF,
        PersonnelCategory.UNITED_NATIONS_VOLUNTEERS_INTERNATIONAL]


def test_redeployments_and_the_blank_percentage_row() -> None:
    redeployments = seed_document().redeployments
    assert redeployments is not None
    # 4162: "II. Civilian personnel  32 534.4 – 32 534.4"
    civilian = next(r for r in redeployments.rows if r.group == "civilian_personnel")
    assert (civilian.original_distribution, civilian.redeployment,
            civilian.revised_distribution) == (D("32534.4"), D(0), D("32534.4"))
    total = redeployments.rows[-1]
    assert (total.group, total.row_type, total.original_distribution) == \
        ("total", RowType.TOTAL, D("41298.5"))
    # 4168: "Percentage of redeployment to total appropriation" (no figure printed)
    assert redeployments.percentage_of_appropriation is None
    assert redeployments.percentage_source_line == 4168
    assert len(redeployments.rows) == 4


def test_monthly_expenditure_chart_has_no_numbers_and_is_not_a_problem() -> None:
    assert seed_document().monthly_expenditure == ()
    paragraph = next(p for p in seed_document().paragraphs if p.number == 48)
    assert paragraph.section == "III.C"


def test_other_revenue_and_its_total() -> None:
    rows = seed_document().other_revenue
    # 4224: "Investment revenue  (16.2)" ... 4234: " Total 59.8"
    assert [(r.label, r.amount) for r in rows] == [
        ("Investment revenue", D("-16.2")), ("Other/miscellaneous revenue", D("57.2")),
        ("Voluntary contributions in cash", D(0)), ("Prior-period adjustments", D(0)),
        ("Cancellation of prior-period obligations", D("18.8")), ("Total", D("59.8"))]
    assert rows[-1].row_type is RowType.TOTAL
    assert sum((r.amount or D(0) for r in rows[:-1]), D(0)) == rows[-1].amount


def test_borrowing_in_millions() -> None:
    loans = seed_document().borrowing
    assert len(loans) == 12
    # 4257: "31 July 2021  MINUSMA  32.5"; 4269: "31 January 2022 MINUSMA  32.5"
    assert (loans[0].as_at, loans[0].lending_mission, loans[0].amount_millions) == \
        (date(2021, 7, 31), "MINUSMA", D("32.5"))
    assert loans[6].as_at == date(2022, 1, 31)
    assert loans[-1].source_line == 4279


def test_programmatic_activities_with_a_part_and_a_total() -> None:
    rows = seed_document().programmatic_activities
    # 4302: "Community stabilization projects  1 003.5"
    # 4304: "including gender and youth activities 306.3"
    assert [(r.description, r.amount, r.parent) for r in rows] == [
        ("Confidence-building", D("386.7"), None),
        ("Community stabilization projects", D("1003.5"), None),
        ("including gender and youth activities", D("306.3"), "Community stabilization projects"),
        ("Human rights", D("941.6"), None),
        ("Total", D("2331.8"), None)]
    assert {r.stage for r in rows} == {Stage.EXPENDITURE}
    assert rows[-1].row_type is RowType.TOTAL


def test_non_budgeted_contributions_without_the_footnote_mark() -> None:
    rows = seed_document().non_budgeted_contributions
    # 4322: "Status-of-mission agreementa 83.0", footnote "a Inclusive of land ..."
    assert [(r.label, r.amount, r.row_type) for r in rows] == [
        ("Status-of-mission agreement", D("83.0"), RowType.ITEM),
        ("Voluntary contributions in kind (non-budgeted)", D(0), RowType.ITEM),
        ("Total", D("83.0"), RowType.TOTAL)]


def test_analysis_of_variances() -> None:
    explanations = {e.line: e for e in seed_document().variance_explanations}
    assert list(explanations) == [
        "military_observers", "united_nations_police", "national_staff",
        "united_nations_volunteers", "consultants_and_consulting_services", "official_travel",
        "ground_transportation", "communications_and_information_technology", "medical",
        "other_supplies_services_and_equipment"]
    # 4346: "Military observers  $77.6 21.7%"
    observers = explanations["military_observers"]
    assert (observers.amount, observers.percentage, observers.source_line) == \
        (D("77.6"), D("21.7"), 4346)
    # 4424: "United Nations Volunteers  ($63.5) (7.1%)"
    volunteers = explanations["united_nations_volunteers"]
    assert (volunteers.amount, volunteers.percentage) == (D("-63.5"), D("-7.1"))
    assert [p.number for p in observers.paragraphs] == [50, 51]
    # 50., de-wrapped over five lines, ending "... compared with the budgeted rate of 0.837."
    assert observers.paragraphs[0].text.startswith(
        "The reduced requirements were attributable mainly to: (a) the absence of death and "
        "disability claims;")
    assert observers.paragraphs[0].text.endswith("compared with the budgeted rate of 0.837.")


def test_variance_paragraphs_skip_the_page_footnote() -> None:
    # 4405-4409: the footnote "1 Resource variance amounts are expressed in thousands ..."
    # falls between paragraphs 54 and 55 of national staff.
    national = next(e for e in seed_document().variance_explanations
                    if e.line == "national_staff")
    assert [p.number for p in national.paragraphs] == [54, 55]
    assert all("Resource variance amounts" not in p.text for p in national.paragraphs)
    assert national.paragraphs[1].text.startswith(
        "The reduced requirements were offset in part by the following salary increments")


def test_actions_of_the_general_assembly_in_thousands() -> None:
    actions = seed_document().general_assembly_actions
    # 4595: "(a) To decide on the treatment of the unencumbered balance of $685,900"
    assert actions[0].amounts == (D("685.9"),)
    assert actions[0].text.startswith("(a) To decide on the treatment of the unencumbered")
    # 4601: "... amounting to $59,800 from other/miscellaneous revenue ($57,200)"
    # 4603: "... obligations ($18,800) offset by investment" / 4605: "loss ($16,200)."
    assert actions[1].amounts == (D("59.8"), D("57.2"), D("18.8"), D("16.2"))
    assert actions[1].amount_source_lines == (4601, 4601, 4603, 4605)


def test_follow_up_requests_beside_actions() -> None:
    items = seed_document().follow_up
    assert [(i.body, i.heading, i.reference) for i in items] == [
        ("general_assembly", "Cross-cutting issues", "Resolution 76/274"),
        ("acabq", "Cross-cutting issues", "A/76/760"),
        ("acabq", "Financing of the United Nations Interim Administration Mission in Kosovo",
         "A/76/760/Add.3"),
        ("acabq", "Financing of the United Nations Interim Administration Mission in Kosovo",
         "A/76/760/Add.3")]
    assert items[0].request.endswith("partnerships where applicable (para. 81).")
    assert items[0].action.startswith("The Mission formally established the Programmatic")
    # 4804: "(para. 19)" closes the request; 4806 opens the action
    assert items[2].request.endswith("(resolution 75/301, para. 22). (para. 19)")
    assert items[2].action.startswith("UNMIK continues to make every effort")
    assert items[2].action.endswith("with a deadline of 28 October 2022.")
    assert items[3].request.startswith("The Advisory Committee again welcomes")
    assert items[3].source_line == 4822


def test_summary_and_numbered_paragraphs_with_their_sections() -> None:
    paragraphs = seed_document().paragraphs
    summary = [p for p in paragraphs if p.section == "Summary"]
    assert len(summary) == 4
    # 11: " UNMIK incurred $40.6 million in expenditure for the reporting period,"
    assert "UNMIK incurred $40.6 million in expenditure" in summary[1].text
    assert "resource utilization rate of 98.3 per cent" in summary[1].text
    numbered = [p.number for p in paragraphs if p.number is not None and p.letter is None]
    assert numbered == list(range(1, 67))
    first = next(p for p in paragraphs if p.number == 1)
    assert (first.section, first.source_line) == ("I", 106)
    assert "It provided for 8 military observers; 10 police personnel" in first.text
    lettered = [(p.number, p.letter) for p in paragraphs if p.letter]
    assert lettered == [(27, letter) for letter in "abcdefg"] + [(66, "a"), (66, "b")]
    sections = {p.number: p.section for p in paragraphs if p.number}
    assert (sections[9], sections[35], sections[42], sections[45], sections[49],
            sections[50], sections[66]) == ("II.B", "II.C", "II.E", "II.E", "III.D.2", "IV", "V")
