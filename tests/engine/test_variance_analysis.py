"""Analysis of variances: the threshold rule, the quoted amounts and percentages, the
direction of the wording and the rates given as causes."""

from __future__ import annotations

from decimal import Decimal

from rbb.engine.checks import variance_analysis
from rbb.model import Finding, IncumbencyRow, Period, PersonnelCategory, VacancyFactor, VacancyKind
from rbb.model.tables import VarianceExplanation, VarianceParagraph

from .builders import document, money_table, run
from .quoted import BUDGET_FINANCIAL_RESOURCES, PERFORMANCE_FINANCIAL_RESOURCES

EXPLAINED_2025_26 = {
    "military_observers": ("123.9", "47.5"),
    "united_nations_police": ("152.4", "46.5"),
    "international_staff": ("2651.2", "12.5"),
    "national_general_service_staff": ("-479.1", "-5.0"),
    "consultants_and_consulting_services": ("-8.5", "-21.6"),
    "facilities_and_infrastructure": ("-355.8", "-12.4"),
    "ground_transportation": ("-88.5", "-38.6"),
    "communications_and_information_technology": ("101.2", "5.7"),
    "medical": ("-6.8", "-7.1"),
    "quick_impact_projects": ("200.0", "100.0"),
}


def _explanation(
    line: str, amount: str, percentage: str, text: str = "", source_line: int = 700
) -> VarianceExplanation:
    sign = "increased" if Decimal(amount) > 0 else "reduced"
    text = text or f"The {sign} requirements are attributable to the application of ..."
    return VarianceExplanation(
        line=line,
        label=line.replace("_", " ").capitalize(),
        amount=Decimal(amount),
        percentage=Decimal(percentage),
        paragraphs=(VarianceParagraph(number=1, text=text, source_line=source_line),),
        source_line=source_line,
    )


def _budget(*explanations: VarianceExplanation, **fields):  # type: ignore[no-untyped-def]
    return document(
        financial_tables=(money_table(BUDGET_FINANCIAL_RESOURCES, first_line=505),),
        variance_explanations=explanations,
        **fields,
    )


def _published() -> list[VarianceExplanation]:
    return [_explanation(line, *figures) for line, figures in EXPLAINED_2025_26.items()]


def test_every_class_over_the_threshold_is_explained() -> None:
    assert run(variance_analysis, _budget(*_published())) == []


def test_a_missing_explanation_is_a_warning() -> None:
    explanations = [e for e in _published() if e.line != "medical"]
    findings = run(variance_analysis, _budget(*explanations))
    assert [
        (f.severity.value, f.code, f.row, f.source_line, f.printed, f.computed) for f in findings
    ] == [
        (
            "warning",
            "variances.explanation-missing",
            "medical",
            525,
            Decimal("-6.8"),
            Decimal("-7.1"),
        )
    ]


def test_a_class_under_the_threshold_needs_no_explanation_but_may_have_one() -> None:
    # United Nations Volunteers: 39.1, 3.9 per cent.
    extra = _explanation("united_nations_volunteers", "39.1", "3.9")
    assert run(variance_analysis, _budget(*_published(), extra)) == []


def test_quoted_amount_and_percentage() -> None:
    explanations = [
        _explanation(line, *figures)
        for line, figures in EXPLAINED_2025_26.items()
        if line != "ground_transportation"
    ]
    explanations.append(_explanation("ground_transportation", "-85.5", "-36.8"))
    findings = run(variance_analysis, _budget(*explanations))
    assert [(f.code, f.printed, f.computed) for f in findings] == [
        ("variances.quoted-amount", Decimal("-85.5"), Decimal("-88.5")),
        ("variances.quoted-percentage", Decimal("-36.8"), Decimal("-38.6")),
    ]


def test_direction_of_the_wording() -> None:
    explanations = [e for e in _published() if e.line != "medical"]
    explanations.append(
        _explanation(
            "medical", "-6.8", "-7.1", "The increased requirements are attributable to ..."
        )
    )
    findings = run(variance_analysis, _budget(*explanations))
    assert [f.code for f in findings] == ["variances.direction"]


def test_performance_direction_is_the_other_way_round() -> None:
    table = money_table(PERFORMANCE_FINANCIAL_RESOURCES, kind="performance", period="2021/22")
    # Official travel 319.8 − 180.4 = 139.4 underspent: "reduced requirements".
    right = _explanation(
        "official_travel", "139.4", "43.6", "The reduced requirements were attributable to ..."
    )
    wrong = _explanation(
        "official_travel", "139.4", "43.6", "The increased requirements were attributable to ..."
    )
    codes = [
        [
            f.code
            for f in run(
                variance_analysis,
                document(
                    "performance", "2021/22", financial_tables=(table,), variance_explanations=(e,)
                ),
            )
            if f.row == "official_travel"
        ]
        for e in (right, wrong)
    ]
    assert codes == [[], ["variances.direction"]]


def _factor(
    category: PersonnelCategory, period: str, kind: VacancyKind, rate: str
) -> VacancyFactor:
    return VacancyFactor(
        category=category,
        period=Period.parse(period),
        kind=kind,
        rate=Decimal(rate),
        source_line=574,
    )


