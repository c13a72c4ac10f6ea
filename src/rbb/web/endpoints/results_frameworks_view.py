"""Results-based budgeting frameworks: component → expected accomplishments →
indicators of achievement and outputs (docs/domain.md, "Results-based budgeting
frameworks"): view data, pages and API routes."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse
from markupsafe import Markup

from rbb.model import Component, DocumentKey, Period
from rbb.model.base import Quantity
from rbb.model.errors import NotFoundError
from rbb.model.frameworks import Comparator
from rbb.services.account_service import User
from rbb.services.document_service import ComponentOutline

from .. import charts
from ..admission import ReadRoute
from ..context import reader, services
from ..library import Snapshot
from ..paths import anchor, document_path, parse_report_key
from ..templating import cell, render
from ..view_basics import DocumentRef, FindingView, View, ref, stored_finding_view
from .keyed_routes import add_list_and_item


class ComponentSummary(View):
    key: str
    number: int | None
    name: str
    page: str
    expected_accomplishments: list[tuple[str, str]]
    indicators: int
    outputs: int


class Frameworks(View):
    document: DocumentRef
    components: list[ComponentSummary]


# The parts of a component page are built on every request that renders it, from a
# document just read and validated: plain records (they are never validated or dumped).


@dataclass(frozen=True, slots=True)
class IndicatorValueView:
    period: Period
    text: str
    value: Quantity | None
    unit: str | None
    comparator: Comparator | None
    source_line: int | None = None


@dataclass(frozen=True, slots=True)
class IndicatorView:
    number: str
    anchor: str
    text: str
    values: list[IndicatorValueView]
    actual: str | None
    source_line: int | None = None


@dataclass(frozen=True, slots=True)
class OutputView:
    text: str
    heading: str | None
    quantity: Quantity | None
    completed: str | None
    remarks: str | None
    source_line: int | None = None
    starts_group: bool = False
    """Its heading differs from the output's before it: the table prints the heading."""
    quantity_text: str = ""
    """The quantity as printed (``templating.cell``), formatted here rather than by a
    filter call in each of a component's outputs' rows (a component may list a
    hundred)."""


@dataclass(frozen=True, slots=True)
class ExpectedAccomplishmentView:
    number: str
    anchor: str
    text: str
    indicators: list[IndicatorView]
    outputs: list[OutputView]


class ComponentView(View):
    document: DocumentRef
    key: str
    number: int | None
    name: str
    expected_accomplishments: list[ExpectedAccomplishmentView]
    external_factors: str | None
    findings: list[FindingView]
    checks_available: bool
    others: list[ComponentSummary]


def _summaries(snapshot: Snapshot, key: DocumentKey) -> list[ComponentSummary]:
    document = snapshot.document_parts(key, "components")
    return [ComponentSummary(
        key=c.key, number=c.number, name=c.name, page=document_path(key, f"frameworks/{c.key}"),
        expected_accomplishments=[(ea.number, ea.text) for ea in c.expected_accomplishments],
        indicators=sum(len(ea.indicators) for ea in c.expected_accomplishments),
        outputs=sum(len(ea.outputs) for ea in c.expected_accomplishments))
        for c in document.components]


def _outlined(key: DocumentKey, outlines: tuple[ComponentOutline, ...]
              ) -> list[ComponentSummary]:
    return [ComponentSummary.model_construct(
        key=o.key, number=o.number, name=o.name,
        page=document_path(key, f"frameworks/{o.key}"),
        expected_accomplishments=list(o.expected_accomplishments), indicators=o.indicators,
        outputs=o.outputs) for o in outlines]


def frameworks_view(snapshot: Snapshot, key: DocumentKey) -> Frameworks:
    return Frameworks(document=ref(snapshot.document_parts(key, "components")),
                      components=_summaries(snapshot, key))


