"""Checks across the cycle (docs/checks.md, "Across the cycle"): the apportionment is the
appropriation, the Committee's recommended total is its arithmetic, the actions to be
taken by the General Assembly are the report's tables, a cited request exists.

The legislative documents are built in memory (the way their importers will give them)
and checked through the interface ``rbb check`` uses: ``check_document`` for one
document, ``check_across`` for the documents given together. Figures are those of the
UNMIK seeds (cited by line) or of a fictional mission, derived by hand in comments.
"""

from __future__ import annotations

from decimal import Decimal

from rbb.engine.checks import check_across, check_document
from rbb.engine.checks.cited_requests import Paragraph, cited_document, cited_paragraphs
from rbb.engine.checks.cycle import reduction
from rbb.model import (
    Decision,
    DecisionKind,
    Document,
    DocumentKind,
    FinancingFigure,
    FinancingPart,
    Finding,
    Mission,
    Period,
    Recommendation,
    RecommendationKind,
    Severity,
    Stage,
    StageFigure,
)
from rbb.model.tables import FollowUp, GeneralAssemblyAction

from ..builders import UNMIK, money_table
from ..seeds import doctored, seed_document

FICTIONAL = Mission(code="UNFIM", name="United Nations Fictional Interim Mission",
                    provisional=True)


def _cycle(findings: list[Finding]) -> list[tuple[object, ...]]:
    return [(f.code, f.severity, f.document, f.source_line, f.column, f.printed, f.computed)
            for f in findings if f.code.startswith("cycle.")]


def resolution(mission: Mission, period: str, symbol: str, **fields: object) -> Document:
    return Document(kind=DocumentKind.GA_RESOLUTION, mission=mission,
                    period=Period.parse(period), title=f"{symbol}. Financing", symbol=symbol,
                    **fields)  # type: ignore[arg-type]


def appropriation(period: str, amount: str, paragraph: str, line: int) -> StageFigure:
    return StageFigure(stage=Stage.APPROPRIATION, period=Period.parse(period),
                       amount=Decimal(amount), paragraph=paragraph, source_line=line)


# --- cycle.apportionment -------------------------------------------------------

# Performance report 2021/22, para. 3 (seed lines 126-127): "The General Assembly, in
# its resolution 75/301, appropriated an amount of $41,298,500 gross ... for the
# maintenance of the Mission for the period from 1 July 2021 to 30 June 2022"; its table
# prints the apportionment "Gross requirements 41 298.5" on line 4114.
RESOLUTION_75_301 = resolution(UNMIK, "2021/22", "A/RES/75/301",
                               stage_figures=(appropriation("2021/22", "41298.5", "3", 20),))


def test_the_seed_performance_report_apportions_what_was_appropriated() -> None:
    performance = seed_document("performance")
    assert _cycle(check_across([performance, RESOLUTION_75_301])) == []


def test_a_corrupted_appropriation_is_found_on_the_gross_row() -> None:
    performance = seed_document("performance")
    figure = RESOLUTION_75_301.stage_figures[0].model_copy(update={"amount": Decimal("41289.5")})
    corrupted = RESOLUTION_75_301.model_copy(update={"stage_figures": (figure,)})
    findings = [f for f in check_across([performance, corrupted])
                if f.code == "cycle.apportionment"]
    assert _cycle(findings) == [
        ("cycle.apportionment", Severity.ERROR, "UNMIK 2021/22 performance", 4114,
         "apportionment_2021_22", Decimal("41298.5"), Decimal("41289.5"))]
    assert findings[0].row == "gross_requirements"
    assert "A/RES/75/301, para. 3, line 20" in findings[0].message


