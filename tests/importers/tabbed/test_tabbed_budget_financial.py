"""Financial resources tables of the UNMIK 2025/26 budget report (Summary and II.A)."""

from __future__ import annotations

from decimal import Decimal

from rbb.model import Document, MoneyRow, MoneyTable, Period, Stage
from rbb.model.money import ColumnRole
from rbb.model.staffing import RowType

D = Decimal
COLUMNS = ["expenditure_2023_24", "apportionment_2024_25", "cost_estimates_2025_26",
           "variance_amount", "variance_percentage"]


def _table(budget: Document, key: str) -> MoneyTable:
    table = budget.financial_table(key)
    assert table is not None
    return table


def _row(table: MoneyTable, line: str, row_type: RowType = RowType.ITEM) -> MoneyRow:
    (row,) = [r for r in table.rows if r.line == line and r.row_type is row_type]
    return row


def _values(row: MoneyRow) -> list[Decimal | None]:
    return [row.values[key] for key in COLUMNS]


def test_columns_carry_stage_period_and_variance_roles(budget: Document) -> None:
    """``Category | Expenditure (2023/24) | Apportionment (2024/25) | Cost estimates
    (2025/26) | Variance`` over ``Amount | Percentage``."""
    for key in ("financial_resources_summary", "financial_resources"):
        columns = _table(budget, key).columns
        assert [c.key for c in columns] == COLUMNS
        assert [(c.stage, c.period) for c in columns[:3]] == [
            (Stage.EXPENDITURE, Period(2023)), (Stage.APPORTIONMENT, Period(2024)),
            (Stage.COST_ESTIMATES, Period(2025))]
        assert [c.role for c in columns[3:]] == [ColumnRole.VARIANCE_AMOUNT,
                                                  ColumnRole.VARIANCE_PERCENTAGE]


def test_summary_table_has_the_groups_as_subtotals_and_the_summary_lines(
        budget: Document) -> None:
    """``Civilian personnel\\t33 040.5\\t34 478.0\\t36 682.0\\t2 204.0\\t6.4`` (line 72)."""
    table = _table(budget, "financial_resources_summary")
    assert table.source_line == 69
    assert [(r.line, r.row_type.value) for r in table.rows] == [
        ("military_and_police_personnel", "subtotal"), ("civilian_personnel", "subtotal"),
        ("operational_costs", "subtotal"), ("gross_requirements", "total"),
        ("staff_assessment_income", "item"), ("net_requirements", "total"),
        ("voluntary_contributions_in_kind_budgeted", "item"), ("total_requirements", "total")]
    civilian = _row(table, "civilian_personnel", RowType.SUBTOTAL)
    assert civilian.source_line == 72
    assert _values(civilian) == [D("33040.5"), D("34478.0"), D("36682.0"), D("2204.0"), D("6.4")]
    # "Operational costs\t7 011.5\t8 618.1\t8 498.4\t(119.7)\t(1.4)"
    assert _values(_row(table, "operational_costs", RowType.SUBTOTAL))[3:] == [D("-119.7"),
                                                                                D("-1.4")]
    # "Voluntary contributions in kind (budgeted)\t—\t—\t—\t—\t—": dashes are nil.
    assert _values(_row(table, "voluntary_contributions_in_kind_budgeted")) == [D(0)] * 5


def test_detailed_table_has_every_class_under_its_group(budget: Document) -> None:
    table = _table(budget, "financial_resources")
    assert table.source_line == 501
    items = [r.line for r in table.rows if r.row_type is RowType.ITEM]
    assert items[:4] == ["military_observers", "military_contingents", "united_nations_police",
                         "formed_police_units"]
    assert "national_professional_officers" in items  # printed "National Professional Officer"
    assert len([r for r in table.rows if r.row_type is RowType.SUBTOTAL]) == 3
    assert len(table.rows) == 30


def test_class_rows_read_exactly(budget: Document) -> None:
    """``International staff\\t20 914.9\\t21 139.4\\t23 790.6\\t2 651.2\\t12.5`` (line 511)
    and ``National General Service staff\\t8 804.0\\t9 644.4\\t9 165.3\\t(479.1)\\t(5.0)``."""
    table = _table(budget, "financial_resources")
    international = _row(table, "international_staff")
    assert international.source_line == 511
    assert _values(international) == [D("20914.9"), D("21139.4"), D("23790.6"), D("2651.2"),
                                      D("12.5")]
    assert _values(_row(table, "national_general_service_staff")) == [
        D("8804.0"), D("9644.4"), D("9165.3"), D("-479.1"), D("-5.0")]
    # "Quick-impact projects\t—\t—\t200.0\t200.0\t100.0"
    assert _values(_row(table, "quick_impact_projects")) == [D(0), D(0), D("200.0"),
                                                             D("200.0"), D("100.0")]


def test_group_subtotals_carry_the_group_code(budget: Document) -> None:
    """The three ``Subtotal`` rows: ``Subtotal\\t576.9\\t588.6\\t864.9\\t276.3\\t46.9`` ..."""
    table = _table(budget, "financial_resources")
    subtotals = [(r.line, r.source_line, r.values["cost_estimates_2025_26"])
                 for r in table.rows if r.row_type is RowType.SUBTOTAL]
    assert subtotals == [("military_and_police_personnel", 509, D("864.9")),
                         ("civilian_personnel", 517, D("36682.0")),
                         ("operational_costs", 531, D("8498.4"))]
    gross = _row(table, "gross_requirements", RowType.TOTAL)
    assert (gross.source_line, _values(gross)) == (532, [D("40628.9"), D("43684.7"),
                                                          D("46045.3"), D("2360.6"), D("5.4")])
