"""The page "From proposal to expenditure" and its API, over the stored UNMIK seed budget
for 2025/26 with a report of the Advisory Committee and a resolution made by hand.

The budget's figures are the seed's (src/rbb/data/seeds/unmik-budget-2025-26.txt,
"Financial resources: overall"): line 532 ``Gross requirements ... 46 045.3``, line 521
``Official travel ... 315.8``, line 526 ``Communications and information technology ...
1 873.2``. The Committee's report and the resolution below are NOT real texts: their
figures are made up and derived by hand in the comments.
"""

from __future__ import annotations

from decimal import Decimal

from fastapi.testclient import TestClient
from sqlalchemy import Engine

from rbb.model import Document, DocumentKind, Period, Stage
from rbb.model.legislative import (
    FinancingFigure,
    FinancingPart,
    Recommendation,
    RecommendationKind,
    StageFigure,
)
from rbb.model.mission import mission_for_code
from rbb.services.document_service import DocumentService
from rbb.storage import DocumentStore
from rbb.web.page_cache import page_key

from .conftest import make_client, store_seeds
from .test_pages import THIN, text_of

UNMIK = mission_for_code("UNMIK")
assert UNMIK is not None
P = Period.parse("2025/26")
PAGE = "/missions/UNMIK/2025-26/cycle"
API = "/api/v1/missions/UNMIK/periods/2025-26/cycle"

# The hand-made Committee's reductions: 31.6 on official travel (10 per cent of 315.8 is
# 31.58, printed $31,600) and 93.3 on communications and information technology; it
# recommends 46 045.3 − 31.6 − 93.3 = 45 920.4 in all.
RECOMMENDED = "45920.4"


def acabq(*, estimate: str = "46045.3", text: str = "the Committee recommends a reduction of "
          "10 per cent ($31,600) to the proposed resources of $315,800 under official travel"
          ) -> Document:
    return Document(
        kind=DocumentKind.ACABQ_REPORT, mission=UNMIK, period=P,
        title="Hand-made report of the Advisory Committee on UNMIK 2025/26 (test)",
        stage_figures=(
            StageFigure(stage=Stage.COST_ESTIMATES, period=P, amount=Decimal(estimate),
                        paragraph="2", source_line=14),
            StageFigure(stage=Stage.ACABQ_RECOMMENDED, period=P, amount=Decimal(RECOMMENDED),
                        paragraph="30", source_line=101),
        ),
        recommendations=(
            Recommendation(kind=RecommendationKind.NOT_APPROVE, paragraph="17", posts=2,
                           text="the Committee recommends against the two proposed posts",
                           class_code="international_staff", source_line=60),
            Recommendation(kind=RecommendationKind.REDUCE, paragraph="21", text=text,
                           amounts=(Decimal("31.6"), Decimal("315.8")),
                           class_code="official_travel", source_line=70),
            Recommendation(kind=RecommendationKind.REDUCE, paragraph="24",
                           text="the Committee recommends a reduction of $93,300 under "
                                "communications and information technology",
                           amounts=(Decimal("93.3"),),
                           class_code="communications_and_information_technology",
                           source_line=84),
            Recommendation(kind=RecommendationKind.REQUEST, paragraph="27",
                           text="the Committee trusts that the Mission will continue its "
                                "efforts to reduce its vacancy rates", source_line=92),
        ))


def resolution(amount: str = RECOMMENDED) -> Document:
    return Document(
        kind=DocumentKind.GA_RESOLUTION, mission=UNMIK, period=P,
        title="Hand-made resolution on the financing of UNMIK 2025/26 (test)",
        stage_figures=(StageFigure(stage=Stage.APPROPRIATION, period=P, amount=Decimal(amount),
                                   paragraph="3", source_line=31),),
        financing=(FinancingFigure(part=FinancingPart.MAINTENANCE, period=P,
                                   amount=Decimal(amount), paragraph="3", source_line=31),))


def store_cycle(engine: Engine, *documents: Document) -> None:
    store_seeds(engine)
    store = DocumentStore(engine)
    for document in documents or (acabq(), resolution()):
        store.save(document)


