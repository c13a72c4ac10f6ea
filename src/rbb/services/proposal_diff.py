"""Two revisions of a proposal compared (docs/preparation.md): every money-table cell,
staffing-table cell and vacancy rate that differs, with its old and new values and the
change; the post actions added, removed or changed (by their id); and the paragraphs,
framework texts and targets, justifications and follow-up of requests that differ, as a
word diff."""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum
from typing import Any, TypeVar

from rbb.model import Document
from rbb.model.post_actions import PostAction
from rbb.model.proposals import ProposalContent
from rbb.model.staffing import StaffingRow
from rbb.model.tables import FollowUp

from .framework_diff import framework_changes

K = TypeVar("K")


@dataclass(frozen=True, slots=True)
class FigureChange:
    table: str
    line: str
    label: str
    column: str
    old: Decimal | None
    new: Decimal | None
    """None where the cell is absent or holds no amount (``n/a``)."""

    @property
    def change(self) -> Decimal | None:
        return None if self.old is None or self.new is None else self.new - self.old


class WordOp(StrEnum):
    SAME = "same"
    REMOVED = "removed"
    ADDED = "added"


@dataclass(frozen=True, slots=True)
class TextChange:
    where: str
    """``title``, ``paragraph II.A 12``, ``variance explanation international_staff 3``."""
    old: str | None
    new: str | None
    words: tuple[tuple[WordOp, str], ...]

    def marked(self) -> str:
        """The word diff as ``git diff --word-diff=plain`` writes it: ``[-old-]{+new+}``."""
        parts = []
        for op, text in self.words:
            if op is WordOp.REMOVED:
                parts.append(f"[-{text}-]")
            elif op is WordOp.ADDED:
                parts.append(f"{{+{text}+}}")
            else:
                parts.append(text)
        return " ".join(parts)


@dataclass(frozen=True, slots=True)
class CountChange:
    """A staffing table's cell that differs: posts in one revision and the other."""

    table: str
    office: str
    """The row's office or subtotal label, ``… (2)`` for a second row of the same key."""
    kind: str
    """``approved``, ``proposed``, ``net_change``, ``actual_average``."""
    period: str | None
    column: str
    old: int | None
    new: int | None
    """None where the row or the cell is absent (no cell printed)."""

    @property
    def row(self) -> str:
        """The row as a reader names it: ``Office of Legal Affairs, proposed 2025/26``."""
        what = " ".join(p for p in (self.kind.replace("_", " "), self.period) if p)
        return f"{self.office}, {what}"

    @property
    def change(self) -> int | None:
        return None if self.old is None or self.new is None else self.new - self.old


@dataclass(frozen=True, slots=True)
class RateChange:
    """A vacancy factor that differs, by category, period and kind: per cent."""

    category: str
    period: str
    kind: str
    old: Decimal | None
    new: Decimal | None
    """None where the revision has no such rate, or prints none."""

    @property
    def change(self) -> Decimal | None:
        return None if self.old is None or self.new is None else self.new - self.old


class Status(StrEnum):
    ADDED = "added"
    REMOVED = "removed"
    CHANGED = "changed"


@dataclass(frozen=True, slots=True)
class FieldChange:
    """One field of a post action, old → new as its text (None: not set)."""

    field: str
    old: str | None
    new: str | None


@dataclass(frozen=True, slots=True)
class PostActionChange:
    """A post action added, removed or changed, matched by its id: the count as a figure
    with its change, the other fields old → new, the justification as a word diff."""

    id: str
    status: Status
    summary: str
    """What the action is, as the newer side states it: ``establishment: 1 P-4, Office of
    Legal Affairs (substantive)``."""
    old_count: int | None
    new_count: int | None
    """Equal when the count did not change; None on the side that lacks the action."""
    fields: tuple[FieldChange, ...]
    justification: TextChange | None

    @property
    def count_change(self) -> int | None:
        if self.old_count is None or self.new_count is None:
            return None
        return self.new_count - self.old_count


