"""The other tables of sections II (budget) and III (performance): non-budgeted
contributions, efficiency gains, training, official travel, programmatic
activities, quick-impact projects, redeployments, monthly expenditure, other
revenue and borrowing (docs/domain.md, "Other sections of the reports")."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from rbb.model import Document, DocumentKind
from rbb.model.classes import BY_CODE
from rbb.model.staffing import RowType
from rbb.model.tables import (
    AmountRow,
    Borrowing,
    EfficiencyGains,
    MonthlyExpenditure,
    OfficialTravel,
    ProgrammaticActivity,
    QuickImpactProjects,
    Redeployments,
    TrainingParticipants,
)

from . import figures
from .finding_marks import FindingIndex
from .tables_money import THOUSANDS
from .view import Cell, HeaderCell, Row, RowKind, Table


def _kind(row_type: RowType) -> RowKind:
    if row_type is RowType.TOTAL:
        return "total"
    return "subtotal" if row_type is RowType.SUBTOTAL else "item"


def _label_kind(label: str, row_type: RowType) -> RowKind:
    return "total" if label.strip().lower() == "total" else _kind(row_type)


def _simple(key: str, rows: list[Row], columns: tuple[str, ...], index: FindingIndex,
            lines: Sequence[int | None], *, units: str | None = THOUSANDS,
            widths: tuple[int, ...] = ()) -> Table:
    header = ((HeaderCell(columns[0]),
               *(HeaderCell(c, numeric=True) for c in columns[1:])),)
    return Table(key=key, header=header, rows=tuple(rows), columns=columns, units=units,
                 findings=index.notes(lines), widths=widths,
                 source_line=next((line for line in lines if line is not None), None))


def amount_rows_table(key: str, rows_: Sequence[AmountRow], index: FindingIndex, *,
                      value_column: str) -> Table | None:
    """A labelled amount per row, under headings where the report groups them
    (non-budgeted contributions, training costs, other revenue)."""
    if not rows_:
        return None
    rows: list[Row] = []
    group: str | None = None
    for row in rows_:
        if row.group and row.group != group:
            group = row.group
            rows.append(Row((Cell(group, italic=True), Cell("")), kind="heading"))
        rows.append(Row((Cell(row.label, indent=1 if row.group else 0),
                         Cell(figures.amount(row.amount), numeric=True,
                              flagged=index.flagged(row.source_line))),
                        kind=_label_kind(row.label, row.row_type), source_line=row.source_line))
    return _simple(key, rows, ("Category", value_column), index,
                   [r.source_line for r in rows_], widths=(70, 30))


def efficiency_table(document: Document, gains: EfficiencyGains | None,
                     index: FindingIndex) -> Table | None:
    if gains is None or not gains.gains:
        return None
    period = gains.period or document.period
    rows = [Row((Cell(g.category), Cell(g.initiative or ""),
                 Cell(figures.amount(g.amount), numeric=True,
                      flagged=index.flagged(g.source_line))),
                kind=_label_kind(g.category, g.row_type), source_line=g.source_line)
            for g in gains.gains]
    previous = period.previous.label
    if gains.approved_budget is not None:
        rows.append(Row((Cell(f"Approved budget for {previous}"), Cell(""),
                         Cell(figures.amount(gains.approved_budget), numeric=True)),
                        source_line=gains.approved_budget_source_line))
    if gains.percentage_of_approved_budget is not None:
        rows.append(Row((Cell(f"Efficiencies as a percentage of the approved budget {previous}"),
                         Cell(""), Cell(figures.percentage(gains.percentage_of_approved_budget),
                                        numeric=True,
                                        flagged=index.flagged(gains.percentage_source_line))),
                        source_line=gains.percentage_source_line))
    lines = [g.source_line for g in gains.gains] + [gains.percentage_source_line]
    return _simple("efficiency_gains", rows,
                   ("Category", "Initiative", f"Estimated amount ({period.label})"), index,
                   lines, widths=(30, 50, 20))


_CATEGORY_LABELS = {"international_staff": "International staff",
                    "national_staff": "National staff",
                    "military_and_police_personnel": "Military and police personnel"}


def participants_table(rows_: Sequence[TrainingParticipants],
                       index: FindingIndex) -> Table | None:
    """"Number of participants" by category, kind and period, by place of training."""
    if not rows_:
        return None
    categories = list(dict.fromkeys(r.category for r in rows_))
    columns = list(dict.fromkeys((r.category, r.kind, r.period) for r in rows_))
    locations = list(dict.fromkeys(r.location for r in rows_))
    cells = {(r.category, r.kind, r.period, r.location): r for r in rows_}
    first = [HeaderCell("", rowspan=2)]
    for category in categories:
        span = sum(1 for c in columns if c[0] == category)
        first.append(HeaderCell(_CATEGORY_LABELS.get(category, category), colspan=span,
                                numeric=True))
    second = tuple(HeaderCell(f"{kind.capitalize()} {period.label}", numeric=True)
                   for _, kind, period in columns)
    rows = []
    for location in locations:
        found = [cells.get((*column, location)) for column in columns]
        line = next((f.source_line for f in found if f is not None), None)
        rows.append(Row((Cell(location.capitalize()),
                         *(Cell(figures.count(f.count) if f else "", numeric=True,
                                flagged=index.flagged(line)) for f in found)),
                        kind="total" if location == "total" else "item", source_line=line))
    flat = tuple(f"{_CATEGORY_LABELS.get(c, c)}: {k.capitalize()} {p.label}"
                 for c, k, p in columns)
    return Table(key="training_participants", header=(tuple(first), second), rows=tuple(rows),
                 columns=("", *flat), units="(Number of participants)",
                 findings=index.notes(r.source_line for r in rows_),
                 widths=(16, *([8] * len(columns))), source_line=rows_[0].source_line)


def travel_table(document: Document, rows_: Sequence[OfficialTravel],
                 index: FindingIndex) -> Table | None:
    if not rows_:
        return None
    periods = list(dict.fromkeys(p for r in rows_ for p in r.percentages))
    rows = [Row((Cell(r.label), Cell(figures.count(r.person_trips), numeric=True),
                 Cell(figures.amount(r.amount), numeric=True,
                      flagged=index.flagged(r.source_line)),
                 *(Cell(figures.percentage(r.percentages[p]) if p in r.percentages else "",
                        numeric=True) for p in periods)),
                kind=_label_kind(r.label, r.row_type), source_line=r.source_line)
            for r in rows_]
    trips = "Number of person-trips planned" if document.kind is DocumentKind.BUDGET \
        else "Number of person-trips"
    return _simple("official_travel", rows,
                   ("Category", trips, "Amount (thousands of United States dollars)",
                    *(f"Percentage of total budget {p}" for p in periods)),
                   index, [r.source_line for r in rows_], units=None,
                   widths=(34, 16, 18, *([16] * len(periods))))


def programmatic_table(document: Document, rows_: Sequence[ProgrammaticActivity],
                       index: FindingIndex) -> Table | None:
    if not rows_:
        return None
    budget = document.kind is DocumentKind.BUDGET
    with_accomplishments = any(r.expected_accomplishments for r in rows_)
    rows = []
    for r in rows_:
        cells = [Cell(r.description, indent=1 if r.parent else 0),
                 Cell(figures.amount(r.amount), numeric=True,
                      flagged=index.flagged(r.source_line))]
        if with_accomplishments:
            cells.append(Cell(" and ".join(r.expected_accomplishments)))
        rows.append(Row(tuple(cells), kind=_label_kind(r.description, r.row_type),
                        source_line=r.source_line))
    columns: tuple[str, ...] = ("Description" if budget else "Category",
                                "Proposed amount" if budget else "Expenditure")
    if with_accomplishments:
        columns = (*columns, "Related expected accomplishment")
    table = _simple("programmatic_activities", rows, columns, index,
                    [r.source_line for r in rows_],
                    widths=(50, 20, 30) if with_accomplishments else (70, 30))
    if with_accomplishments:
        header = ((HeaderCell(columns[0]), HeaderCell(columns[1], numeric=True),
                   HeaderCell(columns[2])),)
        table = replace(table, header=header)
    return table


def quick_impact_table(rows_: Sequence[QuickImpactProjects],
                       index: FindingIndex) -> Table | None:
    if not rows_:
        return None
    rows = [Row((Cell(f"{figures.period_span(r.period)} ({r.kind})"),
                 Cell(figures.amount(r.amount), numeric=True,
                      flagged=index.flagged(r.source_line)),
                 Cell(figures.count(r.number_of_projects), numeric=True)),
                source_line=r.source_line) for r in rows_]
    return _simple("quick_impact_projects", rows, ("Period", "Amount", "Number of projects"),
                   index, [r.source_line for r in rows_], widths=(60, 20, 20))


def redeployment_table(redeployments: Redeployments | None,
                       index: FindingIndex) -> Table | None:
    if redeployments is None or not redeployments.rows:
        return None
    numerals = {"military_and_police_personnel": "I. ", "civilian_personnel": "II. ",
                "operational_costs": "III. "}
    rows = []
    for r in redeployments.rows:
        label = "Total" if r.group == "total" else \
            numerals.get(r.group, "") + (BY_CODE[r.group].label if r.group in BY_CODE
                                          else r.group)
        rows.append(Row((Cell(label),
                         *(Cell(figures.amount(v), numeric=True,
                                flagged=index.flagged(r.source_line))
                           for v in (r.original_distribution, r.redeployment,
                                     r.revised_distribution))),
                        kind="total" if r.group == "total" else _kind(r.row_type),
                        source_line=r.source_line))
    rows.append(Row((Cell("Percentage of redeployment to total appropriation"), Cell(""),
                     Cell(figures.percentage(redeployments.percentage_of_appropriation)
                          if redeployments.percentage_of_appropriation is not None else "",
                          numeric=True), Cell("")),
                    source_line=redeployments.percentage_source_line))
    header = ((HeaderCell("Group", rowspan=2),
               HeaderCell("Appropriation", colspan=3, numeric=True)),
              (HeaderCell("Original distribution", numeric=True),
               HeaderCell("Redeployment", numeric=True),
               HeaderCell("Revised distribution", numeric=True)))
    lines = [r.source_line for r in redeployments.rows]
    return Table(key="redeployments", header=header, rows=tuple(rows),
                 columns=("Group", "Appropriation: Original distribution",
                          "Appropriation: Redeployment", "Appropriation: Revised distribution"),
                 units=THOUSANDS, findings=index.notes(lines), widths=(40, 20, 20, 20),
                 source_line=lines[0])


def monthly_table(rows_: Sequence[MonthlyExpenditure], index: FindingIndex) -> Table | None:
    """The monthly expenditure pattern as figures: what its chart draws."""
    if not rows_:
        return None
    rows = [Row((Cell(f"{r.month:%B %Y}"), Cell(figures.amount(r.amount), numeric=True,
                                                  flagged=index.flagged(r.source_line))),
                source_line=r.source_line) for r in rows_]
    return _simple("monthly_expenditure", rows, ("Month", "Expenditure"), index,
                   [r.source_line for r in rows_], widths=(60, 40))


def borrowing_table(rows_: Sequence[Borrowing], index: FindingIndex) -> Table | None:
    if not rows_:
        return None
    rows = [Row((Cell(figures.long_date(r.as_at)), Cell(r.lending_mission),
                 Cell(figures.millions(r.amount_millions), numeric=True,
                      flagged=index.flagged(r.source_line))),
                source_line=r.source_line) for r in rows_]
    header = ((HeaderCell("As at"), HeaderCell("Lending mission"),
               HeaderCell("Amount", numeric=True)),)
    lines = [r.source_line for r in rows_]
    return Table(key="borrowing", header=header, rows=tuple(rows),
                 columns=("As at", "Lending mission", "Amount"),
                 units="(Millions of United States dollars)", findings=index.notes(lines),
                 widths=(40, 30, 30), source_line=lines[0])
