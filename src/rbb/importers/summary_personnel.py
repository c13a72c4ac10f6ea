"""A budget Summary's "Human resources" table, read from its text in any rendering.

After "Financial resources" a budget's Summary prints "Human resources" (often
with a footnote mark): one column per category of personnel in the order
printed (``Military observers ... United Nations Volunteers  Total``; the
budgets of 2005-2012 also print ``Military contingents``, ``Civilian police``,
``Formed police units``, ``National staff``, ``Temporary positions``,
``Government-provided personnel``), then each component's label over its
``Approved 2024/25`` and ``Proposed 2025/26`` rows, ``Components`` grouping
components without rows of its own, and ``Total`` with a ``Net change`` row.

Public copies give the table as PDF text, as Word text collapsed onto one line
(cells in `` / `` or ``|``) or inside HTML tags, so it is read like the other
summary tables (``summary_tables``): as one stream of words, the title and
the header by their words, a row by its kind and period, its cells by the UN
number formats. A run of space-grouped thousands (``15 000 1 200``) is split
into exactly one cell per column; where two splits remain, the one whose Total
equals the sum of the other columns is kept, else an error, never a guess.
What the columns and rows mean comes from ``staffing_table_rules``, as for the
line-based readers, so every shape stores the same ``StaffingTable``.

Every step is bounded: a title is checked in a fixed window, a label and a row's
cells take at most a fixed number of words, the words a table took are not read
again, and the first table read ends the search.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from decimal import Decimal

from rbb.model import Diagnostic, DiagnosticSeverity, Period
from rbb.model.staffing import StaffingColumn, StaffingKind, StaffingTable

from .cells import letters, parse_number
from .source import Line
from .staffing_table_rules import (
    CATEGORY_COLUMNS,
    OfficeBlock,
    PostsRow,
    kind_of,
    staffing_rows,
)
from .summary_tables import Word, is_cell_word, splits_of, words_of

__all__ = ["HUMAN_RESOURCES", "SECTION", "read_personnel_summary"]

HUMAN_RESOURCES = "human_resources"
SECTION = "human_resources"
_TITLE = "Human resources"

_COLUMNS: dict[str, StaffingColumn] = {
    **CATEGORY_COLUMNS,
    # older names of the same categories (budgets of 2005-2012)
    "civilianpolice": StaffingColumn.UNITED_NATIONS_POLICE,
    "militarycontingentpersonnel": StaffingColumn.MILITARY_CONTINGENTS,
    "formedpolicepersonnel": StaffingColumn.FORMED_POLICE_UNITS,
    "nationalgeneralservice": StaffingColumn.NGS,
}
_PREFIXES = frozenset(name[:end] for name in _COLUMNS for end in range(len(name) + 1))
_MARK = re.compile(r"^\^?[a-z]\)?$|^\^[a-z]$")
"""A footnote mark printed as a word of its own: ``a``, ``^a``, ``b)``."""
_RESOURCES = re.compile(r"^resources(?:\^?[a-z])?\**(?:\^?[a-z])?$", re.I)
"""The title's last word, a footnote mark glued to it or not; never ``resources:``."""
_RULE = re.compile(r"^[-:_=—–]{3,}$")
"""A rule of a Markdown table (``|---|---|``) or under a PDF heading: no word."""
_PERIOD = re.compile(r"^\(?(?P<period>(?:19|20)\d\d/\d\d)\)?(?:\^?[a-z])?$")
_KIND_WORDS = 4
"""The most words of a row's label: ``Approved temporary positions 2006/07``."""
_HEADINGS = frozenset({"components"})
"""A heading of the template that only groups the labels below it."""
_NAME_WORDS = 5
_MAX_HEADER_WORDS = 60
_MAX_HEADER_LINES = 3
_STACKED_WORDS = 3
"""The most words a column's name takes from one line of a stacked header."""
_MAX_LABEL_WORDS = 12
_MAX_TOKENS_PER_CELL = 4
_MAX_TEXT = 300


@dataclass(frozen=True, slots=True)
class _Kind:
    kind: StaffingKind
    period: Period | None
    size: int
    """How many words the row's label takes (``Approved posts 2006/07``: 3)."""


