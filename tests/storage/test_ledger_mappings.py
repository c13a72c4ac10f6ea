"""The ledger's mappings kept as versions on both backends: each change a new whole
version, the aggregates joined with the current one, a version never overwritten, and a
source's saved column mapping (tests/storage/ledger_data.py: the lines of MINUFIC)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from sqlalchemy import Engine

from rbb.model.errors import BusyError, InputError, NotFoundError
from rbb.model.ledger import AccountMapping, FundsCentreMapping
from rbb.model.ledger_mappings import MappingKind
from rbb.storage.ledger import LedgerStore
from rbb.storage.ledger_mappings import LedgerMappingStore

from .ledger_data import ACCOUNTS, LINES, MISSION, P2023, SOURCE

ACCOUNTS_KIND = MappingKind.ACCOUNTS
CENTRES = MappingKind.FUNDS_CENTRES


def expenditure(store: LedgerStore) -> dict[str, Decimal]:
    found: dict[str, Decimal] = {}
    for cm in store.class_months(MISSION, P2023):
        found[cm.class_code] = found.get(cm.class_code, Decimal(0)) + cm.expenditure
    return found


def test_each_change_is_a_new_version_the_aggregates_join_with(engine: Engine) -> None:
    ledger = LedgerStore(engine)
    ledger.replace_source(MISSION, SOURCE, [LINES])
    mappings = LedgerMappingStore(ledger)
    assert mappings.current(ACCOUNTS_KIND) is None
    first = mappings.ensure_first(ACCOUNTS_KIND, ACCOUNTS, author="rbb", comment="seed")
    assert (first.number, first.rows) == (1, 2)
    # ensure_first again changes nothing
    assert mappings.ensure_first(ACCOUNTS_KIND, [], author="x", comment="y") == first
    # 2023/24 by hand (ledger_data): 5111 obligations 1000.00 + 99.99; 5201 250.50 - 50.25;
    # 9999 (12.34) in no class.
    assert expenditure(ledger) == {"facilities_and_infrastructure": Decimal("1099.99"),
                                   "ground_transportation": Decimal("200.25")}
    assert [u.account for u in ledger.unmapped_accounts(MISSION, P2023)] == ["9999"]

    nine = AccountMapping(account="9999", class_code="communications_and_it", label="Radios")
    second = mappings.change(ACCOUNTS_KIND, lambda rows: [*rows, nine], author="ana",
                             comment="radios")
    assert (second.number, second.rows, second.author, second.comment) == (2, 3, "ana",
                                                                          "radios")
    assert expenditure(ledger)["communications_and_it"] == Decimal("12.34")
    assert ledger.unmapped_accounts(MISSION, P2023) == []

    third = mappings.change(ACCOUNTS_KIND, lambda rows: [r for r in rows
                                                         if r.account != "5201"], author="bo",
                            comment="")
    assert third.number == 3
    assert [u.account for u in ledger.unmapped_accounts(MISSION, P2023)] == ["5201"]
    assert "ground_transportation" not in expenditure(ledger)
    # every version kept whole, never overwritten
    assert [v.number for v in mappings.versions(ACCOUNTS_KIND)] == [1, 2, 3]
    assert mappings.mappings(ACCOUNTS_KIND, 1) == sorted(ACCOUNTS, key=lambda a: a.account)
    assert [m.account for m in mappings.mappings(ACCOUNTS_KIND, 2)] == ["5111", "5201", "9999"]
    assert [m.account for m in mappings.mappings(ACCOUNTS_KIND)] == ["5111", "9999"]
    assert ledger.accounts() == mappings.mappings(ACCOUNTS_KIND)
    with pytest.raises(NotFoundError):
        mappings.mappings(ACCOUNTS_KIND, 4)
    ledger.close()


def test_a_failed_change_stores_nothing(engine: Engine) -> None:
    ledger = LedgerStore(engine)
    mappings = LedgerMappingStore(ledger)
    mappings.ensure_first(ACCOUNTS_KIND, ACCOUNTS, author="rbb", comment="seed")

    def twice(rows: list[AccountMapping | FundsCentreMapping]
              ) -> list[AccountMapping | FundsCentreMapping]:
        return [*rows, rows[0]]

    with pytest.raises(InputError, match="mapped twice"):
        mappings.change(ACCOUNTS_KIND, twice, author="x")
    with pytest.raises(BusyError):
        mappings.change(ACCOUNTS_KIND, list, author="x", first=True)
    assert [v.number for v in mappings.versions(ACCOUNTS_KIND)] == [1]
    assert ledger.accounts() == sorted(ACCOUNTS, key=lambda a: a.account)
    ledger.close()


def test_funds_centres_give_each_line_its_office(engine: Engine) -> None:
    ledger = LedgerStore(engine)
    ledger.replace_source(MISSION, SOURCE, [LINES])
    mappings = LedgerMappingStore(ledger)
    centres = [FundsCentreMapping(funds_centre="FC-A", office="Office of the Head",
                                  component="support"),
               FundsCentreMapping(funds_centre="FC-B", office="Regional office")]
    assert mappings.change(CENTRES, lambda _rows: list(centres), author="ana").number == 1
    totals = {t.funds_centre: t for t in mappings.office_totals(MISSION, P2023)}
    # ledger_data, 2023/24: FC-A holds rows 1, 2 and 5; FC-B rows 3 and 4; FC-C row 6,
    # which no office holds (reported with office None, not dropped).
    assert (totals["FC-A"].office, totals["FC-A"].component, totals["FC-A"].lines,
            totals["FC-A"].obligated) == ("Office of the Head", "support", 3,
                                          Decimal("1099.99"))
    assert (totals["FC-B"].office, totals["FC-B"].component) == ("Regional office", None)
    assert (totals["FC-C"].office, totals["FC-C"].lines) == (None, 1)
    assert mappings.current(ACCOUNTS_KIND) is None  # the two kinds are numbered apart
    ledger.close()


def test_a_sources_column_mapping_is_saved(engine: Engine) -> None:
    ledger = LedgerStore(engine)
    mappings = LedgerMappingStore(ledger)
    assert mappings.saved_column_mapping(MISSION, SOURCE) is None
    mappings.save_column_mapping(MISSION, SOURCE, '{"a": 1}', author="ana")
    mappings.save_column_mapping(MISSION, SOURCE, '{"a": 2}', author="bo")
    saved = mappings.saved_column_mapping(MISSION, SOURCE)
    assert saved is not None
    assert (saved.column_mapping, saved.author) == ('{"a": 2}', "bo")
    ledger.close()


def test_migration_0015_goes_down_and_up_again(postgres_engine: Engine) -> None:
    from sqlalchemy import text

    from rbb.storage import upgrade
    from tests.storage.test_migration_0007 import _to

    mappings = LedgerMappingStore(LedgerStore(postgres_engine))
    mappings.ensure_first(ACCOUNTS_KIND, ACCOUNTS, author="rbb", comment="seed")
    _to(postgres_engine, "0014")
    with postgres_engine.connect() as connection:
        left = connection.execute(text(
            "SELECT tablename FROM pg_tables WHERE schemaname = current_schema() "
            "AND tablename LIKE 'ledger%' ORDER BY tablename")).scalars().all()
    mine = {"ledger_mapping_versions", "ledger_account_versions", "ledger_funds_centres",
            "ledger_funds_centre_versions", "ledger_column_mappings"}
    assert "ledger_accounts" in left and not mine & set(left)
    upgrade(postgres_engine)
    mappings = LedgerMappingStore(LedgerStore(postgres_engine))
    assert mappings.versions(ACCOUNTS_KIND) == []
    assert mappings.ensure_first(ACCOUNTS_KIND, ACCOUNTS, author="rbb", comment="").number == 1


def test_two_changes_at_the_same_moment_lose_nothing(engine: Engine) -> None:
    """A change stored while another is in its transaction: the later one is refused
    whole (BusyError), never stored over the first."""
    ledger = LedgerStore(engine)
    mappings = LedgerMappingStore(ledger)
    mappings.ensure_first(ACCOUNTS_KIND, ACCOUNTS, author="rbb", comment="seed")
    travel = AccountMapping(account="7000", class_code="official_travel")
    fuel = AccountMapping(account="7001", class_code="ground_transportation")

    def meanwhile(rows: list[AccountMapping | FundsCentreMapping]
                  ) -> list[AccountMapping | FundsCentreMapping]:
        # another user's change, committed while this one is under way
        mappings.change(ACCOUNTS_KIND, lambda other: [*other, fuel], author="bo")
        return [*rows, travel]

    with pytest.raises(BusyError, match="try again"):
        mappings.change(ACCOUNTS_KIND, meanwhile, author="ana")
    assert [(v.number, v.author) for v in mappings.versions(ACCOUNTS_KIND)] == [
        (1, "rbb"), (2, "bo")]
    assert [m.account for m in ledger.accounts()] == ["5111", "5201", "7001"]
    ledger.close()