def test_the_budget_seed_against_an_appropriation_for_its_previous_period() -> None:
    # Budget 2025/26, line 532: "Gross requirements 40 628.9 43 684.7 46 045.3": the
    # apportionment of 2024/25 is 43 684.7 ("the apportionment of $43,684,700 for the
    # 2024/25 period", line 57). A resolution for 2024/25 appropriating $43,684,700 agrees;
    # one appropriating $43,648,700 (digits swapped) does not.
    budget = seed_document("budget")
    agreeing = resolution(UNMIK, "2024/25", "A/RES/78/302",
                          stage_figures=(appropriation("2024/25", "43684.7", "3", 31),))
    assert _cycle(check_across([budget, agreeing])) == []
    swapped = agreeing.model_copy(update={"stage_figures": (
        agreeing.stage_figures[0].model_copy(update={"amount": Decimal("43648.7")}),)})
    assert _cycle(check_across([budget, swapped])) == [
        ("cycle.apportionment", Severity.ERROR, "UNMIK 2025/26 budget", 532,
         "apportionment_2024_25", Decimal("43684.7"), Decimal("43648.7"))]


# A fictional mission. The Assembly appropriates $54,713,100 to its special account:
# $52,318,400 for the maintenance of the mission, $2,062,500 for the support account and
# $332,200 for the logistics base (52 318.4 + 2 062.5 + 332.2 = 54 713.1). Its budget for
# 2025/26 prints the 2024/25 apportionment 52 318.4; the variance 53 001.9 − 52 318.4 =
# 683.5, 683.5 ÷ 52 318.4 = 1.3 per cent. The performance report for 2024/25: 52 318.4
# − 51 902.7 = 415.7, 415.7 ÷ 52 318.4 = 0.8 per cent.
def _fictional_reports() -> list[Document]:
    budget = Document(
        kind=DocumentKind.BUDGET, mission=FICTIONAL, period=Period.parse("2025/26"),
        title="UNFIM budget 2025/26",
        financial_tables=(money_table("Gross requirements\t49 870.2\t52 318.4\t53 001.9\t"
                                      "683.5\t1.3", first_line=210),))
    performance = Document(
        kind=DocumentKind.PERFORMANCE, mission=FICTIONAL, period=Period.parse("2024/25"),
        title="UNFIM performance 2024/25",
        financial_tables=(money_table("Gross requirements\t52 318.4\t51 902.7\t415.7\t0.8",
                                      kind="performance", period="2024/25",
                                      first_line=3020),))
    return [budget, performance]


FICTIONAL_FINANCING = (
    FinancingFigure(part=FinancingPart.APPROPRIATED, period=Period.parse("2024/25"),
                    amount=Decimal("54713.1"), paragraph="3", source_line=40),
    FinancingFigure(part=FinancingPart.MAINTENANCE, period=Period.parse("2024/25"),
                    amount=Decimal("52318.4"), paragraph="3", source_line=41),
    FinancingFigure(part=FinancingPart.SUPPORT_ACCOUNT, period=Period.parse("2024/25"),
                    amount=Decimal("2062.5"), paragraph="3", source_line=42),
    FinancingFigure(part=FinancingPart.LOGISTICS_BASE, period=Period.parse("2024/25"),
                    amount=Decimal("332.2"), paragraph="3", source_line=43),
)


def test_the_maintenance_appropriation_not_the_whole_special_account() -> None:
    # Only financing figures: the maintenance part is compared, never the 54 713.1
    # that adds the prorated shares.
    stored = resolution(FICTIONAL, "2024/25", "A/RES/79/288", financing=FICTIONAL_FINANCING)
    assert _cycle(check_across([*_fictional_reports(), stored])) == []


def test_both_reports_that_print_the_apportionment_are_checked() -> None:
    stored = resolution(FICTIONAL, "2024/25", "A/RES/79/288",
                        stage_figures=(appropriation("2024/25", "52381.4", "3", 41),))
    assert _cycle(check_across([*_fictional_reports(), stored])) == [
        ("cycle.apportionment", Severity.ERROR, "UNFIM 2025/26 budget", 210,
         "apportionment_2024_25", Decimal("52318.4"), Decimal("52381.4")),
        ("cycle.apportionment", Severity.ERROR, "UNFIM 2024/25 performance", 3020,
         "apportionment_2024_25", Decimal("52318.4"), Decimal("52381.4"))]


