"""The charts of a report, each with the table whose figures it draws.

A chart never shows a figure its table does not print: the variance by class
draws the variance column of "Financial resources"; apportionment and
expenditure across periods draws a table of gross requirements by period from
every stored report of the mission; staffing by grade band draws the total rows
of the component staffing tables; the monthly expenditure pattern draws the
months' expenditure. Axis labels are in thousands of United States dollars.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from rbb.engine import derived
from rbb.model import Document, DocumentKind, MoneyTable, Period, StaffingKind, Stage
from rbb.model.classes import BY_CODE, LineKind
from rbb.model.money import ColumnRole
from rbb.model.staffing import RowType, StaffingColumn, StaffingTable
from rbb.model.tables import MonthlyExpenditure

from . import figures
from .framework_blocks import component_heading
from .tables_money import THOUSANDS
from .view import Cell, Chart, ChartKind, HeaderCell, Row, Series, Table

AXIS = "Thousands of United States dollars"


def variance_by_class(document: Document, table: MoneyTable) -> Chart | None:
    """The variance amount of every class with one, as the table prints it."""
    column = next((c for c in table.columns if c.role is ColumnRole.VARIANCE_AMOUNT), None)
    if column is None:
        return None
    labels: list[str] = []
    values: list[Decimal] = []
    for row in table.rows:
        line = BY_CODE.get(row.line)
        value = row.values.get(column.key)
        if line is None or line.kind is not LineKind.CLASS or not value:
            continue
        labels.append(row.label)
        values.append(value)
    if not labels:
        return None
    convention = ("cost estimates less apportionment" if document.kind is DocumentKind.BUDGET
                  else "apportionment less expenditure")
    return Chart(
        key="variance_by_class", title="Variance by class of expenditure", kind=ChartKind.BARS,
        categories=tuple(labels), series=(Series("Variance", tuple(values)),), axis_label=AXIS,
        description=f"Variance ({convention}) of the {len(labels)} classes of expenditure "
                    f"with a variance, in thousands of United States dollars, as printed in "
                    f"the variance column of the table above.")


_STAGES = ((Stage.APPORTIONMENT, "Apportionment"), (Stage.EXPENDITURE, "Expenditure"),
           (Stage.COST_ESTIMATES, "Cost estimates"))


def _gross_figures(document: Document) -> dict[tuple[Stage, Period], Decimal]:
    table = document.financial_table("financial_resources") or \
        document.financial_table("financial_resources_summary")
    if table is None:
        return {}
    row = derived.rows_by_line(table).get(derived.GROSS)
    if row is None:
        return {}
    out: dict[tuple[Stage, Period], Decimal] = {}
    for column in table.amount_columns():
        value = row.values.get(column.key)
        if column.stage is not None and column.period is not None and value is not None:
            out[(column.stage, column.period)] = value
    return out


def across_periods(document: Document,
                   context: Sequence[Document]) -> tuple[Table, Chart] | None:
    """Gross requirements by period and stage from every stored report of the mission.

    A figure printed by several reports is taken from the report of its own period
    (the performance report is final for its year), else from the newest report;
    ``rbb check`` compares the copies.
    """
    documents = [d for d in (document, *context) if d.mission.code == document.mission.code]
    chosen: dict[tuple[Stage, Period], tuple[tuple[bool, int], Decimal]] = {}
    for source in documents:
        for (stage, period), value in _gross_figures(source).items():
            rank = (source.period == period, source.period.start_year)
            if (stage, period) not in chosen or rank > chosen[(stage, period)][0]:
                chosen[(stage, period)] = (rank, value)
    periods = sorted({period for _, period in chosen})
    stages = [(stage, label) for stage, label in _STAGES
              if any(s is stage for s, _ in chosen)]
    if len(periods) < 2 or not stages:
        return None
    rows = tuple(Row((Cell(period.label),
                      *(Cell(figures.amount(chosen[(stage, period)][1])
                             if (stage, period) in chosen else "", numeric=True)
                        for stage, _ in stages)))
                 for period in periods)
    table = Table(
        key="gross_by_period",
        header=((HeaderCell("Period"), *(HeaderCell(label, numeric=True)
                                         for _, label in stages)),),
        rows=rows, columns=("Period", *(label for _, label in stages)),
        title="Gross requirements across the periods stored", units=THOUSANDS,
        widths=(25, *([25] * len(stages))))
    chart = Chart(
        key="gross_by_period", title="Apportionment and expenditure across periods",
        kind=ChartKind.COLUMNS, categories=tuple(p.label for p in periods),
        series=tuple(Series(label, tuple(chosen[(stage, p)][1] if (stage, p) in chosen
                                         else Decimal(0) for p in periods))
                     for stage, label in stages),
        axis_label=AXIS,
        description="Gross requirements by period: "
                    + ", ".join(label.lower() for _, label in stages)
                    + ", in thousands of United States dollars, as in the table above.")
    return table, chart


BANDS: tuple[tuple[StaffingColumn, str], ...] = (
    (StaffingColumn.USG_ASG, "USG–ASG"), (StaffingColumn.D2_D1, "D-2–D-1"),
    (StaffingColumn.P5_P4, "P-5–P-4"), (StaffingColumn.P3_P2, "P-3–P-2"),
    (StaffingColumn.FS, "FS"), (StaffingColumn.NPO, "NPO"), (StaffingColumn.NGS, "NGS"),
    (StaffingColumn.UNV_INTERNATIONAL, "UNV international"),
    (StaffingColumn.UNV_NATIONAL, "UNV national"),
)


def _band_totals(table: StaffingTable) -> tuple[str, dict[StaffingColumn, int]] | None:
    """Posts by grade band of the table's latest proposed (else approved) total row."""
    for kind in (StaffingKind.PROPOSED, StaffingKind.APPROVED):
        for row in table.rows:
            if row.row_type is RowType.TOTAL and row.kind is kind and \
                    any(c in row.counts for c, _ in BANDS):
                label = f"{kind.value} {row.period.label}" if row.period else kind.value
                return label, {c: n for c, n in row.counts.items() if n is not None}
    return None


