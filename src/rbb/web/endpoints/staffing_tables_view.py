"""Staffing: posts by component, office and grade band, approved against
proposed; vacancy factors; incumbency (docs/domain.md, "People"): view data, page
and API routes."""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse
from markupsafe import Markup

from rbb.model import DocumentKey, Period
from rbb.model.base import Percentage, Quantity
from rbb.model.staffing import (
    INTERNATIONAL_BANDS,
    NATIONAL_BANDS,
    UNV_BANDS,
    RowType,
    StaffingColumn,
    StaffingKind,
    StaffingTable,
)
from rbb.services.account_service import User

from .. import charts
from ..admission import ReadRoute
from ..context import reader, services
from ..library import Snapshot
from ..paths import anchor, parse_report_key
from ..templating import render
from ..view_basics import DocumentRef, View, column_label, humanize, ref
from .keyed_routes import add_list_and_item

BANDS = INTERNATIONAL_BANDS + NATIONAL_BANDS + UNV_BANDS
SHORT_BANDS = {StaffingColumn.UNV_INTERNATIONAL: "UNV (int.)",
               StaffingColumn.UNV_NATIONAL: "UNV (nat.)"}


class StaffingRowView(View):
    office: str
    first_of_office: bool
    row_type: str
    kind: str
    kind_label: str
    counts: list[int | None]
    changed: list[bool]
    """Cells of a proposed row that differ from the approved row above it."""
    source_line: int | None = None


class StaffingTableView(View):
    key: str
    anchor: str
    title: str
    component: str | None
    columns: list[str]
    column_labels: list[str]
    rows: list[StaffingRowView]


class BandSeries(View):
    label: str
    counts: list[int]


class BandChart(View):
    bands: list[str]
    series: list[BandSeries]


class VacancyRowView(View):
    category: str
    label: str
    rates: list[Percentage | None]


class VacancyView(View):
    columns: list[str]
    rows: list[VacancyRowView]


class IncumbencyView(View):
    category: str
    label: str
    approved: Quantity | None
    actual_average: Quantity | None
    vacancy_rate: Percentage | None
    source_line: int | None = None
    planned_average: Quantity | None = None
    """Printed by the reports of about 2003-2010; the rate is against it there."""


class StaffingView(View):
    document: DocumentRef
    tables: list[StaffingTableView]
    chart: BandChart | None
    vacancy_factors: VacancyView | None
    incumbency: list[IncumbencyView]
    incumbency_planned: bool = False
    """Some incumbency row has a planned average: the page prints that column."""


def kind_label(kind: StaffingKind, period: Period | None) -> str:
    words = {StaffingKind.APPROVED: "Approved", StaffingKind.PROPOSED: "Proposed",
             StaffingKind.NET_CHANGE: "Net change",
             StaffingKind.ACTUAL_AVERAGE: "Actual average"}[kind]
    return f"{words} {period.label}" if period else words


def _table(table: StaffingTable) -> StaffingTableView:
    rows: list[StaffingRowView] = []
    previous_office = None
    approved: dict[StaffingColumn, int | None] = {}
    for row in table.rows:
        if row.office != previous_office:
            approved = {}
        counts = [row.counts.get(c) for c in table.columns]
        if row.kind is StaffingKind.APPROVED:
            approved = dict(row.counts)
        changed = [row.kind is StaffingKind.PROPOSED and bool(approved)
                   and row.counts.get(c) != approved.get(c) for c in table.columns]
        rows.append(StaffingRowView(
            office=row.office, first_of_office=row.office != previous_office,
            row_type=row.row_type.value, kind=row.kind.value,
            kind_label=kind_label(row.kind, row.period), counts=counts, changed=changed,
            source_line=row.source_line))
        previous_office = row.office
    return StaffingTableView(key=table.key, anchor=anchor(table.key), title=table.title,
                             component=table.component,
                             columns=[c.value for c in table.columns],
                             column_labels=[column_label(c) for c in table.columns], rows=rows)


def band_chart(tables: tuple[StaffingTable, ...]) -> BandChart | None:
    """Posts by grade band, one series per (kind, period): the component tables'
    total rows (their top-level offices where no total is printed)."""
    sums: dict[str, dict[StaffingColumn, int]] = defaultdict(lambda: defaultdict(int))
    order: list[str] = []
    components = [t for t in tables if t.component is not None] or list(tables)
    for table in components:
        totals = [r for r in table.rows if r.row_type is RowType.TOTAL]
        rows = totals or [r for r in table.rows if r.row_type is RowType.ITEM
                          and r.parent_office is None]
        for row in rows:
            if row.kind is StaffingKind.NET_CHANGE:
                continue
            label = kind_label(row.kind, row.period)
            if label not in order:
                order.append(label)
            for band in BANDS:
                count = row.counts.get(band)
                if count is not None:
                    sums[label][band] += count
    bands = [b for b in BANDS if any(sums[label].get(b) for label in order)]
    if not bands:
        return None
    return BandChart(bands=[SHORT_BANDS.get(b, column_label(b)) for b in bands],
                     series=[BandSeries(label=label, counts=[sums[label].get(b, 0)
                                                             for b in bands])
                             for label in order])


def staffing_view(snapshot: Snapshot, key: DocumentKey) -> StaffingView:
    document = snapshot.document(key)
    vacancy = None
    if document.vacancy_factors:
        columns: list[tuple[str, Period]] = []
        rates: dict[str, dict[tuple[str, Period], Decimal | None]] = defaultdict(dict)
        for factor in document.vacancy_factors:
            column = (factor.kind.value, factor.period)
            if column not in columns:
                columns.append(column)
            rates[factor.category.value][column] = factor.rate
        columns.sort(key=lambda c: (c[1], c[0]))
        vacancy = VacancyView(
            columns=[f"{humanize(kind)} {period.label}" for kind, period in columns],
            rows=[VacancyRowView(category=category, label=column_label(category),
                                 rates=[by_column.get(c) for c in columns])
                  for category, by_column in rates.items()])
    return StaffingView(
        document=ref(document), tables=[_table(t) for t in document.staffing_tables],
        chart=band_chart(document.staffing_tables), vacancy_factors=vacancy,
        incumbency=[IncumbencyView(category=r.category.value, label=r.label,
                                   approved=r.approved, planned_average=r.planned_average,
                                   actual_average=r.actual_average,
                                   vacancy_rate=r.vacancy_rate, source_line=r.source_line)
                    for r in document.incumbency],
        incumbency_planned=any(r.planned_average is not None for r in document.incumbency))


def band_chart_svg(view: StaffingView) -> Markup | None:
    if view.chart is None:
        return None
    return charts.bar_chart("Posts by grade band", view.chart.bands,
                            [(s.label, s.counts) for s in view.chart.series], charts.count_tick)


page = APIRouter(route_class=ReadRoute)
api = APIRouter(route_class=ReadRoute)


@page.get("/missions/{mission}/{period}/{kind}/staffing", response_class=HTMLResponse)
def staffing(request: Request, mission: str, period: str, kind: str,
             user: User | None = Depends(reader)) -> HTMLResponse:
    key = parse_report_key(mission, period, kind, "staffing")
    snapshot = services(request).library.snapshot()
    view = snapshot.memo(("staffing", key), lambda: staffing_view(snapshot, key))
    return render(request, "staffing.html", view, chart=band_chart_svg(view))


add_list_and_item(
    api, "/staffing-tables", item_type=StaffingTable, part="staffing_tables",
    key_param="table", what="staffing table", names=("staffing_tables", "staffing_table"),
    summaries=("The staffing tables of a document", "One staffing table"))
