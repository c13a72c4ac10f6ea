"""``/missions/{mission}/requests`` and its API: the seeds' follow-up rows as tracked
requests, on SQLite and PostgreSQL.

Rows asserted: src/rbb/data/seeds/unmik-budget-2025-26.txt, section V (lines 724-780),
and unmik-performance-2021-22.txt, section VI (lines 4606-4850)."""

from __future__ import annotations

import datetime as dt

from fastapi.testclient import TestClient
from sqlalchemy import Engine

from rbb.model import Decision, DecisionKind, Document, DocumentKind, Period
from rbb.model.mission import Mission, mission_for_code
from rbb.model.tables import FollowUp
from rbb.storage import DocumentStore

from .conftest import make_client
from .test_pages import text_of


def test_the_page_lists_each_request_with_its_source_and_responses(client: TestClient
                                                                   ) -> None:
    page = client.get("/missions/UNMIK/requests")
    assert page.status_code == 200
    html = page.text
    # 13 requests: 8 responded, 5 partly (see tests/engine/test_requests.py).
    assert html.count('<section id="request-') == 13
    shown = text_of(html)
    assert "responded 8 · partly 5 · no response found 0" in shown
    # Resolution 76/274, para. 81: answered in A/77/589 (l. 4633) and the 2025/26 budget
    # (l. 737); the resolution is not stored, so its link is the official document's.
    assert 'id="request-resolution-76-274-para-81"' in html
    assert 'href="https://undocs.org/en/A/RES/76/274"' in html
    assert 'href="/missions/UNMIK/2021-22/performance/tables#follow-up"' in html
    assert 'href="/missions/UNMIK/2025-26/budget/tables#follow-up"' in html
    assert "l.&nbsp;4633" in html and "l.&nbsp;737" in html
    # Line 769's action (line 780): "... was deferred due to the reprioritization ...".
    assert "says “was deferred”" in html
    assert "endorsed by A/RES/78/302" in shown


def test_open_shows_only_those_not_responded(client: TestClient) -> None:
    html = client.get("/missions/UNMIK/requests?open=1").text
    assert html.count('<section id="request-') == 5
    assert 'id="request-resolution-76-274-para-81"' not in html   # responded
    assert 'id="request-a-78-744-add-7-para-22"' in html          # partly (l. 767)


def test_the_api_answers_the_same_view(client: TestClient) -> None:
    response = client.get("/api/v1/missions/UNMIK/requests")
    assert response.status_code == 200 and response.headers["etag"]
    view = response.json()
    assert view["counts"] == {"responded": 8, "partly": 5, "no response found": 0}
    items = {item["key"]: item for item in view["requests"]}
    para17 = items["resolution 76/274, para. 17"]
    assert para17["status"] == "partly"
    assert para17["responses"][0]["source_line"] == 733
    assert para17["responses"][0]["document"]["page"] == "/missions/UNMIK/2025-26/budget"
    opened = client.get("/api/v1/missions/UNMIK/requests", params={"open": "true"}).json()
    assert len(opened["requests"]) == 5 and opened["only_open"] is True
    again = client.get("/api/v1/missions/UNMIK/requests",
                       headers={"If-None-Match": response.headers["etag"]})
    assert again.status_code == 304


def test_unknown_missions_are_not_found(sqlite_client: TestClient) -> None:
    assert sqlite_client.get("/missions/UNMISS/requests").status_code == 404
    problem = sqlite_client.get("/api/v1/missions/UNMISS/requests")
    assert problem.status_code == 404 and "UNMISS" in problem.text
    assert sqlite_client.get("/api/v1/missions/%3Cx%3E/requests").status_code == 404


def test_the_mission_page_links_to_it(sqlite_client: TestClient) -> None:
    assert 'href="/missions/UNMIK/requests"' in sqlite_client.get("/missions/UNMIK").text


def test_reads_need_a_login_outside_transparency_mode(seeded_sqlite: Engine) -> None:
    closed = make_client(seeded_sqlite, transparency=False)
    assert closed.get("/api/v1/missions/UNMIK/requests").status_code == 401
    page = closed.get("/missions/UNMIK/requests", follow_redirects=False)
    assert page.status_code in (302, 303, 307) and "/login" in page.headers["location"]


def test_a_stored_resolution_becomes_the_source_and_the_page_follows_the_store(
        seeded_sqlite: Engine) -> None:
    client = make_client(seeded_sqlite)
    before = client.get("/missions/UNMIK/requests").text     # kept by the page cache
    assert 'href="https://undocs.org/en/A/RES/76/274"' in before
    unmik = mission_for_code("UNMIK")
    assert unmik is not None
    # Written by hand: paragraph 17 of resolution 76/274 as a stored decision.
    DocumentStore(seeded_sqlite).save(Document(
        kind=DocumentKind.GA_RESOLUTION, mission=unmik, period=Period.parse("2022/23"),
        title="Cross-cutting issues", symbol="A/RES/76/274", date=dt.date(2022, 6, 29),
        decisions=(Decision(kind=DecisionKind.REQUEST, paragraph="17",
                            text="Requests the Secretary-General to improve comprehensive "
                                 "oversight", source_line=30),)))
    after = client.get("/missions/UNMIK/requests").text
    assert 'href="/missions/UNMIK/2022-23/ga_resolution"' in after
    assert "l.&nbsp;30" in after
    assert 'href="https://undocs.org/en/A/RES/76/274"' in after   # paragraphs 27, 34, ...


def test_text_from_a_report_is_escaped(sqlite_engine: Engine) -> None:
    mission = Mission(code="MINUFIC", name="United Nations Fictional Mission in Utopia",
                      provisional=True)
    DocumentStore(sqlite_engine).save(Document(
        kind=DocumentKind.BUDGET, mission=mission, period=Period.parse("2027/28"),
        title="Budget of MINUFIC", follow_up=(FollowUp(
            body="acabq", heading="<script>alert(1)</script>",
            reference="A/80/700/Add.4",
            request="The Committee requests <b>a plan</b> (para. 30).",
            action="<img src=x onerror=alert(1)>", source_line=12),)))
    html = make_client(sqlite_engine).get("/missions/MINUFIC/requests").text
    assert "<script>alert(1)" not in html and "<img src=x" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "&lt;b&gt;a plan&lt;/b&gt;" in html
    assert 'href="https://undocs.org/en/A/80/700/Add.4"' in html
