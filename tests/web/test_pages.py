"""The pages read the embedded UNMIK reports, on SQLite and on PostgreSQL.

Figures quoted here are as printed in the seeds, e.g. line 536 of the 2025/26
budget: ``Total requirements\t40 628.9\t43 684.7\t46 045.3\t2 360.6\t5.4``.
"""

from __future__ import annotations

import html
import re

from fastapi.testclient import TestClient
from sqlalchemy import Engine

from .conftest import make_client

THIN = "\u2009"


def text_of(html: str) -> str:
    """The words of a page, tags dropped; thin spaces inside figures are kept."""
    flat = re.sub(r"<[^>]+>", " ", html).replace("&nbsp;", " ")
    return re.sub(r"[ \t\r\n]+", " ", flat).strip()


def test_home_lists_missions_periods_and_documents(client: TestClient) -> None:
    page = client.get("/")
    assert page.status_code == 200
    assert "United Nations Interim Administration Mission in Kosovo" in page.text
    assert 'href="/missions/UNMIK/2025-26"' in page.text
    assert 'href="/missions/UNMIK/2021-22"' in page.text
    assert "<caption>Documents of UNMIK, by period</caption>" in page.text


def test_budget_overview_has_the_headline_figures(client: TestClient) -> None:
    page = client.get("/missions/UNMIK/2025-26")
    assert page.status_code == 200
    shown = text_of(page.text)
    assert f"Total requirements — cost estimates 46{THIN}045.3" in shown
    assert f"Change on 2024/25 +2{THIN}360.6 (5.4 per cent)" in shown
    # Human resources, total row: 374 approved and proposed posts.
    assert "Total 374 374" in shown
    assert "Audit status" in shown
    for section in ("financial", "staffing", "frameworks", "tables", "downloads"):
        assert f'href="/missions/UNMIK/2025-26/budget/{section}"' in page.text


def test_performance_overview_has_the_utilization_rate(client: TestClient) -> None:
    # Summary of A/77/589: "a resource utilization rate of 98.3 per cent".
    shown = text_of(client.get("/missions/UNMIK/2021-22").text)
    assert "Resource utilization rate 98.3 per cent" in shown
    assert f"expenditure 40{THIN}612.6" in shown
    assert "International staff 113 100 11.5" in shown  # incumbency: approved, actual, rate
    # "United Nations police  10 9 10.0": a rate keeps its printed decimal.
    assert "United Nations police 10 9 10.0" in shown
    # "United Nations Volunteers / International 24 22 8.3": the sub-row says whose it is.
    assert "United Nations Volunteers, international 24 22 8.3" in shown


def test_financial_table_links_each_class_to_its_history(client: TestClient) -> None:
    page = client.get("/missions/UNMIK/2025-26/budget/financial")
    assert page.status_code == 200
    assert '<a href="/missions/UNMIK/classes/international_staff">International staff</a>' \
        in page.text
    row = re.search(r'<tr id="row-financial-resources-international-staff".*?</tr>', page.text,
                    re.S)
    assert row is not None
    cells = text_of(row[0])
    assert f"20{THIN}914.9 21{THIN}139.4 23{THIN}790.6 2{THIN}651.2 12.5" in cells
    assert "l. 511" in cells
    assert "(thousands of United States dollars)" in page.text


def test_class_history_across_periods_and_stages(client: TestClient) -> None:
    page = client.get("/missions/UNMIK/classes/international_staff")
    assert page.status_code == 200
    shown = text_of(page.text)
    assert '<svg class="chart"' in page.text
    for figure in ("23 790.6", "21 139.4", "20 914.9", "20 194.1"):  # 2025/26 … 2021/22
        assert figure.replace(" ", THIN) in shown
    assert "Variance explanations" in shown
    assert "The increased requirements are attributable" in shown
    assert 'id="variance"' in page.text


def test_unknown_class_is_a_clear_404(sqlite_client: TestClient) -> None:
    page = sqlite_client.get("/missions/UNMIK/classes/champagne")
    assert page.status_code == 404
    assert "not a class of expenditure" in page.text