def test_the_page_sets_the_stages_side_by_side(engine: Engine) -> None:
    store_cycle(engine)
    page = make_client(engine).get(PAGE)
    assert page.status_code == 200, page.text
    shown = text_of(page.text)
    # The total: 46 045.3 proposed, 45 920.4 recommended (−124.9, −0.3 per cent of
    # 46 045.3), 45 920.4 appropriated (no change).
    assert f"46{THIN}045.3 budget 2025/26 l. 532" in shown
    assert f"46{THIN}045.3 ACABQ report 2025/26, para. 2 l. 14" in shown
    assert f"45{THIN}920.4 ACABQ report 2025/26, para. 30 l. 101 (124.9), (0.3) per cent, " \
           "on cost estimates" in shown
    assert f"45{THIN}920.4 resolution 2025/26, para. 3 l. 31 no change on ACABQ " \
           "recommendation" in shown
    # The budget's figure links to its row of the money table.
    assert 'href="/missions/UNMIK/2025-26/budget/financial#row-financial-resources-' \
           'gross-requirements"' in page.text
    # The Committee's and the Assembly's figures link to them on their documents' pages.
    assert 'href="/missions/UNMIK/2025-26/acabq_report#stage-acabq-recommended-' \
           'gross-requirements"' in page.text
    assert 'href="/missions/UNMIK/2025-26/ga_resolution#stage-appropriation-' \
           'gross-requirements"' in page.text
    assert 'href="/missions/UNMIK/2025-26/acabq_report#reduce"' in page.text
    # Official travel: 315.8 − 31.6 = 284.2, derived, never shown as stated.
    assert "284.2 derived 315.8 proposed ( budget ) less 31.6 recommended ( para. 21 )" in shown
    # Communications and information technology: 1 873.2 − 93.3 = 1 779.9.
    assert f"1{THIN}779.9 derived" in shown
    # Recommendations under the classes they touch, the general one under the total.
    assert "not approve Paragraph 17 l. 60 : the Committee recommends against the two " \
           "proposed posts" in shown
    assert shown.index("Paragraph 27") < shown.index("Military and police personnel")
    assert shown.index("Official travel") < shown.index("Paragraph 21") < shown.index(
        "Facilities and infrastructure")
    assert "differs" not in shown


def test_the_api_serves_the_same_view(sqlite_engine: Engine) -> None:
    store_cycle(sqlite_engine)
    client = make_client(sqlite_engine)
    answer = client.get(API)
    assert answer.status_code == 200 and "etag" in answer.headers
    data = answer.json()
    assert [s["stage"] for s in data["stages"]] == [
        "cost_estimates", "acabq_recommended", "appropriation", "apportionment", "expenditure"]
    total = data["rows"][0]
    assert total["line"] == "gross_requirements"
    assert [c["amount"] for c in total["cells"]] == ["46045.3", RECOMMENDED, RECOMMENDED,
                                                     None, None]
    assert total["cells"][1]["change"] == "-124.9"  # 45 920.4 − 46 045.3
    assert [r["paragraph"] for r in total["recommendations"]] == []
    assert [r["paragraph"] for r in data["recommendations"]] == ["27"]
    travel = next(r for r in data["rows"] if r["line"] == "official_travel")
    recommended = travel["cells"][1]
    assert recommended["derived"] and recommended["amount"] == "284.2"
    assert recommended["figures"][0]["source"] is None
    assert recommended["figures"][0]["reduction"] == "31.6"
    assert [s["source_line"] for s in recommended["figures"][0]["derived_from"]] == [521, 70]
    assert data["disagreements"] == 0
    assert {d["kind"] for d in data["documents"]} == {"budget", "acabq_report",
                                                      "ga_resolution"}
    assert client.get(API, headers={"If-None-Match": answer.headers["etag"]}
                      ).status_code == 304
    overview = client.get("/missions/UNMIK/2025-26").text
    assert f'href="{PAGE}"' in overview


def test_the_posts_the_committee_recommends_against(sqlite_engine: Engine) -> None:
    """The seed budget's summary human resources table proposes 113 international staff
    and 374 posts and positions in all (line 95, "Total" of 2025/26); the hand-made
    report recommends against 2 international posts (para. 17): 111 and 372 are left."""
    store_cycle(sqlite_engine)
    client = make_client(sqlite_engine)
    posts = {p["line"]: p for p in client.get(API).json()["posts"]}
    international = posts["international_staff"]
    assert (international["proposed"], international["not_approved"],
            international["recommended"]) == (113, 2, 111)
    assert international["proposed_source"]["source_line"] == 95
    assert international["proposed_source"]["link"] == "/missions/UNMIK/2025-26/budget/staffing"
    assert [r["paragraph"] for r in international["recommendations"]] == ["17"]
    assert (posts["total"]["proposed"], posts["total"]["recommended"]) == (374, 372)
    # National staff: NPO 33 + NGS 186 = 219 proposed, none recommended against.
    assert (posts["national_staff"]["proposed"], posts["national_staff"]["recommended"]) == (
        219, None)
    shown = text_of(client.get(PAGE).text)
    assert "Posts and positions" in shown and "111 derived" in shown


