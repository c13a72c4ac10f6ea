"""The inputs of one class in one period, gathered from a driver set.

Costing, calibration, attribution and scenarios all work on this one shape:
per grade band the posts, the vacancy rate, the standard cost (and its
currency), the allowance; per currency the exchange rate; per item the
priced quantities; and an amount for whatever no driver explains. Gathering
it once per period keeps a scenario recalculation to a pass over the drivers
and a few products per class.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from fractions import Fraction

from rbb.model import Period

from .catalogue import (
    CLASS_CODES,
    FALLBACK_CATEGORY,
    LOCAL_CURRENCY_CLASSES,
    PEOPLE_BANDS,
    vacancy_category,
)
from .drivers import (
    USD,
    AllowanceRate,
    ClassAmount,
    DriverSet,
    ExchangeRate,
    OperationalQuantity,
    Provenance,
    StandardCost,
    VacancyRate,
)
from .exact import HUNDRED, THOUSAND, q

PEOPLE = "people"
AMOUNT = "amount"


@dataclass(frozen=True, slots=True)
class Source:
    """One input as ``rbb cost`` shows it: what, how much, from where."""

    name: str
    value: Fraction
    unit: str
    provenance: str


@dataclass(frozen=True, slots=True)
class ClassInputs:
    """Everything the cost of one class depends on in one period."""

    line: str
    period: Period
    posts: Mapping[str, int] = field(default_factory=dict)
    vacancy: Mapping[str, Fraction] = field(default_factory=dict)
    """Band → vacancy factor as a share (8.8 per cent is 0.088)."""
    unit: Mapping[str, Fraction] = field(default_factory=dict)
    """Band → standard cost, thousands of its currency per full-time equivalent."""
    currency: Mapping[str, str] = field(default_factory=dict)
    exchange: Mapping[str, Fraction] = field(default_factory=dict)
    """Currency → units to one dollar."""
    allowance: Mapping[str, Fraction] = field(default_factory=dict)
    """Band → allowance, thousands of dollars per person and year."""
    quantities: Mapping[str, Fraction] = field(default_factory=dict)
    prices: Mapping[str, Fraction] = field(default_factory=dict)
    """Item → dollars per unit (priced items only)."""
    other: Fraction = Fraction(0)
    sources: tuple[Source, ...] = ()

    @property
    def kind(self) -> str:
        return PEOPLE if any(self.posts.values()) or self.unit else AMOUNT

    def full_time_equivalents(self) -> Fraction:
        return sum((n * (1 - self.vacancy.get(b, Fraction(0))) for b, n in self.posts.items()),
                   Fraction(0))

    def uses_exchange_rate(self) -> bool:
        fallback = self.currency.get("", USD)
        return any(self.currency.get(b, fallback) != USD for b in self.posts)


def unit_in_dollars(inputs: ClassInputs, band: str) -> Fraction:
    """The band's annual cost per full-time equivalent, in thousands of dollars."""
    standard = inputs.unit.get(band, inputs.unit.get("", Fraction(0)))
    currency = inputs.currency.get(band, inputs.currency.get("", USD))
    if currency != USD:
        rate = inputs.exchange.get(currency)
        if not rate:
            return Fraction(0)
        standard = standard / rate
    return standard + inputs.allowance.get(band, Fraction(0))


def class_cost(inputs: ClassInputs) -> Fraction:
    """posts × (1 − vacancy factor) × (standard cost ÷ exchange rate + allowance), summed
    over bands, plus priced quantities (quantity × unit price ÷ 1000), plus the amount
    no driver explains. Exact."""
    cost = inputs.other
    for band, posts in inputs.posts.items():
        if posts:
            cost += posts * (1 - inputs.vacancy.get(band, Fraction(0))) \
                * unit_in_dollars(inputs, band)
    for item, quantity in inputs.quantities.items():
        price = inputs.prices.get(item)
        if price is not None:
            cost += quantity * price / THOUSAND
    return cost


@dataclass(frozen=True, slots=True)
class PeriodInputs:
    """The inputs of every class in one period, and the staff assessment rate."""

    mission: str
    period: Period
    classes: Mapping[str, ClassInputs]
    staff_assessment_rate: Fraction | None = None
    staff_assessment_classes: tuple[str, ...] = ()
    staff_assessment_source: str | None = None
    summary_amounts: Mapping[str, Fraction] = field(default_factory=dict)
    """Amounts of summary lines carried as drivers (voluntary contributions in kind)."""


@dataclass(slots=True)
class _Tables:
    """The drivers of one period, indexed once for every class."""

    posts: dict[str, dict[str, int]]
    post_sources: dict[str, dict[str, list[Provenance]]]
    rates: dict[str, VacancyRate]
    exchange: dict[str, ExchangeRate]
    standards: dict[str, dict[str, StandardCost]]
    allowances: dict[str, AllowanceRate]
    amounts: dict[str, ClassAmount]
    priced: dict[str, list[OperationalQuantity]]


