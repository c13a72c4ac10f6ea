"""Legislative documents in the web app: listed on the home and mission pages, a page of
their own (identity, stage figures, recommendations by kind, decisions, financing, each
with its line), the API, the overview and class history beside the seed reports, and a
clear 404 for the parts of a report they do not have."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine

from rbb.services.data_format import to_json
from rbb.services.stored_findings import refresh_findings
from rbb.storage import DocumentStore
from rbb.storage.accounts import Role
from tests.legislative_documents import (
    fictonia_acabq_report,
    fictonia_documents,
    fictonia_resolution,
    unmik_documents,
)

from .conftest import add_user, login, make_client, store_seeds

ACABQ = "/missions/MINUFIC/2027-28/acabq_report"
RESOLUTION = "/missions/MINUFIC/2027-28/ga_resolution"
API_ACABQ = "/api/v1/documents/MINUFIC/2027-28/acabq_report"


def _with_legislative(engine: Engine) -> Engine:
    store_seeds(engine)
    DocumentStore(engine).save_all(
        [(document, (), text) for document, text in [*fictonia_documents(),
                                                     *unmik_documents()]])
    refresh_findings(engine)
    return engine


@pytest.fixture
def legislative_client(sqlite_engine: Engine) -> TestClient:
    return make_client(_with_legislative(sqlite_engine))


def test_the_acabq_report_has_a_page_of_its_own(engine: Engine) -> None:
    """On SQLite and PostgreSQL."""
    client = make_client(_with_legislative(engine))
    page = client.get(ACABQ)
    assert page.status_code == 200, page.text
    html = page.text
    assert "A/82/700/Add.9" in html and "A/82/650" in html
    assert "Report of the Advisory Committee" in html
    # the recommended total: 123 456.7 − 200.0 − 85.0, on line 14 of the hand-made text
    assert "123\u2009171.7" in html and "l.&nbsp;14" in html
    assert "Reductions recommended" in html and "Not recommended for approval" in html
    assert "Paragraph 21" in html and "2 posts" in html
    assert 'href="/missions/MINUFIC/classes/official_travel"' in html


def test_the_resolution_page_shows_decisions_and_financing(
        legislative_client: TestClient) -> None:
    html = legislative_client.get(RESOLUTION).text
    assert "Resolution of the General Assembly" in html
    assert "Support account for peacekeeping operations" in html and "5\u2009432.1" in html
    assert "Paragraph 14" in html and "(appropriation)" in html
    # 123 171.7 + 5 432.1 + 1 234.5, on line 10
    assert "129\u2009838.3" in html and "l.&nbsp;10" in html


def test_the_home_and_mission_pages_list_them(legislative_client: TestClient) -> None:
    home = legislative_client.get("/").text
    assert "MINUFIC" in home and "United Nations Mission in Fictonia" in home
    mission = legislative_client.get("/missions/MINUFIC").text
    assert "report of the Advisory Committee" in mission
    assert "resolution of the General Assembly" in mission
    overview = legislative_client.get("/missions/MINUFIC/2027-28").text
    assert f'href="{ACABQ}"' in overview and "Decisions and financing" in overview
    assert "Financial resources" not in overview


def test_the_api_serves_the_document_and_its_view(legislative_client: TestClient) -> None:
    whole = legislative_client.get(API_ACABQ)
    assert whole.status_code == 200
    assert whole.text == to_json(fictonia_acabq_report())
    view = legislative_client.get(API_ACABQ + "/legislative").json()
    assert [g["kind"] for g in view["recommendations"]] == [
        "approve", "reduce", "not_approve", "request"]
    recommended = next(f for f in view["stage_figures"] if f["stage"] == "acabq_recommended"
                       and f["line"] == "gross_requirements")
    assert (recommended["amount"], recommended["source_line"]) == ("123171.7", 14)
    resolution = legislative_client.get(
        "/api/v1/documents/MINUFIC/2027-28/ga_resolution/legislative").json()
    assert {f["part"]: f["amount"] for f in resolution["financing"]
            if f["period"] == "2027/28"}["appropriated"] == "129838.3"
    listed = legislative_client.get("/api/v1/documents?mission=MINUFIC").json()
    assert [d["kind"] for d in listed] == ["acabq_report", "ga_resolution"]
    budget = legislative_client.get("/api/v1/documents/UNMIK/2025-26/budget/legislative")
    assert budget.status_code == 404
    assert "not a report of the Advisory Committee" in budget.json()["detail"]


@pytest.mark.parametrize("section", ["financial", "staffing", "frameworks", "tables",
                                     "downloads", "frameworks/support"])
def test_a_reports_parts_answer_404_with_where_to_look(legislative_client: TestClient,
                                                       section: str) -> None:
    response = legislative_client.get(f"{RESOLUTION}/{section}")
    assert response.status_code == 404
    assert "is a resolution of the General Assembly: it has no" in response.text
    assert RESOLUTION in response.text


@pytest.mark.parametrize("rest", ["financial-tables", "financial-tables/financial_resources",
                                  "staffing-tables", "frameworks", "tables/official_travel",
                                  "downloads/html"])
def test_the_apis_report_parts_answer_404(legislative_client: TestClient, rest: str) -> None:
    response = legislative_client.get(f"{API_ACABQ}/{rest}")
    assert response.status_code == 404
    assert "is a report of the Advisory Committee" in response.json()["detail"]


def test_the_overview_and_class_history_show_the_later_stages(
        legislative_client: TestClient) -> None:
    overview = legislative_client.get("/api/v1/missions/UNMIK/periods/2025-26").json()
    stages = {f["stage"]: (f["amount"], f["document"]["kind"], f["label"])
              for f in overview["requirements"]}
    # the seed budget's cost estimates (line 536), the hand-made recommendation and
    # appropriation 46 045.3 − 31.6 = 46 013.7
    assert stages["cost_estimates"][:2] == ("46045.3", "budget")
    assert stages["acabq_recommended"] == ("46013.7", "acabq_report",
                                           "ACABQ recommendation (gross)")
    assert stages["appropriation"][:2] == ("46013.7", "ga_resolution")
    page = legislative_client.get("/missions/UNMIK/2025-26").text
    assert "46\u2009013.7" in page
    travel = legislative_client.get("/api/v1/missions/UNMIK/classes/official_travel").json()
    row = next(r for r in travel["rows"] if r["period"] == "2025/26")
    cells = {c["stage"]: c["amounts"] for c in row["cells"]}
    # 315.8 − 31.6 = 284.2 (seed line 521 less the hand-made reduction)
    assert [a["amount"] for a in cells["acabq_recommended"]] == ["284.2"]
    assert cells["acabq_recommended"][0]["link"] == \
        "/missions/UNMIK/2025-26/acabq_report#stage-acabq-recommended-official-travel"
    html = legislative_client.get("/missions/UNMIK/classes/official_travel").text
    assert "284.2" in html


def test_the_checks_page_and_findings_api_stay_quiet(legislative_client: TestClient) -> None:
    assert legislative_client.get(
        "/checks?document=MINUFIC-2027-28-acabq_report").status_code == 200
    assert legislative_client.get(API_ACABQ + "/findings").json() == []


def test_without_transparency_and_with_the_page_cache(sqlite_engine: Engine) -> None:
    engine = _with_legislative(sqlite_engine)
    closed = make_client(engine, transparency=False)
    assert closed.get(ACABQ, follow_redirects=False).status_code in (303, 401)
    add_user(engine, "reader", Role.VIEWER)
    assert login(closed, "reader").status_code == 303
    assert "123\u2009171.7" in closed.get(ACABQ).text
    cached = make_client(engine, cache_seconds=60.0)
    first, second = cached.get(ACABQ), cached.get(ACABQ)
    assert first.status_code == second.status_code == 200 and first.text == second.text
    DocumentStore(engine).save(fictonia_resolution().model_copy(update={"title": "Renamed"}))
    assert "Renamed" in cached.get(RESOLUTION).text


def test_compare_and_the_budgets_downloads_beside_them(legislative_client: TestClient) -> None:
    """Pages that list every stored document still answer; a comparison with an ACABQ
    report says it has no column to compare, rather than failing."""
    compared = legislative_client.get(
        "/compare?a=UNMIK-2025-26-budget&b=UNMIK-2025-26-acabq_report")
    assert compared.status_code == 200
    # ... and the comparison's choices offer the reports only, not the Committee's.
    choices = legislative_client.get("/compare").text
    assert "UNMIK-2025-26-budget" in choices and "UNMIK-2025-26-acabq_report" not in choices
    assert legislative_client.get("/missions/UNMIK/2025-26/budget/downloads").status_code == 200
    markdown = legislative_client.get("/api/v1/documents/UNMIK/2025-26/budget/downloads/md")
    assert markdown.status_code == 200 and "46\u2009045.3" in markdown.text


def test_a_balance_and_revenue_credited_together(sqlite_engine: Engine) -> None:
    """The parts resolutions print since about 2005 (one amount for the balance and the
    revenue; a staff assessment for a part) are named on the page."""
    from decimal import Decimal

    from rbb.model.legislative import FinancingFigure, FinancingPart

    resolution = fictonia_resolution()
    period = resolution.period.previous.previous
    extra = (FinancingFigure(part=FinancingPart.BALANCE_AND_REVENUE, period=period,
                             amount=Decimal("3456.7"), paragraph="18", source_line=13),
             FinancingFigure(part=FinancingPart.STAFF_ASSESSMENT,
                             for_part=FinancingPart.SUPPORT_ACCOUNT, period=resolution.period,
                             amount=Decimal("400.0"), paragraph="16", source_line=12))
    DocumentStore(sqlite_engine).save(resolution.model_copy(update={
        "financing": (*resolution.financing, *extra)}))
    html = make_client(sqlite_engine).get(RESOLUTION).text
    assert "Unencumbered balance and other revenue" in html and "3\u2009456.7" in html
    assert "Staff assessment income, for the support account for peacekeeping operations" \
        in html


def test_an_imported_acabq_report_end_to_end(sqlite_engine: Engine) -> None:
    """The handwritten report of a fictional mission (tests/data/legislative/acabq),
    read by the importer, stored with its text: its page and its class history."""
    from pathlib import Path

    from rbb.importers import import_path

    path = Path(__file__).parents[1] / "data" / "legislative" / "acabq" / \
        "unsmv-2037-38-handwritten.txt"
    result = import_path(path)
    assert result.document is not None and not result.errors
    DocumentStore(sqlite_engine).save(result.document, result.diagnostics,
                                      source_text=result.text)
    refresh_findings(sqlite_engine)
    client = make_client(sqlite_engine)
    html = client.get("/missions/UNSMV/2037-38/acabq_report").text
    # line 24: "Recommendation of the Advisory Committee for 2037/38\t$87,872,300"
    assert "87\u2009872.3" in html and "l.&nbsp;24" in html
    assert "Reductions recommended" in html and "Paragraph 7" in html
    history = client.get("/api/v1/missions/UNSMV/classes/gross_requirements").json()
    cells = {(row["period"], c["stage"]): [a["amount"] for a in c["amounts"]]
             for row in history["rows"] for c in row["cells"]}
    # line 23: the proposal, $88,245,600, restated by the Committee
    assert cells[("2037/38", "cost_estimates")] == ["88245.6"]
    assert cells[("2037/38", "acabq_recommended")] == ["87872.3"]
    assert client.get("/missions/UNSMV/2037-38/acabq_report/financial").status_code == 404
