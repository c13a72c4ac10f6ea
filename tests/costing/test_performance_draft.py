"""Drafting the performance report from the ledger (rbb.costing.performance_draft)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from functools import cache

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from rbb.costing.performance_draft import (
    Actual,
    apportionment_of,
    dollars_to_thousands,
    draft_performance,
    months_of,
)
from rbb.engine.checks import run_checks
from rbb.model import (
    ColumnRole,
    Document,
    DocumentKind,
    MoneyColumn,
    MoneyRow,
    MoneyTable,
    Period,
    Severity,
    Stage,
)
from rbb.model.classes import BY_CODE, LineKind
from rbb.model.errors import InputError
from rbb.model.frameworks import Component, ExpectedAccomplishment, Indicator, Output
from rbb.model.ledger import ClassMonth
from rbb.model.mission import Mission
from rbb.model.tables import Redeployment
from rbb.presentation import round_half_away
from tests.conftest import PERFORMANCE_SEED, imported

P2122 = Period.parse("2021/22")
APPORTIONMENT, EXPENDITURE = "apportionment_2021_22", "expenditure_2021_22"
# A spread of the year (July to June) in hundredths: uneven, as real spending is, and
# heavier at the year's end when the last obligations are raised. Adds up to 100.
WEIGHTS = (6, 7, 8, 8, 8, 8, 7, 8, 8, 9, 9, 14)


@cache
def a77_589() -> Document:
    document = imported(PERFORMANCE_SEED).document
    assert document is not None
    return document


def spread(class_code: str, dollars: Decimal, period: Period = P2122,
           weights: tuple[int, ...] = WEIGHTS, *, adjusted: Decimal = Decimal(0),
           ) -> list[ClassMonth]:
    """``dollars`` over the months by ``weights`` to the cent, the last month taking what
    the rounding leaves, so the months add up to ``dollars`` exactly; ``adjusted`` is
    posted in the last month (obligated less it, so expenditure is unchanged)."""
    months = months_of(period)
    total = sum(weights)
    amounts = [(dollars * w / total).quantize(Decimal("0.01")) for w in weights[:-1]]
    amounts.append(dollars - sum(amounts, Decimal(0)))
    out = [ClassMonth(class_code=class_code, month=m, obligated=a, disbursed=a)
           for m, a in zip(months, amounts, strict=True)]
    if adjusted:
        last = out[-1]
        out[-1] = last.model_copy(update={"obligated": last.obligated - adjusted,
                                          "adjusted": adjusted})
    return out


def a77_589_ledger(cents: Decimal = Decimal(0)) -> list[ClassMonth]:
    """Class months adding up to A/77/589's expenditure column (table of section III.A,
    seed lines 4058-4116) per class, plus ``cents`` dollars that do not change the
    rounded figure; staff assessment (line 4116: 4 150.9) as its own line."""
    table = a77_589().financial_table("financial_resources")
    assert table is not None
    months: list[ClassMonth] = []
    for row in table.rows:
        entry = BY_CODE[row.line]
        if entry.kind is LineKind.CLASS or row.line == "staff_assessment_income":
            spent = row.values[EXPENDITURE]
            assert spent is not None
            if spent:
                months += spread(row.line, spent * 1000 + cents)
    return months


def test_dollars_to_thousands_rounds_half_away_only_off_the_hundred() -> None:
    assert dollars_to_thousands(Decimal("279700.00")) == Decimal("279.7")
    assert str(dollars_to_thousands(Decimal("279700.00"))) == "279.7"
    assert dollars_to_thousands(Decimal("279749.99")) == Decimal("279.7")
    assert dollars_to_thousands(Decimal("279750.00")) == Decimal("279.8")  # half: away
    assert dollars_to_thousands(Decimal("-279750.00")) == Decimal("-279.8")
    assert dollars_to_thousands(Decimal("-50.00")) == Decimal("-0.1")
    assert dollars_to_thousands(Decimal("49.99")) == Decimal("0.0")


@pytest.mark.parametrize("cents", [Decimal(0), Decimal("37.25"), Decimal("-49.99")])
def test_a77_589_columns_from_a_ledger_that_adds_up_to_them(cents: Decimal) -> None:
    seed = a77_589()
    draft = draft_performance(seed, a77_589_ledger(cents))
    assert draft.kind is DocumentKind.PERFORMANCE and draft.draft
    assert draft.period == P2122
    for key in ("financial_resources", "financial_resources_summary"):
        printed, drafted = seed.financial_table(key), draft.financial_table(key)
        assert printed is not None and drafted is not None
        got = {r.line: r.values for r in drafted.rows}
        for row in printed.rows:
            for column in (APPORTIONMENT, EXPENDITURE, "variance_amount",
                           "variance_percentage"):
                assert got[row.line][column] == row.values[column], (key, row.line, column)


def test_a77_589_draft_explains_the_classes_over_the_threshold() -> None:
    seed = a77_589()
    draft = draft_performance(seed, a77_589_ledger())
    explained = {e.line: e for e in draft.variance_explanations}
    # The report explains (section IV, paragraphs 50-65): military observers, United
    # Nations police, national staff, UNV, consultants, official travel, ground
    # transportation, communications and IT, medical, other supplies. The draft adds air
    # operations: $1,100 spent over a nil apportionment (line 4094), which the check of
    # missing explanations counts as unbounded.
    assert set(explained) == {e.line for e in seed.variance_explanations} | {"air_operations"}
    for printed in seed.variance_explanations:
        drafted = explained[printed.line]
        assert (drafted.amount, drafted.percentage) == (printed.amount, printed.percentage)
        first = drafted.paragraphs[0].text
        # The report's words: underexpenditure (a positive variance) is "reduced".
        assert first.startswith("The reduced requirements were attributable" if
                                printed.amount and printed.amount > 0 else
                                "The increased requirements were attributable")
        assert drafted.paragraphs[0].links
    numbers = [p.number for e in draft.variance_explanations for p in e.paragraphs]
    assert numbers == list(range(1, len(numbers) + 1))


def test_a77_589_draft_passes_the_checks() -> None:
    findings = run_checks([draft_performance(a77_589(), a77_589_ledger())])
    serious = [f for f in findings if f.severity in (Severity.ERROR, Severity.WARNING)]
    assert serious == []


def test_monthly_pattern_adds_up_to_gross_expenditure() -> None:
    draft = draft_performance(a77_589(), a77_589_ledger(Decimal("12.34")))
    months = draft.monthly_expenditure
    assert [m.month for m in months] == months_of(P2122)
    # Gross expenditure, A/77/589 line 4114: 40 612.6 thousand.
    assert sum((m.amount for m in months), Decimal(0)) == Decimal("40612.6")
    # June 2022 carries 14 of the 100 hundredths: 40 612.6 × 0.14 = 5 685.764 (less the
    # 14 hundredths of staff assessment, which is not gross: the pattern leaves it out).
    assert months[-1].amount == Decimal("5685.8")


# --- a fictional mission, by hand --------------------------------------------------

FICTION = Mission(code="UNFM", name="United Nations Fictional Mission")
P2425 = Period.parse("2024/25")


def fictional_budget(rows: dict[str, str]) -> Document:
    """A budget of 2025/26 printing the 2024/25 apportionment, in thousands."""
    columns = (
        MoneyColumn(key="apportionment_2024_25", label="Apportionment (2024/25)",
                    role=ColumnRole.AMOUNT, stage=Stage.APPORTIONMENT, period=P2425),
        MoneyColumn(key="cost_estimates_2025_26", label="Cost estimates (2025/26)",
                    role=ColumnRole.AMOUNT, stage=Stage.COST_ESTIMATES, period=P2425.next),
    )
    table = MoneyTable(key="financial_resources", title="Financial resources", columns=columns,
                       rows=tuple(MoneyRow(line=line, label=BY_CODE[line].label,
                                           values={"apportionment_2024_25": Decimal(v),
                                                   "cost_estimates_2025_26": Decimal(v)})
                                  for line, v in rows.items()))
    return Document(kind=DocumentKind.BUDGET, mission=FICTION, period=P2425.next,
                    title="Budget for the United Nations Fictional Mission",
                    financial_tables=(table,))


def test_fictional_mission_primarily_one_month() -> None:
    # Apportionment $1,200,000 for ground transportation: $100,000 a month. The ledger
    # spends $100,000 in eleven months and $20,000 in March 2025: $1,120,000 in all,
    # a variance of 80.0 thousand, 6.7 per cent (80 ÷ 1 200 = 6.67), all in March.
    budget = fictional_budget({"ground_transportation": "1200.0",
                               "official_travel": "300.0"})
    months = [ClassMonth(class_code="ground_transportation", month=m,
                         obligated=Decimal("20000") if m.month == 3 else Decimal("100000"))
              for m in months_of(P2425)]
    # Official travel: $300,000 apportioned, $297,000 spent evenly: 1.0 per cent, not
    # explained.
    months += spread("official_travel", Decimal("297000"), P2425, (1,) * 12)
    draft = draft_performance(budget, months, period=P2425)
    rows = {r.line: r.values for r in draft.financial_table("financial_resources").rows}
    assert rows["ground_transportation"]["expenditure_2024_25"] == Decimal("1120.0")
    assert rows["ground_transportation"]["variance_amount"] == Decimal("80.0")
    assert rows["ground_transportation"]["variance_percentage"] == Decimal("6.7")
    assert rows["operational_costs"]["expenditure_2024_25"] == Decimal("1417.0")
    assert rows["staff_assessment_income"]["expenditure_2024_25"] is None
    [explanation] = draft.variance_explanations
    assert explanation.line == "ground_transportation"
    assert explanation.paragraphs[0].text == (
        "The reduced requirements were attributable primarily to lower expenditure in "
        "March 2025 ($20,000), against an even monthly share of the apportionment of "
        "$100,000.")
    assert any("staff assessment" in p.text for p in draft.paragraphs)


def test_fictional_mission_overexpenditure_listed_and_offset() -> None:
    # Facilities: $600,000 apportioned, $50,000 a month. Spent: $50,000 in nine months,
    # $120,000 in May and $110,000 in June 2025 (70 and 60 above the share: listed, each
    # over a quarter of the 130 moved), $30,000 in July 2024 (20 below: an offset of
    # over a tenth of the variance). Total 450 + 120 + 110 + 30 = 710 thousand; variance
    # 600 − 710 = −110.0, −18.3 per cent.
    budget = fictional_budget({"facilities_and_infrastructure": "600.0"})
    amounts = {5: "120000", 6: "110000", 7: "30000"}
    months = [ClassMonth(class_code="facilities_and_infrastructure", month=m,
                         obligated=Decimal(amounts.get(m.month, "50000")))
              for m in months_of(P2425)]
    draft = draft_performance(budget, months, period=P2425)
    [explanation] = draft.variance_explanations
    assert (explanation.amount, explanation.percentage) == (Decimal("-110.0"),
                                                            Decimal("-18.3"))
    texts = [p.text for p in explanation.paragraphs]
    assert texts[0] == (
        "The increased requirements were attributable mainly to higher expenditure than "
        "the even monthly share of the apportionment ($50,000) in: (a) May 2025 "
        "($120,000); and (b) June 2025 ($110,000).")
    assert texts[1] == ("The increased requirements were offset in part by lower "
                        "expenditure in July 2024 ($30,000), against the monthly share of "
                        "$50,000.")
    assert not [f for f in run_checks([draft]) if f.severity is Severity.ERROR]


def test_spread_evenly_and_adjustments_said_so() -> None:
    # Medical: $240,000 apportioned, $20,000 a month; $15,000 spent every month (180
    # thousand, variance 60.0, 25.0 per cent), of which June carries a net downward
    # adjustment of −$10,000 (obligations cancelled), over a tenth of the variance.
    budget = fictional_budget({"medical": "240.0"})
    months = spread("medical", Decimal("180000"), P2425, (1,) * 12, adjusted=Decimal("-10000"))
    draft = draft_performance(budget, months, period=P2425)
    [explanation] = draft.variance_explanations
    texts = [p.text for p in explanation.paragraphs]
    assert texts[0] == (
        "The reduced requirements were attributable to lower expenditure throughout the "
        "period: an average of $15,000 a month in 12 of its 12 months, against an even "
        "monthly share of the apportionment of $20,000.")
    assert texts[1] == ("Net adjustments to the period's postings of ($10,000) reduced the "
                        "expenditure.")


def test_national_staff_parts_fold_into_the_whole() -> None:
    # The apportionment prints national staff as a whole (400.0); the ledger's accounts
    # map to its two parts: 150 + 250 = 400, no variance.
    budget = fictional_budget({"national_staff": "400.0"})
    months = spread("national_professional_officers", Decimal("150000"), P2425) + \
        spread("national_general_service_staff", Decimal("250000"), P2425)
    draft = draft_performance(budget, months, period=P2425)
    rows = {r.line: r.values for r in draft.financial_table("financial_resources").rows}
    assert "national_professional_officers" not in rows
    assert rows["national_staff"]["expenditure_2024_25"] == Decimal("400.0")
    assert rows["civilian_personnel"]["variance_amount"] == Decimal("0.0")


def test_redeployments_and_actuals() -> None:
    budget = fictional_budget({"international_staff": "1000.0", "medical": "200.0"})
    indicator = Indicator(number="1.1.1", text="Meetings held")
    output = Output(text="12 meetings with local authorities")
    budget = budget.model_copy(update={"components": (Component(
        key="substantive", name="Substantive", expected_accomplishments=(
            ExpectedAccomplishment(number="1.1", text="Dialogue", indicators=(indicator,),
                                   outputs=(output,)),)),)})
    months = spread("international_staff", Decimal("1050000"), P2425) + \
        spread("medical", Decimal("150000"), P2425)
    moves = [Redeployment(group="civilian_personnel", original_distribution=None,
                          redeployment=Decimal("50.0"), revised_distribution=None),
             Redeployment(group="operational_costs", original_distribution=None,
                          redeployment=Decimal("-50.0"), revised_distribution=None)]
    actuals = [Actual(reference="1.1.1", text="14 meetings"),
               Actual(reference="12 meetings with local authorities", text="Yes",
                      remarks="Two more at the authorities' request")]
    draft = draft_performance(budget, months, period=P2425, redeployments=moves,
                              actuals=actuals, framework=budget.components)
    assert draft.redeployments is not None
    rows = {r.group: r for r in draft.redeployments.rows}
    assert rows["civilian_personnel"].revised_distribution == Decimal("1050.0")
    assert rows["operational_costs"].revised_distribution == Decimal("150.0")
    # 50.0 moved out of 1 200.0: 4.2 per cent (4.1666...).
    assert draft.redeployments.percentage_of_appropriation == Decimal("4.2")
    accomplishment = draft.components[0].expected_accomplishments[0]
    assert accomplishment.indicators[0].actual == "14 meetings"
    assert accomplishment.outputs[0].completed == "Yes"
    assert not [f for f in run_checks([draft]) if f.severity is Severity.ERROR]


def test_bad_ledger_months_are_refused() -> None:
    budget = fictional_budget({"medical": "240.0"})
    with pytest.raises(InputError, match="not a class of expenditure"):
        draft_performance(budget, [ClassMonth(class_code="operational_costs",
                                              month=dt.date(2024, 7, 1))], period=P2425)
    with pytest.raises(InputError, match="not the first day of a month of 2024/25"):
        draft_performance(budget, [ClassMonth(class_code="medical",
                                              month=dt.date(2025, 7, 1))], period=P2425)
    with pytest.raises(InputError, match="no apportionment"):
        draft_performance(budget, [], period=Period.parse("2019/20"))


def test_budget_of_the_period_stands_in_and_says_so() -> None:
    budget = fictional_budget({"medical": "240.0"})
    found = apportionment_of(budget, P2425.next)
    assert found.values["medical"] == Decimal("240.0")
    assert "cost estimates" in found.note and "pending the apportionment" in found.note


def test_nothing_spent_and_a_later_budgets_framework_not_carried() -> None:
    # Official travel: $300,000 apportioned, nothing posted: a variance of 300.0, 100.0
    # per cent. The base is the 2025/26 budget: its framework is 2025/26's, not 2024/25's.
    budget = fictional_budget({"official_travel": "300.0", "medical": "10.0"})
    budget = budget.model_copy(update={"components": (Component(key="support",
                                                                 name="Support"),)})
    draft = draft_performance(budget, spread("medical", Decimal("10000"), P2425),
                              period=P2425)
    [explanation] = draft.variance_explanations
    assert (explanation.amount, explanation.percentage) == (Decimal("300.0"),
                                                            Decimal("100.0"))
    assert explanation.paragraphs[0].text == (
        "The reduced requirements were attributable to the absence of expenditure in the "
        "period against an apportionment of $300,000.")
    assert draft.components == ()
    framework = draft_performance(budget, [], period=P2425,
                                  framework=budget.components).components
    assert [c.key for c in framework] == ["support"]


CLASSES_DRAWN = ("international_staff", "official_travel", "medical", "air_operations",
                 "national_professional_officers", "staff_assessment_income")


@settings(max_examples=25, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(CLASSES_DRAWN), st.integers(0, 11),
                          st.integers(-5_000_000, 90_000_000), st.integers(-300_000, 300_000)),
                min_size=1, max_size=40))
def test_any_ledger_gives_a_table_that_adds_up(
        postings: list[tuple[str, int, int, int]]) -> None:
    # A fictional mission's ledger drawn at random (amounts in cents): whatever it holds,
    # each class's expenditure is its ledger sum rounded once, and the draft passes the
    # arithmetic checks (no error finding).
    budget = fictional_budget({"international_staff": "5000.0", "official_travel": "120.0",
                               "national_staff": "800.0", "staff_assessment_income": "400.0"})
    calendar = months_of(P2425)
    months = [ClassMonth(class_code=code, month=calendar[month],
                         obligated=Decimal(obligated) / 100, adjusted=Decimal(adjusted) / 100)
              for code, month, obligated, adjusted in postings]
    draft = draft_performance(budget, months, period=P2425)
    rows = {r.line: r.values for r in draft.financial_table("financial_resources").rows}
    for code in {"international_staff", "official_travel", "medical"} & {p[0] for p in postings}:
        spent = sum((m.expenditure for m in months if m.class_code == code), Decimal(0))
        assert rows[code]["expenditure_2024_25"] == round_half_away(spent / 1000, 1)
    assert sum((m.amount for m in draft.monthly_expenditure), Decimal(0)) == \
        rows["gross_requirements"]["expenditure_2024_25"]
    errors = [f for f in run_checks([draft]) if f.severity is Severity.ERROR]
    assert errors == []


def test_net_credits_over_a_nil_apportionment_are_reduced_requirements() -> None:
    # Nothing apportioned for medical; an obligation of a prior period cancelled in
    # April 2025 posts −$150,000: expenditure −150.0, variance 0 − (−150.0) = 150.0,
    # reduced requirements (over the $100,000 threshold).
    budget = fictional_budget({"official_travel": "12.0"})
    months = [ClassMonth(class_code="medical", month=dt.date(2025, 4, 1),
                         adjusted=Decimal("-150000"))]
    months += spread("official_travel", Decimal("12000"), P2425, (1,) * 12)
    draft = draft_performance(budget, months, period=P2425)
    [explanation] = draft.variance_explanations
    assert (explanation.line, explanation.amount, explanation.percentage) == (
        "medical", Decimal("150.0"), None)
    assert explanation.paragraphs[0].text == (
        "The reduced requirements were attributable to net credits of $150,000 posted "
        "against a nil apportionment, the largest in April 2025 (net credits of $150,000).")
    assert not [f for f in run_checks([draft]) if f.severity is Severity.ERROR]
