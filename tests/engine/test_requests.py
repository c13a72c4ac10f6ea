"""Requests followed up across years (rbb.engine.requests, docs/cycle.md).

The seed rows asserted here are transcribed from src/rbb/data/seeds:
unmik-budget-2025-26.txt section V (lines 724-780) and unmik-performance-2021-22.txt
section VI (lines 4606-4850). The fictional mission's texts are written by hand in the
reports' general terms, so that nothing holds only for UNMIK's wording.
"""

from __future__ import annotations

import datetime as dt
import time

import pytest

from rbb.engine.request_citations import (
    normal_paragraph,
    normal_symbol,
    paragraph_citation,
    symbols_in,
)
from rbb.engine.requests import (
    RequestStatus,
    TrackedRequest,
    asks,
    pending_words,
    track_requests,
)
from rbb.importers import ImportResult
from rbb.model import (
    Decision,
    DecisionKind,
    Document,
    DocumentKind,
    Period,
    Recommendation,
    RecommendationKind,
)
from rbb.model.mission import Mission
from rbb.model.tables import FollowUp

# --- citations -------------------------------------------------------------------------


def test_one_resolution_however_it_is_written() -> None:
    spellings = ["78/302", "A/RES/78/302", "Resolution 78/302", "a/res/78/302",
                 "General Assembly resolution 78/302"]
    assert {normal_symbol(s) for s in spellings} == {"A/RES/78/302"}
    assert normal_symbol("A/78/744/add.7") == "A/78/744/Add.7"
    assert normal_symbol("Cross-cutting issues") is None
    # A period is not a resolution number.
    assert normal_symbol("the 2022/23 period") is None


def test_a_reference_naming_a_report_and_the_resolution_endorsing_it() -> None:
    # Budget seed, line 755: "(A/78/744/Add.7 and General Assembly resolution 78/302)".
    found = symbols_in("A/78/744/Add.7 and General Assembly resolution 78/302")
    assert found.reports == ("A/78/744/Add.7",)
    assert found.resolutions == ("A/RES/78/302",)
    # Budget seed, line 46 (contents): "... in its resolutions 76/274 and 78/302 ...".
    assert symbols_in("resolutions 76/274 and 78/302").resolutions == (
        "A/RES/76/274", "A/RES/78/302")


@pytest.mark.parametrize(("request_text", "paragraphs"), [
    ("... with the Financial Regulations and Rules of the United Nations (para. 17).",
     ("17",)),                                                           # budget seed l. 733
    ("... positive legacy for the work of the United Nations (para. 20 (e)).",
     ("20 (e)",)),                                                       # budget seed l. 765
    ("... between the originating and receiving missions (para. 77)", ("77",)),  # perf. 4756
    ("Requests the Secretary-General to report (paras. 12 and 13).", ("12", "13")),
    ("Trusts that details will be provided (para. 20 (c) and (e)).", ("20 (c)", "20 (e)")),
    ("Requests a review of the fleet (paras. 17-19).", ("17", "18", "19")),
    ("Requests a study (paragraph 4).", ("4",)),
])
def test_the_paragraphs_a_request_quotes(request_text: str,
                                         paragraphs: tuple[str, ...]) -> None:
    citation = paragraph_citation(request_text)
    assert citation is not None and citation.paragraphs == paragraphs
    assert not citation.symbols


def test_the_last_parenthesis_counts() -> None:
    # Performance seed, lines 4794-4804: a quotation of resolution 75/301 inside the
    # Committee's paragraph 19 of A/76/760/Add.3.
    citation = paragraph_citation(
        "... to ensure that vacant posts were filled expeditiously (resolution 75/301, "
        "para. 22). (para. 19)")
    assert citation is not None and citation.paragraphs == ("19",)
    assert not citation.symbols
    own = paragraph_citation("Recalls its request for a review (resolution 75/301, para. 22).")
    assert own is not None and own.paragraphs == ("22",)
    assert own.symbols.resolutions == ("A/RES/75/301",)
    assert paragraph_citation("The Mission reported (see annex).") is None
    assert paragraph_citation("No citation at all") is None
    assert normal_paragraph("20(E)") == "20 (e)" and normal_paragraph("para. 17") == "17"


def test_hostile_text_is_read_in_bounded_time() -> None:
    hostile = "(" * 200_000 + "para. 1" + ")" * 10 + "(para" * 50_000
    started = time.monotonic()
    assert paragraph_citation(hostile) is None          # it ends in an open parenthesis
    assert paragraph_citation(hostile + ")") is None    # "(para)" names no paragraph
    # Only the first 2,000 characters are read (the last number there cut short).
    assert symbols_in("12/345 " * 500_000).resolutions[0] == "A/RES/12/345"
    assert pending_words("will be " * 200_000) is None
    assert time.monotonic() - started < 5


