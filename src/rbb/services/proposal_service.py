"""Budget proposals for both interfaces (docs/preparation.md): starting one, saving and
restoring revisions, moving it through its states with the roles each step needs,
comparing revisions and verifying the audit trail.

The acting user is named (``by``) and must hold an account: the role it holds decides
what it may do (``rbb.model.proposals.TRANSITIONS``; saving needs an editor)."""

from __future__ import annotations

import json
import threading
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from pydantic import ValidationError
from sqlalchemy import Engine

from rbb.model import Document, DocumentKind, Finding, Period
from rbb.model.base import STORED
from rbb.model.errors import (
    InputError,
    MergeConflictError,
    NotFoundError,
    PermissionDeniedError,
    StaleRevisionError,
)
from rbb.model.findings import Severity
from rbb.model.post_actions import PostAction
from rbb.model.proposals import (
    MAX_DRIVER_EDITS,
    SAVE_DUTY,
    Choice,
    Duty,
    Proposal,
    ProposalAction,
    ProposalContent,
    Revision,
    TrailRecord,
    Transition,
    actions_from,
    content_digest,
    transition_for,
)
from rbb.storage.accounts import AccountStore, Role, User
from rbb.storage.proposals import ProposalStore, TrailCheck

from .kept import Kept
from .proposal_diff import RevisionDiff, compare
from .proposal_merge import content_tree, derived_content, merge_trees

CONTENTS_CACHE = 32
"""Revisions whose content (and JSON tree) a service keeps read (a revision never
changes once saved): the newest, which a proposal's editors read and merge onto. Twenty
editors at once base their saves on the last twenty or so; a kept revision of the UNMIK
budget is 1.4 MB (content and tree), so at most 45 MB a process."""

FINDINGS_CACHE = 64
"""Contents whose findings this process keeps (least recently used dropped first)."""

_FINDINGS: Kept[str, tuple[Finding, ...]] = Kept(FINDINGS_CACHE)


@dataclass(frozen=True, slots=True)
class ProposalView:
    """A proposal as ``show`` prints it: its record, its head revision and what may be
    done next."""

    proposal: Proposal
    head: Revision
    document: Document
    next_actions: tuple[ProposalAction, ...]