def test_an_amount_appropriated_for_an_earlier_period_is_not_the_apportionment() -> None:
    # The 2025/26 resolution appropriates $53,001,900 for 2025/26 and an additional
    # $1,200,000 for 2024/25: the 2024/25 apportionment is held against the 2024/25
    # resolution alone.
    later = resolution(FICTIONAL, "2025/26", "A/RES/80/301", stage_figures=(
        appropriation("2025/26", "53001.9", "3", 38), appropriation("2024/25", "1200", "9", 60)))
    earlier = resolution(FICTIONAL, "2024/25", "A/RES/79/288", financing=FICTIONAL_FINANCING)
    assert _cycle(check_across([*_fictional_reports(), later, earlier])) == []
    assert _cycle(check_across([*_fictional_reports(), later])) == []


def test_dollars_within_the_tables_rounding_are_rounding() -> None:
    # $52,318,440 is 52 318.44, printed 52 318.4 in a table of one decimal.
    stored = resolution(FICTIONAL, "2024/25", "A/RES/79/288",
                        stage_figures=(appropriation("2024/25", "52318.44", "3", 41),))
    severities = {f.severity for f in check_across([*_fictional_reports(), stored])
                  if f.code == "cycle.apportionment"}
    assert severities == {Severity.ROUNDING}


def test_another_missions_resolution_is_not_compared() -> None:
    other = resolution(UNMIK, "2024/25", "A/RES/78/302",
                       stage_figures=(appropriation("2024/25", "43684.7", "3", 31),))
    assert _cycle(check_across([*_fictional_reports(), other])) == []


# --- cycle.recommended-total ---------------------------------------------------

def acabq(mission: Mission, period: str, symbol: str, **fields: object) -> Document:
    return Document(kind=DocumentKind.ACABQ_REPORT, mission=mission,
                    period=Period.parse(period), title=f"{symbol} report of the Committee",
                    symbol=symbol, **fields)  # type: ignore[arg-type]


def total(stage: Stage, amount: str, paragraph: str, line: int) -> StageFigure:
    return StageFigure(stage=stage, period=Period.parse("2025/26"), amount=Decimal(amount),
                       paragraph=paragraph, source_line=line)


def recommend(kind: RecommendationKind, paragraph: str, text: str, *amounts: str,
              line: int) -> Recommendation:
    return Recommendation(kind=kind, paragraph=paragraph, text=text,
                          amounts=tuple(Decimal(a) for a in amounts), source_line=line)


# The fictional mission's proposal for 2025/26 is $53,001,900 (its budget above). The
# Committee recommends a reduction of 5 per cent ($93,300) to communication and
# information technology (wording of A/78/744/Add.7, para. 20 (c), quoted in the budget
# seed, line 761) and a reduction of $120,000 in official travel, and that the Assembly
# appropriate 53 001.9 − 93.3 − 120.0 = 52 788.6, i.e. $52,788,600.
CONSISTENT_ACABQ = acabq(
    FICTIONAL, "2025/26", "A/80/555/Add.9",
    stage_figures=(total(Stage.COST_ESTIMATES, "53001.9", "2", 14),
                   total(Stage.ACABQ_RECOMMENDED, "52788.6", "31", 212)),
    recommendations=(
        recommend(RecommendationKind.REDUCE, "20 (c)",
                  "the Advisory Committee recommends a reduction of 5 per cent ($93,300) to "
                  "the proposed resources for communication and information technology",
                  "93.3", line=120),
        recommend(RecommendationKind.REDUCE, "24",
                  "Of the proposed $410,500 for official travel, the Committee recommends a "
                  "reduction of $120,000", "410.5", "120", line=150),
        recommend(RecommendationKind.REQUEST, "26",
                  "The Committee trusts that the Mission will pursue efforts to improve its "
                  "geographical representation", line=160),
    ))


def test_the_recommended_total_is_the_proposal_less_the_reductions() -> None:
    assert _cycle(check_document(CONSISTENT_ACABQ)) == []