# --- the seeds ---------------------------------------------------------------------------


def _by_key(items: tuple[TrackedRequest, ...]) -> dict[str, TrackedRequest]:
    keys = [item.key for item in items]
    assert len(keys) == len(set(keys)), "keys are unique"
    return {item.key: item for item in items}


def test_the_budget_seed_follow_up_gives_tracked_requests(budget: ImportResult) -> None:
    assert budget.document is not None
    items = _by_key(track_requests("UNMIK", [budget.document]))
    # Section V.A (lines 726-749): paragraphs 17, 27, 34, 81 and 82 of resolution 76/274;
    # V.B (lines 751-780): paragraphs 20 (c), 20 (e), 22, 25 and 26 of A/78/744/Add.7.
    assert sorted(items) == sorted(
        [f"resolution 76/274, para. {p}" for p in ("17", "27", "34", "81", "82")]
        + [f"A/78/744/Add.7, para. {p}" for p in ("20 (c)", "20 (e)", "22", "25", "26")])
    para17 = items["resolution 76/274, para. 17"]
    assert para17.source.symbol == "A/RES/76/274" and para17.source.body == "general_assembly"
    assert para17.source.cited_as == "Resolution 76/274"
    assert para17.heading == "Cross-cutting issues"
    assert para17.source.document is None      # the resolution itself is not stored
    # Session 76 adopted the 2022/23 budgets (resolution 76/274 of June 2022).
    assert para17.period == Period.parse("2022/23") and para17.period_inferred
    (response,) = para17.responses
    assert response.source_line == 733
    assert response.action.startswith("As at 31 December 2024, 12 of the 16 outstanding")
    # "... were in the process of implementation": still to come.
    assert para17.status is RequestStatus.PARTLY
    assert response.pending == "in the process of implementation"
    acabq = items["A/78/744/Add.7, para. 20 (c)"]
    assert acabq.source.body == "acabq"
    assert acabq.source.endorsed_by == ("A/RES/78/302",)
    assert acabq.responses[0].source_line == 761
    assert acabq.period == Period.parse("2024/25")


def test_the_status_of_each_budget_seed_request(budget: ImportResult) -> None:
    assert budget.document is not None
    items = _by_key(track_requests("UNMIK", [budget.document]))
    statuses = {key: item.status for key, item in items.items()}
    assert statuses == {
        # l. 733 "were in the process of implementation"
        "resolution 76/274, para. 17": RequestStatus.PARTLY,
        # l. 734 "A civilian staffing review is scheduled to be held in the third quarter"
        "resolution 76/274, para. 27": RequestStatus.PARTLY,
        # l. 735 "UNMIK will continue to review its staffing requirements": ongoing work
        # answers a standing request; nothing asked is deferred.
        "resolution 76/274, para. 34": RequestStatus.RESPONDED,
        # l. 741 "The detailed breakdown ... is provided in the supplementary information"
        "resolution 76/274, para. 81": RequestStatus.RESPONDED,
        # l. 749 "UNMIK proposes a provision of $200,000 for four quick-impact projects"
        "resolution 76/274, para. 82": RequestStatus.RESPONDED,
        # l. 771 "The replacement of non-critical assets ... was deferred"
        "A/78/744/Add.7, para. 20 (c)": RequestStatus.PARTLY,
        # l. 775 "UNMIK proposes a provision of $200,000 ..."
        "A/78/744/Add.7, para. 20 (e)": RequestStatus.RESPONDED,
        # l. 778 "A civilian staffing review is scheduled to be held ..."
        "A/78/744/Add.7, para. 22": RequestStatus.PARTLY,
        # l. 780 "The installation of additional photovoltaic power panels ... was deferred"
        "A/78/744/Add.7, para. 25": RequestStatus.PARTLY,
        # l. 773 "UNMIK acknowledges and takes note of the recommendation ..."
        "A/78/744/Add.7, para. 26": RequestStatus.RESPONDED,
    }


