"""The sections of one document, and a class of expenditure across documents."""

from __future__ import annotations

from decimal import Decimal

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, RedirectResponse
from markupsafe import Markup

from rbb.model import Period
from rbb.presentation import THIN_SPACE, format_amount, format_count
from rbb.storage.accounts import User

from .. import charts
from ..context import reader, services
from ..paths import parse_key, parse_mission, period_path
from ..templating import render, stage_label
from ..views.financial import ClassHistory, class_history_view, financial_view
from ..views.frameworks import ComponentView, component_view, frameworks_view
from ..views.staffing import StaffingView, staffing_view
from ..views.tables import other_tables_view

router = APIRouter()


def _amount_tick(value: float) -> str:
    return format_amount(Decimal(str(round(value, 1))), separator=THIN_SPACE, nil="0")


def _number_tick(value: float) -> str:
    exact = Decimal(str(value))
    places = 0 if exact == exact.to_integral_value() else 1
    return format_amount(exact, places=places, separator=THIN_SPACE, nil="0")


def _count_tick(value: float) -> str:
    return format_count(round(value), nil="0")


def history_chart(view: ClassHistory) -> Markup | None:
    """One line per stage over every period from the first to the last stored (a
    period no report covers is a gap, not a straight line across it)."""
    if not view.rows:
        return None
    first, last = view.rows[0].period, view.rows[-1].period
    periods = [first.shifted(n) for n in range(last.start_year - first.start_year + 1)]
    by_period = {row.period: row for row in view.rows}

    def value(period: Period, index: int) -> Decimal | None:
        row = by_period.get(period)
        if row is None:
            return None
        return next((a.amount for a in row.cells[index].amounts if a.amount is not None), None)

    return charts.line_chart(
        f"{view.label} by period and stage (thousands of United States dollars)",
        [p.label for p in periods],
        [(stage_label(stage), [value(p, index) for p in periods])
         for index, stage in enumerate(view.stages)],
        _amount_tick)


def band_chart(view: StaffingView) -> Markup | None:
    if view.chart is None:
        return None
    return charts.bar_chart("Posts by grade band", view.chart.bands,
                            [(s.label, s.counts) for s in view.chart.series], _count_tick)


def indicator_charts(view: ComponentView) -> dict[str, Markup]:
    out = {}
    for ea in view.expected_accomplishments:
        for indicator in ea.indicators:
            points = [v for v in indicator.values if v.value is not None]
            if len(points) < 2:
                continue
            unit = points[0].unit or ""
            chart = charts.bar_chart(
                f"Indicator {indicator.number} by period" + (f" ({unit})" if unit else ""),
                [v.period.label + (f" {v.comparator.value}" if v.comparator else "")
                 for v in points], [(indicator.number, [v.value for v in points])],
                _number_tick)
            if chart is not None:
                out[indicator.number] = chart
    return out


@router.get("/missions/{mission}/classes/{line}", response_class=HTMLResponse)
def class_page(request: Request, mission: str, line: str,
               user: User | None = Depends(reader)) -> HTMLResponse:
    snapshot = services(request).library.snapshot()
    view = snapshot.memo(("class", mission, line),
                         lambda: class_history_view(snapshot, parse_mission(mission), line))
    return render(request, "class.html", view, chart=history_chart(view))


@router.get("/missions/{mission}/{period}/{kind}", response_class=HTMLResponse)
def document_root(request: Request, mission: str, period: str, kind: str,
                  user: User | None = Depends(reader)) -> RedirectResponse:
    key = parse_key(mission, period, kind)
    services(request).library.snapshot().summary(key)
    return RedirectResponse(f"{period_path(key.mission, key.period)}#{key.kind.value}",
                            status_code=303)


@router.get("/missions/{mission}/{period}/{kind}/financial", response_class=HTMLResponse)
def financial(request: Request, mission: str, period: str, kind: str,
              user: User | None = Depends(reader)) -> HTMLResponse:
    key = parse_key(mission, period, kind)
    snapshot = services(request).library.snapshot()
    return render(request, "financial.html",
                  snapshot.memo(("financial", key), lambda: financial_view(snapshot, key)))


@router.get("/missions/{mission}/{period}/{kind}/staffing", response_class=HTMLResponse)
def staffing(request: Request, mission: str, period: str, kind: str,
             user: User | None = Depends(reader)) -> HTMLResponse:
    key = parse_key(mission, period, kind)
    snapshot = services(request).library.snapshot()
    view = snapshot.memo(("staffing", key), lambda: staffing_view(snapshot, key))
    return render(request, "staffing.html", view, chart=band_chart(view))


@router.get("/missions/{mission}/{period}/{kind}/frameworks", response_class=HTMLResponse)
def frameworks(request: Request, mission: str, period: str, kind: str,
               user: User | None = Depends(reader)) -> HTMLResponse:
    key = parse_key(mission, period, kind)
    snapshot = services(request).library.snapshot()
    return render(request, "frameworks.html", frameworks_view(snapshot, key))


@router.get("/missions/{mission}/{period}/{kind}/frameworks/{component}",
            response_class=HTMLResponse)
def component(request: Request, mission: str, period: str, kind: str, component: str,
              user: User | None = Depends(reader)) -> HTMLResponse:
    key = parse_key(mission, period, kind)
    snapshot = services(request).library.snapshot()
    view = snapshot.memo(("component", key, component),
                         lambda: component_view(snapshot, key, component))
    return render(request, "component.html", view, charts=indicator_charts(view))


@router.get("/missions/{mission}/{period}/{kind}/tables", response_class=HTMLResponse)
def other_tables(request: Request, mission: str, period: str, kind: str,
                 user: User | None = Depends(reader)) -> HTMLResponse:
    key = parse_key(mission, period, kind)
    snapshot = services(request).library.snapshot()
    return render(request, "tables.html", other_tables_view(snapshot, key))
