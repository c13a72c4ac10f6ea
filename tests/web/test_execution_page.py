"""The execution dashboard of a fictional mission (MINUFAR, "Farland"), its drill-down,
API and CSV, over a ledger held in memory (``InMemoryLedger``, the stand-in for the
ledger store) and a budget for 2031/32 written by hand, which prints the apportionment
of 2030/31."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from decimal import Decimal
from pathlib import Path

import duckdb
from fastapi.testclient import TestClient
from sqlalchemy import Engine

from rbb.model import Document, DocumentKind, Period
from rbb.model.ledger import AccountMapping, LedgerDocumentType, LedgerLine
from rbb.services.execution_service import InMemoryLedger
from rbb.storage import DocumentStore
from rbb.web import create_app
from tests.engine.builders import money_table
from tests.services.peacekeeping_fixtures import FARLAND

from .conftest import settings

YEAR = Period(2030)
AS_OF = "2030-12-31"  # July to December elapsed

# Budget for 2031/32: expenditure 2029/30, apportionment 2030/31, cost estimates 2031/32.
BUDGET_MONEY = """
Official travel\t180.0\t240.0\t250.0\t10.0\t4.2
Facilities and infrastructure\t1 000.0\t1 200.0\t1 300.0\t100.0\t8.3
Operational costs\t1 180.0\t1 440.0\t1 550.0\t110.0\t7.6
"""
MAPPING = [AccountMapping(account="71600", class_code="official_travel", label="Travel"),
           AccountMapping(account="73100", class_code="facilities_and_infrastructure"),
           AccountMapping(account="73200", class_code="facilities_and_infrastructure")]


def _line(row: int, day: dt.date, account: str, kind: LedgerDocumentType, amount: int,
          text: str = "") -> LedgerLine:
    return LedgerLine(mission="MINUFAR", source="farland-erp.csv", row=row,
                      document_number=f"D{row:05d}", posting_date=day,
                      period=Period.containing(day), fund="10MIN", funds_centre="FC-01",
                      account=account, document_type=kind, amount=Decimal(amount),
                      currency="USD", amount_usd=Decimal(amount), text=text)


def ledger() -> InMemoryLedger:
    """Travel obligated 10,000, 10,000, 20,000, 20,000, 30,000, 30,000 from July to
    December 2030 with 5,000 paid each month; facilities 60,000 (73100) + 40,000 (73200) a
    month; and 2029/30's travel: 10,000 a month to December, 20,000 a month after."""
    lines: list[LedgerLine] = []
    ob, paid = LedgerDocumentType.OBLIGATION, LedgerDocumentType.DISBURSEMENT
    for index, amount in enumerate([10_000, 10_000, 20_000, 20_000, 30_000, 30_000]):
        first = dt.date(2030, 7 + index, 1)
        lines.append(_line(len(lines) + 1, first + dt.timedelta(days=4), "71600", ob, amount,
                           '=HYPERLINK("x") <b>travel</b>'))
        lines.append(_line(len(lines) + 1, first + dt.timedelta(days=20), "71600", paid, 5_000))
        lines.append(_line(len(lines) + 1, first + dt.timedelta(days=9), "73100", ob, 60_000))
        lines.append(_line(len(lines) + 1, first + dt.timedelta(days=9), "73200", ob, 40_000))
    for index in range(12):
        first = dt.date(2029 + (index >= 6), (6 + index) % 12 + 1, 1)
        lines.append(_line(len(lines) + 1, first, "71600", ob, 10_000 if index < 6 else 20_000))
    # An account the mapping does not know: listed, in no row.
    lines.append(_line(len(lines) + 1, dt.date(2030, 8, 2), "99999", ob, 1_000))
    # 2031/32 and 2033/34: 50,000 of travel in July (the store has no apportionment for
    # them: the first has its budget's cost estimates, the second nothing).
    lines.append(_line(len(lines) + 1, dt.date(2031, 7, 2), "71600", ob, 50_000))
    lines.append(_line(len(lines) + 1, dt.date(2033, 7, 2), "71600", ob, 50_000))
    return InMemoryLedger.of(lines, MAPPING)


def client_with(engine: Engine, source: InMemoryLedger | None = None) -> TestClient:
    store = DocumentStore(engine)
    store.save(Document(kind=DocumentKind.BUDGET, mission=FARLAND,
                        period=Period.parse("2031/32"), title="Budget of MINUFAR for 2031/32",
                        financial_tables=(money_table(BUDGET_MONEY, period="2031/32",
                                                      first_line=201),)))
    return TestClient(create_app(engine, settings(), ledger=source))


