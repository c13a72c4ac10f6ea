"""Section II, E to H: training (costs and participants), official travel
non-training, programmatic activities and quick-impact projects."""

from __future__ import annotations

import re
from datetime import date

from rbb.model import DocumentKind, Period, Stage
from rbb.model.classes import snake_case
from rbb.model.tables import (
    OfficialTravel,
    ProgrammaticActivity,
    QuickImpactProjects,
    TrainingParticipants,
)

from ..performance_table_rules import is_part_of_above
from ..reading import Parts, Reading
from .outline import Region
from .small_tables import (
    PERIOD,
    CellReader,
    Run,
    extra_runs,
    read_amount_rows,
    read_prose,
    row_type_of,
    single_table,
    split_region,
)

_PARTICIPANT_KIND = re.compile(r"^(?P<kind>actual|planned|proposed|approved)\s+"
                               r"(?P<period>\d{4}/\d{2})$", re.I)
_QIP_PERIOD = re.compile(r"1 July (?P<start>\d{4}) to 30 June \d{4}|(?P<label>\d{4}/\d{2})")
_QIP_KIND = re.compile(r"\((?P<kind>actual|approved|proposed|planned)\)", re.I)
_EA_NUMBER = re.compile(r"\b\d+\.\d+\b")


def read_training(region: Region, reading: Reading, parts: Parts) -> None:
    """II.E: the costs by class (under their heading) and the participants by
    category, period and place of training."""
    prose, runs = split_region(region)
    read_prose(prose, region, reading, parts)
    costs = parts.rows(lambda d: d.training_costs)
    leftover: list[Run] = []
    for run in runs:
        if _is_participants(run) and not parts.found(lambda d: d.training_participants):
            _participants(run, region, reading, parts)
        elif not _is_participants(run) and not costs:
            costs.extend(read_amount_rows(run, region, reading))
        else:
            leftover.append(run)
    extra_runs(leftover, region, reading)


def _is_participants(run: Run) -> bool:
    return any(_PARTICIPANT_KIND.match(cell) for cells in run.header for cell in cells)


def _participants(run: Run, region: Region, reading: Reading, parts: Parts) -> None:
    top, below = run.header[0], run.header[-1]
    columns: list[tuple[str, str, Period]] = []
    category = ""
    for index in range(1, len(below)):
        if index < len(top) and top[index] and not _PARTICIPANT_KIND.match(top[index]):
            category = snake_case(top[index])
        match = _PARTICIPANT_KIND.match(below[index])
        if match is None:
            continue
        if not category:
            reading.error("missing-column", f"training participants column {index + 1} names "
                          "no category (International staff, National staff ...)",
                          run.first, region.label)
            return
        columns.append((category, match["kind"].lower(), Period.parse(match["period"])))
    for line in run.rows:
        cells = CellReader(reading, region.label, line)
        cells.no_extra(len(columns) + 1)
        counts = [cells.count(index, f"{kind} {period} ({name})")
                  for index, (name, kind, period) in enumerate(columns, start=1)]
        if cells.failed:
            continue
        location = snake_case(cells.label) or "total"
        parts.rows(lambda d: d.training_participants).extend([
            TrainingParticipants(category=name, period=period, kind=kind, location=location,
                                 count=count, source_line=line.number)
            for (name, kind, period), count in zip(columns, counts, strict=True)])


def read_official_travel(region: Region, reading: Reading, parts: Parts) -> None:
    """II.F: person-trips, amount and share of the total budget per period."""
    run = single_table(region, reading, parts)
    if run is None:
        return
    header = run.columns
    trips_at = amount_at = -1
    shares: list[tuple[int, str]] = []
    for index, cell in enumerate(header):
        lowered = cell.lower()
        if "person-trips" in lowered or "trips" in lowered:
            trips_at = index
        elif "percentage" in lowered and (match := PERIOD.search(cell)):
            shares.append((index, match["period"]))
        elif "amount" in lowered:
            amount_at = index
    if trips_at < 0 or amount_at < 0:
        reading.error("missing-column", "the official travel table needs the columns "
                      "'Number of person-trips planned' and 'Amount'", run.first, region.label)
        return
    for line in run.rows:
        cells = CellReader(reading, region.label, line)
        cells.no_extra(len(header))
        trips = cells.count(trips_at, "person-trips")
        amount = cells.number(amount_at, "amount")
        percentages = {period: cells.number(index, f"percentage {period}")
                       for index, period in shares if cells.text(index)}
        if not cells.failed:
            parts.rows(lambda d: d.official_travel).append(OfficialTravel(
                label=cells.label, person_trips=trips, amount=amount, percentages=percentages,
                row_type=row_type_of(cells.label), source_line=line.number))