class ProposalService:
    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self.store = ProposalStore(engine)
        self.accounts = AccountStore(engine)
        self._contents: Kept[tuple[int, int], ProposalContent] = Kept(CONTENTS_CACHE)
        self._trees: Kept[tuple[int, int], Any] = Kept(CONTENTS_CACHE)
        """The kept contents' JSON trees, made when first merged onto (``_tree``)."""
        self._documents_json: Kept[tuple[int, int], bytes] = Kept(CONTENTS_CACHE)
        self._newest: dict[int, int] = {}
        """The newest revision of each proposal this process has read or saved: the head
        a save most likely merges onto."""
        self._lock = threading.Lock()
        self._saving: dict[int, threading.Lock] = {}
        """One lock a proposal: this process's saves of one proposal merge one after
        another, rather than each merging against a head another save is replacing."""

    # --- starting a proposal --------------------------------------------------------

    def new_empty(self, mission: str, period: Period, *, by: str, comment: str = ""
                  ) -> Proposal:
        """A proposal for a new mission: a budget document with its identity only."""
        from rbb.services.mission_register_service import MissionRegisterService
        from rbb.storage.mission_register_store import MissionRegisterStore

        code = MissionRegisterService(self.engine).code_of(mission)
        entry = MissionRegisterStore(self.engine).entry(code)
        assert entry is not None
        start = period.start_year
        document = Document(
            kind=DocumentKind.BUDGET, mission=entry.mission, period=period, draft=True,
            title=f"Budget for the {entry.mission.name} for the period from 1 July {start} "
                  f"to 30 June {start + 1}")
        return self._create(document, by=by, comment=comment or "empty proposal")

    def new_drafted(self, source: str, period: Period, *, by: str, comment: str = "",
                    scenario: str | None = None) -> Proposal:
        """A proposal for ``period`` drafted forward from a stored budget by its drivers,
        as ``rbb draft`` drafts it (nothing else is stored)."""
        from rbb.services.costing_service import CostingService, DocumentRef
        from rbb.services.scenario_service import ScenarioService

        self._require(by, SAVE_DUTY, "start a proposal")
        ref = DocumentRef.parse(source)
        edits = ScenarioService(self.engine).edits(scenario) if scenario else ()
        draft = CostingService(self.engine).draft(ref, period, edits=edits, scenario=scenario,
                                                  store=False)
        return self._create(draft.document, by=by,
                            comment=comment or f"drafted from {ref} by its drivers")

    def new_copied(self, source: str, *, by: str, comment: str = "") -> Proposal:
        """A proposal starting from a stored budget document as it is (a draft
        ``rbb draft`` stored, or a budget to rework), marked draft."""
        from rbb.services.costing_service import DocumentRef
        from rbb.storage.repository import DocumentStore

        self._require(by, SAVE_DUTY, "start a proposal")
        ref = DocumentRef.parse(source)
        if ref.kind is not DocumentKind.BUDGET:
            raise InputError(f"{ref}: a proposal is a budget; copy a budget document")
        document = DocumentStore(self.engine).load(ref.mission, ref.period, ref.kind)
        if not document.draft:
            document = document.model_copy(update={"draft": True})
        return self._create(document, by=by, comment=comment or f"copied from {ref}")

    def _create(self, document: Document, *, by: str, comment: str) -> Proposal:
        user = self._require(by, SAVE_DUTY, "start a proposal")
        content = _content(document)
        return self.store.create(document.mission.code, document.period,
                                 content.canonical_json(), by=user, at=_now(),
                                 comment=_comment(comment))

    # --- revisions ------------------------------------------------------------------

    def save(self, proposal_id: int, document: Document, *, based_on: int, by: str,
             comment: str = "") -> Revision:
        """A new revision of the proposal holding ``document``, based on revision
        ``based_on``, keeping that revision's post actions. Refused, with nothing
        stored: a document of another mission, period or kind (``InputError`` naming the
        field), a proposal that is not editable, a base that is no longer the head
        (``StaleRevisionError``), a user who is no editor (``PermissionDeniedError``)."""
        base = self.content(proposal_id, based_on)
        return self.save_content(proposal_id, base.model_copy(update={"document": document}),
                                 based_on=based_on, by=by, comment=comment)

    def save_content(self, proposal_id: int, content: ProposalContent, *, based_on: int,
                     by: str | User, comment: str = "",
                     resolutions: Mapping[str, Choice] | None = None) -> Revision:
        """A new revision holding ``content`` (the document and its post actions), based
        on revision ``based_on``: what every editor of a part saves. When another
        revision landed since, the edit is merged into it (``rbb.services.proposal_merge``:
        different fields both kept) and saved on it; the same field changed differently
        is a ``MergeConflictError`` naming both revisions and the fields, unless
        ``resolutions`` chooses a side for each path. With post actions, the staffing
        tables and their justification paragraphs are derived from them
        (``derived_content``). Refused otherwise as ``save``; nothing stored."""
        user = self._require(by, SAVE_DUTY, "save a revision")
        said = _comment(comment)
        with self._saving_lock(proposal_id):
            return self._save_merged(proposal_id, content, based_on=based_on, user=user,
                                     said=said, resolutions=resolutions)

    def _saving_lock(self, proposal_id: int) -> threading.Lock:
        with self._lock:
            return self._saving.setdefault(proposal_id, threading.Lock())

    def _save_merged(self, proposal_id: int, content: ProposalContent, *, based_on: int,
                     user: str, said: str, resolutions: Mapping[str, Choice] | None
                     ) -> Revision:
        """Merge onto the head and save, the proposal held by the store meanwhile
        (``ProposalStore.save_on_head``): the head merged onto is the one saved on,
        whichever process saved it."""
        newest = self._newest.get(proposal_id, 0)
        if 0 < based_on < newest:
            # read before the store holds the proposal, which is then held only as long
            # as the merge takes (a newer head, another process's, is read while held)
            self._tree(proposal_id, based_on)
            self._tree(proposal_id, newest)
        kept: list[tuple[ProposalContent, str]] = []

        def write(proposal: Proposal) -> tuple[str, str]:
            _matching(proposal, content.document)
            head, merged, note = proposal.head, content, said
            if 0 < based_on < head:
                merged = self._merged(proposal_id, based_on, head, content, resolutions)
                note = _comment(f"{said} (merged with revision {head})" if said
                                else f"merged with revision {head}")
            elif based_on != head:
                raise self._stale(proposal_id, based_on, head)
            checked = derived_content(_content(merged.document, merged.post_actions,
                                               merged.driver_edits))
            text = checked.canonical_json()
            kept.append((checked, text))
            return text, note

        saved = self.store.save_on_head(proposal_id, write, by=user, at=_now())
        checked, text = kept[-1]
        self._keep((proposal_id, saved.number), checked, json.loads(text))
        return saved

    @staticmethod
    def _stale(proposal_id: int, based_on: int, head: int) -> StaleRevisionError:
        return StaleRevisionError(
            f"proposal {proposal_id}: revision {head} is the head, not revision "
            f"{based_on}, the one this save is based on; nothing is stored (read revision "
            f"{head}, then save again on it)", based_on=based_on, head=head)

    def _merged(self, proposal_id: int, based_on: int, head: int,
                content: ProposalContent, resolutions: Mapping[str, Choice] | None
                ) -> ProposalContent:
        result = merge_trees(self._tree(proposal_id, based_on), content_tree(content),
                             self._tree(proposal_id, head), resolutions)
        if result.conflicts:
            first = result.conflicts[0]
            raise MergeConflictError(
                f"proposal {proposal_id}: revision {head} was saved after revision "
                f"{based_on}, the one this save is based on, and both change "
                f"{len(result.conflicts)} field(s) differently, first {first.label} "
                f"({first.path}); nothing is stored: choose yours or revision {head}'s "
                "for each, then save again", based_on=based_on, head=head,
                conflicts=result.conflicts)
        assert result.content is not None
        return result.content

    def start_post_actions(self, proposal_id: int, *, by: str, based_on: int,
                           comment: str = "") -> Revision:
        """Save revision ``based_on`` again with the post actions its staffing tables
        stand for (``infer_post_actions``) as a proposal's first step towards stating
        its own: from then on, the tables are derived from the actions. Refused when the
        revision already has actions."""
        from rbb.engine.post_actions import infer_post_actions

        content = self.content(proposal_id, based_on)
        if content.post_actions:
            raise InputError(f"post_actions: revision {based_on} has "
                             f"{len(content.post_actions)} post action(s) already")
        actions = infer_post_actions(content.document.staffing_tables)
        if not actions:
            raise InputError(f"staffing_tables: revision {based_on}'s tables propose no "
                             "change of posts, so no action is read from them; state the "
                             "proposal's actions instead")
        return self.save_content(
            proposal_id, content.model_copy(update={"post_actions": actions}),
            based_on=based_on, by=by,
            comment=comment or f"{len(actions)} post action(s) read from the staffing tables")

    def restore(self, proposal_id: int, number: int, *, by: str, comment: str = "",
                based_on: int | None = None) -> Revision:
        """Revision ``number``'s content saved again as a new revision (on the head, or
        on ``based_on`` when the caller names the head it saw): nothing is overwritten."""
        user = self._require(by, SAVE_DUTY, "restore a revision")
        content = self.store.content(proposal_id, number)
        base = self.store.proposal(proposal_id).head if based_on is None else based_on
        return self.store.save(proposal_id, content, based_on=base, by=user, at=_now(),
                               comment=_comment(comment or f"restored revision {number}"),
                               restored_from=number)

    # --- transitions ----------------------------------------------------------------

    def act(self, proposal_id: int, action: ProposalAction, *, by: str, comment: str = ""
            ) -> Transition:
        """Take ``action`` (submit, return, approve, issue) if the proposal's state
        allows it and the user's role does; returning needs a comment."""
        proposal = self.store.proposal(proposal_id)
        allowed = transition_for(proposal.state, action)
        if allowed is None:
            possible = ", ".join(a.value for a in actions_from(proposal.state)) or "none"
            raise InputError(f"proposal {proposal_id} is {proposal.state.value}: it cannot "
                             f"be sent to {action.value} (possible: {possible})")
        user = self._require(by, allowed.duty, f"{action.value} a proposal")
        if allowed.needs_comment and not comment.strip():
            raise InputError(f"comment: to {action.value} a proposal, say why")
        if action is ProposalAction.SUBMIT:
            self._no_errors(proposal_id, proposal.head)
        return self.store.transition(proposal_id, allowed, by=user, at=_now(),
                                     comment=_comment(comment))

    def _no_errors(self, proposal_id: int, number: int) -> None:
        """Refuse to submit a revision ``rbb check`` finds an error in, naming how many
        and the first three."""
        errors = [f for f in self.findings(proposal_id, number)
                  if f.severity is Severity.ERROR]
        if not errors:
            return
        first = "; ".join(f"{f.code} at {_where(f)}: {f.message}" for f in errors[:3])
        raise InputError(f"proposal {proposal_id}: revision {number} has {len(errors)} "
                         f"error finding(s) of rbb check, so it cannot be submitted "
                         f"(rbb proposal check {proposal_id}); {first}")

    # --- reading --------------------------------------------------------------------

    def proposals(self, mission: str | None = None) -> list[Proposal]:
        return self.store.proposals(mission.upper() if mission else None)

    def show(self, proposal_id: int, number: int | None = None) -> ProposalView:
        proposal, revision = self.store.with_revision(proposal_id, number)
        return ProposalView(proposal, revision, self.document(proposal_id, revision.number),
                            actions_from(proposal.state))

    def document(self, proposal_id: int, number: int) -> Document:
        return self.content(proposal_id, number).document

    def document_json(self, proposal_id: int, number: int) -> bytes:
        """Revision ``number``'s document in the data format, as the API serves it: kept
        with the revision's content, since each editor reads the head it saves on."""
        key = (proposal_id, number)
        data = self._documents_json.get(key)
        if data is None:
            data = self.document(proposal_id, number).model_dump_json().encode("utf-8")
            self._documents_json.put(key, data)
        return data

    def content(self, proposal_id: int, number: int) -> ProposalContent:
        """Revision ``number``'s content: the document and its post actions. Kept once
        read (``CONTENTS_CACHE``): a save merges the revision it was based on and the
        head, which the editor and the API have just read."""
        key = (proposal_id, number)
        kept = self._contents.get(key)
        if kept is not None:
            return kept
        text = self.store.content(proposal_id, number)
        content = ProposalContent.model_validate_json(text, context=STORED)
        self._keep(key, content)
        return content

    def _keep(self, key: tuple[int, int], content: ProposalContent, tree: Any = None
              ) -> None:
        with self._lock:
            self._newest[key[0]] = max(self._newest.get(key[0], 0), key[1])
        self._contents.put(key, content)
        if tree is not None:
            self._trees.put(key, tree)

    def _tree(self, proposal_id: int, number: int) -> Any:
        """Revision ``number``'s JSON tree (``content_tree``), kept as its content is:
        the base and the head a save merges on are the same for many saves in a row."""
        key = (proposal_id, number)
        kept = self._trees.get(key)
        if kept is not None:
            return kept
        content = self.content(proposal_id, number)
        tree = content_tree(content)
        self._keep(key, content, tree)
        return tree

    def findings(self, proposal_id: int, number: int) -> list[Finding]:
        """``rbb check``'s findings on revision ``number``'s document, as the editor
        shows them after each save and as submitting requires (no error). Kept per
        content digest in this process (``FINDINGS_CACHE``), so a panel reloaded after
        each save checks each content once."""
        from rbb.engine.checks import run_checks

        text = self.store.content(proposal_id, number)
        digest = content_digest(text)
        cached = _FINDINGS.get(digest)
        if cached is not None:
            return list(cached)
        document = ProposalContent.model_validate_json(text, context=STORED).document
        found = tuple(run_checks([document]))
        _FINDINGS.put(digest, found)
        return list(found)

    def content_json(self, proposal_id: int, number: int) -> str:
        return self.store.content(proposal_id, number)

    def history(self, proposal_id: int) -> list[TrailRecord]:
        return self.store.trail(proposal_id)

    def diff(self, proposal_id: int, old: int, new: int) -> RevisionDiff:
        """The two revisions' contents compared: documents and post actions."""
        return compare(proposal_id, old, self.content(proposal_id, old), new,
                       self.content(proposal_id, new))

    def verify(self, proposal_id: int | None = None) -> TrailCheck:
        return self.store.verify(proposal_id)

    # --- roles ----------------------------------------------------------------------

    def _require(self, by: str | User, duty: Duty, doing: str) -> str:
        """The acting user's name if its role allows ``duty``; ``PermissionDeniedError``
        naming the role needed otherwise (an unknown user has none). A ``User`` is one
        the caller has just read (the web app, for the request): not read again."""
        try:
            user = by if isinstance(by, User) else self.accounts.user(by)
        except (NotFoundError, InputError):
            raise PermissionDeniedError(f"{by!r} has no account: to {doing}, an account "
                                        f"with the {duty.value} role is needed "
                                        "(rbb users add)") from None
        if not user.role.allows(Role(duty.value)):
            raise PermissionDeniedError(f"{user.username} is {user.role.value}: to {doing}, "
                                        f"the {duty.value} role is needed")
        return user.username


