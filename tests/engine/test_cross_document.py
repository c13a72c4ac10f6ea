"""Across documents: the same fact agrees in every report that prints it."""

from __future__ import annotations

from decimal import Decimal

from rbb.engine import run_checks
from rbb.engine.checks import check_across
from rbb.model import IncumbencyRow, Period, PersonnelCategory, VacancyFactor, VacancyKind

from .builders import document, money_table

# The budget for 2023/24 prints the 2021/22 expenditure; the 2021/22 performance report
# closes that period. Two rows of each are enough.
BUDGET_2023_24 = """
Military observers\t279.7\t300.0\t310.0\t10.0\t3.3
United Nations police\t336.3\t400.0\t420.0\t20.0\t5.0
"""
PERFORMANCE_2021_22 = """
Military observers\t357.3\t279.7\t77.6\t21.7
United Nations police\t411.2\t336.3\t74.9\t18.2
"""


def _documents(expenditure: str = "336.3"):  # type: ignore[no-untyped-def]
    budget = document(
        "budget",
        "2023/24",
        financial_tables=(
            money_table(
                BUDGET_2023_24.replace("336.3", expenditure), period="2023/24", first_line=505
            ),
        ),
    )
    performance = document(
        "performance",
        "2021/22",
        financial_tables=(
            money_table(PERFORMANCE_2021_22, kind="performance", period="2021/22", first_line=4058),
        ),
    )
    return [budget, performance]


def test_the_same_expenditure_in_two_reports() -> None:
    assert check_across(_documents()) == []


def test_a_disagreement_is_reported_on_the_later_report() -> None:
    findings = check_across(_documents(expenditure="363.3"))
    assert [
        (f.code, f.document, f.row, f.column, f.source_line, f.printed, f.computed)
        for f in findings
    ] == [
        (
            "cross.amount",
            "UNMIK 2023/24 budget",
            "united_nations_police",
            "expenditure_2021_22",
            506,
            Decimal("363.3"),
            Decimal("336.3"),
        )
    ]
    assert "UNMIK 2021/22 performance (line 4059)" in findings[0].message


def test_actual_vacancy_factor_against_the_performance_report() -> None:
    # Budget 2025/26, line 577: NGS actual 2021/22 2.7; performance 2021/22, line 87: 2.7.
    def budget(rate: str):  # type: ignore[no-untyped-def]
        return document(
            "budget",
            "2025/26",
            vacancy_factors=(
                VacancyFactor(
                    category=PersonnelCategory.NATIONAL_GENERAL_SERVICE_STAFF,
                    period=Period.parse("2021/22"),
                    kind=VacancyKind.ACTUAL,
                    rate=Decimal(rate),
                    source_line=577,
                ),
            ),
        )

    performance = document(
        "performance",
        "2021/22",
        incumbency=(
            IncumbencyRow(
                category=PersonnelCategory.NATIONAL_GENERAL_SERVICE_STAFF,
                label="NGS",
                approved=Decimal(186),
                actual_average=Decimal(181),
                vacancy_rate=Decimal("2.7"),
                source_line=87,
            ),
        ),
    )
    assert check_across([budget("2.7"), performance]) == []
    findings = check_across([budget("2.2"), performance])
    assert [(f.code, f.source_line, f.printed, f.computed) for f in findings] == [
        ("cross.vacancy-rate", 577, Decimal("2.2"), Decimal("2.7"))
    ]


def test_run_checks_sorts_by_document_and_line() -> None:
    findings = run_checks(_documents(expenditure="363.3"))
    keys = [(f.document, f.source_line or 0) for f in findings]
    assert keys == sorted(keys)
