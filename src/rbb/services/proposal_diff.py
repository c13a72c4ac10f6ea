"""Two revisions of a proposal compared (docs/preparation.md): every money-table cell
that differs, with its old and new amounts and the change, and the paragraphs and
framework texts and targets that differ, as a word diff."""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum
from typing import Any, TypeVar

from rbb.model import Document

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
class RevisionDiff:
    proposal: int
    old: int
    new: int
    figures: tuple[FigureChange, ...]
    texts: tuple[TextChange, ...]

    @property
    def same(self) -> bool:
        return not self.figures and not self.texts


def compare(proposal: int, old_number: int, old: Document, new_number: int,
            new: Document) -> RevisionDiff:
    return RevisionDiff(proposal, old_number, new_number, tuple(figure_changes(old, new)),
                        tuple(text_changes(old, new)))


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
    """The comparison as JSON (``rbb proposal diff --json``): amounts as exact strings."""
    def text(value: Decimal | None) -> str | None:
        return None if value is None else format(value, "f")

    return {"proposal": diff.proposal, "old": diff.old, "new": diff.new,
            "figures": [{"table": f.table, "line": f.line, "label": f.label,
                         "column": f.column, "old": text(f.old), "new": text(f.new),
                         "change": text(f.change)} for f in diff.figures],
            "texts": [{"where": t.where, "old": t.old, "new": t.new,
                       "words": [[op.value, words] for op, words in t.words]}
                      for t in diff.texts]}


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