def staffing_by_band(document: Document) -> tuple[Table, Chart] | None:
    """Civilian posts by grade band and component, from each component table's total row;
    the sums across components are the engine's (``derived.total``)."""
    columns: list[tuple[str, dict[StaffingColumn, int]]] = []
    basis = ""
    names = {c.key: component_heading(c) for c in document.components}
    for table in document.staffing_tables:
        if table.component is None:
            continue
        found = _band_totals(table)
        if found is None:
            continue
        basis, counts = found
        columns.append((names.get(table.component, table.component.replace("_", " ")), counts))
    if not columns:
        return None
    bands = [(c, label) for c, label in BANDS if any(counts.get(c) for _, counts in columns)]
    rows = []
    for band, label in bands:
        values = [Decimal(counts.get(band, 0)) for _, counts in columns]
        rows.append(Row((Cell(label), *(Cell(figures.quantity(v), numeric=True) for v in values),
                         Cell(figures.quantity(derived.total(values)), numeric=True))))
    totals = [derived.total(Decimal(counts.get(c, 0)) for c, _ in bands) for _, counts in columns]
    rows.append(Row((Cell("Total"), *(Cell(figures.quantity(v), numeric=True) for v in totals),
                     Cell(figures.quantity(derived.total(totals)), numeric=True)), kind="total"))
    heads = [name for name, _ in columns]
    grade_table = Table(
        key="posts_by_grade_band",
        header=((HeaderCell("Grade band"), *(HeaderCell(h, numeric=True) for h in heads),
                 HeaderCell("Total", numeric=True)),),
        rows=tuple(rows), columns=("Grade band", *heads, "Total"),
        title=f"Civilian posts by grade band ({basis})", units="(Number of posts)",
        widths=(25, *([60 // max(1, len(heads))] * len(heads)), 15))
    chart = Chart(
        key="posts_by_grade_band", title=f"Civilian posts by grade band ({basis})",
        kind=ChartKind.STACKED, categories=tuple(label for _, label in bands),
        series=tuple(Series(name, tuple(Decimal(counts.get(c, 0)) for c, _ in bands))
                     for name, counts in columns),
        axis_label="Number of posts",
        description="Civilian posts by grade band, stacked by component, as in the table "
                    "above.")
    return grade_table, chart


def monthly_pattern(rows: Sequence[MonthlyExpenditure]) -> Chart | None:
    if not rows:
        return None
    return Chart(
        key="monthly_expenditure", title="Monthly expenditure pattern", kind=ChartKind.COLUMNS,
        categories=tuple(f"{r.month:%b %Y}" for r in rows),
        series=(Series("Expenditure", tuple(r.amount for r in rows)),), axis_label=AXIS,
        description="Expenditure by month of the period, in thousands of United States "
                    "dollars, as in the table beside it.")
