"""Cost drivers as data: what a class's cost estimate is made of, each with its provenance.

A budget officer formulates the estimate of a class from a handful of drivers
(docs/domain.md, "People": cost ≈ posts × standard cost × (1 − vacancy factor)).
Keeping them as records, not as cells of a private spreadsheet, lets the same
figures be costed, attributed, edited in a scenario and carried into the next
budget, and lets every figure say where it came from: a report (with its
line), a file, a person, or a calibration against a published report.

Units: posts and persons are counts; vacancy rates are per cent as printed;
standard costs and amounts are thousands (of dollars, or of the standard
cost's currency) per full-time equivalent and year, like the money tables;
allowance rates and unit prices are in dollars, as rate sheets state them;
exchange rates are units of the currency per United States dollar (0.948
euro to one dollar).
"""

from __future__ import annotations

from collections.abc import Iterable
from enum import StrEnum

from rbb.model import Period
from rbb.model.base import Exact, Record

USD = "USD"
DAYS_PER_YEAR = 365


class ProvenanceKind(StrEnum):
    REPORT = "report"
    """Printed in a stored report; ``reference`` names it, ``source_line`` the line."""
    FILE = "file"
    """Loaded from a drivers workbook or YAML file; ``reference`` is its name."""
    PERSON = "person"
    """Entered by someone (a scenario edit); ``reference`` is who."""
    CALIBRATION = "calibration"
    """Derived so that the model reproduces a published figure (``rbb calibrate``)."""
    CARRIED = "carried"
    """Carried forward from the previous period into a draft budget."""


class Provenance(Record):
    kind: ProvenanceKind
    reference: str
    source_line: int | None = None
    note: str | None = None

    def describe(self) -> str:
        """``UNMIK 2025/26 budget, line 574`` — what a table or a tooltip shows."""
        text = f"{self.kind.value}: {self.reference}"
        if self.source_line is not None:
            text += f", line {self.source_line}"
        if self.note:
            text += f" ({self.note})"
        return text


class PostCount(Record):
    """Posts (or uniformed strength) of one grade band in one office and period."""

    line: str
    """The class of expenditure the posts are costed under (``international_staff``)."""
    band: str
    """A staffing column: ``p5_p4``, ``fs``, ``ngs``, ``unv_international``,
    ``military_observers`` ..."""
    office: str
    component: str | None = None
    parent_office: str | None = None
    period: Period
    count: int
    provenance: Provenance


class VacancyRate(Record):
    """A vacancy factor applied to the cost of a personnel category (section "Vacancy factors")."""

    category: str
    """A personnel category: ``international_staff``,
    ``united_nations_volunteers_international`` ..."""
    period: Period
    kind: str = "proposed"
    """``approved``, ``proposed`` or ``budgeted`` as printed, or ``scenario``."""
    rate: Exact
    provenance: Provenance


class StandardCost(Record):
    """Annual cost of one full-time equivalent: salary, common staff costs, staff assessment.

    ``band`` None is the class average, used for every band without a cost of
    its own; calibration produces class averages."""

    line: str
    band: str | None = None
    period: Period
    currency: str = USD
    annual_cost: Exact
    """Thousands of ``currency`` per full-time equivalent and year."""
    salary: Exact | None = None
    common_staff_costs: Exact | None = None
    staff_assessment: Exact | None = None
    provenance: Provenance


class AllowanceRate(Record):
    """Mission subsistence allowance (or a like daily rate) per person, in dollars a day.

    When one is recorded for a category, the unit cost of its class is the
    standard cost plus ``daily_rate × days ÷ 1000``, so a revised rate is
    attributed apart from the rest of the unit cost."""

    category: str
    period: Period
    daily_rate: Exact
    days: int = DAYS_PER_YEAR
    provenance: Provenance


class ExchangeRate(Record):
    """Units of ``currency`` to one United States dollar; converts the standard costs
    that are stated in that currency (UNMIK: national staff, paid in euros)."""

    currency: str
    period: Period
    rate: Exact
    applies_to: tuple[str, ...] = ()
    """Classes whose standard costs calibration states in this currency."""
    provenance: Provenance