def test_staffing_by_component_with_a_grade_band_chart(sqlite_client: TestClient) -> None:
    page = sqlite_client.get("/missions/UNMIK/2025-26/budget/staffing")
    assert page.status_code == 200
    assert '<svg class="chart"' in page.text and "Posts by grade band" in page.text
    assert "Approved 2024/25" in page.text and "Proposed 2025/26" in page.text
    assert "Vacancy factors" in page.text
    assert page.text.count("<caption>") >= 5


def test_frameworks_and_a_component(sqlite_client: TestClient) -> None:
    listing = sqlite_client.get("/missions/UNMIK/2025-26/budget/frameworks")
    assert listing.status_code == 200
    assert 'href="/missions/UNMIK/2025-26/budget/frameworks/substantive"' in listing.text
    page = sqlite_client.get("/missions/UNMIK/2025-26/budget/frameworks/substantive")
    assert page.status_code == 200
    assert 'id="expected-accomplishment-1-1"' in page.text
    assert 'id="indicator-1-1-1"' in page.text
    assert "Values of indicator 1.1.1" in page.text
    assert "Outputs of expected accomplishment 1.1" in page.text


def test_performance_component_shows_completed_outputs(sqlite_client: TestClient) -> None:
    page = sqlite_client.get("/missions/UNMIK/2021-22/performance/frameworks/support")
    assert page.status_code == 200
    assert "<th scope=\"col\">Completed</th>" in page.text
    assert "Yes" in page.text


def test_service_area_headings_open_each_run_of_outputs_once(
        sqlite_client: TestClient) -> None:
    component = sqlite_client.get(
        "/api/v1/documents/UNMIK/2021-22/performance/frameworks/support").json()
    # A heading starts a group where it differs from the output's before it.
    expected = [output["heading"] for ea in component["expected_accomplishments"]
                for n, output in enumerate(ea["outputs"])
                if output["heading"] and (n == 0 or output["heading"] != ea["outputs"][n - 1]
                                          ["heading"])]
    assert expected  # the support component groups its outputs by service area
    page = sqlite_client.get("/missions/UNMIK/2021-22/performance/frameworks/support").text
    printed = re.findall(r'<th scope="rowgroup" colspan="4">([^<]*)</th>', page)
    assert [html.unescape(text) for text in printed] == expected


def test_other_tables(sqlite_client: TestClient) -> None:
    page = sqlite_client.get("/missions/UNMIK/2025-26/budget/tables")
    assert page.status_code == 200
    assert "Non-budgeted contributions" in page.text
    assert "Follow-up of General Assembly and ACABQ requests" in page.text


def test_compare_two_periods_highlights_differences(client: TestClient) -> None:
    page = client.get("/compare", params={"a": "UNMIK-2024-25", "b": "UNMIK-2025-26-budget"})
    assert page.status_code == 200
    assert "Apportionment 2024/25" in page.text
    assert "Cost estimates (2025/26)" in page.text
    row = re.search(r'<tr class="summary differs">\s*<th scope="row"><a href="/missions/UNMIK/'
                    r'classes/total_requirements">.*?</tr>', page.text, re.S)
    assert row is not None
    assert f"43{THIN}684.7 46{THIN}045.3 +2{THIN}360.6 (differs) 5.4" in text_of(row[0])


def test_compare_two_documents(sqlite_client: TestClient) -> None:
    page = sqlite_client.get("/compare", params={"a": "UNMIK-2021-22-performance",
                                          "b": "UNMIK-2025-26-budget"})
    assert page.status_code == 200
    assert "Figures both reports print" in page.text


def test_compare_form_without_choices_yet(sqlite_client: TestClient) -> None:
    page = sqlite_client.get("/compare")
    assert page.status_code == 200
    assert '<option value="UNMIK-2025-26-budget">' in page.text


