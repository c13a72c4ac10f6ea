"""Scenarios: a change of one driver moves exactly the lines it should, by hand."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

import pytest

from rbb.costing import (
    DriverSet,
    Edit,
    ProvenanceKind,
    apply_edits,
    calibrate,
    compare,
    merge_edits,
)
from rbb.costing.exact import printed
from rbb.model.errors import InputError
from tests.costing.conftest import Unmik


def _edits(*texts: str) -> list[Edit]:
    return [Edit.parse(t) for t in texts]


def _changes(base: DriverSet, scenario: DriverSet) -> dict[str, Decimal]:
    comparison = compare(base, scenario, base.period)
    return {c.line: c.change for c in comparison.changed()}


def test_one_vacancy_factor_changes_exactly_the_classes_it_should(unmik: Unmik) -> None:
    """International staff vacancy 8.8 → 10.0 per cent (2025/26). By hand, with the
    calibrated unit cost u = 23 790.6 ÷ (113 × 0.912):
      international staff = 113 × 0.900 × u = 23 790.6 × 0.900 ÷ 0.912 = 23 477.5658 → 23 477.6
      change = 23 477.6 − 23 790.6 = (313.0), in civilian personnel, gross and total too.
    Staff assessment is 4 887.8 ÷ 35 631.9 of the staff classes (23 790.6 + 2 673.0 +
    9 165.3 + 3.0, seed lines 511-515), so it falls by 313.0342 × 4 887.8 ÷ 35 631.9 =
    42.94 → 4 844.9 (42.9 less), and net requirements by 313.0 − 42.9 = 270.1."""
    base = unmik.calibrated
    scenario = apply_edits(base, _edits("vacancy_factor.international_staff=10.0"))
    international = Fraction("23790.6") * Fraction("0.9") / Fraction("0.912")
    assert printed(international) == Decimal("23477.6")
    assessment = (
        Fraction("4887.8")
        * (Fraction("35631.9") - Fraction("23790.6") + international)
        / Fraction("35631.9")
    )
    assert printed(assessment) == Decimal("4844.9")
    assert _changes(base, scenario) == {
        "international_staff": Decimal("-313.0"),
        "civilian_personnel": Decimal("-313.0"),
        "gross_requirements": Decimal("-313.0"),
        "staff_assessment_income": Decimal("-42.9"),
        "net_requirements": Decimal("-270.1"),
        "total_requirements": Decimal("-313.0"),
    }


def test_the_change_is_attributed_to_the_vacancy_factor_alone(unmik: Unmik) -> None:
    base = unmik.calibrated
    scenario = apply_edits(base, _edits("vacancy_factor.international_staff=10.0"))
    found = compare(base, scenario, base.period).attribution.of("international_staff")
    assert {p.factor: p.amount for p in found.parts} == {
        "posts": Decimal("0.0"),
        "vacancy_factor": Decimal("-313.0"),
        "unit_cost": Decimal("0.0"),
    }


def test_the_exchange_rate_moves_only_the_national_staff(unmik: Unmik) -> None:
    """EUR 0.948 → 0.950: NPO 2 673.0 × 0.948 ÷ 0.950 = 2 667.3726 → 2 667.4 (5.6 less);
    NGS 9 165.3 × 0.948 ÷ 0.950 = 9 146.0046 → 9 146.0 (19.3 less)."""
    base = unmik.calibrated
    changes = _changes(base, apply_edits(base, _edits("exchange_rate.EUR=0.95")))
    assert changes["national_professional_officers"] == Decimal("-5.6")
    assert changes["national_general_service_staff"] == Decimal("-19.3")
    classes = {
        k
        for k in changes
        if k
        not in (
            "civilian_personnel",
            "gross_requirements",
            "staff_assessment_income",
            "net_requirements",
            "total_requirements",
        )
    }
    assert classes == {"national_professional_officers", "national_general_service_staff"}


def test_posts_added_in_an_office(unmik: Unmik) -> None:
    """Two Field Service posts in the Security Section (9 → 11, seed line 474) cost
    2 × (1 − 0.088) × 23 790.6 ÷ 103.056 = 421.07 → international staff 24 211.7."""
    base = unmik.calibrated
    scenario = apply_edits(base, _edits("posts.security_section.fs=+2"))
    posts = [
        p
        for p in scenario.posts
        if p.office == "Security Section" and p.band == "fs" and p.period == base.period
    ]
    assert [p.count for p in posts] == [11]
    assert posts[0].provenance.kind is ProvenanceKind.PERSON
    assert posts[0].provenance.note == "posts.security_section.fs=+2"
    changes = _changes(base, scenario)
    assert changes["international_staff"] == Decimal("421.1")
    found = compare(base, scenario, base.period).attribution.of("international_staff")
    assert {p.factor for p in found.parts if p.amount} == {"posts"}


def test_a_fuel_price_moves_the_classes_its_litres_are_costed_in(unmik: Unmik) -> None:
    """With a price of $1.20 a litre recorded for each fuel item in both periods (and the
    rest of each class calibrated), a 10 per cent rise costs 70,000 litres × $0.12 = 8.4
    more in ground transportation, plus 500 × 0.12 = 0.06 for oil and lubricants (line
    413), and (69,000 + 63,000) × 0.12 = 15.84 more in facilities and infrastructure."""
    priced = [
        q.model_copy(update={"unit_price": Decimal("1.20")})
        for q in unmik.drivers.quantities
        if q.item.startswith("fuel.")
    ]
    carried = [q.model_copy(update={"period": unmik.drivers.base_period}) for q in priced]
    others = [q for q in unmik.drivers.quantities if not q.item.startswith("fuel.")]
    drivers = unmik.drivers.model_copy(update={"quantities": (*priced, *carried, *others)})
    base = calibrate(drivers, unmik.published).drivers
    assert compare(base, base, base.period).base_cost.amount("ground_transportation") == Decimal(
        "140.9"
    )
    changes = _changes(base, apply_edits(base, _edits("price.fuel=+10%")))
    assert changes["ground_transportation"] == Decimal("8.5")  # 8.46
    assert changes["facilities_and_infrastructure"] == Decimal("15.8")  # 15.84


def test_a_price_needs_a_known_base_price(unmik: Unmik) -> None:
    with pytest.raises(InputError, match=r"fuel\.\w+ has no unit price"):
        apply_edits(unmik.calibrated, _edits("price.fuel=1.20"))


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("vacancy", "write an edit as KEY=VALUE"),
        ("salary.international_staff=3", "unknown driver"),
        ("vacancy_factor.international_staff=ten", "is not a number"),
        ("vacancy_factor.cooks=5", "unknown personnel category 'cooks'"),
        ("vacancy_factor.international_staff=100", "from 0 to below 100"),
        ("posts.nowhere.fs=+1", "unknown office 'nowhere'"),
        ("posts.security_section.p9=+1", "unknown grade band 'p9'"),
        ("posts.security_section.fs=-10", "would leave -1 posts"),
        ("exchange_rate.CHF=0.9", "no CHF exchange rate"),
        ("unit_cost.international_staff=3%", "needs a sign"),
        ("amount.international_staff=5", "costed from its posts"),
    ],
)
def test_invalid_edits_are_named(unmik: Unmik, text: str, message: str) -> None:
    with pytest.raises(InputError, match=message):
        apply_edits(unmik.calibrated, [Edit.parse(text)])


def test_setting_a_key_again_replaces_it() -> None:
    first = _edits("vacancy_factor.ngs=5", "exchange_rate.eur=0.95")
    merged = merge_edits(first, _edits("vacancy_factor.national_general_service_staff=6"))
    assert [str(e) for e in merged] == ["vacancy_factor.national_general_service_staff=6",
                                        "exchange_rate.EUR=0.95"]


def test_a_scenario_never_changes_its_base(unmik: Unmik) -> None:
    before = unmik.calibrated.model_dump_json()
    document = unmik.document.model_dump_json()
    apply_edits(
        unmik.calibrated,
        _edits("vacancy_factor.international_staff=10.0", "posts.security_section.fs=+2"),
    )
    assert unmik.calibrated.model_dump_json() == before
    assert unmik.document.model_dump_json() == document


def test_unit_cost_scales_in_its_own_currency(unmik: Unmik) -> None:
    """A 3 per cent rise in the NGS salary scale (in euros): 9 165.3 × 1.03 = 9 440.259
    → 9 440.3, an increase of 275.0, all of it unit cost."""
    base = unmik.calibrated
    scenario = apply_edits(base, _edits("unit_cost.national_general_service_staff=+3%"))
    assert _changes(base, scenario)["national_general_service_staff"] == Decimal("275.0")
