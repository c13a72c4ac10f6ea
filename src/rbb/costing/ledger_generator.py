"""A realistic synthetic expenditure ledger for a stored report's period whose lines add
up exactly, class by class, to the report's expenditure (docs/execution.md, "A generated
ledger"): for the tests, the benchmarks and a demonstration of the monitoring.

Pure given the document: the same document, line count and seed give the same ledger.
It streams: a plan of a few hundred cells (class x month: amount in cents and number of
lines) is made first; lines are then made chunk by chunk, never all held.

Expenditure is what ``ClassMonth.expenditure`` counts: obligations plus adjustments.
Disbursements liquidate obligations (never more than the obligation they pay) and are
not added again."""

from __future__ import annotations

import datetime as dt
import random
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

from rbb.model.classes import BY_CODE, NATIONAL_STAFF_PARTS, LineKind
from rbb.model.currencies import USD, currency_named, name_pattern
from rbb.model.cycle import DocumentKind, Stage
from rbb.model.document import Document
from rbb.model.errors import InputError
from rbb.model.ledger import AccountMapping, FundsCentreMapping, LedgerDocumentType, LedgerLine
from rbb.model.ledger_accounts import OUTSIDE_GROSS, account_mappings, accounts_of_class
from rbb.model.staffing import RowType

from .ledger_months import (
    ClassKind,
    apportion,
    class_kind,
    decimal_weights,
    fit,
    month_end,
    month_targets,
    months_of,
    shape,
)

CHUNK = 4096
"""Lines of one cell made at a time: what the generator holds at once."""
MAX_LINES = 100_000_000
NATIONAL_PROFESSIONAL_SHARE = Fraction(15, 100)
"""Where a report prints national staff as one class, the share of it generated on the
National Professional Officers' accounts (illustrative; the two parts add up exactly)."""

COLUMNS: tuple[str, ...] = tuple(LedgerLine.model_fields)
"""The columns of a written ledger: rbb's default mapping, the fields of ``LedgerLine``."""


@dataclass(frozen=True, slots=True)
class Cell:
    """What one class posts in one month: expenditure in cents, and how many lines."""

    class_code: str
    month: dt.date
    cents: int
    lines: int = 0


@dataclass(frozen=True, slots=True)
class LocalCurrency:
    code: str
    rate: Fraction
    """Units of the currency to one United States dollar."""
    source: str


@dataclass(frozen=True, slots=True)
class LedgerPlan:
    """Everything a generated ledger is made from; small whatever its line count."""

    mission: str
    period_label: str
    column: str
    """The money column the classes' totals come from (``expenditure_2021_22``)."""
    class_totals: dict[str, int]
    """Cents by class, exactly the column's thousands x 100,000."""
    cells: tuple[Cell, ...]
    months_from: str
    """Where the months' pattern comes from (printed figures, named months, shapes)."""
    funds_centres: tuple[FundsCentreMapping, ...]
    currency: LocalCurrency | None
    lines: int
    seed: int
    dates: tuple[dt.date, dt.date]
    """The period's first and last day."""


def expenditure_column(document: Document) -> tuple[str, dict[str, Decimal]]:
    """The column whose classes the ledger adds up to, and its amounts (thousands) by
    class: the period's expenditure of a performance report; a budget's cost estimates
    (or apportionment) for its period."""
    table = document.financial_table("financial_resources")
    if table is None:
        raise InputError(f"{document.key} has no financial resources table to generate from")
    stages = ((Stage.EXPENDITURE,) if document.kind is DocumentKind.PERFORMANCE
              else (Stage.COST_ESTIMATES, Stage.APPORTIONMENT, Stage.APPROPRIATION))
    for stage in stages:
        for column in table.amount_columns():
            if column.stage is stage and column.period == document.period:
                amounts = {row.line: row.values.get(column.key) for row in table.rows
                           if row.row_type is RowType.ITEM and row.line in BY_CODE
                           and BY_CODE[row.line].kind is LineKind.CLASS}
                printed = {code: value for code, value in amounts.items() if value is not None}
                return column.key, _leaf_classes(printed)
    raise InputError(f"{document.key}: its financial resources table has no "
                     f"{' or '.join(s.value for s in stages)} column for {document.period}")


def outside_gross(document: Document, column: str) -> dict[str, int]:
    """The lines of ``OUTSIDE_GROSS`` the column prints (staff assessment), in cents."""
    table = document.financial_table("financial_resources")
    found: dict[str, int] = {}
    for row in table.rows if table is not None else ():
        amount = row.values.get(column)
        if row.line in OUTSIDE_GROSS and amount is not None and amount > 0 \
                and amount * 100_000 == int(amount * 100_000):
            found[row.line] = int(amount * 100_000)
    return found


