"""Review comments as a service, on SQLite and PostgreSQL: the anchors a revision of the
UNMIK proposal offers, who may comment, reply, resolve and reopen, and what is refused
with the field named (an anchor the revision does not hold, an unknown comment, a text
too long or with control characters, an issued proposal)."""

from __future__ import annotations

import pytest
from sqlalchemy import Engine

from rbb.engine.proposal_anchors import anchors
from rbb.model import Document, DocumentKind, Period
from rbb.model.errors import InputError, NotFoundError, PermissionDeniedError
from rbb.model.mission import mission_for_code
from rbb.model.post_actions import PostActionKind, post_action
from rbb.model.proposal_comments import ThreadState
from rbb.model.proposals import ProposalAction, ProposalContent
from rbb.model.tables import Paragraph
from rbb.services.proposal_comments import ProposalCommentService
from tests.services.test_proposal_service import seeded_proposals


@pytest.fixture
def comments(engine: Engine) -> ProposalCommentService:
    seeded_proposals(engine)
    return ProposalCommentService(engine)


def copied(comments: ProposalCommentService) -> int:
    return comments.proposals.new_copied("UNMIK:2025/26", by="ed").id


def test_the_seed_s_anchors_name_its_rows_indicators_and_paragraphs(
        comments: ProposalCommentService) -> None:
    pid = copied(comments)
    found = {a.key: a.label for a in comments.anchors(pid)}
    assert found["document"] == "The whole document"
    # The money table by class prints international staff (23 790.6 proposed).
    assert found["row:financial_resources/international_staff"].endswith(
        ": International staff")
    # substantive 1.1 has indicators 1.1.1 and 1.1.2 and 15 outputs; support 2.1 has 22.
    assert "indicator:substantive/1.1.2" in found
    assert "output:substantive/1.1/15" in found and "output:substantive/1.1/16" not in found
    assert "output:support/2.1/22" in found
    assert found["paragraph:I.A/1"].startswith("Paragraph 1 (I.A): ")
    assert "paragraph:Summary/#6" in found  # the summary's six paragraphs are unnumbered
    assert "variance:international_staff" in found
    assert "follow-up:10" in found and "follow-up:11" not in found
    assert len(found) == len(comments.anchors(pid))  # each key once


def test_anchors_of_a_content_not_from_the_seed() -> None:
    mission = mission_for_code("MINUSCA")
    assert mission is not None
    document = Document(
        kind=DocumentKind.BUDGET, mission=mission, period=Period.parse("2026/27"),
        title="A budget", draft=True, paragraphs=(
            Paragraph(section="II.A", number=12, letter="b", text="  Fuel   costs rose. "),
            Paragraph(section="Overview", text="One."), Paragraph(section="Overview",
                                                                   text="Two.")))
    action = post_action(id="legal_p4", kind=PostActionKind.ESTABLISHMENT,
                         component="substantive", office="Legal Affairs Section",
                         grade="P-4", count=2, justification="Caseload doubled")
    keys = [(a.key, a.label) for a in anchors(ProposalContent(
        document=document, post_actions=(action,)))]
    assert keys == [
        ("document", "The whole document"),
        ("post-action:legal_p4",
         "Post action legal_p4: establishment, 2 × P-4, Legal Affairs Section"),
        ("paragraph:II.A/12b", "Paragraph 12b (II.A): Fuel costs rose."),
        ("paragraph:Overview/#1", "Paragraph #1 (Overview): One."),
        ("paragraph:Overview/#2", "Paragraph #2 (Overview): Two.")]