def read_personnel_summary(text: str, *, name: str
                           ) -> tuple[StaffingTable | None, tuple[Diagnostic, ...]]:
    """The Summary's "Human resources" table (key ``human_resources``) wherever it is
    printed, with problems as diagnostics naming ``name``, the line and the row; None
    when the text prints no such table (a sentence or a contents entry naming human
    resources, the incumbency table or a component's table is not one)."""
    words = [word for word in words_of(text) if not _RULE.match(word.text)]
    reader = _Reader(name, words, text.split("\n"))
    start = 0
    while start < len(words) - 1:
        if reader.keys[start] != "human" or not _RESOURCES.match(words[start + 1].text):
            start += 1
            continue
        table, end = reader.read(start + 2)
        if table is not None:
            return table, tuple(reader.diagnostics)
        start = max(start + 1, end)  # the words a failed table took are read once
    return None, tuple(reader.diagnostics)


class _Reader:
    def __init__(self, name: str, words: list[Word], lines: list[str]) -> None:
        self.name = name
        self.words = words
        self.keys = [word.key for word in words]
        self.lines = lines
        self.diagnostics: list[Diagnostic] = []

    def problem(self, severity: DiagnosticSeverity, code: str, message: str, line: int,
                printed: Sequence[Word] = ()) -> None:
        """A diagnostic at ``line``; its text is the words concerned where the line
        holds more than them (one long line), else the line."""
        text = " ".join(w.text for w in printed) if printed else self.lines[line - 1]
        self.diagnostics.append(Diagnostic(
            severity=severity, code=code, message=f"{_TITLE}: {message}", file=self.name,
            line=line, section=SECTION, text=text[:_MAX_TEXT]))

    def line(self, word: Word) -> Line:
        return Line(word.line, self.lines[word.line - 1])

    def read(self, index: int) -> tuple[StaffingTable | None, int]:
        """The table whose title ends before word ``index``, if a header of categories
        of personnel follows it, and the index of the first word after what was read."""
        while index < len(self.words) and _MARK.match(self.words[index].text):
            index += 1
        if index < len(self.words) and self.keys[index] == "category":
            index += 1
        found = self._header(index)
        if found is None:
            return None, index
        columns, end = found
        header_line = self.words[index].line
        blocks, end = self._blocks(end, columns)
        if not any(block.rows for block in blocks):
            self.problem(DiagnosticSeverity.ERROR, "table-without-rows",
                         f"no row reads after the header ({_names(columns)}); expected a "
                         "component's label over its 'Approved' and 'Proposed' rows",
                         header_line)
            return None, end
        return StaffingTable(key=HUMAN_RESOURCES, title=_TITLE, component=None,
                             columns=tuple(columns), rows=tuple(staffing_rows(blocks)),
                             source_line=header_line), end

    def _header(self, index: int) -> tuple[list[StaffingColumn], int] | None:
        """The categories the header names from word ``index``, in the order printed,
        and the index after them; None unless two or more are named."""
        columns: list[StaffingColumn] = []
        limit = min(len(self.words), index + _MAX_HEADER_WORDS)
        at = index
        while at < limit and StaffingColumn.TOTAL not in columns:
            if columns and _MARK.match(self.words[at].text):
                at += 1
                continue
            found = self._column(at)
            if found is None or found[0] in columns:
                break
            columns.append(found[0])
            at += found[1]
        if len(columns) < 2 or columns[-1] is not StaffingColumn.TOTAL:
            stacked = self._stacked_header(index)
            if stacked is not None:
                return stacked
        if len(columns) < 2:
            return None
        if columns[-1] is not StaffingColumn.TOTAL:
            stop = self.words[at] if at < len(self.words) else self.words[at - 1]
            self.problem(DiagnosticSeverity.ERROR, "table-header",
                         f"the header names {_names(columns)}, then '{stop.text}', which is "
                         "not a category of personnel; expected categories of personnel "
                         "ending with 'Total'", stop.line)
            return None
        return columns, at

    def _stacked_header(self, index: int) -> tuple[list[StaffingColumn], int] | None:
        """A header PDF text prints over two or three lines (``Military  Military ...``
        over ``observers  contingents ...``): the columns whose words, taken from each
        line in turn, name a category each and use every word of those lines."""
        lines: list[list[str]] = []
        at = index
        while (at < len(self.words) and len(lines) < _MAX_HEADER_LINES
               and at - index < _MAX_HEADER_WORDS):
            number, keys = self.words[at].line, []
            while at < len(self.words) and self.words[at].line == number:
                word = self.words[at]
                if not _MARK.match(word.text) and self.keys[at] != "category":
                    keys.append(self.keys[at])
                at += 1
            lines.append(keys)
            if len(lines) >= 2 and sum(map(len, lines)) <= _MAX_HEADER_WORDS:
                columns = _interleaved(tuple(tuple(line) for line in lines))
                if columns is not None:
                    return columns, at
        return None

    def _column(self, at: int) -> tuple[StaffingColumn, int] | None:
        """The category named by the words at ``at``, longest first, and their count;
        a footnote mark glued to the last word (``Volunteersb``) is not part of it."""
        for size in range(min(_NAME_WORDS, len(self.words) - at), 0, -1):
            name = "".join(self.keys[at:at + size])
            column = _COLUMNS.get(name) or _COLUMNS.get(name[:-1])
            if column is not None:
                return column, size
        return None

    def _kind(self, at: int) -> _Kind | None:
        """``Approved 2024/25``, ``Proposed posts 2007/08`` or ``Net change`` at ``at``,
        as ``staffing_table_rules.kind_of`` reads a row's label; a footnote mark after
        the period or the label is not part of it."""
        keys = self.keys
        if at >= len(keys):
            return None
        key = keys[at]
        if key in ("netchange", "netchanges") or (
                key == "net" and at + 1 < len(keys) and keys[at + 1].startswith("change")):
            return _Kind(StaffingKind.NET_CHANGE, None, 1 if key.startswith("netchange") else 2)
        if key not in ("approved", "proposed"):
            return None
        for size in range(2, min(_KIND_WORDS, len(keys) - at) + 1):
            period = _PERIOD.match(self.words[at + size - 1].text)
            if period is None:
                continue
            label = " ".join([*(w.text for w in self.words[at:at + size - 1]), period["period"]])
            found = kind_of(label)
            return None if found is None else _Kind(found[0], found[1], size)
        return None

    def _blocks(self, index: int, columns: list[StaffingColumn]
                ) -> tuple[list[OfficeBlock], int]:
        """The labels and their rows from word ``index`` to the end of the table (the
        ``Total`` block's rows, or a label that no row follows), and the index after."""
        blocks: list[OfficeBlock] = []
        words = self.words
        while index < len(words):
            kind = self._kind(index)
            if kind is None:
                if blocks and blocks[-1].rows and letters(blocks[-1].label) == "total":
                    break  # the table ends with its Total
                label_end = self._label_end(index)
                if label_end is None:
                    break
                label = " ".join(w.text for w in words[index:label_end])
                blocks.append(OfficeBlock(label=_unmarked(label), line=self.line(words[index])))
                index = label_end
                continue
            if not blocks:
                break  # rows before any label: not this table's
            index = self._row(blocks[-1], kind, index, columns)
        return blocks, index

    def _label_end(self, index: int) -> int | None:
        """The end of the label at ``index``: a template heading (``Components``) on
        its own, else the words up to the next row."""
        if self.keys[index] in _HEADINGS:
            return index + 1
        for at in range(index + 1, min(len(self.words), index + _MAX_LABEL_WORDS + 1)):
            if self._kind(at) is not None:
                return at
        return None

    def _row(self, block: OfficeBlock, kind: _Kind, index: int,
             columns: list[StaffingColumn]) -> int:
        """Read one row into ``block``; the index after its cells."""
        words = self.words
        start = index + kind.size
        end = start
        while (end < len(words) and end - start < len(columns) * _MAX_TOKENS_PER_CELL
               and is_cell_word(words[end].text)):
            end += 1
        tokens = words[start:end]
        printed_row = words[index:end]
        label = " ".join(w.text for w in words[index:start])
        where = f"row '{block.label}: {label}'"
        at_line = words[index].line
        splits = splits_of([w.text for w in tokens], len(columns))
        if not splits:
            if end >= len(words):
                self.problem(DiagnosticSeverity.WARNING, "row-cut-off",
                             f"{where}: the text ends before its {len(columns)} cells; the "
                             "row is not read", at_line, printed_row)
            else:
                printed = " ".join(w.text for w in tokens) or "nothing"
                self.problem(DiagnosticSeverity.ERROR, "bad-number",
                             f"{where}: '{printed}' does not read as {len(columns)} counts "
                             f"({_names(columns)})", at_line, printed_row)
            return end
        if len(splits) > 1:
            kept = [split for split in splits if _total_holds(columns, split)]
            if len(kept) != 1:
                printed = " ".join(w.text for w in tokens)
                self.problem(DiagnosticSeverity.ERROR,
                             "ambiguous-cells" if kept else "bad-number",
                             f"{where}: '{printed}' splits into {len(columns)} counts "
                             f"({_names(columns)}) in more than one way, and "
                             + ("more than one" if kept else "none")
                             + " has its Total equal to the sum of the other columns",
                             at_line, printed_row)
                return end
            splits = kept
        counts: dict[StaffingColumn, int | None] = {}
        for column, (_, cell) in zip(columns, splits[0], strict=True):
            value = parse_number(cell)
            if value is not None and value != value.to_integral_value():
                self.problem(DiagnosticSeverity.ERROR, "bad-number",
                             f"{where}, column {column.value}: '{cell}' is not a number of "
                             "posts", at_line, printed_row)
                return end
            counts[column] = None if value is None else int(value)
        block.rows.append(PostsRow(kind=kind.kind, period=kind.period, counts=counts,
                                   line=self.line(words[index])))
        return end


