"""Figures quoted in the prose against the tables (sentences quoted from the seeds)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from rbb.engine.checks import personnel_counts, prose_figures
from rbb.engine.checks.quoted_parts import parts_totals
from rbb.model import (
    Component,
    ExpectedAccomplishment,
    IncumbencyRow,
    Indicator,
    IndicatorValue,
    Output,
    Period,
    PersonnelCategory,
    VacancyFactor,
    VacancyKind,
)
from rbb.model.tables import Paragraph, QuickImpactProjects

from .builders import document, money_table, run
from .quoted import BUDGET_FINANCIAL_RESOURCES, PERFORMANCE_FINANCIAL_RESOURCES
from .test_staffing_tables import component_tables


def _paragraph(text: str, line: int = 57, section: str = "Summary") -> Paragraph:
    return Paragraph(section=section, text=text, source_line=line)


def _budget(*paragraphs: Paragraph, **fields):  # type: ignore[no-untyped-def]
    return document(
        financial_tables=(money_table(BUDGET_FINANCIAL_RESOURCES),), paragraphs=paragraphs, **fields
    )


def _performance(*paragraphs: Paragraph, **fields):  # type: ignore[no-untyped-def]
    table = money_table(PERFORMANCE_FINANCIAL_RESOURCES, kind="performance", period="2021/22")
    return document(
        "performance", "2021/22", financial_tables=(table,), paragraphs=paragraphs, **fields
    )


def _found(doc):  # type: ignore[no-untyped-def]
    findings = run((prose_figures, personnel_counts), doc)
    return [(f.severity.value, f.code, f.printed, f.computed) for f in findings]


SUMMARY_57 = (
    "The proposed budget in the amount of \\$46,045,300 represents an increase of "
    "\\$2,360,600, or 5.4 per cent, compared with the apportionment of \\$43,684,700 "
    "for the 2024/25 period."
)


def test_amounts_in_full_and_the_percentage_beside_them() -> None:
    assert _found(_budget(_paragraph(SUMMARY_57))) == []
    text = SUMMARY_57.replace("2,360,600", "2,630,600").replace("5.4 per", "6.4 per")
    assert _found(_budget(_paragraph(text))) == [
        ("error", "prose.amount", Decimal("2630.6"), Decimal("2360.6")),
        ("error", "prose.percentage", Decimal("6.4"), Decimal("5.4")),
    ]


def test_amounts_in_millions_round_half_away_from_zero() -> None:
    # Performance summary: "$0.4 million under civilian personnel ..., reduced requirements
    # of $0.1 million under operational costs ..." — 381.3 and 152.1 in the table.
    text = (
        "The budget implementation reflects reduced requirements in the amount of $0.4 "
        "million under civilian personnel owing mainly to lower national staff costs, "
        "reduced requirements of $0.1 million under operational costs owing mainly to "
        "lower-than-budgeted expenditure, and reduced requirements of $0.2 million under "
        "military and police personnel owing mainly to the absence of claims."
    )
    assert _found(_performance(_paragraph(text, 17))) == [
        ("error", "prose.millions", Decimal("0.1"), Decimal("0.2"))
    ]


def test_a_million_of_another_period_is_left_alone() -> None:
    text = (
        "UNMIK incurred $40.6 million in expenditure for the reporting period, representing "
        "a resource utilization rate of 98.3 per cent, compared with $39.7 million in "
        "expenditure and a resource utilization rate of 99.6 per cent in the 2020/21 "
        "period."
    )
    assert _found(_performance(_paragraph(text, 11))) == []
    wrong = text.replace("98.3 per cent", "95.3 per cent")
    assert _found(_performance(_paragraph(wrong, 11))) == [
        ("error", "prose.percentage", Decimal("95.3"), Decimal("98.3"))
    ]


def test_amounts_whose_wording_names_no_table_figure() -> None:
    text = (
        "Provision of planning and sourcing support for the acquisition of goods and "
        "commodities in the amount of $1.1 million"
    )
    assert _found(_performance(_paragraph(text, 3880))) == []


@pytest.mark.parametrize(
    ("text", "total", "parts"),
    [
        (
            "Management of supply and storage of 202,500 litres of fuel (70,000 litres for ground "
            "transportation, 69,000 litres for generators and other facilities, 63,000 litres of "
            "liquefied petroleum gas for heating and 500 litres of oil and lubricants)",
            202500,
            (70000, 69000, 63000, 500),
        ),
        (
            "146,487 litres of diesel and gas for generators and other facilities "
            "(72,984 litres of diesel and 72,902 litres of liquefied petroleum gas) "
            "and 60 litres of oil",
            146487,
            (72984, 72902),
        ),
        (
            "Meetings were held by the field offices in North Mitrovica (221), "
            "South Mitrovica (48), Zveçan/Zvečan (131), Leposaviq/Leposavić (287) "
            "and Zubin Potok (134), and by the "
            "Mitrovica Regional Office (26), with local authorities",
            847,
            (221, 48, 131, 287, 134, 26),
        ),
    ],
)
def test_totals_and_their_parts(text: str, total: int, parts: tuple[int, ...]) -> None:
    found = parts_totals(text, 847)
    assert [(f.total, f.parts) for f in found] == [(total, parts)]


def test_bulleted_lists_after_a_colon() -> None:
    remark = (
        "Virtual and in-person meetings were held as follows:\n"
        "50 meetings of heads of international organizations\n"
        "14 meetings of heads of diplomatic missions\n"
        "152 meetings were held with the diplomatic corps and 60 meetings were held with "
        "United Nations entities. The meetings focused on political developments\n"
        "16 meetings were held with KFOR\n21 meetings were held with NGOs\n"
        "The higher-than-planned number of meetings was attributable mainly to ..."
    )
    assert parts_totals(remark, 313) == []
    assert [(f.total, f.sum) for f in parts_totals(remark, 331)] == [(331, 253)]
    waste = (
        "UNMIK provided waste management services at 4 sites, as follows:\n"
        "103 kg (solid) of outdated drugs\n134 litres (liquid) of outdated drugs"
    )
    assert parts_totals(waste) == []  # 4 sites is not a total of kilograms


def test_parts_total_finding_on_an_output() -> None:
    output = Output(
        text="Operation and maintenance of 76 United Nations-owned vehicles (50 "
        "light passenger vehicles, 11 special-purpose vehicles, 2 ambulances, "
        "5 armoured vehicles and 9 other specialized vehicles)",
        source_line=3979,
    )
    component = Component(
        key="support",
        number=2,
        name="support",
        expected_accomplishments=(
            ExpectedAccomplishment(number="2.1", text="...", outputs=(output,)),
        ),
    )
    assert _found(_performance(components=(component,))) == [
        ("error", "prose.parts-total", Decimal(76), Decimal(77))
    ]


def test_personnel_counts_in_the_summary() -> None:
    text = (
        "The proposed budget provides for the deployment of 8 military observers and staff "
        "officers, 10 United Nations police officers, 28 international staff, 7 National "
        "Professional Officers, 84 national General Service staff and 4 United Nations "
        "Volunteers."
    )
    doc = _budget(_paragraph(text, 61), staffing_tables=component_tables())
    assert _found(doc) == []
    doc = _budget(
        _paragraph(text.replace("84 national", "86 national"), 61),
        staffing_tables=component_tables(),
    )
    assert _found(doc) == [("error", "prose.personnel-count", Decimal(86), Decimal(84))]


def _incumbency() -> tuple[IncumbencyRow, ...]:
    rows = (
        (PersonnelCategory.MILITARY_OBSERVERS, 8, 8),
        (PersonnelCategory.UNITED_NATIONS_POLICE, 10, 9),
        (PersonnelCategory.INTERNATIONAL_STAFF, 113, 100),
        (PersonnelCategory.NATIONAL_PROFESSIONAL_OFFICERS, 33, 33),
        (PersonnelCategory.NATIONAL_GENERAL_SERVICE_STAFF, 186, 181),
        (PersonnelCategory.UNITED_NATIONS_VOLUNTEERS_INTERNATIONAL, 24, 22),
    )
    return tuple(
        IncumbencyRow(
            category=c,
            label=c.value,
            approved=Decimal(a),
            actual_average=Decimal(b),
            vacancy_rate=None,
        )
        for c, a, b in rows
    )


def test_personnel_counts_against_incumbency() -> None:
    own = (
        "Support was provided to the Mission's average strength of 8 military observers, 9 "
        "United Nations police officers and 336 civilian personnel."
    )
    assert _found(_performance(_paragraph(own, 3093), incumbency=_incumbency())) == []
    wrong = own.replace("336 civilian", "346 civilian")
    assert _found(_performance(_paragraph(wrong, 3093), incumbency=_incumbency())) == [
        ("error", "prose.personnel-count", Decimal(346), Decimal(336))
    ]
    # Paragraph 1 recounts the proposed budget: a difference is only a warning.
    proposal = (
        "It provided for 8 military observers; 10 police personnel; 112 international "
        "staff; 220 national staff, including 34 National Professional Officers; and 24 "
        "United Nations Volunteers."
    )
    assert [
        f[0] for f in _found(_performance(_paragraph(proposal, 106), incumbency=_incumbency()))
    ] == ["warning"] * 3


def test_quick_impact_projects_counted_in_words() -> None:
    qips = (
        QuickImpactProjects(
            period=Period.parse("2025/26"),
            kind="proposed",
            amount=Decimal("200.0"),
            number_of_projects=4,
        ),
    )
    text = "UNMIK proposes four quick-impact projects, amounting \\$200,000 for the 2025/26 period."
    assert _found(_budget(_paragraph(text, 137), quick_impact_projects=qips)) == []
    text = text.replace("four", "five")
    assert _found(_budget(_paragraph(text, 137), quick_impact_projects=qips)) == [
        ("error", "prose.project-count", Decimal(5), Decimal(4))
    ]


def test_shares_quoted_as_n_of_m() -> None:
    text = "As at 31 December 2024, 12 of the 16 outstanding recommendations (75 per cent) ..."
    assert _found(_budget(_paragraph(text, 733))) == []
    assert _found(_budget(_paragraph(text.replace("(75", "(57"), 733))) == [
        ("error", "prose.percentage", Decimal(57), Decimal(75))
    ]


def test_indicator_of_international_posts_vacant() -> None:
    factors = tuple(
        VacancyFactor(
            category=PersonnelCategory.INTERNATIONAL_STAFF,
            period=Period.parse(p),
            kind=k,
            rate=Decimal(r),
        )
        for p, k, r in (
            ("2023/24", VacancyKind.ACTUAL, "14.2"),
            ("2024/25", VacancyKind.APPROVED, "16.8"),
            ("2025/26", VacancyKind.PROPOSED, "8.8"),
        )
    )

    def indicator(values: tuple[str, str, str]) -> Component:
        return Component(
            key="support",
            number=2,
            name="support",
            expected_accomplishments=(
                ExpectedAccomplishment(
                    number="2.1",
                    text="...",
                    indicators=(
                        Indicator(
                            number="2.1.1",
                            text="Average annual percentage of approved international posts vacant",
                            values=tuple(
                                IndicatorValue(period=Period.parse(p), text=v, value=Decimal(v))
                                for p, v in zip(
                                    ("2023/24", "2024/25", "2025/26"), values, strict=True
                                )
                            ),
                        ),
                    ),
                ),
            ),
        )

    ok = indicator(("14.2", "16.8", "8.8"))
    assert _found(_budget(components=(ok,), vacancy_factors=factors)) == []
    slipped = indicator(("14.2", "16.8", "9.8"))
    assert _found(_budget(components=(slipped,), vacancy_factors=factors)) == [
        ("error", "prose.indicator-vacancy", Decimal("9.8"), Decimal("8.8"))
    ]


def test_mission_support_ratio() -> None:
    from rbb.model.tables import FollowUp

    def follow(ratio: str) -> FollowUp:
        return FollowUp(
            body="general_assembly",
            request="...",
            source_line=734,
            action=f"The Mission support ratio (the total number of mission support "
            f"and security personnel per 1,000 total mission personnel) in "
            f"the 2024/25 period is {ratio}, higher than 479.9 in the "
            f"2018/19 period.",
        )

    tables = component_tables()  # support 123 of 141 in this shortened table
    assert _found(_budget(staffing_tables=tables, follow_up=(follow("872.3"),))) == []
    assert _found(_budget(staffing_tables=tables, follow_up=(follow("481.3"),))) == [
        ("error", "prose.support-ratio", Decimal("481.3"), Decimal("123") * 1000 / Decimal("141"))
    ]
