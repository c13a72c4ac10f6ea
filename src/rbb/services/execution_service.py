"""Monitoring the year for both interfaces (docs/execution.md, "Monitoring the year"):
the ledger's aggregates of a mission-period against the apportionment its stored
reports print, as the engine computes them (``rbb.engine.execution``), with the
drill-down from a class to its accounts and lines, and the aggregates as CSV and Parquet.

The ledger is read through ``ExecutionSource``: the methods of ledgerstore's
``LedgerStore`` this needs, so the store (or ``InMemoryLedger`` in tests and before a
ledger is stored) plugs in unchanged."""

from __future__ import annotations

import csv
import datetime as dt
import tempfile
from collections import defaultdict
from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Protocol, runtime_checkable

from rbb.engine.execution import (
    Execution,
    ExecutionRow,
    Method,
    apportionment_of,
    class_of,
    execution,
)
from rbb.model import Document, DocumentKey, DocumentKind, Period, Stage
from rbb.model.ledger import AccountMapping, ClassMonth, LedgerDocumentType, LedgerLine
from rbb.model.spreadsheet import SpreadsheetCell, csv_line

from .parquet_files import csv_to_parquet
from .peacekeeping_tables import NUMBER_SCALE, NUMBER_TYPE

if TYPE_CHECKING:
    from sqlalchemy import Engine

    from rbb.storage.ledger import LedgerStore

MAIN_TABLE = "financial_resources"
PREVIOUS_YEARS = 3
"""Earlier years whose monthly pattern a projection may follow (those with a ledger)."""
LINES_PAGE = 50
MAX_LINES_PAGE = 500
ACCOUNTS_SCAN = 200_000
"""Lines read at most to total a class's accounts when the source cannot total them."""
SCAN_PAGE = 10_000


class ExecutionSource(Protocol):
    """What the dashboard reads of a ledger (``rbb.storage.ledger.LedgerStore``)."""

    def class_months(self, mission: str, period: Period) -> list[ClassMonth]: ...

    def lines(self, mission: str, period: Period, *, class_code: str | None = None,
              account: str | None = None, month: dt.date | None = None, offset: int = 0,
              limit: int = LINES_PAGE) -> list[LedgerLine]: ...

    def unmapped_accounts(self, mission: str, period: Period) -> list[str]: ...

    def state(self, mission: str) -> Hashable:
        """A token of the mission's ledger: equal while what it shows is unchanged
        (the web app keeps a dashboard page while it is)."""


@dataclass(frozen=True, slots=True)
class AccountTotal:
    """One account of a class over the months to date, in dollars."""

    account: str
    obligated: Decimal
    disbursed: Decimal
    adjusted: Decimal
    lines: int

    @property
    def expenditure(self) -> Decimal:
        return self.obligated + self.adjusted

    @property
    def unliquidated(self) -> Decimal:
        return self.obligated - self.disbursed


@runtime_checkable
class AccountTotalsSource(Protocol):
    """A source that totals a class's accounts itself (in the database); others are
    totalled from their lines, up to ``ACCOUNTS_SCAN`` of them."""

    def account_totals(self, mission: str, period: Period, class_code: str,
                       until: dt.date) -> list[AccountTotal]: ...


def _add_line(sums: dict[str, list[Decimal]], key: str, line: LedgerLine) -> None:
    cell = sums.setdefault(key, [Decimal(0), Decimal(0), Decimal(0), Decimal(0)])
    index = {LedgerDocumentType.OBLIGATION: 0, LedgerDocumentType.DISBURSEMENT: 1,
             LedgerDocumentType.ADJUSTMENT: 2}[line.document_type]
    cell[index] += line.amount_usd
    cell[3] += 1


def _totals(sums: dict[str, list[Decimal]]) -> list[AccountTotal]:
    return [AccountTotal(account, o, d, a, int(n)) for account, (o, d, a, n)
            in sorted(sums.items())]


