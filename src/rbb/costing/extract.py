"""Drivers as a budget report prints them: posts from the staffing tables, vacancy
factors from section "Vacancy factors", exchange rates from the analysis of
variances, operational quantities from the support outputs, and the
published class amounts that calibration must reproduce.

Nothing here invents a figure: a driver a report does not print (a standard
cost, a unit price) is left for a file, a person or calibration to supply.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from functools import cache

from rbb.model import Document, DocumentKind, MoneyTable, Period, Stage
from rbb.model.classes import BY_CODE, LineKind
from rbb.model.currencies import currency_named, name_pattern
from rbb.model.errors import InputError
from rbb.model.money import ColumnRole
from rbb.model.staffing import RowType, StaffingKind, VacancyKind

from .catalogue import LOCAL_CURRENCY_CLASSES, PEOPLE_BANDS, SUMMARY_BANDS, band_line
from .drivers import (
    ClassAmount,
    DriverSet,
    ExchangeRate,
    OperationalQuantity,
    PostCount,
    Provenance,
    ProvenanceKind,
    VacancyRate,
)

FINANCIAL_RESOURCES = "financial_resources"
BUDGETED_KINDS = (VacancyKind.APPROVED, VacancyKind.PROPOSED, VacancyKind.BUDGETED)


@dataclass(frozen=True, slots=True)
class Figure:
    """One published amount and where it is printed."""

    line: str
    amount: Decimal
    stage: Stage | None
    period: Period | None
    column: str
    source_line: int | None


@dataclass(frozen=True, slots=True)
class Published:
    """The class amounts of a budget report: apportionment and cost estimates by line,
    and the variance column as printed."""

    reference: str
    period: Period
    base_period: Period
    lines: tuple[str, ...]
    amounts: dict[tuple[str, Period], Figure]
    variances: dict[str, Figure]

    def amount(self, line: str, period: Period) -> Figure | None:
        return self.amounts.get((line, period))


def document_reference(document: Document) -> str:
    """``UNMIK 2025/26 budget (A/79/...)``: how provenance names a report."""
    text = str(document.key)
    return f"{text} ({document.symbol})" if document.symbol else text


def published_figures(document: Document) -> Published:
    """Apportionment (P−1) and cost estimates (P) of every class; the printed variance."""
    if document.kind is not DocumentKind.BUDGET:
        raise InputError(f"{document.key}: costing starts from a budget report (it prints the "
                         "cost estimates, the apportionment, the posts and the vacancy factors)")
    table = document.financial_table(FINANCIAL_RESOURCES)
    if table is None:
        raise InputError(f"{document.key}: no financial resources table by class was read")
    estimates = _column(table, Stage.COST_ESTIMATES)
    apportionment = _column(table, Stage.APPORTIONMENT)
    if estimates is None or apportionment is None:
        raise InputError(f"{document.key}: the financial resources table needs an "
                         "apportionment and a cost estimates column")
    amounts: dict[tuple[str, Period], Figure] = {}
    variances: dict[str, Figure] = {}
    lines: list[str] = []
    variance_key = next((c.key for c in table.columns
                         if c.role is ColumnRole.VARIANCE_AMOUNT), None)
    for row in table.rows:
        found = BY_CODE.get(row.line)
        if found is None or row.row_type is not RowType.ITEM:
            continue
        if found.kind is LineKind.CLASS:
            lines.append(row.line)
        for column, period, stage in (
                (apportionment, document.period.previous, Stage.APPORTIONMENT),
                (estimates, document.period, Stage.COST_ESTIMATES)):
            value = row.values.get(column)
            if value is not None:
                amounts[(row.line, period)] = Figure(row.line, value, stage, period, column,
                                                     row.source_line)
        if variance_key and row.values.get(variance_key) is not None:
            variances[row.line] = Figure(row.line, row.values[variance_key] or Decimal(0),
                                         None, None, variance_key, row.source_line)
    if "national_staff" in lines and any(c in lines for c in LOCAL_CURRENCY_CLASSES[:2]):
        lines.remove("national_staff")
    return Published(reference=document_reference(document), period=document.period,
                     base_period=document.period.previous, lines=tuple(lines),
                     amounts=amounts, variances=variances)


def _column(table: MoneyTable, stage: Stage) -> str | None:
    return next((c.key for c in table.columns
                 if c.role is ColumnRole.AMOUNT and c.stage is stage), None)


def drivers_from_document(document: Document) -> DriverSet:
    """The drivers a budget report prints, each with the line it is printed on."""
    published = published_figures(document)
    reference = published.reference
    periods = (published.base_period, published.period)
    return DriverSet(
        mission=document.mission.code, period=document.period,
        base_period=document.period.previous, lines=published.lines,
        posts=tuple(_posts(document, reference, periods)),
        vacancy_factors=tuple(_vacancy_factors(document, reference, periods)),
        exchange_rates=tuple(_exchange_rates(document, reference)),
        quantities=tuple(_quantities(document, reference)),
        amounts=tuple(_summary_amounts(published)),
    )


def _provenance(reference: str, line: int | None) -> Provenance:
    return Provenance(kind=ProvenanceKind.REPORT, reference=reference, source_line=line)


def _posts(document: Document, reference: str,
           periods: tuple[Period, ...]) -> Iterator[PostCount]:
    found: set[tuple[str, Period]] = set()
    office_posts = list(_office_posts(document, reference, periods))
    for post in office_posts:
        found.add((post.line, post.period))
    yield from office_posts
    for table in document.staffing_tables:
        if table.component is not None:
            continue
        for row in table.rows:
            if row.row_type is not RowType.ITEM or row.period not in periods:
                continue
            if row.kind not in (StaffingKind.APPROVED, StaffingKind.PROPOSED):
                continue
            for column, count in row.counts.items():
                line = SUMMARY_BANDS.get(column.value)
                if line is None or not count or (line, row.period) in found:
                    continue
                assert row.period is not None
                yield PostCount(line=line, band=column.value, office=row.office,
                                component=_component_key(row.office), period=row.period,
                                count=count, provenance=_provenance(reference, row.source_line))


def _office_posts(document: Document, reference: str,
                  periods: tuple[Period, ...]) -> Iterator[PostCount]:
    for table in document.staffing_tables:
        if table.component is None:
            continue
        for row in table.rows:
            if row.row_type is not RowType.ITEM or row.period not in periods:
                continue
            if row.kind not in (StaffingKind.APPROVED, StaffingKind.PROPOSED):
                continue
            assert row.period is not None
            for column, count in row.counts.items():
                line = band_line(column.value)
                if line is None or not count or column.value not in PEOPLE_BANDS[line]:
                    continue
                yield PostCount(line=line, band=column.value, office=row.office,
                                component=table.component, parent_office=row.parent_office,
                                period=row.period, count=count,
                                provenance=_provenance(reference, row.source_line))


def _component_key(office: str) -> str:
    return re.sub(r"[^a-z0-9]+", "_", office.lower()).strip("_")


def _vacancy_factors(document: Document, reference: str,
                     periods: tuple[Period, ...]) -> Iterator[VacancyRate]:
    for factor in document.vacancy_factors:
        if factor.period in periods and factor.kind in BUDGETED_KINDS and factor.rate is not None:
            yield VacancyRate(category=factor.category.value, period=factor.period,
                              kind=factor.kind.value, rate=factor.rate,
                              provenance=_provenance(reference, factor.source_line))


@cache
def _exchange() -> re.Pattern[str]:
    """The currency names come from the reference data (``rbb.model.currencies``)."""
    names = name_pattern()
    return re.compile(
        rf"exchange\s+rate\s+of\s+(?P<new>\d[\d,]*(?:\.\d+)?)\s+(?P<currency>{names})\s+"
        r"(?:to\s+(?:one|1|the)|per)\s+United\s+States\s+dollar,?\s+"
        r"(?:versus|compared\s+with|as\s+compared\s+with)\s+(?:the\s+(?:budgeted\s+)?rate\s+of\s+)?"
        rf"(?P<old>\d[\d,]*(?:\.\d+)?)(?:\s+(?:{names}))?(?!\d)",
        re.IGNORECASE)


def _exchange_rates(document: Document, reference: str) -> Iterator[ExchangeRate]:
    """"the application of the exchange rate of 0.948 euro to one United States dollar
    versus the rate of 0.912 euro applied in the approved budget for the 2024/25 period"
    (analysis of variances): the proposal's rate and the approved budget's, in any
    currency of the reference data."""
    texts = [(p.text, p.source_line) for e in document.variance_explanations
             for p in e.paragraphs]
    texts += [(p.text, p.source_line) for p in document.paragraphs]
    seen: set[Period] = set()
    for text, line in texts:
        match = _exchange().search(text)
        if match is None:
            continue
        named = currency_named(match["currency"])
        if named is None:  # the pattern only matches names of the reference data
            continue
        for period, rate in ((document.period, match["new"]),
                             (document.period.previous, match["old"])):
            if period in seen:
                continue
            seen.add(period)
            yield ExchangeRate(currency=named.code, period=period,
                               rate=Decimal(rate.replace(",", "")),
                               applies_to=LOCAL_CURRENCY_CLASSES[:2],
                               provenance=_provenance(reference, line))


_LITRES = re.compile(r"(?P<n>\d[\d,]*) litres (?:of |for )(?P<what>[^,()]+?)"
                     r"(?=,|\)| and \d|$| across| in )")
_PURPOSES = (
    ("ground transportation", "fuel.ground_transportation", "ground_transportation"),
    ("generators", "fuel.generators", "facilities_and_infrastructure"),
    ("heating", "fuel.heating", "facilities_and_infrastructure"),
    ("petroleum gas", "fuel.heating", "facilities_and_infrastructure"),
    ("oil and lubricants", "fuel.oil_and_lubricants", "ground_transportation"),
    ("aviation", "fuel.air_operations", "air_operations"),
    ("air", "fuel.air_operations", "air_operations"),
    ("marine", "fuel.marine_operations", "marine_operations"),
)
_COUNTED = (
    (re.compile(r"(?P<n>\d[\d,]*) United Nations-owned vehicles"), "vehicles", "vehicles",
     "ground_transportation"),
    (re.compile(r"(?P<n>\d[\d,]*) United Nations-owned generators"), "generators", "generators",
     "facilities_and_infrastructure"),
    (re.compile(r"(?P<n>\d[\d,]*) (?:planned )?flight hours"), "flight_hours", "hours",
     "air_operations"),
    (re.compile(r"(?P<n>\d[\d,]*) (?:person-days of )?rations"), "rations", "rations",
     "military_contingents"),
)


def _quantities(document: Document, reference: str) -> Iterator[OperationalQuantity]:
    """Quantities the support outputs print; unpriced until a file or person prices them."""
    for component in document.components:
        for accomplishment in component.expected_accomplishments:
            for output in accomplishment.outputs:
                yield from _output_quantities(output.text, document.period, reference,
                                              output.source_line)


def _output_quantities(text: str, period: Period, reference: str,
                       line: int | None) -> Iterator[OperationalQuantity]:
    origin = _provenance(reference, line)
    litres = list(_LITRES.finditer(text))
    parts = []
    for match in litres:
        purpose = match["what"].strip().lower()
        for keyword, item, class_line in _PURPOSES:
            if keyword in purpose:
                parts.append((item, class_line, match))
                break
    if parts:
        for item, class_line, match in parts:
            yield OperationalQuantity(item=item, line=class_line, period=period,
                                      quantity=_number(match["n"]), unit="litres",
                                      text=match.group(0).strip(), provenance=origin)
    elif litres:
        match = litres[0]
        yield OperationalQuantity(item="fuel", line=None, period=period,
                                  quantity=_number(match["n"]), unit="litres",
                                  text=match.group(0).strip(), provenance=origin)
    for pattern, item, unit, class_line in _COUNTED:
        for match in pattern.finditer(text):
            yield OperationalQuantity(item=item, line=class_line, period=period,
                                      quantity=_number(match["n"]), unit=unit,
                                      text=match.group(0), provenance=origin)


def _number(text: str) -> Decimal:
    return Decimal(text.replace(",", ""))


def _summary_amounts(published: Published) -> Iterator[ClassAmount]:
    """Voluntary contributions in kind are budgeted as printed; no driver explains them."""
    for period in (published.base_period, published.period):
        figure = published.amount("voluntary_contributions_in_kind_budgeted", period)
        if figure is not None:
            yield ClassAmount(line=figure.line, period=period, amount=figure.amount,
                              provenance=_provenance(published.reference, figure.source_line))