def test_the_dashboard_flags_the_class_heading_over_its_apportionment(
        sqlite_engine: Engine) -> None:
    client = client_with(sqlite_engine, ledger())
    page = client.get("/missions/MINUFAR/2030-31/execution", params={"as_of": AS_OF})
    assert page.status_code == 200, page.text
    text = page.text
    assert "6 of 12 months elapsed" in text
    assert "MINUFAR 2031/32 budget" in text  # where the apportionment comes from
    # Travel: 120,000 to date; 2029/30 had spent 60,000 of 180,000 by December (a third),
    # so 120,000 × 3 = 360,000 is projected: 240,000 − 360,000 = −120.0 thousand, −50 per
    # cent, over the threshold. Facilities: 600,000, straight line 1,200,000, no variance.
    assert "1 class is projected over the reporting threshold" in text
    assert "<svg" in text and "Cumulative expenditure" in text
    assert "1 account maps to no class of expenditure</strong>\n  (99999)" in text
    # The chart keeps to the content security policy: no inline style or script.
    assert " style=" not in text and "<style" not in text
    assert re.search(r"<script(?![^>]*\bsrc=)", text) is None
    assert 'href="/missions/MINUFAR/2030-31/execution/official_travel?as_of=2030-12-31"' in text
    api = client.get("/api/v1/missions/MINUFAR/periods/2030-31/execution",
                     params={"as_of": AS_OF}).json()
    rows = {row["key"]: row for row in api["rows"]}
    travel = rows["official_travel"]
    assert travel["flagged"] is True and travel["primary"] == "previous_years"
    assert (travel["obligated"], travel["disbursed"], travel["unliquidated_obligations"]) == (
        "120000", "30000", "90000")
    pattern = next(p for p in travel["projections"] if p["method"] == "previous_years")
    assert (pattern["expenditure"], pattern["variance"]) == ("360000.00", "-120000.00")
    assert rows["facilities_and_infrastructure"]["flagged"] is False
    # The total: 360,000 + 1,200,000 = 1,560,000 against 1,440,000: −120.0 thousand,
    # −8.3 per cent: flagged too.
    assert rows["total"]["flagged"] is True
    assert api["flagged"] == ["official_travel"]
    # Cumulative by month: 110,000 in July (10,000 + 100,000), 720,000 by December.
    assert api["months"][0]["cumulative"] == "110000"
    assert api["months"][5]["cumulative"] == "720000"
    assert api["months"][11]["cumulative"] is None


def test_drill_down_from_class_to_accounts_to_lines(sqlite_engine: Engine) -> None:
    client = client_with(sqlite_engine, ledger())
    base = "/missions/MINUFAR/2030-31/execution/facilities_and_infrastructure"
    page = client.get(base, params={"as_of": AS_OF, "limit": 4})
    assert page.status_code == 200, page.text
    # 73100: 6 × 60,000 = 360.0 thousand; 73200: 6 × 40,000 = 240.0 thousand.
    assert ">360.0<" in page.text and ">240.0<" in page.text
    assert "Lines 1 to 4" in page.text and 'rel="next"' in page.text
    api = client.get(f"/api/v1{base.replace('/2030-31/', '/periods/2030-31/')}",
                     params={"as_of": AS_OF, "account": "73200", "limit": 4, "offset": 4}).json()
    assert [a["account"] for a in api["accounts"]] == ["73100", "73200"]
    assert [line["account"] for line in api["lines"]] == ["73200", "73200"]  # 5th and 6th
    assert api["previous_page"].endswith("account=73200&limit=4")
    assert api["next_page"] is None
    travel = client.get("/missions/MINUFAR/2030-31/execution/official_travel",
                        params={"as_of": AS_OF})
    # The line's text is escaped on the page.
    assert "&lt;b&gt;travel&lt;/b&gt;" in travel.text and "<b>travel</b>" not in travel.text
    assert ">10,000.00 USD<" in travel.text  # July's obligation, in dollars
    assert client.get("/missions/MINUFAR/2030-31/execution/not_a_class").status_code == 404


