"""Three-way merge of two revisions of a proposal based on the same revision
(docs/preparation.md, "Saving on an older revision merges"): pure functions over the
JSON trees of ``ProposalContent`` (``model_dump(mode="json")``), no I/O.

Objects merge key by key. A list of records merges record by record when its records
have an identifying key (``KEYS``: a post action's ``id``, a component's ``key``, a
money row's ``line``, an indicator's ``number``...) and that key is present and unique
on all three sides; otherwise it merges position by position when all three sides keep
its length, else it is one field (always for the lists of ``WHOLE``). A field changed
on one side takes that side; changed on both to the same value is kept; changed
differently is a ``FieldConflict`` unless ``resolutions`` chooses a side for its path.

A path names a field by JSON keys and record keys joined by ``/``
(``document/components/substantive/expected_accomplishments/1.1/indicators/1.1.2/text``);
a ``/`` or ``%`` inside a key is written ``%2F``, ``%25``, and a composite key joins its
parts with ``,`` (``%2C`` inside a part)."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from pydantic import ValidationError

from rbb.model.base import STORED
from rbb.model.errors import InputError
from rbb.model.proposals import Choice, FieldConflict, ProposalContent
from rbb.model.tables import Paragraph

Json = Any
"""A JSON value as ``json.loads`` gives it."""


class _Absent:
    """A record or an object key one side does not hold (deleted, or never added)."""

    def __repr__(self) -> str:
        return "ABSENT"


ABSENT: Any = _Absent()

KEYS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("post_actions", ("id",)),
    ("document/financial_tables", ("key",)),
    ("document/financial_tables/*/columns", ("key",)),
    ("document/financial_tables/*/rows", ("line",)),
    ("document/staffing_tables", ("key",)),
    ("document/staffing_tables/*/rows", ("office", "parent_office", "kind", "period",
                                         "row_type")),
    ("document/civilian_cost_estimates", ("component", "kind", "period")),
    ("document/vacancy_factors", ("category", "kind", "period")),
    ("document/components", ("key",)),
    ("document/components/*/expected_accomplishments", ("number",)),
    ("document/components/*/expected_accomplishments/*/indicators", ("number",)),
    ("document/components/*/expected_accomplishments/*/indicators/*/values", ("period",)),
    ("document/training_participants", ("category", "kind", "location", "period")),
    ("document/quick_impact_projects", ("kind", "period")),
    ("document/variance_explanations", ("line",)),
    ("document/variance_explanations/*/paragraphs", ("number",)),
)
"""The identifying key of each list of records, by the list's path pattern (``*`` for
any record). Lists not named here (outputs, paragraphs, coverage...) merge by position."""

_KEYS = dict(KEYS)

WHOLE = frozenset({"driver_edits"})
"""Lists that merge as one field, never record by record: the driver edits, whose order
is their meaning (a relative edit applies on those before it). Two saves that both
appended edits conflict on ``driver_edits`` ("driver edits") unless they appended the
same; a save that left them as they were takes the other side's."""

LABELS: dict[str, str] = {
    "post_actions": "Post actions", "financial_tables": "Money tables",
    "staffing_tables": "Staffing tables", "components": "Frameworks",
    "expected_accomplishments": "expected accomplishment", "indicators": "indicator",
    "outputs": "output", "quantities": "quantity", "values": "value",
    "paragraphs": "paragraph", "rows": "row", "columns": "column",
    "vacancy_factors": "Vacancy factors", "variance_explanations": "Variance explanations",
    "civilian_cost_estimates": "Civilian cost estimates",
}
"""What a reader calls a list: the document's own by these names, a nested list's
records by the singular; any other field by its name."""

_TOP = {"paragraphs": "Paragraphs", "rows": "Rows", "values": "Values"}
"""Labels of the document's own lists where they differ from a nested list's."""


@dataclass(frozen=True, slots=True)
class MergeResult:
    """The merged tree, and the conflicts no resolution decided (empty: merged)."""

    merged: Json
    conflicts: tuple[FieldConflict, ...]


def merge(base: Json, mine: Json, theirs: Json,
          resolutions: Mapping[str, Choice] | None = None, *,
          settled: Callable[[str], bool] = lambda path: False) -> MergeResult:
    """Merge the edits ``mine`` and ``theirs`` made to ``base``. A conflict at a path in
    ``resolutions`` takes the side chosen; one at a path ``settled`` accepts takes
    ``theirs`` silently (a part derived again after the merge)."""
    state = _Merge(dict(resolutions or {}), settled)
    merged = state.node(base, mine, theirs, (), ())
    return MergeResult(merged, tuple(state.conflicts))


def path_text(segments: Sequence[str]) -> str:
    return "/".join(_escape(s) for s in segments)


def _escape(segment: str) -> str:
    return segment.replace("%", "%25").replace("/", "%2F")


def _pattern(segments: Sequence[str], keyed: Sequence[bool]) -> str:
    return "/".join("*" if k else s for s, k in zip(segments, keyed, strict=True))


