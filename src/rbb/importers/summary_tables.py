"""The summary tables that open a report, read from its text in any rendering.

A performance report's Summary prints "Performance of financial resources"
(apportionment, expenditure and the variance's amount and percentage for military
and police personnel, civilian personnel, operational costs — "operational
requirements" in the oldest reports —, gross requirements, staff assessment
income, net requirements, voluntary contributions in kind (budgeted) and total
requirements) and "Human resources incumbency performance" (approved or
authorized strength, planned and actual average, vacancy rate per category of
personnel). A budget's Summary prints "Financial resources" with expenditures,
apportionment and cost estimates.

Public copies give these tables as PDF text with page furniture, as Word text
collapsed onto one long line, with cells separated by `` / `` or ``|``, or inside
HTML tags. So the text is read as one stream of words, each keeping its line:
separators and tags are not words, a title is found by its words, the columns by
the words of the header in the order printed, a row by its label (the model's
names of the summary lines and of the categories of personnel, never one
report's wording) and its cells by the UN number formats of ``cells``. Thousands
grouped with spaces make a run of cells ambiguous on its own (``406 180 165``);
the run is split into exactly as many cells as the header has columns and, where
two splits remain, the one that keeps the variance equal to the difference of
its columns is taken; anything else is an error, never a guess.

Every step is linear in the text (one pass to make words, fixed windows after a
title), so a long one-line text costs no more than its length.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal

from rbb.model import (
    ColumnRole,
    Diagnostic,
    DiagnosticSeverity,
    IncumbencyRow,
    MoneyColumn,
    MoneyRow,
    MoneyTable,
    Period,
    RowType,
    Stage,
)
from rbb.model.classes import LineKind, line_for_label, snake_case
from rbb.model.facts import PERCENT, THOUSANDS_USD, Fact
from rbb.model.money import column_key

from .cells import HTML_TAG, NIL_MARKS, NOT_APPLICABLE, CellError, letters, parse_number
from .performance_table_rules import category_of, part_label

__all__ = ["SummaryCell", "SummaryReading", "SummaryRow", "SummaryTable", "Word",
           "incumbency_rows", "incumbency_splits", "is_cell_word", "money_table",
           "read_summary_tables", "splits_of", "words_of"]

PERFORMANCE_FINANCIAL = "performance_of_financial_resources"
BUDGET_FINANCIAL = "financial_resources_summary"
INCUMBENCY = "human_resources_incumbency_performance"

_SECTION = {PERFORMANCE_FINANCIAL: "financial_resources", BUDGET_FINANCIAL: "financial_resources",
            INCUMBENCY: "human_resources"}
_WORD = re.compile(r"[^\s|]+")
_SEPARATORS = frozenset({"/", "|", "¦"})
_ENTITIES = {"&nbsp;": "\u00a0", "&#160;": "\u00a0", "&#xa0;": "\u00a0", "&ndash;": "–",
             "&#8211;": "–", "&mdash;": "—", "&#8212;": "—", "&amp;": "&"}
_ENTITY = re.compile("|".join(map(re.escape, _ENTITIES)), re.I)
_CELL_TOKEN = re.compile(r"^\(?[-−]?\$?\d[\d,.]*\)?%?\)?$")
_CONTINUATION = re.compile(r"^\d{3}(?:\.\d+)?\)?%?$")
_FIRST_GROUP = re.compile(r"^\(?[-−]?\$?[1-9]\d{0,2}$")
_LEADING_ZERO = re.compile(r"^\(?[-−]?\$?0\d")
_PERIOD = re.compile(r"\(?((?:19|20)\d\d/\d\d)\)?")
_MAX_LABEL_WORDS = 7
_MAX_TITLE_GAP = 3
_MAX_UNITS_WORDS = 40
_MAX_HEADER_WORDS = 40
_MAX_TOKENS_PER_CELL = 4
_MAX_SPLITS = 16


@dataclass(frozen=True, slots=True)
class Word:
    """A word of the text and the 1-based line it is printed on."""

    text: str
    line: int

    @property
    def key(self) -> str:
        return letters(self.text)


@dataclass(frozen=True, slots=True)
class SummaryCell:
    column: str
    text: str
    """As printed: ``(3 721.8)``, ``—``."""
    value: Decimal | None
    """0 for a printed dash (as every table of rbb keeps it), None for ``n/a``."""
    nil: bool
    line: int


@dataclass(frozen=True, slots=True)
class SummaryRow:
    label: str
    """As printed, without a footnote mark glued to it."""
    code: str
    """The financial line (``gross_requirements``) or the category of personnel
    (``international_staff``, ``posts`` under a heading) the label names."""
    group: str | None
    """The heading row it is printed under (``Temporary positions``), if any."""
    cells: tuple[SummaryCell, ...]

    @property
    def name(self) -> str:
        return f"{self.group}: {self.label}" if self.group else self.label


@dataclass(frozen=True, slots=True)
class SummaryTable:
    key: str
    title: str
    unit: str
    """``thousands_usd`` or ``millions_usd`` for money, ``persons`` for incumbency."""
    columns: tuple[str, ...]
    rows: tuple[SummaryRow, ...]
    title_line: int


@dataclass(frozen=True, slots=True)
class SummaryReading:
    tables: tuple[SummaryTable, ...]
    diagnostics: tuple[Diagnostic, ...]

    def table(self, key: str) -> SummaryTable | None:
        return next((t for t in self.tables if t.key == key), None)

    def facts(self) -> list[Fact]:
        """Every figure read, one fact each, with the line it is printed on."""
        out: list[Fact] = []
        for table in self.tables:
            for row in table.rows:
                for cell in row.cells:
                    unit = PERCENT if cell.column in ("variance_percentage", "vacancy_rate") \
                        else table.unit
                    out.append(Fact(section=_SECTION[table.key], table=table.key,
                                    row=row.code if table.key != INCUMBENCY else row.name,
                                    column=cell.column, value=cell.value, unit=unit,
                                    source_line=cell.line))
        return out


def words_of(text: str) -> list[Word]:
    """The text as words with their lines: cell separators (`` / ``, ``|``) and HTML
    tags separate words and are not words themselves; the HTML entities a copy prints
    in a figure or a nil cell (``&nbsp;``, ``&ndash;``) are the characters they stand for."""
    words: list[Word] = []
    for number, line in enumerate(text.split("\n"), start=1):
        if "<" in line:
            line = HTML_TAG.sub(" ", line)
        if "&" in line:
            line = _ENTITY.sub(lambda match: _ENTITIES[match[0].lower()], line)
        for match in _WORD.finditer(line):
            token = match.group(0)
            if token not in _SEPARATORS:
                words.append(Word(token, number))
    return words


def read_summary_tables(text: str, *, name: str = "<text>") -> SummaryReading:
    """Read the Summary's "Performance of financial resources", "Human resources
    incumbency performance" and a budget's "Financial resources" wherever they are
    printed; problems are diagnostics naming ``name`` and the line."""
    words = words_of(text)
    keys = [word.key for word in words]
    reader = _Reader(name, words, keys)
    for title, key in ((("performance", "of", "financial", "resources"), PERFORMANCE_FINANCIAL),
                       (("financial", "resources"), PERFORMANCE_FINANCIAL),
                       (("human", "resources", "incumbency", "performance"), INCUMBENCY)):
        for start in _find(keys, title):
            if len(title) == 2 and start > 0 and keys[start - 1] == "of":
                continue  # "Performance of financial resources", read under its full title
            reader.read(key, start, len(title))
    return SummaryReading(tuple(sorted(reader.tables, key=lambda t: t.title_line)),
                          tuple(reader.diagnostics))


def _find(keys: Sequence[str], title: tuple[str, ...]) -> list[int]:
    first, size = title[0], len(title)
    return [i for i, key in enumerate(keys)
            if key == first and tuple(keys[i:i + size]) == title]


class _Reader:
    def __init__(self, name: str, words: list[Word], keys: list[str]) -> None:
        self.name = name
        self.words = words
        self.keys = keys
        self.tables: list[SummaryTable] = []
        self.diagnostics: list[Diagnostic] = []

    def problem(self, severity: DiagnosticSeverity, code: str, message: str, line: int,
                section: str) -> None:
        self.diagnostics.append(Diagnostic(severity=severity, code=code, message=message,
                                           file=self.name, line=line, section=section))

    def read(self, key: str, start: int, size: int) -> None:
        index = start + size
        title_line = self.words[start].line
        unit = "persons"
        if key != INCUMBENCY:
            found = self._units(index)
            if found is None:
                return  # a contents entry or a sentence naming the section, not the table
            unit, index = found
        header_end = self._first_row(key, index)
        if header_end is None:
            return
        columns = _columns([w.text for w in self.words[index:header_end]], key)
        if key != INCUMBENCY:
            if not self._has_cells(key, header_end):
                return  # the detailed table by class: group headings without cells
            key = BUDGET_FINANCIAL if any(c.startswith("cost_estimates") for c in columns) \
                else PERFORMANCE_FINANCIAL
        if len(columns) < 2:
            self.problem(DiagnosticSeverity.ERROR, "table-header",
                         f"{_TITLES[key]}: the header does not name its columns; expected "
                         f"{_EXPECTED_COLUMNS[key]}", title_line, _SECTION[key])
            return
        rows = self._rows(key, header_end, columns)
        if not rows:
            self.problem(DiagnosticSeverity.ERROR, "table-without-rows",
                         f"{_TITLES[key]}: no row reads", title_line, _SECTION[key])
            return
        self.tables.append(SummaryTable(key=key, title=_TITLES[key], unit=unit,
                                        columns=tuple(columns), rows=tuple(rows),
                                        title_line=title_line))

    def _has_cells(self, key: str, at: int) -> bool:
        found = self._label(key, at, None)
        after = at + found[2] if found is not None else at
        return after < len(self.words) and is_cell_word(self.words[after].text)

    def _units(self, index: int) -> tuple[str, int] | None:
        """``(Thousands of United States dollars. Budget year is ... 2006.)`` right
        after the title: its unit and the index after it."""
        while index < len(self.words) and self.words[index].text in ("(", ")"):
            index += 1
        if index + 3 >= len(self.words):
            return None
        scale = self.keys[index]
        if scale not in ("thousands", "millions") or self.keys[index + 1:index + 4] != [
                "of", "united", "states"]:
            return None
        unit = THOUSANDS_USD if scale == "thousands" else "millions_usd"
        end = index
        while end < len(self.words) and end - index < _MAX_UNITS_WORDS:
            end += 1
            if self.words[end - 1].text.endswith(")"):
                return unit, end
        return unit, index + 4

    def _first_row(self, key: str, index: int) -> int | None:
        limit = min(len(self.words), index + _MAX_HEADER_WORDS)
        for at in range(index, limit):
            if self._label(key, at, None) is not None:
                return at
        return None

    def _label(self, key: str, at: int, group: str | None) -> tuple[str, str, int] | None:
        """The row label starting at word ``at``: (label, code, words), longest first."""
        longest = 0
        while (longest < _MAX_LABEL_WORDS and at + longest < len(self.words)
               and not is_cell_word(self.words[at + longest].text)):
            longest += 1
        for size in range(longest, 0, -1):
            label = " ".join(w.text for w in self.words[at:at + size])
            for candidate in (label, label[:-1]):
                code = _row_code(key, candidate, group)
                if code is not None:
                    return candidate, code, size
        return None

    def _rows(self, key: str, index: int, columns: list[str]) -> list[SummaryRow]:
        rows: list[SummaryRow] = []
        group: str | None = None
        while index < len(self.words):
            found = self._label(key, index, group)
            if found is None:
                break
            label, code, size = found
            at = index + size
            cells_end = at
            while (cells_end < len(self.words) and cells_end - at <= len(columns)
                   * _MAX_TOKENS_PER_CELL and is_cell_word(self.words[cells_end].text)):
                cells_end += 1
            tokens = self.words[at:cells_end]
            line = tokens[0].line if tokens else self.words[index].line
            if not tokens:
                if key == INCUMBENCY and code in _HEADINGS:
                    group = label
                    index = at
                    continue
                self.problem(DiagnosticSeverity.ERROR, "missing-cells",
                             f"{_TITLES[key]}, row '{label}': no cells; expected "
                             f"{len(columns)} ({', '.join(columns)})", line, _SECTION[key])
                index = at
                continue
            if group is not None and code not in _HEADINGS.get(snake_case(group), ()):
                group = None
            cells = self._cells(key, label, tokens, columns, at_end=cells_end >= len(self.words))
            if cells is not None:
                rows.append(SummaryRow(label=label, code=code, group=group, cells=cells))
            index = cells_end
        return rows

    def _cells(self, key: str, label: str, tokens: Sequence[Word], columns: list[str], *,
               at_end: bool) -> tuple[SummaryCell, ...] | None:
        splits = splits_of([w.text for w in tokens], len(columns))
        line = tokens[0].line
        if not splits:
            if at_end:
                self.problem(DiagnosticSeverity.WARNING, "row-cut-off",
                             f"{_TITLES[key]}, row '{label}': the text ends before its "
                             f"{len(columns)} cells; the row is not read", line, _SECTION[key])
            else:
                self.problem(DiagnosticSeverity.ERROR, "bad-number",
                             f"{_TITLES[key]}, row '{label}': "
                             f"'{' '.join(w.text for w in tokens)}' does not read as "
                             f"{len(columns)} cells ({', '.join(columns)})", line, _SECTION[key])
            return None
        if len(splits) > 1:
            kept = [split for split in splits if _IDENTITY[key](columns, _values(split))]
            if len(kept) != 1:
                printed = " ".join(w.text for w in tokens)
                self.problem(DiagnosticSeverity.ERROR,
                             "ambiguous-cells" if kept else "bad-number",
                             f"{_TITLES[key]}, row '{label}': '{printed}' splits into "
                             f"{len(columns)} cells ({', '.join(columns)}) in more than one way"
                             + (", and more than one keeps its identity" if kept else
                                f", and in none does {_IDENTITY_WORDS[key]}"),
                             line, _SECTION[key])
                return None
            splits = kept
        out: list[SummaryCell] = []
        for column, (first, cell) in zip(columns, splits[0], strict=True):
            value = parse_number(cell)
            out.append(SummaryCell(column=column, text=cell, value=value,
                                   nil=cell.strip() in NIL_MARKS,
                                   line=tokens[first].line))
        return tuple(out)


def is_cell_word(text: str) -> bool:
    """A word that is a cell or part of one: a number, a dash, ``n/a``."""
    return text in NIL_MARKS or text in NOT_APPLICABLE or bool(_CELL_TOKEN.match(text))


def splits_of(tokens: Sequence[str], count: int) -> list[list[tuple[int, str]]]:
    """Every way to read ``tokens`` as exactly ``count`` cells (at most a few): each
    cell is a dash, ``n/a`` or one number whose thousands may be separate words."""
    found: list[list[tuple[int, str]]] = []

    def walk(at: int, cells: list[tuple[int, str]]) -> None:
        if len(found) >= _MAX_SPLITS:
            return
        if at == len(tokens):
            if len(cells) == count:
                found.append(list(cells))
            return
        if len(cells) == count or len(tokens) - at < count - len(cells):
            return
        for size in range(1, min(_MAX_TOKENS_PER_CELL, len(tokens) - at) + 1):
            part = tokens[at:at + size]
            if not _one_cell(part):
                continue
            cells.append((at, " ".join(part)))
            walk(at + size, cells)
            cells.pop()

    walk(0, [])
    return found


def _one_cell(part: Sequence[str]) -> bool:
    if len(part) == 1:
        token = part[0]
        if token in NIL_MARKS or token in NOT_APPLICABLE:
            return True
        return not _LEADING_ZERO.match(token) and _parses(token)
    if not _FIRST_GROUP.match(part[0]):
        return False
    if not all(_CONTINUATION.match(t) for t in part[1:]):
        return False
    return _parses(" ".join(part))


def _parses(text: str) -> bool:
    try:
        parse_number(text)
    except CellError:
        return False
    return True


def _values(split: list[tuple[int, str]]) -> list[Decimal | None]:
    return [parse_number(cell) for _, cell in split]


def _variance_holds(columns: Sequence[str], values: Sequence[Decimal | None]) -> bool:
    """The variance is the first amount column less the second (performance:
    apportionment less expenditure) or the cost estimates less the apportionment."""
    by = dict(zip(columns, values, strict=True))
    amount = by.get("variance_amount")
    stages = [c for c in columns if c not in ("variance_amount", "variance_percentage")]
    if amount is None or len(stages) < 2:
        return False
    if stages[0].startswith("apportionment") and stages[1].startswith("expenditure"):
        first, second = by[stages[0]], by[stages[1]]
    else:
        first, second = by[stages[-1]], by[stages[-2]]
    return first is not None and second is not None and first - second == amount


def _vacancy_holds(columns: Sequence[str], values: Sequence[Decimal | None]) -> bool:
    """The vacancy rate, to one decimal, is the shortfall of the actual average against
    the planned (or, where none is printed, the approved) strength."""
    by = dict(zip(columns, values, strict=True))
    base = by.get("planned", by.get("approved"))
    actual, rate = by.get("actual_average"), by.get("vacancy_rate")
    if not base or actual is None or rate is None:
        return False
    return ((base - actual) * 100 / base).quantize(Decimal("0.1")) == rate


def incumbency_splits(tokens: Sequence[str], columns: Sequence[str]) -> list[list[str]]:
    """Every way to read a row's number tokens as one incumbency cell per column
    (``15 000 9 753`` is two cells or four); where more than one, only those whose
    vacancy rate holds. The PDF-text line reader takes a row only when one remains."""
    splits = splits_of(tokens, len(columns))
    if len(splits) > 1:
        splits = [split for split in splits if _vacancy_holds(columns, _values(split))]
    return [[cell for _, cell in split] for split in splits]


_IDENTITY: dict[str, Callable[[Sequence[str], Sequence[Decimal | None]], bool]] = {
    PERFORMANCE_FINANCIAL: _variance_holds, BUDGET_FINANCIAL: _variance_holds,
    INCUMBENCY: _vacancy_holds}
_IDENTITY_WORDS = {
    PERFORMANCE_FINANCIAL: "the variance equal apportionment less expenditure",
    BUDGET_FINANCIAL: "the variance equal cost estimates less apportionment",
    INCUMBENCY: "the vacancy rate equal the shortfall of the actual average"}
_TITLES = {PERFORMANCE_FINANCIAL: "Performance of financial resources",
           BUDGET_FINANCIAL: "Financial resources",
           INCUMBENCY: "Human resources incumbency performance"}
_EXPECTED_COLUMNS = {
    PERFORMANCE_FINANCIAL: "Apportionment, Expenditure and the variance's Amount and Percentage",
    BUDGET_FINANCIAL: "Expenditures, Apportionment, Cost estimates and the variance's Amount "
                      "and Percentage",
    INCUMBENCY: "Approved (or Authorized), Planned, Actual (average) and Vacancy rate"}

_STAGE_WORDS = {"apportionment": "apportionment", "expenditure": "expenditure",
                "expenditures": "expenditure", "appropriation": "appropriation",
                "estimates": "cost_estimates", "amount": "variance_amount",
                "percentage": "variance_percentage"}
_PERSON_WORDS = {"approved": "approved", "authorized": "approved", "authorised": "approved",
                 "planned": "planned", "actual": "actual_average", "vacancy": "vacancy_rate"}


def _columns(header: Sequence[str], key: str) -> list[str]:
    """The columns a header names, in the order printed; a period printed after a
    stage (``Apportionment (2006/07)``) becomes part of its key."""
    words = _PERSON_WORDS if key == INCUMBENCY else _STAGE_WORDS
    columns: list[str] = []
    for index, text in enumerate(header):
        word = letters(text)
        column = words.get(word) or words.get(word[:-1])  # ``Approveda``: a footnote mark
        if column is None or column in columns:
            continue
        period = _PERIOD.fullmatch(header[index + 1]) if index + 1 < len(header) else None
        columns.append(f"{column}_{period.group(1).replace('/', '_')}" if period else column)
    return columns


# A category printed as a heading without cells, and the rows that are its parts.
_HEADINGS: dict[str, frozenset[str]] = {
    "international_staff": frozenset({"posts", "general_temporary_assistance",
                                      "temporary_positions"}),
    "national_staff": frozenset({"posts", "general_temporary_assistance", "temporary_positions",
                                 "national_professional_officers",
                                 "national_general_service_staff", "national_general_service"}),
    "temporary_positions": frozenset({"international_staff", "national_staff",
                                      "united_nations_volunteers"}),
    "general_temporary_assistance": frozenset({"international_staff", "national_staff",
                                               "united_nations_volunteers"}),
    "united_nations_volunteers": frozenset({"international", "national"}),
}
_CATEGORIES = frozenset({
    "military_observers", "military_contingents", "military_contingent_personnel",
    "civilian_police", "united_nations_police", "formed_police_units", "formed_police_personnel",
    "international_staff", "national_staff", "national_professional_officers",
    "national_general_service_staff", "national_general_service", "united_nations_volunteers",
    "temporary_positions", "general_temporary_assistance", "government_provided_personnel",
    "correction_officers"})


def _row_code(key: str, label: str, group: str | None) -> str | None:
    if key == INCUMBENCY:
        code = snake_case(label)
        if code in _CATEGORIES:
            return code
        parts = _HEADINGS.get(snake_case(group)) if group else None
        return code if parts is not None and code in parts else None
    line = line_for_label(label)
    if line is None or line.kind is LineKind.CLASS:
        return None
    return line.code


_STAGE_OF = {"apportionment": Stage.APPORTIONMENT, "expenditure": Stage.EXPENDITURE,
             "appropriation": Stage.APPROPRIATION, "cost_estimates": Stage.COST_ESTIMATES}
_STAGE_LABEL = {Stage.APPORTIONMENT: "Apportionment", Stage.EXPENDITURE: "Expenditure",
                Stage.APPROPRIATION: "Appropriation", Stage.COST_ESTIMATES: "Cost estimates"}
_STAGE_COLUMN = re.compile(r"(?P<stage>[a-z_]+?)(?:_(?P<year>\d{4})_\d\d)?")
# A budget prints expenditure two years back and apportionment one year back.
_BUDGET_OFFSET = {Stage.EXPENDITURE: -2, Stage.APPORTIONMENT: -1, Stage.APPROPRIATION: -1}


def money_table(table: SummaryTable, period: Period) -> MoneyTable:
    """A financial summary as the model keeps it (``financial_resources_summary``), its
    columns keyed by stage and period like every money table; ``period`` is the
    report's, for the columns that print none."""
    columns: list[MoneyColumn] = []
    keys: dict[str, str] = {}
    for name in table.columns:
        if name == "variance_amount":
            column = MoneyColumn(key=name, label="Variance: amount",
                                 role=ColumnRole.VARIANCE_AMOUNT)
        elif name == "variance_percentage":
            column = MoneyColumn(key=name, label="Variance: percentage",
                                 role=ColumnRole.VARIANCE_PERCENTAGE)
        else:
            parts = _STAGE_COLUMN.fullmatch(name)
            assert parts is not None  # ``_columns`` names no other column
            stage = _STAGE_OF[parts["stage"]]
            if parts["year"]:
                when = Period(int(parts["year"]))
            elif table.key == BUDGET_FINANCIAL:
                when = period.shifted(_BUDGET_OFFSET.get(stage, 0))
            else:
                when = period
            column = MoneyColumn(key=column_key(stage, when),
                                 label=f"{_STAGE_LABEL[stage]} ({when})",
                                 role=ColumnRole.AMOUNT, stage=stage, period=when)
        keys[name] = column.key
        columns.append(column)
    rows = tuple(MoneyRow(line=row.code, label=row.label, row_type=RowType.ITEM,
                          values={keys[cell.column]: cell.value for cell in row.cells},
                          source_line=row.cells[0].line) for row in table.rows)
    return MoneyTable(key="financial_resources_summary", title=table.title,
                      columns=tuple(columns), rows=rows, source_line=table.title_line)


def incumbency_rows(table: SummaryTable) -> tuple[IncumbencyRow, ...]:
    """The incumbency table as the model keeps it: a category by
    ``performance_table_rules.category_of`` under its heading (``Temporary positions:
    International staff`` is temporary assistance), the planned average where the
    header prints a Planned column, and the line of the row's first cell. A row whose
    category the model has no name for (``Correction officers``) is left out."""
    rows: list[IncumbencyRow] = []
    for row in table.rows:
        heading = category_of(row.group, None) if row.group else None
        category = category_of(row.label, heading) or category_of(row.label, None)
        if category is None:
            continue
        by = {cell.column: cell.value for cell in row.cells}
        rows.append(IncumbencyRow(
            category=category, label=part_label(row.group, row.label, category),
            approved=by.get("approved"), planned_average=by.get("planned"),
            actual_average=by.get("actual_average"), vacancy_rate=by.get("vacancy_rate"),
            source_line=row.cells[0].line))
    return tuple(rows)