def _leaf_classes(printed: dict[str, Decimal]) -> dict[str, Decimal]:
    """National staff once: its two parts where printed, else the whole."""
    if all(part in printed for part in NATIONAL_STAFF_PARTS):
        printed.pop("national_staff", None)
    return printed


def stated_rate(document: Document) -> LocalCurrency | None:
    """The rate of exchange the report states as actual (``an actual average rate of
    0.892 euros to 1 United States dollar``), else the first it states."""
    pattern = re.compile(rf"(\d+(?:\.\d+)?)\s+({name_pattern()})\s+to\s+(?:1|one)\s+"
                         r"United\s+States\s+dollar", re.IGNORECASE)
    found: list[tuple[bool, LocalCurrency]] = []
    for paragraph in document.paragraphs:
        for match in pattern.finditer(paragraph.text):
            currency = currency_named(match[2])
            if currency is None or currency.code == USD:
                continue
            before = paragraph.text[max(0, match.start() - 40):match.start()].lower()
            where = f"line {paragraph.source_line}" if paragraph.source_line else "its text"
            found.append(("actual" in before, LocalCurrency(
                currency.code, Fraction(match[1]), f"{document.symbol or document.key}, {where}")))
    found.sort(key=lambda item: not item[0])
    return found[0][1] if found else None


def funds_centres(document: Document) -> tuple[FundsCentreMapping, ...]:
    """Funds centres of the mission: one per office its staffing tables or the register
    name, with their component; one per component of its frameworks; else one for its
    headquarters. The codes are rbb's (illustrative)."""
    named: dict[str, str | None] = {}
    for table in document.staffing_tables:
        for row in table.rows:
            if row.row_type is RowType.ITEM and not row.office.lower().startswith(
                    ("subtotal", "total")):
                named.setdefault(row.office, table.component)
    for office in document.mission.offices:
        named.setdefault(office, None)
    for component in document.components:
        named.setdefault(f"{component.name[:1].upper()}{component.name[1:]} component",
                         component.key)
    if not named:
        named[document.mission.headquarters or "Mission headquarters"] = None
    prefix = re.sub(r"[^A-Z0-9]", "", document.mission.code.upper())[:8]
    return tuple(FundsCentreMapping(funds_centre=f"{prefix}{number:04d}", office=office,
                                    component=component)
                 for number, (office, component) in enumerate(sorted(named.items()), start=1))


def plan_ledger(document: Document, *, lines: int, seed: int = 0,
                currency: LocalCurrency | None = None) -> LedgerPlan:
    """The cells of the ledger: each class's total (exact cents) spread over the months by
    its kind, fitted to the report's monthly pattern, and ``lines`` shared among them."""
    if not 1 <= lines <= MAX_LINES:
        raise InputError(f"--lines must be between 1 and {MAX_LINES:,}; got {lines:,}")
    column, thousands = expenditure_column(document)
    totals = {code: int(amount * 100_000) for code, amount in thousands.items()}
    for code, amount in thousands.items():
        if amount * 100_000 != totals[code]:
            raise InputError(f"{document.key}: {code} is {amount} thousand, not whole cents")
    totals = {code: cents for code, cents in totals.items() if cents != 0}
    if not totals:
        raise InputError(f"{document.key}: every class of {column} is nil; nothing to generate")
    months = months_of(document.period.start, document.period.end)
    positive = [code for code, cents in totals.items() if cents > 0]
    seed_rows = [[Decimal(totals[code]) * w / sum(shape(class_kind(code), len(months)))
                  for w in shape(class_kind(code), len(months))] for code in positive]
    # Months alike in shape are not alike in a real year: each is moved by up to 10 per
    # cent (seeded), before the report's pattern is laid over them.
    jitter = random.Random(seed)
    base = [sum((row[j] for row in seed_rows), Decimal(0)) * (90 + jitter.randint(0, 20)) / 100
            for j in range(len(months))]
    # The months' targets are of the net expenditure; a negative class is an adjustment
    # of the last month, so the positive classes make up for it there.
    negative = sum(cents for cents in totals.values() if cents < 0)
    if positive:
        targets, months_from = month_targets(document, months, base,
                                             Decimal(sum(totals.values())))
        targets[-1] -= negative
        fitted = fit(seed_rows, [Decimal(totals[code]) for code in positive], targets)
    else:
        fitted, months_from = [], "adjustments of the last month only"
    cells: list[Cell] = []
    for code, row in zip(positive, fitted, strict=True):
        cents = apportion(totals[code], decimal_weights(row))
        cells.extend(Cell(code, month, amount) for month, amount in zip(months, cents,
                                                                        strict=True))
    cells.extend(Cell(code, months[-1], cents) for code, cents in totals.items() if cents < 0)
    # Staff assessment follows the payroll, month by month, outside the monthly pattern of
    # the expenditure (it is not part of the gross requirements the pattern is of).
    for code, whole in outside_gross(document, column).items():
        totals[code] = whole
        cells.extend(Cell(code, month, amount) for month, amount in zip(
            months, apportion(whole, [1] * len(months)), strict=True))
    cells = [cell for cell in cells if cell.cents != 0]
    return LedgerPlan(
        mission=document.mission.code, period_label=document.period.label, column=column,
        class_totals=totals, cells=tuple(_share_lines(cells, lines)), months_from=months_from,
        funds_centres=funds_centres(document), currency=currency or stated_rate(document),
        lines=lines, seed=seed, dates=(document.period.start, document.period.end))


