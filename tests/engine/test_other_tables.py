"""Other tables of section II: totals, percentages of the budget, and the figures they
share with the financial table (numbers of the 2025/26 budget and 2021/22 performance)."""

from __future__ import annotations

from decimal import Decimal

from rbb.engine.checks import other_tables
from rbb.model import Period, Stage
from rbb.model.staffing import RowType
from rbb.model.tables import (
    AmountRow,
    EfficiencyGain,
    EfficiencyGains,
    OfficialTravel,
    ProgrammaticActivity,
    QuickImpactProjects,
    Redeployment,
    Redeployments,
    TrainingParticipants,
)

from .builders import document, money_table, run
from .quoted import BUDGET_FINANCIAL_RESOURCES, BUDGET_SUMMARY, PERFORMANCE_FINANCIAL_RESOURCES

TOTAL, ITEM = RowType.TOTAL, RowType.ITEM


def _budget(**fields):  # type: ignore[no-untyped-def]
    return document(
        financial_tables=(
            money_table(BUDGET_SUMMARY, key="financial_resources_summary", first_line=71),
            money_table(BUDGET_FINANCIAL_RESOURCES, first_line=505),
        ),
        **fields,
    )


def _codes(findings):  # type: ignore[no-untyped-def]
    return [(f.severity.value, f.code, f.printed, f.computed) for f in findings]


def test_training_costs_and_participants() -> None:
    costs = (
        AmountRow(
            label="Official travel, training", amount=Decimal("83.9"), group="Official travel"
        ),
        AmountRow(label="Training fees, supplies and services", amount=Decimal("61.1")),
        AmountRow(label="Total", amount=Decimal("145.0"), row_type=TOTAL),
    )
    people = tuple(
        TrainingParticipants(
            category="national_staff",
            period=Period.parse("2024/25"),
            kind="planned",
            location=location,
            count=count,
        )
        for location, count in (("internal", 99), ("external", 19), ("total", 118))
    )
    travel = (
        OfficialTravel(
            label="Travel within the mission area",
            person_trips=137,
            amount=Decimal("53.6"),
            percentages={"2025/26": Decimal("0.1")},
        ),
        OfficialTravel(
            label="Travel outside the mission area",
            person_trips=47,
            amount=Decimal("178.3"),
            percentages={"2025/26": Decimal("0.4")},
        ),
        OfficialTravel(label="Total", person_trips=184, amount=Decimal("231.9"), row_type=TOTAL),
    )
    assert (
        run(
            other_tables,
            _budget(training_costs=costs, training_participants=people, official_travel=travel),
        )
        == []
    )
    wrong = (*costs[:2], costs[2].model_copy(update={"amount": Decimal("154.0")}))
    assert _codes(run(other_tables, _budget(training_costs=wrong))) == [
        ("error", "tables.amount-total", Decimal("154.0"), Decimal("145.0"))
    ]
    people = (*people[:2], people[2].model_copy(update={"count": 117}))
    assert _codes(run(other_tables, _budget(training_participants=people))) == [
        ("error", "tables.training-participants", Decimal(117), Decimal(118))
    ]


def test_travel_share_of_the_total_budget_and_the_class() -> None:
    travel = (
        OfficialTravel(
            label="Travel outside the mission area",
            person_trips=47,
            amount=Decimal("178.3"),
            percentages={"2025/26": Decimal("0.6")},
        ),
        OfficialTravel(label="Total", person_trips=47, amount=Decimal("178.3"), row_type=TOTAL),
    )
    training = (AmountRow(label="Official travel, training", amount=Decimal("83.9")),)
    findings = run(other_tables, _budget(official_travel=travel, training_costs=training))
    assert _codes(findings) == [
        ("warning", "tables.travel-class", Decimal("315.8"), Decimal("262.2")),
        ("error", "tables.travel-percentage", Decimal("0.6"), Decimal("0.4")),
    ]


def test_programmatic_activities() -> None:
    # Performance report, section III.E: 386.7 + 1 003.5 + 941.6 = 2 331.8.
    rows = (
        ProgrammaticActivity(
            description="Confidence-building", amount=Decimal("386.7"), stage=Stage.EXPENDITURE
        ),
        ProgrammaticActivity(
            description="Community stabilization projects",
            amount=Decimal("1003.5"),
            stage=Stage.EXPENDITURE,
        ),
        ProgrammaticActivity(
            description="including gender and youth activities",
            amount=Decimal("306.3"),
            stage=Stage.EXPENDITURE,
            parent="Community stabilization projects",
        ),
        ProgrammaticActivity(
            description="Human rights", amount=Decimal("941.6"), stage=Stage.EXPENDITURE
        ),
        ProgrammaticActivity(
            description="Total", amount=Decimal("2331.8"), stage=Stage.EXPENDITURE, row_type=TOTAL
        ),
    )
    doc = document("performance", "2021/22", programmatic_activities=rows)
    assert run(other_tables, doc) == []
    larger = rows[2].model_copy(update={"amount": Decimal("1306.3")})
    doc = document("performance", "2021/22", programmatic_activities=(*rows[:2], larger, *rows[3:]))
    assert _codes(run(other_tables, doc)) == [
        ("error", "tables.programmatic-total", Decimal("1306.3"), Decimal("1003.5"))
    ]


