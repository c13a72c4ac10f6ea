"""The REST API with httpx against the real app, on SQLite and on PostgreSQL."""

from __future__ import annotations

from decimal import Decimal

from fastapi.testclient import TestClient

from rbb.model import Document
from rbb.services.data_format import to_json
from tests.conftest import BUDGET_SEED, imported

API = "/api/v1"
DOC = f"{API}/documents/UNMIK/2025-26/budget"


def test_missions_and_documents(client: TestClient) -> None:
    missions = client.get(f"{API}/missions").json()
    assert [(m["code"], m["periods"], m["documents"]) for m in missions] == [
        ("UNMIK", ["2021/22", "2025/26"], 2)]
    documents = client.get(f"{API}/documents", params={"mission": "unmik"}).json()
    assert {(d["period"], d["kind"]) for d in documents} == {("2021/22", "performance"),
                                                             ("2025/26", "budget")}
    assert documents[0]["page"].startswith("/missions/UNMIK/")
    # A page at a time: the total in a header, the next page in Link.
    first = client.get(f"{API}/documents", params={"limit": 1})
    assert first.headers["x-total-count"] == "2"
    assert first.headers["link"] == '</api/v1/documents?limit=1&offset=1>; rel="next"'
    second = client.get(f"{API}/documents", params={"limit": 1, "offset": 1})
    assert first.json() + second.json() == documents and "link" not in second.headers


def test_a_document_is_its_canonical_json(client: TestClient) -> None:
    response = client.get(DOC)
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/json"
    budget = imported(BUDGET_SEED).document
    assert budget is not None
    assert response.text == to_json(budget)
    assert Document.model_validate_json(response.text) == budget


def test_every_table_of_a_document(client: TestClient) -> None:
    tables = client.get(f"{DOC}/financial-tables").json()
    assert [t["key"] for t in tables] == ["financial_resources_summary", "financial_resources"]
    main = client.get(f"{DOC}/financial-tables/financial_resources").json()
    international = next(r for r in main["rows"] if r["line"] == "international_staff")
    # "International staff\t20 914.9\t21 139.4\t23 790.6\t2 651.2\t12.5" (line 511)
    assert international["values"]["cost_estimates_2025_26"] == "23790.6"
    assert international["source_line"] == 511
    staffing = client.get(f"{DOC}/staffing-tables").json()
    assert staffing[0]["key"] == "human_resources"
    one = client.get(f"{DOC}/staffing-tables/table_2")
    assert one.status_code == 200 and one.json()["component"] == "substantive"
    factors = client.get(f"{DOC}/tables/vacancy_factors").json()
    assert factors and {"category", "period", "kind", "rate"} <= factors[0].keys()
    for name in ("non_budgeted_contributions", "follow_up", "efficiency_gains",
                 "variance_explanations", "redeployments", "paragraphs"):
        assert client.get(f"{DOC}/tables/{name}").status_code == 200, name


def test_frameworks(client: TestClient) -> None:
    components = client.get(f"{DOC}/frameworks").json()
    assert [c["key"] for c in components] == ["executive_direction_and_management",
                                              "substantive", "support"]
    substantive = client.get(f"{DOC}/frameworks/substantive").json()
    assert substantive["expected_accomplishments"][0]["number"] == "1.1"
    assert client.get(f"{DOC}/frameworks/nothing").status_code == 404


def test_overview_class_history_and_compare(client: TestClient) -> None:
    overview = client.get(f"{API}/missions/UNMIK/periods/2025-26").json()
    assert overview["change"]["amount"] == "2360.6"
    assert [r["stage"] for r in overview["requirements"]] == ["cost_estimates"]
    history = client.get(f"{API}/missions/UNMIK/classes/international_staff").json()
    periods = [row["period"] for row in history["rows"]]
    assert periods == ["2021/22", "2023/24", "2024/25", "2025/26"]
    assert history["explanations"]
    compared = client.get(f"{API}/compare", params={"a": "UNMIK-2024-25",
                                                      "b": "UNMIK-2025-26-budget"}).json()
    total = next(r for r in compared["rows"] if r["line"] == "total_requirements")
    assert Decimal(total["difference"]) == Decimal("2360.6")


def test_findings(client: TestClient) -> None:
    findings = client.get(f"{API}/findings").json()
    assert findings
    assert {"severity", "code", "document", "message", "link"} <= findings[0].keys()
    errors = client.get(f"{API}/findings", params={"severity": "error"}).json()
    assert all(f["severity"] == "error" for f in errors)
    mine = client.get(f"{API}/documents/UNMIK/2021-22/performance/findings").json()
    assert all(f["document"] == "UNMIK 2021/22 performance" for f in mine)