def test_vacancy_rates_given_as_causes_in_a_budget() -> None:
    # Para. 44: "the lower vacancy rate of 8.8 per cent compared with the rate of 16.8 per
    # cent applied in the approved budget for the 2024/25 period".
    text = (
        "The increased requirements are attributable primarily to the application of the "
        "lower vacancy rate of {} per cent compared with the rate of {} per cent applied in "
        "the approved budget for the 2024/25 period."
    )
    factors = (
        _factor(PersonnelCategory.INTERNATIONAL_STAFF, "2025/26", VacancyKind.PROPOSED, "8.8"),
        _factor(PersonnelCategory.INTERNATIONAL_STAFF, "2024/25", VacancyKind.APPROVED, "16.8"),
    )

    def findings(proposed: str, approved: str) -> list[tuple[str, str | None, Decimal | None]]:
        explanations = [e for e in _published() if e.line != "international_staff"]
        explanations.append(
            _explanation("international_staff", "2651.2", "12.5", text.format(proposed, approved))
        )
        return [
            (f.code, f.column, f.printed)
            for f in run(variance_analysis, _budget(*explanations, vacancy_factors=factors))
        ]

    assert findings("8.8", "16.8") == []
    assert findings("8.8", "18.6") == [
        ("variances.vacancy-rate", "approved vacancy rate", Decimal("18.6"))
    ]
    assert findings("9.8", "16.8") == [
        ("variances.vacancy-rate", "proposed vacancy rate", Decimal("9.8"))
    ]


def test_vacancy_rate_against_incumbency_in_a_performance_report() -> None:
    # Para. 54 (b): "the higher actual average vacancy rate of 2.2 per cent for national
    # General Service staff compared with the budgeted vacancy rate of 1 per cent".
    table = money_table(PERFORMANCE_FINANCIAL_RESOURCES, kind="performance", period="2021/22")
    incumbency = (
        IncumbencyRow(
            category=PersonnelCategory.NATIONAL_GENERAL_SERVICE_STAFF,
            label="National General Service staff",
            approved=Decimal(186),
            actual_average=Decimal(181),
            vacancy_rate=Decimal("2.7"),
            source_line=87,
        ),
    )
    text = (
        "The reduced requirements were attributable mainly to: (a) the depreciation of the "
        "euro; and (b) the higher actual average vacancy rate of {} per cent for national "
        "General Service staff compared with the budgeted vacancy rate of 1 per cent."
    )

    def findings(rate: str) -> list[tuple[str, Decimal | None, Decimal | None]]:
        explanation = _explanation("national_staff", "463.6", "4.1", text.format(rate))
        doc = document(
            "performance",
            "2021/22",
            financial_tables=(table,),
            incumbency=incumbency,
            variance_explanations=(explanation,),
        )
        return [
            (f.code, f.printed, f.computed)
            for f in run(variance_analysis, doc)
            if f.code == "variances.vacancy-rate"
        ]

    assert findings("2.7") == []
    assert findings("2.2") == [("variances.vacancy-rate", Decimal("2.2"), Decimal("2.7"))]


def _exchange_rate_findings(sentence: str, first: str, second: str) -> list[Finding]:
    """Two explanations quoting ``sentence`` with the rates ``first`` then ``second``."""
    table = money_table(PERFORMANCE_FINANCIAL_RESOURCES, kind="performance", period="2021/22")
    explanations = (
        _explanation("military_observers", "77.6", "21.7", sentence.format(first)),
        _explanation(
            "united_nations_police", "74.9", "18.2", sentence.format(second), source_line=4370
        ),
    )
    doc = document(
        "performance", "2021/22", financial_tables=(table,), variance_explanations=explanations
    )
    return [f for f in run(variance_analysis, doc) if f.code == "variances.exchange-rate"]


def test_exchange_rates_agree_across_explanations() -> None:
    findings = _exchange_rate_findings(
        "The reduced requirements were attributable mainly to the depreciation of the "
        "euro against the United States dollar, with an actual average rate of {} euros "
        "to 1 United States dollar compared with the budgeted rate of 0.837.", "0.892", "0.829")
    assert [(f.row, f.column, f.printed, f.computed) for f in findings] == [
        ("united_nations_police", "actual exchange rate", Decimal("0.829"), Decimal("0.892"))
    ]


def test_exchange_rates_in_any_currency_of_the_reference_data() -> None:
    """A mission costed in CFA francs (invented wording): 591.9 against 612.4 is a slip,
    named in the mission's own currency; a vacancy rate in the same sentence is not a
    rate of exchange."""
    findings = _exchange_rate_findings(
        "Higher requirements owing to the appreciation of the CFA franc, at an actual "
        "average rate of {} CFA francs to one dollar against the budgeted rate of 560.0, "
        "and an actual vacancy rate of 10.5 per cent.", "591.9", "612.4")
    assert [(f.row, f.column, f.printed, f.computed) for f in findings] == [
        ("united_nations_police", "actual exchange rate", Decimal("612.4"), Decimal("591.9"))
    ]
    assert "612.4 CFA francs to the dollar" in findings[0].message


def test_an_explanation_for_a_line_the_table_does_not_print() -> None:
    explanation = _explanation("marine_operations", "10.0", "5.0")
    doc = _budget(*_published(), explanation)
    assert [f.code for f in run(variance_analysis, doc)] == ["variances.quoted-amount"]
    doc = document(
        financial_tables=(
            money_table(
                BUDGET_FINANCIAL_RESOURCES.replace("Marine operations\t—\t—\t—\t—\t—\n", "")
            ),
        ),
        variance_explanations=(*_published(), explanation),
    )
    assert [f.code for f in run(variance_analysis, doc)] == ["variances.unknown-class"]
