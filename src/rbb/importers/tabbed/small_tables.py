"""The small tables of section II (B. Non-budgeted contributions, C. Efficiency
gains, D. Vacancy factors) and what every such table shares: a section is
prose and runs of tab-separated rows; a run's first rows without numbers are
its header; every value must fall under a header column."""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from rbb.model import Period, PersonnelCategory, VacancyFactor, VacancyKind
from rbb.model.classes import snake_case
from rbb.model.staffing import RowType
from rbb.model.tables import AmountRow, EfficiencyGain, EfficiencyGains

from ..cells import CellError, is_number, letters, parse_number
from ..reading import Parts, Reading
from ..source import Line
from .outline import Region
from .paragraphs import read_paragraphs
from .text import has_tab, next_nonblank, split_cells, values_of

PERIOD = re.compile(r"(?P<period>(?:19|20)\d\d/\d\d)")


@dataclass
class Run:
    """Consecutive tab-separated rows (blank lines between them allowed)."""

    header: list[list[str]]
    header_lines: list[Line]
    rows: list[Line]

    @property
    def first(self) -> Line:
        return (self.header_lines or self.rows)[0]

    @property
    def columns(self) -> list[str]:
        """The first header row's cells (none for a run printed without a header)."""
        return self.header[0] if self.header else []


def split_region(region: Region) -> tuple[list[Line], list[Run]]:
    """The prose lines of a section and its table runs, in printed order."""
    lines = list(region.lines)
    prose: list[Line] = []
    runs: list[list[Line]] = []
    current: list[Line] | None = None
    for index, line in enumerate(lines):
        if has_tab(line):
            if current is None:
                current = []
                runs.append(current)
            current.append(line)
        elif line.blank:
            nxt = next_nonblank(lines, index + 1)
            if current is None or nxt is None or not has_tab(lines[nxt]):
                current = None
                prose.append(line)
        else:
            current = None
            prose.append(line)
    return prose, [_run(run) for run in runs]


def _run(lines: list[Line]) -> Run:
    header_lines: list[Line] = []
    for line in lines:
        values = [cell for cell in split_cells(line)[1:] if cell]
        if values and any(is_number(cell) for cell in values):
            break
        if not values and header_lines and split_cells(line)[0]:
            break
        header_lines.append(line)
    rows = lines[len(header_lines):]
    return Run([split_cells(line) for line in header_lines], header_lines, rows)


def read_prose(prose: list[Line], region: Region, reading: Reading, parts: Parts) -> None:
    paragraphs = read_paragraphs(prose, region.label, reading, strict=True,
                                 expected="a numbered paragraph or a table row")
    parts.rows(lambda d: d.paragraphs).extend(paragraphs)


def single_table(region: Region, reading: Reading, parts: Parts) -> Run | None:
    """A section of prose around one table: read the prose, report the rows of any
    further table as unplaced, and give the table (None when none is printed)."""
    prose, runs = split_region(region)
    read_prose(prose, region, reading, parts)
    extra_runs(runs[1:], region, reading)
    return runs[0] if runs else None


def extra_runs(runs: list[Run], region: Region, reading: Reading) -> None:
    """Rows no reader of the section wanted: each is a line nothing could place."""
    for run in runs:
        for line in run.header_lines + run.rows:
            reading.unplaced(line, region.label, f"one table in {region.title}")


class CellReader:
    """Reads the cells of one row, reporting each bad cell as an error on its line."""

    def __init__(self, reading: Reading, section: str, line: Line) -> None:
        self.reading, self.section, self.line = reading, section, line
        self.cells = split_cells(line)
        self.failed = False

    @property
    def label(self) -> str:
        return self.cells[0]

    def text(self, index: int) -> str:
        return self.cells[index] if 0 <= index < len(self.cells) else ""

    def number(self, index: int, column: str, *, required: bool = True) -> Decimal | None:
        text = self.text(index)
        if not text:
            if required:
                self.fail("missing-column", f"no value in the column {column!r}")
            return None
        try:
            return parse_number(text)
        except CellError as error:
            self.fail("bad-number", f"column {column!r}: {error}")
            return None

    def count(self, index: int, column: str, *, required: bool = True) -> int | None:
        value = self.number(index, column, required=required)
        if value is None:
            return None
        if value != value.to_integral_value():
            self.fail("bad-number", f"column {column!r}: {self.text(index)!r} is not a count")
            return None
        return int(value)

    def no_extra(self, width: int) -> None:
        """Cells beyond the header's ``width`` columns cannot be tied to a column."""
        extra = [cell for cell in self.cells[width:] if cell]
        if extra:
            self.fail("extra-cell", f"{', '.join(extra)}: more cells than the {width} columns "
                      "of the header")

    def fail(self, code: str, message: str) -> None:
        self.failed = True
        self.reading.error(code, message, self.line, self.section)


def row_type_of(label: str) -> RowType:
    key = letters(label)
    if key == "total" or key.startswith("total"):
        return RowType.TOTAL
    return RowType.SUBTOTAL if key.startswith("subtotal") else RowType.ITEM


def read_amount_rows(run: Run, region: Region, reading: Reading) -> list[AmountRow]:
    """``Label | amount`` rows; a label without an amount heads the rows below it
    (training: ``Official travel`` above ``Official travel, training``)."""
    rows: list[AmountRow] = []
    group: str | None = None
    width = max((len(values_of(cells)) for cells in run.header), default=1) + 1
    for line in run.rows:
        cells = CellReader(reading, region.label, line)
        values = values_of(cells.cells)
        if not cells.label:
            if values:
                cells.fail("unplaced-number", "an amount without a label")
            continue
        if not values:
            group = cells.label
            continue
        cells.no_extra(width)
        amount = cells.number(width - 1, "amount")
        if not cells.failed:
            row_type = row_type_of(cells.label)
            rows.append(AmountRow(label=cells.label, amount=amount, row_type=row_type,
                                  group=None if row_type is RowType.TOTAL else group,
                                  source_line=line.number))
    return rows


