"""Two revisions of the seeded proposal compared in every part, on SQLite and PostgreSQL:
a post established (the action, the staffing counts it derives and its justification),
a vacancy rate and a follow-up text changed — exactly those, old, new and the change."""

from __future__ import annotations

from decimal import Decimal

import pytest
from sqlalchemy import Engine

from rbb.model.proposals import ProposalContent
from rbb.services.post_action_editing import add_action, replace_action
from rbb.services.proposal_diff import (
    CountChange,
    FieldChange,
    RateChange,
    Status,
    WordOp,
    compare,
    diff_data,
)
from rbb.services.proposal_service import ProposalService
from rbb.services.vacancy_editing import with_vacancy
from tests.conftest import BUDGET_SEED, imported
from tests.services.test_proposal_service import seeded_proposals

LEGAL_OFFICER = {"kind": "establishment", "component": "substantive",
                 "office": "Office of Legal Affairs", "grade": "P-4", "count": "1",
                 "functional_title": "Legal Officer",
                 "justification": "To advise on property claims."}
ADDED_SENTENCE = "The ratio is reviewed each year."


@pytest.fixture
def service(engine: Engine) -> ProposalService:
    return seeded_proposals(engine)


def _edited(content: ProposalContent) -> ProposalContent:
    """A post established, international staff's rate for 2025/26 from the seed's 8.8 to
    10.0 per cent, and a sentence added to the action on the Assembly's second request
    of resolution 76/274 (the seed's follow-up)."""
    content = with_vacancy(add_action(content, LEGAL_OFFICER),
                           rates={"international_staff": "10.0"})
    document = content.document
    second = document.follow_up[1]
    assert (second.body, second.reference) == ("general_assembly", "Resolution 76/274")
    followed = second.model_copy(update={"action": f"{second.action} {ADDED_SENTENCE}"})
    return content.model_copy(update={"document": document.model_copy(update={
        "follow_up": (document.follow_up[0], followed, *document.follow_up[2:])})})


def test_a_post_a_rate_and_a_request_compared(service: ProposalService) -> None:
    proposal = service.new_copied("UNMIK:2025/26", by="ed")
    service.save_content(proposal.id, _edited(service.content(proposal.id, 1)),
                         based_on=1, by="ed")
    diff = service.diff(proposal.id, 1, 2)

    assert diff.figures == ()  # no money edited
    assert diff.vacancy == (RateChange("international_staff", "2025/26", "proposed",
                                       Decimal("8.8"), Decimal("10.0")),)
    assert diff.vacancy[0].change == Decimal("1.2")  # 10.0 − 8.8

    (action,) = diff.post_actions
    assert (action.id, action.status, action.old_count, action.new_count,
            action.count_change) == ("a1", Status.ADDED, None, 1, None)
    assert action.summary == "establishment: 1 P-4, Office of Legal Affairs (substantive)"
    assert action.fields == (
        FieldChange("kind", None, "establishment"), FieldChange("component", None,
                                                                "substantive"),
        FieldChange("office", None, "Office of Legal Affairs"),
        FieldChange("grade", None, "P-4"), FieldChange("functional_title", None,
                                                       "Legal Officer"))
    assert action.justification is not None
    assert action.justification.words == ((WordOp.ADDED, "To advise on property claims."),)

    (request,) = diff.follow_up
    assert request.where == "follow-up general_assembly Resolution 76/274 #2 action"
    assert request.words[-1] == (WordOp.ADDED, ADDED_SENTENCE)
    assert [op for op, _ in request.words] == [WordOp.SAME, WordOp.ADDED]

    # One more P-4 post in the Office of Legal Affairs: in component 2's table (table_2)
    # the office, "Subtotal, civilian staff" and "Total (I–III)" rows, proposed and net
    # change, each in three columns (P-5/P-4, the international subtotal and the total):
    # 3 × 2 × 3 = 18 cells; in the summary (human_resources) Substantive and Total
    # proposed and Total's net change, international staff and total: 3 × 2 = 6 cells.
    assert len(diff.staffing) == 24
    assert all(c.change == 1 for c in diff.staffing)
    legal = [c for c in diff.staffing if c.office == "Office of Legal Affairs"]
    assert legal == [
        CountChange("table_2", "Office of Legal Affairs", "proposed", "2025/26", "total",
                    13, 14),
        CountChange("table_2", "Office of Legal Affairs", "proposed", "2025/26", "p5_p4",
                    4, 5),
        CountChange("table_2", "Office of Legal Affairs", "proposed", "2025/26",
                    "international_subtotal", 11, 12),
        CountChange("table_2", "Office of Legal Affairs", "net_change", None, "total", 0, 1),
        CountChange("table_2", "Office of Legal Affairs", "net_change", None, "p5_p4", 0, 1),
        CountChange("table_2", "Office of Legal Affairs", "net_change", None,
                    "international_subtotal", 0, 1)]
    assert legal[0].row == "Office of Legal Affairs, proposed 2025/26"
    summary = {(c.office, c.kind, c.column): (c.old, c.new) for c in diff.staffing
               if c.table == "human_resources"}
    assert summary == {("Substantive", "proposed", "international_staff"): (54, 55),
                       ("Substantive", "proposed", "total"): (157, 158),
                       ("Total", "proposed", "international_staff"): (113, 114),
                       ("Total", "proposed", "total"): (374, 375),
                       ("Total", "net_change", "international_staff"): (0, 1),
                       ("Total", "net_change", "total"): (0, 1)}
    # The only text: the justification paragraph the action derives.
    (text,) = diff.texts
    assert text.where == "paragraph I.D.staffing" and text.old is None
    assert not diff.same

    data = diff_data(diff)
    assert data["vacancy_factors"] == [{"category": "international_staff",
                                        "period": "2025/26", "kind": "proposed",
                                        "old": "8.8", "new": "10.0", "change": "1.2"}]
    assert data["staffing"][1] == {"table": "human_resources",
                                   "office": "Substantive", "kind": "proposed",
                                   "period": "2025/26", "column": "total", "old": "157",
                                   "new": "158", "change": "1"}
    assert data["post_actions"][0]["count"] == {"old": None, "new": "1", "change": None}
    assert data["post_actions"][0]["justification"]["words"] == [
        ["added", "To advise on property claims."]]
    assert data["follow_up"][0]["words"][-1] == ["added", ADDED_SENTENCE]