def read_programmatic(region: Region, reading: Reading, parts: Parts) -> None:
    """II.G: amount per area and the expected accomplishments it serves (``1.1 and 1.3``)."""
    run = single_table(region, reading, parts)
    if run is None:
        return
    header = run.columns
    related_at = next((i for i, c in enumerate(header) if "accomplishment" in c.lower()), -1)
    amounts = [(index, _programmatic_stage(cell, reading)) for index, cell in enumerate(header)
               if index and index != related_at and _is_amount_column(cell)]
    if not amounts:
        reading.error("missing-column", "the programmatic activities table has no amount "
                      "column", run.first, region.label)
        return
    parent: str | None = None
    for line in run.rows:
        cells = CellReader(reading, region.label, line)
        cells.no_extra(len(header))
        values = [(stage, cells.number(index, header[index])) for index, stage in amounts]
        if cells.failed:
            continue
        related = tuple(_EA_NUMBER.findall(cells.text(related_at))) if related_at > 0 else ()
        including = is_part_of_above(cells.label)
        row_type = row_type_of(cells.label)
        parts.rows(lambda d: d.programmatic_activities).extend([ProgrammaticActivity(
            description=cells.label, amount=amount, stage=stage, expected_accomplishments=related,
            row_type=row_type, parent=parent if including else None, source_line=line.number)
            for stage, amount in values])
        if not including:
            parent = cells.label


def _is_amount_column(label: str) -> bool:
    """``Proposed amount`` (budget), ``Expenditure`` (performance)."""
    return any(word in label.lower() for word in ("amount", "expenditure", "apportionment"))


def _programmatic_stage(label: str, reading: Reading) -> Stage:
    lowered = label.lower()
    if "expenditure" in lowered or "actual" in lowered:
        return Stage.EXPENDITURE
    if "approved" in lowered or "apportionment" in lowered:
        return Stage.APPORTIONMENT
    if "proposed" in lowered or "estimate" in lowered:
        return Stage.COST_ESTIMATES
    budget = reading.meta.kind is DocumentKind.BUDGET
    return Stage.COST_ESTIMATES if budget else Stage.EXPENDITURE


def read_quick_impact(region: Region, reading: Reading, parts: Parts) -> None:
    """II.H: amount and number of projects for the actual, approved and proposed periods."""
    run = single_table(region, reading, parts)
    if run is None:
        return
    header = run.columns
    amount_at = next((i for i, c in enumerate(header) if "amount" in c.lower()), 1)
    number_at = next((i for i, c in enumerate(header) if "number" in c.lower()), 2)
    for line in run.rows:
        cells = CellReader(reading, region.label, line)
        period = _QIP_PERIOD.search(cells.label)
        kind = _QIP_KIND.search(cells.label)
        if period is None or kind is None:
            reading.unplaced(line, region.label, "a period such as '1 July 2025 to 30 June "
                             "2026 (proposed)'")
            continue
        cells.no_extra(max(len(header), 3))
        amount = cells.number(amount_at, "amount")
        number = cells.count(number_at, "number of projects")
        if cells.failed:
            continue
        when = (Period.containing(date(int(period["start"]), 7, 1)) if period["start"]
                else Period.parse(period["label"]))
        parts.rows(lambda d: d.quick_impact_projects).append(QuickImpactProjects(
            period=when, kind=kind["kind"].lower(), amount=amount, number_of_projects=number,
            source_line=line.number))

