"""Budget proposals in the store (migration 0016): revisions never overwritten,
transitions between states, and the hash chain that makes their audit trail
tamper-evident (rbb.model.proposals).

Every write is one transaction that begins with a compare-and-set on the proposal's row
(its head revision for a save, its state for a transition): the first statement claims
the row (PostgreSQL's row lock, SQLite's write lock), so of two writers based on the same
head one succeeds and the other is refused, never silently overwritten, and the end of
the audit trail read after it is the one this write extends."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, Engine, Row, and_, false, insert, select, update
from sqlalchemy.exc import IntegrityError

from rbb.model.cycle import Period
from rbb.model.errors import InputError, NotFoundError, StaleRevisionError
from rbb.model.proposals import (
    EDITABLE,
    AllowedTransition,
    Proposal,
    ProposalAction,
    ProposalState,
    Revision,
    TrailRecord,
    Transition,
    chain_hash,
    content_digest,
    opening_hash,
)

from . import schema
from .statements import reading
from .writing import take_turns

P, R, T = schema.proposals, schema.proposal_revisions, schema.proposal_transitions


@dataclass(frozen=True, slots=True)
class TrailProblem:
    """The first record of an audit trail that does not match what it should be."""

    proposal: int
    position: int
    record: str
    """``revision 3`` or ``transition approve``."""
    reason: str

    def __str__(self) -> str:
        return (f"proposal {self.proposal}, trail position {self.position} ({self.record}): "
                f"{self.reason}")


@dataclass(frozen=True, slots=True)
class TrailCheck:
    proposals: int
    records: int
    problem: TrailProblem | None

    @property
    def intact(self) -> bool:
        return self.problem is None


class ProposalStore:
    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    # --- writing --------------------------------------------------------------------

    def create(self, mission: str, period: Period, content: str, *, by: str,
               at: dt.datetime, comment: str) -> Proposal:
        """A new proposal in the state draft with ``content`` (canonical JSON) as its
        first revision: one transaction. ``InputError`` when the mission and period have
        one already."""
        at = at.astimezone(dt.UTC)
        existing = self.find(mission, period)
        if existing is not None:
            raise _exists(existing)
        try:
            with self.engine.begin() as connection:
                take_turns(connection, f"proposal:{mission}:{period.label}")
                proposal_id = int(connection.execute(insert(P).values(
                    mission_code=mission, period=period.label,
                    state=ProposalState.DRAFT.value, head=1, created_by=by, created_at=at,
                    trail_length=0, trail_hash="").returning(P.c.id)).scalar_one())
                opening = opening_hash(proposal_id, mission, period, by, at)
                _append_revision(connection, proposal_id, 1, None, content, by=by, at=at,
                                 comment=comment, restored_from=None, length=0,
                                 previous=opening)
        except IntegrityError:
            found = self.find(mission, period)
            if found is None:
                raise
            raise _exists(found) from None
        return self.proposal(proposal_id)

    def save(self, proposal_id: int, content: str, *, based_on: int, by: str,
             at: dt.datetime, comment: str, restored_from: int | None = None) -> Revision:
        """A new revision on top of ``based_on``, the head its author started from: one
        transaction. ``StaleRevisionError`` when another revision landed since, naming
        it; ``InputError`` when the proposal's state allows no save."""
        at = at.astimezone(dt.UTC)
        with self.engine.begin() as connection:
            claimed = connection.execute(update(P).where(
                P.c.id == proposal_id, P.c.head == based_on,
                P.c.state.in_([s.value for s in EDITABLE])).values(head=based_on + 1)
                .returning(P.c.trail_length, P.c.trail_hash)).first()
            if claimed is None:  # the claim also reads the trail's end: one round trip
                raise self._refusal(connection, proposal_id, based_on)
            return _append_revision(connection, proposal_id, based_on + 1, based_on, content,
                                    by=by, at=at, comment=comment,
                                    restored_from=restored_from,
                                    length=int(claimed.trail_length),
                                    previous=str(claimed.trail_hash))

    def save_on_head(self, proposal_id: int,
                     write: Callable[[Proposal], tuple[str, str]], *, by: str,
                     at: dt.datetime) -> Revision:
        """A new revision on the head as it is when the proposal is held: one
        transaction. ``write(proposal)`` gives its content (canonical JSON) and comment
        while no other process can save the proposal (PostgreSQL: its row locked; SQLite:
        the store's one writer), so a save merged onto the head is never refused for a
        revision another process saved meanwhile, and never merged twice. What
        ``write`` raises leaves nothing stored; ``InputError`` when the proposal's state
        allows no save."""
        at = at.astimezone(dt.UTC)
        with self.engine.begin() as connection:
            held = connection.execute(update(P).where(
                P.c.id == proposal_id, P.c.state.in_([s.value for s in EDITABLE]))
                .values(head=P.c.head).returning(*P.c)).first()
            if held is None:
                raise self._refusal(connection, proposal_id, 0)
            proposal = _proposal(held)
            content, comment = write(proposal)
            return _append_revision(connection, proposal_id, proposal.head + 1,
                                    proposal.head, content, by=by, at=at, comment=comment,
                                    restored_from=None, length=proposal.trail_length,
                                    previous=proposal.trail_hash, head=proposal.head + 1)

    def transition(self, proposal_id: int, allowed: AllowedTransition, *, by: str,
                   at: dt.datetime, comment: str) -> Transition:
        """Move the proposal from ``allowed.from_state`` to ``allowed.to_state``: one
        transaction, refused (``InputError``) when it is no longer in that state."""
        at = at.astimezone(dt.UTC)
        with self.engine.begin() as connection:
            claimed = connection.execute(update(P).where(
                P.c.id == proposal_id, P.c.state == allowed.from_state.value).values(
                state=allowed.to_state.value)).rowcount
            if not claimed:
                current = _row(connection, proposal_id)
                raise InputError(f"proposal {proposal_id} is {current.state}, not "
                                 f"{allowed.from_state.value}: it cannot be "
                                 f"{_past(allowed.action)}")
            head = int(connection.execute(select(P.c.head).where(
                P.c.id == proposal_id)).scalar_one())
            length, previous = _trail_end(connection, proposal_id)
            transition = Transition.model_construct(
                proposal=proposal_id, action=allowed.action, from_state=allowed.from_state,
                to_state=allowed.to_state, revision=head, by=by, at=at, comment=comment,
                position=length + 1, previous_hash=previous, chain_hash="")
            sealed = transition.model_copy(
                update={"chain_hash": chain_hash(previous, transition.fields())})
            connection.execute(insert(T).values(
                proposal_id=proposal_id, position=sealed.position, action=allowed.action.value,
                from_state=allowed.from_state.value, to_state=allowed.to_state.value,
                revision=head, by=by, at=at, comment=comment, previous_hash=previous,
                chain_hash=sealed.chain_hash))
            _advance_trail(connection, proposal_id, sealed.position, sealed.chain_hash)
        return sealed

    def _refusal(self, connection: Connection, proposal_id: int, based_on: int) -> Exception:
        current = _row(connection, proposal_id)
        if current.state not in {s.value for s in EDITABLE}:
            return InputError(f"proposal {proposal_id} is {current.state}: no revision is "
                              "saved until it is returned")
        return StaleRevisionError(
            f"proposal {proposal_id}: revision {current.head} was saved after revision "
            f"{based_on}, the one this save is based on; nothing is stored (compare "
            f"revisions {based_on} and {current.head}, then save again on "
            f"{current.head})", based_on=based_on, head=int(current.head))

    # --- reading --------------------------------------------------------------------

    def proposal(self, proposal_id: int) -> Proposal:
        with reading(self.engine) as connection:
            return _proposal(_row(connection, proposal_id))

    def find(self, mission: str, period: Period) -> Proposal | None:
        with reading(self.engine) as connection:
            row = connection.execute(select(P).where(
                P.c.mission_code == mission, P.c.period == period.label)).first()
        return None if row is None else _proposal(row)

    def proposals(self, mission: str | None = None) -> list[Proposal]:
        query = select(P).order_by(P.c.mission_code, P.c.period, P.c.id)
        if mission is not None:
            query = query.where(P.c.mission_code == mission)
        with reading(self.engine) as connection:
            return [_proposal(row) for row in connection.execute(query)]

    def revisions(self, proposal_id: int) -> list[Revision]:
        columns = [c for c in R.c if c.name != "content"]
        with reading(self.engine) as connection:
            _row(connection, proposal_id)
            rows = connection.execute(select(*columns).where(R.c.proposal_id == proposal_id)
                                      .order_by(R.c.number)).all()
        return [_revision(row) for row in rows]

    def with_revision(self, proposal_id: int, number: int | None = None
                      ) -> tuple[Proposal, Revision]:
        """The proposal and the record of its revision ``number`` (the head when None),
        read in one statement: what a reader of the proposal asks first."""
        revision = [c.label(f"r_{c.name}") for c in R.c if c.name != "content"]
        wanted = P.c.head if number is None else number
        with reading(self.engine) as connection:
            row = connection.execute(select(P, *revision).outerjoin(R, and_(
                R.c.proposal_id == P.c.id, R.c.number == wanted)).where(
                P.c.id == proposal_id)).first()
        if row is None:
            raise NotFoundError(f"no proposal numbered {proposal_id} is stored")
        if row.r_number is None:
            raise NotFoundError(f"proposal {proposal_id} has no revision {number}")
        return _proposal(row), _revision(row, prefix="r_")

    def content(self, proposal_id: int, number: int) -> str:
        """A revision's content as stored (canonical JSON)."""
        with reading(self.engine) as connection:
            found = connection.execute(select(R.c.content).where(
                R.c.proposal_id == proposal_id, R.c.number == number)).scalar()
        if found is None:
            raise NotFoundError(f"proposal {proposal_id} has no revision {number}")
        return str(found)

    def transitions(self, proposal_id: int) -> list[Transition]:
        with reading(self.engine) as connection:
            rows = connection.execute(select(T).where(T.c.proposal_id == proposal_id)
                                      .order_by(T.c.position)).all()
        return [_transition(row) for row in rows]

    def trail(self, proposal_id: int) -> list[TrailRecord]:
        """The revisions and transitions of the proposal in the order they happened."""
        records: list[TrailRecord] = [*self.revisions(proposal_id),
                                      *self.transitions(proposal_id)]
        return sorted(records, key=lambda record: record.position)

    # --- the audit trail ------------------------------------------------------------

    def verify(self, proposal_id: int | None = None) -> TrailCheck:
        """Recompute every proposal's trail (or one's) from its rows: the content
        digests, each record's link to the one before and its own hash, and the end the
        proposal records. The first record that does not match, in order of proposal and
        position, is named. Read in one snapshot: a save landing meanwhile is either
        wholly seen or not at all."""
        with _snapshot(self.engine) as connection:
            query = select(P).order_by(P.c.id)
            if proposal_id is not None:
                query = query.where(P.c.id == proposal_id)
            rows = connection.execute(query).all()
            if proposal_id is not None and not rows:
                raise NotFoundError(f"no proposal numbered {proposal_id} is stored")
            records = 0
            for row in rows:
                count, problem = _verify_one(connection, row)
                records += count
                if problem is not None:
                    return TrailCheck(len(rows), records, problem)
        return TrailCheck(len(rows), records, None)


