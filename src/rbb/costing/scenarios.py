"""Scenarios: named edits to the drivers, costed and explained against their base.

A scenario is its base (a stored budget's drivers) plus a list of edits such
as ``vacancy_factor.international_staff=10.0``; it never holds a copy of the
document, so editing it cannot change the document it came from. Applying
the edits makes a new driver set (records are immutable) whose every changed
driver names the edit as its provenance.

Values: ``10.0`` sets a driver; ``+2`` or ``-1.5`` changes it by that much
(posts added or abolished, percentage points of vacancy); ``+3%`` changes it
in proportion (a salary scale revision, a fuel price rise).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from rbb.model import Period
from rbb.model.base import Record
from rbb.model.classes import BY_CODE, snake_case
from rbb.model.errors import InputError

from .catalogue import BAND_CATEGORY, PEOPLE_BANDS, band_line
from .drivers import (
    ClassAmount,
    DriverKind,
    DriverSet,
    OperationalQuantity,
    PostCount,
    Provenance,
    ProvenanceKind,
    VacancyRate,
)

KINDS = ("vacancy_factor", "exchange_rate", "posts", "unit_cost", "allowance", "price",
         "quantity", "amount")
CATEGORY_ALIASES = {
    "international": "international_staff",
    "npo": "national_professional_officers",
    "ngs": "national_general_service_staff",
    "unv": "united_nations_volunteers_international",
    "unv_international": "united_nations_volunteers_international",
    "unv_national": "united_nations_volunteers_national",
    "police": "united_nations_police",
    "unpol": "united_nations_police",
    "mo": "military_observers",
}
CATEGORIES = (*PEOPLE_BANDS, *BAND_CATEGORY.values())
KEY_HELP = ("vacancy_factor.<category>, exchange_rate.<currency>, posts.<office>.<band>, "
            "unit_cost.<class>[.<band>], allowance.<category>, price.<item>, "
            "quantity.<item>, amount.<class>")


class Edit(Record):
    """One ``KEY=VALUE`` of ``rbb scenario set``, as typed."""

    key: str
    value: str

    @classmethod
    def parse(cls, text: str) -> Edit:
        key, sep, value = text.partition("=")
        if not sep or not key.strip() or not value.strip():
            raise InputError(f"{text!r}: write an edit as KEY=VALUE, e.g. "
                             "vacancy_factor.international_staff=10.0")
        edit = cls(key=_canonical(key.strip()), value=value.strip())
        edit.change()
        if edit.key.split(".")[0] not in KINDS:
            raise InputError(f"{edit.key!r}: unknown driver; keys are {KEY_HELP}")
        return edit

    def __str__(self) -> str:
        return f"{self.key}={self.value}"

    def change(self) -> Change:
        return Change.parse(self.value, self.key)


def _canonical(key: str) -> str:
    """One spelling per driver, so that setting ``vacancy_factor.ngs`` again replaces
    ``vacancy_factor.national_general_service_staff``."""
    kind, _, rest = key.partition(".")
    if kind in ("vacancy_factor", "allowance") and rest:
        return f"{kind}.{CATEGORY_ALIASES.get(rest.lower(), rest.lower())}"
    if kind == "exchange_rate" and rest:
        return f"{kind}.{rest.upper()}"
    return key


@dataclass(frozen=True, slots=True)
class Change:
    mode: str
    """``set``, ``add`` or ``scale``."""
    number: Decimal

    @classmethod
    def parse(cls, value: str, key: str) -> Change:
        text = value.replace(" ", "").replace("−", "-")
        mode = "add" if text[:1] in "+-" else "set"
        if text.endswith("%"):
            if mode == "set":
                raise InputError(f"{key}={value}: a proportional change needs a sign (+3%)")
            mode, text = "scale", text[:-1]
        try:
            number = Decimal(text)
        except InvalidOperation:
            raise InputError(f"{key}={value}: {value!r} is not a number") from None
        return cls(mode, number)

    def apply(self, old: Decimal) -> Decimal:
        if self.mode == "set":
            return self.number
        if self.mode == "add":
            return old + self.number
        return old * (1 + self.number / 100)


def apply_edits(drivers: DriverSet, edits: Sequence[Edit], *, period: Period | None = None,
                author: str = "scenario") -> DriverSet:
    """The drivers with the edits applied to ``period`` (default: the set's proposal)."""
    target = period or drivers.period
    for edit in edits:
        drivers = _APPLY[edit.key.split(".")[0]](drivers, edit, target,
                                                 _person(author, edit))
    return drivers


def _person(author: str, edit: Edit) -> Provenance:
    return Provenance(kind=ProvenanceKind.PERSON, reference=author, note=str(edit))


def _parts(edit: Edit, count: int, shape: str) -> list[str]:
    parts = edit.key.split(".")[1:]
    if len(parts) != count or not all(parts):
        raise InputError(f"{edit.key!r}: expected {shape}")
    return parts


def _category(name: str, edit: Edit) -> str:
    category = CATEGORY_ALIASES.get(name.lower(), name.lower())
    if category not in CATEGORIES:
        raise InputError(f"{edit.key!r}: unknown personnel category {name!r}; one of "
                         + ", ".join(sorted(set(CATEGORIES) | set(CATEGORY_ALIASES))))
    return category


def _vacancy(drivers: DriverSet, edit: Edit, period: Period, origin: Provenance) -> DriverSet:
    (name,) = _parts(edit, 1, "vacancy_factor.<category>")
    category = _category(name, edit)
    old = next((r for r in drivers.vacancy_factors
                if r.category == category and r.period == period), None)
    rate = edit.change().apply(old.rate if old else Decimal(0))
    if not Decimal(0) <= rate < 100:
        raise InputError(f"{edit}: a vacancy factor is a percentage from 0 to below 100")
    new = VacancyRate(category=category, period=period, kind="scenario", rate=rate,
                      provenance=origin)
    return _swap(drivers, DriverKind.VACANCY_FACTORS, old, new)


def _exchange(drivers: DriverSet, edit: Edit, period: Period, origin: Provenance) -> DriverSet:
    (currency,) = _parts(edit, 1, "exchange_rate.<currency>, e.g. exchange_rate.EUR")
    old = next((r for r in drivers.exchange_rates
                if r.currency == currency.upper() and r.period == period), None)
    if old is None:
        known = sorted({r.currency for r in drivers.exchange_rates}) or ["none"]
        raise InputError(f"{edit}: no {currency.upper()} exchange rate is recorded for "
                         f"{period}; recorded currencies: {', '.join(known)}")
    rate = edit.change().apply(old.rate)
    if rate <= 0:
        raise InputError(f"{edit}: an exchange rate is a positive number of units per dollar")
    return _swap(drivers, DriverKind.EXCHANGE_RATES, old,
                 old.model_copy(update={"rate": rate, "provenance": origin}))


def _posts(drivers: DriverSet, edit: Edit, period: Period, origin: Provenance) -> DriverSet:
    office_key, band = _parts(edit, 2, "posts.<office>.<grade band>, e.g. "
                                       "posts.security_section.fs=+2")
    line = band_line(band.lower())
    if line is None:
        bands = sorted({b for bands in PEOPLE_BANDS.values() for b in bands})
        raise InputError(f"{edit.key!r}: unknown grade band {band!r}; one of {', '.join(bands)}")
    band = band.lower()
    offices = {snake_case(p.office): p for p in drivers.posts}
    office = offices.get(snake_case(office_key))
    if office is None:
        raise InputError(f"{edit.key!r}: unknown office {office_key!r}; offices are "
                         + ", ".join(sorted(offices)))
    old = next((p for p in drivers.posts if p.office == office.office and p.band == band
                and p.period == period), None)
    count = edit.change().apply(Decimal(old.count if old else 0))
    if count != count.to_integral_value() or count < 0:
        raise InputError(f"{edit}: would leave {count} posts; posts are whole and not negative")
    new = PostCount(line=line, band=band, office=office.office, component=office.component,
                    parent_office=office.parent_office, period=period, count=int(count),
                    provenance=origin)
    return _swap(drivers, DriverKind.POSTS, old, new)


def _unit_cost(drivers: DriverSet, edit: Edit, period: Period, origin: Provenance) -> DriverSet:
    parts = edit.key.split(".")[1:]
    if len(parts) not in (1, 2) or parts[0] not in PEOPLE_BANDS:
        raise InputError(f"{edit.key!r}: expected unit_cost.<class>[.<band>], class one of "
                         + ", ".join(PEOPLE_BANDS))
    line, band = parts[0], (parts[1] if len(parts) == 2 else None)
    old = next((c for c in drivers.standard_costs
                if c.line == line and c.band == band and c.period == period), None)
    if old is None:
        raise InputError(f"{edit}: no standard cost for {line}"
                         f"{' ' + band if band else ''} in {period}; run rbb calibrate or "
                         "load standard costs first")
    value = edit.change().apply(old.annual_cost)
    if value < 0:
        raise InputError(f"{edit}: a unit cost cannot be negative")
    return _swap(drivers, DriverKind.STANDARD_COSTS, old,
                 old.model_copy(update={"annual_cost": value, "provenance": origin}))


def _allowance(drivers: DriverSet, edit: Edit, period: Period, origin: Provenance) -> DriverSet:
    (name,) = _parts(edit, 1, "allowance.<category>")
    category = _category(name, edit)
    old = next((a for a in drivers.allowance_rates
                if a.category == category and a.period == period), None)
    if old is None:
        raise InputError(f"{edit}: no allowance rate is recorded for {category} in {period}; "
                         "load one (sheet allowance_rates) and calibrate first")
    return _swap(drivers, DriverKind.ALLOWANCE_RATES, old, old.model_copy(update={
        "daily_rate": edit.change().apply(old.daily_rate), "provenance": origin}))


def _items(drivers: DriverSet, edit: Edit, period: Period) -> list[OperationalQuantity]:
    prefix = edit.key.split(".", 1)[1] if "." in edit.key else ""
    found = [i for i in drivers.quantities if i.period == period and i.line
             and (i.item == prefix or i.item.startswith(prefix + "."))]
    if not prefix or not found:
        known = sorted({i.item for i in drivers.quantities if i.line}) or ["none"]
        raise InputError(f"{edit.key!r}: no quantity {prefix!r} in {period}; items are "
                         + ", ".join(known))
    return found


def _price(drivers: DriverSet, edit: Edit, period: Period, origin: Provenance) -> DriverSet:
    change = edit.change()
    for item in _items(drivers, edit, period):
        if item.unit_price is None:
            raise InputError(f"{edit}: {item.item} has no unit price in the drivers; give "
                             "its price (sheet quantities, column unit_price) and calibrate "
                             "before a scenario changes it")
        drivers = _swap(drivers, DriverKind.QUANTITIES, item, item.model_copy(update={
            "unit_price": change.apply(item.unit_price), "provenance": origin}))
    return drivers


def _quantity(drivers: DriverSet, edit: Edit, period: Period, origin: Provenance) -> DriverSet:
    change = edit.change()
    items = _items(drivers, edit, period)
    if len(items) > 1 and change.mode != "scale":
        raise InputError(f"{edit}: {len(items)} items match; name one "
                         f"({', '.join(i.item for i in items)}) or give a proportion (+5%)")
    for item in items:
        quantity = change.apply(item.quantity)
        if quantity < 0:
            raise InputError(f"{edit}: a quantity cannot be negative")
        drivers = _swap(drivers, DriverKind.QUANTITIES, item,
                        item.model_copy(update={"quantity": quantity, "provenance": origin}))
    return drivers


def _amount(drivers: DriverSet, edit: Edit, period: Period, origin: Provenance) -> DriverSet:
    (line,) = _parts(edit, 1, "amount.<class>")
    if line not in BY_CODE:
        raise InputError(f"{edit.key!r}: unknown class {line!r}")
    if any(p.line == line and p.period == period for p in drivers.posts):
        raise InputError(f"{edit}: {line} is costed from its posts; change posts, "
                         "vacancy_factor or unit_cost instead")
    old = next((a for a in drivers.amounts if a.line == line and a.period == period), None)
    value = edit.change().apply(old.amount if old else Decimal(0))
    new = ClassAmount(line=line, period=period, amount=value, provenance=origin)
    return _swap(drivers, DriverKind.AMOUNTS, old, new)


_APPLY: dict[str, Callable[[DriverSet, Edit, Period, Provenance], DriverSet]] = {
    "vacancy_factor": _vacancy, "exchange_rate": _exchange, "posts": _posts,
    "unit_cost": _unit_cost, "allowance": _allowance, "price": _price,
    "quantity": _quantity, "amount": _amount,
}


def _swap(drivers: DriverSet, kind: DriverKind, old: Record | None, new: Record) -> DriverSet:
    records: Iterable[Record] = drivers.of_kind(kind)
    if old is None:
        return drivers.replacing(kind, (*records, new))
    return drivers.replacing(kind, (new if r is old else r for r in records))


def merge_edits(existing: Sequence[Edit], new: Sequence[Edit]) -> tuple[Edit, ...]:
    """Setting a key again replaces its earlier value; the order of first setting is kept."""
    merged = {e.key: e for e in existing}
    for edit in new:
        merged[edit.key] = edit
    return tuple(merged.values())


_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.\-]{0,63}$")