@dataclass
class InMemoryLedger:
    """A ledger held in memory: lines and the account mapping (tests, small files)."""

    lines_held: list[LedgerLine] = field(default_factory=list)
    mapping: dict[str, str] = field(default_factory=dict)
    """Account → class code."""

    @classmethod
    def of(cls, lines: Iterable[LedgerLine], mapping: Iterable[AccountMapping]
           ) -> InMemoryLedger:
        return cls(list(lines), {m.account: m.class_code for m in mapping})

    def _of(self, mission: str, period: Period) -> list[LedgerLine]:
        return [line for line in self.lines_held
                if line.mission == mission and line.period == period]

    def class_months(self, mission: str, period: Period) -> list[ClassMonth]:
        sums: dict[tuple[str, dt.date], list[Decimal]] = defaultdict(
            lambda: [Decimal(0)] * 3)
        for line in self._of(mission, period):
            code = self.mapping.get(line.account)
            if code is None:
                continue  # listed by unmapped_accounts
            cell = sums[(code, line.posting_date.replace(day=1))]
            index = list(LedgerDocumentType).index(line.document_type)
            cell[index] += line.amount_usd
        return [ClassMonth(class_code=code, month=month, obligated=o, disbursed=d,
                           adjusted=a) for (code, month), (o, d, a) in sorted(sums.items())]

    def unmapped_accounts(self, mission: str, period: Period) -> list[str]:
        return sorted({line.account for line in self._of(mission, period)
                       if line.account not in self.mapping})

    def state(self, mission: str) -> Hashable:
        return (tuple(line for line in self.lines_held if line.mission == mission),
                tuple(sorted(self.mapping.items())))

    def lines(self, mission: str, period: Period, *, class_code: str | None = None,
              account: str | None = None, month: dt.date | None = None, offset: int = 0,
              limit: int = LINES_PAGE) -> list[LedgerLine]:
        found = [line for line in self._of(mission, period)
                 if (class_code is None
                     or class_of(self.mapping.get(line.account, "")) == class_code)
                 and (account is None or line.account == account)
                 and (month is None or line.posting_date.replace(day=1) == month)]
        found.sort(key=lambda line: (line.posting_date, line.source, line.row))
        return found[offset:offset + limit]


class StoredLedger:
    """The store's ledger (``rbb.storage.ledger.LedgerStore``) as the dashboard reads it,
    opened on first use: an app that never shows a dashboard never opens DuckDB."""

    def __init__(self, engine: Engine) -> None:
        self._engine = engine
        self._store: LedgerStore | None = None

    @property
    def store(self) -> LedgerStore:
        if self._store is None:
            from rbb.storage.ledger import LedgerStore

            self._store = LedgerStore(self._engine)
        return self._store

    def class_months(self, mission: str, period: Period) -> list[ClassMonth]:
        return self.store.class_months(mission, period)

    def lines(self, mission: str, period: Period, *, class_code: str | None = None,
              account: str | None = None, month: dt.date | None = None, offset: int = 0,
              limit: int = LINES_PAGE) -> list[LedgerLine]:
        return self.store.lines(mission, period, class_code=class_code, account=account,
                                month=month, offset=offset, limit=limit)

    def unmapped_accounts(self, mission: str, period: Period) -> list[str]:
        return [found.account for found in self.store.unmapped_accounts(mission, period)]

    def state(self, mission: str) -> Hashable:
        return self.store.state(mission)


@dataclass(frozen=True, slots=True)
class Apportionment:
    """The class rows of the apportionment (thousands), and which report printed them."""

    values: dict[str, Decimal]
    document: DocumentKey
    stage: Stage
    """``apportionment``, or ``cost_estimates`` of the period's budget when no stored
    report prints the apportionment yet (then the page says so)."""


def apportionment_for(documents: Sequence[Document], period: Period) -> Apportionment | None:
    """The period's apportionment from the stored reports: the performance report of the
    period, else the next period's budget (which prints it), else any report printing
    it; failing those, the period's own budget's cost estimates, stated as such."""
    rank = {DocumentKind.PERFORMANCE: 0, DocumentKind.BUDGET: 1}
    for document in sorted(documents, key=lambda d: (rank.get(d.kind, 2), d.period)):
        table = document.financial_table(MAIN_TABLE)
        values = apportionment_of(table, period) if table is not None else {}
        if values:
            return Apportionment(values, document.key, Stage.APPORTIONMENT)
    for document in documents:
        table = document.financial_table(MAIN_TABLE)
        if document.kind is not DocumentKind.BUDGET or document.period != period or not table:
            continue
        values = apportionment_of(table, period, Stage.COST_ESTIMATES)
        if values:
            return Apportionment(values, document.key, Stage.COST_ESTIMATES)
    return None


@dataclass(frozen=True, slots=True)
class Dashboard:
    """A mission-period's execution, or why there is none (``execution`` None)."""

    mission: str
    period: Period
    as_of: dt.date
    execution: Execution | None
    apportionment: Apportionment | None
    unmapped_accounts: tuple[str, ...] = ()
    """Accounts of the period's lines that map to no class: their lines are in no row."""


def dashboard(source: ExecutionSource, mission: str, period: Period,
              documents: Sequence[Document], as_of: dt.date) -> Dashboard:
    """The execution of ``mission`` in ``period`` as of ``as_of``; ``documents`` are the
    mission's stored reports the apportionment is looked for in."""
    months = source.class_months(mission, period)
    basis = apportionment_for(documents, period)
    unmapped = tuple(source.unmapped_accounts(mission, period))
    if not months:
        return Dashboard(mission, period, as_of, None, basis, unmapped)
    previous = {}
    for years in range(1, PREVIOUS_YEARS + 1):
        earlier = period.shifted(-years)
        found = source.class_months(mission, earlier)
        if found:
            previous[earlier] = found
    result = execution(months, basis.values if basis else {}, period, as_of,
                       previous=previous)
    return Dashboard(mission, period, as_of, result, basis, unmapped)


