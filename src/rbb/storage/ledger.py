"""The expenditure ledger's store (docs/execution.md, "Where the ledger is stored").

An SQLite store keeps its ledger in a DuckDB file beside it (``rbb.sqlite`` →
``rbb.ledger.duckdb``; an in-memory DuckDB for an in-memory SQLite store): columnar, and
a million postings aggregate in a fraction of a second where SQLite would take seconds.
A PostgreSQL store keeps it in ``ledger_lines``, partitioned by period (migration 0012).
The queries are the same SQL text on both (``ledger_sql``, decision 25).

An import replaces one source's lines in one transaction, however many batches it
streams: a failed or killed import leaves the lines as they were."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from sqlalchemy import Engine

from rbb.model.errors import InputError

from . import ledger_sql as sql
from .ledger_backends import DuckDbLedger, PostgresLedger, Row, Run, StagedLines

if TYPE_CHECKING:
    from rbb.model.cycle import Period
    from rbb.model.ledger import AccountMapping, AccountMonth, ClassMonth, LedgerLine

MAX_PAGE = 10_000
"""The most lines one page of ``lines`` returns."""

CENT = Decimal("0.01")


@dataclass(frozen=True)
class LedgerSource:
    """One imported extract of a mission: what it holds and how its columns were read."""

    source: str
    lines: int
    imported_at: dt.datetime
    column_mapping: str | None
    """The column mapping it was read with, as JSON (a re-sent extract reuses it)."""


@dataclass(frozen=True)
class LedgerTotal:
    """The postings of one account or funds centre in a period, in dollars."""

    key: str
    class_code: str | None
    """The class the account maps to; None when unmapped (and for funds centres)."""
    obligated: Decimal
    disbursed: Decimal
    adjusted: Decimal
    lines: int


@dataclass(frozen=True)
class UnmappedAccount:
    """An account the account mapping does not hold: its lines count nowhere until it
    is mapped, and are reported rather than dropped."""

    account: str
    lines: int
    amount_usd: Decimal


def duckdb_path_for(sqlite_database: str | None) -> Path | None:
    """The ledger file beside an SQLite store; None for an in-memory store."""
    if not sqlite_database or sqlite_database == ":memory:":
        return None
    store = Path(sqlite_database)
    return store.with_name(f"{store.stem}.ledger.duckdb")


class _Backend(Protocol):
    def rows(self, query: str, params: dict[str, Any]) -> list[Row]: ...

    def replace(self, mission: str, source: str, batches: Iterable[Sequence[LedgerLine]],
                source_row: dict[str, Any]) -> int: ...

    def replace_staged(self, mission: str, source: str,
                       stage: Callable[[Any], StagedLines | None],
                       source_row: dict[str, Any]) -> int | None: ...

    def replace_accounts(self, rows: list[dict[str, Any]]) -> None: ...

    def transaction(self) -> AbstractContextManager[Run]: ...

    def close(self) -> None: ...


class LedgerStore:
    """The ledger of a store: ``LedgerStore(engine)`` finds where it lives from the
    store's engine (a DuckDB file beside SQLite, the store itself on PostgreSQL)."""

    def __init__(self, engine: Engine) -> None:
        backend: _Backend
        if engine.dialect.name == "postgresql":
            backend = PostgresLedger(engine)
        elif engine.dialect.name == "sqlite":
            backend = DuckDbLedger(duckdb_path_for(engine.url.database))
        else:
            raise InputError(f"no ledger store on {engine.dialect.name}")
        self._backend = backend
        self.backend = "postgresql" if engine.dialect.name == "postgresql" else "duckdb"

    def close(self) -> None:
        self._backend.close()

    def replace_source(self, mission: str, source: str,
                       batches: Iterable[Sequence[LedgerLine]], *,
                       column_mapping: str | None = None) -> int:
        """Replace the lines of one extract of ``mission`` with ``batches`` in one
        transaction; the number of lines stored. An error in any batch (a bad row
        reported at the end of reading) leaves the earlier lines in place."""
        return self._backend.replace(mission, source, batches,
                                     _source_row(mission, source, column_mapping))

    def replace_source_staged(self, mission: str, source: str,
                              stage: Callable[[Any], StagedLines | None], *,
                              column_mapping: str | None = None) -> int | None:
        """Replace the lines of one extract with those ``stage`` puts in a temporary table
        of a DuckDB connection it is given (``rbb.importers.ledger.bulk``): one
        transaction, one statement (DuckDB) or one COPY (PostgreSQL). None, and nothing
        changed, when ``stage`` gives None (the extract is then read line by line)."""
        return self._backend.replace_staged(mission, source, stage,
                                            _source_row(mission, source, column_mapping))

    def replace_accounts(self, mappings: Iterable[AccountMapping]) -> int:
        """The account mapping every aggregate joins with, replaced whole."""
        rows = [{"account": m.account, "class_code": m.class_code, "label": m.label}
                for m in mappings]
        self._backend.replace_accounts(rows)
        return len(rows)

    def accounts(self) -> list[AccountMapping]:
        from rbb.model.ledger import AccountMapping

        return [AccountMapping(account=a, class_code=c, label=label)
                for a, c, label in self._backend.rows(sql.ACCOUNTS, {})]

    def transaction(self) -> AbstractContextManager[Run]:
        """Statements of the ledger's database run in one transaction, for the tables
        that live beside the lines (``rbb.storage.ledger_mappings``): all or nothing."""
        return self._backend.transaction()

    def state(self, mission: str) -> tuple[Row, ...]:
        """A token of what the mission's aggregates read (its imported extracts and the
        account mapping): equal tokens, equal aggregates."""
        return tuple(self._backend.rows(sql.STATE, {"mission": mission}))

    def sources(self, mission: str) -> list[LedgerSource]:
        return [LedgerSource(source=s, lines=int(n), imported_at=at, column_mapping=m)
                for s, n, at, m in self._backend.rows(sql.SOURCES, {"mission": mission})]

    def periods(self, mission: str) -> list[tuple[Period, int]]:
        """The periods a mission's ledger has lines in, and how many."""
        from rbb.model.cycle import Period

        return [(Period(int(p)), int(n))
                for p, n in self._backend.rows(sql.PERIODS, {"mission": mission})]

    def class_months(self, mission: str, period: Period) -> list[ClassMonth]:
        """Class × month of the period's mapped lines (``unmapped_accounts`` lists the
        others), in dollars."""
        from rbb.model.ledger import ClassMonth

        found = self._backend.rows(sql.CLASS_MONTHS, _keys(mission, period))
        # Built without validation: the columns are typed (a class code of the mapping,
        # a DATE, DECIMAL(20, 2) sums made exact by _money), and a dashboard reads these
        # on every request.
        return [ClassMonth.model_construct(class_code=c, month=_day(m), obligated=_money(o),
                                           disbursed=_money(d), adjusted=_money(a))
                for c, m, o, d, a, _n in found]

    def account_months(self, mission: str, period: Period) -> list[AccountMonth]:
        """Account × month of the period's mapped lines, with the mapping's class and
        label, in dollars: each class month of :meth:`class_months` spread over its
        accounts."""
        from rbb.model.ledger import AccountMonth

        found = self._backend.rows(sql.ACCOUNT_MONTHS, _keys(mission, period))
        return [AccountMonth(account=k, class_code=c, label=label or "", month=_day(m),
                             obligated=_money(o), disbursed=_money(d), adjusted=_money(a))
                for k, c, label, m, o, d, a, _n in found]

    def by_account(self, mission: str, period: Period) -> list[LedgerTotal]:
        return self._totals(sql.BY_ACCOUNT, mission, period)

    def by_funds_centre(self, mission: str, period: Period) -> list[LedgerTotal]:
        return self._totals(sql.BY_FUNDS_CENTRE, mission, period)

    def unmapped_accounts(self, mission: str, period: Period) -> list[UnmappedAccount]:
        return [UnmappedAccount(account=a, lines=int(n), amount_usd=_money(total))
                for a, n, total in self._backend.rows(sql.UNMAPPED, _keys(mission, period))]

    def lines(self, mission: str, period: Period, *, class_code: str | None = None,
              account: str | None = None, month: dt.date | None = None, offset: int = 0,
              limit: int = 100) -> list[LedgerLine]:
        """One page of the period's lines by date, source and row, filtered by class
        (``national_staff``: also the lines of its two parts, which accounts map to),
        account or month (its first day or any day of it)."""
        from rbb.model.ledger import LedgerLine

        if not 0 <= limit <= MAX_PAGE or offset < 0:
            raise InputError(f"a page holds 0 to {MAX_PAGE} lines from an offset of 0 or more")
        params: dict[str, Any] = {**_keys(mission, period), "limit": limit, "offset": offset}
        codes: tuple[str, ...] = ()
        if class_code is not None:
            from rbb.model.classes import BY_CODE

            # a class whose parts are printed too (national staff): its accounts map to them
            codes = (class_code, *(c.code for c in BY_CODE.values() if c.parent == class_code))
            params.update({f"class_{number}": code for number, code in enumerate(codes)})
        if account is not None:
            params["account"] = account
        if month is not None:
            params["month"] = month.replace(day=1)
        query = sql.lines_query(classes=len(codes), account=account is not None,
                                month=month is not None)
        found = []
        for row in self._backend.rows(query, params):
            values = dict(zip(sql.LINE_COLUMNS, row, strict=True))
            values["row"] = values.pop("row_number")
            values["posting_date"] = _day(values["posting_date"])
            del values["posting_month"]
            values["period"] = period
            values["amount"] = _money(values["amount"])
            values["amount_usd"] = _money(values["amount_usd"])
            found.append(LedgerLine.model_validate(values))
        return found

    def _totals(self, query: str, mission: str, period: Period) -> list[LedgerTotal]:
        return [LedgerTotal(key=k, class_code=c, obligated=_money(o), disbursed=_money(d),
                            adjusted=_money(a), lines=int(n))
                for k, c, o, d, a, n in self._backend.rows(query, _keys(mission, period))]


def _source_row(mission: str, source: str, column_mapping: str | None) -> dict[str, Any]:
    """The row of ``ledger_sources`` an import writes (its line count set at the end)."""
    return {"mission": mission, "source": source, "line_count": 0,
            "imported_at": dt.datetime.now(dt.UTC).replace(tzinfo=None),
            "column_mapping": column_mapping}


def _keys(mission: str, period: Period) -> dict[str, Any]:
    return {"mission": mission, "period": period.start_year}


def _money(value: Any) -> Decimal:
    """A sum as exact dollars: both backends give a Decimal; NULL (no line) is zero."""
    return Decimal(0) if value is None else Decimal(value).quantize(CENT)


def _day(value: Any) -> dt.date:
    return value.date() if isinstance(value, dt.datetime) else value


