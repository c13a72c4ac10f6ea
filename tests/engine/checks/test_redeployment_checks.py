"""The checks of recorded redeployments (docs/checks.md, "Recorded redeployments"), run
through the interface ``rbb check`` uses over a store (``check_records``): the
redeployments that count, per period, against the mission's documents. Figures are those
of A/77/589's table "Summary information on redeployments across groups" (the performance
seed, lines 4160-4166: 768.5 / 32 534.4 / 7 995.6, total 41 298.5, nothing redeployed)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from rbb.engine.checks import check_records, documentation_by_code
from rbb.engine.redeployments import net_zero
from rbb.model import Period, Severity
from rbb.model.execution import MissionRecords, Redeployment, Withdrawal
from rbb.model.staffing import RowType
from rbb.model.tables import Redeployment as Row
from rbb.model.tables import Redeployments

from ..seeds import seed_document

P2122 = Period.parse("2021/22")
AT = dt.datetime(2022, 6, 30, tzinfo=dt.UTC)
CODES = {"redeployments.net-zero", "redeployments.negative-distribution",
         "redeployments.against-report"}


def _moved(number: int, amount: str, from_line: str, to_line: str, *,
           period: Period = P2122, withdrawn: Withdrawal | None = None) -> Redeployment:
    return Redeployment(id=number, mission="UNMIK", period=period,
                        date=period.start + dt.timedelta(days=243),  # 1 March
                        amount=Decimal(amount), from_line=from_line, to_line=to_line,
                        reason="As approved", approver="D. Director", recorded_by="ed",
                        recorded_at=AT, withdrawn=withdrawn)


def _records(*moves: Redeployment) -> MissionRecords:
    return MissionRecords(mission="UNMIK", redeployments=moves)


def test_the_checks_are_registered_and_documented() -> None:
    assert set(documentation_by_code()) >= CODES


def test_nothing_recorded_finds_nothing_even_where_the_report_prints_a_table() -> None:
    assert check_records(_records(), [seed_document("performance")]) == []


def test_a_redeployment_across_groups_is_against_the_report_that_prints_none() -> None:
    found = check_records(_records(_moved(3, "250000", "international_staff",
                                          "official_travel")),
                          [seed_document("performance")])
    # By hand: 250 000 dollars = 250.0 thousand out of civilian personnel (line 4162) and
    # into operational costs (line 4164); the total nets to zero, as printed.
    assert [(f.code, f.severity, f.document, f.row, f.source_line, f.printed, f.computed)
            for f in found] == [
        ("redeployments.against-report", Severity.WARNING, "UNMIK 2021/22 performance",
         "civilian_personnel", 4162, 0, Decimal("-250")),
        ("redeployments.against-report", Severity.WARNING, "UNMIK 2021/22 performance",
         "operational_costs", 4164, 0, Decimal("250"))]
    assert "no. 3 of 2022-03-01, $250,000 from international_staff to official_travel" \
        in found[0].message


def test_a_withdrawn_redeployment_counts_nowhere() -> None:
    withdrawn = Withdrawal(by="ed", at=AT, reason="Recorded twice")
    moves = _records(_moved(3, "250000", "international_staff", "official_travel",
                            withdrawn=withdrawn))
    assert check_records(moves, [seed_document("performance")]) == []


def test_a_move_within_a_group_changes_no_group() -> None:
    moves = _records(_moved(4, "10000", "national_staff", "united_nations_volunteers"))
    assert check_records(moves, [seed_document("performance")]) == []


def test_a_group_left_negative_is_an_error_naming_the_redeployment() -> None:
    # 768.5 thousand apportioned to military and police personnel; 800 000 dollars out
    # leaves 768.5 - 800.0 = -31.5.
    found = check_records(_records(_moved(7, "800000", "military_observers",
                                          "facilities_and_infrastructure")),
                          [seed_document("performance")])
    negative = [f for f in found if f.code == "redeployments.negative-distribution"]
    assert [(f.severity, f.row, f.source_line, f.computed) for f in negative] == [
        (Severity.ERROR, "military_and_police_personnel", 4160, Decimal("-31.5"))]
    assert negative[0].message.startswith("2021/22: ")
    assert "no. 7 of 2022-03-01" in negative[0].message
    assert {f.code for f in found} == {"redeployments.negative-distribution",
                                       "redeployments.against-report"}


def test_a_period_without_its_documents_is_not_checked_here() -> None:
    # 2023/24: neither its performance report nor a budget of it or of 2024/25 is given.
    moves = _records(_moved(8, "1000", "international_staff", "official_travel",
                            period=Period.parse("2023/24")))
    assert check_records(moves, [seed_document("performance")]) == []


def test_a_net_column_not_summing_to_zero_is_an_error() -> None:
    # Recorded moves net to zero by construction; the check guards the derived table.
    table = Redeployments(rows=(
        Row(group="civilian_personnel", original_distribution=None,
            redeployment=Decimal("-250"), revised_distribution=None),
        Row(group="total", original_distribution=None, redeployment=Decimal("-250"),
            revised_distribution=None, row_type=RowType.TOTAL)))
    found = net_zero("UNMIK 2021/22 performance", table)
    assert [(f.code, f.severity, f.row, f.computed) for f in found] == [
        ("redeployments.net-zero", Severity.ERROR, "total", Decimal("-250"))]


def test_without_its_performance_report_the_next_budget_carries_the_finding() -> None:
    # The budget 2025/26 prints the 2024/25 apportionment (line 509: military and police
    # personnel 588.6); $600,000 out of the group leaves 588.6 - 600.0 = -11.4.
    p2425 = Period.parse("2024/25")
    found = check_records(_records(_moved(9, "600000", "military_and_police_personnel",
                                          "operational_costs", period=p2425)),
                          [seed_document("budget"), seed_document("performance")])
    assert [(f.code, f.document, f.row, f.source_line, f.computed) for f in found] == [
        ("redeployments.negative-distribution", "UNMIK 2025/26 budget",
         "military_and_police_personnel", None, Decimal("-11.4"))]
