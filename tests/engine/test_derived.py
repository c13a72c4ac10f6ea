"""Derived figures, computed from the stored facts with the reports' own formulas
(numbers quoted from the seeds)."""

from __future__ import annotations

from decimal import Decimal

from rbb.engine import derived
from rbb.model import DocumentKind, StaffingColumn
from rbb.presentation import round_half_away

from .builders import document, money_table
from .quoted import BUDGET_FINANCIAL_RESOURCES, PERFORMANCE_FINANCIAL_RESOURCES


def test_variances_in_both_conventions() -> None:
    # Budget, International staff: 21 139.4 → 23 790.6, variance 2 651.2, 12.5 per cent.
    variance = derived.budget_variance(Decimal("23790.6"), Decimal("21139.4"))
    assert variance == Decimal("2651.2")
    assert round_half_away(
        derived.variance_percentage(variance, Decimal("21139.4")) or Decimal(0), 1
    ) == Decimal("12.5")
    # Performance, Official travel: apportionment 319.8, expenditure 180.4: 139.4, 43.6.
    variance = derived.performance_variance(Decimal("319.8"), Decimal("180.4"))
    assert variance == Decimal("139.4")
    assert round_half_away(
        derived.variance_percentage(variance, Decimal("319.8")) or Decimal(0), 1
    ) == Decimal("43.6")
    assert derived.variance_percentage(Decimal("200.0"), Decimal(0)) is None


def test_performance_summary_figures() -> None:
    # 41 298.5 apportioned, 40 612.6 spent: 685.9 unencumbered, 98.3 per cent utilized.
    assert derived.unencumbered_balance(Decimal("41298.5"), Decimal("40612.6")) == Decimal("685.9")
    rate = derived.resource_utilization_rate(Decimal("40612.6"), Decimal("41298.5"))
    assert rate is not None and round_half_away(rate, 1) == Decimal("98.3")


def test_vacancy_rate_from_incumbency() -> None:
    # International staff: approved 113, actual average 100, vacancy rate 11.5.
    rate = derived.vacancy_rate(Decimal(113), Decimal(100))
    assert rate is not None and round_half_away(rate, 1) == Decimal("11.5")
    assert derived.vacancy_rate(Decimal(0), Decimal(0)) is None


def test_shares_of_the_budget() -> None:
    efficiency = derived.efficiency_share(Decimal("17.7"), Decimal("43684.7"))
    assert efficiency is not None and round_half_away(efficiency, 2) == Decimal("0.04")
    travel = derived.travel_share(Decimal("178.3"), Decimal("46045.3"))
    assert travel is not None and round_half_away(travel, 1) == Decimal("0.4")
    assert derived.redeployment_share(Decimal(0), Decimal("41298.5")) == Decimal(0)


def test_mission_support_ratio() -> None:
    # Follow-up to resolution 76/274, para. 27: 481.3 in 2024/25 (180 of 374).
    ratio = derived.mission_support_ratio(180, 374)
    assert ratio is not None and round_half_away(ratio, 1) == Decimal("481.3")


def test_variance_threshold() -> None:
    assert derived.crosses_variance_threshold(Decimal("-479.1"), Decimal("-5.0"))
    assert derived.crosses_variance_threshold(Decimal("-6.8"), Decimal("-7.1"))
    assert derived.crosses_variance_threshold(Decimal("108.0"), Decimal("3.9"))
    assert not derived.crosses_variance_threshold(Decimal("39.1"), Decimal("3.9"))
    assert not derived.crosses_variance_threshold(Decimal("-1.1"), None)
    assert derived.crosses_variance_threshold(Decimal("100.0"), Decimal("0.5"))


def test_spending_against_a_nil_apportionment_crosses_the_threshold() -> None:
    # A/77/589, III.A: "Air operations – 1.1 (1.1) –": nothing apportioned, 1.1 spent.
    assert derived.crosses_variance_threshold(Decimal("-1.1"), None, base=Decimal(0))
    assert derived.unbounded_variance(Decimal("-1.1"), None, Decimal(0))
    # A nil class with nil spending, or a small variance on a real base, does not.
    assert not derived.crosses_variance_threshold(Decimal(0), None, base=Decimal(0))
    assert not derived.crosses_variance_threshold(Decimal("-1.1"), None, base=Decimal("5.0"))


def test_group_subtotals_and_summary_lines() -> None:
    table = money_table(BUDGET_FINANCIAL_RESOURCES)
    rows = derived.rows_by_line(table)
    parts = derived.class_rows(rows, "civilian_personnel")
    assert [r.line for r in parts][:3] == [
        "international_staff",
        "national_professional_officers",
        "national_general_service_staff",
    ]
    assert derived.group_subtotal(parts, "cost_estimates_2025_26") == Decimal("36682.0")
    gross = derived.gross_requirements(
        rows[g].values["cost_estimates_2025_26"] for g in derived.GROUP_CODES
    )
    assert gross == Decimal("46045.3")
    assert derived.net_requirements(gross, Decimal("4887.8")) == Decimal("41157.5")
    assert derived.total_requirements(gross, Decimal(0)) == gross


def test_variance_columns_follow_the_report() -> None:
    budget = derived.variance_columns(money_table(BUDGET_FINANCIAL_RESOURCES), DocumentKind.BUDGET)
    assert budget is not None
    assert (budget.minuend.key, budget.subtrahend.key, budget.base.key) == (
        "cost_estimates_2025_26",
        "apportionment_2024_25",
        "apportionment_2024_25",
    )
    performance = derived.variance_columns(
        money_table(PERFORMANCE_FINANCIAL_RESOURCES, kind="performance", period="2021/22"),
        DocumentKind.PERFORMANCE,
    )
    assert performance is not None
    assert (performance.minuend.key, performance.subtrahend.key, performance.base.key) == (
        "apportionment_2021_22",
        "expenditure_2021_22",
        "apportionment_2021_22",
    )


def test_human_resources_totals_by_component() -> None:
    from .test_staffing_tables import component_tables

    totals = derived.human_resources_totals(document(staffing_tables=component_tables()))
    support = totals["support"][("proposed", "2025/26")]
    assert support[StaffingColumn.TOTAL] == 123
    assert support[StaffingColumn.INTERNATIONAL_STAFF] == 28
    substantive = totals["substantive"][("approved", "2024/25")]
    assert substantive[StaffingColumn.MILITARY_OBSERVERS] == 8
