"""Money tables: subtotals, totals and variances as printed against as computed
(docs/domain.md, "Money tables")."""

from __future__ import annotations

from decimal import Decimal

from rbb.engine.checks import money_tables
from rbb.model import Severity

from .builders import document, money_table, run
from .quoted import BUDGET_FINANCIAL_RESOURCES, BUDGET_SUMMARY, PERFORMANCE_FINANCIAL_RESOURCES


def _budget(text: str = BUDGET_FINANCIAL_RESOURCES, summary: str | None = None):  # type: ignore[no-untyped-def]
    tables = [money_table(text, first_line=505)]
    if summary is not None:
        tables.insert(0, money_table(summary, key="financial_resources_summary", first_line=71))
    return document("budget", financial_tables=tuple(tables))


def _codes(findings) -> list[tuple[str, str, int | None, str | None, str | None]]:  # type: ignore[no-untyped-def]
    return [(f.severity.value, f.code, f.source_line, f.row, f.column) for f in findings]


def test_the_published_budget_table_adds_up() -> None:
    assert run(money_tables, _budget(summary=BUDGET_SUMMARY)) == []


def test_the_published_performance_table_adds_up() -> None:
    table = money_table(
        PERFORMANCE_FINANCIAL_RESOURCES, kind="performance", period="2021/22", first_line=4058
    )
    assert run(money_tables, document("performance", "2021/22", financial_tables=(table,))) == []


def test_a_changed_class_breaks_its_subtotal_and_its_variance() -> None:
    # Seed line 511: International staff 20 914.9 21 139.4 23 790.6 2 651.2 12.5
    doctored = BUDGET_FINANCIAL_RESOURCES.replace("23 790.6", "23 890.6")
    findings = run(money_tables, _budget(doctored))
    assert _codes(findings) == [
        ("error", "money.variance-amount", 510, "international_staff", "variance_amount"),
        ("error", "money.variance-percentage", 510, "international_staff", "variance_percentage"),
        ("error", "money.group-subtotal", 516, "civilian_personnel", "cost_estimates_2025_26"),
    ]
    subtotal = findings[-1]
    assert (subtotal.printed, subtotal.computed) == (Decimal("36682.0"), Decimal("36782.0"))


def test_gross_net_and_total_requirements() -> None:
    doctored = BUDGET_FINANCIAL_RESOURCES.replace(
        "Net requirements\t36 342.1", "Net requirements\t36 342.9"
    )
    findings = run(money_tables, _budget(doctored))
    assert _codes(findings) == [
        ("error", "money.net", 532, "net_requirements", "expenditure_2023_24")
    ]
    assert (findings[0].printed, findings[0].computed) == (Decimal("36342.9"), Decimal("36342.1"))


def test_a_slip_of_a_tenth_in_a_total_of_many_parts_is_rounding() -> None:
    doctored = BUDGET_FINANCIAL_RESOURCES.replace(
        "Operational costs\t7 011.5", "Operational costs\t7 011.6"
    )
    findings = run(money_tables, _budget(doctored))
    assert [(f.severity, f.code) for f in findings] == [
        (Severity.ROUNDING, "money.group-subtotal"),
        (Severity.ROUNDING, "money.gross"),
    ]


def test_a_wrong_percentage() -> None:
    # Seed line 522: Facilities and infrastructure ... (355.8) (12.4)
    doctored = BUDGET_FINANCIAL_RESOURCES.replace("(355.8)\t(12.4)", "(355.8)\t(14.2)")
    findings = run(money_tables, _budget(doctored))
    assert _codes(findings) == [
        (
            "error",
            "money.variance-percentage",
            520,
            "facilities_and_infrastructure",
            "variance_percentage",
        )
    ]
    assert (findings[0].printed, findings[0].computed) == (Decimal("-14.2"), Decimal("-12.4"))


def test_a_percentage_a_tenth_off_is_rounding() -> None:
    doctored = BUDGET_FINANCIAL_RESOURCES.replace("(355.8)\t(12.4)", "(355.8)\t(12.3)")
    assert [f.severity for f in run(money_tables, _budget(doctored))] == [Severity.ROUNDING]


def test_percentage_over_a_nil_apportionment_is_not_computed() -> None:
    # Quick-impact projects: — — 200.0 200.0 100.0; performance: Air operations – 1.1 (1.1) –
    assert run(money_tables, _budget()) == []


def test_summary_table_disagreeing_with_the_detailed_table() -> None:
    summary = BUDGET_SUMMARY.replace("Civilian personnel\t33 040.5", "Civilian personnel\t33 040.6")
    summary = summary.replace("Gross requirements\t40 628.9", "Gross requirements\t40 629.0")
    summary = summary.replace("Total requirements\t40 628.9", "Total requirements\t40 629.0")
    summary = summary.replace("Net requirements\t36 342.1", "Net requirements\t36 342.2")
    findings = run(money_tables, _budget(summary=summary))
    codes = {(f.code, f.row) for f in findings}
    assert ("money.summary-table", "civilian_personnel") in codes
    assert ("money.summary-table", "gross_requirements") in codes


def test_performance_convention_is_apportionment_minus_expenditure() -> None:
    doctored = PERFORMANCE_FINANCIAL_RESOURCES.replace("139.4\t43.6", "(139.4)\t43.6")
    table = money_table(doctored, kind="performance", period="2021/22", first_line=4058)
    findings = run(money_tables, document("performance", "2021/22", financial_tables=(table,)))
    variance = [f for f in findings if f.code == "money.variance-amount"]
    assert len(variance) == 1
    assert (variance[0].printed, variance[0].computed) == (Decimal("-139.4"), Decimal("139.4"))