def test_findings_a_page_at_a_time(client: TestClient) -> None:
    """Pages of three follow one another in the order of the whole list; the total and
    the next page are in the headers."""
    whole = client.get(f"{API}/findings")
    total = int(whole.headers["x-total-count"])
    assert total == len(whole.json()) > 6 and "link" not in whole.headers
    first = client.get(f"{API}/findings", params={"limit": 3})
    assert first.headers["link"] == '</api/v1/findings?limit=3&offset=3>; rel="next"'
    second = client.get(first.headers["link"].split(";")[0].strip("<>"))
    assert first.json() + second.json() == whole.json()[:6]
    last = client.get(f"{API}/findings", params={"limit": 3, "offset": total - 1})
    assert len(last.json()) == 1 and "link" not in last.headers
    assert client.get(f"{API}/findings", params={"limit": 0}).status_code == 422
    assert client.get(f"{API}/findings", params={"mission": "UNMIK"}).json() == whole.json()
    assert client.get(f"{API}/findings", params={"mission": "NOSUCH"}).status_code == 404


def test_downloads(client: TestClient) -> None:
    data = client.get(f"{DOC}/downloads/json")
    assert data.status_code == 200 and data.json()["kind"] == "budget"
    package = client.get(f"{DOC}/downloads/datapackage")
    assert package.headers["content-type"] == "application/zip"
    assert package.content[:2] == b"PK"
    # Formats are a registry plugins extend: a name none registers is no such file (404);
    # one that cannot be a format's name is refused before any lookup (422).
    assert client.get(f"{DOC}/downloads/exe").status_code == 404
    assert client.get(f"{DOC}/downloads/EXE..").status_code == 422


def test_etags_answer_not_modified(client: TestClient) -> None:
    first = client.get(DOC)
    etag = first.headers["etag"]
    assert etag.startswith('"') and len(etag) > 10
    again = client.get(DOC, headers={"If-None-Match": etag})
    assert again.status_code == 304 and again.content == b""
    assert again.headers["etag"] == etag
    other = client.get(DOC, headers={"If-None-Match": '"something-else"'})
    assert other.status_code == 200


def test_errors_are_problem_json(client: TestClient) -> None:
    for url, status in ((f"{API}/documents/UNMIK/2030-31/budget", 404),
                        (f"{API}/documents/UNMIK/2025-26/audit", 404),
                        (f"{API}/documents/UNMIK/2025-26/budget/staffing-tables/x", 404),
                        (f"{API}/findings?severity=fatal", 422),
                        (f"{API}/nowhere", 404), (f"{API}/me", 401)):
        response = client.get(url)
        assert response.status_code == status, url
        assert response.headers["content-type"] == "application/problem+json"
        body = response.json()
        assert body["status"] == status and body["title"] and body["detail"]
        assert body["instance"] == url.split("?")[0]


def test_openapi_documents_every_endpoint_with_examples(client: TestClient) -> None:
    schema = client.get(f"{API}/openapi.json").json()
    assert schema["openapi"].startswith("3.")
    paths = schema["paths"]
    for path in ("/missions", "/documents", "/documents/{mission}/{period}/{kind}",
                 "/documents/{mission}/{period}/{kind}/tables/vacancy_factors",
                 "/documents/{mission}/{period}/{kind}/frameworks/{component}",
                 "/findings", "/compare", "/imports", "/me",
                 "/documents/{mission}/{period}/{kind}/downloads/{format}"):
        assert path in paths, path
    problem = paths["/missions"]["get"]["responses"]["404"]["content"]
    assert "application/problem+json" in problem
    assert schema["components"]["schemas"]["ProblemDetails"]["examples"]
    assert schema["servers"] == [{"url": "/api/v1"}]
    assert "bearerToken" in schema["components"]["securitySchemes"]


def test_a_documents_tables_and_components_are_served_as_their_models_dump_them(
        client: TestClient) -> None:
    """The keyed collections are served from the stored part without validating it again:
    the bytes must be those the model dumps, item by item and as a list, on both seeds."""
    from pydantic import TypeAdapter

    from rbb.model import Component, MoneyTable, StaffingTable
    from tests.conftest import PERFORMANCE_SEED

    collections = (("financial-tables", "financial_tables", MoneyTable),
                   ("staffing-tables", "staffing_tables", StaffingTable),
                   ("frameworks", "components", Component))
    for seed, address in ((BUDGET_SEED, DOC),
                          (PERFORMANCE_SEED, f"{API}/documents/UNMIK/2021-22/performance")):
        document = imported(seed).document
        assert document is not None
        for path, part, model in collections:
            items = getattr(document, part)
            assert items or seed == PERFORMANCE_SEED  # a performance report has no staffing
            listed = client.get(f"{address}/{path}")
            assert listed.content == TypeAdapter(list[model]).dump_json(list(items))  # type: ignore[valid-type]
            for item in items:
                one = client.get(f"{address}/{path}/{item.key}")
                assert one.content == TypeAdapter(model).dump_json(item), (path, item.key)
