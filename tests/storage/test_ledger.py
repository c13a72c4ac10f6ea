"""The ledger's store on both backends (a DuckDB file beside SQLite; PostgreSQL):
aggregates, idempotent and all-or-nothing imports, pages of lines."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Sequence
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import Engine, text

from rbb.model.errors import InputError
from rbb.model.ledger import AccountMonth, ClassMonth, LedgerLine
from rbb.storage import create_database_engine, upgrade
from rbb.storage.ledger import MAX_PAGE, LedgerStore, LedgerTotal, UnmappedAccount

from .ledger_data import ACCOUNTS, LINES, MISSION, P2022, P2023, SOURCE, posting


@pytest.fixture
def ledger(engine: Engine) -> Iterator[LedgerStore]:
    store = LedgerStore(engine)
    store.replace_accounts(ACCOUNTS)
    yield store
    store.close()


def test_class_months_sum_each_class_and_month_by_kind(ledger: LedgerStore) -> None:
    assert ledger.replace_source(MISSION, SOURCE, [LINES[:3], LINES[3:]]) == 7
    # By hand from LINES (2023/24 only; line 7 is of 2022/23, line 6's account unmapped):
    # facilities July: obligated 1000.00 (1), disbursed 400.00 (2); August: 99.99 (5);
    # ground transportation July: obligated 250.50 (3); August: adjusted -50.25 (4).
    assert ledger.class_months(MISSION, P2023) == [
        ClassMonth(class_code="facilities_and_infrastructure", month=dt.date(2023, 7, 1),
                   obligated=Decimal("1000.00"), disbursed=Decimal("400.00")),
        ClassMonth(class_code="facilities_and_infrastructure", month=dt.date(2023, 8, 1),
                   obligated=Decimal("99.99")),
        ClassMonth(class_code="ground_transportation", month=dt.date(2023, 7, 1),
                   obligated=Decimal("250.50")),
        ClassMonth(class_code="ground_transportation", month=dt.date(2023, 8, 1),
                   adjusted=Decimal("-50.25")),
    ]
    assert ledger.class_months(MISSION, P2022) == [
        ClassMonth(class_code="facilities_and_infrastructure", month=dt.date(2023, 6, 1),
                   obligated=Decimal("7.00"))]
    assert ledger.periods(MISSION)[1] == (P2023, 6)


def test_account_months_carry_the_mapping_label(ledger: LedgerStore) -> None:
    ledger.replace_source(MISSION, SOURCE, [LINES])
    # By hand from LINES, 2023/24 mapped only (9999 has no class, line 7 is 2022/23): one
    # account per class, so each account month is its class month, with the label.
    assert ledger.account_months(MISSION, P2023) == [
        AccountMonth(account="5111", class_code="facilities_and_infrastructure",
                     label="Rental of premises", month=dt.date(2023, 7, 1),
                     obligated=Decimal("1000.00"), disbursed=Decimal("400.00")),
        AccountMonth(account="5111", class_code="facilities_and_infrastructure",
                     label="Rental of premises", month=dt.date(2023, 8, 1),
                     obligated=Decimal("99.99")),
        AccountMonth(account="5201", class_code="ground_transportation", label="Fuel",
                     month=dt.date(2023, 7, 1), obligated=Decimal("250.50")),
        AccountMonth(account="5201", class_code="ground_transportation", label="Fuel",
                     month=dt.date(2023, 8, 1), adjusted=Decimal("-50.25")),
    ]


def test_unmapped_accounts_are_listed_never_dropped(ledger: LedgerStore) -> None:
    ledger.replace_source(MISSION, SOURCE, [LINES])
    assert ledger.unmapped_accounts(MISSION, P2023) == [
        UnmappedAccount(account="9999", lines=1, amount_usd=Decimal("12.34"))]
    mapped = sum((cm.obligated + cm.disbursed + cm.adjusted
                  for cm in ledger.class_months(MISSION, P2023)), Decimal(0))
    # 1000.00 + 400.00 + 250.50 - 50.25 + 99.99 + 12.34 = 1712.58, every 2023/24 line.
    assert mapped + Decimal("12.34") == Decimal("1712.58")
    by_account = {t.key: t for t in ledger.by_account(MISSION, P2023)}
    assert by_account["9999"] == LedgerTotal(key="9999", class_code=None,
                                             obligated=Decimal("12.34"), disbursed=Decimal(0),
                                             adjusted=Decimal(0), lines=1)
    assert by_account["5111"].class_code == "facilities_and_infrastructure"


def test_funds_centre_totals(ledger: LedgerStore) -> None:
    ledger.replace_source(MISSION, SOURCE, [LINES])
    # FC-A: lines 1, 2, 5 (obligated 1000.00 + 99.99); FC-B: 3, 4; FC-C: 6.
    assert [(t.key, t.obligated, t.disbursed, t.adjusted, t.lines)
            for t in ledger.by_funds_centre(MISSION, P2023)] == [
        ("FC-A", Decimal("1099.99"), Decimal("400.00"), Decimal(0), 3),
        ("FC-B", Decimal("250.50"), Decimal(0), Decimal("-50.25"), 2),
        ("FC-C", Decimal("12.34"), Decimal(0), Decimal(0), 1),
    ]


def test_a_resent_extract_replaces_its_own_lines_only(ledger: LedgerStore) -> None:
    other = [posting(1, "5201", "obligation", "5.00", dt.date(2023, 9, 1), source="manual")]
    ledger.replace_source(MISSION, SOURCE, [LINES])
    ledger.replace_source(MISSION, "manual", [other])
    ledger.replace_source(MISSION, SOURCE, [LINES])  # re-sent as it was: nothing doubles
    assert {s.source: s.lines for s in ledger.sources(MISSION)} == {SOURCE: 7, "manual": 1}
    corrected = [posting(1, "5111", "obligation", "900.00", dt.date(2023, 7, 3))]
    assert ledger.replace_source(MISSION, SOURCE, [corrected]) == 1
    assert ledger.class_months(MISSION, P2023) == [
        ClassMonth(class_code="facilities_and_infrastructure", month=dt.date(2023, 7, 1),
                   obligated=Decimal("900.00")),
        ClassMonth(class_code="ground_transportation", month=dt.date(2023, 9, 1),
                   obligated=Decimal("5.00")),
    ]
    assert ledger.class_months(MISSION, P2022) == []
    assert ledger.sources("UNKNOWN") == []


def test_an_import_that_fails_midway_leaves_the_previous_lines(ledger: LedgerStore) -> None:
    ledger.replace_source(MISSION, SOURCE, [LINES], column_mapping='{"v": 1}')
    before = ledger.lines(MISSION, P2023)

    def failing() -> Iterator[Sequence[LedgerLine]]:
        yield [posting(1, "5111", "obligation", "1.00", dt.date(2023, 7, 1))]
        yield [posting(2, "5111", "obligation", "1.00", dt.date(2025, 7, 1))]  # new period
        raise InputError("row 3: amount: expected a number", file="extract.csv", line=3)

    with pytest.raises(InputError, match="row 3"):
        ledger.replace_source(MISSION, SOURCE, failing(), column_mapping='{"v": 2}')
    assert ledger.lines(MISSION, P2023) == before
    assert [(s.lines, s.column_mapping) for s in ledger.sources(MISSION)] == [(7, '{"v": 1}')]


@pytest.mark.parametrize("bad", [
    posting(1, "5111", "obligation", "1.005", dt.date(2023, 7, 1)),
    posting(1, "5111", "obligation", "1.00", dt.date(2023, 7, 1), source="another"),
    posting(1, "5111", "obligation", "1.00", dt.date(2023, 7, 1), mission="UNMIK"),
    posting(1, "5111", "obligation", "1.00", dt.date(2023, 7, 1), text="a\x00b"),
])
def test_a_line_the_columns_cannot_hold_exactly_is_refused(ledger: LedgerStore,
                                                           bad: LedgerLine) -> None:
    ledger.replace_source(MISSION, SOURCE, [LINES])
    with pytest.raises(InputError, match=rf"{SOURCE}:1: "):
        ledger.replace_source(MISSION, SOURCE, [LINES[:2], [bad]])
    assert len(ledger.lines(MISSION, P2023)) == 6


def test_lines_come_back_whole_filtered_and_paged(ledger: LedgerStore) -> None:
    tricky = posting(8, "5201", "disbursement", "3.10", dt.date(2023, 12, 24),
                     text='diesel, 200 l "camp B"\nsecond line; =SUM(A1)')
    ledger.replace_source(MISSION, SOURCE, [[*LINES, tricky]])
    everything = ledger.lines(MISSION, P2023, limit=MAX_PAGE)
    assert everything == [*LINES[:6], tricky]  # by posting date, then source and row
    pages = [ledger.lines(MISSION, P2023, offset=offset, limit=2) for offset in (0, 2, 4, 6)]
    assert [line for page in pages for line in page] == everything
    assert ledger.lines(MISSION, P2023, class_code="ground_transportation") == [
        LINES[2], LINES[3], tricky]
    assert ledger.lines(MISSION, P2023, account="9999") == [LINES[5]]
    assert ledger.lines(MISSION, P2023, month=dt.date(2023, 8, 20)) == LINES[3:6]
    with pytest.raises(InputError):
        ledger.lines(MISSION, P2023, limit=MAX_PAGE + 1)


def test_the_account_mapping_is_replaced_whole(ledger: LedgerStore) -> None:
    ledger.replace_source(MISSION, SOURCE, [LINES])
    assert ledger.accounts() == sorted(ACCOUNTS, key=lambda a: a.account)
    ledger.replace_accounts(ACCOUNTS[:1])
    assert [u.account for u in ledger.unmapped_accounts(MISSION, P2023)] == ["5201", "9999"]


def test_an_sqlite_store_keeps_its_ledger_in_a_duckdb_file_beside_it(tmp_path: Path) -> None:
    engine = create_database_engine(f"sqlite:///{tmp_path / 'rbb.sqlite'}")
    upgrade(engine)
    LedgerStore(engine).replace_source(MISSION, SOURCE, [LINES])
    assert (tmp_path / "rbb.ledger.duckdb").exists()
    assert len(LedgerStore(engine).lines(MISSION, P2023)) == 6  # read again from the file
    memory = create_database_engine("sqlite:///:memory:")
    in_memory = LedgerStore(memory)
    assert in_memory.backend == "duckdb"
    in_memory.replace_source(MISSION, SOURCE, [LINES])
    assert len(in_memory.lines(MISSION, P2023)) == 6
    in_memory.close()
    engine.dispose()


def test_postgresql_holds_a_partition_per_period(postgres_engine: Engine) -> None:
    store = LedgerStore(postgres_engine)
    store.replace_source(MISSION, SOURCE, [LINES[:6], LINES[6:]])
    with postgres_engine.connect() as connection:
        partitions = connection.execute(text(
            "SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid "
            "JOIN pg_class p ON p.oid = i.inhparent WHERE p.relname = 'ledger_lines' "
            # this test's schema only: other runs' schemas have ledgers of their own
            "AND p.relnamespace = current_schema()::regnamespace "
            "ORDER BY c.relname")).scalars().all()
        in_2023 = connection.execute(text("SELECT COUNT(*) FROM ledger_lines_2023")).scalar()
    assert partitions == ["ledger_lines_2022", "ledger_lines_2023"]
    assert in_2023 == 6


def test_migration_0012_goes_down_and_up_again(postgres_engine: Engine) -> None:
    from tests.storage.test_migration_0007 import _to

    LedgerStore(postgres_engine).replace_source(MISSION, SOURCE, [LINES])
    _to(postgres_engine, "0010")
    with postgres_engine.connect() as connection:
        left = connection.execute(text(
            "SELECT COUNT(*) FROM pg_tables WHERE tablename LIKE 'ledger%' "
            "AND schemaname = current_schema()")).scalar()
    assert left == 0  # the partitions went with their table
    upgrade(postgres_engine)
    store = LedgerStore(postgres_engine)
    assert store.sources(MISSION) == []
    assert store.replace_source(MISSION, SOURCE, [LINES]) == 7
