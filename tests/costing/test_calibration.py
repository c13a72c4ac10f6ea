"""Calibration reproduces every published class estimate of the UNMIK 2025/26 budget."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

import pytest

from rbb.costing import cost_drivers
from rbb.model import Period
from tests.costing.conftest import Unmik

P24, P25 = Period.parse("2024/25"), Period.parse("2025/26")

# The financial resources table, seed lines 505-530: apportionment (2024/25) and cost
# estimates (2025/26) of every class, as printed.
PRINTED = {
    "military_observers": ("260.9", "384.8"),  # line 505
    "military_contingents": ("0", "0"),  # line 506: — —
    "united_nations_police": ("327.7", "480.1"),  # line 507
    "formed_police_units": ("0", "0"),  # line 508
    "international_staff": ("21139.4", "23790.6"),  # line 511
    "national_professional_officers": ("2680.2", "2673.0"),  # line 512
    "national_general_service_staff": ("9644.4", "9165.3"),  # line 513
    "united_nations_volunteers": ("1011.0", "1050.1"),  # line 514
    "general_temporary_assistance": ("3.0", "3.0"),  # line 515
    "government_provided_personnel": ("0", "0"),  # line 516
    "civilian_electoral_observers": ("0", "0"),  # line 519
    "consultants_and_consulting_services": ("39.4", "30.9"),  # line 520
    "official_travel": ("315.8", "315.8"),  # line 521
    "facilities_and_infrastructure": ("2870.3", "2514.5"),  # line 522
    "ground_transportation": ("229.4", "140.9"),  # line 523
    "air_operations": ("0", "0"),  # line 524
    "marine_operations": ("0", "0"),  # line 525
    "communications_and_information_technology": ("1772.0", "1873.2"),  # line 526
    "medical": ("96.2", "89.4"),  # line 527
    "special_equipment": ("0", "0"),  # line 528
    "other_supplies_services_and_equipment": ("3295.0", "3333.7"),  # line 529
    "quick_impact_projects": ("0", "200.0"),  # line 530
}
SUMMARY = {  # lines 509, 517, 531-536
    "military_and_police_personnel": ("588.6", "864.9"),
    "civilian_personnel": ("34478.0", "36682.0"),
    "operational_costs": ("8618.1", "8498.4"),
    "gross_requirements": ("43684.7", "46045.3"),
    "staff_assessment_income": ("4305.8", "4887.8"),
    "net_requirements": ("39378.9", "41157.5"),
    "total_requirements": ("43684.7", "46045.3"),
}


@pytest.mark.parametrize("line", sorted(PRINTED))
def test_every_published_class_estimate_is_reproduced(unmik: Unmik, line: str) -> None:
    for period, printed in zip((P24, P25), PRINTED[line], strict=True):
        assert cost_drivers(unmik.calibrated, period).amount(line) == Decimal(printed), (
            f"{line} {period}"
        )


def test_groups_and_summary_lines_are_reproduced(unmik: Unmik) -> None:
    for period, index in ((P24, 0), (P25, 1)):
        cost = cost_drivers(unmik.calibrated, period)
        for line, printed in SUMMARY.items():
            assert cost.amount(line) == Decimal(printed[index]), f"{line} {period}"


def test_every_calibration_row_matches(unmik: Unmik) -> None:
    assert unmik.calibration.all_reproduced
    methods = {(r.line, r.period): r.method for r in unmik.calibration.rows}
    for line in (
        "international_staff",
        "national_professional_officers",
        "national_general_service_staff",
        "united_nations_volunteers",
        "military_observers",
        "united_nations_police",
    ):
        assert methods[(line, P24)] == methods[(line, P25)] == "unit cost"
    assert methods[("facilities_and_infrastructure", P25)] == "amount"


def test_international_staff_unit_cost_by_hand(unmik: Unmik) -> None:
    """23 790.6 ÷ (113 × (1 − 0.088)) = 23 790.6 ÷ 103.056 = 230.8511877...;
    21 139.4 ÷ (113 × (1 − 0.168)) = 21 139.4 ÷ 94.016 = 224.8489618..."""
    rows = {(r.line, r.period): r for r in unmik.calibration.rows}
    proposal = rows[("international_staff", P25)]
    assert proposal.full_time_equivalents == Fraction("103.056")
    assert proposal.unit_cost is not None
    assert abs(Fraction(proposal.unit_cost) - Fraction("23790.6") / Fraction("103.056")) < Fraction(
        1, 10**35
    )
    assert str(proposal.unit_cost)[:12] == "230.85118770"
    approved = rows[("international_staff", P24)]
    assert str(approved.unit_cost)[:12] == "224.84896187"


def test_national_staff_unit_cost_is_stated_in_euros(unmik: Unmik) -> None:
    """NGS 2025/26: 9 165.3 ÷ (186 × (1 − 0.075)) = 9 165.3 ÷ 172.05 = 53.2711... dollars
    per full-time equivalent, × 0.948 euro per dollar = 50.5010... euros."""
    cost = next(
        c
        for c in unmik.calibrated.standard_costs
        if c.line == "national_general_service_staff" and c.period == P25
    )
    assert cost.currency == "EUR"
    expected = Fraction("9165.3") / Fraction("172.05") * Fraction("0.948")
    assert abs(Fraction(cost.annual_cost) - expected) < Fraction(1, 10**35)
    assert cost.provenance.source_line == 513


def test_calibration_keeps_standard_costs_given_by_a_person(unmik: Unmik) -> None:
    """A standard cost from a file is kept; only the rest of the class is calibrated."""
    from rbb.costing import Provenance, ProvenanceKind, StandardCost, calibrate

    given = StandardCost(
        line="international_staff",
        band="usg_asg",
        period=P25,
        annual_cost=Decimal("450.0"),
        provenance=Provenance(kind=ProvenanceKind.PERSON, reference="budget"),
    )
    drivers = unmik.drivers.model_copy(update={"standard_costs": (given,)})
    calibration = calibrate(drivers, unmik.published)
    assert given in calibration.drivers.standard_costs
    assert calibration.all_reproduced
