"""Redeployments and the results tracker as a service: the performance report's
redeployment table derived from the recorded redeployments (matched against A/77/589's
as printed), the findings of reconciling them, and actual values recorded only for the
indicators and outputs the stored frameworks hold."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from sqlalchemy import Engine

from rbb.model.cycle import Period
from rbb.model.errors import InputError, NotFoundError
from rbb.model.execution import ActualSubject, Redeployment
from rbb.model.staffing import RowType
from rbb.services.execution_records import (
    ExecutionRecordsService,
    reconcile,
    redeployment_table,
)
from rbb.storage import DocumentStore
from tests.conftest import BUDGET_SEED, PERFORMANCE_SEED, imported

P2122, P2526 = Period.parse("2021/22"), Period.parse("2025/26")


@pytest.fixture
def service(sqlite_engine: Engine) -> ExecutionRecordsService:
    store = DocumentStore(sqlite_engine)
    for seed in (PERFORMANCE_SEED, BUDGET_SEED):
        result = imported(seed)
        assert result.document is not None
        store.save(result.document, result.diagnostics)
    return ExecutionRecordsService(sqlite_engine)


def _shape(summary_rows: tuple[object, ...]) -> list[tuple[object, ...]]:
    return [(r.group, r.original_distribution, r.redeployment, r.revised_distribution)  # type: ignore[attr-defined]
            for r in summary_rows]


def test_no_redeployments_give_the_table_a_77_589_prints(
        service: ExecutionRecordsService) -> None:
    # A/77/589, section B "Summary information on redeployments across groups" (seed lines
    # 4160-4166): 768.5 / 32 534.4 / 7 995.6, total 41 298.5, each with a dash redeployed.
    summary = service.summary("UNMIK", P2122)
    assert summary.original_from == "UNMIK 2021/22 performance"
    assert _shape(summary.table.rows) == [
        ("military_and_police_personnel", Decimal("768.5"), 0, Decimal("768.5")),
        ("civilian_personnel", Decimal("32534.4"), 0, Decimal("32534.4")),
        ("operational_costs", Decimal("7995.6"), 0, Decimal("7995.6")),
        ("total", Decimal("41298.5"), 0, Decimal("41298.5"))]
    assert summary.table.rows[-1].row_type is RowType.TOTAL
    assert summary.table.percentage_of_appropriation is None  # printed empty
    assert summary.findings == []


def test_a_redeployment_across_groups_moves_both_and_differs_from_the_report(
        service: ExecutionRecordsService) -> None:
    service.redeploy("UNMIK", P2122, date=dt.date(2022, 3, 1), amount="250,000.00",
                     from_line="international_staff", to_line="official_travel",
                     reason="Travel to the regional conference", approver="D. Director",
                     by="ed")
    # within a group: shows nowhere in the table by group
    service.redeploy("UNMIK", P2122, date=dt.date(2022, 4, 1), amount="10000",
                     from_line="national_staff", to_line="united_nations_volunteers",
                     reason="Volunteers' allowances", approver="D. Director", by="ed")
    summary = service.summary("UNMIK", P2122)
    assert len(summary.redeployments) == 2
    # By hand: 32 534.4 - 250.0 = 32 284.4; 7 995.6 + 250.0 = 8 245.6; the total stays
    # 41 298.5; 250.0 / 41 298.5 = 0.605 per cent, printed 0.6.
    assert _shape(summary.table.rows)[1:] == [
        ("civilian_personnel", Decimal("32534.4"), Decimal("-250"), Decimal("32284.4")),
        ("operational_costs", Decimal("7995.6"), Decimal("250"), Decimal("8245.6")),
        ("total", Decimal("41298.5"), 0, Decimal("41298.5"))]
    assert summary.table.percentage_of_appropriation == Decimal("0.6")
    against = [(f.row, f.printed, f.computed) for f in summary.findings]
    assert against == [("civilian_personnel", 0, Decimal("-250")),
                       ("operational_costs", 0, Decimal("250"))]
    assert {f.code for f in summary.findings} == {"redeployments.against-report"}
    assert summary.findings[0].source_line == 4162


def test_a_group_left_with_less_than_nothing_is_a_finding() -> None:
    # A fictional mission's distribution (thousands): 100.0 / 50.0 / 30.0; $60,000 out of
    # civilian personnel leaves 50.0 - 60.0 = -10.0.
    moved = Redeployment(mission="MINTEST", period=Period.parse("2030/31"),
                         date=dt.date(2030, 9, 9), amount=Decimal("60000"),
                         from_line="civilian_personnel", to_line="facilities_and_infrastructure",
                         reason="Generators", approver="A. Chief", recorded_by="ed",
                         recorded_at=dt.datetime(2030, 9, 9, tzinfo=dt.UTC))
    table = redeployment_table([moved], {"military_and_police_personnel": Decimal("100.0"),
                                         "civilian_personnel": Decimal("50.0"),
                                         "operational_costs": Decimal("30.0")})
    findings = reconcile("MINTEST", moved.period, table, None)
    assert [(f.code, f.row, f.computed) for f in findings] == [
        ("redeployments.negative-distribution", "civilian_personnel", Decimal("-10.0"))]
    # 60.0 / 180.0 = 33.33 per cent
    assert table.percentage_of_appropriation == Decimal("33.3")


def test_without_an_apportionment_stored_the_table_has_the_moves_only(
        service: ExecutionRecordsService) -> None:
    period = Period.parse("2027/28")
    service.redeploy("MINTEST", period, date=dt.date(2027, 7, 1), amount="1234.56",
                     from_line="operational_costs", to_line="military_and_police_personnel",
                     reason="Rations", approver="B. Head", by="ed")
    summary = service.summary("MINTEST", period)
    assert summary.original_from is None
    assert _shape(summary.table.rows)[0] == ("military_and_police_personnel", None,
                                             Decimal("1.23456"), None)
    assert summary.findings == []


@pytest.mark.parametrize(("changes", "says"), [
    ({"date": dt.date(2022, 7, 1)}, "outside the period"),
    ({"to_line": "international_staff"}, "both are international_staff"),
    ({"amount": "12 thousand"}, "not a number of dollars"),
    ({"amount": "-5"}, "more than zero"),
    ({"amount": "10.001"}, "two decimals"),
    ({"to_line": "gross_requirements"}, "not a group or class"),
    ({"reason": "  "}, "reason"),
])
def test_a_redeployment_that_cannot_be_is_refused(
        service: ExecutionRecordsService, changes: dict[str, object], says: str) -> None:
    values: dict[str, object] = {
        "date": dt.date(2022, 1, 5), "amount": "100", "from_line": "international_staff",
        "to_line": "medical", "reason": "x", "approver": "D. Director", "by": "ed"}
    with pytest.raises(InputError, match=says):
        service.redeploy("UNMIK", P2122, **{**values, **changes})  # type: ignore[arg-type]
    assert service.redeployments("UNMIK", P2122) == []


def test_the_tracker_lists_the_budget_frameworks_with_their_actuals(
        service: ExecutionRecordsService) -> None:
    recorded = service.record("UNMIK", P2526, subject="indicator", component="substantive",
                              key="1.1.1", quarter=1, value="38", by="ed")
    service.record("UNMIK", P2526, subject=ActualSubject.OUTPUT, component="substantive",
                   key="1.1/15", quarter=3, value="Yes", note="All held", by="ed")
    tracked, origin = service.tracker("UNMIK", P2526)
    assert origin == "UNMIK 2025/26 budget"
    substantive = next(c for c in tracked if c.key == "substantive")
    number, _, entries = substantive.accomplishments[0]
    # the seed budget's 1.1: indicators 1.1.1 and 1.1.2, then its 15 outputs
    assert number == "1.1" and [e.key for e in entries[:3]] == ["1.1.1", "1.1.2", "1.1/1"]
    assert len(entries) == 17
    assert entries[0].actuals == {1: recorded}
    assert entries[-1].key == "1.1/15" and entries[-1].actuals[3].note == "All held"


@pytest.mark.parametrize(("subject", "component", "key", "says"), [
    ("indicator", "substantive", "9.9.9", "no indicator '9.9.9'"),
    ("output", "substantive", "1.1/16", "no output '1.1/16'"),
    ("output", "substantive", "1.1.1", "its place, 1.1/3"),
    ("indicator", "nowhere", "1.1.1", "no component 'nowhere'"),
    ("target", "substantive", "1.1.1", "not indicator or output"),
])
def test_an_actual_for_no_entry_of_the_frameworks_is_refused(
        service: ExecutionRecordsService, subject: str, component: str, key: str,
        says: str) -> None:
    with pytest.raises(InputError, match=says):
        service.record("UNMIK", P2526, subject=subject, component=component, key=key,
                       quarter=1, value="1", by="ed")


def test_a_quarter_out_of_range_is_refused(service: ExecutionRecordsService) -> None:
    with pytest.raises(InputError, match="quarter"):
        service.record("UNMIK", P2526, subject="indicator", component="substantive",
                       key="1.1.1", quarter=5, value="1", by="ed")


def test_no_frameworks_stored_is_not_found(service: ExecutionRecordsService) -> None:
    with pytest.raises(NotFoundError):
        service.tracker("MINTEST", P2526)
