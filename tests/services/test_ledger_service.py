"""The ledger service: extracts already read into batches stored on both backends, and
the account mapping read from its reference file."""

from __future__ import annotations

from decimal import Decimal

from sqlalchemy import Engine

from rbb.services.ledger_service import LedgerService
from tests.storage.ledger_data import ACCOUNTS, LINES, MISSION, P2023, SOURCE


def test_batches_are_stored_and_summarised(engine: Engine) -> None:
    service = LedgerService(engine, accounts=ACCOUNTS)
    done = service.import_batches(MISSION, SOURCE, [LINES[:4], LINES[4:]],
                                  column_mapping='{"delimiter": ";"}')
    assert (done.lines, done.accounts) == (7, 2)
    summary = service.summary(MISSION, P2023)
    # tests/storage/test_ledger.py derives these by hand: 1000.00 + 99.99 + 250.50
    # - 50.25 of expenditure (obligated + adjusted); 9999 unmapped.
    assert sum((cm.expenditure for cm in summary.class_months), Decimal(0)) == \
        Decimal("1300.24")
    assert [u.account for u in summary.unmapped] == ["9999"]
    assert [(s.source, s.column_mapping) for s in service.sources(MISSION)] == [
        (SOURCE, '{"delimiter": ";"}')]
    service.close()


def test_a_period_without_lines_has_an_empty_summary(sqlite_engine: Engine) -> None:
    summary = LedgerService(sqlite_engine, accounts=[]).summary("MINUFIC", P2023)
    assert (summary.class_months, summary.unmapped) == ([], [])