def test_a_corrupted_recommended_total_is_found_on_its_line() -> None:
    figures = CONSISTENT_ACABQ.stage_figures
    corrupted = CONSISTENT_ACABQ.model_copy(update={"stage_figures": (
        figures[0], figures[1].model_copy(update={"amount": Decimal("52878.6")}))})
    findings = [f for f in check_document(corrupted) if f.code == "cycle.recommended-total"]
    assert _cycle(findings) == [
        ("cycle.recommended-total", Severity.ERROR, "UNFIM 2025/26 acabq_report", 212,
         "acabq_recommended", Decimal("52878.6"), Decimal("52788.6"))]
    assert "53 001.9 (line 14)" in findings[0].message
    assert "213.3 (paras. 20 (c), 24)" in findings[0].message


def test_a_corrupted_reduction_is_found() -> None:
    # The travel reduction read as $210,000: 53 001.9 − 93.3 − 210.0 = 52 698.6.
    recommendations = list(CONSISTENT_ACABQ.recommendations)
    recommendations[1] = recommendations[1].model_copy(update={
        "text": recommendations[1].text.replace("$120,000", "$210,000")})
    corrupted = CONSISTENT_ACABQ.model_copy(update={"recommendations": tuple(recommendations)})
    assert _cycle(check_document(corrupted)) == [
        ("cycle.recommended-total", Severity.ERROR, "UNFIM 2025/26 acabq_report", 212,
         "acabq_recommended", Decimal("52788.6"), Decimal("52698.6"))]


def test_a_post_not_approved_without_its_cost_makes_a_difference_a_warning() -> None:
    figures = CONSISTENT_ACABQ.stage_figures
    lower = figures[1].model_copy(update={"amount": Decimal("52650.0")})
    not_approved = recommend(RecommendationKind.NOT_APPROVE, "27",
                             "the Committee recommends against the establishment of one P-4 "
                             "post of Political Affairs Officer", line=170)
    corrupted = CONSISTENT_ACABQ.model_copy(update={
        "stage_figures": (figures[0], lower),
        "recommendations": (*CONSISTENT_ACABQ.recommendations, not_approved)})
    assert [f.severity for f in check_document(corrupted)
            if f.code == "cycle.recommended-total"] == [Severity.WARNING]


def test_not_run_when_a_reduction_states_no_amount() -> None:
    # "a reduction of 10 per cent" with no dollars: the arithmetic cannot be redone.
    percentage = recommend(RecommendationKind.REDUCE, "25",
                           "the Committee recommends a reduction of 10 per cent to the "
                           "proposed resources for consultants", line=155)
    figures = CONSISTENT_ACABQ.stage_figures
    document = CONSISTENT_ACABQ.model_copy(update={
        "stage_figures": (figures[0], figures[1].model_copy(update={"amount": Decimal("1")})),
        "recommendations": (*CONSISTENT_ACABQ.recommendations, percentage)})
    assert _cycle(check_document(document)) == []


def test_reductions_in_millions_round() -> None:
    # "reduced by $1.2 million" is 1 150.0 to 1 250.0: 53 001.9 − 1 2xx within 50.0.
    million = recommend(RecommendationKind.REDUCE, "20",
                        "the proposed resources for facilities should be reduced by $1.2 "
                        "million", "1200", line=110)
    figures = CONSISTENT_ACABQ.stage_figures
    document = CONSISTENT_ACABQ.model_copy(update={
        "stage_figures": (figures[0], figures[1].model_copy(update={
            "amount": Decimal("53001.9") - Decimal("1231.7")})),
        "recommendations": (million,)})
    assert [f.severity for f in check_document(document)
            if f.code == "cycle.recommended-total"] == [Severity.ROUNDING]


def test_the_reduction_of_a_recommendation() -> None:
    # A/78/744/Add.7, para. 20 (c), as the budget seed quotes it (line 761).
    quoted = recommend(RecommendationKind.REDUCE, "20 (c)",
                       "In view of the overexpenditure in the 2022/23 period ..., the "
                       "Advisory Committee recommends a reduction of 5 per cent ($93,300) to "
                       "the proposed resources for communication and information technology.",
                       "93.3", line=761)
    found = reduction(quoted)
    assert found is not None and found.amount == Decimal("93.3")
    two = recommend(RecommendationKind.REDUCE, "9", "of $500,000 proposed, $80,000", "500",
                    "80", line=9)
    assert reduction(two) is None