def test_a_request_answered_in_two_years(budget: ImportResult,
                                         performance: ImportResult) -> None:
    assert budget.document is not None and performance.document is not None
    items = _by_key(track_requests("UNMIK", [budget.document, performance.document]))
    # Paragraph 81 of resolution 76/274 is followed up in A/77/589 (2021/22 performance,
    # line 4633) and again in the 2025/26 budget (line 737): oldest report first.
    para81 = items["resolution 76/274, para. 81"]
    assert [(r.document.kind.value, r.document.period.label, r.source_line)
            for r in para81.responses] == [("performance", "2021/22", 4633),
                                           ("budget", "2025/26", 737)]
    assert para81.reason == "answered in the 2025/26 budget report, line 737"
    # Lines 4787-4825: "(A/76/760/Add.3)", paragraphs 19 and 30.
    assert items["A/76/760/Add.3, para. 19"].responses[0].source_line == 4794
    assert items["A/76/760/Add.3, para. 30"].responses[0].source_line == 4822
    # Line 4774: "Not applicable to UNMIK ...": an answer.
    assert items["A/76/760, para. 77"].status is RequestStatus.RESPONDED
    assert len(items) == 13


# --- a fictional mission, written by hand ---------------------------------------------

FICTIONAL = Mission(code="MINUFIC", name="United Nations Fictional Mission in Utopia",
                    provisional=True)


def _document(kind: DocumentKind, period: str, **fields: object) -> Document:
    return Document(kind=kind, mission=FICTIONAL, period=Period.parse(period),
                    title=f"MINUFIC {kind.value} {period}", **fields)  # type: ignore[arg-type]


def _resolution() -> Document:
    return _document(DocumentKind.GA_RESOLUTION, "2026/27", symbol="A/RES/80/123",
                     date=dt.date(2026, 6, 30), decisions=(
        Decision(kind=DecisionKind.APPROPRIATE, paragraph="3",
                 text="Decides to appropriate the amount of 50,000,000 dollars",
                 source_line=20),
        Decision(kind=DecisionKind.OTHER, paragraph="2",
                 text="Takes note of the report of the Secretary-General", source_line=18),
        Decision(kind=DecisionKind.REQUEST, paragraph="12",
                 text="Requests the Secretary-General to present a plan for the drawdown "
                      "of the Mission's air fleet", source_line=41),
        Decision(kind=DecisionKind.OTHER, paragraph="13",
                 text="Encourages the Mission to recruit national staff", source_line=43),
    ))


def _committee() -> Document:
    return _document(DocumentKind.ACABQ_REPORT, "2026/27", symbol="A/80/700/Add.4",
                     date=dt.date(2026, 4, 2), recommendations=(
        Recommendation(kind=RecommendationKind.REQUEST, paragraph="30",
                       text="The Committee requests that the Mission report on fuel "
                            "consumption", source_line=210),
        Recommendation(kind=RecommendationKind.REDUCE, paragraph="31 (b)",
                       text="The Committee recommends a reduction of 10 per cent and trusts "
                            "that a review of rations will be presented", source_line=220),
        Recommendation(kind=RecommendationKind.APPROVE, paragraph="32",
                       text="The Committee recommends approval of the proposals",
                       source_line=230),
    ))


def _budget() -> Document:
    return _document(DocumentKind.BUDGET, "2027/28", date=dt.date(2027, 2, 1), follow_up=(
        FollowUp(body="general_assembly", heading="Financing of the Mission",
                 reference="Resolution 80/123",
                 request="Requests the Secretary-General to present a plan for the drawdown "
                         "of the Mission's air fleet (para. 12).",
                 action="The plan will be presented in the next performance report.",
                 source_line=500),
        FollowUp(body="general_assembly", heading="Cross-cutting issues",
                 reference="Resolutions 79/300 and 80/123",
                 request="Encourages the Mission to recruit national staff (para. 13).",
                 action="Eleven national posts were filled during the period.",
                 source_line=505),
        FollowUp(body="general_assembly", heading="Cross-cutting issues",
                 reference="Resolutions 79/300 and 78/250",
                 request="Requests missions to report on waste management (para. 5).",
                 action="The Mission recycled 40 per cent of its waste.", source_line=507),
        FollowUp(body="acabq", heading="Financing of the Mission",
                 reference="A/80/700/Add.4 and General Assembly resolution 80/123",
                 request="The Committee requests that the Mission report on fuel "
                         "consumption (para. 30).",
                 action="Fuel consumption fell by 8 per cent, as set out in section II.",
                 source_line=520),
    ))


def _performance() -> Document:
    return _document(DocumentKind.PERFORMANCE, "2026/27", date=dt.date(2027, 11, 3),
                     follow_up=(
        FollowUp(body="acabq", heading="Financing of the Mission", reference="A/80/700/Add.4",
                 request="The Committee requests that the Mission report on fuel "
                         "consumption (para. 30).", action="", source_line=800),
    ))


