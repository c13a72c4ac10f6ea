"""Review comments on a budget proposal (docs/preparation.md, "Review comments"):
reviewers comment on a row, an indicator, an output, a post action, a paragraph, a
variance explanation, a follow-up or the whole document; comments are threaded (a reply
names its parent) and a thread is resolved, and may be reopened.

A comment names what it is about by an **anchor**, a stable key computed from a
revision's content (``rbb.engine.proposal_anchors``): the same indicator has the same key
in every revision that holds it, so a thread stays beside its indicator while the
document is edited. Comments are not content: they are kept beside the revisions and are
never deleted."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from enum import StrEnum

from .base import Record
from .errors import InputError
from .proposals import PersonName

TEXT_LIMIT = 4000
"""Characters of one comment: a review note, not a document."""
ANCHOR_LIMIT = 200
"""Characters of an anchor's key."""

ANCHOR_KINDS: dict[str, str] = {
    "row": "row", "indicator": "indicator", "output": "output",
    "post-action": "post action", "paragraph": "paragraph", "variance": "variance",
    "follow-up": "follow-up", "document": "document"}
"""Each kind of anchor (the key's prefix) and what an error calls it."""

_KEY = re.compile(r"^(?P<kind>[a-z-]+)(?::(?P<rest>[^\x00-\x1f\x7f]+))?$")


@dataclass(frozen=True, slots=True)
class Anchor:
    """What a comment can be about: its stable key (``indicator:substantive/1.1.2``) and
    what a reader calls it (``Indicator 1.1.2 (substantive): …``)."""

    key: str
    label: str


DOCUMENT = "document"
"""The anchor of the whole document: every revision has it."""


def anchor_key(text: str) -> str:
    """``text`` as an anchor key, if it has the shape of one (``kind:rest``, a known
    kind; ``document`` alone); ``InputError`` naming the field ``anchor`` otherwise.
    Whether the revision holds it is for ``rbb.engine.proposal_anchors`` to say."""
    key = text.strip()
    if not key:
        raise InputError("anchor: say what the comment is about (e.g. document, "
                         "indicator:substantive/1.1.1)")
    if len(key) > ANCHOR_LIMIT:
        raise InputError(f"anchor: at most {ANCHOR_LIMIT} characters, not {len(key)}")
    match = _KEY.match(key)
    if match is None or match["kind"] not in ANCHOR_KINDS:
        kinds = ", ".join(ANCHOR_KINDS)
        raise InputError(f"anchor: {key[:40]!r} is not an anchor (kind:key, the kind one "
                         f"of {kinds})")
    if (match["kind"] == DOCUMENT) != (match["rest"] is None):
        raise InputError(f"anchor: {key[:40]!r} is not an anchor (document stands alone; "
                         "every other kind names what it is about after a colon)")
    return key


def anchor_name(key: str) -> str:
    """The anchor as an error names it: ``indicator substantive/9.9.9``."""
    kind, _, rest = key.partition(":")
    return f"{ANCHOR_KINDS.get(kind, kind)} {rest}".strip()


def comment_text(text: str, field: str = "text") -> str:
    """A comment's text, stripped, if it is one: not empty, at most ``TEXT_LIMIT``
    characters, no control character but line breaks and tabs."""
    found = text.strip()
    if not found:
        raise InputError(f"{field}: a comment needs a text")
    if len(found) > TEXT_LIMIT:
        raise InputError(f"{field}: at most {TEXT_LIMIT} characters, not {len(found)}")
    if any((ord(c) < 32 and c not in "\n\t\r") or ord(c) == 127 for c in found):
        raise InputError(f"{field}: control characters are not allowed")
    return found.replace("\r\n", "\n").replace("\r", "\n")


class ThreadState(StrEnum):
    OPEN = "open"
    RESOLVED = "resolved"


class ProposalComment(Record):
    """One comment, kept for ever. A thread is a comment without ``parent`` and its
    replies (at any depth); only a thread's first comment carries its resolution."""

    id: int
    proposal: int
    revision: int
    """The revision it was made on (what the commenter was reading)."""
    anchor: str
    """What it is about; a reply has its thread's."""
    parent: int | None = None
    """The comment it replies to; None for the first of a thread."""
    thread: int
    """The first comment of its thread (itself for that one)."""
    author: PersonName
    at: dt.datetime
    text: str
    resolved_by: PersonName | None = None
    resolved_at: dt.datetime | None = None
    """When the thread was last resolved; None while it is open."""
    reopened_by: PersonName | None = None
    reopened_at: dt.datetime | None = None
    """When it was last reopened, if ever."""

    @property
    def resolved(self) -> bool:
        return self.resolved_at is not None


@dataclass(frozen=True, slots=True)
class Thread:
    """A thread: its first comment (which holds its state) and the replies, oldest
    first, each with the depth it is shown at (1 for a reply to the first)."""

    first: ProposalComment
    replies: tuple[tuple[ProposalComment, int], ...]

    @property
    def state(self) -> ThreadState:
        return ThreadState.RESOLVED if self.first.resolved else ThreadState.OPEN

    @property
    def size(self) -> int:
        return 1 + len(self.replies)


def threads(comments: list[ProposalComment]) -> list[Thread]:
    """The comments as threads, open ones first, then by their first comment's id."""
    by_id = {c.id: c for c in comments}
    children: dict[int, list[ProposalComment]] = {}
    for comment in comments:
        if comment.parent is not None:
            children.setdefault(comment.parent, []).append(comment)

    def below(first: ProposalComment) -> list[tuple[ProposalComment, int]]:
        """Depth first, without recursion: a long chain of replies is no stack."""
        found: list[tuple[ProposalComment, int]] = []
        stack = [(c, 1) for c in sorted(children.get(first.id, ()), key=lambda c: -c.id)]
        while stack:
            comment, depth = stack.pop()
            found.append((comment, depth))
            stack += [(c, min(depth + 1, 8)) for c in
                      sorted(children.get(comment.id, ()), key=lambda c: -c.id)]
        return found

    firsts = [c for c in by_id.values() if c.parent is None]
    made = [Thread(first, tuple(below(first))) for first in firsts]
    return sorted(made, key=lambda t: (t.first.resolved, t.first.id))
