"""Review comments on budget proposals for every interface (docs/preparation.md,
"Review comments"): who may comment, reply, resolve and reopen, on what, and when.

- Editors and approvers comment and reply; viewers read.
- A comment is about an anchor the revision it is made on holds (the head unless the
  caller names the revision it showed); a reply is on its thread's anchor.
- Editors and approvers resolve a thread (the editor who answered it, typically); a
  resolved thread is reopened by its author or an approver.
- An issued proposal is final: no comment, reply, resolution or reopening."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Engine

from rbb.engine.proposal_anchors import anchor_in, anchors
from rbb.model.errors import InputError, PermissionDeniedError
from rbb.model.proposal_comments import (
    Anchor,
    ProposalComment,
    Thread,
    ThreadState,
    anchor_key,
    comment_text,
    threads,
)
from rbb.model.proposals import Duty, Proposal, ProposalState
from rbb.storage.accounts import Role
from rbb.storage.proposal_comments import ProposalCommentStore

from .proposal_service import ProposalService


@dataclass(frozen=True, slots=True)
class AnchorThreads:
    """The threads on one anchor, with its label in the revision read (None when that
    revision no longer holds it)."""

    key: str
    label: str | None
    threads: tuple[Thread, ...]

    @property
    def open(self) -> int:
        return sum(1 for t in self.threads if t.state is ThreadState.OPEN)


class ProposalCommentService:
    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self.proposals = ProposalService(engine)
        self.store = ProposalCommentStore(engine)

    # --- writing --------------------------------------------------------------------

    def comment(self, proposal_id: int, anchor: str, text: str, *, by: str,
                revision: int | None = None) -> ProposalComment:
        """A new thread on ``anchor`` of revision ``revision`` (the head by default)."""
        user = self.proposals._require(by, Duty.EDITOR, "comment on a proposal")
        proposal = self._open_to_comments(proposal_id)
        number = proposal.head if revision is None else revision
        if not 1 <= number <= proposal.head:
            raise InputError(f"revision: proposal {proposal_id} has no revision {number} "
                             f"(1 to {proposal.head})")
        found = anchor_in(self.proposals.content(proposal_id, number), anchor, number)
        return self.store.add(proposal_id, revision=number, anchor=found.key, by=user,
                              at=_now(), text=comment_text(text))

    def reply(self, proposal_id: int, comment_id: int, text: str, *, by: str
              ) -> ProposalComment:
        """A reply to comment ``comment_id`` (any comment of a thread), made on the
        head revision."""
        user = self.proposals._require(by, Duty.EDITOR, "reply to a comment")
        proposal = self._open_to_comments(proposal_id)
        return self.store.reply(proposal_id, comment_id, revision=proposal.head, by=user,
                                at=_now(), text=comment_text(text))

    def resolve(self, proposal_id: int, comment_id: int, *, by: str) -> ProposalComment:
        """Resolve the thread of ``comment_id``: an editor or an approver."""
        user = self.proposals._require(by, Duty.EDITOR, "resolve a comment")
        self._open_to_comments(proposal_id)
        return self.store.resolve(proposal_id, comment_id, by=user, at=_now())

    def reopen(self, proposal_id: int, comment_id: int, *, by: str) -> ProposalComment:
        """Reopen the resolved thread of ``comment_id``: its author or an approver."""
        user = self.proposals._require(by, Duty.EDITOR, "reopen a comment")
        self._open_to_comments(proposal_id)
        first = self.store.comment(proposal_id, comment_id)
        if first.thread != first.id:
            first = self.store.comment(proposal_id, first.thread)
        role = self.proposals.accounts.user(user).role
        if first.author != user and not role.allows(Role.APPROVER):
            raise PermissionDeniedError(
                f"{user} is {role.value}: a thread is reopened by its author "
                f"({first.author}) or an approver")
        return self.store.reopen(proposal_id, comment_id, by=user, at=_now())

    def _open_to_comments(self, proposal_id: int) -> Proposal:
        proposal = self.proposals.store.proposal(proposal_id)
        if proposal.state is ProposalState.ISSUED:
            raise InputError(f"proposal {proposal_id} is issued: it is final, and its "
                             "comments are closed")
        return proposal

    # --- reading --------------------------------------------------------------------

    def anchors(self, proposal_id: int, revision: int | None = None) -> list[Anchor]:
        """What revision ``revision`` (the head by default) can be commented on."""
        number = self.proposals.store.proposal(proposal_id).head if revision is None \
            else revision
        return anchors(self.proposals.content(proposal_id, number))

    def threads(self, proposal_id: int, *, state: ThreadState | None = None,
                anchor: str | None = None) -> list[Thread]:
        """The proposal's threads (open first), filtered by state and anchor."""
        self.proposals.store.proposal(proposal_id)  # NotFoundError for none
        key = None if anchor is None else anchor_key(anchor)
        return threads(self.store.comments(proposal_id, state=state, anchor=key))

    def by_anchor(self, proposal_id: int, *, state: ThreadState | None = None,
                  anchor: str | None = None, head_anchors: list[Anchor] | None = None
                  ) -> list[AnchorThreads]:
        """The threads grouped by anchor, labelled as the head revision names them
        (``head_anchors``, when the caller has them already): anchors with an open
        thread first, then in the document's order."""
        listed = self.anchors(proposal_id) if head_anchors is None else head_anchors
        labels = {a.key: (n, a.label) for n, a in enumerate(listed)}
        groups: dict[str, list[Thread]] = {}
        for thread in self.threads(proposal_id, state=state, anchor=anchor):
            groups.setdefault(thread.first.anchor, []).append(thread)
        found = [AnchorThreads(key, labels.get(key, (0, None))[1], tuple(found))
                 for key, found in groups.items()]
        return sorted(found, key=lambda g: (g.open == 0, labels.get(g.key, (10**9, ""))[0],
                                            g.key))

    def counts(self, proposal_id: int) -> dict[str, tuple[int, int]]:
        """For each anchor commented on: its open threads and all its threads."""
        found: dict[str, tuple[int, int]] = {}
        for thread in self.threads(proposal_id):
            opened, total = found.get(thread.first.anchor, (0, 0))
            found[thread.first.anchor] = (opened + (thread.state is ThreadState.OPEN),
                                          total + 1)
        return found


def _now() -> datetime:
    return datetime.now(UTC)


# --- JSON for the CLI and the REST API ------------------------------------------------

def comment_data(comment: ProposalComment) -> dict[str, Any]:
    return {"id": comment.id, "proposal": comment.proposal, "revision": comment.revision,
            "anchor": comment.anchor, "parent": comment.parent, "thread": comment.thread,
            "by": comment.author, "at": comment.at.isoformat(), "text": comment.text,
            "resolved_by": comment.resolved_by,
            "resolved_at": _iso(comment.resolved_at), "reopened_by": comment.reopened_by,
            "reopened_at": _iso(comment.reopened_at)}


def thread_data(thread: Thread) -> dict[str, Any]:
    return {**comment_data(thread.first), "state": thread.state.value,
            "replies": [{**comment_data(reply), "depth": depth}
                        for reply, depth in thread.replies]}


def _iso(moment: datetime | None) -> str | None:
    return None if moment is None else moment.isoformat()