def _interleaved(lines: tuple[tuple[str, ...], ...]) -> list[StaffingColumn] | None:
    """The columns of a header printed over ``lines`` (each the keys of its words): each
    column takes its next few words from each line, in line order, and the columns end
    with Total and use every word; None when no such reading exists."""
    dead: set[tuple[int, ...]] = set()

    def walk(at: tuple[int, ...], columns: list[StaffingColumn]) -> list[StaffingColumn] | None:
        if all(position == len(line) for position, line in zip(at, lines, strict=True)):
            return columns if columns and columns[-1] is StaffingColumn.TOTAL else None
        if at in dead or (columns and columns[-1] is StaffingColumn.TOTAL):
            return None
        for takes, name in _names_at(lines, at, 0, ""):
            column = _COLUMNS.get(name) or _COLUMNS.get(name[:-1])
            if column is None or column in columns:
                continue
            found = walk(tuple(p + t for p, t in zip(at, takes, strict=True)),
                         [*columns, column])
            if found is not None:
                return found
        dead.add(at)
        return None

    return walk(tuple(0 for _ in lines), [])


def _names_at(lines: tuple[tuple[str, ...], ...], at: tuple[int, ...], line: int,
              name: str) -> Iterator[tuple[tuple[int, ...], str]]:
    """Each way to take a few words from each line, from ``at`` on, whose letters so
    far begin a category's name: (words taken per line, the name they spell)."""
    if line == len(lines):
        if name:
            yield (), name
        return
    words, position = lines[line], at[line]
    for take in range(min(_STACKED_WORDS, len(words) - position) + 1):
        spelled = name + "".join(words[position:position + take])
        if spelled not in _PREFIXES and spelled[:-1] not in _COLUMNS:
            continue
        for takes, full in _names_at(lines, at, line + 1, spelled):
            yield (take, *takes), full


def _total_holds(columns: Sequence[StaffingColumn], split: list[tuple[int, str]]) -> bool:
    """The Total column is the sum of the others (a dash, or ``n/a``, counting 0)."""
    values = [parse_number(cell) or Decimal(0) for _, cell in split]
    by = dict(zip(columns, values, strict=True))
    total = by.pop(StaffingColumn.TOTAL, None)
    return total is not None and sum(by.values(), Decimal(0)) == total


def _unmarked(label: str) -> str:
    """A label without a footnote mark printed after it (``Support b``, ``Support^b``)."""
    label = re.sub(r"\^[a-z]$", "", label)
    parts = label.rsplit(" ", 1)
    return parts[0] if len(parts) == 2 and _MARK.match(parts[1]) else label


def _names(columns: Sequence[StaffingColumn]) -> str:
    return ", ".join(column.value for column in columns)