def test_quick_impact_projects_against_the_class() -> None:
    qips = (
        QuickImpactProjects(
            period=Period.parse("2025/26"),
            kind="proposed",
            amount=Decimal("200.0"),
            number_of_projects=4,
        ),
    )
    assert run(other_tables, _budget(quick_impact_projects=qips)) == []
    qips = (qips[0].model_copy(update={"amount": Decimal("250.0")}),)
    assert _codes(run(other_tables, _budget(quick_impact_projects=qips))) == [
        ("error", "tables.quick-impact-projects", Decimal("250.0"), Decimal("200.0"))
    ]


def test_efficiency_gains() -> None:
    gains = EfficiencyGains(
        period=Period.parse("2025/26"),
        gains=(
            EfficiencyGain(category="Consultants", amount=Decimal("17.7")),
            EfficiencyGain(category="Total", amount=Decimal("17.7"), row_type=TOTAL),
        ),
        approved_budget=Decimal("43684.7"),
        percentage_of_approved_budget=Decimal("0.04"),
    )
    assert run(other_tables, _budget(efficiency_gains=gains)) == []
    wrong = gains.model_copy(
        update={
            "approved_budget": Decimal("43864.7"),
            "percentage_of_approved_budget": Decimal("0.40"),
        }
    )
    assert _codes(run(other_tables, _budget(efficiency_gains=wrong))) == [
        ("error", "tables.efficiency-approved-budget", Decimal("43864.7"), Decimal("43684.7")),
        ("error", "tables.efficiency-percentage", Decimal("0.40"), Decimal("0.04")),
    ]


def test_redeployments() -> None:
    table = money_table(PERFORMANCE_FINANCIAL_RESOURCES, kind="performance", period="2021/22")
    rows = (
        Redeployment(
            group="military_and_police_personnel",
            original_distribution=Decimal("768.5"),
            redeployment=Decimal(0),
            revised_distribution=Decimal("768.5"),
        ),
        Redeployment(
            group="civilian_personnel",
            original_distribution=Decimal("32534.4"),
            redeployment=Decimal("100.0"),
            revised_distribution=Decimal("32634.4"),
        ),
        Redeployment(
            group="operational_costs",
            original_distribution=Decimal("7995.6"),
            redeployment=Decimal("-100.0"),
            revised_distribution=Decimal("7895.6"),
        ),
        Redeployment(
            group="total",
            original_distribution=Decimal("41298.5"),
            redeployment=Decimal(0),
            revised_distribution=Decimal("41298.5"),
            row_type=TOTAL,
        ),
    )
    redeployments = Redeployments(rows=rows, percentage_of_appropriation=Decimal("0.2"))
    doc = document("performance", "2021/22", financial_tables=(table,), redeployments=redeployments)
    assert run(other_tables, doc) == []
    slipped = Redeployments(
        rows=(
            rows[0],
            rows[1].model_copy(update={"revised_distribution": Decimal("32643.4")}),
            *rows[2:],
        ),
        percentage_of_appropriation=Decimal("2.4"),
    )
    doc = document("performance", "2021/22", financial_tables=(table,), redeployments=slipped)
    assert [f.code for f in run(other_tables, doc)] == [
        "tables.redeployment",
        "tables.redeployment",
        "tables.redeployment-percentage",
    ]


def test_non_budgeted_contributions_and_other_revenue() -> None:
    revenue = (
        AmountRow(label="Investment revenue", amount=Decimal("-16.2")),
        AmountRow(label="Other/miscellaneous revenue", amount=Decimal("57.2")),
        AmountRow(label="Cancellation of prior-period obligations", amount=Decimal("18.8")),
        AmountRow(label="Total", amount=Decimal("59.8"), row_type=TOTAL),
    )
    assert run(other_tables, document("performance", "2021/22", other_revenue=revenue)) == []
    contributions = (
        AmountRow(label="Status-of-mission agreement", amount=Decimal("81.0")),
        AmountRow(label="Total", amount=Decimal("18.0"), row_type=TOTAL),
    )
    assert _codes(run(other_tables, _budget(non_budgeted_contributions=contributions))) == [
        ("error", "tables.amount-total", Decimal("18.0"), Decimal("81.0"))
    ]
    assert ITEM is RowType.ITEM