def test_the_lines_of_one_month(sqlite_engine: Engine) -> None:
    client = client_with(sqlite_engine, ledger())
    api = "/api/v1/missions/MINUFAR/periods/2030-31/execution/facilities_and_infrastructure"
    # Facilities post two lines a month (73100 and 73200): September's are those two.
    september = client.get(api, params={"as_of": AS_OF, "month": "2030-09"}).json()
    assert [(line["posting_date"][:7], line["account"]) for line in september["lines"]] == [
        ("2030-09", "73100"), ("2030-09", "73200")]
    assert september["month"] == "2030-09"
    assert september["month_pages"]["2031-06"].endswith("month=2031-06")
    assert len(september["month_pages"]) == 12  # July 2030 to June 2031
    page = client.get(api.replace("/api/v1", "").replace("/periods/", "/"),
                      params={"as_of": AS_OF, "month": "2030-09"})
    assert "posted in 2030-09" in page.text
    assert client.get(api, params={"month": "2030-13"}).status_code == 422


def test_the_csv_and_parquet_of_the_aggregates(sqlite_engine: Engine, tmp_path: Path) -> None:
    client = client_with(sqlite_engine, ledger())
    answer = client.get("/missions/MINUFAR/2030-31/execution.csv", params={"as_of": AS_OF})
    assert answer.status_code == 200
    assert answer.headers["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(answer.text)))
    assert [r["key"] for r in rows] == ["operational_costs", "official_travel",
                                        "facilities_and_infrastructure", "total"]
    travel = rows[1]
    assert travel["apportionment"] == "240000.0"  # 240.0 thousand, exactly
    assert travel["flagged"] == "yes"
    # Straight line: 120,000 + 6 × 20,000 = 240,000, between 180,000 and 300,000.
    assert (travel["straight_line_projection"], travel["straight_line_low"],
            travel["straight_line_high"]) == ("240000.00", "180000.00", "300000.00")
    same = client.get("/api/v1/missions/MINUFAR/periods/2030-31/execution.csv",
                      params={"as_of": AS_OF})
    assert same.text == answer.text
    parquet = client.get("/missions/MINUFAR/2030-31/execution.parquet",
                         params={"as_of": AS_OF})
    assert parquet.status_code == 200
    path = tmp_path / "execution.parquet"
    path.write_bytes(parquet.content)
    connection = duckdb.connect(":memory:")
    try:
        found = connection.execute(
            f"SELECT apportionment, straight_line_projection, flagged FROM '{path}' "
            "WHERE key = 'official_travel'").fetchall()
    finally:
        connection.close()
    assert found == [(Decimal("240000"), Decimal("240000"), "yes")]  # exact decimals


def test_without_a_ledger_the_page_says_how_to_import_one(sqlite_engine: Engine) -> None:
    client = client_with(sqlite_engine)
    page = client.get("/missions/MINUFAR/2030-31/execution")
    assert page.status_code == 200
    assert "No ledger is stored for MINUFAR 2030/31" in page.text
    assert "rbb ledger import" in page.text and "rbb ledger generate" in page.text
    api = client.get("/api/v1/missions/MINUFAR/periods/2030-31/execution").json()
    assert api["has_ledger"] is False and api["rows"] == []
    assert client.get("/missions/MINUFAR/2030-31/execution.csv").status_code == 404
    assert client.get("/missions/MINUFAR/2030-31/execution/official_travel").status_code == 404
    assert client.get("/missions/MINUFAR/2030-31/execution",
                      params={"as_of": "not a date"}).status_code in (400, 422)


def test_without_an_apportionment_nothing_is_flagged(sqlite_engine: Engine) -> None:
    client = client_with(sqlite_engine, ledger())
    # 2031/32: the budget for 2031/32 gives its cost estimates (travel 250.0), said so.
    page = client.get("/missions/MINUFAR/2031-32/execution", params={"as_of": "2031-07-31"})
    assert "no stored report prints the apportionment yet" in page.text
    api = client.get("/api/v1/missions/MINUFAR/periods/2031-32/execution",
                     params={"as_of": "2031-07-31"}).json()
    assert api["apportionment"]["stage"] == "cost_estimates"
    travel = next(r for r in api["rows"] if r["key"] == "official_travel")
    assert travel["apportionment"] == "250000.0"
    # 50,000 in July, straight line 12 × 50,000 = 600,000 against 250,000: flagged; and
    # facilities, nothing spent against 1,300.0: a variance of 100 per cent, flagged too.
    assert travel["flagged"] is True
    assert api["flagged"] == ["official_travel", "facilities_and_infrastructure"]
    # 2033/34: no report at all; the figures are shown, no class is flagged.
    bare = client.get("/missions/MINUFAR/2033-34/execution", params={"as_of": "2033-07-31"})
    assert "No stored report prints an apportionment for this period" in bare.text
    assert 'class="badge flagged"' not in bare.text
    assert client.get("/api/v1/missions/MINUFAR/periods/2033-34/execution",
                      params={"as_of": "2033-07-31"}).json()["flagged"] == []
