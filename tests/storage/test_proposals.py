"""Budget proposals in the store, on SQLite and PostgreSQL: revisions saved by
compare-and-set on the head (two writers at once: one wins, the other is refused), a
save killed in its transaction leaving the head as it was, and the audit trail naming
the first record changed behind its back."""

from __future__ import annotations

import datetime as dt
import textwrap
import threading
from pathlib import Path

import pytest
from sqlalchemy import Engine, delete, func, select, update

from rbb.model import Document, DocumentKind, Period
from rbb.model.errors import InputError, StaleRevisionError
from rbb.model.mission import mission_for_code
from rbb.model.proposals import ProposalAction, ProposalContent, ProposalState, transition_for
from rbb.storage import create_database_engine, schema, upgrade
from rbb.storage.proposals import ProposalStore
from tests.storage.test_concurrency import _schema
from tests.storage.test_ledger_backends import _kill_once_started
from tests.storage.test_migration_0007 import _to

P2627 = Period.parse("2026/27")
T0 = dt.datetime(2026, 1, 15, 9, 30, tzinfo=dt.UTC)


def content(title: str) -> str:
    mission = mission_for_code("UNMIK")
    assert mission is not None
    return ProposalContent(document=Document(
        kind=DocumentKind.BUDGET, mission=mission, period=P2627, title=title,
        draft=True)).canonical_json()


def _started(store: ProposalStore) -> int:
    return store.create("UNMIK", P2627, content("first"), by="ana", at=T0,
                        comment="empty").id


def test_each_save_is_a_new_revision_on_its_parent(engine: Engine) -> None:
    store = ProposalStore(engine)
    proposal = _started(store)
    second = store.save(proposal, content("second"), based_on=1, by="ana",
                        at=T0 + dt.timedelta(minutes=5), comment="retitled")
    assert (second.number, second.parent, second.position) == (2, 1, 2)
    assert store.content(proposal, 1) == content("first")  # never overwritten
    assert store.content(proposal, 2) == content("second")
    assert [r.number for r in store.revisions(proposal)] == [1, 2]
    kept = store.proposal(proposal)
    assert (kept.head, kept.trail_length, kept.trail_hash) == (2, 2, second.chain_hash)
    assert store.revisions(proposal)[1].saved_at == T0 + dt.timedelta(minutes=5)
    assert store.verify().intact


def test_a_stale_save_is_refused_and_nothing_is_stored(engine: Engine) -> None:
    store = ProposalStore(engine)
    proposal = _started(store)
    store.save(proposal, content("by ana"), based_on=1, by="ana", at=T0, comment="")
    with pytest.raises(StaleRevisionError, match="revision 2 was saved after revision 1") \
            as refused:
        store.save(proposal, content("by bob"), based_on=1, by="bob", at=T0, comment="")
    assert (refused.value.based_on, refused.value.head) == (1, 2)
    assert [r.author for r in store.revisions(proposal)] == ["ana", "ana"]
    assert store.proposal(proposal).trail_length == 2


def test_one_proposal_per_mission_and_period(engine: Engine) -> None:
    store = ProposalStore(engine)
    _started(store)
    with pytest.raises(InputError, match="UNMIK 2026/27 has a proposal already"):
        _started(store)


def test_no_save_once_submitted_and_transitions_by_compare_and_set(engine: Engine) -> None:
    store = ProposalStore(engine)
    proposal = _started(store)
    submit = transition_for(ProposalState.DRAFT, ProposalAction.SUBMIT)
    assert submit is not None
    done = store.transition(proposal, submit, by="ana", at=T0, comment="")
    assert (done.revision, done.position) == (1, 2)
    with pytest.raises(InputError, match="is submitted: no revision is saved"):
        store.save(proposal, content("late"), based_on=1, by="ana", at=T0, comment="")
    with pytest.raises(InputError, match="is submitted, not draft"):
        store.transition(proposal, submit, by="ana", at=T0, comment="")
    assert [r.position for r in store.trail(proposal)] == [1, 2]
    assert store.verify().intact


def _second_engine(engine: Engine) -> Engine:
    return create_database_engine(engine.url.render_as_string(hide_password=False),
                                  schema=_schema(engine))