def component_view(snapshot: Snapshot, key: DocumentKey, component_key: str) -> ComponentView:
    # Only this component is validated; the others are listed from their outlines.
    document, outlines = snapshot.component(key, component_key)
    component = next((c for c in document.components if c.key == component_key), None)
    if component is None:
        raise NotFoundError(f"the {key.kind.value} report {key.period} has no component "
                            f"{component_key[:60]!r}")
    table = f"component {component.key}"
    findings = [stored_finding_view(f) for f in snapshot.findings_of(key)
                if f.finding.table == table]
    available = True
    return ComponentView.model_construct(
        document=ref(document), key=component.key, number=component.number, name=component.name,
        external_factors=component.external_factors, findings=findings,
        checks_available=available,
        others=[s for s in _outlined(key, outlines) if s.key != component.key],
        expected_accomplishments=[ExpectedAccomplishmentView(
            number=ea.number, anchor=anchor("expected accomplishment", ea.number), text=ea.text,
            indicators=[IndicatorView(
                number=i.number, anchor=anchor("indicator", i.number), text=i.text,
                actual=i.actual, source_line=i.source_line,
                values=[IndicatorValueView(period=v.period, text=v.text, value=v.value,
                                           unit=v.unit, comparator=v.comparator,
                                           source_line=v.source_line) for v in i.values])
                for i in ea.indicators],
            outputs=[OutputView(text=o.text, heading=o.heading, quantity=o.quantity,
                                completed=o.completed, remarks=o.remarks,
                                source_line=o.source_line,
                                starts_group=bool(o.heading) and (
                                    n == 0 or o.heading != ea.outputs[n - 1].heading),
                                quantity_text=cell(o.quantity, "number"))
                     for n, o in enumerate(ea.outputs)])
            for ea in component.expected_accomplishments])


def indicator_charts(view: ComponentView) -> dict[str, Markup]:
    out = {}
    for ea in view.expected_accomplishments:
        for indicator in ea.indicators:
            points = [v for v in indicator.values if v.value is not None]
            if len(points) < 2:
                continue
            chart = _indicator_chart(
                indicator.number, points[0].unit or "",
                tuple(v.period.label + (f" {v.comparator.value}" if v.comparator else "")
                      for v in points), tuple(v.value for v in points))
            if chart is not None:
                out[indicator.number] = chart
    return out


@lru_cache(maxsize=4096)
def _indicator_chart(number: str, unit: str, categories: tuple[str, ...],
                     values: tuple[Decimal | None, ...]) -> Markup | None:
    """An indicator's chart is a function of its figures: drawn once per process for
    each set of them (a few kilobytes each, at most 4,096 kept), not on every request."""
    return charts.bar_chart(f"Indicator {number} by period" + (f" ({unit})" if unit else ""),
                            categories, [(number, values)], charts.number_tick)


page = APIRouter(route_class=ReadRoute)
api = APIRouter(route_class=ReadRoute)


@page.get("/missions/{mission}/{period}/{kind}/frameworks", response_class=HTMLResponse)
def frameworks(request: Request, mission: str, period: str, kind: str,
               user: User | None = Depends(reader)) -> HTMLResponse:
    key = parse_report_key(mission, period, kind, "results-based budgeting frameworks")
    snapshot = services(request).library.snapshot()
    return render(request, "frameworks.html", frameworks_view(snapshot, key))


@page.get("/missions/{mission}/{period}/{kind}/frameworks/{component}",
          response_class=HTMLResponse)
def component(request: Request, mission: str, period: str, kind: str, component: str,
              user: User | None = Depends(reader)) -> HTMLResponse:
    key = parse_report_key(mission, period, kind, "results-based budgeting frameworks")
    snapshot = services(request).library.snapshot()
    view = snapshot.memo(("component", key, component),
                         lambda: component_view(snapshot, key, component), precise=True)
    return render(request, "component.html", view, charts=indicator_charts(view))


add_list_and_item(
    api, "/frameworks", item_type=Component, part="components",
    key_param="component", what="component", names=("frameworks", "framework"),
    summaries=("Results-based budgeting frameworks: components",
               "One component: expected accomplishments, indicators, outputs"))