def check_name(name: str) -> str:
    if not _NAME.match(name):
        raise InputError(f"scenario name {name!r}: letters, digits, '.', '_' and '-', "
                         "up to 64 characters, starting with a letter or digit")
    return name


@dataclass(frozen=True, slots=True)
class DriverValue:
    """One editable driver as a form shows it: its key, value, unit and where it is from."""

    key: str
    value: Decimal
    unit: str
    provenance: str


def driver_values(drivers: DriverSet, period: Period | None = None) -> dict[str, DriverValue]:
    """Every driver a scenario can set, by the key ``rbb scenario set`` takes, with its
    value in ``period`` (default: the set's proposal). Posts are by office and band."""
    target = period or drivers.period
    found: dict[str, DriverValue] = {}

    def add(key: str, value: Decimal, unit: str, origin: Provenance) -> None:
        found[key] = DriverValue(key, value, unit, origin.describe())

    for rate in drivers.vacancy_factors:
        if rate.period == target:
            add(f"vacancy_factor.{rate.category}", rate.rate, "per cent", rate.provenance)
    for exchange in drivers.exchange_rates:
        if exchange.period == target:
            add(f"exchange_rate.{exchange.currency}", exchange.rate,
                f"{exchange.currency} to one dollar", exchange.provenance)
    for cost in drivers.standard_costs:
        if cost.period == target:
            key = f"unit_cost.{cost.line}" + (f".{cost.band}" if cost.band else "")
            add(key, cost.annual_cost, f"thousands of {cost.currency} per full-time equivalent",
                cost.provenance)
    for allowance in drivers.allowance_rates:
        if allowance.period == target:
            add(f"allowance.{allowance.category}", allowance.daily_rate, "dollars a day",
                allowance.provenance)
    for item in drivers.quantities:
        if item.period == target and item.line:
            add(f"quantity.{item.item}", item.quantity, item.unit, item.provenance)
            if item.unit_price is not None:
                add(f"price.{item.item}", item.unit_price, f"dollars per {item.unit}",
                    item.provenance)
    people = {p.line for p in drivers.posts if p.period == target}
    for amount in drivers.amounts:
        if amount.period == target and amount.line in BY_CODE and amount.line not in people:
            add(f"amount.{amount.line}", amount.amount, "thousands of dollars", amount.provenance)
    for post in drivers.posts:
        if post.period == target:
            add(f"posts.{snake_case(post.office)}.{post.band}", Decimal(post.count), "posts",
                post.provenance)
    return found