def _race(engines: list[Engine], proposal: int, head: int, label: str) -> list[str]:
    """Two writers, each with an engine of its own, save on ``head`` at once."""
    start = threading.Barrier(2)
    outcomes: list[str] = []

    def write(which: int) -> None:
        writer = ProposalStore(engines[which])
        start.wait()
        try:
            writer.save(proposal, content(f"{label} writer {which}"), based_on=head,
                        by=f"writer{which}", at=T0, comment="")
            outcomes.append("saved")
        except StaleRevisionError:
            outcomes.append("stale")

    threads = [threading.Thread(target=write, args=(i,)) for i in (0, 1)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return sorted(outcomes)


def test_two_writers_on_the_same_head_one_wins(engine: Engine) -> None:
    store = ProposalStore(engine)
    proposal = _started(store)
    engines = [engine, _second_engine(engine)]
    try:
        for round_ in range(4):
            head = store.proposal(proposal).head
            assert _race(engines, proposal, head, f"round {round_}") == ["saved", "stale"]
    finally:
        engines[1].dispose()
    assert store.proposal(proposal).head == 5
    assert [r.parent for r in store.revisions(proposal)] == [None, 1, 2, 3, 4]
    assert store.verify().intact


def test_verifying_while_saves_land_sees_no_false_alarm(engine: Engine) -> None:
    store = ProposalStore(engine)
    proposal = _started(store)
    writer_engine = _second_engine(engine)
    done = threading.Event()

    def save_many() -> None:
        writer = ProposalStore(writer_engine)
        try:
            for number in range(1, 31):
                writer.save(proposal, content(f"save {number}"), based_on=number, by="ana",
                            at=T0, comment="")
        finally:
            done.set()

    thread = threading.Thread(target=save_many)
    thread.start()
    checks = []
    try:
        while not done.is_set():
            checks.append(store.verify())
    finally:
        thread.join(timeout=120)
        writer_engine.dispose()
    assert [c.problem for c in checks if not c.intact] == []
    assert store.proposal(proposal).head == 31 and store.verify().records == 31


@pytest.mark.parametrize(("table", "change", "named"), [
    ("revisions", {"author": "mallory"}, "trail position 2 (revision 2): its fields"),
    ("revisions", {"content": content("rewritten")}, "(revision 2): its content does not"),
    ("transitions", {"comment": "approved, really"}, "(transition submit): its fields"),
])
def test_a_tampered_row_is_the_first_bad_record(engine: Engine, table: str,
                                                change: dict[str, str], named: str) -> None:
    store = ProposalStore(engine)
    proposal = _started(store)
    store.save(proposal, content("second"), based_on=1, by="ana", at=T0, comment="")
    submit = transition_for(ProposalState.DRAFT, ProposalAction.SUBMIT)
    assert submit is not None
    store.transition(proposal, submit, by="ana", at=T0, comment="")
    # The trail: revision 1, revision 2, submit.
    with engine.begin() as connection:
        if table == "revisions":
            r = schema.proposal_revisions
            connection.execute(update(r).where(r.c.number == 2).values(**change))
        else:
            t = schema.proposal_transitions
            connection.execute(update(t).values(**change))
    check = store.verify()
    assert check.problem is not None and named in str(check.problem)


def test_a_removed_record_is_named(engine: Engine) -> None:
    store = ProposalStore(engine)
    proposal = _started(store)
    for number in (1, 2):
        store.save(proposal, content(f"after {number}"), based_on=number, by="ana", at=T0,
                   comment="")
    r = schema.proposal_revisions
    with engine.begin() as connection:
        connection.execute(delete(r).where(r.c.number == 2))
    problem = store.verify(proposal).problem
    assert problem is not None and problem.position == 2
    assert "missing: the next record stored is at position 3" in problem.reason
    # Removing the last one instead: the proposal's record of the end no longer agrees.
    other = store.create("UNMIK", P2627.next, content("x"), by="ana", at=T0, comment="")
    store.save(other.id, content("y"), based_on=1, by="ana", at=T0, comment="")
    with engine.begin() as connection:
        connection.execute(delete(r).where(r.c.proposal_id == other.id, r.c.number == 2))
    last = store.verify(other.id).problem
    assert last is not None and last.record == "the end of the trail"


CHILD = textwrap.dedent("""
    import datetime as dt, time
    from pathlib import Path
    from rbb.storage import create_database_engine
    from rbb.storage import proposals
    from rbb.storage.proposals import ProposalStore

    advance = proposals._advance_trail

    def stalled(connection, *args):
        advance(connection, *args)
        Path({marker!r}).write_text("revision written, not committed")
        time.sleep(120)

    proposals._advance_trail = stalled
    store = ProposalStore(create_database_engine({url!r}, schema={schema!r}))
    {save}
""")
SAVES = {
    "compare-and-set": 'store.save({proposal}, {content!r}, based_on=1, by="ana", '
                       'at=dt.datetime.now(dt.UTC), comment="killed")',
    "on the head held": 'store.save_on_head({proposal}, lambda head: ({content!r}, '
                        '"killed"), by="ana", at=dt.datetime.now(dt.UTC))',
}


@pytest.mark.parametrize("save", SAVES)
def test_a_save_killed_in_its_transaction_leaves_the_head(engine: Engine, tmp_path: Path,
                                                          save: str) -> None:
    store = ProposalStore(engine)
    proposal = _started(store)
    before = store.proposal(proposal)
    marker = tmp_path / "started"
    values = {"proposal": proposal, "content": content("lost")}
    _kill_once_started(CHILD.format(
        marker=str(marker), url=engine.url.render_as_string(hide_password=False),
        schema=_schema(engine), save=SAVES[save].format(**values)), marker)
    assert store.proposal(proposal) == before
    assert [r.number for r in store.revisions(proposal)] == [1]
    assert store.verify().intact
    # The next save on the same head goes through.
    assert store.save(proposal, content("kept"), based_on=1, by="ana", at=T0,
                      comment="").number == 2


def test_down_to_0015_and_up_again(engine: Engine) -> None:
    _started(ProposalStore(engine))
    _to(engine, "0015")
    with engine.connect() as connection:
        names = set(connection.dialect.get_table_names(connection))
    assert not {"proposals", "proposal_revisions", "proposal_transitions"} & names
    upgrade(engine)
    with engine.connect() as connection:
        count = connection.execute(select(func.count()).select_from(schema.proposals))
        assert count.scalar_one() == 0
    assert _started(ProposalStore(engine)) == 1
