"""View data of the costing pages: a scenario against its base, two scenarios, and
the variance of a stored budget explained by driver (docs/costing.md).

The engine's results (``Comparison``, ``Attribution``) become small pydantic
models the templates render; figures stay ``Decimal`` until the templates'
filters print them through ``rbb.presentation``. The REST API returns
the same results as ``rbb.services.costing_views`` shapes them for the CLI.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from decimal import Decimal, InvalidOperation
from urllib.parse import quote

from pydantic import BaseModel

from rbb.costing import Attribution, ClassAttribution, Comparison
from rbb.model import Period
from rbb.presentation import round_half_away
from rbb.services.scenario_service import EditableDriver, ScenarioView
from rbb.storage.costing_store import ScenarioRow

from ..paths import anchor, period_path

FORM_PLACES = 4
"""A driver's value in the form: at most four decimals (a calibrated unit cost keeps
40); a field still showing that value is not an edit."""

DRIVER_GROUPS = (("vacancy_factor", "Vacancy factors"), ("exchange_rate", "Exchange rates"),
                 ("unit_cost", "Standard costs"), ("allowance", "Allowance rates"),
                 ("price", "Unit prices"), ("quantity", "Operational quantities"),
                 ("amount", "Amounts without cost drivers"), ("posts", "Posts"))
OPEN_GROUPS = frozenset({"vacancy_factor", "exchange_rate", "unit_cost", "allowance"})
"""Groups shown open; the long lists (posts, amounts, quantities) start folded."""


def scenario_page(name: str) -> str:
    return f"/scenarios/{quote(name, safe='')}"


class ScenarioEntry(BaseModel):
    name: str
    mission: str
    period: Period
    base: str
    description: str | None
    edits: list[str]
    page: str
    base_page: str


class LineRow(BaseModel):
    line: str
    label: str
    kind: str
    base: Decimal
    scenario: Decimal
    change: Decimal


class PartRow(BaseModel):
    factor: str
    label: str
    before: str
    after: str
    amount: Decimal


class ClassExplanation(BaseModel):
    line: str
    label: str
    before: Decimal
    after: Decimal
    variance: Decimal
    variance_source_line: int | None
    residual: Decimal
    parts: list[PartRow]
    adds_up: bool
    anchor: str


class DriverField(BaseModel):
    key: str
    field_id: str
    label: str
    base: Decimal | None
    value: Decimal
    shown: str
    """The value as the form's input holds it (at most four decimals)."""
    unit: str
    provenance: str
    edited: bool


class DriverGroup(BaseModel):
    kind: str
    title: str
    open: bool
    fields: list[DriverField]


class ComparisonView(BaseModel):
    base_label: str
    scenario_label: str
    lines: list[LineRow]
    explanations: list[ClassExplanation]


class ScenarioDetail(BaseModel):
    entry: ScenarioEntry
    comparison: ComparisonView
    drivers: list[DriverGroup]
    others: list[ScenarioEntry]
    """Scenarios of the same budget, to compare with."""


class ScenarioComparison(BaseModel):
    first: ScenarioEntry
    second: ScenarioEntry
    comparison: ComparisonView


class AttributionView(BaseModel):
    mission: str
    period: Period
    before_label: str
    after_label: str
    explanations: list[ClassExplanation]
    totals: list[PartRow]
    residual: Decimal
    variance: Decimal
    overview: str
    financial: str


def entry(row: ScenarioRow) -> ScenarioEntry:
    return ScenarioEntry(
        name=row.name, mission=row.mission, period=row.period,
        base=f"{row.mission} {row.period} {row.kind.value}", description=row.description,
        edits=[f"{key}={value}" for key, value in row.edits], page=scenario_page(row.name),
        base_page=period_path(row.mission, row.period))


def explanation(found: ClassAttribution) -> ClassExplanation:
    return ClassExplanation(
        line=found.line, label=found.label, before=found.before, after=found.after,
        variance=found.variance, variance_source_line=found.variance_source_line,
        residual=found.residual, adds_up=found.check(), anchor=anchor("explain", found.line),
        parts=[PartRow(factor=p.factor, label=p.label, before=p.before, after=p.after,
                       amount=p.amount) for p in found.parts])


