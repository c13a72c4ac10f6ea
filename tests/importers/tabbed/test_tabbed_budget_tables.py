"""The tables of section II, B to H, of the UNMIK 2025/26 budget report."""

from __future__ import annotations

from decimal import Decimal

from rbb.model import Document, Period, PersonnelCategory, Stage, VacancyKind
from rbb.model.staffing import RowType

D = Decimal


def test_non_budgeted_contributions(budget: Document) -> None:
    """``Status-of-mission agreement ^a\\t81.0`` / ``Total\\t81.0``."""
    assert [(r.label, r.amount, r.row_type, r.source_line)
            for r in budget.non_budgeted_contributions] == [
        ("Status-of-mission agreement", D("81.0"), RowType.ITEM, 545),
        ("Total", D("81.0"), RowType.TOTAL, 546)]


def test_efficiency_gains(budget: Document) -> None:
    """``Consultants, and other supplies, services and equipment\\t<initiative>\\t17.7``,
    ``Total\\t\\t17.7``, ``Approved budget for 2024/25\\t\\t43 684.7``, ``Efficiencies as a
    percentage of the approved budget 2024/25\\t\\t0.04``."""
    gains = budget.efficiency_gains
    assert gains is not None and gains.period == Period(2025)
    item, total = gains.gains
    assert item.category == "Consultants, and other supplies, services and equipment"
    assert item.initiative is not None and item.initiative.startswith("Cost benefit")
    assert (item.amount, item.source_line) == (D("17.7"), 557)
    assert (total.row_type, total.amount, total.initiative) == (RowType.TOTAL, D("17.7"), None)
    assert (gains.approved_budget, gains.approved_budget_source_line) == (D("43684.7"), 559)
    assert (gains.percentage_of_approved_budget, gains.percentage_source_line) == (D("0.04"), 560)


def test_vacancy_factors(budget: Document) -> None:
    """``International staff\\t11.5\\t16.8\\t14.2\\t16.8\\t8.8`` under ``Actual`` (2021/22 to
    2023/24), ``Approved`` 2024/25 and ``Proposed`` 2025/26; dashes are 0."""
    factors = {(f.category, f.kind, f.period): (f.rate, f.source_line)
               for f in budget.vacancy_factors}
    assert len(factors) == 30
    staff = PersonnelCategory.INTERNATIONAL_STAFF
    assert factors[(staff, VacancyKind.ACTUAL, Period(2021))] == (D("11.5"), 574)
    assert factors[(staff, VacancyKind.APPROVED, Period(2024))] == (D("16.8"), 574)
    assert factors[(staff, VacancyKind.PROPOSED, Period(2025))] == (D("8.8"), 574)
    observers = PersonnelCategory.MILITARY_OBSERVERS
    assert factors[(observers, VacancyKind.ACTUAL, Period(2022))] == (D(0), 571)
    npo = PersonnelCategory.NATIONAL_PROFESSIONAL_OFFICERS
    assert factors[(npo, VacancyKind.ACTUAL, Period(2022))] == (D("3.0"), 576)
    unv = PersonnelCategory.UNITED_NATIONS_VOLUNTEERS_INTERNATIONAL
    assert factors[(unv, VacancyKind.ACTUAL, Period(2021))] == (D("8.3"), 579)


def test_training_costs_under_their_headings(budget: Document) -> None:
    """``Official travel`` / ``Official travel, training\\t83.9`` / ``Other supplies, services
    and equipment`` / ``Training fees, supplies and services\\t61.1`` / ``Total\\t145.0``."""
    assert [(r.group, r.label, r.amount, r.row_type) for r in budget.training_costs] == [
        ("Official travel", "Official travel, training", D("83.9"), RowType.ITEM),
        ("Other supplies, services and equipment", "Training fees, supplies and services",
         D("61.1"), RowType.ITEM),
        (None, "Total", D("145.0"), RowType.TOTAL)]


def test_training_participants(budget: Document) -> None:
    """``Internal\\t11\\t40\\t23\\t10\\t99\\t22\\t–\\t–\\t–`` (line 602) under International staff,
    National staff, Military and police personnel × Actual 2023/24, Planned 2024/25,
    Proposed 2025/26."""
    participants = {(p.category, p.kind, p.period, p.location): (p.count, p.source_line)
                    for p in budget.training_participants}
    assert len(participants) == 27
    assert participants[("international_staff", "actual", Period(2023), "internal")] == (11, 602)
    assert participants[("national_staff", "planned", Period(2024), "external")] == (19, 603)
    assert participants[("national_staff", "planned", Period(2024), "total")] == (118, 604)
    assert participants[("military_and_police_personnel", "actual", Period(2023),
                         "external")] == (4, 603)
    assert participants[("military_and_police_personnel", "proposed", Period(2025),
                         "total")] == (0, 604)


def test_official_travel_non_training(budget: Document) -> None:
    """``Travel outside the mission area\\t47\\t178.3\\t0.4\\t0.4`` / ``Total\\t184\\t231.9``."""
    rows = [(t.label, t.person_trips, t.amount, t.percentages, t.row_type)
            for t in budget.official_travel]
    assert rows == [
        ("Travel within the mission area", 137, D("53.6"),
         {"2024/25": D("0.1"), "2025/26": D("0.1")}, RowType.ITEM),
        ("Travel outside the mission area", 47, D("178.3"),
         {"2024/25": D("0.4"), "2025/26": D("0.4")}, RowType.ITEM),
        ("Total", 184, D("231.9"), {}, RowType.TOTAL)]


def test_programmatic_activities(budget: Document) -> None:
    """``Promotion and protection of human rights\\t460.0\\t1.1 and 1.3``."""
    rows = [(a.description, a.amount, a.expected_accomplishments, a.row_type)
            for a in budget.programmatic_activities]
    assert rows[0] == ("Rule of law and security sector reform", D("600.0"), ("1.3",),
                       RowType.ITEM)
    assert rows[1] == ("Promotion and protection of human rights", D("460.0"), ("1.1", "1.3"),
                       RowType.ITEM)
    assert rows[-1] == ("Total", D("2889.1"), (), RowType.TOTAL)
    assert {a.stage for a in budget.programmatic_activities} == {Stage.COST_ESTIMATES}
    assert len(rows) == 6


def test_quick_impact_projects(budget: Document) -> None:
    """``1 July 2025 to 30 June 2026 (proposed)\\t200.0\\t4``; the earlier periods are dashes."""
    assert [(q.period, q.kind, q.amount, q.number_of_projects, q.source_line)
            for q in budget.quick_impact_projects] == [
        (Period(2023), "actual", D(0), 0, 658), (Period(2024), "approved", D(0), 0, 659),
        (Period(2025), "proposed", D("200.0"), 4, 660)]