def test_documents_that_differ_are_flagged(sqlite_engine: Engine) -> None:
    # The hand-made Committee's report restates the proposal as 46 054.3 (two digits
    # swapped): both figures are kept, the budget's first.
    store_cycle(sqlite_engine, acabq(estimate="46054.3"), resolution())
    client = make_client(sqlite_engine)
    shown = text_of(client.get(PAGE).text)
    assert "1 figure is stated differently" in shown
    assert f"46{THIN}045.3 budget 2025/26 l. 532 46{THIN}054.3 ACABQ report 2025/26, para. 2 " \
           "l. 14 differs" in shown
    cell = client.get(API).json()["rows"][0]["cells"][0]
    assert cell["differs"] and [f["amount"] for f in cell["figures"]] == ["46045.3", "46054.3"]


def test_the_budget_alone_and_missing_periods(sqlite_engine: Engine) -> None:
    store_seeds(sqlite_engine)
    client = make_client(sqlite_engine)
    data = client.get(API).json()
    assert [c["amount"] for c in data["rows"][0]["cells"]] == ["46045.3", None, None, None, None]
    # The performance report of 2021/22: apportionment 41 298.5, expenditure 40 612.6
    # (A/77/589, line 4114); 40 612.6 − 41 298.5 = −685.9.
    past = client.get("/api/v1/missions/UNMIK/periods/2021-22/cycle").json()["rows"][0]
    assert [c["amount"] for c in past["cells"]] == [None, None, None, "41298.5", "40612.6"]
    assert past["cells"][4]["change"] == "-685.9"
    assert client.get("/missions/UNMIK/2019-20/cycle").status_code == 404
    assert client.get("/api/v1/missions/UNMIK/periods/2019-20/cycle").status_code == 404
    assert client.get("/missions/UNMIK/2025-xx/cycle").status_code == 404
    assert client.get("/missions/NOPE/2025-26/cycle").status_code == 404


def test_text_from_a_document_is_escaped(sqlite_engine: Engine) -> None:
    store_cycle(sqlite_engine, acabq(text="<script>alert(1)</script> reduce official travel"))
    page = make_client(sqlite_engine).get(PAGE).text
    assert "<script>alert(1)" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_anonymous_reading_follows_transparency(sqlite_engine: Engine) -> None:
    store_cycle(sqlite_engine)
    assert make_client(sqlite_engine).get(PAGE).status_code == 200
    closed = make_client(sqlite_engine, transparency=False)
    assert closed.get(PAGE, follow_redirects=False).status_code in (303, 401)
    assert closed.get(API).status_code == 401


def _served_from_cache(client: TestClient, path: str) -> bool:
    library = client.app.state.rbb.library  # type: ignore[attr-defined]
    return library.pages.find(library.snapshot(), page_key("testserver", path, "", "")) \
        is not None


def test_the_kept_page_follows_the_store(sqlite_engine: Engine) -> None:
    store_cycle(sqlite_engine)
    client = make_client(sqlite_engine)
    first = client.get(PAGE)
    assert _served_from_cache(client, PAGE)
    assert client.get(PAGE).content == first.content
    # A document of another mission leaves the page kept.
    DocumentService(sqlite_engine).save(resolution().model_copy(update={
        "mission": UNMIK.model_copy(update={"code": "UNTM", "name": "United Nations Test "
                                                                    "Mission"})}))
    assert _served_from_cache(client, PAGE)
    # Another process stores the resolution again with another appropriation (45 900.0,
    # made up): the page shows it at once.
    DocumentService(sqlite_engine).save(resolution("45900.0"))
    assert not _served_from_cache(client, PAGE)
    again = text_of(client.get(PAGE).text)
    assert f"45{THIN}900.0 resolution 2025/26" in again
    # 45 900.0 − 45 920.4 = −20.4 on the recommendation
    assert "(20.4)" in again