def _share_lines(cells: list[Cell], lines: int) -> list[Cell]:
    """Every cell at least one line, the rest by amount (payroll lines are many and
    small: weighted three times), never more lines than cents."""
    if lines < len(cells):
        raise InputError(f"--lines {lines:,} is too few: the ledger has {len(cells)} class-"
                         f"months with expenditure and needs at least one line for each")
    room = sum(abs(cell.cents) for cell in cells)
    if lines > room:
        raise InputError(f"--lines {lines:,} is more than the ledger's cents ({room:,})")
    weights = [abs(c.cents) * (3 if class_kind(c.class_code) is ClassKind.PAYROLL else 1)
               for c in cells]
    counts = [1 + extra for extra in apportion(lines - len(cells), weights)]
    surplus = 0
    for index, cell in enumerate(cells):
        if counts[index] > abs(cell.cents):
            surplus += counts[index] - abs(cell.cents)
            counts[index] = abs(cell.cents)
    for index, cell in sorted(enumerate(cells), key=lambda item: -abs(item[1].cents)):
        give = min(surplus, abs(cell.cents) - counts[index])
        counts[index] += give
        surplus -= give
    return [Cell(c.class_code, c.month, c.cents, n) for c, n in zip(cells, counts, strict=True)]


Row = tuple[int, str, dt.date, str, str, str, str, int, str, int, str]
"""row, document number, date, fund, funds centre, account, type, amount (cents, its
currency), currency, amount_usd (cents), text: a line before it is a record."""


_LOCAL_SHARE = {"national_professional_officers": 0.9, "national_general_service_staff": 0.9,
                "national_staff": 0.9, "general_temporary_assistance": 0.5,
                "facilities_and_infrastructure": 0.6, "ground_transportation": 0.5,
                "other_supplies_services_and_equipment": 0.5, "medical": 0.4,
                "official_travel": 0.2, "quick_impact_projects": 0.9}
"""The share of a class's lines posted in the local currency (illustrative: salaries of
national staff and local contracts are paid locally)."""
_SIGMA = {ClassKind.PAYROLL: 0.35, ClassKind.CONTRACT: 1.1, ClassKind.TRAVEL: 0.7,
          ClassKind.PROJECT: 0.6}
_YEAR_END_ADJUSTMENTS = 0.2
_ADJUSTMENTS = 0.02


def ledger_rows(plan: LedgerPlan) -> Iterator[Row]:
    """The lines of ``plan`` as plain rows, month by month, class by class (the fast path
    of the writers; :func:`generate_ledger` makes records of them)."""
    rng = random.Random(plan.seed)
    counter = iter(range(1, 10**10))
    row_numbers = iter(range(1, plan.lines + 1))
    mappings = account_mappings()
    accounts = {code: _accounts(code, mappings) for code in plan.class_totals}
    centres = {code: _centres(code, plan.funds_centres) for code in plan.class_totals}
    fund = f"PK{re.sub(r'[^A-Z0-9]', '', plan.mission.upper())[:10]}"
    for cell in sorted(plan.cells, key=lambda c: c.month):
        context = _CellContext(cell, rng, counter, row_numbers, accounts[cell.class_code],
                               centres[cell.class_code], fund, plan.currency,
                               plan.dates)
        yield from context.rows()