def test_checks_filter_by_severity_and_link_to_rows(client: TestClient) -> None:
    page = client.get("/checks")
    assert page.status_code == 200
    assert "<caption>Findings" in page.text
    errors = client.get("/checks", params={"severity": "error"})
    shown = text_of(errors.text)
    assert "warning " not in shown.split("Findings of severity error", 1)[-1]
    links = re.findall(r'<td><a href="(/missions/[^"]+)">', errors.text)
    assert links
    for link in set(links):
        assert client.get(link.split("#")[0]).status_code == 200


def test_checks_page_by_page(client: TestClient) -> None:
    first = client.get("/checks", params={"limit": 2, "mission": "UNMIK"})
    assert first.status_code == 200
    assert ": 1 to 2 shown" in text_of(first.text)
    following = re.search(r'<a href="([^"]+)" rel="next">', first.text)
    assert following is not None
    second = client.get(following[1].replace("&amp;", "&"))
    assert ": 3 to 4 shown" in text_of(second.text)
    assert 'rel="prev"' in second.text
    # The reports to filter by are those of the chosen mission.
    assert 'value="UNMIK-2025-26-budget"' in first.text


def test_checks_partial_for_htmx(sqlite_client: TestClient) -> None:
    page = sqlite_client.get("/checks?severity=warning", headers={"HX-Request": "true"})
    assert page.status_code == 200
    assert "<html" not in page.text
    assert "<table" in page.text


def test_downloads_of_a_document(sqlite_client: TestClient) -> None:
    page = sqlite_client.get("/missions/UNMIK/2025-26/budget/downloads")
    assert page.status_code == 200
    for name in ("UNMIK-2025-26-budget.json", "UNMIK-2025-26-budget.datapackage.zip",
                 "UNMIK-2025-26-budget.facts.csv", "UNMIK-2025-26-budget.pdf"):
        assert name in page.text
    data = sqlite_client.get("/missions/UNMIK/2025-26/budget/download/UNMIK-2025-26-budget.json")
    assert data.status_code == 200
    assert data.json()["symbol"] is None or "kind" in data.json()
    assert data.headers["content-disposition"].startswith("attachment;")
    facts = sqlite_client.get(
        "/missions/UNMIK/2025-26/budget/download/UNMIK-2025-26-budget.facts.csv")
    assert facts.text.startswith("section,table,row,column,value,unit,source_line")


def test_pages_of_what_is_not_stored_are_404(sqlite_client: TestClient) -> None:
    for url in ("/missions/UNMIK/2030-31", "/missions/MINUSMA/2025-26",
                "/missions/UNMIK/2025-26/budget/frameworks/nothing",
                "/missions/UNMIK/2025-26/audit/financial", "/missions/UNMIK/20-26/budget",
                "/nowhere"):
        page = sqlite_client.get(url)
        assert page.status_code == 404, url
        assert "<h1>Not Found</h1>" in page.text


def test_an_empty_store_says_how_to_fill_it(engine: Engine) -> None:
    page = make_client(engine).get("/")
    assert page.status_code == 200
    assert "rbb seed" in page.text


def test_security_headers_on_every_page(sqlite_client: TestClient) -> None:
    for url in ("/", "/missions/UNMIK/2025-26", "/api/v1/missions", "/nowhere", "/login"):
        headers = sqlite_client.get(url).headers
        assert "script-src 'self'" in headers["content-security-policy"]
        assert "frame-ancestors 'none'" in headers["content-security-policy"]
        assert headers["x-frame-options"] == "DENY"
        assert headers["x-content-type-options"] == "nosniff"


def test_no_inline_script_or_style_in_pages(sqlite_client: TestClient) -> None:
    for url in ("/", "/missions/UNMIK/2025-26", "/missions/UNMIK/classes/medical",
                "/missions/UNMIK/2025-26/budget/staffing", "/checks", "/compare", "/login"):
        html = sqlite_client.get(url).text
        assert re.search(r"<script(?![^>]*\bsrc=)", html) is None, url
        assert " style=" not in html and "<style" not in html, url
        assert re.search(r"\son[a-z]+=", html) is None, url