@contextmanager
def _snapshot(engine: Engine) -> Iterator[Connection]:
    """A transaction whose reads all see the store as of one moment. PostgreSQL: REPEATABLE
    READ. SQLite: its driver begins a transaction only before a write, and each read
    outside one sees the newest commit, so an update that changes no row begins it, holding
    the write lock (saves wait) until the verification ends."""
    with engine.connect() as connection:
        if connection.dialect.name == "postgresql":
            connection = connection.execution_options(isolation_level="REPEATABLE READ")
        with connection.begin():
            if connection.dialect.name == "sqlite":
                connection.execute(update(P).where(false()).values(state=P.c.state))
            yield connection


def _verify_one(connection: Connection, proposal: Row[Any]) -> tuple[int, TrailProblem | None]:
    proposal_id = int(proposal.id)
    expected = opening_hash(proposal_id, proposal.mission_code, Period.parse(proposal.period),
                            proposal.created_by, _aware(proposal.created_at))
    position = 0
    for record, digest_ok in _records(connection, proposal_id):
        position += 1
        name = (f"revision {record.number}" if isinstance(record, Revision)
                else f"transition {record.action}")

        def problem(reason: str, at: int = position, what: str = name) -> TrailProblem:
            return TrailProblem(proposal_id, at, what, reason)

        if record.position != position:
            return position, problem(f"missing: the next record stored is at position "
                                     f"{record.position}", what="a record")
        if not digest_ok:
            return position, problem("its content does not match its digest")
        if record.previous_hash != expected:
            return position, problem("it does not follow the record before it (the hash it "
                                     "carries of that record differs)")
        computed = chain_hash(expected, record.fields())
        if computed != record.chain_hash:
            return position, problem("its fields do not match its hash")
        expected = computed
    if position != proposal.trail_length or expected != proposal.trail_hash:
        return position, TrailProblem(
            proposal_id, position + 1, "the end of the trail",
            f"the proposal records {proposal.trail_length} records ending in "
            f"{str(proposal.trail_hash)[:12]}…; the trail holds {position} ending in "
            f"{expected[:12]}…")
    return position, None