def _accounts(class_code: str, mappings: tuple[AccountMapping, ...]
              ) -> tuple[tuple[AccountMapping, ...], tuple[AccountMapping, ...]]:
    """A class's accounts; for a whole ``national_staff``, those of each part."""
    if class_code == "national_staff":
        return (accounts_of_class(NATIONAL_STAFF_PARTS[0], mappings),
                accounts_of_class(NATIONAL_STAFF_PARTS[1], mappings))
    found = accounts_of_class(class_code, mappings)
    if not found:
        raise InputError(f"no account of the account mapping is of the class {class_code}")
    return found, ()


def _centres(class_code: str, centres: tuple[FundsCentreMapping, ...]
             ) -> tuple[FundsCentreMapping, ...]:
    """Operational costs are the support component's where there is one."""
    if class_kind(class_code) is not ClassKind.PAYROLL:
        support = tuple(c for c in centres if (c.component or "").startswith("support"))
        if support:
            return support
    return centres


_OBLIGATION, _DISBURSEMENT, _ADJUSTMENT = (LedgerDocumentType.OBLIGATION.value,
                                           LedgerDocumentType.DISBURSEMENT.value,
                                           LedgerDocumentType.ADJUSTMENT.value)
_NPO_SHARE = float(NATIONAL_PROFESSIONAL_SHARE)
_OBLIGATION_TEXTS = {ClassKind.PAYROLL: "Payroll commitment: ",
                     ClassKind.CONTRACT: "Purchase order: ",
                     ClassKind.TRAVEL: "Travel authorization: ",
                     ClassKind.PROJECT: "Project agreement: "}