@dataclass(frozen=True, slots=True)
class ClassDetail:
    """A class's accounts to date and a page of its lines."""

    class_code: str
    accounts: list[AccountTotal]
    accounts_complete: bool
    """False when the class has more lines than ``ACCOUNTS_SCAN`` and the source cannot
    total them itself: the accounts shown are those of the lines read."""
    lines: list[LedgerLine]
    offset: int
    limit: int
    more: bool


def class_detail(source: ExecutionSource, mission: str, period: Period, class_code: str,
                 until: dt.date, *, account: str | None = None,
                 month: dt.date | None = None, offset: int = 0,
                 limit: int = LINES_PAGE) -> ClassDetail:
    """The accounts of ``class_code`` over the months to ``until`` and the lines (of
    one ``account``, of one ``month``, if given) from ``offset``, ``limit`` at most."""
    limit = max(1, min(limit, MAX_LINES_PAGE))
    if isinstance(source, AccountTotalsSource):
        accounts, complete = source.account_totals(mission, period, class_code, until), True
    else:
        accounts, complete = _scanned_accounts(source, mission, period, class_code, until)
    page = source.lines(mission, period, class_code=class_code, account=account, month=month,
                        offset=max(offset, 0), limit=limit + 1)
    return ClassDetail(class_code, accounts, complete, page[:limit], max(offset, 0), limit,
                       len(page) > limit)


def _scanned_accounts(source: ExecutionSource, mission: str, period: Period,
                      class_code: str, until: dt.date) -> tuple[list[AccountTotal], bool]:
    sums: dict[str, list[Decimal]] = {}
    offset = 0
    while offset < ACCOUNTS_SCAN:
        page = source.lines(mission, period, class_code=class_code, offset=offset,
                            limit=SCAN_PAGE)
        for line in page:
            if line.posting_date <= until:
                _add_line(sums, line.account, line)
        if len(page) < SCAN_PAGE:
            return _totals(sums), True
        offset += SCAN_PAGE
    return _totals(sums), False


# --- downloads --------------------------------------------------------------

METHODS = tuple(Method)
TEXT_COLUMNS = ("mission", "period", "as_of", "level", "key", "label", "group",
                "primary_method", "flagged")


def _columns() -> tuple[str, ...]:
    per_method = tuple(f"{method.value}_{part}" for method in METHODS
                       for part in ("projection", "low", "high", "variance", "percentage"))
    return (*TEXT_COLUMNS[:7], "apportionment", "obligated", "disbursed", "adjusted",
            "expenditure", "unliquidated_obligations", "burn_rate_per_month",
            *TEXT_COLUMNS[7:], *per_method)


COLUMNS = _columns()
"""Every amount in dollars; percentages in per cent, to ten decimal places."""
PLACES = Decimal(1).scaleb(-NUMBER_SCALE)


def _ratio(value: Decimal | None) -> Decimal | None:
    """A percentage to the ten places Parquet's decimals keep (CSV alike)."""
    return None if value is None else value.quantize(PLACES, rounding=ROUND_HALF_UP)


def table_row(board: Dashboard, row: ExecutionRow) -> tuple[SpreadsheetCell, ...]:
    by_method = {p.method: p for p in row.projections}
    cells: list[SpreadsheetCell] = [
        board.mission, board.period.label, board.as_of.isoformat(), row.level, row.key,
        row.label, row.group, row.apportionment, row.obligated, row.disbursed, row.adjusted,
        row.expenditure, row.unliquidated, _ratio(row.burn_rate), row.primary.value,
        "yes" if row.flagged else "no"]
    for method in METHODS:
        found = by_method.get(method)
        cells += ([None] * 5 if found is None else
                  [found.expenditure, found.low, found.high, found.variance,
                   _ratio(found.percentage)])
    return tuple(cells)


def execution_csv(board: Dashboard) -> str:
    """The aggregates, one row per group, class and the total (cells through
    ``rbb.model.spreadsheet``: no label runs as a formula)."""
    rows = board.execution.rows() if board.execution else []
    return csv_line(COLUMNS) + "".join(csv_line(table_row(board, row)) for row in rows)


def execution_parquet(board: Dashboard) -> bytes:
    """The same table as Parquet: text columns ``VARCHAR``, the others ``DECIMAL(38,
    10)``, cast by DuckDB from their text (no number passes through a float)."""
    rows = board.execution.rows() if board.execution else []
    text = set(TEXT_COLUMNS)
    with tempfile.TemporaryDirectory(prefix="rbb-parquet-") as folder:
        cells, target = Path(folder) / "cells.csv", Path(folder) / "execution.parquet"
        with cells.open("w", encoding="utf-8", newline="") as out:
            writer = csv.writer(out, lineterminator="\n")
            writer.writerow(COLUMNS)
            writer.writerows([None if cell is None else
                              format(cell, "f") if isinstance(cell, Decimal) else str(cell)
                              for cell in table_row(board, row)] for row in rows)
        csv_to_parquet(cells, target, COLUMNS,
                       {name: NUMBER_TYPE for name in COLUMNS if name not in text})
        return target.read_bytes()