def _records(connection: Connection, proposal_id: int
             ) -> Iterator[tuple[TrailRecord, bool]]:
    """The trail's records by position, read without validation (a tampered row must
    be named, not refused), each with whether its content matches its digest."""
    revisions = connection.execute(select(R).where(R.c.proposal_id == proposal_id)).all()
    transitions = connection.execute(select(T).where(T.c.proposal_id == proposal_id)).all()
    merged: list[tuple[int, Row[Any], bool]] = [
        *((int(r.position), r, True) for r in revisions),
        *((int(t.position), t, False) for t in transitions)]
    for _, row, is_revision in sorted(merged, key=lambda item: item[0]):
        if is_revision:
            yield _revision(row, validate=False), content_digest(row.content) == \
                row.content_digest
        else:
            yield _transition(row, validate=False), True


# --- the writes' steps (separate so a test can stop a save between them) --------------

def _append_revision(connection: Connection, proposal_id: int, number: int,
                     parent: int | None, content: str, *, by: str, at: dt.datetime,
                     comment: str, restored_from: int | None, length: int,
                     previous: str, head: int | None = None) -> Revision:
    revision = Revision.model_construct(
        proposal=proposal_id, number=number, parent=parent, author=by, saved_at=at,
        comment=comment, content_digest=content_digest(content), restored_from=restored_from,
        position=length + 1, previous_hash=previous, chain_hash="")
    sealed = revision.model_copy(update={"chain_hash": chain_hash(previous,
                                                                  revision.fields())})
    connection.execute(insert(R).values(
        proposal_id=proposal_id, number=number, parent=parent, author=by, saved_at=at,
        comment=comment, restored_from=restored_from, content=content,
        content_digest=sealed.content_digest, position=sealed.position,
        previous_hash=previous, chain_hash=sealed.chain_hash))
    _advance_trail(connection, proposal_id, sealed.position, sealed.chain_hash, head)
    return sealed