class _CellContext:
    """The lines of one cell: obligations and adjustments adding up to its cents, and
    disbursements of some of the obligations. What every line of the cell shares is
    worked out once (a ledger of ten million lines is made in minutes, not hours)."""

    def __init__(self, cell: Cell, rng: random.Random, counter: Iterator[int],
                 row_numbers: Iterator[int],
                 accounts: tuple[tuple[AccountMapping, ...], tuple[AccountMapping, ...]],
                 centres: tuple[FundsCentreMapping, ...], fund: str,
                 currency: LocalCurrency | None, dates: tuple[dt.date, dt.date]) -> None:
        self.cell, self.rng, self.counter, self.row_numbers = cell, rng, counter, row_numbers
        self.centres = tuple(c.funds_centre for c in centres)
        self.fund, self.period_end = fund, dates[1]
        month_text = f"{cell.month:%B %Y}"
        self.first, self.second = (tuple((a.account, f"{a.label}, {month_text}") for a in group)
                                   for group in accounts)
        self.kind = class_kind(cell.class_code)
        self.currency = currency.code if currency else USD
        self.rate = (currency.rate.numerator, currency.rate.denominator) if currency else (1, 1)
        self.local = _LOCAL_SHARE.get(cell.class_code, 0.05) if currency else 0.0
        # A period may start or end within a month (``Period.between``).
        self.end = min(month_end(cell.month), dates[1])
        self.start = max(cell.month, dates[0]).day
        self.year_end = self.end == dates[1]
        self.payday = max(min(25, self.end.day), self.start)
        self.adjustment = "Year-end adjustment: " if self.year_end else "Adjustment: "
        self.obligation = _OBLIGATION_TEXTS[self.kind]

    def rows(self) -> Iterator[Row]:
        cell, lines = self.cell, self.cell.lines
        if cell.cents < 0:
            yield from self._spend(-cell.cents, 0, lines, sign=-1)
            return
        paid = lines // 2 if self.kind is ClassKind.PAYROLL else lines // 3
        spent = lines - paid
        rate = _YEAR_END_ADJUSTMENTS if self.year_end else _ADJUSTMENTS
        adjustments = min(int(spent * rate), spent - 1)
        obligations = spent - adjustments
        while paid > obligations:
            paid, obligations = paid - 1, obligations + 1
        yield from self._spend(cell.cents, obligations, adjustments, paid=paid)

    def _spend(self, cents: int, obligations: int, adjustments: int, *, paid: int = 0,
               sign: int = 1) -> Iterator[Row]:
        count = obligations + adjustments
        sizes = [min(CHUNK, count - start) for start in range(0, count, CHUNK)]
        chunk_cents = [size + extra for size, extra in zip(
            sizes, apportion(cents - count, sizes), strict=True)]
        index = 0
        sigma, lognormal = _SIGMA[self.kind], self.rng.lognormvariate
        for size, amount in zip(sizes, chunk_cents, strict=True):
            weights = [int(lognormal(0, sigma) * 1_000_000) + 1 for _ in range(size)]
            for share in apportion(amount - size, weights):
                line_cents = sign * (share + 1)
                if index < obligations:
                    date = self._date()
                    row = self._line(_OBLIGATION, date, line_cents, self.obligation)
                    yield row
                    if index < paid:
                        yield self._disbursement(row, date, line_cents)
                else:
                    yield self._line(_ADJUSTMENT, self.end if self.year_end else self._date(),
                                     line_cents, self.adjustment)
                index += 1

    def _date(self) -> dt.date:
        low = self.payday if self.kind is ClassKind.PAYROLL else self.start
        return self.cell.month.replace(
            day=low + int(self.rng.random() * (self.end.day - low + 1)))

    def _disbursement(self, obligation: Row, date: dt.date, cents: int) -> Row:
        """Pays ``obligation`` (all of it, or part): same account, funds centre, currency."""
        if self.kind is ClassKind.PAYROLL:
            amount, when = cents, date
        else:
            amount = cents if self.rng.random() < 0.7 else max(
                1, cents * (30 + int(self.rng.random() * 66)) // 100)
            when = min(date + dt.timedelta(days=5 + int(self.rng.random() * 56)),
                       self.period_end)
        local = amount if obligation[8] == USD else self._local(amount)
        text = f"Payment against {obligation[1]}: {obligation[10].split(': ', 1)[1]}"
        return (next(self.row_numbers), f"DI{next(self.counter):010d}", when, self.fund,
                obligation[4], obligation[5], _DISBURSEMENT, local, obligation[8], amount, text)

    def _local(self, cents: int) -> int:
        numerator, denominator = self.rate
        scaled = (2 * abs(cents) * numerator + denominator) // (2 * denominator)
        return scaled if cents > 0 else -scaled

    def _line(self, kind: str, date: dt.date, cents: int, what: str) -> Row:
        rng = self.rng
        choices = self.second if self.second and rng.random() >= _NPO_SHARE else self.first
        account, label = choices[int(rng.random() * len(choices))]
        centre = self.centres[int(rng.random() * len(self.centres))]
        currency, amount = USD, cents
        if self.local and rng.random() < self.local:
            currency, amount = self.currency, self._local(cents)
        return (next(self.row_numbers), f"{kind[:2].upper()}{next(self.counter):010d}", date,
                self.fund, centre, account, kind, amount, currency, cents, what + label)


def cents_text(cents: int) -> str:
    """Cents as an exact amount in dollars (``-1234`` is ``-12.34``)."""
    sign = "-" if cents < 0 else ""
    whole, part = divmod(abs(cents), 100)
    return f"{sign}{whole}.{part:02d}"


def generate_ledger(document: Document, *, lines: int, seed: int = 0,
                    source: str = "generated",
                    currency: LocalCurrency | None = None) -> Iterator[LedgerLine]:
    """The ledger of ``document``'s period as records, one at a time."""
    plan = plan_ledger(document, lines=lines, seed=seed, currency=currency)
    yield from lines_of(plan, document, source=source)


def lines_of(plan: LedgerPlan, document: Document, *, source: str = "generated"
             ) -> Iterator[LedgerLine]:
    """The records of a plan's rows (built without validating again: every value is made
    valid by construction; the tests validate samples)."""
    types = {t.value: t for t in LedgerDocumentType}
    for (row, number, date, fund, centre, account, kind, amount, currency, usd,
         text) in ledger_rows(plan):
        yield LedgerLine.model_construct(
            mission=plan.mission, source=source, row=row, document_number=number,
            posting_date=date, period=document.period, fund=fund, funds_centre=centre,
            account=account, document_type=types[kind], amount=Decimal(amount).scaleb(-2),
            currency=currency, amount_usd=Decimal(usd).scaleb(-2), text=text)


def csv_rows(plan: LedgerPlan, *, source: str = "generated") -> Iterator[Sequence[str]]:
    """The rows of a plan as the cells of a CSV in :data:`COLUMNS` order (no text a
    spreadsheet would run: every text is rbb's own, none starts with ``=+-@``)."""
    for (row, number, date, fund, centre, account, kind, amount, currency, usd,
         text) in ledger_rows(plan):
        yield (plan.mission, source, str(row), number, date.isoformat(), plan.period_label,
               fund, centre, account, kind, cents_text(amount), currency, cents_text(usd), text)
