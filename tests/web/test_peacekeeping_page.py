"""``/peacekeeping``, its downloads and ``GET /api/v1/peacekeeping`` over the UNMIK seeds,
the fictional MINUFAR reports and the partial UNTOMN excerpt
(``tests/services/peacekeeping_fixtures.py``)."""

from __future__ import annotations

import html
import re
from decimal import Decimal
from pathlib import Path

import duckdb
from sqlalchemy import Engine

from rbb.model.mission import Mission
from tests.services.peacekeeping_fixtures import farland_performance, store_all

from .conftest import make_client

HREF = re.compile(r'<a href="([^"]+)" title="([^"]*)">([^<]*)</a>')


def test_the_page_shows_every_mission_and_links_each_figure_to_its_row(
        sqlite_engine: Engine) -> None:
    store_all(sqlite_engine)
    client = make_client(sqlite_engine)
    page = client.get("/peacekeeping")
    assert page.status_code == 200
    for who in ("UNMIK 2021/22", "UNMIK 2025/26", "MINUFAR 2030/31", "UNTOMN 2030/31"):
        assert who in page.text
    assert 'title="a partial document is among its sources">partial' in page.text
    # 40 612.6 spent by UNMIK in 2021/22 (performance report, total requirements, line
    # 4124): the link goes to that row of the financial resources page, which has it.
    links = {(href, html.unescape(title), text) for href, title, text in HREF.findall(page.text)}
    target = ("/missions/UNMIK/2021-22/performance/financial"
              "#row-financial-resources-total-requirements")
    assert (target, "UNMIK 2021/22 performance line 4124", "40\u2009612.6") in links
    path, _, anchor = target.partition("#")
    assert f'id="{anchor}"' in client.get(path).text
    # The 17 uniformed (8 + 9, incumbency lines 77 and 79) link to the incumbency table.
    staffing = "/missions/UNMIK/2021-22/performance/staffing#incumbency"
    assert (staffing, "computed from UNMIK 2021/22 performance line 77; UNMIK 2021/22 "
            "performance line 79", "17") in links
    assert 'id="incumbency"' in client.get(staffing.partition("#")[0]).text
    # Cost per uniformed person, 616.0 ÷ 17 = 36.235…, printed to one decimal.
    assert ">36.2</a>" in page.text
    downloads = client.get("/")
    assert 'href="/peacekeeping"' in downloads.text


def test_filters_and_pages(sqlite_engine: Engine) -> None:
    store_all(sqlite_engine)
    client = make_client(sqlite_engine)
    only = client.get("/peacekeeping", params={"mission": "minufar", "period_from": "2031-32"})
    assert only.status_code == 200
    assert "MINUFAR 2031/32" in only.text and "MINUFAR 2030/31" not in only.text
    assert "UNMIK 2021/22" not in only.text
    assert 'href="/peacekeeping.csv?mission=MINUFAR&amp;period_from=2031%2F32"' in only.text
    first = client.get("/peacekeeping", params={"limit": 3})
    assert "Mission-periods 1 to 3 of 8." in first.text
    assert 'href="/peacekeeping?offset=3"' in first.text
    refused = client.get("/peacekeeping", params={"period_to": "next year"})
    assert refused.status_code == 400 and "is not a period" in refused.text