@dataclass(frozen=True, slots=True)
class RevisionDiff:
    proposal: int
    old: int
    new: int
    figures: tuple[FigureChange, ...]
    texts: tuple[TextChange, ...]
    staffing: tuple[CountChange, ...] = ()
    vacancy: tuple[RateChange, ...] = ()
    post_actions: tuple[PostActionChange, ...] = ()
    follow_up: tuple[TextChange, ...] = ()

    @property
    def same(self) -> bool:
        return not (self.figures or self.texts or self.staffing or self.vacancy
                    or self.post_actions or self.follow_up)


def compare(proposal: int, old_number: int, old: ProposalContent, new_number: int,
            new: ProposalContent) -> RevisionDiff:
    """The two revisions' contents compared part by part: their documents and their post
    actions."""
    a, b = old.document, new.document
    return RevisionDiff(proposal, old_number, new_number, tuple(figure_changes(a, b)),
                        tuple(text_changes(a, b)), tuple(staffing_changes(a, b)),
                        tuple(vacancy_changes(a, b)),
                        tuple(post_action_changes(old.post_actions, new.post_actions)),
                        tuple(follow_up_changes(a, b)))


def figure_changes(old: Document, new: Document) -> Iterator[FigureChange]:
    """Every cell of the money tables that differs, in the order of the new revision's
    tables, rows and columns (then what only the old one has)."""
    old_tables = {t.key: t for t in old.financial_tables}
    new_tables = {t.key: t for t in new.financial_tables}
    for key in _union(new_tables, old_tables):
        before, after = old_tables.get(key), new_tables.get(key)
        old_rows = _rows(before.rows if before else ())
        new_rows = _rows(after.rows if after else ())
        columns = _union([c.key for c in after.columns] if after else [],
                         [c.key for c in before.columns] if before else [])
        for row_key in _union(new_rows, old_rows):
            was, now = old_rows.get(row_key), new_rows.get(row_key)
            label = (now or was).label  # type: ignore[union-attr]
            for column in columns:
                a = was.values.get(column) if was else None
                b = now.values.get(column) if now else None
                if a != b:
                    yield FigureChange(key, row_key[0], label, column, a, b)


def text_changes(old: Document, new: Document) -> Iterator[TextChange]:
    """The title, the paragraphs, the paragraphs explaining variances and the
    frameworks' texts and indicator values (``framework_diff``) that differ, each as a
    word diff; a text only one revision has is all added or all removed."""
    if old.title != new.title:
        yield _changed("title", old.title, new.title)
    old_texts, new_texts = dict(_texts(old)), dict(_texts(new))
    for where in _union(new_texts, old_texts):
        before, after = old_texts.get(where), new_texts.get(where)
        if before != after:
            yield _changed(where, before, after)
    for where, was, now in framework_changes(old.components, new.components):
        yield _changed(where, was, now)


def staffing_changes(old: Document, new: Document) -> Iterator[CountChange]:
    """Every count of the staffing tables that differs, in the new revision's order of
    tables, rows and columns (then what only the old one has). Rows are matched by
    office, parent office, kind, period and type; a row repeated under the same key is
    told apart by its occurrence."""
    old_tables = {t.key: t for t in old.staffing_tables}
    new_tables = {t.key: t for t in new.staffing_tables}
    for key in _union(new_tables, old_tables):
        before, after = old_tables.get(key), new_tables.get(key)
        old_rows = _staffing_rows(before.rows if before else ())
        new_rows = _staffing_rows(after.rows if after else ())
        columns = _union(after.columns if after else (), before.columns if before else ())
        for row_key in _union(new_rows, old_rows):
            was, now = old_rows.get(row_key), new_rows.get(row_key)
            row = now or was
            assert row is not None
            occurrence = row_key[1]
            office = row.office if occurrence == 0 else f"{row.office} ({occurrence + 1})"
            for column in columns:
                a = was.counts.get(column) if was else None
                b = now.counts.get(column) if now else None
                if a != b:
                    yield CountChange(key, office, row.kind.value,
                                      row.period.label if row.period else None,
                                      column.value, a, b)