def read_non_budgeted(region: Region, reading: Reading, parts: Parts) -> None:
    """II.B: ``Status-of-mission agreement | 81.0`` and the total."""
    run = single_table(region, reading, parts)
    if run is not None:
        rows = read_amount_rows(run, region, reading)
        parts.rows(lambda d: d.non_budgeted_contributions).extend(rows)


def read_efficiency(region: Region, reading: Reading, parts: Parts) -> None:
    """II.C: gains by category and initiative, their total, the approved budget and
    the gains as a percentage of it."""
    run = single_table(region, reading, parts)
    if run is None:
        return
    header = run.columns
    amount_at = _column(header, "amount", default=len(header) - 1)
    initiative_at = _column(header, "initiative", default=-1)
    match = PERIOD.search(" ".join(header))
    gains: list[EfficiencyGain] = []
    budget: tuple[Decimal | None, int] | None = None
    share: tuple[Decimal | None, int] | None = None
    for line in run.rows:
        cells = CellReader(reading, region.label, line)
        cells.no_extra(max(len(header), amount_at + 1))
        value = cells.number(amount_at, "amount")
        if cells.failed:
            continue
        key = letters(cells.label)
        if key.startswith("approvedbudget"):
            budget = (value, line.number)
        elif "percentage" in key:
            share = (value, line.number)
        elif not cells.label:
            cells.fail("unplaced-number", "an amount without a category")
        else:
            initiative = cells.text(initiative_at) if initiative_at > 0 else ""
            gains.append(EfficiencyGain(category=cells.label, initiative=initiative or None,
                                        amount=value, row_type=row_type_of(cells.label),
                                        source_line=line.number))
    parts.put(lambda d: d.efficiency_gains, EfficiencyGains(
        period=Period.parse(match["period"]) if match else reading.meta.period,
        gains=tuple(gains),
        approved_budget=budget[0] if budget else None,
        approved_budget_source_line=budget[1] if budget else None,
        percentage_of_approved_budget=share[0] if share else None,
        percentage_source_line=share[1] if share else None))


def _column(header: list[str], word: str, *, default: int) -> int:
    for index, cell in enumerate(header):
        if word in cell.lower():
            return index
    return default


_VACANCY_KINDS = {"actual": VacancyKind.ACTUAL, "approved": VacancyKind.APPROVED,
                  "proposed": VacancyKind.PROPOSED, "budgeted": VacancyKind.BUDGETED}
_CATEGORY_ALIASES = {
    "national_professional_officer": PersonnelCategory.NATIONAL_PROFESSIONAL_OFFICERS,
    "national_general_service": PersonnelCategory.NATIONAL_GENERAL_SERVICE_STAFF,
    "temporary_positions": PersonnelCategory.GENERAL_TEMPORARY_ASSISTANCE,
    "united_nations_volunteer": PersonnelCategory.UNITED_NATIONS_VOLUNTEERS,
}


def read_vacancy_factors(region: Region, reading: Reading, parts: Parts) -> None:
    """II.D: a rate per category for three actual years, the approved and the
    proposed period (``Actual`` spans three columns in the first header row)."""
    run = single_table(region, reading, parts)
    if run is None:
        return
    columns = _vacancy_columns(run, region, reading)
    if columns is None:
        return
    heading: str | None = None
    for line in run.rows:
        cells = CellReader(reading, region.label, line)
        if not any(cells.cells[1:]):
            heading = snake_case(cells.label)
            continue
        category = _vacancy_category(cells.label, heading)
        if category is None:
            reading.unplaced(line, region.label, "a personnel category (International staff, "
                             "National General Service staff ...)")
            continue
        cells.no_extra(len(columns) + 1)
        rates = [cells.number(index, f"{kind.value} {period}")
                 for index, (kind, period) in enumerate(columns, start=1)]
        if not cells.failed:
            parts.rows(lambda d: d.vacancy_factors).extend([
                VacancyFactor(category=category, period=period, kind=kind, rate=rate,
                              source_line=line.number)
                for (kind, period), rate in zip(columns, rates, strict=True)])


def _vacancy_columns(run: Run, region: Region,
                     reading: Reading) -> list[tuple[VacancyKind, Period]] | None:
    kinds = run.columns
    periods = run.header[1] if len(run.header) > 1 else kinds
    columns: list[tuple[VacancyKind, Period]] = []
    kind: VacancyKind | None = None
    for index in range(1, max(len(kinds), len(periods))):
        label = kinds[index] if index < len(kinds) else ""
        for word, found in _VACANCY_KINDS.items():
            if word in label.lower():
                kind = found
        match = PERIOD.search(periods[index] if index < len(periods) else "")
        if match is None and not label:
            continue
        if kind is None or match is None:
            reading.error("missing-column", f"vacancy factors column {index + 1} names no "
                          "kind and period: expected Actual/Approved/Proposed over 2024/25",
                          run.first, region.label)
            return None
        columns.append((kind, Period.parse(match["period"])))
    return columns


def _vacancy_category(label: str, heading: str | None) -> PersonnelCategory | None:
    code = snake_case(label)
    if heading == "united_nations_volunteers" and code in ("international", "national"):
        return PersonnelCategory(f"united_nations_volunteers_{code}")
    if code in _CATEGORY_ALIASES:
        return _CATEGORY_ALIASES[code]
    try:
        return PersonnelCategory(code)
    except ValueError:
        return None
