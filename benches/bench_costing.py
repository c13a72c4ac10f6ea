"""Scenario recalculation: apply edits to the drivers, cost every class of the base and the
scenario, and attribute every difference (what ``rbb scenario set`` and the web page's
redraw do after each edit), for UNMIK and for a generated mission of 20,000 personnel in
400 offices.

Target: under 100 ms for UNMIK and under 1 second for the large mission.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from benches.common import median_ms
from rbb.costing import (
    ClassAmount,
    DriverSet,
    Edit,
    ExchangeRate,
    OperationalQuantity,
    PostCount,
    Provenance,
    ProvenanceKind,
    StaffAssessmentRate,
    StandardCost,
    VacancyRate,
    apply_edits,
    calibrate,
    compare,
    drivers_from_document,
    published_figures,
)
from rbb.importers import import_path
from rbb.model import Period

SEED = Path(__file__).resolve().parents[1] / "src" / "rbb" / "data" / "seeds" / \
    "unmik-budget-2025-26.txt"
REPEAT = 7
UNMIK_EDITS = ("vacancy_factor.international_staff=10.0", "posts.security_section.fs=+2",
               "exchange_rate.EUR=0.95")
LARGE_EDITS = ("vacancy_factor.international_staff=10.0", "posts.office_017.p3_p2=+2",
               "exchange_rate.EUR=0.95", "price.fuel=+5%")


def recalculate(base: DriverSet, edits: list[Edit]) -> object:
    return compare(base, apply_edits(base, edits), base.period)


def unmik() -> DriverSet:
    document = import_path(SEED).document
    assert document is not None
    return calibrate(drivers_from_document(document), published_figures(document)).drivers


def large_mission(offices: int = 400, personnel: int = 20_000) -> DriverSet:
    """A synthetic mission: 400 offices in three components with 30 civilian posts each
    (12,000), and 8,000 uniformed personnel in 40 sector offices; both periods, with
    vacancy factors, class-average standard costs (national staff in euros), an exchange
    rate, priced fuel and an amount for every operational class."""
    base, proposal = Period.parse("2025/26"), Period.parse("2026/27")
    origin = Provenance(kind=ProvenanceKind.FILE, reference="bench")
    civilian = (("international_staff", "p5_p4", 4), ("international_staff", "p3_p2", 6),
                ("international_staff", "fs", 4), ("national_professional_officers", "npo", 3),
                ("national_general_service_staff", "ngs", 11),
                ("united_nations_volunteers", "unv_international", 2))
    uniformed = (("military_contingents", "military_contingents", 175),
                 ("united_nations_police", "united_nations_police", 20),
                 ("military_observers", "military_observers", 5))
    posts = []
    for period, extra in ((base, 0), (proposal, 1)):
        for index in range(offices):
            office, component = f"Office {index:03d}", ("substantive", "support", "sector")[
                index % 3]
            for line, band, count in civilian:
                posts.append(PostCount(line=line, band=band, office=office, component=component,
                                       period=period, count=count + (extra if band == "ngs"
                                                                     and index % 7 == 0 else 0),
                                       provenance=origin))
            if index % 10 == 0:
                for line, band, count in uniformed:
                    posts.append(PostCount(line=line, band=band, office=office,
                                           component="sector", period=period, count=count,
                                           provenance=origin))
    assert sum(p.count for p in posts if p.period == base) == personnel
    rates = {"international_staff": "12.0", "national_professional_officers": "5.0",
             "national_general_service_staff": "4.0",
             "united_nations_volunteers_international": "10.0",
             "military_contingents": "2.0", "united_nations_police": "8.0",
             "military_observers": "3.0"}
    units = {"international_staff": ("210.0", "USD"), "national_professional_officers":
             ("60.0", "EUR"), "national_general_service_staff": ("30.0", "EUR"),
             "united_nations_volunteers": ("55.0", "USD"), "military_contingents": ("25.0", "USD"),
             "united_nations_police": ("50.0", "USD"), "military_observers": ("50.0", "USD")}
    fuel = (("fuel.ground_transportation", "ground_transportation", "4000000"),
            ("fuel.generators", "facilities_and_infrastructure", "9000000"),
            ("fuel.air_operations", "air_operations", "12000000"))
    operational = ("facilities_and_infrastructure", "ground_transportation", "air_operations",
                   "communications_and_information_technology", "medical",
                   "other_supplies_services_and_equipment", "official_travel")
    drivers: dict[str, list[object]] = {k: [] for k in (
        "vacancy_factors", "standard_costs", "exchange_rates", "quantities", "amounts",
        "staff_assessment")}
    for period in (base, proposal):
        drivers["vacancy_factors"] += [VacancyRate(category=c, period=period, rate=Decimal(r),
                                                   provenance=origin) for c, r in rates.items()]
        drivers["standard_costs"] += [StandardCost(line=line, period=period, currency=currency,
                                                   annual_cost=Decimal(value), provenance=origin)
                                      for line, (value, currency) in units.items()]
        drivers["exchange_rates"].append(ExchangeRate(
            currency="EUR", period=period, rate=Decimal("0.93"),
            applies_to=("national_professional_officers", "national_general_service_staff"),
            provenance=origin))
        drivers["quantities"] += [OperationalQuantity(
            item=item, line=line, period=period, quantity=Decimal(litres), unit="litres",
            unit_price=Decimal("0.95"), provenance=origin) for item, line, litres in fuel]
        drivers["amounts"] += [ClassAmount(line=line, period=period, amount=Decimal("15000.0"),
                                           provenance=origin) for line in operational]
        drivers["staff_assessment"].append(StaffAssessmentRate(
            period=period, rate=Decimal("0.13"), applies_to=(
                "international_staff", "national_professional_officers",
                "national_general_service_staff"), provenance=origin))
    return DriverSet(mission="LARGE", period=proposal, base_period=base, posts=tuple(posts),
                     **{k: tuple(v) for k, v in drivers.items()})


def service_round_trip(folder: Path) -> float:
    """``ScenarioService.show`` on SQLite: load the stored budget and drivers, calibrate,
    apply the edits, cost and attribute — what one web redraw costs end to end."""
    from rbb.services.costing_service import DocumentRef
    from rbb.services.scenario_service import ScenarioService
    from rbb.storage import DocumentStore, create_database_engine, upgrade

    engine = create_database_engine(f"sqlite:///{folder / 'bench.sqlite'}")
    upgrade(engine)
    document = import_path(SEED).document
    assert document is not None
    DocumentStore(engine).save(document)
    service = ScenarioService(engine)
    service.costing.calibrate("UNMIK", document.period)
    service.new("bench", DocumentRef("UNMIK", document.period), edits=tuple(
        Edit.parse(text) for text in UNMIK_EDITS))
    milliseconds = median_ms(lambda: service.show("bench"), REPEAT)
    engine.dispose()
    return milliseconds


def run() -> str:
    import tempfile

    rows = []
    for name, build, texts, target in (("UNMIK 2025/26 (seed)", unmik, UNMIK_EDITS, 100),
                                       ("generated: 20,000 personnel, 400 offices",
                                        large_mission, LARGE_EDITS, 1000)):
        base = build()
        edits = [Edit.parse(text) for text in texts]
        milliseconds = median_ms(lambda b=base, e=edits: recalculate(b, e), REPEAT)
        verdict = "met" if milliseconds < target else "missed"
        rows.append(f"| {name} | {base.count()} | {len(edits)} | {milliseconds:.1f} | "
                    f"< {target} | {verdict} |")
    with tempfile.TemporaryDirectory() as folder:
        milliseconds = service_round_trip(Path(folder))
    rows.append(f"| UNMIK through the service (SQLite: load, calibrate, apply, cost, attribute) "
                f"| 262 | {len(UNMIK_EDITS)} | {milliseconds:.1f} | < 100 | "
                f"{'met' if milliseconds < 100 else 'missed'} |")
    return (
        "## Scenario recalculation (`rbb scenario set`, web scenario page)\n\n"
        "Apply the edits, cost every class of the base and the scenario, and attribute every "
        "difference by driver (exact Shapley). Target: under 100 ms for UNMIK, under 1 s for "
        f"a mission of 20,000 personnel in 400 offices. Median of {REPEAT} runs.\n\n"
        "| mission | drivers | edits | ms | target ms | |\n"
        "| --- | ---: | ---: | ---: | ---: | --- |\n" + "\n".join(rows) + "\n"
    )


if __name__ == "__main__":
    print(run())
