"""Review comments on budget proposals in the store (migration 0017,
rbb.model.proposal_comments): added, replied to, resolved and reopened; never deleted.

A thread's state lives on its first comment. Resolving and reopening are each a
compare-and-set on it (resolved only while open, reopened only while resolved), so two
people resolving the same thread at once record one resolution, and the other is told it
is resolved already. Each write's first statement is its write (SQLite's write lock is
taken before anything is read in the transaction)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import Connection, Engine, Row, insert, select, update

from rbb.model.errors import InputError, NotFoundError
from rbb.model.proposal_comments import ProposalComment, ThreadState

from . import schema
from .statements import reading

C = schema.proposal_comments
COMMENTS_LIMIT = 20_000
"""Comments of one proposal read at once: far beyond a review's, a bound all the same."""


class ProposalCommentStore:
    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    # --- writing --------------------------------------------------------------------

    def add(self, proposal_id: int, *, revision: int, anchor: str, by: str,
            at: dt.datetime, text: str) -> ProposalComment:
        """The first comment of a new thread on ``anchor`` (checked by the caller)."""
        with self.engine.begin() as connection:
            return _insert(connection, proposal_id, revision=revision, anchor=anchor,
                           parent=None, by=by, at=at, text=text)

    def reply(self, proposal_id: int, parent_id: int, *, revision: int, by: str,
              at: dt.datetime, text: str) -> ProposalComment:
        """A reply to comment ``parent_id`` of the proposal, in its thread and on its
        anchor; ``NotFoundError`` naming ``comment_id`` when the proposal has no such
        comment."""
        with reading(self.engine) as connection:  # a comment's anchor and thread never change
            parent = _row(connection, proposal_id, parent_id)
        with self.engine.begin() as connection:
            return _insert(connection, proposal_id, revision=revision,
                           anchor=parent.anchor, parent=parent_id,
                           thread=int(parent.thread_id), by=by, at=at, text=text)

    def resolve(self, proposal_id: int, comment_id: int, *, by: str, at: dt.datetime
                ) -> ProposalComment:
        """Resolve the thread of comment ``comment_id`` (its first comment records who
        and when). ``InputError`` when it is resolved already."""
        return self._set_state(proposal_id, comment_id, ThreadState.RESOLVED, by=by, at=at)

    def reopen(self, proposal_id: int, comment_id: int, *, by: str, at: dt.datetime
               ) -> ProposalComment:
        """Reopen the resolved thread of comment ``comment_id``; the resolution is
        cleared, the reopening recorded. ``InputError`` when it is open."""
        return self._set_state(proposal_id, comment_id, ThreadState.OPEN, by=by, at=at)

    def _set_state(self, proposal_id: int, comment_id: int, state: ThreadState, *, by: str,
                   at: dt.datetime) -> ProposalComment:
        at = at.astimezone(dt.UTC)
        with reading(self.engine) as connection:
            thread = int(_row(connection, proposal_id, comment_id).thread_id)
        with self.engine.begin() as connection:  # the compare-and-set first: it claims the row
            if state is ThreadState.RESOLVED:
                change = update(C).where(C.c.id == thread, C.c.resolved_at.is_(None)).values(
                    resolved_by=by, resolved_at=at)
            else:
                change = update(C).where(C.c.id == thread,
                                         C.c.resolved_at.is_not(None)).values(
                    resolved_by=None, resolved_at=None, reopened_by=by, reopened_at=at)
            if not connection.execute(change).rowcount:
                first = _comment(_row(connection, proposal_id, thread))
                if state is ThreadState.RESOLVED:
                    raise InputError(
                        f"comment_id: the thread of comment {comment_id} was resolved "
                        f"already, by {first.resolved_by} at {_when(first.resolved_at)}")
                raise InputError(f"comment_id: the thread of comment {comment_id} is open: "
                                 "there is nothing to reopen")
            return _comment(_row(connection, proposal_id, thread))

    # --- reading --------------------------------------------------------------------

    def comment(self, proposal_id: int, comment_id: int) -> ProposalComment:
        with reading(self.engine) as connection:
            return _comment(_row(connection, proposal_id, comment_id))

    def comments(self, proposal_id: int, *, state: ThreadState | None = None,
                 anchor: str | None = None) -> list[ProposalComment]:
        """The proposal's comments, oldest first: all, or those of threads in
        ``state`` and on ``anchor``."""
        query = select(C).where(C.c.proposal_id == proposal_id)
        if anchor is not None:
            query = query.where(C.c.anchor == anchor)
        if state is not None:
            firsts = select(C.c.id).where(C.c.proposal_id == proposal_id,
                                          C.c.parent_id.is_(None))
            firsts = firsts.where(C.c.resolved_at.is_(None) if state is ThreadState.OPEN
                                  else C.c.resolved_at.is_not(None))
            query = query.where(C.c.thread_id.in_(firsts))
        with reading(self.engine) as connection:
            rows = connection.execute(query.order_by(C.c.id).limit(COMMENTS_LIMIT)).all()
        return [_comment(row) for row in rows]


def _insert(connection: Connection, proposal_id: int, *, revision: int, anchor: str,
            parent: int | None, by: str, at: dt.datetime, text: str,
            thread: int | None = None) -> ProposalComment:
    at = at.astimezone(dt.UTC)
    comment_id = int(connection.execute(insert(C).values(
        proposal_id=proposal_id, revision=revision, anchor=anchor, parent_id=parent,
        thread_id=thread, author=by, at=at, text=text).returning(C.c.id)).scalar_one())
    if thread is None:
        connection.execute(update(C).where(C.c.id == comment_id).values(thread_id=comment_id))
    return _comment(_row(connection, proposal_id, comment_id))


def _row(connection: Connection, proposal_id: int, comment_id: int) -> Row[Any]:
    row = connection.execute(select(C).where(C.c.id == comment_id,
                                             C.c.proposal_id == proposal_id)).first()
    if row is None:
        raise NotFoundError(f"comment_id: proposal {proposal_id} has no comment {comment_id}")
    return row


def _aware(moment: dt.datetime | None) -> dt.datetime | None:
    """SQLite gives back naive times; the store writes them in UTC."""
    if moment is None or moment.tzinfo is not None:
        return moment
    return moment.replace(tzinfo=dt.UTC)


def _when(moment: dt.datetime | None) -> str:
    return "?" if moment is None else moment.strftime("%Y-%m-%d %H:%M UTC")


def _comment(row: Row[Any]) -> ProposalComment:
    return ProposalComment(
        id=row.id, proposal=row.proposal_id, revision=row.revision, anchor=row.anchor,
        parent=row.parent_id, thread=row.thread_id, author=row.author, at=_aware(row.at),
        text=row.text, resolved_by=row.resolved_by, resolved_at=_aware(row.resolved_at),
        reopened_by=row.reopened_by, reopened_at=_aware(row.reopened_at))