def test_a_reviewer_comments_an_editor_replies_and_resolves(
        comments: ProposalCommentService) -> None:
    pid = copied(comments)
    first = comments.comment(pid, " indicator:substantive/1.1.2 ", "Is the target "
                             "realistic?\nSee last year.", by="apu")
    assert (first.revision, first.anchor, first.author) == (1, "indicator:substantive/1.1.2",
                                                            "apu")
    reply = comments.reply(pid, first.id, "Lowered to 80 per cent.", by="ed")
    resolved = comments.resolve(pid, reply.id, by="ed")
    assert (resolved.id, resolved.resolved_by) == (first.id, "ed")
    assert comments.threads(pid, state=ThreadState.OPEN) == []
    [group] = comments.by_anchor(pid)
    assert group.key == "indicator:substantive/1.1.2" and group.label is not None
    assert group.label.startswith("Indicator 1.1.2 (")
    assert [t.size for t in group.threads] == [2]
    assert comments.counts(pid) == {"indicator:substantive/1.1.2": (0, 1)}
    # An editor who did not start the thread may not reopen it; its author may.
    with pytest.raises(PermissionDeniedError, match=r"reopened by its author \(apu\) or an "
                                                    "approver"):
        comments.reopen(pid, first.id, by="ed")
    assert comments.reopen(pid, reply.id, by="apu").reopened_by == "apu"
    assert comments.counts(pid) == {"indicator:substantive/1.1.2": (1, 1)}


def test_viewers_read_and_never_write(comments: ProposalCommentService) -> None:
    pid = copied(comments)
    first = comments.comment(pid, "document", "Title?", by="ed")
    for write in (lambda: comments.comment(pid, "document", "x", by="vera"),
                  lambda: comments.reply(pid, first.id, "x", by="vera"),
                  lambda: comments.resolve(pid, first.id, by="vera"),
                  lambda: comments.comment(pid, "document", "x", by="nobody")):
        with pytest.raises(PermissionDeniedError):
            write()
    assert [t.size for t in comments.threads(pid)] == [1]


def test_refusals_name_the_field_and_store_nothing(comments: ProposalCommentService) -> None:
    pid = copied(comments)
    refusals = [
        (lambda: comments.comment(pid, "indicator:substantive/9.9.9", "x", by="ed"),
         "anchor: no indicator substantive/9.9.9 in revision 1"),
        (lambda: comments.comment(pid, "row:financial_resources/armoured_cars", "x", by="ed"),
         "anchor: no row financial_resources/armoured_cars in revision 1"),
        (lambda: comments.comment(pid, "post-action:a1", "x", by="ed"),
         "anchor: no post action a1 in revision 1"),
        (lambda: comments.comment(pid, "table:x", "x", by="ed"), "anchor: 'table:x' is not"),
        (lambda: comments.comment(pid, "document:x", "x", by="ed"), "anchor: 'document:x'"),
        (lambda: comments.comment(pid, "document", "  ", by="ed"), "text: a comment needs"),
        (lambda: comments.comment(pid, "document", "x" * 4001, by="ed"),
         "text: at most 4000 characters, not 4001"),
        (lambda: comments.comment(pid, "document", "bell\x07", by="ed"),
         "text: control characters"),
        (lambda: comments.comment(pid, "document", "x", by="ed", revision=2),
         "revision: proposal 1 has no revision 2"),
    ]
    for refused, message in refusals:
        with pytest.raises(InputError, match="^" + message.replace("(", r"\(")):
            refused()
    with pytest.raises(NotFoundError, match=r"^comment_id: proposal 1 has no comment 7$"):
        comments.reply(pid, 7, "x", by="ed")
    assert comments.threads(pid) == []


def test_an_issued_proposal_is_closed_to_comments(comments: ProposalCommentService) -> None:
    pid = copied(comments)
    first = comments.comment(pid, "document", "Before approval", by="apu")
    service = comments.proposals
    service.act(pid, ProposalAction.SUBMIT, by="ed")
    service.act(pid, ProposalAction.APPROVE, by="apu")
    comments.comment(pid, "document", "An approved proposal still takes comments", by="apu")
    service.act(pid, ProposalAction.ISSUE, by="apu")
    for write in (lambda: comments.comment(pid, "document", "x", by="apu"),
                  lambda: comments.reply(pid, first.id, "x", by="apu"),
                  lambda: comments.resolve(pid, first.id, by="apu")):
        with pytest.raises(InputError, match=r"^proposal 1 is issued: it is final"):
            write()
    assert len(comments.threads(pid)) == 2