def _content(document: Document, post_actions: tuple[PostAction, ...] = (),
             driver_edits: tuple[str, ...] = ()) -> ProposalContent:
    if document.kind is not DocumentKind.BUDGET:
        raise InputError(f"kind: a proposal is a budget, not {document.kind.value}")
    if not document.draft:
        raise InputError("draft: a proposal's document is a draft (\"draft\": true)")
    try:
        return ProposalContent(document=document, post_actions=post_actions,
                               driver_edits=driver_edits)
    except ValidationError as error:  # pragma: no cover - valid already, edits bounded
        first = error.errors()[0]
        where = ".".join(str(part) for part in first["loc"])
        raise InputError(f"{where}: {first['msg']}") from None


def _matching(proposal: Proposal, document: Document) -> Document:
    """The document, if it is one of the proposal's mission and period."""
    if document.mission.code != proposal.mission:
        raise InputError(f"mission: the proposal is for {proposal.mission}, the document "
                         f"for {document.mission.code}")
    if document.period != proposal.period:
        raise InputError(f"period: the proposal is for {proposal.period}, the document "
                         f"for {document.period}")
    return document


MAX_POST_ACTIONS = 5_000
"""Post actions of one revision: a large mission's budget states a few hundred."""


def read_post_actions(data: object, *, where: str = "post_actions"
                      ) -> tuple[PostAction, ...]:
    """Post actions from JSON (a list of objects, as ``ProposalContent`` dumps them), or
    an ``InputError`` naming the item and its field (``post_actions.3 (post action a1)
    grade: ...``)."""
    from rbb.model.post_actions import PostActionError, post_action

    if not isinstance(data, list):
        raise InputError(f"{where}: a list of post actions")
    if len(data) > MAX_POST_ACTIONS:
        raise InputError(f"{where}: at most {MAX_POST_ACTIONS} post actions, not {len(data)}")
    actions: list[PostAction] = []
    for i, item in enumerate(data, start=1):
        if not isinstance(item, dict):
            raise InputError(f"{where}.{i}: a post action is an object")
        try:
            actions.append(post_action(**{str(k): v for k, v in item.items()}))
        except PostActionError as error:
            raise InputError(f"{where}.{i}: {error}") from None
    return tuple(actions)