# --- the actions to be taken by the General Assembly (prose.amount) ------------

def test_the_seed_actions_agree_with_the_tables() -> None:
    for which in ("budget", "performance"):
        document = seed_document(which)
        assert [f for f in check_document(document) if f.code == "prose.amount"] == []


def test_a_corrupted_appropriation_in_the_budgets_action() -> None:
    # Budget para. 53 (line 722): "the appropriation of the amount of $46,045,300" is the
    # gross cost estimates of 2025/26, 46 045.3 (line 532).
    document = doctored("budget", 722, "$46,045,300", "$46,054,300")
    found = [(f.source_line, f.printed, f.computed) for f in check_document(document)
             if f.code == "prose.amount"]
    assert found == [(722, Decimal("46054.3"), Decimal("46045.3"))]


def test_a_corrupted_unencumbered_balance_in_the_performance_action() -> None:
    # Performance para. 66 (a) (line 4595): "the unencumbered balance of $685,900" is the
    # gross variance, 41 298.5 − 40 612.6 = 685.9 (line 4114).
    document = doctored("performance", 4595, "$685,900", "$658,900")
    found = [(f.source_line, f.printed, f.computed) for f in check_document(document)
             if f.code == "prose.amount"]
    assert found == [(4595, Decimal("658.9"), Decimal("685.9"))]


def test_a_corrupted_other_revenue_in_the_performance_action() -> None:
    # Performance para. 66 (b) (line 4601): "other revenue ... amounting to $59,800" is
    # the total of the other revenue table: 57.2 + 18.8 − 16.2 = 59.8.
    document = doctored("performance", 4601, "$59,800", "$59,300")
    found = [(f.printed, f.computed) for f in check_document(document)
             if f.code == "prose.amount"]
    assert found == [(Decimal("59.3"), Decimal("59.8"))]


# --- cycle.monthly-rate --------------------------------------------------------

def _actions(*texts: str) -> Document:
    return Document(
        kind=DocumentKind.BUDGET, mission=FICTIONAL, period=Period.parse("2025/26"),
        title="UNFIM budget 2025/26",
        general_assembly_actions=tuple(
            GeneralAssemblyAction(text=text, source_line=900 + 2 * index)
            for index, text in enumerate(texts)))


def _rates(document: Document) -> list[tuple[object, ...]]:
    return [(f.severity, f.source_line, f.printed, f.computed)
            for f in check_document(document) if f.code == "cycle.monthly-rate"]


def test_monthly_rates_in_the_wording_of_real_actions() -> None:
    # Actions of budgets of missions whose mandate the Council renews (2008/09, 2009/10),
    # in their published wording: 593,436,000 ÷ 12 = 49,453,000; 1 September 2008 to 30
    # June 2009 is 10 months, 574,011,100 ÷ 10 = 57,401,110; 16 October 2008 to 30 June
    # 2009 is 8.5 months (16 of October's 31 days count as half a month), 407,364,767 ÷
    # 8.5 = 47,925,266.7, printed 47,925,267.
    document = _actions(
        "The General Assembly was invited to appropriate the amount of $593,436,000 for the "
        "maintenance of the Mission for the period from 1 July 2009 to 30 June 2010 and to "
        "assess that amount at a monthly rate of $49,453,000, should the Security Council "
        "decide to continue the Mission's mandate.",
        "(c) Assessment of the amount of $574,011,100 for the period from 1 September 2008 "
        "to 30 June 2009 at a monthly rate of $57,401,110, should the Security Council "
        "decide to continue the mandate of the Force.",
        "(c) Assessment of the amount of $407,364,767 for the period from 16 October 2008 to "
        "30 June 2009, at a monthly rate of $47,925,267, should the Security Council decide "
        "to continue the mandate of the Mission.")
    assert _rates(document) == []


