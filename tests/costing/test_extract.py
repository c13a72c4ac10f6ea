"""The drivers a budget report prints, read from the UNMIK 2025/26 seed."""

from __future__ import annotations

from collections import Counter
from decimal import Decimal

from rbb.costing import ProvenanceKind, drivers_from_document
from rbb.model import Period
from rbb.model.tables import Paragraph
from tests.costing.conftest import Unmik

P24, P25 = Period.parse("2024/25"), Period.parse("2025/26")


def test_posts_by_class_add_up_to_the_human_resources_summary(unmik: Unmik) -> None:
    """Summary table, line 94-95 of the seed:
    ``Approved 2024/25  8  10  113  33  186  24  374`` and the same proposed for 2025/26
    (military observers, police, international, NPO, NGS, Volunteers, total)."""
    posts: Counter[tuple[str, Period]] = Counter()
    for post in unmik.drivers.posts:
        posts[(post.line, post.period)] += post.count
    for period in (P24, P25):
        assert posts[("military_observers", period)] == 8
        assert posts[("united_nations_police", period)] == 10
        assert posts[("international_staff", period)] == 113
        assert posts[("national_professional_officers", period)] == 33
        assert posts[("national_general_service_staff", period)] == 186
        assert posts[("united_nations_volunteers", period)] == 24


def test_posts_keep_office_band_and_line(unmik: Unmik) -> None:
    """Seed line 473: ``Security Section`` ``Approved posts 2024/25 — — — 2 9 11 2 47 49``."""
    security = {
        (p.band, p.count)
        for p in unmik.drivers.posts
        if p.office == "Security Section" and p.period == P24
    }
    assert security == {("p3_p2", 2), ("fs", 9), ("npo", 2), ("ngs", 47)}
    post = next(p for p in unmik.drivers.posts if p.office == "Security Section")
    assert post.component == "support"
    assert post.provenance.kind is ProvenanceKind.REPORT
    assert post.provenance.source_line == 473


def test_vacancy_factors_approved_and_proposed(unmik: Unmik) -> None:
    """Seed line 574: ``International staff  11.5  16.8  14.2  16.8  8.8`` (three actual
    years, approved 2024/25, proposed 2025/26); only the last two are cost drivers."""
    rates = {(r.category, r.period): r.rate for r in unmik.drivers.vacancy_factors}
    assert rates[("international_staff", P24)] == Decimal("16.8")
    assert rates[("international_staff", P25)] == Decimal("8.8")
    assert rates[("national_general_service_staff", P24)] == Decimal("2.7")
    assert rates[("national_general_service_staff", P25)] == Decimal("7.5")
    assert rates[("united_nations_volunteers_international", P25)] == Decimal("12.5")
    assert all(r.period in (P24, P25) for r in unmik.drivers.vacancy_factors)


def test_exchange_rates_come_from_the_analysis_of_variances(unmik: Unmik) -> None:
    """Seed line 686: "the application of the exchange rate of 0.948 euro to one United
    States dollar versus the rate of 0.912 euro applied in the approved budget for the
    2024/25 period"."""
    rates = {(r.currency, r.period): r for r in unmik.drivers.exchange_rates}
    assert rates[("EUR", P25)].rate == Decimal("0.948")
    assert rates[("EUR", P24)].rate == Decimal("0.912")
    assert rates[("EUR", P25)].provenance.source_line == 686
    assert "national_general_service_staff" in rates[("EUR", P25)].applies_to


def test_operational_quantities_from_the_support_outputs(unmik: Unmik) -> None:
    """Seed line 413: "202,500 litres of fuel (70,000 litres for ground transportation,
    69,000 litres for generators and other facilities, 63,000 litres of liquefied petroleum
    gas for heating and 500 litres of oil and lubricants)"; line 440: "75 United
    Nations-owned vehicles"."""
    items = {q.item: q for q in unmik.drivers.quantities}
    assert items["fuel.ground_transportation"].quantity == 70000
    assert items["fuel.ground_transportation"].line == "ground_transportation"
    assert items["fuel.generators"].quantity == 69000
    assert items["fuel.heating"].quantity == 63000
    assert items["fuel.oil_and_lubricants"].quantity == 500
    assert sum(q.quantity for k, q in items.items() if k.startswith("fuel.")) == 202500
    assert items["vehicles"].quantity == 75
    assert all(q.unit_price is None for q in items.values())


def test_published_amounts_and_variances(unmik: Unmik) -> None:
    """Seed line 511: ``International staff  20 914.9  21 139.4  23 790.6  2 651.2  12.5``."""
    figure = unmik.published.amount("international_staff", P25)
    assert figure is not None and figure.amount == Decimal("23790.6")
    assert figure.source_line == 511
    assert unmik.published.variances["international_staff"].amount == Decimal("2651.2")
    assert "national_staff" not in unmik.published.lines


def _rates_of(unmik: Unmik, text: str) -> dict[tuple[str, Period], Decimal]:
    """The exchange rates read from one invented paragraph put in place of the seed's
    prose (the money tables and staffing stay those of the seed)."""
    document = unmik.document.model_copy(update={
        "variance_explanations": (),
        "paragraphs": (Paragraph(section="II.C", number=12, text=text, source_line=40),)})
    return {(r.currency, r.period): r.rate
            for r in drivers_from_document(document).exchange_rates}


def test_an_exchange_rate_in_any_currency_of_the_reference_data(unmik: Unmik) -> None:
    """A budget of a mission paid in CFA francs, in the reports' phrasing."""
    text = ("The increased requirements are attributable to the application of the exchange "
            "rate of 602.3 West African CFA francs to one United States dollar, as compared "
            "with 588.15 West African CFA francs applied in the approved budget.")
    assert _rates_of(unmik, text) == {("XOF", P25): Decimal("602.3"),
                                      ("XOF", P24): Decimal("588.15")}


def test_grouped_digits_and_a_plural_currency(unmik: Unmik) -> None:
    text = ("owing to the exchange rate of 2,990.5 South Sudanese pounds per United States "
            "dollar versus the rate of 1,120 applied in the approved budget")
    assert _rates_of(unmik, text) == {("SSP", P25): Decimal("2990.5"),
                                      ("SSP", P24): Decimal("1120")}


def test_a_currency_outside_the_reference_data_is_not_guessed(unmik: Unmik) -> None:
    text = ("the exchange rate of 12.5 zorkmids to one United States dollar versus the rate "
            "of 11.0 zorkmids")
    assert _rates_of(unmik, text) == {}
