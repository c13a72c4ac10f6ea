"""The whole of peacekeeping over a real store (SQLite and PostgreSQL): the UNMIK seeds,
a fictional mission written by hand and a partial excerpt."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import duckdb
from sqlalchemy import Engine

from rbb.model import DocumentKind, Period, Stage
from rbb.services.document_service import DocumentService
from rbb.services.peacekeeping import (
    Footing,
    MissionPeriod,
    PeacekeepingFilter,
    every_row,
    peacekeeping_page,
)
from rbb.services.peacekeeping_tables import COLUMNS, peacekeeping_csv, peacekeeping_parquet

from .peacekeeping_fixtures import store_all


def _rows(engine: Engine, **wanted: object) -> dict[tuple[str, str], MissionPeriod]:
    rows = every_row(DocumentService(engine), PeacekeepingFilter(**wanted))  # type: ignore[arg-type]
    return {(r.mission, r.period.label): r for r in rows}


def test_every_mission_and_period_is_a_row_including_the_partial_excerpt(engine: Engine) -> None:
    store_all(engine)
    rows = _rows(engine)
    # UNMIK: the performance report's own period, and the budget 2025/26's three columns
    # (expenditure 2023/24, apportionment 2024/25, cost estimates 2025/26).
    assert sorted(rows) == [
        ("MINUFAR", "2030/31"), ("MINUFAR", "2031/32"), ("MINUFAR", "2032/33"),
        ("UNMIK", "2021/22"), ("UNMIK", "2023/24"), ("UNMIK", "2024/25"), ("UNMIK", "2025/26"),
        ("UNTOMN", "2030/31")]
    excerpt = rows[("UNTOMN", "2030/31")]
    assert excerpt.partial and [(d.kind, d.partial) for d in excerpt.documents] == [
        (DocumentKind.BUDGET, True)]
    assert excerpt.totals == {}, "the excerpt has no financial resources section"
    assert not rows[("UNMIK", "2021/22")].partial


def test_unmik_2021_22_from_the_performance_report(engine: Engine) -> None:
    store_all(engine)
    row = _rows(engine, mission="UNMIK")[("UNMIK", "2021/22")]
    # Performance report 2021/22, financial resources: total requirements 41 298.5 and
    # 40 612.6 (line 4124); military and police personnel 768.5 / 616.0 (line 4066).
    assert row.totals[Stage.APPORTIONMENT].value == Decimal("41298.5")
    assert row.totals[Stage.EXPENDITURE].value == Decimal("40612.6")
    assert row.totals[Stage.EXPENDITURE].sources[0].source_line == 4124
    assert row.groups["military_and_police_personnel"][Stage.EXPENDITURE].value == \
        Decimal("616.0")
    # Gross requirements 40 612.6 ÷ 41 298.5 = 98.3391648607 per cent (line 4114).
    assert row.utilization_rate is not None
    assert row.utilization_rate.value == Decimal("98.3391648607")
    # Incumbency (lines 77-91), actual averages: 8 military observers, 9 police = 17
    # uniformed; 100 international + 33 NPO + 181 NGS + 22 UNV = 336 civilian.
    assert row.footing is Footing.ACTUAL_AVERAGE
    assert row.personnel["uniformed"].value == 17
    assert row.personnel["national"].value == 214
    assert row.personnel["civilian"].value == 336
    assert [s.source_line for s in row.personnel["uniformed"].sources] == [77, 79]
    # Vacancy: uniformed (18 − 17) ÷ 18 = 5.5555555556; civilian approved 113 + 33 + 186
    # + 24 = 356, (356 − 336) ÷ 356 = 5.6179775281 per cent.
    assert row.vacancy_rates["uniformed"].value == Decimal("5.5555555556")
    assert row.vacancy_rates["civilian"].value == Decimal("5.6179775281")
    # Expenditure ÷ actual average: 616.0 ÷ 17 = 36.2352941176; 32 153.1 ÷ 336 = 95.69375.
    assert row.basis is not None and row.basis.stage is Stage.EXPENDITURE
    assert row.cost_per_uniformed is not None and row.cost_per_civilian is not None
    assert row.cost_per_uniformed.value == Decimal("36.2352941176")
    assert row.cost_per_civilian.value == Decimal("95.6937500000")


def test_unmik_budget_periods_use_its_human_resources_summary(engine: Engine) -> None:
    store_all(engine)
    rows = _rows(engine, mission="UNMIK", period_from=Period.parse("2024/25"))
    assert sorted(rows) == [("UNMIK", "2024/25"), ("UNMIK", "2025/26")]
    approved, proposed = rows[("UNMIK", "2024/25")], rows[("UNMIK", "2025/26")]
    # Budget 2025/26, human resources, "Total | approved 2024/25" (line 94): 8 military
    # observers + 10 police; 113 international + 33 NPO + 186 NGS + 24 UNV = 356.
    assert approved.footing is Footing.APPROVED
    assert approved.personnel["uniformed"].value == 18
    assert approved.personnel["civilian"].value == 356
    # Apportionment 2024/25 (line 509): 588.6 ÷ 18 = 32.7; 34 478.0 ÷ 356 = 96.8483146067.
    assert approved.cost_per_uniformed is not None and approved.cost_per_civilian is not None
    assert approved.cost_per_uniformed.value == Decimal("32.7")
    assert approved.cost_per_civilian.value == Decimal("96.8483146067")
    assert approved.vacancy_rates == {}, "a budget states no incumbency"
    # Proposed 2025/26 (line 95), cost estimates 864.9 ÷ 18 = 48.05.
    assert proposed.basis is not None and proposed.basis.footing is Footing.PROPOSED
    assert proposed.cost_per_uniformed is not None
    assert proposed.cost_per_uniformed.value == Decimal("48.05")
    # Shares at the cost estimates of 46 045.3 (line 532): 864.9 → 1.8783676076 per cent.
    assert proposed.share_stage is Stage.COST_ESTIMATES
    assert proposed.shares["military_and_police_personnel"].value == Decimal("1.8783676076")


def test_the_fictional_mission_worked_by_hand(engine: Engine) -> None:
    store_all(engine)
    rows = _rows(engine, mission="MINUFAR")
    spent = rows[("MINUFAR", "2030/31")]
    # The performance report of 2030/31 before the budget of 2032/33, which prints
    # 109 500.0 for the same expenditure.
    assert spent.groups["military_and_police_personnel"][Stage.EXPENDITURE].value == 110000
    assert spent.groups["military_and_police_personnel"][Stage.EXPENDITURE].sources[0].kind \
        is DocumentKind.PERFORMANCE
    # 230 000 ÷ 250 000 = 92 per cent.
    assert spent.utilization_rate is not None and spent.utilization_rate.value == 92
    # Uniformed 1 800 + 260 = 2 060; civilian 361 + 570 + 90 + 19 + 10 = 1 050.
    assert spent.personnel["uniformed"].value == 2060
    assert spent.personnel["civilian"].value == 1050
    assert spent.personnel["government_provided"].value == 10
    # 110 000 ÷ 2 060 = 53.39805825242…; 48 000 ÷ 1 050 = 45.71428571428…
    assert spent.cost_per_uniformed is not None and spent.cost_per_civilian is not None
    assert spent.cost_per_uniformed.value == Decimal("53.3980582524")
    assert spent.cost_per_civilian.value == Decimal("45.7142857143")
    # Vacancy: uniformed (2 280 − 2 060) ÷ 2 280 = 9.649122807…; civilian against the
    # planned 380 international staff: 380 + 600 + 100 + 20 + 10 = 1 110, (1 110 − 1 050)
    # ÷ 1 110 = 5.405405405… per cent.
    assert spent.vacancy_rates["uniformed"].value == Decimal("9.6491228070")
    assert spent.vacancy_rates["civilian"].value == Decimal("5.4054054054")
    # Shares of the 230 000 spent: 110 000 → 47.826…, 48 000 → 20.869…, 72 000 → 31.304…
    assert [spent.shares[g].value for g in spent.shares] == [
        Decimal("47.8260869565"), Decimal("20.8695652174"), Decimal("31.3043478261")]

    approved = rows[("MINUFAR", "2031/32")]
    # Bands summed: 2 + 8 + 60 + 130 + 200 = 400 international, 50 + 550 national,
    # 70 + 30 Volunteers: 1 100 civilian; 2 000 + 280 = 2 280 uniformed.
    assert approved.personnel["international"].value == 400
    assert approved.personnel["civilian"].value == 1100
    # 125 000 ÷ 2 280 = 54.824561403…; 52 000 ÷ 1 100 = 47.2727…
    assert approved.cost_per_uniformed is not None and approved.cost_per_civilian is not None
    assert approved.cost_per_uniformed.value == Decimal("54.8245614035")
    assert approved.cost_per_civilian.value == Decimal("47.2727272727")

    proposed = rows[("MINUFAR", "2032/33")]
    # Proposed: 2 100 + 280 = 2 380; 404 + 612 + 102 = 1 118. 130 000 ÷ 2 380 =
    # 54.62184873949…; 54 000 ÷ 1 118 = 48.30053667262…
    assert proposed.cost_per_uniformed is not None and proposed.cost_per_civilian is not None
    assert proposed.cost_per_uniformed.value == Decimal("54.6218487395")
    assert proposed.cost_per_civilian.value == Decimal("48.3005366726")
    assert proposed.totals[Stage.COST_ESTIMATES].value == 271000


def test_figures_from_a_partial_document_mark_their_rows(engine: Engine) -> None:
    store_all(engine, partial_budget=True)
    rows = _rows(engine, mission="MINUFAR")
    # 2031/32 is read from the partial budget alone; 2030/31 from the performance report.
    assert rows[("MINUFAR", "2031/32")].partial
    assert rows[("MINUFAR", "2032/33")].partial
    assert not rows[("MINUFAR", "2030/31")].partial


def test_pages_and_filters(engine: Engine) -> None:
    store_all(engine)
    documents = DocumentService(engine)
    first = peacekeeping_page(documents, PeacekeepingFilter(), offset=0, limit=3)
    assert first.total == 8 and len(first.rows) == 3
    assert first.missions == ("MINUFAR", "UNMIK", "UNTOMN")
    rest = peacekeeping_page(documents, PeacekeepingFilter(), offset=3, limit=10)
    assert [(r.mission, r.period.label) for r in first.rows + rest.rows] == sorted(
        _rows(engine))
    ranged = peacekeeping_page(documents, PeacekeepingFilter(
        period_from=Period.parse("2030/31"), period_to=Period.parse("2031/32")))
    assert [(r.mission, r.period.label) for r in ranged.rows] == [
        ("MINUFAR", "2030/31"), ("MINUFAR", "2031/32"), ("UNTOMN", "2030/31")]


def test_csv_and_parquet_carry_the_same_exact_values(engine: Engine, tmp_path: Path) -> None:
    store_all(engine)
    rows = list(every_row(DocumentService(engine), PeacekeepingFilter(mission="MINUFAR")))
    text = peacekeeping_csv(rows)
    lines = text.splitlines()
    assert lines[0].split(",") == list(COLUMNS)
    spent = dict(zip(COLUMNS, lines[1].split(","), strict=True))
    assert spent["cost_per_uniformed"] == "53.3980582524"
    assert spent["total_requirements_expenditure"] == "231000.0"

    data = peacekeeping_parquet(rows)
    target = tmp_path / "p.parquet"
    target.write_bytes(data)
    connection = duckdb.connect()
    types = dict(connection.execute(
        f"SELECT column_name, column_type FROM (DESCRIBE SELECT * FROM '{target}')").fetchall())
    assert types["cost_per_uniformed"] == "DECIMAL(38,10)" and types["mission"] == "VARCHAR"
    read = connection.execute(
        f"SELECT period, total_requirements_expenditure, cost_per_civilian, "
        f"vacancy_rate_civilian FROM '{target}' ORDER BY period").fetchall()
    assert read[0] == ("2030/31", Decimal("231000.0"), Decimal("45.7142857143"),
                       Decimal("5.4054054054"))
    for row, line in zip(connection.execute(f"SELECT * FROM '{target}'").fetchall(),
                         lines[1:], strict=True):
        for value, cell in zip(row, line.split(","), strict=True):
            if isinstance(value, Decimal):
                assert value == Decimal(cell), "the same number, exactly"
            else:
                assert (value or "") == cell


def test_a_formula_in_a_mission_name_is_written_as_text(engine: Engine) -> None:
    from rbb.model.mission import Mission

    from .peacekeeping_fixtures import farland_performance

    hostile = Mission(code="UNHOST", name="=HYPERLINK(\"http://x\",\"click\")")
    DocumentService(engine).store.save(farland_performance().model_copy(
        update={"mission": hostile}))
    rows = list(every_row(DocumentService(engine), PeacekeepingFilter(mission="UNHOST")))
    assert rows[0].mission_name.startswith("=")
    line = peacekeeping_csv(rows).splitlines()[1]
    assert line.startswith('UNHOST,"\'=HYPERLINK(""http://x"",""click"")"')


def test_over_the_years_sums_each_period_over_the_missions(engine: Engine) -> None:
    from rbb.model.mission import Mission
    from rbb.services.peacekeeping_years import period_totals

    from .peacekeeping_fixtures import farland_performance

    store_all(engine)
    # A second fictional mission with the same performance report for 2030/31.
    twin = Mission(code="MINUSOL", name="United Nations Mission in Soland (fictional)")
    DocumentService(engine).store.save(farland_performance().model_copy(
        update={"mission": twin}))
    years = {t.period.label: t for t in period_totals(DocumentService(engine),
                                                       PeacekeepingFilter())}
    assert list(years) == ["2021/22", "2023/24", "2024/25", "2025/26", "2030/31", "2031/32",
                           "2032/33"]
    shared = years["2030/31"]
    assert shared.missions == 3, "MINUFAR, MINUSOL and the UNTOMN excerpt"
    # 231 000.0 spent by each of the two (total requirements); the excerpt prints none.
    assert (shared.totals[Stage.EXPENDITURE].amount,
            shared.totals[Stage.EXPENDITURE].missions) == (Decimal("462000.0"), 2)
    # Military and police: the performance reports' 110 000.0 each, not the budget's
    # 109 500.0 for MINUFAR.
    assert shared.groups["military_and_police_personnel"][Stage.EXPENDITURE].amount == \
        Decimal("220000.0")
    # (230 000 + 230 000) ÷ (250 000 + 250 000) of gross requirements = 92 per cent.
    assert shared.utilization_rate == 92 and shared.utilization_missions == 2
    # UNMIK 2025/26: the budget's cost estimates, 46 045.3 (line 536).
    assert years["2025/26"].totals[Stage.COST_ESTIMATES].amount == Decimal("46045.3")
    only = period_totals(DocumentService(engine), PeacekeepingFilter(mission="UNMIK"))
    assert [t.period.label for t in only] == ["2021/22", "2023/24", "2024/25", "2025/26"]
