"""The monthly summary every aggregate reads is kept with the lines: it is the lines
summed, after an import, a re-import and a migration, and a DuckDB ledger of an older rbb
gets it when first opened."""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal

import duckdb
from sqlalchemy import Engine

from rbb.storage.ledger import LedgerStore, duckdb_path_for
from tests.storage.test_migration_0007 import _to

from .ledger_data import ACCOUNTS, MISSION, P2023, Period, many_lines


def _by_account_from_the_lines(lines: list, period: Period) -> dict[str, Decimal]:
    """Independently of the store: each account's dollars in the period."""
    totals: dict[str, Decimal] = defaultdict(Decimal)
    for line in lines:
        if line.period == period:
            totals[line.account] += line.amount_usd
    return dict(totals)


def _by_account(store: LedgerStore, period: Period) -> dict[str, Decimal]:
    return {total.key: total.obligated + total.disbursed + total.adjusted
            for total in store.by_account(MISSION, period)}


def test_the_summary_follows_a_re_sent_extract(engine: Engine) -> None:
    store = LedgerStore(engine)
    store.replace_accounts(ACCOUNTS)
    first = many_lines(600, source="monthly")
    second = many_lines(400, seed=8, source="monthly")
    store.replace_source(MISSION, "monthly", [first])
    assert _by_account(store, P2023) == _by_account_from_the_lines(first, P2023)
    store.replace_source(MISSION, "monthly", [second])  # replaces its own lines
    assert _by_account(store, P2023) == _by_account_from_the_lines(second, P2023)
    assert sum(n for _, n in store.periods(MISSION)) == 400


def test_migration_0014_fills_the_summary_from_the_lines(postgres_engine: Engine) -> None:
    from rbb.storage import upgrade

    lines = many_lines(500)
    store = LedgerStore(postgres_engine)
    store.replace_accounts(ACCOUNTS)
    store.replace_source(MISSION, "bulk", [lines])
    _to(postgres_engine, "0013")
    upgrade(postgres_engine)
    assert _by_account(LedgerStore(postgres_engine), P2023) == _by_account_from_the_lines(
        lines, P2023)


def test_a_duckdb_ledger_without_the_summary_gets_it_when_opened(
        sqlite_engine: Engine) -> None:
    lines = many_lines(500)
    store = LedgerStore(sqlite_engine)
    store.replace_accounts(ACCOUNTS)
    store.replace_source(MISSION, "bulk", [lines])
    store.close()
    path = duckdb_path_for(sqlite_engine.url.database)
    assert path is not None
    with duckdb.connect(str(path)) as connection:  # as an rbb before the summary left it
        connection.execute("DROP TABLE ledger_months")
    assert _by_account(LedgerStore(sqlite_engine), P2023) == _by_account_from_the_lines(
        lines, P2023)
