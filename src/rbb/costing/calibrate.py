"""Calibration: the standard costs a published budget implies.

A report prints each class's amount, its posts and its vacancy factor, but
not the standard costs it was costed with. Where a file or a person has not
given them, the cost per full-time equivalent the report implies is

    unit cost = class amount ÷ (posts × (1 − vacancy factor))

per period (apportionment and cost estimates), stated in the local currency
(multiplied by the exchange rate) for staff paid in it. Unit costs stay
exact to 40 significant digits, so the calibrated model reproduces every
published class amount to the printed 0.1; classes without people (the
operational costs) are carried as the amounts printed, less any quantities
priced by a file. Staff assessment income becomes a share of the staff costs
it is levied on.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, replace
from decimal import Decimal
from fractions import Fraction

from rbb.model import Period

from .catalogue import STAFF_ASSESSMENT_CLASSES
from .costs import STAFF_ASSESSMENT, cost_class, default_lines
from .drivers import (
    USD,
    ClassAmount,
    DriverSet,
    Provenance,
    ProvenanceKind,
    StaffAssessmentRate,
    StandardCost,
)
from .exact import printed, q, to_decimal
from .extract import Figure, Published
from .inputs import ClassInputs, gather, local_currency, unit_in_dollars

DERIVED = (ProvenanceKind.REPORT, ProvenanceKind.CALIBRATION, ProvenanceKind.CARRIED)
"""Drivers calibration may replace; those from a file or a person are kept."""


@dataclass(frozen=True, slots=True)
class CalibrationRow:
    """One class in one period: what was published, what the model now gives."""

    line: str
    period: Period
    published: Decimal
    source_line: int | None
    method: str
    """``unit cost`` (calibrated), ``standard costs`` (given), or ``amount`` (carried)."""
    full_time_equivalents: Fraction
    currency: str
    exchange_rate: Fraction | None
    unit_cost: Decimal | None
    """Class average per full-time equivalent, thousands of ``currency``."""
    modelled: Fraction

    @property
    def reproduced(self) -> Decimal:
        return printed(self.modelled)

    @property
    def matches(self) -> bool:
        return self.reproduced == self.published


@dataclass(frozen=True, slots=True)
class Calibration:
    drivers: DriverSet
    rows: tuple[CalibrationRow, ...]

    @property
    def all_reproduced(self) -> bool:
        return all(row.matches for row in self.rows)


def calibrate(drivers: DriverSet, published: Published) -> Calibration:
    """Fill in the unit costs and amounts the published report implies, for both periods."""
    lines = default_lines(drivers)
    costs = [c for c in drivers.standard_costs if c.provenance.kind not in DERIVED]
    amounts = [a for a in drivers.amounts
               if a.provenance.kind not in DERIVED or a.line not in lines]
    rows: list[CalibrationRow] = []
    for period in (drivers.base_period, drivers.period):
        base = drivers.model_copy(update={"standard_costs": tuple(costs),
                                          "amounts": tuple(amounts)})
        inputs = gather(base, period, lines)
        for line in lines:
            figure = published.amount(line, period)
            if figure is None:
                continue
            row, driver = _calibrate_class(inputs.classes[line], figure, published.reference,
                                           drivers)
            rows.append(row)
            if isinstance(driver, StandardCost):
                costs.append(driver)
            elif driver is not None:
                amounts.append(driver)
    calibrated = drivers.model_copy(update={"standard_costs": tuple(costs),
                                            "amounts": tuple(amounts)})
    assessment = list(_staff_assessment(calibrated, published))
    kept = [s for s in drivers.staff_assessment if s.provenance.kind not in DERIVED]
    calibrated = calibrated.model_copy(update={"staff_assessment": tuple(kept + assessment)})
    return Calibration(drivers=calibrated, rows=tuple(rows))


def _calibrate_class(inputs: ClassInputs, figure: Figure, reference: str,
                     drivers: DriverSet) -> tuple[CalibrationRow,
                                                  StandardCost | ClassAmount | None]:
    target = q(figure.amount)
    origin = Provenance(kind=ProvenanceKind.CALIBRATION, reference=reference,
                        source_line=figure.source_line)
    assert figure.period is not None
    people = any(inputs.posts.values())
    unpriced = [b for b in inputs.posts if b not in inputs.unit]
    if people and "" not in inputs.unit and unpriced:
        rate = local_currency(drivers, inputs.line, figure.period)
        currency = rate.currency if rate else USD
        exchange = q(rate.rate) if rate else Fraction(1)
        given = replace(inputs, posts={b: n for b, n in inputs.posts.items() if b in inputs.unit})
        fixed = cost_class(given).exact
        fixed += sum((n * (1 - inputs.vacancy.get(b, Fraction(0)))
                      * inputs.allowance.get(b, Fraction(0))
                      for b, n in inputs.posts.items() if b in unpriced), Fraction(0))
        fte = sum((n * (1 - inputs.vacancy.get(b, Fraction(0)))
                   for b, n in inputs.posts.items() if b in unpriced), Fraction(0))
        if fte:
            unit = to_decimal((target - fixed) * exchange / fte)
            driver = StandardCost(
                line=inputs.line, band=None, period=figure.period, currency=currency,
                annual_cost=unit, provenance=origin.model_copy(update={
                    "note": "class amount ÷ (posts × (1 − vacancy factor))"
                            + (f" × {rate.rate} {currency} per dollar" if rate else "")}))
            calibrated = replace(inputs, unit={**inputs.unit, "": q(unit)},
                                 currency={**inputs.currency, "": currency},
                                 exchange={**inputs.exchange, currency: exchange})
            return CalibrationRow(
                line=inputs.line, period=figure.period, published=figure.amount,
                source_line=figure.source_line, method="unit cost",
                full_time_equivalents=inputs.full_time_equivalents(), currency=currency,
                exchange_rate=exchange if rate else None, unit_cost=unit,
                modelled=cost_class(calibrated).exact), driver
    if people:
        average = inputs.unit.get("")
        return CalibrationRow(
            line=inputs.line, period=figure.period, published=figure.amount,
            source_line=figure.source_line, method="standard costs",
            full_time_equivalents=inputs.full_time_equivalents(),
            currency=inputs.currency.get("", USD), exchange_rate=None,
            unit_cost=to_decimal(average) if average is not None else None,
            modelled=cost_class(inputs).exact), None
    priced = cost_class(replace(inputs, other=Fraction(0))).exact
    rest = target - priced
    kind = ProvenanceKind.CALIBRATION if priced else ProvenanceKind.REPORT
    amount = ClassAmount(line=inputs.line, period=figure.period, amount=to_decimal(rest),
                         provenance=origin.model_copy(update={
                             "kind": kind,
                             "note": "printed amount less priced quantities" if priced else None}))
    return CalibrationRow(
        line=inputs.line, period=figure.period, published=figure.amount,
        source_line=figure.source_line, method="amount", full_time_equivalents=Fraction(0),
        currency=USD, exchange_rate=None, unit_cost=None,
        modelled=priced + q(amount.amount)), amount


def _staff_assessment(drivers: DriverSet, published: Published) -> Iterator[StaffAssessmentRate]:
    """Staff assessment income ÷ the gross cost of the staff classes it is levied on."""
    lines = default_lines(drivers)
    applies = tuple(line for line in STAFF_ASSESSMENT_CLASSES if line in lines)
    for period in (drivers.base_period, drivers.period):
        figure = published.amount(STAFF_ASSESSMENT, period)
        if figure is None:
            continue
        inputs = gather(drivers, period, applies)
        base = sum((cost_class(inputs.classes[line]).exact for line in applies), Fraction(0))
        if not base:
            continue
        yield StaffAssessmentRate(
            period=period, rate=to_decimal(q(figure.amount) / base), applies_to=applies,
            provenance=Provenance(kind=ProvenanceKind.CALIBRATION, reference=published.reference,
                                  source_line=figure.source_line,
                                  note="staff assessment income ÷ gross staff costs"))


def unit_cost_in_dollars(inputs: ClassInputs) -> Fraction | None:
    """The class's average cost per full-time equivalent, thousands of dollars."""
    fte = inputs.full_time_equivalents()
    if not fte:
        return None
    total = sum((n * (1 - inputs.vacancy.get(b, Fraction(0))) * unit_in_dollars(inputs, b)
                 for b, n in inputs.posts.items()), Fraction(0))
    return total / fte