def read_driver_edits(data: object, *, where: str = "driver_edits") -> tuple[str, ...]:
    """Driver edits from JSON (a list of ``KEY=VALUE`` texts, as ``ProposalContent``
    dumps them), each read as a scenario's edit and kept in its canonical spelling, or
    an ``InputError`` naming the item (``driver_edits.2: 'x=1': ...``)."""
    from rbb.costing.scenarios import Edit

    if not isinstance(data, list):
        raise InputError(f"{where}: a list of driver edits (KEY=VALUE)")
    if len(data) > MAX_DRIVER_EDITS:
        raise InputError(f"{where}: at most {MAX_DRIVER_EDITS} driver edits, not {len(data)}")
    edits: list[str] = []
    for i, item in enumerate(data, start=1):
        if not isinstance(item, str) or len(item) > 300:
            raise InputError(f"{where}.{i}: a driver edit is a text KEY=VALUE of at most "
                             "300 characters")
        try:
            edits.append(str(Edit.parse(item)))
        except (InputError, ValueError) as error:
            raise InputError(f"{where}.{i}: {error}") from None
    return tuple(edits)


def _where(finding: Finding) -> str:
    parts = [finding.table or finding.section, finding.row, finding.column]
    return " / ".join(p for p in parts if p) or finding.document


