"""Review comments in the store, on SQLite and PostgreSQL: threads of replies at any
depth, resolved and reopened by compare-and-set on the thread's first comment (who and
when recorded), listed by state and anchor, never deleted; migration 0017 down and up."""

from __future__ import annotations

import datetime as dt
import threading

import pytest
from sqlalchemy import Engine, func, select

from rbb.model.errors import InputError, NotFoundError
from rbb.model.proposal_comments import ThreadState, threads
from rbb.storage import schema, upgrade
from rbb.storage.proposal_comments import ProposalCommentStore
from rbb.storage.proposals import ProposalStore
from tests.storage.test_migration_0007 import _to
from tests.storage.test_proposals import P2627, content

T0 = dt.datetime(2026, 2, 3, 10, 0, tzinfo=dt.UTC)
LATER = T0 + dt.timedelta(hours=2)
INDICATOR = "indicator:substantive/1.1.2"


def started(engine: Engine) -> tuple[int, ProposalCommentStore]:
    proposal = ProposalStore(engine).create("UNMIK", P2627, content("first"), by="ana",
                                            at=T0, comment="empty")
    return proposal.id, ProposalCommentStore(engine)


def test_a_thread_of_replies_keeps_its_anchor_and_order(engine: Engine) -> None:
    pid, store = started(engine)
    first = store.add(pid, revision=1, anchor=INDICATOR, by="omar", at=T0,
                      text="Is 85 per cent a target the mission can reach?")
    assert (first.thread, first.parent, first.author, first.at) == (first.id, None, "omar", T0)
    answer = store.reply(pid, first.id, revision=1, by="ana", at=T0, text="Yes: see 1.1.2.")
    nested = store.reply(pid, answer.id, revision=1, by="omar", at=T0, text="Agreed.")
    other = store.add(pid, revision=1, anchor="document", by="ana", at=T0, text="Title?")
    assert (answer.anchor, answer.thread, answer.parent) == (INDICATOR, first.id, first.id)
    assert (nested.anchor, nested.thread, nested.parent) == (INDICATOR, first.id, answer.id)
    found = threads(store.comments(pid))
    assert [t.first.id for t in found] == [first.id, other.id]
    assert [(c.id, depth) for c, depth in found[0].replies] == [(answer.id, 1), (nested.id, 2)]
    assert [c.id for c in store.comments(pid, anchor=INDICATOR)] == [first.id, answer.id,
                                                                      nested.id]


def test_resolving_and_reopening_record_who_and_when(engine: Engine) -> None:
    pid, store = started(engine)
    first = store.add(pid, revision=1, anchor=INDICATOR, by="omar", at=T0, text="Why?")
    reply = store.reply(pid, first.id, revision=1, by="ana", at=T0, text="Because.")
    resolved = store.resolve(pid, reply.id, by="ana", at=LATER)  # a reply resolves its thread
    assert (resolved.id, resolved.resolved_by, resolved.resolved_at) == (first.id, "ana", LATER)
    with pytest.raises(InputError, match=r"^comment_id: the thread of comment 1 was resolved "
                                         r"already, by ana at 2026-02-03 12:00 UTC"):
        store.resolve(pid, first.id, by="omar", at=LATER)
    assert [c.id for c in store.comments(pid, state=ThreadState.RESOLVED)] == [first.id,
                                                                                reply.id]
    assert store.comments(pid, state=ThreadState.OPEN) == []
    reopened = store.reopen(pid, first.id, by="omar", at=LATER)
    assert (reopened.resolved, reopened.reopened_by, reopened.reopened_at) == (False, "omar",
                                                                               LATER)
    with pytest.raises(InputError, match="is open: there is nothing to reopen"):
        store.reopen(pid, first.id, by="omar", at=LATER)
    assert len(store.comments(pid, state=ThreadState.OPEN)) == 2


def _race(store: ProposalCommentStore, pid: int, thread: int) -> list[str]:
    """ana and omar resolve ``thread`` at the same moment: who did, or "refused"."""
    outcomes: list[str] = []
    start = threading.Barrier(2)

    def resolve(name: str) -> None:
        start.wait()
        try:
            store.resolve(pid, thread, by=name, at=LATER)
            outcomes.append(name)
        except InputError as refused:
            assert "was resolved already" in str(refused)
            outcomes.append("refused")

    workers = [threading.Thread(target=resolve, args=(n,)) for n in ("ana", "omar")]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    return outcomes


def test_two_resolving_at_once_record_one_resolution(engine: Engine) -> None:
    """Four rounds of two people resolving the same thread at the same moment: one
    resolution is recorded, the other is told the thread is resolved already."""
    pid, store = started(engine)
    for _ in range(4):
        first = store.add(pid, revision=1, anchor="document", by="omar", at=T0, text="?")
        outcomes = _race(store, pid, first.id)
        [winner] = [o for o in outcomes if o != "refused"]
        assert sorted(outcomes) == sorted([winner, "refused"])
        assert store.comment(pid, first.id).resolved_by == winner


def test_an_unknown_comment_is_named_and_nothing_is_stored(engine: Engine) -> None:
    pid, store = started(engine)
    with pytest.raises(NotFoundError, match=r"^comment_id: proposal 1 has no comment 9$"):
        store.reply(pid, 9, revision=1, by="ana", at=T0, text="hello")
    with pytest.raises(NotFoundError, match="has no comment 9"):
        store.resolve(pid, 9, by="ana", at=T0)
    # A comment of another proposal is not this proposal's.
    other = ProposalStore(engine).create("UNMIK", P2627.next, content("x"), by="ana",
                                         at=T0, comment="")
    theirs = store.add(other.id, revision=1, anchor="document", by="ana", at=T0, text="x")
    with pytest.raises(NotFoundError, match=f"proposal {pid} has no comment {theirs.id}"):
        store.reply(pid, theirs.id, revision=1, by="ana", at=T0, text="hello")
    assert store.comments(pid) == []


def test_down_to_0016_and_up_again(engine: Engine) -> None:
    pid, store = started(engine)
    store.add(pid, revision=1, anchor="document", by="ana", at=T0, text="kept")
    _to(engine, "0016")
    with engine.connect() as connection:
        assert "proposal_comments" not in set(connection.dialect.get_table_names(connection))
    upgrade(engine)
    with engine.connect() as connection:
        count = connection.execute(select(func.count()).select_from(schema.proposal_comments))
        assert count.scalar_one() == 0
    assert store.add(pid, revision=1, anchor="document", by="ana", at=T0, text="new").id == 1