def test_an_action_changed_then_the_revisions_the_other_way(service: ProposalService
                                                             ) -> None:
    proposal = service.new_copied("UNMIK:2025/26", by="ed")
    service.save_content(proposal.id, _edited(service.content(proposal.id, 1)),
                         based_on=1, by="ed")
    two = replace_action(service.content(proposal.id, 2), "a1",
                         {**LEGAL_OFFICER, "count": "2",
                          "justification": "To advise on property and land claims."})
    service.save_content(proposal.id, two, based_on=2, by="ed")

    (action,) = service.diff(proposal.id, 2, 3).post_actions
    assert (action.status, action.old_count, action.new_count, action.count_change,
            action.fields) == (Status.CHANGED, 1, 2, 1, ())  # 2 − 1
    assert action.justification is not None
    assert action.justification.marked() == "To advise on property {+and land+} claims."

    back = service.diff(proposal.id, 2, 1)
    (removed,) = back.post_actions
    assert (removed.status, removed.old_count, removed.new_count) == (Status.REMOVED, 1,
                                                                      None)
    assert back.vacancy[0].change == Decimal("-1.2")  # 8.8 − 10.0
    assert {c.change for c in back.staffing} == {-1}
    assert service.diff(proposal.id, 3, 3).same


def test_a_repeated_staffing_row_is_told_apart_by_its_occurrence() -> None:
    """A table printing the same row twice: only the second's cell changed, named
    ``(2)``."""
    seed = imported(BUDGET_SEED).document
    assert seed is not None
    table = next(t for t in seed.staffing_tables if t.key == "table_2")
    legal = next(r for r in table.rows if r.office == "Office of Legal Affairs")

    def with_rows(*rows: object) -> ProposalContent:
        tables = tuple(t.model_copy(update={"rows": (*t.rows, *rows)})
                       if t.key == "table_2" else t for t in seed.staffing_tables)
        return ProposalContent(document=seed.model_copy(update={"staffing_tables": tables}))

    again = legal.model_copy(update={"counts": {**legal.counts, "p5_p4": 6}})
    (change,) = compare(1, 1, with_rows(legal), 2, with_rows(again)).staffing
    assert (change.office, change.column, change.old, change.new, change.change) == (
        "Office of Legal Affairs (2)", "p5_p4", 4, 6, 2)  # the seed's 4 P-5/P-4, then 6
