"""The cycle of one period (rbb.engine.cycle) on the documents of a fictional mission.

Every figure below is made up for the United Nations Test Mission (UNTM), period 2030/31,
and every expected figure is derived by hand in the comment beside it."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from rbb.engine.cycle import STAGES, TOTAL_ROW, period_cycle, reduction_of
from rbb.model import Document, DocumentKind, Period, Stage
from rbb.model.legislative import (
    FinancingFigure,
    FinancingPart,
    Recommendation,
    RecommendationKind,
    StageFigure,
    StageLevel,
)
from rbb.model.mission import Mission
from rbb.model.staffing import (
    RowType,
    StaffingColumn,
    StaffingKind,
    StaffingRow,
    StaffingTable,
)
from tests.engine.builders import money_table

UNTM = Mission(code="UNTM", name="United Nations Test Mission")
P = Period.parse("2030/31")

# Budget 2030/31: expenditure 2028/29, apportionment 2029/30, cost estimates 2030/31,
# variance. Groups: 100.0 + 2 500.0 + 600.0 = 3 200.0 gross.
BUDGET_TABLE = """
Military observers\t90.0\t95.0\t100.0\t5.0\t5.3
Military and police personnel\t90.0\t95.0\t100.0\t5.0\t5.3
International staff\t1 800.0\t1 900.0\t2 000.0\t100.0\t5.3
National staff\t450.0\t480.0\t500.0\t20.0\t4.2
Civilian personnel\t2 250.0\t2 380.0\t2 500.0\t120.0\t5.0
Consultants\t40.0\t50.0\t55.5\t5.5\t11.0
Official travel\t150.0\t190.0\t200.0\t10.0\t5.3
Communications and information technology\t300.0\t380.0\t344.5\t(35.5)\t(9.3)
Operational costs\t490.0\t620.0\t600.0\t(20.0)\t(3.2)
Gross requirements\t2 830.0\t3 095.0\t3 200.0\t105.0\t3.4
"""

# Performance report 2030/31: apportionment and expenditure of 2030/31.
PERFORMANCE_TABLE = """
Official travel\t180.0\t150.0\t30.0\t16.7
Operational costs\t570.0\t520.0\t50.0\t8.8
Gross requirements\t3 150.0\t3 000.0\t150.0\t4.8
"""

# Budget 2032/33 restates the expenditure of 2030/31 (its first column), differently.
LATER_BUDGET_TABLE = """
Gross requirements\t3 010.0\t3 300.0\t3 400.0\t100.0\t3.0
"""


def document(kind: str, period: str = "2030/31", mission: Mission = UNTM,
             **fields: Any) -> Document:
    return Document(kind=DocumentKind(kind), mission=mission, period=Period.parse(period),
                    title=f"{mission.code} {kind} {period}", **fields)


def budget() -> Document:
    return document("budget", financial_tables=(
        money_table(BUDGET_TABLE, period="2030/31", first_line=501),))


def performance() -> Document:
    return document("performance", financial_tables=(
        money_table(PERFORMANCE_TABLE, kind="performance", period="2030/31",
                    first_line=4001),))


def recommend(kind: RecommendationKind, paragraph: str, line: int, text: str,
              *amounts: str, class_code: str | None = None) -> Recommendation:
    return Recommendation(kind=kind, paragraph=paragraph, text=text,
                          amounts=tuple(Decimal(a) for a in amounts),
                          class_code=class_code, source_line=line)


def acabq(*extra: Recommendation, figures: tuple[StageFigure, ...] = ()) -> Document:
    return document("acabq_report", stage_figures=(
        StageFigure(stage=Stage.COST_ESTIMATES, period=P, amount=Decimal("3200.0"),
                    paragraph="2", source_line=12),
        StageFigure(stage=Stage.ACABQ_RECOMMENDED, period=P, amount=Decimal("3150.0"),
                    paragraph="40", source_line=140),
        *figures,
    ), recommendations=(
        recommend(RecommendationKind.REDUCE, "25", 80,
                  "the Committee recommends a reduction of $20,000 to the resources proposed "
                  "under official travel", "20.0", class_code="official_travel"),
        recommend(RecommendationKind.REDUCE, "28", 95,
                  "of the proposed $344,500 for communications and information technology, the "
                  "Committee recommends a reduction of $30,000", "344.5", "30.0",
                  class_code="communications_and_information_technology"),
        recommend(RecommendationKind.NOT_APPROVE, "20", 60,
                  "the Committee recommends against the establishment of two posts",
                  class_code="international_staff"),
        recommend(RecommendationKind.REQUEST, "35", 120,
                  "the Committee trusts that the Mission will report on its efficiency gains"),
        *extra,
    ))


def resolution() -> Document:
    return document("ga_resolution", stage_figures=(
        StageFigure(stage=Stage.APPROPRIATION, period=P, amount=Decimal("3150.0"),
                    paragraph="12", source_line=44),
    ), financing=(
        FinancingFigure(part=FinancingPart.MAINTENANCE, period=P, amount=Decimal("3150.0"),
                        paragraph="12", source_line=44),
        # A balance of an earlier period is no figure of this one.
        FinancingFigure(part=FinancingPart.MAINTENANCE, period=P.previous,
                        amount=Decimal("9.9"), paragraph="15", source_line=50),
    ))


def full_cycle() -> Any:
    later = document("budget", "2032/33", financial_tables=(
        money_table(LATER_BUDGET_TABLE, period="2032/33", first_line=70),))
    return period_cycle("UNTM", P, [budget(), acabq(), resolution(), performance(), later])


def amounts(row: Any) -> list[Decimal | None]:
    return [row.cell(stage).amount for stage in STAGES]


def test_the_total_through_every_stage_with_its_changes() -> None:
    cycle = full_cycle()
    total = cycle.row(TOTAL_ROW)
    assert cycle.rows[0] is total
    # cost estimates 3 200.0 (budget), recommended 3 150.0 (ACABQ), appropriated 3 150.0
    # (resolution), apportioned 3 150.0 and spent 3 000.0 (performance report).
    assert amounts(total) == [Decimal("3200.0"), Decimal("3150.0"), Decimal("3150.0"),
                              Decimal("3150.0"), Decimal("3000.0")]
    recommended = total.cell(Stage.ACABQ_RECOMMENDED)
    # 3 150.0 − 3 200.0 = −50.0; −50.0 ÷ 3 200.0 = −1.5625 per cent
    assert recommended.change == Decimal("-50.0")
    assert recommended.change_from is Stage.COST_ESTIMATES
    assert recommended.change_percentage == Decimal("-1.5625")
    assert total.cell(Stage.APPROPRIATION).change == 0
    # 3 000.0 − 3 150.0 = −150.0 against the apportionment
    assert total.cell(Stage.EXPENDITURE).change == Decimal("-150.0")
    assert total.cell(Stage.EXPENDITURE).change_from is Stage.APPORTIONMENT
    assert total.cell(Stage.COST_ESTIMATES).change is None


def test_every_figure_names_its_document_and_line() -> None:
    total = full_cycle().row(TOTAL_ROW)
    estimate = total.cell(Stage.COST_ESTIMATES)
    # The budget (line 510: the tenth row of its table from line 501) and the Committee's
    # restatement (line 12) agree: one figure, two sources, no flag.
    assert [(f.source.document.kind, f.source.source_line) for f in estimate.figures] == [
        (DocumentKind.BUDGET, 510), (DocumentKind.ACABQ_REPORT, 12)]
    assert not estimate.differs
    appropriation = total.cell(Stage.APPROPRIATION)
    # The stage figure and the financing figure of the same paragraph: stated once.
    assert [(f.source.document.kind, f.source.paragraph, f.source.source_line)
            for f in appropriation.figures] == [(DocumentKind.GA_RESOLUTION, "12", 44)]


def test_two_documents_that_differ_are_both_kept_and_flagged() -> None:
    cycle = full_cycle()
    spent = cycle.row(TOTAL_ROW).cell(Stage.EXPENDITURE)
    # The performance report of 2030/31 says 3 000.0, the budget for 2032/33 3 010.0: the
    # performance report (the stage's own document) first, both kept.
    assert spent.differs
    assert [(f.amount, f.source.document.period.label) for f in spent.figures] == [
        (Decimal("3000.0"), "2030/31"), (Decimal("3010.0"), "2032/33")]
    assert [(d.line, d.stage) for d in cycle.disagreements] == [
        (TOTAL_ROW, Stage.EXPENDITURE)]


def test_a_recommended_class_figure_is_derived_and_marked() -> None:
    cycle = full_cycle()
    travel = cycle.row("official_travel").cell(Stage.ACABQ_RECOMMENDED)
    # 200.0 proposed − 20.0 recommended reduction = 180.0, derived (no document prints it)
    assert travel.amount == Decimal("180.0")
    assert travel.derived
    figure = travel.figures[0]
    assert figure.source is None and figure.reduction == Decimal("20.0")
    assert [(s.document.kind, s.source_line, s.paragraph) for s in figure.derived_from] == [
        (DocumentKind.BUDGET, 507, None), (DocumentKind.ACABQ_REPORT, 80, "25")]
    # The apportionment of 180.0 (performance report) against it: no change.
    apportioned = cycle.row("official_travel").cell(Stage.APPORTIONMENT)
    assert (apportioned.change, apportioned.change_from) == (0, Stage.ACABQ_RECOMMENDED)
    # The second amount named besides the estimate (344.5) is the reduction:
    # 344.5 − 30.0 = 314.5
    ict = cycle.row("communications_and_information_technology")
    assert ict.cell(Stage.ACABQ_RECOMMENDED).amount == Decimal("314.5")
    assert ict.cell(Stage.ACABQ_RECOMMENDED).change == Decimal("-30.0")


def test_recommendations_sit_under_the_classes_they_touch() -> None:
    cycle = full_cycle()
    assert [i.recommendation.paragraph for i in cycle.row("international_staff")
            .recommendations] == ["20"]
    assert [i.recommendation.paragraph for i in cycle.row("official_travel")
            .recommendations] == ["25"]
    # Not approving posts names no amount: nothing is derived for international staff.
    assert cycle.row("international_staff").cell(Stage.ACABQ_RECOMMENDED).amount is None
    assert [i.recommendation.paragraph for i in cycle.recommendations] == ["35"]


def test_groups_and_classes_in_the_order_of_the_classes() -> None:
    lines = [r.line for r in full_cycle().rows]
    assert lines == [TOTAL_ROW, "military_and_police_personnel", "military_observers",
                     "civilian_personnel", "international_staff", "national_staff",
                     "operational_costs", "consultants_and_consulting_services",
                     "official_travel", "communications_and_information_technology"]


def test_a_stated_class_figure_is_taken_not_derived() -> None:
    stated = StageFigure(stage=Stage.ACABQ_RECOMMENDED, period=P, level=StageLevel.CLASS,
                         key="official_travel", amount=Decimal("185.0"), paragraph="25",
                         source_line=81)
    cycle = period_cycle("UNTM", P, [budget(), acabq(figures=(stated,))])
    cell = cycle.row("official_travel").cell(Stage.ACABQ_RECOMMENDED)
    assert cell.amount == Decimal("185.0") and not cell.derived
    assert cell.figures[0].source.source_line == 81


def test_a_reduction_by_a_percentage() -> None:
    by_rate = recommend(RecommendationKind.REDUCE, "30", 101,
                        "the Committee recommends a reduction of 10 per cent to the proposed "
                        "resources for consultants",
                        class_code="consultants_and_consulting_services")
    cycle = period_cycle("UNTM", P, [budget(), acabq(by_rate)])
    cell = cycle.row("consultants_and_consulting_services").cell(Stage.ACABQ_RECOMMENDED)
    # 10 per cent of 55.5 is 5.55, 5.6 to the tenth; 55.5 − 5.6 = 49.9
    assert cell.amount == Decimal("49.9") and cell.derived
    assert cell.figures[0].reduction == Decimal("5.6")


def test_what_cannot_be_told_is_not_derived() -> None:
    two = recommend(RecommendationKind.REDUCE, "31", 102,
                    "reductions of $10,000 and $5,000 to consultants", "10.0", "5.0",
                    class_code="consultants_and_consulting_services")
    cycle = period_cycle("UNTM", P, [budget(), acabq(two)])
    row = cycle.row("consultants_and_consulting_services")
    assert row.cell(Stage.ACABQ_RECOMMENDED).amount is None
    assert row.notes == ("the recommended figure is not derived: paragraph 31 does not name "
                         "one reduction",)
    # Without the budget there is no estimate to reduce.
    alone = period_cycle("UNTM", P, [acabq()]).row("official_travel")
    assert alone.cell(Stage.ACABQ_RECOMMENDED).amount is None
    assert "no budget report states this line's cost estimate" in alone.notes[0]


def test_missing_documents_leave_empty_stages() -> None:
    cycle = period_cycle("UNTM", P, [resolution()])
    total = cycle.row(TOTAL_ROW)
    assert amounts(total) == [None, None, Decimal("3150.0"), None, None]
    assert total.cell(Stage.APPROPRIATION).change is None
    assert [r.line for r in cycle.rows] == [TOTAL_ROW]
    empty = period_cycle("UNTM", P, [])
    assert [r.line for r in empty.rows] == [TOTAL_ROW] and empty.documents == ()


def test_other_missions_and_periods_are_left_out() -> None:
    other = Mission(code="UNOM", name="United Nations Other Mission")
    cycle = period_cycle("UNTM", P, [document("ga_resolution", mission=other, stage_figures=(
        StageFigure(stage=Stage.APPROPRIATION, period=P, amount=Decimal("1.0")),))])
    assert cycle.row(TOTAL_ROW).cell(Stage.APPROPRIATION).amount is None
    # The budget for 2030/31 prints the apportionment of 2029/30: not a figure of 2030/31.
    assert period_cycle("UNTM", P, [budget()]).row(TOTAL_ROW).cell(
        Stage.APPORTIONMENT).amount is None


def test_reduction_of() -> None:
    rec = recommend(RecommendationKind.REDUCE, "1", 1, "a reduction of 5 per cent")
    # 5 per cent of 123.0 = 6.15, 6.2 to the tenth (half away from zero)
    assert reduction_of(rec, Decimal("123.0")) == Decimal("6.2")
    both = recommend(RecommendationKind.REDUCE, "1", 1, "5 per cent or 10 per cent")
    assert reduction_of(both, Decimal("123.0")) is None


def test_a_revised_budget_comes_before_the_budget() -> None:
    revised = document("revised_budget", financial_tables=(money_table(
        "Official travel\t150.0\t190.0\t210.0\t20.0\t10.5", period="2030/31",
        first_line=301),))
    cycle = period_cycle("UNTM", P, [budget(), revised, acabq()])
    travel = cycle.row("official_travel")
    estimate = travel.cell(Stage.COST_ESTIMATES)
    # The revised proposal (210.0) replaces the first (200.0): both kept, flagged.
    assert [f.amount for f in estimate.figures] == [Decimal("210.0"), Decimal("200.0")]
    assert estimate.differs
    # The recommendation reduces the revised estimate: 210.0 − 20.0 = 190.0
    assert travel.cell(Stage.ACABQ_RECOMMENDED).amount == Decimal("190.0")


# --- posts ---------------------------------------------------------------------------

def _staffing_summary() -> StaffingTable:
    """The budget's summary human resources table: proposed for 2030/31, by category
    (its total row, line 95), and the approved row of 2029/30 (line 94) beside it."""

    columns = (StaffingColumn.INTERNATIONAL_STAFF, StaffingColumn.NPO, StaffingColumn.NGS,
               StaffingColumn.UNITED_NATIONS_VOLUNTEERS, StaffingColumn.TOTAL)

    def row(kind: StaffingKind, period: str, counts: tuple[int, ...], line: int) -> StaffingRow:
        return StaffingRow(office="Total", row_type=RowType.TOTAL, kind=kind,
                           period=Period.parse(period),
                           counts=dict(zip(columns, counts, strict=True)), source_line=line)

    return StaffingTable(key="human_resources", title="Human resources", columns=columns,
                         rows=(row(StaffingKind.APPROVED, "2029/30", (40, 6, 50, 8, 104), 94),
                               row(StaffingKind.PROPOSED, "2030/31", (42, 7, 50, 8, 107), 95)))


def test_posts_proposed_less_those_the_committee_recommends_against() -> None:
    with_staffing = budget().model_copy(update={"staffing_tables": (_staffing_summary(),)})
    against = recommend(RecommendationKind.NOT_APPROVE, "18", 120,
                        "the Committee recommends against the establishment of the two "
                        "proposed P-3 posts", class_code="international_staff")
    against = against.model_copy(update={"posts": 2})
    national = recommend(RecommendationKind.NOT_APPROVE, "19", 124,
                         "the Committee does not recommend the proposed National "
                         "Professional Officer post", class_code="national_staff")
    national = national.model_copy(update={"posts": 1})
    cycle = period_cycle("UNTM", P, [with_staffing, acabq(against, national)])
    posts = {p.line: p for p in cycle.posts}
    # International staff: 42 proposed (line 95) − 2 not approved (para. 18) = 40.
    assert (posts["international_staff"].proposed, posts["international_staff"].not_approved,
            posts["international_staff"].recommended) == (42, 2, 40)
    assert posts["international_staff"].proposed_source is not None
    assert posts["international_staff"].proposed_source.source_line == 95
    # National staff: NPO 7 + NGS 50 = 57 proposed − 1 (para. 19) = 56.
    assert (posts["national_staff"].proposed, posts["national_staff"].recommended) == (57, 56)
    # UNV: proposed, no recommendation: nothing is derived.
    assert (posts["united_nations_volunteers"].proposed,
            posts["united_nations_volunteers"].recommended) == (8, None)
    # In all: 107 − (2 + 1) = 104.
    assert (posts["total"].proposed, posts["total"].not_approved,
            posts["total"].recommended) == (107, 3, 104)


def test_no_posts_part_where_no_document_speaks_of_posts() -> None:
    assert period_cycle("UNTM", P, [budget(), performance()]).posts == ()