def _comment(text: str) -> str:
    comment = text.strip()
    if len(comment) > 2000:
        raise InputError(f"comment: at most 2000 characters, not {len(comment)}")
    if any((ord(c) < 32 and c not in "\n\t") or ord(c) == 127 for c in comment):
        raise InputError("comment: control characters are not allowed")
    return comment


def _now() -> datetime:
    return datetime.now(UTC)


# --- JSON for the CLI (and later the REST API) --------------------------------------

def proposal_data(proposal: Proposal) -> dict[str, Any]:
    return {"id": proposal.id, "mission": proposal.mission, "period": proposal.period.label,
            "state": proposal.state.value, "head": proposal.head,
            "created_by": proposal.created_by, "created_at": proposal.created_at.isoformat(),
            "trail_length": proposal.trail_length, "trail_hash": proposal.trail_hash}


def record_data(record: TrailRecord) -> dict[str, Any]:
    if isinstance(record, Revision):
        return {"record": "revision", "position": record.position, "number": record.number,
                "parent": record.parent, "restored_from": record.restored_from,
                "by": record.author, "at": record.saved_at.isoformat(),
                "comment": record.comment, "content_digest": record.content_digest,
                "previous_hash": record.previous_hash, "chain_hash": record.chain_hash}
    return {"record": "transition", "position": record.position,
            "action": record.action.value, "from": record.from_state.value,
            "to": record.to_state.value, "revision": record.revision, "by": record.by,
            "at": record.at.isoformat(), "comment": record.comment,
            "previous_hash": record.previous_hash, "chain_hash": record.chain_hash}


def check_data(check: TrailCheck) -> dict[str, Any]:
    problem = check.problem
    return {"intact": check.intact, "proposals": check.proposals, "records": check.records,
            "first_bad": None if problem is None else {
                "proposal": problem.proposal, "position": problem.position,
                "record": problem.record, "reason": problem.reason}}
