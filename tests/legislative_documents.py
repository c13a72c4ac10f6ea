"""Hand-made legislative documents (issue 17) for the tests of every layer: a report of
the Advisory Committee on a mission's budget and a General Assembly resolution on its
financing, each with the text it would be read from.

Two sets: a fictional mission ("MINUFIC", the United Nations Mission in Fictonia,
2027/28), whose text and figures are invented and derived by hand below; and UNMIK
2025/26, whose proposal is the seed budget's (``src/rbb/data/seeds/unmik-budget-2025-26.txt``
line 55 and 722: "$46,045,300"; official travel 315.8 on line 521; staff assessment
income 4 887.8 on line 75) while the recommendation and the appropriation are hand-made
(NOT the Advisory Committee's A/79 report nor the Assembly's resolution of 2025, whose
texts the project does not hold): they let the cycle be tested against the stored seed.

Every source line is the line of the text below that prints the figure (``line_of``).
Other engineers import these: keep the names stable.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from rbb.model import Document, DocumentKind, Period, Stage
from rbb.model.legislative import (
    Decision,
    DecisionKind,
    FinancingFigure,
    FinancingPart,
    Recommendation,
    RecommendationKind,
    StageFigure,
    StageLevel,
)
from rbb.model.mission import Mission, mission_for_code

FICTONIA = Mission(code="MINUFIC", name="United Nations Mission in Fictonia", provisional=True)
FICTONIA_PERIOD = Period.parse("2027/28")
UNMIK_PERIOD = Period.parse("2025/26")


def line_of(text: str, fragment: str) -> int:
    """The 1-based line of ``text`` holding ``fragment`` (exactly one line must)."""
    found = [n for n, line in enumerate(text.splitlines(), start=1) if fragment in line]
    assert len(found) == 1, f"{fragment!r} is on lines {found}"
    return found[0]


# --- the Advisory Committee on Fictonia 2027/28 ---------------------------------------

FICTONIA_ACABQ_TEXT = "".join((
    "United Nations A/82/700/Add.9\n",
    "General Assembly\n",
    "Eighty-second session\n",
    "Agenda item 150\n",
    "Financing of the United Nations Mission in Fictonia\n",
    "Budget for the United Nations Mission in Fictonia for the period from 1 July "
    "2027 to 30 June 2028\n",
    "Report of the Advisory Committee on Administrative and Budgetary Questions\n",
    "1. The Advisory Committee has considered the report of the Secretary-General on "
    "the budget (A/82/650).\n",
    "2. The proposed budget for the period from 1 July 2027 to 30 June 2028 amounts "
    "to $123,456,700.\n",
    "15. The Advisory Committee recommends a reduction of $200,000 to the proposed "
    "resources under consultants and consulting services.\n",
    "17. The Committee recommends a reduction of 10 per cent ($85,000) to the "
    "proposed resources of $850,000 under official travel.\n",
    "21. The Advisory Committee recommends against the establishment of 2 posts "
    "(P-3).\n",
    "25. The Advisory Committee requests the Secretary-General to provide an update "
    "on the vacancy rates in the next budget submission.\n",
    "30. The Advisory Committee recommends that the General Assembly approve "
    "$123,171,700 for the period.\n",
))
"""Invented. The recommended total is derived by hand: 123 456.7 − 200.0 − 85.0 =
123 171.7 (thousands of dollars); official travel 850.0 − 85.0 = 765.0; consultants,
proposed 1 200.0 (stated nowhere in the text: the class figure carries no line),
1 200.0 − 200.0 = 1 000.0."""


def fictonia_acabq_report() -> Document:
    text = FICTONIA_ACABQ_TEXT

    def at(fragment: str) -> int:
        return line_of(text, fragment)

    period = FICTONIA_PERIOD
    return Document(
        kind=DocumentKind.ACABQ_REPORT, mission=FICTONIA, period=period,
        title="Budget for the United Nations Mission in Fictonia for the period from "
              "1 July 2027 to 30 June 2028: report of the Advisory Committee",
        symbol="A/82/700/Add.9", date=dt.date(2028, 4, 20), session="Eighty-second session",
        agenda_item="150", concerns=("A/82/650",),
        stage_figures=(
            StageFigure(stage=Stage.COST_ESTIMATES, period=period, amount=Decimal("123456.7"),
                        paragraph="2", source_line=at("$123,456,700")),
            StageFigure(stage=Stage.ACABQ_RECOMMENDED, period=period,
                        amount=Decimal("123171.7"), paragraph="30",
                        source_line=at("$123,171,700")),
            StageFigure(stage=Stage.COST_ESTIMATES, period=period, level=StageLevel.CLASS,
                        key="official_travel", amount=Decimal("850.0"), paragraph="17",
                        source_line=at("$850,000")),
            StageFigure(stage=Stage.ACABQ_RECOMMENDED, period=period, level=StageLevel.CLASS,
                        key="official_travel", amount=Decimal("765.0"), paragraph="17",
                        source_line=at("$850,000")),
            StageFigure(stage=Stage.ACABQ_RECOMMENDED, period=period, level=StageLevel.CLASS,
                        key="consultants_and_consulting_services", amount=Decimal("1000.0"),
                        paragraph="15"),
        ),
        recommendations=(
            Recommendation(kind=RecommendationKind.REDUCE, paragraph="15",
                           text="a reduction of $200,000 under consultants and consulting "
                                "services", amounts=(Decimal("200.0"),),
                           amount_source_lines=(at("$200,000"),),
                           class_code="consultants_and_consulting_services",
                           source_line=at("$200,000")),
            Recommendation(kind=RecommendationKind.REDUCE, paragraph="17",
                           text="a reduction of 10 per cent ($85,000) under official travel",
                           amounts=(Decimal("85.0"), Decimal("850.0")),
                           amount_source_lines=(at("$85,000"), at("$85,000")),
                           class_code="official_travel", source_line=at("$85,000")),
            Recommendation(kind=RecommendationKind.NOT_APPROVE, paragraph="21",
                           text="against the establishment of 2 posts (P-3)", posts=2,
                           source_line=at("2 posts (P-3)")),
            Recommendation(kind=RecommendationKind.REQUEST, paragraph="25",
                           text="an update on the vacancy rates in the next budget submission",
                           source_line=at("update on the vacancy rates")),
            Recommendation(kind=RecommendationKind.APPROVE, paragraph="30",
                           text="that the General Assembly approve $123,171,700",
                           amounts=(Decimal("123171.7"),),
                           amount_source_lines=(at("$123,171,700"),),
                           source_line=at("$123,171,700")),
        ),
    )


# --- the Assembly on Fictonia 2027/28 ---------------------------------------------------

FICTONIA_RESOLUTION_TEXT = "".join((
    "United Nations A/RES/82/301\n",
    "General Assembly\n",
    "Eighty-second session\n",
    "Agenda item 150\n",
    "Resolution adopted by the General Assembly on 30 June 2028\n",
    "82/301. Financing of the United Nations Mission in Fictonia\n",
    "The General Assembly,\n",
    "Having considered the reports of the Secretary-General (A/82/650) and the "
    "related report of the Advisory Committee (A/82/700/Add.9),\n",
    "5. Requests the Secretary-General to ensure the full implementation of the "
    "relevant provisions of its resolutions;\n",
    "14. Decides to appropriate to the Special Account for the Mission the amount of "
    "$129,838,300 for the period from 1 July 2027 to 30 June 2028, inclusive of "
    "$123,171,700 for the maintenance of the Mission, $5,432,100 for the support "
    "account and $1,234,500 for the United Nations Logistics Base;\n",
    "15. Also decides to apportion among Member States the amount of $129,838,300;\n",
    "16. Further decides to set off the amount of $9,876,500 in staff assessment "
    "income;\n",
    "18. Decides that the unencumbered balance of $2,345,600 and other revenue of "
    "$1,111,100 for the period ended 30 June 2026 shall be credited to Member "
    "States;\n",
))
"""Invented. The appropriation is the sum of its parts, by hand: 123 171.7 + 5 432.1 +
1 234.5 = 129 838.3 (thousands of dollars), the maintenance being the Committee's
recommended total above."""


def fictonia_resolution() -> Document:
    text = FICTONIA_RESOLUTION_TEXT

    def at(fragment: str) -> int:
        return line_of(text, fragment)

    period, balance_period = FICTONIA_PERIOD, Period.parse("2025/26")
    appropriated = at("Decides to appropriate")
    return Document(
        kind=DocumentKind.GA_RESOLUTION, mission=FICTONIA, period=period,
        title="Financing of the United Nations Mission in Fictonia", symbol="A/RES/82/301",
        date=dt.date(2028, 6, 30), session="Eighty-second session", agenda_item="150",
        concerns=("A/82/650", "A/82/700/Add.9"),
        stage_figures=(
            StageFigure(stage=Stage.APPROPRIATION, period=period, amount=Decimal("123171.7"),
                        paragraph="14", source_line=appropriated),
        ),
        decisions=(
            Decision(kind=DecisionKind.REQUEST, paragraph="5",
                     text="Requests the Secretary-General to ensure the full implementation",
                     source_line=at("5. Requests")),
            Decision(kind=DecisionKind.APPROPRIATE, paragraph="14",
                     text="Decides to appropriate the amount of $129,838,300",
                     amounts=(Decimal("129838.3"), Decimal("123171.7"), Decimal("5432.1"),
                              Decimal("1234.5")),
                     amount_source_lines=(appropriated,) * 4, source_line=appropriated),
            Decision(kind=DecisionKind.APPORTION, paragraph="15",
                     text="Also decides to apportion among Member States $129,838,300",
                     amounts=(Decimal("129838.3"),), source_line=at("15. Also decides")),
            Decision(kind=DecisionKind.STAFF_ASSESSMENT, paragraph="16",
                     text="Further decides to set off $9,876,500 in staff assessment income",
                     amounts=(Decimal("9876.5"),), source_line=at("$9,876,500")),
            Decision(kind=DecisionKind.CREDIT, paragraph="18",
                     text="the unencumbered balance and other revenue shall be credited",
                     amounts=(Decimal("2345.6"), Decimal("1111.1")),
                     source_line=at("$2,345,600")),
        ),
        financing=(
            FinancingFigure(part=FinancingPart.APPROPRIATED, period=period,
                            amount=Decimal("129838.3"), paragraph="14",
                            source_line=appropriated),
            FinancingFigure(part=FinancingPart.MAINTENANCE, period=period,
                            amount=Decimal("123171.7"), paragraph="14",
                            source_line=appropriated),
            FinancingFigure(part=FinancingPart.SUPPORT_ACCOUNT, period=period,
                            amount=Decimal("5432.1"), paragraph="14",
                            source_line=appropriated),
            FinancingFigure(part=FinancingPart.LOGISTICS_BASE, period=period,
                            amount=Decimal("1234.5"), paragraph="14",
                            source_line=appropriated),
            FinancingFigure(part=FinancingPart.APPORTIONED, period=period,
                            amount=Decimal("129838.3"), paragraph="15",
                            source_line=at("15. Also decides")),
            FinancingFigure(part=FinancingPart.STAFF_ASSESSMENT, period=period,
                            amount=Decimal("9876.5"), paragraph="16",
                            source_line=at("$9,876,500")),
            FinancingFigure(part=FinancingPart.UNENCUMBERED_BALANCE, period=balance_period,
                            amount=Decimal("2345.6"), paragraph="18",
                            source_line=at("$2,345,600")),
            FinancingFigure(part=FinancingPart.OTHER_REVENUE, period=balance_period,
                            amount=Decimal("1111.1"), paragraph="18",
                            source_line=at("$1,111,100")),
        ),
    )


# --- UNMIK 2025/26: the seed budget's proposal, a hand-made recommendation ---------------

UNMIK_ACABQ_TEXT = "".join((
    "Hand-made for rbb's tests: not the Advisory Committee's report on UNMIK for "
    "2025/26.\n",
    "Budget for the United Nations Interim Administration Mission in Kosovo for the "
    "period from 1 July 2025 to 30 June 2026\n",
    "Report of the Advisory Committee on Administrative and Budgetary Questions\n",
    "3. The proposed budget for UNMIK for the period from 1 July 2025 to 30 June "
    "2026 amounts to $46,045,300.\n",
    "20. The Advisory Committee recommends a reduction of $31,600 to the proposed "
    "resources of $315,800 under official travel.\n",
    "28. The Advisory Committee recommends that the General Assembly approve "
    "$46,013,700 for the period.\n",
))
"""The proposal is the seed budget's ($46,045,300; official travel 315.8); the reduction
is invented, the rest derived by hand: 46 045.3 − 31.6 = 46 013.7; 315.8 − 31.6 = 284.2."""


def unmik_acabq_report() -> Document:
    text = UNMIK_ACABQ_TEXT

    def at(fragment: str) -> int:
        return line_of(text, fragment)

    period = UNMIK_PERIOD
    return Document(
        kind=DocumentKind.ACABQ_REPORT, mission=mission_for_code("UNMIK"), period=period,
        title="Budget for the United Nations Interim Administration Mission in Kosovo for the "
              "period from 1 July 2025 to 30 June 2026: report of the Advisory Committee "
              "(hand-made)",
        stage_figures=(
            StageFigure(stage=Stage.COST_ESTIMATES, period=period, amount=Decimal("46045.3"),
                        paragraph="3", source_line=at("$46,045,300")),
            StageFigure(stage=Stage.ACABQ_RECOMMENDED, period=period,
                        amount=Decimal("46013.7"), paragraph="28",
                        source_line=at("$46,013,700")),
            StageFigure(stage=Stage.ACABQ_RECOMMENDED, period=period, level=StageLevel.CLASS,
                        key="official_travel", amount=Decimal("284.2"), paragraph="20",
                        source_line=at("$31,600")),
        ),
        recommendations=(
            Recommendation(kind=RecommendationKind.REDUCE, paragraph="20",
                           text="a reduction of $31,600 under official travel",
                           amounts=(Decimal("31.6"), Decimal("315.8")),
                           amount_source_lines=(at("$31,600"), at("$315,800")),
                           class_code="official_travel", source_line=at("$31,600")),
            Recommendation(kind=RecommendationKind.APPROVE, paragraph="28",
                           text="that the General Assembly approve $46,013,700",
                           amounts=(Decimal("46013.7"),), source_line=at("$46,013,700")),
        ),
    )


UNMIK_RESOLUTION_TEXT = "".join((
    "Hand-made for rbb's tests: not the General Assembly's resolution on UNMIK of "
    "2025.\n",
    "Financing of the United Nations Interim Administration Mission in Kosovo\n",
    "12. Decides to appropriate to the Special Account for the Mission the amount of "
    "$46,013,700 for the maintenance of the Mission for the period from 1 July 2025 "
    "to 30 June 2026;\n",
    "13. Also decides to apportion among Member States the amount of $46,013,700;\n",
    "14. Further decides to set off the amount of $4,887,800 in staff assessment "
    "income;\n",
))
"""The appropriation is the hand-made recommendation above (46 013.7); the staff
assessment income is the seed budget's estimate for 2025/26 (4 887.8, line 75)."""