def gather(drivers: DriverSet, period: Period,
           lines: Iterable[str] = CLASS_CODES) -> PeriodInputs:
    """The inputs of ``period`` for every class in ``lines`` (one pass per driver kind)."""
    lines = tuple(lines)
    wanted = set(lines)
    tables = _Tables(defaultdict(lambda: defaultdict(int)),
                     defaultdict(lambda: defaultdict(list)),
                     {r.category: r for r in drivers.vacancy_factors if r.period == period},
                     {r.currency: r for r in drivers.exchange_rates if r.period == period},
                     defaultdict(dict),
                     {a.category: a for a in drivers.allowance_rates if a.period == period},
                     {a.line: a for a in drivers.amounts if a.period == period},
                     defaultdict(list))
    for post in drivers.posts:
        if post.period == period and post.line in wanted:
            tables.posts[post.line][post.band] += post.count
            tables.post_sources[post.line][post.band].append(post.provenance)
    for cost in drivers.standard_costs:
        if cost.period == period and cost.line in wanted:
            tables.standards[cost.line][cost.band or ""] = cost
    for item in drivers.quantities:
        if item.period == period and item.line in wanted and item.unit_price is not None:
            tables.priced[item.line].append(item)
    classes = {line: _class_inputs(line, period, tables) for line in lines}
    assessment = next((s for s in drivers.staff_assessment if s.period == period), None)
    summary = {a.line: q(a.amount) for a in drivers.amounts
               if a.period == period and a.line not in wanted}
    return PeriodInputs(
        mission=drivers.mission, period=period, classes=classes,
        staff_assessment_rate=q(assessment.rate) if assessment else None,
        staff_assessment_classes=assessment.applies_to if assessment else (),
        staff_assessment_source=assessment.provenance.describe() if assessment else None,
        summary_amounts=summary)


def _class_inputs(line: str, period: Period, tables: _Tables) -> ClassInputs:
    sources: list[Source] = []
    posts = tables.posts.get(line, {})
    bands = [b for b in PEOPLE_BANDS.get(line, ()) if posts.get(b)]
    vacancy: dict[str, Fraction] = {}
    allowance: dict[str, Fraction] = {}
    for band in bands:
        sources.append(Source(f"posts {band}", Fraction(posts[band]), "posts",
                              _posts_provenance(tables.post_sources[line][band])))
        category = vacancy_category(line, band)
        rate = tables.rates.get(category) or tables.rates.get(FALLBACK_CATEGORY.get(category, ""))
        if rate is not None:
            vacancy[band] = q(rate.rate) / HUNDRED
            sources.append(Source(f"vacancy factor {band}", q(rate.rate), "per cent",
                                  rate.provenance.describe()))
        else:
            sources.append(Source(f"vacancy factor {band}", Fraction(0), "per cent",
                                  "none recorded: no vacancy factor applied"))
        granted = tables.allowances.get(category)
        if granted is not None:
            allowance[band] = q(granted.daily_rate) * granted.days / THOUSAND
            sources.append(Source(f"allowance {band}", q(granted.daily_rate), "dollars a day",
                                  granted.provenance.describe()))
    unit: dict[str, Fraction] = {}
    currency: dict[str, str] = {}
    for band, standard in tables.standards.get(line, {}).items():
        unit[band] = q(standard.annual_cost)
        currency[band] = standard.currency
        sources.append(Source(f"standard cost {band or 'class average'}", unit[band],
                              f"thousands of {standard.currency} per full-time equivalent",
                              standard.provenance.describe()))
    exchange: dict[str, Fraction] = {}
    for money in sorted(set(currency.values()) - {USD}):
        if money in tables.exchange:
            found = tables.exchange[money]
            exchange[money] = q(found.rate)
            sources.append(Source(f"exchange rate {money}", exchange[money],
                                  f"{money} to one dollar", found.provenance.describe()))
    quantities: dict[str, Fraction] = {}
    prices: dict[str, Fraction] = {}
    for item in tables.priced.get(line, []):
        assert item.unit_price is not None
        quantities[item.item], prices[item.item] = q(item.quantity), q(item.unit_price)
        sources.append(Source(f"{item.item}: {item.quantity} {item.unit} at ${item.unit_price}",
                              quantities[item.item] * prices[item.item] / THOUSAND,
                              "thousands of dollars", item.provenance.describe()))
    other = Fraction(0)
    carried = tables.amounts.get(line)
    if carried is not None:
        other = q(carried.amount)
        sources.append(Source("amount", other, "thousands of dollars",
                              carried.provenance.describe()))
    return ClassInputs(line=line, period=period, posts={b: posts[b] for b in bands},
                       vacancy=vacancy, unit=unit, currency=currency, exchange=exchange,
                       allowance=allowance, quantities=quantities, prices=prices, other=other,
                       sources=tuple(sources))


def _posts_provenance(provenances: list[Provenance]) -> str:
    if not provenances:
        return "none recorded"
    lines = sorted({p.source_line for p in provenances if p.source_line is not None})
    first = provenances[0]
    where = f"{first.kind.value}: {first.reference}"
    if lines:
        where += f", line {lines[0]}" if len(lines) == 1 else f", lines {lines[0]}–{lines[-1]}"
    return f"{where} ({len(provenances)} row{'s' if len(provenances) != 1 else ''})"


def local_currency(drivers: DriverSet, line: str, period: Period) -> ExchangeRate | None:
    """The exchange rate a class's standard cost is stated against, if it is paid in a
    local currency (UNMIK national staff: euros)."""
    for rate in drivers.exchange_rates:
        if rate.period == period and (line in rate.applies_to or (
                not rate.applies_to and line in LOCAL_CURRENCY_CLASSES)):
            return rate
    return None