FICTIONAL_ACTIONS = (
    # The fictional mission's budget (above: 53 001.9 gross): 53,001,900 ÷ 12 =
    # 4,416,825.
    "(a) Appropriation of the amount of $53,001,900 for the maintenance of the Mission for "
    "the 12-month period from 1 July 2025 to 30 June 2026;",
    "(b) Assessment of the amount in (a) above at a monthly rate of $4,416,825, should the "
    "Security Council decide to continue the mandate of the Mission.")


def test_the_rate_of_the_amount_appropriated_above() -> None:
    assert _rates(_actions(*FICTIONAL_ACTIONS)) == []


def test_a_corrupted_monthly_rate_is_found_on_its_line() -> None:
    document = _actions(FICTIONAL_ACTIONS[0], FICTIONAL_ACTIONS[1].replace("4,416,825",
                                                                          "4,461,825"))
    assert _rates(document) == [
        (Severity.ERROR, 902, Decimal("4461.825"), Decimal("4416.825"))]
    message = next(f.message for f in check_document(document)
                   if f.code == "cycle.monthly-rate")
    assert message == ("the actions assess $53,001,900 over 12 months at a monthly rate of "
                       "$4,461,825; $53,001,900 ÷ 12 is $4,416,825")


def test_a_monthly_rate_one_dollar_off_is_rounding() -> None:
    document = _actions(FICTIONAL_ACTIONS[0], FICTIONAL_ACTIONS[1].replace("4,416,825",
                                                                          "4,416,826"))
    assert [severity for severity, *_ in _rates(document)] == [Severity.ROUNDING]


# --- cycle.cited-request -------------------------------------------------------

def test_the_paragraphs_a_request_cites() -> None:
    # Budget seed lines 733, 761; performance seed line 4794.
    assert cited_paragraphs("... Financial Regulations and Rules of the United Nations "
                            "(para. 17).") == (Paragraph(17),)
    assert cited_paragraphs("... provided in future reports (para. 20 (c)).") == (
        Paragraph(20, "c"),)
    assert cited_paragraphs("... filled expeditiously (resolution 75/301, para. 22). "
                            "(para. 19)") == (Paragraph(19),)
    assert cited_paragraphs("... (paras. 12 and 14)") == (Paragraph(12), Paragraph(14))
    assert cited_paragraphs("... (paras. 4–6).") == (Paragraph(4), Paragraph(5), Paragraph(6))
    assert cited_paragraphs("no paragraph cited") == ()


def test_what_a_row_cites() -> None:
    row = FollowUp(body="acabq", reference="A/78/744/Add.7 and General Assembly resolution "
                   "78/302", request="... (para. 26).", action="...")
    assert cited_document(row) == ("report", "A/78/744/ADD.7")
    assert cited_document(row.model_copy(update={"body": "general_assembly"})) == (
        "resolution", "78/302")
    assert cited_document(row.model_copy(update={"reference": "Resolution 76/274"})) == (
        "resolution", "76/274")


def _a_78_744_add_7() -> Document:
    # The paragraphs of A/78/744/Add.7 the budget seed quotes in section V.B (lines
    # 757-769): 20 (c) reduces, 20 (e), 22, 25 and 26 trust or encourage.
    return acabq(UNMIK, "2024/25", "A/78/744/Add.7", recommendations=(
        recommend(RecommendationKind.REDUCE, "20 (c)", "a reduction of 5 per cent ($93,300)",
                  "93.3", line=20),
        recommend(RecommendationKind.REQUEST, "20 (e)", "The Committee trusts ...", line=24),
        recommend(RecommendationKind.REQUEST, "22", "The Committee trusts ...", line=26),
        recommend(RecommendationKind.REQUEST, "25", "trusts ...", line=28),
        recommend(RecommendationKind.REQUEST, "26", "The Committee trusts ...", line=30)))


def test_the_seed_budget_cites_paragraphs_the_committees_report_holds() -> None:
    budget = seed_document("budget")
    assert _cycle(check_across([budget, _a_78_744_add_7()])) == []