def _advance_trail(connection: Connection, proposal_id: int, length: int, last: str,
                   head: int | None = None) -> None:
    """The trail's new end, and the new head when the caller has not set it yet."""
    values: dict[str, Any] = {"trail_length": length, "trail_hash": last}
    if head is not None:
        values["head"] = head
    connection.execute(update(P).where(P.c.id == proposal_id).values(**values))


def _trail_end(connection: Connection, proposal_id: int) -> tuple[int, str]:
    row = connection.execute(select(P.c.trail_length, P.c.trail_hash).where(
        P.c.id == proposal_id)).one()
    return int(row.trail_length), str(row.trail_hash)


def _row(connection: Connection, proposal_id: int) -> Row[Any]:
    row = connection.execute(select(P).where(P.c.id == proposal_id)).first()
    if row is None:
        raise NotFoundError(f"no proposal numbered {proposal_id} is stored")
    return row


def _exists(proposal: Proposal) -> InputError:
    return InputError(f"{proposal.mission} {proposal.period} has a proposal already "
                      f"(number {proposal.id}, {proposal.state.value})")


def _past(action: ProposalAction) -> str:
    return {ProposalAction.SUBMIT: "submitted", ProposalAction.RETURN: "returned",
            ProposalAction.APPROVE: "approved", ProposalAction.ISSUE: "issued"}[action]


def _aware(moment: dt.datetime) -> dt.datetime:
    """SQLite gives back naive times; the store writes them in UTC."""
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=dt.UTC)


def _proposal(row: Row[Any]) -> Proposal:
    return Proposal(id=row.id, mission=row.mission_code, period=Period.parse(row.period),
                    state=ProposalState(row.state), head=row.head, created_by=row.created_by,
                    created_at=_aware(row.created_at), trail_length=row.trail_length,
                    trail_hash=row.trail_hash)


def _revision(row: Row[Any], *, validate: bool = True, prefix: str = "") -> Revision:
    """The revision a row holds, its columns named ``prefix`` + the column's name."""
    column = row._mapping
    values: dict[str, Any] = {
        "proposal": column[prefix + "proposal_id"], "number": column[prefix + "number"],
        "parent": column[prefix + "parent"], "author": column[prefix + "author"],
        "saved_at": _aware(column[prefix + "saved_at"]),
        "comment": column[prefix + "comment"],
        "content_digest": column[prefix + "content_digest"],
        "restored_from": column[prefix + "restored_from"],
        "position": column[prefix + "position"],
        "previous_hash": column[prefix + "previous_hash"],
        "chain_hash": column[prefix + "chain_hash"]}
    return Revision(**values) if validate else Revision.model_construct(**values)


def _transition(row: Row[Any], *, validate: bool = True) -> Transition:
    values: dict[str, Any] = {
        "proposal": row.proposal_id, "action": _enum(ProposalAction, row.action),
        "from_state": _enum(ProposalState, row.from_state),
        "to_state": _enum(ProposalState, row.to_state), "revision": row.revision,
        "by": row.by, "at": _aware(row.at), "comment": row.comment,
        "position": row.position, "previous_hash": row.previous_hash,
        "chain_hash": row.chain_hash}
    return Transition(**values) if validate else Transition.model_construct(**values)


def _enum(kind: Any, value: str) -> Any:
    """The member, or the text as stored when it is none (a tampered row is hashed as
    it is, so the check names it rather than failing on it)."""
    try:
        return kind(value)
    except ValueError:
        return _Text(value)


class _Text(str):
    """Stored text that names no member, hashed like one (``.value``)."""

    @property
    def value(self) -> str:
        return str(self)