class _Merge:
    def __init__(self, resolutions: dict[str, Choice], settled: Callable[[str], bool]
                 ) -> None:
        self.resolutions = resolutions
        self.settled = settled
        self.conflicts: list[FieldConflict] = []

    def node(self, base: Json, mine: Json, theirs: Json, path: tuple[str, ...],
             keyed: tuple[bool, ...]) -> Json:
        if _same(mine, theirs):
            return mine
        if _same(mine, base):
            return theirs
        if _same(theirs, base):
            return mine
        if isinstance(base, dict) and isinstance(mine, dict) and isinstance(theirs, dict):
            return self.objects(base, mine, theirs, path, keyed)
        if isinstance(base, list) and isinstance(mine, list) and isinstance(theirs, list):
            return self.lists(base, mine, theirs, path, keyed)
        return self.conflict(base, mine, theirs, path, keyed)

    def objects(self, base: dict[str, Json], mine: dict[str, Json],
                theirs: dict[str, Json], path: tuple[str, ...], keyed: tuple[bool, ...]
                ) -> dict[str, Json]:
        out: dict[str, Json] = {}
        for key in _ordered(list(base), list(mine), list(theirs)):
            value = self.node(base.get(key, ABSENT), mine.get(key, ABSENT),
                              theirs.get(key, ABSENT), (*path, key), (*keyed, False))
            if value is not ABSENT:
                out[key] = value
        return out

    def lists(self, base: list[Json], mine: list[Json], theirs: list[Json],
              path: tuple[str, ...], keyed: tuple[bool, ...]) -> Json:
        if path_text(path) in WHOLE:
            return self.conflict(base, mine, theirs, path, keyed)
        fields = _KEYS.get(_pattern(path, keyed))
        if fields is not None:
            sides = [_keyed(side, fields) for side in (base, mine, theirs)]
            if all(s is not None for s in sides):
                b, m, t = (s for s in sides if s is not None)
                merged: dict[str, Json] = {}
                for key in _ordered(list(b), list(m), list(t)):
                    value = self.node(b.get(key, ABSENT), m.get(key, ABSENT),
                                      t.get(key, ABSENT), (*path, key), (*keyed, True))
                    if value is not ABSENT:
                        merged[key] = value
                return list(merged.values())
        if len(base) == len(mine) == len(theirs):
            return [self.node(b, m, t, (*path, str(i + 1)), (*keyed, True))
                    for i, (b, m, t) in enumerate(zip(base, mine, theirs, strict=True))]
        return self.conflict(base, mine, theirs, path, keyed)

    def conflict(self, base: Json, mine: Json, theirs: Json, path: tuple[str, ...],
                 keyed: tuple[bool, ...]) -> Json:
        where = path_text(path)
        choice = self.resolutions.get(where)
        if choice is Choice.MINE:
            return mine
        if choice is Choice.THEIRS or self.settled(where):
            return theirs
        self.conflicts.append(FieldConflict(
            path=where, label=label(path, keyed), base=_shown(base), mine=_shown(mine),
            theirs=_shown(theirs)))
        return theirs


def label(path: Sequence[str], keyed: Sequence[bool]) -> str:
    """A reader's name for a path: ``Frameworks › substantive › expected accomplishment
    1.1 › indicator 1.1.2 › text``."""
    parts: list[str] = []
    for i, segment in enumerate(path):
        if keyed[i] or segment == "document":
            continue
        if i + 1 < len(path) and keyed[i + 1]:
            top = i == 0 or (i == 1 and path[0] == "document")
            if top:
                parts.extend([_TOP.get(segment) or LABELS.get(segment) or _words(segment),
                              _shown_key(path[i + 1])])
            else:
                parts.append(f"{LABELS.get(segment) or _words(segment)} "
                             f"{_shown_key(path[i + 1])}")
        else:
            parts.append(_words(segment))
    return " › ".join(parts) or "the whole content"


def _shown_key(key: str) -> str:
    """A record's key as a reader sees it: a composite key's parts, the empty left out."""
    return ", ".join(part.replace("%2C", ",") for part in key.split(",") if part)


def _words(name: str) -> str:
    return name.replace("_", " ")


def _keyed(records: list[Json], fields: tuple[str, ...]) -> dict[str, Json] | None:
    """The records by their key, or None when one lacks it or two share it."""
    out: dict[str, Json] = {}
    for record in records:
        if not isinstance(record, dict):
            return None
        values = [record.get(f) for f in fields]
        if len(fields) == 1 and not isinstance(values[0], str | int):
            return None
        if any(isinstance(v, dict | list) for v in values):
            return None
        key = ",".join("" if v is None else re.sub(",", "%2C", str(v)) for v in values)
        if key in out:
            return None
        out[key] = record
    return out