def test_a_corrupted_citation_is_found_on_its_row() -> None:
    # Line 763 cites para. 26; a row citing para. 62 cites what the report does not hold.
    budget = seed_document("budget")
    rows = tuple(r.model_copy(update={"request": r.request.replace("(para. 26)", "(para. 62)")})
                 if r.source_line == 763 else r for r in budget.follow_up)
    corrupted = budget.model_copy(update={"follow_up": rows})
    findings = [f for f in check_across([corrupted, _a_78_744_add_7()])
                if f.code == "cycle.cited-request"]
    assert [(f.severity, f.document, f.source_line, f.row) for f in findings] == [
        (Severity.WARNING, "UNMIK 2025/26 budget", 763,
         "A/78/744/Add.7 and General Assembly resolution 78/302")]
    assert "para. 62 of A/78/744/Add.7" in findings[0].message
    assert "20, 22, 25–26" in findings[0].message


def _fictional_follow_up(paragraph: str) -> Document:
    return Document(
        kind=DocumentKind.BUDGET, mission=FICTIONAL, period=Period.parse("2025/26"),
        title="UNFIM budget 2025/26",
        follow_up=(FollowUp(body="general_assembly", heading="Financing of UNFIM",
                            reference="Resolution 79/288",
                            request="Requests the Secretary-General to report on the "
                            f"drawdown of the Mission (para. {paragraph}).",
                            action="The information is provided in section I.",
                            source_line=640),))


def _resolution_79_288() -> Document:
    # Twelve operative paragraphs; 11 and 12 request.
    decisions = tuple(Decision(kind=DecisionKind.REQUEST if n > 10 else DecisionKind.OTHER,
                               paragraph=str(n), text=f"operative paragraph {n}",
                               source_line=30 + n) for n in range(1, 13))
    return resolution(FICTIONAL, "2024/25", "A/RES/79/288", decisions=decisions)


def test_a_paragraph_of_a_stored_resolution() -> None:
    assert _cycle(check_across([_fictional_follow_up("11"), _resolution_79_288()])) == []


def test_a_paragraph_the_resolution_does_not_have_is_an_error() -> None:
    findings = [f for f in check_across([_fictional_follow_up("17"), _resolution_79_288()])
                if f.code == "cycle.cited-request"]
    assert [(f.severity, f.document, f.source_line) for f in findings] == [
        (Severity.ERROR, "UNFIM 2025/26 budget", 640)]
    assert findings[0].message == (
        "the follow-up row cites para. 17 of Resolution 79/288; A/RES/79/288 "
        "(UNFIM 2024/25 ga_resolution) has no such paragraph (operative paragraphs: 1–12)")


def test_a_partial_resolution_makes_it_a_warning() -> None:
    partial = _resolution_79_288().model_copy(update={"partial": True})
    assert [f.severity for f in check_across([_fictional_follow_up("17"), partial])
            if f.code == "cycle.cited-request"] == [Severity.WARNING]


def test_a_citation_of_a_document_not_stored_is_not_checked() -> None:
    assert _cycle(check_across([seed_document("budget")])) == []


# --- stored documents ----------------------------------------------------------

def test_the_parts_a_store_reads_for_the_checks_across_are_enough() -> None:
    # A store's checks across documents read only some parts of each document
    # (services.audit.CROSS_DOCUMENT_PARTS): they must give what the whole documents give.
    from rbb.services.audit import cross_document_parts

    budget = seed_document("budget")
    rows = tuple(r.model_copy(update={"request": r.request.replace("(para. 26)", "(para. 62)")})
                 if r.source_line == 763 else r for r in budget.follow_up)
    swapped = resolution(UNMIK, "2024/25", "A/RES/78/302",
                         stage_figures=(appropriation("2024/25", "43648.7", "3", 31),))
    documents = [budget.model_copy(update={"follow_up": rows}), _a_78_744_add_7(), swapped,
                 _fictional_follow_up("17"), _resolution_79_288()]
    whole = _cycle(check_across(documents))
    assert [code for code, *_ in whole] == ["cycle.apportionment", "cycle.cited-request",
                                            "cycle.cited-request"]
    assert _cycle(check_across([cross_document_parts(d) for d in documents])) == whole