def vacancy_changes(old: Document, new: Document) -> Iterator[RateChange]:
    """Every vacancy rate that differs, by category, period and kind, in the new
    revision's order (then the rates only the old one has)."""
    def keyed(document: Document) -> dict[tuple[str, str, str], Decimal | None]:
        return {(f.category.value, f.period.label, f.kind.value): f.rate
                for f in document.vacancy_factors}

    before, after = keyed(old), keyed(new)
    for key in _union(after, before):
        a, b = before.get(key), after.get(key)
        if a != b or (key in before) != (key in after):
            yield RateChange(*key, a, b)


def post_action_changes(old: Iterable[PostAction], new: Iterable[PostAction]
                        ) -> Iterator[PostActionChange]:
    """The post actions added, removed or changed, matched by id, in the new
    revision's order (then those removed)."""
    before = {a.id: a for a in old}
    after = {a.id: a for a in new}
    for key in _union(after, before):
        was, now = before.get(key), after.get(key)
        if was == now:
            continue
        status = (Status.ADDED if was is None else Status.REMOVED if now is None
                  else Status.CHANGED)
        fields = tuple(
            FieldChange(name, a, b) for name in _ACTION_FIELDS
            if (a := _field(was, name)) != (b := _field(now, name)))
        old_text = was.justification if was is not None else None
        new_text = now.justification if now is not None else None
        justification = None
        if old_text != new_text and (old_text or new_text):
            justification = _changed(f"post action {key} justification", old_text or None,
                                     new_text or None)
        action = now or was
        assert action is not None
        yield PostActionChange(key, status, _summary(action),
                               was.count if was else None, now.count if now else None,
                               fields, justification)


def follow_up_changes(old: Document, new: Document) -> Iterator[TextChange]:
    """The follow-up of requests whose heading, request or action differs, as word
    diffs. A request is matched by its body and reference and its place among the
    requests of that reference (``follow-up acabq A/78/744/Add.7 #2 action``)."""
    before, after = _requests(old), _requests(new)
    for key in _union(after, before):
        was, now = before.get(key), after.get(key)
        if was == now:
            continue
        body, reference, place = key
        where = " ".join(p for p in ("follow-up", body, reference, f"#{place}") if p)
        for part in ("heading", "request", "action"):
            a = getattr(was, part) if was is not None else None
            b = getattr(now, part) if now is not None else None
            if a != b:
                yield _changed(f"{where} {part}", a, b)


def word_diff(old: str, new: str) -> tuple[tuple[WordOp, str], ...]:
    a, b = old.split(), new.split()
    ops: list[tuple[WordOp, str]] = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(a=a, b=b, autojunk=False).get_opcodes():
        if tag == "equal":
            ops.append((WordOp.SAME, " ".join(a[i1:i2])))
            continue
        if i2 > i1:
            ops.append((WordOp.REMOVED, " ".join(a[i1:i2])))
        if j2 > j1:
            ops.append((WordOp.ADDED, " ".join(b[j1:j2])))
    return tuple(ops)


def diff_data(diff: RevisionDiff) -> dict[str, Any]:
    """The comparison as JSON (``rbb proposal diff --json``): amounts, counts and rates
    as exact strings."""
    return {"proposal": diff.proposal, "old": diff.old, "new": diff.new,
            "figures": [{"table": f.table, "line": f.line, "label": f.label,
                         "column": f.column, "old": _exact(f.old), "new": _exact(f.new),
                         "change": _exact(f.change)} for f in diff.figures],
            "texts": [_text_data(t) for t in diff.texts],
            "staffing": [{"table": c.table, "office": c.office, "kind": c.kind,
                          "period": c.period, "column": c.column, "old": _exact(c.old),
                          "new": _exact(c.new), "change": _exact(c.change)}
                         for c in diff.staffing],
            "vacancy_factors": [{"category": r.category, "period": r.period,
                                 "kind": r.kind, "old": _exact(r.old),
                                 "new": _exact(r.new), "change": _exact(r.change)}
                                for r in diff.vacancy],
            "post_actions": [{"id": p.id, "status": p.status.value, "summary": p.summary,
                              "count": {"old": _exact(p.old_count),
                                        "new": _exact(p.new_count),
                                        "change": _exact(p.count_change)},
                              "fields": [{"field": f.field, "old": f.old, "new": f.new}
                                         for f in p.fields],
                              "justification": (_text_data(p.justification)
                                                if p.justification else None)}
                             for p in diff.post_actions],
            "follow_up": [_text_data(t) for t in diff.follow_up]}