def _ordered(base: list[str], mine: list[str], theirs: list[str]) -> list[str]:
    """The keys of the merge in order: the order of the side that reordered (theirs
    when both did), the other side's additions after the key before them there."""
    if [k for k in theirs if k in base] == [k for k in base if k in theirs]:
        skeleton, other = mine, theirs
    else:
        skeleton, other = theirs, mine
    out = list(skeleton)
    seen = set(out)
    for i, key in enumerate(other):
        if key in seen:
            continue
        before = next((k for k in reversed(other[:i]) if k in seen), None)
        out.insert(0 if before is None else out.index(before) + 1, key)
        seen.add(key)
    for key in base:  # deleted on one side, still to be decided
        if key not in seen:
            out.append(key)
            seen.add(key)
    return out


def _same(a: Json, b: Json) -> bool:
    return a is b or (type(a) is type(b) and a == b)


def _shown(value: Json) -> Json:
    return None if value is ABSENT else value


# --- a proposal's content ------------------------------------------------------------

JUSTIFICATION_SECTION = "I.D.staffing"
"""The section of the document's paragraphs that holds the justification paragraphs
derived from the post actions: the report prints it at the end of section I.D
(Results-based budgeting frameworks, beside the staffing tables), and each save with
post actions replaces it."""

_DERIVED = "derived_paragraphs"


@dataclass(frozen=True, slots=True)
class ContentMerge:
    content: ProposalContent | None
    """The merged content; None when a conflict is left."""
    conflicts: tuple[FieldConflict, ...]


def merge_contents(base: ProposalContent, mine: ProposalContent, theirs: ProposalContent,
                   resolutions: Mapping[str, Choice] | None = None) -> ContentMerge:
    """``merge`` of two contents edited from ``base``. The derived justification
    paragraphs merge apart from the others, and when the merge has post actions, what
    they derive (the staffing tables, those paragraphs) never conflicts: it is derived
    again from the merged actions (``derived_content``), the approved rows being the
    head's where both sides changed them."""
    return merge_trees(content_tree(base), content_tree(mine), content_tree(theirs),
                       resolutions)


def content_tree(content: ProposalContent) -> Json:
    """The content's JSON tree as ``merge_trees`` reads it. A tree is never changed once
    made, so a service may keep the trees of the revisions it merges onto (the canonical
    JSON read back with ``json.loads`` gives the same tree)."""
    return content.model_dump(mode="json")


def merge_trees(base: Json, mine: Json, theirs: Json,
                resolutions: Mapping[str, Choice] | None = None) -> ContentMerge:
    """``merge_contents`` of the three contents' trees (``content_tree``), which are
    read, not changed.

    The merged tree is validated in the ``STORED`` context: its structure, types and
    rules across fields are checked again, its figures one by one are not, for every
    figure in it is one of the three sides', each of them a valid content already."""
    trees = [_split(tree) for tree in (base, mine, theirs)]
    only = [{"post_actions": t["post_actions"]} for t in trees]
    acts = merge(only[0], only[1], only[2], resolutions)
    actions = bool(acts.merged.get("post_actions")) if not acts.conflicts else True

    def settled(path: str) -> bool:
        return actions and (path.startswith(("document/staffing_tables", _DERIVED)))

    result = merge(trees[0], trees[1], trees[2], resolutions, settled=settled)
    if result.conflicts:
        return ContentMerge(None, result.conflicts)
    merged = dict(result.merged)  # the sides' subtrees are shared, never changed
    derived = merged.pop(_DERIVED, [])
    merged["document"] = {**merged["document"], "paragraphs": [
        *merged["document"].get("paragraphs", []), *derived]}
    try:
        return ContentMerge(ProposalContent.model_validate(merged, context=STORED), ())
    except ValidationError as error:
        first = error.errors()[0]
        where = ".".join(str(part) for part in first["loc"])
        raise InputError(f"{where}: {first['msg']} (after merging both edits)") from None


def _split(tree: dict[str, Json]) -> dict[str, Json]:
    """The tree with the derived justification paragraphs apart: a new top and
    document object, the rest shared."""
    paragraphs = tree["document"].get("paragraphs", [])
    document = {**tree["document"], "paragraphs": [
        p for p in paragraphs if p.get("section") != JUSTIFICATION_SECTION]}
    return {**tree, "document": document, _DERIVED: [
        p for p in paragraphs if p.get("section") == JUSTIFICATION_SECTION]}


def derived_content(content: ProposalContent) -> ProposalContent:
    """The content with its staffing tables (the components' and the "Human resources"
    summary) and its justification paragraphs derived from its post actions
    (``rbb.engine.post_actions``); without post actions, the content as it is. An action
    that does not apply is a ``PostActionError`` naming its id and field."""
    if not content.post_actions:
        return content
    from rbb.engine.post_actions import apply_post_actions

    document = content.document
    staffing = apply_post_actions(document.staffing_tables, content.post_actions)
    kept = [p for p in document.paragraphs if p.section != JUSTIFICATION_SECTION]
    derived = [Paragraph(section=JUSTIFICATION_SECTION, text=j.paragraph)
               for j in staffing.justifications]
    return content.model_copy(update={"document": document.model_copy(update={
        "staffing_tables": staffing.tables, "paragraphs": (*kept, *derived)})})
