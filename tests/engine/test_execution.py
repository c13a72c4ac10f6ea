"""Monitoring the year: figures to date, projections and threshold flags of a fictional
mission's 2030/31, every number derived by hand in the comments."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from rbb.engine.execution import (
    Method,
    apportionment_of,
    execution,
    months_elapsed,
    months_of,
)
from rbb.model import MoneyColumn, MoneyRow, MoneyTable, Period, Stage
from rbb.model.ledger import ClassMonth
from rbb.model.money import ColumnRole

D = Decimal
YEAR = Period(2030)
AS_OF = dt.date(2030, 12, 31)  # July to December: six months elapsed


def month(period: Period, index: int) -> dt.date:
    return months_of(period)[index]


def spend(code: str, period: Period, amounts: list[int], disbursed: int = 0,
          ) -> list[ClassMonth]:
    return [ClassMonth(class_code=code, month=month(period, i), obligated=D(a),
                       disbursed=D(disbursed)) for i, a in enumerate(amounts) if a]


# Official travel, apportioned 240.0 thousand = $240,000: obligated 10,000, 10,000,
# 20,000, 20,000, 30,000, 30,000 from July to December (120,000 to date), 5,000 a month
# paid out (30,000), and 15,000 already obligated for March 2031.
TRAVEL = [*spend("official_travel", YEAR, [10_000, 10_000, 20_000, 20_000, 30_000, 30_000],
                 disbursed=5_000),
          ClassMonth(class_code="official_travel", month=dt.date(2031, 3, 1),
                     obligated=D(15_000))]
# Facilities, apportioned 1,200.0 thousand: 100,000 a month (600,000 to date).
FACILITIES = spend("facilities_and_infrastructure", YEAR, [100_000] * 6)
APPORTIONMENT = {"official_travel": D("240.0"), "facilities_and_infrastructure": D("1200.0")}
# Two earlier years of travel: 2029/30 spent 60,000 of 200,000 by December (a share of
# 0.3), 2028/29 100,000 of 200,000 (0.5).
PREVIOUS = {
    Period(2029): spend("official_travel", Period(2029), [10_000] * 6 + [140_000 // 6] * 5
                        + [140_000 - 5 * (140_000 // 6)]),
    Period(2028): spend("official_travel", Period(2028), [100_000 // 6] * 5
                        + [100_000 - 5 * (100_000 // 6)] + [100_000 // 6] * 5
                        + [100_000 - 5 * (100_000 // 6)]),
}


def test_months_elapsed_counts_whole_months_only():
    assert months_elapsed(YEAR, dt.date(2030, 12, 31)) == 6
    assert months_elapsed(YEAR, dt.date(2030, 12, 30)) == 5  # December not over
    assert months_elapsed(YEAR, dt.date(2030, 7, 1)) == 0
    assert months_elapsed(YEAR, dt.date(2031, 2, 28)) == 8
    assert months_elapsed(YEAR, dt.date(2032, 1, 1)) == 12
    assert months_of(YEAR)[0] == dt.date(2030, 7, 1)
    assert months_of(YEAR)[-1] == dt.date(2031, 6, 1)


def test_to_date_figures_and_burn_rate():
    result = execution(TRAVEL + FACILITIES, APPORTIONMENT, YEAR, AS_OF)
    travel = result.row("official_travel")
    assert travel is not None
    assert travel.apportionment == D("240000.0")
    assert travel.obligated == D(120_000)  # March's 15,000 is after the as-of date
    assert travel.disbursed == D(30_000)
    assert travel.unliquidated == D(90_000)  # 120,000 − 30,000
    # 120,000 ÷ 240,000 = 50 per cent in six months: 8.333... per cent a month.
    assert travel.burn_rate is not None
    assert travel.burn_rate.quantize(D("0.01")) == D("8.33")
    assert travel.group == "operational_costs"
    group = result.row("operational_costs")
    assert group is not None
    assert group.apportionment == D(1_440_000)  # 240,000 + 1,200,000
    assert group.expenditure == D(720_000)  # 120,000 + 600,000
    assert result.total.expenditure == D(720_000)
    assert [r.key for r in result.rows()] == [
        "operational_costs", "official_travel", "facilities_and_infrastructure", "total"]


def test_straight_line_and_known_commitments():
    result = execution(TRAVEL, APPORTIONMENT, YEAR, AS_OF)
    travel = result.row("official_travel")
    assert travel is not None
    assert travel.primary is Method.STRAIGHT_LINE  # no earlier years given
    line = travel.projection
    # 120,000 + 6 × 20,000 (the average month) = 240,000: nothing left, no flag;
    # range 120,000 + 6 × 10,000 = 180,000 to 120,000 + 6 × 30,000 = 300,000.
    assert (line.expenditure, line.low, line.high) == (D(240_000), D(180_000), D(300_000))
    assert line.variance == 0 and not line.crosses_threshold
    # 240,000 − 180,000 = 60,000 = 60.0 thousand, 25 per cent: the low end crosses.
    assert line.range_crosses_threshold
    known = next(p for p in travel.projections if p.method is Method.KNOWN_COMMITMENTS)
    # 120,000 + March's 15,000 = 135,000; high 135,000 + 6 × 10,000 (quietest month).
    assert (known.expenditure, known.low, known.high) == (D(135_000), D(135_000),
                                                           D(195_000))
    # 240,000 − 135,000 = 105,000 = 105.0 thousand, 43.75 per cent.
    assert known.variance == D(105_000) and known.crosses_threshold


def test_previous_years_pattern_flags_an_overrun():
    result = execution(TRAVEL + FACILITIES, APPORTIONMENT, YEAR, AS_OF, previous=PREVIOUS)
    assert result.previous_years == 2
    travel = result.row("official_travel")
    assert travel is not None
    assert travel.primary is Method.PREVIOUS_YEARS
    pattern = travel.projection
    # Pooled share (60,000 + 100,000) ÷ (200,000 + 200,000) = 0.4: 120,000 ÷ 0.4 =
    # 300,000; the years alone: 120,000 ÷ 0.3 = 400,000 and 120,000 ÷ 0.5 = 240,000.
    assert (pattern.expenditure, pattern.low, pattern.high) == (
        D(300_000), D(240_000), D(400_000))
    # 240,000 − 300,000 = −60,000: −60.0 thousand, −25 per cent: over the threshold.
    assert pattern.variance == D(-60_000)
    assert pattern.percentage == D(-25)
    assert travel.flagged
    # Facilities have no earlier year: straight line, 600,000 + 6 × 100,000 = 1,200,000.
    facilities = result.row("facilities_and_infrastructure")
    assert facilities is not None
    assert facilities.primary is Method.STRAIGHT_LINE
    assert facilities.projection.expenditure == D(1_200_000)
    assert not facilities.flagged
    # The total sums its classes' projections: 300,000 + 1,200,000 = 1,500,000 (range
    # 240,000 + 1,200,000 to 400,000 + 1,200,000); against 1,440,000 a variance of
    # −60.0 thousand, −4.2 per cent: under both, so the total is not flagged.
    total = result.total
    assert total.primary is Method.PREVIOUS_YEARS
    assert (total.projection.expenditure, total.projection.low, total.projection.high) == (
        D(1_500_000), D(1_440_000), D(1_600_000))
    assert not total.flagged
    group = result.row("operational_costs")
    assert group is not None and group.projection == total.projection


def test_threshold_is_the_checks_rule_amount_or_percentage():
    # Medical, apportioned 10,000.0 thousand: 825,000 a month for six months is
    # 4,950,000, projected 9,900,000 on a straight line: a variance of 100,000 = 100.0
    # thousand, only 1 per cent, but $100,000 is enough (derived.VARIANCE_THRESHOLD_AMOUNT).
    medical = spend("medical", YEAR, [825_000] * 6)
    result = execution(medical, {"medical": D("10000.0")}, YEAR, AS_OF)
    row = result.row("medical")
    assert row is not None and row.projection.variance == D(100_000)
    assert row.flagged
    # 830,000 a month: 9,960,000, a variance of 40.0 thousand, 0.4 per cent: no flag.
    quieter = spend("medical", YEAR, [830_000] * 6)
    row = execution(quieter, {"medical": D("10000.0")}, YEAR, AS_OF).row("medical")
    assert row is not None and not row.flagged
    # Quick-impact projects, apportioned 50.0 thousand: 1,000 a month, projected 12,000:
    # a variance of 38.0 thousand, under $100,000 but 76 per cent: flagged.
    small = spend("quick_impact_projects", YEAR, [1_000] * 6)
    row = execution(small, {"quick_impact_projects": D("50.0")}, YEAR,
                    AS_OF).row("quick_impact_projects")
    assert row is not None and row.projection.expenditure == D(12_000) and row.flagged


def test_unbudgeted_spending_and_national_staff_parts():
    # Spending in a class with no apportionment is kept (variance over a nil base is
    # unbounded: flagged); national staff printed whole and split count once.
    months = spend("marine_operations", YEAR, [1_000] * 6) + spend(
        "national_general_service_staff", YEAR, [50_000] * 6)
    apportionment = {"national_staff": D("600.0"), "national_professional_officers":
                     D("200.0"), "national_general_service_staff": D("400.0")}
    result = execution(months, apportionment, YEAR, AS_OF)
    marine = result.row("marine_operations")
    assert marine is not None and marine.apportionment == 0 and marine.flagged
    national = result.row("national_staff")
    assert national is not None
    assert national.apportionment == D(600_000)  # not 1,200,000
    assert national.expenditure == D(300_000)
    assert national.projection.expenditure == D(600_000) and not national.flagged
    assert result.total.apportionment == D(600_000)


def test_curve_is_cumulative_then_the_band():
    result = execution(TRAVEL, APPORTIONMENT, YEAR, AS_OF)
    curve = result.curve
    assert len(curve) == 12
    # Cumulative 10,000, 20,000, 40,000, 60,000, 90,000, 120,000 to December.
    assert [p.cumulative for p in curve[:6]] == [D(n) for n in (
        10_000, 20_000, 40_000, 60_000, 90_000, 120_000)]
    assert all(p.cumulative is None for p in curve[6:])
    # June: the projection (240,000) and its range (180,000 to 300,000); January one
    # sixth of the way: 120,000 + 120,000 ÷ 6 = 140,000.
    assert (curve[-1].projected, curve[-1].low, curve[-1].high) == (
        D(240_000), D(180_000), D(300_000))
    assert curve[6].projected == D(140_000)


def test_apportionment_read_from_a_money_table():
    # A handwritten performance report table: apportionment, expenditure columns.
    table = MoneyTable(
        key="financial_resources", title="Financial resources",
        columns=(MoneyColumn(key="apportionment", label="Apportionment",
                             role=ColumnRole.AMOUNT, stage=Stage.APPORTIONMENT, period=YEAR),
                 MoneyColumn(key="expenditure", label="Expenditure", role=ColumnRole.AMOUNT,
                             stage=Stage.EXPENDITURE, period=YEAR)),
        rows=(MoneyRow(line="official_travel", label="Official travel",
                       values={"apportionment": D("240.0"), "expenditure": D("250.1")}),
              MoneyRow(line="operational_costs", label="Operational costs",
                       values={"apportionment": D("240.0"), "expenditure": D("250.1")})))
    assert apportionment_of(table, YEAR) == {"official_travel": D("240.0")}
    assert apportionment_of(table, Period(2031)) == {}


def test_a_year_over_has_nothing_left_to_project():
    # As of 30 June every month is elapsed: every method gives the actual 600,000.
    result = execution(spend("medical", YEAR, [50_000] * 12), {"medical": D("600.0")},
                       YEAR, dt.date(2031, 6, 30))
    row = result.row("medical")
    assert row is not None and result.months_elapsed == 12
    assert {p.expenditure for p in row.projections} == {D(600_000)}
    assert not row.flagged


def test_a_period_shorter_than_a_year_projects_over_its_own_months():
    # A mission set up on 1 October 2030 (Period.between): October 2030 to June 2031,
    # nine months. As of 31 December three have elapsed at 30,000 a month: 90,000, and
    # 90,000 + 6 × 30,000 = 270,000 by 30 June, its apportionment of 270.0: no variance.
    short = Period.between(dt.date(2030, 10, 1), dt.date(2031, 6, 30))
    assert len(months_of(short)) == 9 and months_of(short)[0] == dt.date(2030, 10, 1)
    months = [ClassMonth(class_code="medical", month=dt.date(2030, 10 + i, 1),
                         obligated=D(30_000)) for i in range(3)]
    result = execution(months, {"medical": D("270.0")}, short, AS_OF)
    row = result.row("medical")
    assert row is not None and result.months_elapsed == 3
    assert row.projection.expenditure == D(270_000) and not row.flagged
    assert len(result.curve) == 9
    # 90,000 ÷ 270,000 = a third in three months: 11.11 per cent a month.
    assert row.burn_rate is not None and row.burn_rate.quantize(D("0.01")) == D("11.11")