def comparison_view(comparison: Comparison) -> ComparisonView:
    """Every class, group and total against the base; the change of each class that
    moved, explained by driver."""
    return ComparisonView(
        base_label=comparison.base_label, scenario_label=comparison.scenario_label,
        lines=[LineRow(line=c.line, label=c.label, kind=c.kind, base=c.base,
                       scenario=c.scenario, change=c.change) for c in comparison.lines],
        explanations=[explanation(c) for c in comparison.attribution.classes
                      if c.variance or any(p.amount for p in c.parts)])


def form_value(value: Decimal) -> str:
    """A plain decimal for an input: ``8.8``, ``230.8512``, ``200``."""
    exponent = value.as_tuple().exponent
    if isinstance(exponent, int) and exponent < -FORM_PLACES:
        value = round_half_away(value, FORM_PLACES)
    text = format(value, "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


def driver_field(driver: EditableDriver) -> DriverField:
    rest = driver.key.partition(".")[2]
    return DriverField(
        key=driver.key, field_id="driver-" + anchor(driver.key),
        label=rest.replace("_", " ").replace(".", " · "),
        base=driver.base, value=driver.value, shown=form_value(driver.value), unit=driver.unit,
        provenance=driver.provenance, edited=driver.edited)


def driver_groups(drivers: Iterable[EditableDriver]) -> list[DriverGroup]:
    fields = [driver_field(d) for d in drivers]
    groups = []
    for kind, title in DRIVER_GROUPS:
        found = [f for f in fields if f.key.split(".")[0] == kind]
        if found:
            groups.append(DriverGroup(kind=kind, title=title, open=kind in OPEN_GROUPS
                                      or any(f.edited for f in found), fields=found))
    return groups


def scenario_detail(view: ScenarioView, drivers: Iterable[EditableDriver],
                    rows: Iterable[ScenarioRow]) -> ScenarioDetail:
    row = view.scenario
    return ScenarioDetail(
        entry=entry(row), comparison=comparison_view(view.comparison),
        drivers=driver_groups(drivers),
        others=[entry(r) for r in rows if r.name != row.name
                and (r.mission, r.period) == (row.mission, row.period)])


def form_edits(form: Mapping[str, str], drivers: Iterable[EditableDriver]) -> list[str]:
    """The ``KEY=VALUE`` edits a submitted drivers form asks for: every field whose value
    is no longer the one the form showed, and the free ``edit`` field (``+3%``, ``-1``)."""
    edits = []
    for driver in drivers:
        submitted = form.get(driver.key)
        if submitted is None or not submitted.strip():
            continue
        if _same(submitted, form_value(driver.value)):
            continue
        edits.append(f"{driver.key}={submitted.strip()}")
    extra = form.get("edit", "").strip()
    if extra:
        edits.append(extra)
    return edits


def _same(submitted: str, shown: str) -> bool:
    """Whether a field still holds what the form showed; a change (``+2``, ``+3%``) never
    does, and anything else is left for the service to check and explain."""
    text = submitted.strip()
    if text.startswith("+") or text.endswith("%"):
        return False
    try:
        return Decimal(text) == Decimal(shown)
    except InvalidOperation:
        return False


def attribution_view(attribution: Attribution, period: Period) -> AttributionView:
    totals = attribution.totals()
    labels: dict[str, str] = {}
    for found in attribution.classes:
        for part in found.parts:
            labels.setdefault(part.factor, part.label)
    return AttributionView(
        mission=attribution.mission, period=period, before_label=attribution.before_label,
        after_label=attribution.after_label,
        explanations=[explanation(c) for c in attribution.classes],
        totals=[PartRow(factor=factor, label=label, before="", after="",
                        amount=totals.get(factor, Decimal(0)))
                for factor, label in labels.items()],
        residual=totals["residual"], variance=totals["variance"],
        overview=period_path(attribution.mission, period),
        financial=period_path(attribution.mission, period) + "/budget/financial")
