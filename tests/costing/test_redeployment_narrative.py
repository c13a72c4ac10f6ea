"""The paragraph under the redeployment table, drafted from the recorded redeployments
(rbb.costing.redeployment_narrative) and carried by the drafted performance report where
the importer puts it (section III.B). A fictional mission (UNFIM): nothing here is one
report's wording but the sentence A/77/589 prints when nothing was redeployed."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from rbb.costing.performance_draft import draft_performance
from rbb.costing.redeployment_narrative import explain_redeployments, purpose
from rbb.engine.checks import run_checks
from rbb.model import Period, Severity
from rbb.model.execution import Redeployment, Withdrawal

from .test_performance_draft import P2425, a77_589, fictional_budget, spread

AT = dt.datetime(2025, 1, 2, tzinfo=dt.UTC)


def _moved(number: int, amount: str, from_line: str, to_line: str, reason: str,
           period: Period = P2425, withdrawn: Withdrawal | None = None) -> Redeployment:
    return Redeployment(id=number, mission="UNFIM", period=period,
                        date=period.start + dt.timedelta(days=number), amount=Decimal(amount),
                        from_line=from_line, to_line=to_line, reason=reason,
                        approver="A. Chief", recorded_by="ed", recorded_at=AT,
                        withdrawn=withdrawn)


def test_nothing_redeployed_is_said_as_a_77_589_says_it() -> None:
    # A/77/589, para. 47 (the performance seed, line 4174), for its own mission.
    printed = next(p.text for p in a77_589().paragraphs if p.number == 47)
    assert explain_redeployments("UNMIK", []) == printed
    within = _moved(1, "9000", "national_staff", "international_staff", "Posts")
    assert explain_redeployments("UNFIM", [within]) == \
        "During the reporting period, funds were not redeployed across groups by UNFIM."


def test_one_redeployment_names_its_groups_classes_and_reason() -> None:
    moved = _moved(1, "381300", "military_contingents", "facilities_and_infrastructure",
                   "Higher prices of generator fuel.")
    assert explain_redeployments("UNFIM", [moved]) == (
        "During the reporting period, funds of $381,300 were redeployed from group I, "
        "military and police personnel, to group III, operational costs, to cover higher "
        "prices of generator fuel (military contingents to facilities and "
        "infrastructure).")


def test_several_are_told_by_pair_of_groups_with_their_reasons_listed() -> None:
    moves = [
        _moved(3, "120000", "operational_costs", "civilian_personnel",
               "to meet the revised salary scale of national staff"),
        _moved(1, "381300", "military_contingents", "facilities_and_infrastructure",
               "Generator fuel"),
        _moved(2, "50000.50", "military_contingents", "ground_transportation",
               "Vehicle repairs"),
        _moved(4, "7000", "medical", "official_travel", "Within a group: not told"),
        _moved(5, "999", "medical", "military_observers", "Withdrawn: not told",
               withdrawn=Withdrawal(by="chief", at=AT, reason="Entered twice")),
    ]
    # Group I to III: 381 300 + 50 000.50 = 431 300.50; group III to II: 120 000.
    assert explain_redeployments("UNFIM", moves) == (
        "During the reporting period, funds of $431,300.50 were redeployed from group I, "
        "military and police personnel, to group III, operational costs, to cover: "
        "(a) generator fuel ($381,300, military contingents to facilities and "
        "infrastructure); and (b) vehicle repairs ($50,000.50, military contingents to "
        "ground transportation). Funds of $120,000 were redeployed from group III, "
        "operational costs, to group II, civilian personnel, to meet the revised salary "
        "scale of national staff.")


def test_a_reason_keeps_its_acronyms() -> None:
    assert purpose("  UNFIM  fuel contract. ") == "UNFIM fuel contract"
    assert purpose("Fuel") == "fuel"


def test_the_draft_carries_the_table_and_its_paragraph() -> None:
    budget = fictional_budget({"international_staff": "1000.0", "medical": "200.0"})
    months = spread("international_staff", Decimal("1050000"), P2425) + \
        spread("medical", Decimal("150000"), P2425)
    moved = _moved(1, "50049.99", "medical", "international_staff",
                   "Salary scale revision")
    draft = draft_performance(budget, months, period=P2425, recorded=[moved])
    assert draft.redeployments is not None
    rows = {r.group: r for r in draft.redeployments.rows}
    # $50,049.99 = 50.04999 thousand, printed 50.0 (one decimal), netting to zero.
    assert rows["civilian_personnel"].redeployment == Decimal("50.0")
    assert rows["operational_costs"].redeployment == Decimal("-50.0")
    assert rows["total"].redeployment == 0
    under = [p for p in draft.paragraphs if p.section == "III.B"]
    assert [p.text for p in under] == [
        "During the reporting period, funds of $50,049.99 were redeployed from group III, "
        "operational costs, to group II, civilian personnel, to cover salary scale "
        "revision (medical to international staff)."]
    assert not [f for f in run_checks([draft]) if f.severity is Severity.ERROR]


def test_nothing_recorded_drafts_a_table_of_dashes_and_says_so() -> None:
    budget = fictional_budget({"medical": "200.0"})
    draft = draft_performance(budget, spread("medical", Decimal("150000"), P2425),
                              period=P2425, recorded=[])
    assert draft.redeployments is not None
    assert {r.redeployment for r in draft.redeployments.rows} == {0}
    assert [p.text for p in draft.paragraphs if p.section == "III.B"] == [
        f"During the reporting period, funds were not redeployed across groups by "
        f"{budget.mission.code}."]