def unmik_resolution() -> Document:
    text = UNMIK_RESOLUTION_TEXT

    def at(fragment: str) -> int:
        return line_of(text, fragment)

    period = UNMIK_PERIOD
    return Document(
        kind=DocumentKind.GA_RESOLUTION, mission=mission_for_code("UNMIK"), period=period,
        title="Financing of the United Nations Interim Administration Mission in Kosovo "
              "(hand-made)",
        stage_figures=(
            StageFigure(stage=Stage.APPROPRIATION, period=period, amount=Decimal("46013.7"),
                        paragraph="12", source_line=at("12. Decides")),
        ),
        decisions=(
            Decision(kind=DecisionKind.APPROPRIATE, paragraph="12",
                     text="Decides to appropriate the amount of $46,013,700",
                     amounts=(Decimal("46013.7"),), source_line=at("12. Decides")),
            Decision(kind=DecisionKind.APPORTION, paragraph="13",
                     text="Also decides to apportion $46,013,700",
                     amounts=(Decimal("46013.7"),), source_line=at("13. Also")),
            Decision(kind=DecisionKind.STAFF_ASSESSMENT, paragraph="14",
                     text="Further decides to set off $4,887,800 in staff assessment income",
                     amounts=(Decimal("4887.8"),), source_line=at("14. Further")),
        ),
        financing=(
            FinancingFigure(part=FinancingPart.APPROPRIATED, period=period,
                            amount=Decimal("46013.7"), paragraph="12",
                            source_line=at("12. Decides")),
            FinancingFigure(part=FinancingPart.MAINTENANCE, period=period,
                            amount=Decimal("46013.7"), paragraph="12",
                            source_line=at("12. Decides")),
            FinancingFigure(part=FinancingPart.APPORTIONED, period=period,
                            amount=Decimal("46013.7"), paragraph="13",
                            source_line=at("13. Also")),
            FinancingFigure(part=FinancingPart.STAFF_ASSESSMENT, period=period,
                            amount=Decimal("4887.8"), paragraph="14",
                            source_line=at("14. Further")),
        ),
    )


def fictonia_documents() -> list[tuple[Document, str]]:
    """The fictional mission's two documents with their texts (for ``save(source_text=)``)."""
    return [(fictonia_acabq_report(), FICTONIA_ACABQ_TEXT),
            (fictonia_resolution(), FICTONIA_RESOLUTION_TEXT)]


def unmik_documents() -> list[tuple[Document, str]]:
    return [(unmik_acabq_report(), UNMIK_ACABQ_TEXT), (unmik_resolution(), UNMIK_RESOLUTION_TEXT)]