class OperationalQuantity(Record):
    """A quantity a results-based budgeting framework prints (litres of fuel, vehicles,
    flight hours, rations), with its unit price in dollars where known. A priced
    quantity is costed into ``line`` as ``quantity × unit_price ÷ 1000``."""

    item: str
    """Stable key: ``fuel.ground_transportation``, ``vehicles``."""
    line: str | None = None
    period: Period
    quantity: Exact
    unit: str
    unit_price: Exact | None = None
    text: str | None = None
    """The phrase as printed (``70,000 litres for ground transportation``)."""
    provenance: Provenance


class ClassAmount(Record):
    """The part of a line's requirement no other driver explains, in thousands of
    dollars: the whole of an operational class without priced quantities, the
    rest of one with them, or a summary line such as voluntary contributions."""

    line: str
    period: Period
    amount: Exact
    provenance: Provenance


class StaffAssessmentRate(Record):
    """Staff assessment income as a share of the gross cost of the staff classes it
    is levied on; keeps net requirements moving with the staff costs."""

    period: Period
    rate: Exact
    applies_to: tuple[str, ...]
    provenance: Provenance


class DriverKind(StrEnum):
    """The kinds of driver, in the order of the workbook's sheets and the YAML's sections."""

    POSTS = "posts"
    VACANCY_FACTORS = "vacancy_factors"
    STANDARD_COSTS = "standard_costs"
    ALLOWANCE_RATES = "allowance_rates"
    EXCHANGE_RATES = "exchange_rates"
    QUANTITIES = "quantities"
    AMOUNTS = "amounts"
    STAFF_ASSESSMENT = "staff_assessment"


Driver = (PostCount | VacancyRate | StandardCost | AllowanceRate | ExchangeRate
          | OperationalQuantity | ClassAmount | StaffAssessmentRate)

RECORD_OF_KIND: dict[DriverKind, type[Record]] = {
    DriverKind.POSTS: PostCount,
    DriverKind.VACANCY_FACTORS: VacancyRate,
    DriverKind.STANDARD_COSTS: StandardCost,
    DriverKind.ALLOWANCE_RATES: AllowanceRate,
    DriverKind.EXCHANGE_RATES: ExchangeRate,
    DriverKind.QUANTITIES: OperationalQuantity,
    DriverKind.AMOUNTS: ClassAmount,
    DriverKind.STAFF_ASSESSMENT: StaffAssessmentRate,
}


class DriverSet(Record):
    """Every driver of one mission for a proposal period and the period before it.

    ``period`` is the budget period the set was drawn for (the proposal,
    2025/26); ``base_period`` the one its variances are measured against (the
    apportionment, 2024/25). Each driver carries its own period."""

    mission: str
    period: Period
    base_period: Period
    lines: tuple[str, ...] = ()
    """The classes the financial resources table prints, in order (empty: every class,
    national staff in its two parts)."""
    posts: tuple[PostCount, ...] = ()
    vacancy_factors: tuple[VacancyRate, ...] = ()
    standard_costs: tuple[StandardCost, ...] = ()
    allowance_rates: tuple[AllowanceRate, ...] = ()
    exchange_rates: tuple[ExchangeRate, ...] = ()
    quantities: tuple[OperationalQuantity, ...] = ()
    amounts: tuple[ClassAmount, ...] = ()
    staff_assessment: tuple[StaffAssessmentRate, ...] = ()

    def of_kind(self, kind: DriverKind) -> tuple[Record, ...]:
        records: tuple[Record, ...] = getattr(self, kind.value)
        return records

    def periods(self) -> tuple[Period, ...]:
        return (self.base_period, self.period)

    def count(self) -> int:
        return sum(len(self.of_kind(kind)) for kind in DriverKind)

    def replacing(self, kind: DriverKind, records: Iterable[Record]) -> DriverSet:
        """A new set with the drivers of one kind replaced (records are immutable)."""
        return self.model_copy(update={kind.value: tuple(records)})