def _exact(value: Decimal | int | None) -> str | None:
    return None if value is None else format(value, "f") if isinstance(
        value, Decimal) else str(value)


def _text_data(change: TextChange) -> dict[str, Any]:
    return {"where": change.where, "old": change.old, "new": change.new,
            "words": [[op.value, words] for op, words in change.words]}


def _changed(where: str, old: str | None, new: str | None) -> TextChange:
    if old is None:
        words: tuple[tuple[WordOp, str], ...] = ((WordOp.ADDED, new or ""),)
    elif new is None:
        words = ((WordOp.REMOVED, old),)
    else:
        words = word_diff(old, new)
    return TextChange(where, old, new, words)


def _rows(rows: Iterable[Any]) -> dict[tuple[str, int], Any]:
    """Rows by line; a line printed twice in one table is told apart by its occurrence."""
    found: dict[tuple[str, int], Any] = {}
    seen: dict[str, int] = {}
    for row in rows:
        count = seen.get(row.line, 0)
        seen[row.line] = count + 1
        found[row.line, count] = row
    return found


def _staffing_rows(rows: Iterable[StaffingRow]
                   ) -> dict[tuple[tuple[object, ...], int], StaffingRow]:
    """Rows by the merge's key (office, parent office, kind, period, type) and their
    occurrence under it (0 for the first)."""
    found: dict[tuple[tuple[object, ...], int], StaffingRow] = {}
    seen: dict[tuple[object, ...], int] = {}
    for row in rows:
        key = (row.office, row.parent_office, row.kind, row.period, row.row_type)
        count = seen.get(key, 0)
        seen[key] = count + 1
        found[key, count] = row
    return found


_ACTION_FIELDS = ("kind", "component", "office", "grade", "functional_title",
                  "destination_component", "destination_office", "new_grade")
"""The fields shown old → new; the count is a figure and the justification a word
diff of their own."""


def _field(action: PostAction | None, name: str) -> str | None:
    value = getattr(action, name) if action is not None else None
    return None if value is None else str(value)


def _summary(action: PostAction) -> str:
    where = f"{action.office} ({action.component})"
    to = ""
    if action.moves_office or action.to_component != action.component:
        to = f" to {action.to_office} ({action.to_component})"
    grade = f"{action.grade} to {action.new_grade}" if action.new_grade else action.grade
    return f"{action.kind.value}: {action.count} {grade}, {where}{to}"


def _requests(document: Document) -> dict[tuple[str, str | None, int], FollowUp]:
    """The follow-up by body, reference and place (from 1) among that reference's."""
    found: dict[tuple[str, str | None, int], FollowUp] = {}
    seen: dict[tuple[str, str | None], int] = {}
    for item in document.follow_up:
        count = seen.get((item.body, item.reference), 0) + 1
        seen[item.body, item.reference] = count
        found[item.body, item.reference, count] = item
    return found


def _texts(document: Document) -> Iterator[tuple[str, str]]:
    seen: dict[str, int] = {}
    for paragraph in document.paragraphs:
        name = " ".join(str(part) for part in (paragraph.section, paragraph.number,
                                               paragraph.letter) if part is not None)
        yield _once(f"paragraph {name}", seen), paragraph.text
    for explanation in document.variance_explanations:
        for index, vp in enumerate(explanation.paragraphs, start=1):
            number = vp.number if vp.number is not None else f"#{index}"
            yield _once(f"variance explanation {explanation.line} {number}", seen), vp.text


def _once(name: str, seen: dict[str, int]) -> str:
    """The name, told apart from an earlier one of the same name (``… (2)``)."""
    count = seen.get(name, 0) + 1
    seen[name] = count
    return name if count == 1 else f"{name} ({count})"


def _union(first: Iterable[K], second: Iterable[K]) -> list[K]:
    return list(dict.fromkeys([*first, *second]))