def test_a_fictional_mission_followed_up_by_hand() -> None:
    items = _by_key(track_requests("MINUFIC", [_performance(), _budget(), _committee(),
                                               _resolution()]))
    # Paragraphs 2 ("Takes note") and 3 (appropriates) ask nothing, nor does the
    # Committee's approval (32); the reduction of 31 (b) "trusts that" a review follows.
    assert sorted(items) == sorted([
        "resolution 80/123, para. 12", "resolution 80/123, para. 13",
        "resolution 79/300, para. 5", "A/80/700/Add.4, para. 30",
        "A/80/700/Add.4, para. 31 (b)"])
    plan = items["resolution 80/123, para. 12"]
    assert plan.source.document is not None and plan.source.source_line == 41
    assert plan.period == Period.parse("2026/27") and not plan.period_inferred
    assert plan.source.cited_as == "Resolution 80/123"
    assert plan.status is RequestStatus.PARTLY
    assert plan.responses[0].pending == "will be presented"
    # "Resolutions 79/300 and 80/123": paragraph 13 is the stored 80/123's.
    staff = items["resolution 80/123, para. 13"]
    assert staff.source.document is not None and staff.source.source_line == 43
    assert staff.status is RequestStatus.RESPONDED
    # Neither is stored: the first cited, the other kept as also cited.
    waste = items["resolution 79/300, para. 5"]
    assert waste.source.document is None and waste.source.also_cited == ("A/RES/78/250",)
    assert waste.period == Period.parse("2025/26") and waste.period_inferred
    # Answered in the 2027/28 budget (February 2027), then cited without an action in
    # the 2026/27 performance report (November 2027): only partly.
    fuel = items["A/80/700/Add.4, para. 30"]
    assert [r.source_line for r in fuel.responses] == [520, 800]
    assert fuel.status is RequestStatus.PARTLY
    # The stored report, as the first report citing it cites it.
    assert fuel.source.document is not None
    assert fuel.source.cited_as == "A/80/700/Add.4 and General Assembly resolution 80/123"
    assert fuel.source.endorsed_by == ("A/RES/80/123",)
    rations = items["A/80/700/Add.4, para. 31 (b)"]
    assert rations.status is RequestStatus.NO_RESPONSE and not rations.responses
    assert rations.reason == "no stored report cites it"


def test_without_the_legislative_documents_the_citations_still_track() -> None:
    items = _by_key(track_requests("MINUFIC", [_budget()]))
    fuel = items["A/80/700/Add.4, para. 30"]
    assert fuel.source.document is None
    assert fuel.source.endorsed_by == ("A/RES/80/123",)
    assert fuel.status is RequestStatus.RESPONDED
    # Without the stored 80/123, "Resolutions 79/300 and 80/123" is read as the first.
    assert "resolution 79/300, para. 13" in items


def test_a_row_citing_nothing_is_still_tracked() -> None:
    rows = tuple(FollowUp(body="acabq", heading="Other matters", request=text,
                          action="The Mission has done so.", source_line=line)
                 for line, text in ((40, "The Committee trusts that the Mission will share "
                                         "its plan."),
                                    (44, "The Committee trusts that the Mission will share "
                                         "its review.")))
    budget = _document(DocumentKind.BUDGET, "2027/28", follow_up=rows)
    items = track_requests("MINUFIC", [budget])
    assert len(items) == 2 and len({item.key for item in items}) == 2
    assert all(item.key.startswith("uncited #") for item in items)
    assert [item.responses[0].source_line for item in items] == [40, 44]
    assert {item.status for item in items} == {RequestStatus.RESPONDED}


@pytest.mark.parametrize(("action", "pending"), [
    ("The review will be reflected in the 2028/29 budget proposal.", "will be reflected"),
    ("The construction of the camp was postponed owing to insecurity.", "was postponed"),
    ("Two of the five recommendations are still pending.", "are still pending"),
    ("The policy has not yet been adopted.", "not yet been"),
    ("Details are given in future reports.", "future reports"),
    ("The Mission filled all 12 posts.", None),
    ("The Mission will continue to monitor the projects.", None),
])
def test_what_says_a_request_is_still_to_come(action: str, pending: str | None) -> None:
    assert pending_words(action) == pending


def test_what_asks() -> None:
    assert asks("The Committee trusts that an update will be provided")
    assert asks("Urges all Member States to pay their assessed contributions")
    assert not asks("Takes note of the report of the Secretary-General")
    assert not asks("The Committee recommends approval of the proposals")