def test_the_api_pages_with_exact_amounts_and_sources(engine: Engine) -> None:
    store_all(engine)
    client = make_client(engine)
    answer = client.get("/api/v1/peacekeeping", params={"limit": 2})
    assert answer.status_code == 200
    assert answer.headers["x-total-count"] == "8"
    assert answer.headers["link"] == '</api/v1/peacekeeping?limit=2&offset=2>; rel="next"'
    rows = answer.json()
    assert [(r["mission"], r["period"]) for r in rows] == [("MINUFAR", "2030/31"),
                                                           ("MINUFAR", "2031/32")]
    spent = rows[0]
    assert spent["cost_per_person_stage"] == "expenditure"
    assert spent["personnel_footing"] == "actual_average"
    # 110 000 ÷ 2 060 uniformed = 53.3980582524 (ten places); 230 000 ÷ 250 000 = 92.
    assert spent["figures"]["cost_per_uniformed"]["value"] == "53.3980582524"
    assert Decimal(spent["figures"]["utilization_rate"]["value"]) == 92
    total = spent["figures"]["total_requirements_expenditure"]
    assert total == {"value": "231000.0", "derived": False, "sources": [{
        "document": "MINUFAR 2030/31 performance",
        "page": "/missions/MINUFAR/2030-31/performance/financial"
                "#row-financial-resources-total-requirements",
        "source_line": 305, "partial": False}]}
    partial = client.get("/api/v1/peacekeeping", params={"mission": "UNTOMN"}).json()
    assert [(r["period"], r["partial"]) for r in partial] == [("2030/31", True)]
    assert "/peacekeeping" in client.get("/api/v1/openapi.json").json()["paths"]
    assert client.get("/api/v1/peacekeeping", params={"mission": "<b>"}).status_code == 400


def test_csv_and_parquet_downloads(sqlite_engine: Engine, tmp_path: Path) -> None:
    store_all(sqlite_engine)
    hostile = Mission(code="UNHOST", name="@SUM(1+1)*cmd|' /C calc'!A0")
    from rbb.storage import DocumentStore

    DocumentStore(sqlite_engine).save(farland_performance().model_copy(
        update={"mission": hostile}))
    client = make_client(sqlite_engine)
    csv = client.get("/peacekeeping.csv")
    assert csv.status_code == 200 and csv.headers["content-type"].startswith("text/csv")
    assert csv.headers["content-disposition"] == 'attachment; filename="peacekeeping.csv"'
    lines = csv.text.splitlines()
    assert len(lines) == 1 + 9, "a header and every mission-period"
    hostile_line = next(line for line in lines if line.startswith("UNHOST,"))
    assert hostile_line.startswith("UNHOST,'@SUM(1+1)*cmd|' /C calc'!A0,"), "text, not a formula"
    parquet = client.get("/peacekeeping.parquet", params={"mission": "MINUFAR"})
    assert parquet.status_code == 200
    target = tmp_path / "minufar.parquet"
    target.write_bytes(parquet.content)
    read = duckdb.connect().execute(
        f"SELECT period, civilian_personnel_apportionment, cost_per_civilian FROM "
        f"'{target}' ORDER BY period").fetchall()
    # Civilian personnel apportionment 50 000.0 (2030/31, performance) and 52 000.0
    # (2031/32, budget); 48 000 ÷ 1 050, 52 000 ÷ 1 100 and 54 000 ÷ 1 118, to ten places.
    assert read == [("2030/31", Decimal("50000.0"), Decimal("45.7142857143")),
                    ("2031/32", Decimal("52000.0"), Decimal("47.2727272727")),
                    ("2032/33", None, Decimal("48.3005366726"))]
    api = client.get("/api/v1/peacekeeping.csv", params={"mission": "MINUFAR"})
    assert api.status_code == 200 and api.text.count("\n") == 4


def test_over_the_years_page_and_api(sqlite_engine: Engine) -> None:
    store_all(sqlite_engine)
    client = make_client(sqlite_engine)
    page = client.get("/peacekeeping/years")
    assert page.status_code == 200 and "<svg" in page.text
    # Each period links to its mission rows, where each figure links to its source.
    assert 'href="/peacekeeping?period_from=2030%2F31&amp;period_to=2030%2F31"' in page.text
    years = client.get("/api/v1/peacekeeping/years", params={"mission": "UNMIK"}).json()
    assert [y["period"] for y in years] == ["2021/22", "2023/24", "2024/25", "2025/26"]
    # UNMIK 2021/22: 40 612.6 ÷ 41 298.5 of gross requirements (performance report).
    assert years[0]["utilization_rate"] == "98.3391648607"
    assert years[0]["totals"]["expenditure"] == {"amount": "40612.6", "missions": 1}
    assert 'href="/peacekeeping/years"' in client.get("/peacekeeping").text
