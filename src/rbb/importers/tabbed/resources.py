"""The tables only a performance report prints, in the tabbed shape: the
Summary's "Human resources incumbency performance", and in section III
("Resource performance") B. redeployments across groups, C. the monthly
expenditure pattern (when its figures are printed), D.1 other revenue and
adjustments and D.2 borrowing.

What a label or a date means is ``rbb.importers.performance_table_rules``, shared with the
``pdf_text`` parser; this module finds the cells.
"""

from __future__ import annotations

import re
from decimal import Decimal

from rbb.model import IncumbencyRow, PersonnelCategory
from rbb.model.tables import Borrowing, MonthlyExpenditure, Redeployment, Redeployments

from ..cells import letters
from ..performance_table_rules import (
    INCUMBENCY_PARTS,
    UNKNOWN_GROUP,
    borrowing_date,
    category_of,
    expenditure_month,
    is_redeployment_percentage,
    part_label,
    redeployment_group,
)
from ..reading import Parts, Reading
from .outline import Region
from .small_tables import CellReader, Run, read_amount_rows, read_prose, single_table, split_region
from .text import prose_text, values_of

_SUBSECTION = re.compile(r"^\d\.\s+[A-Z][^.]{0,80}$")
"""``1. Other revenue and adjustments``, ``2. Borrowing``: headings inside III.D."""
_INCUMBENCY_COLUMNS = ("approved", "actual average", "vacancy rate")
_PLANNED_COLUMNS = ("approved", "planned average", "actual average", "vacancy rate")


def is_incumbency_header(run: Run) -> bool:
    """``Category | Approved^a | Actual (average) | Vacancy rate (percentage)^b``."""
    words = letters(" ".join(" ".join(cells) for cells in run.header))
    return "vacancyrate" in words and "actual" in words


def read_incumbency(run: Run, section: str, reading: Reading) -> list[IncumbencyRow]:
    """Approved strength, planned average where the header prints a ``Planned`` column
    (reports of about 2003-2010), actual average and vacancy rate per category; the rows
    under a heading without cells (``National staff``, ``Temporary positions``) are its
    parts."""
    planned = "planned" in letters(" ".join(" ".join(cells) for cells in run.header))
    columns = _PLANNED_COLUMNS if planned else _INCUMBENCY_COLUMNS
    rows: list[IncumbencyRow] = []
    parent: PersonnelCategory | None = None
    heading: str | None = None
    for line in run.rows:
        cells = CellReader(reading, section, line)
        values = values_of(cells.cells)
        category = category_of(cells.label, parent)
        if category is None and parent is not None:
            category = category_of(cells.label, None)
        if category is None:
            if cells.label or values:
                reading.unplaced(line, section, "a personnel category of the incumbency table "
                                 "(Military observers, International staff ...)")
            continue
        if not values:
            parent = category if category in INCUMBENCY_PARTS else None
            heading = cells.label if parent is not None else None
            continue
        if parent is not None and category not in INCUMBENCY_PARTS[parent].values():
            parent = heading = None
        cells.no_extra(len(columns) + 1)
        read = [cells.number(index, column) for index, column in enumerate(columns, start=1)]
        average = read.pop(1) if planned else None
        approved, actual, rate = read
        if not cells.failed:
            rows.append(IncumbencyRow(category=category,
                                      label=part_label(heading, cells.label, category),
                                      approved=approved, planned_average=average,
                                      actual_average=actual, vacancy_rate=rate,
                                      source_line=line.number))
    return rows


def read_redeployments(region: Region, reading: Reading, parts: Parts) -> None:
    """III.B: original distribution, redeployment and revised distribution per group,
    the total and the percentage of redeployment to total appropriation."""
    run = single_table(region, reading, parts)
    if run is None:
        return
    table: list[Redeployment] = []
    percentage: tuple[Decimal | None, int] | None = None
    for line in run.rows:
        cells = CellReader(reading, region.label, line)
        if is_redeployment_percentage(cells.label):
            value = cells.number(1, "percentage", required=False)
            percentage = (value, line.number)
            continue
        group = redeployment_group(cells.label)
        if group is None:
            reading.unplaced(line, region.label, f"a group of the redeployments table: "
                             f"{UNKNOWN_GROUP}")
            continue
        cells.no_extra(4)
        original, moved, revised = (cells.number(index, column) for index, column in
                                    enumerate(("original distribution", "redeployment",
                                               "revised distribution"), start=1))
        if not cells.failed:
            table.append(Redeployment(group=group[0], original_distribution=original,
                                      redeployment=moved, revised_distribution=revised,
                                      row_type=group[1], source_line=line.number))
    parts.put(lambda d: d.redeployments, Redeployments(
        rows=tuple(table), percentage_of_appropriation=percentage[0] if percentage else None,
        percentage_source_line=percentage[1] if percentage else None))


def read_monthly(region: Region, reading: Reading, parts: Parts) -> None:
    """III.C: ``July 2021 | 3 456.7`` per month when the figures are printed; a chart
    without figures leaves only its paragraph."""
    prose, runs = split_region(region)
    read_prose(prose, region, reading, parts)
    for run in runs:
        for line in run.rows:
            cells = CellReader(reading, region.label, line)
            month = expenditure_month(cells.label)
            if month is None:
                reading.unplaced(line, region.label, "a month and its expenditure "
                                 "(July 2021 | 3 456.7)")
                continue
            cells.no_extra(2)
            amount = cells.number(1, "expenditure")
            if not cells.failed and amount is not None:
                parts.rows(lambda d: d.monthly_expenditure).append(MonthlyExpenditure(
                    month=month, amount=amount, source_line=line.number))


def read_other_revenue(region: Region, reading: Reading, parts: Parts) -> None:
    """III.D: 1. other revenue and adjustments (label, amount, total) and 2. borrowing
    (as at, lending mission, amount in millions)."""
    prose, runs = split_region(region)
    headings = [line for line in prose if _SUBSECTION.match(prose_text(line.text))]
    read_prose([line for line in prose if line not in headings], region, reading, parts)
    for run in runs:
        if "lendingmission" in letters(" ".join(" ".join(cells) for cells in run.header)):
            _read_borrowing(run, region, reading, parts)
        else:
            parts.rows(lambda d: d.other_revenue).extend(read_amount_rows(run, region, reading))


def _read_borrowing(run: Run, region: Region, reading: Reading, parts: Parts) -> None:
    for line in run.rows:
        cells = CellReader(reading, region.label, line)
        as_at = borrowing_date(cells.label)
        if as_at is None or not cells.text(1):
            reading.unplaced(line, region.label, "a date, the lending mission and an amount "
                             "(31 July 2021 | MINUSMA | 32.5)")
            continue
        cells.no_extra(3)
        amount = cells.number(2, "amount")
        if not cells.failed and amount is not None:
            parts.rows(lambda d: d.borrowing).append(Borrowing(
                as_at=as_at, lending_mission=cells.text(1), amount_millions=amount,
                source_line=line.number))

