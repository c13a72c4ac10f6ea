"""The ledger service: extracts already read into batches stored on both backends, and
the account mapping read from its reference file."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import Engine

from rbb.model.errors import InputError
from rbb.model.ledger import AccountMapping
from rbb.services.ledger_service import LedgerService, reference_accounts
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


def test_the_reference_accounts_are_read_with_their_comments(tmp_path: Path) -> None:
    path = tmp_path / "accounts.csv"
    path.write_text("# where these accounts come from\naccount,class_code,label\n"
                    "5111,facilities_and_infrastructure,Rental of premises\n"
                    "5201,ground_transportation,\n", encoding="utf-8")
    assert reference_accounts(path) == [
        AccountMapping(account="5111", class_code="facilities_and_infrastructure",
                       label="Rental of premises"),
        AccountMapping(account="5201", class_code="ground_transportation")]
    assert reference_accounts(tmp_path / "absent.csv") == []


def test_a_bad_reference_row_names_its_line(tmp_path: Path) -> None:
    path = tmp_path / "accounts.csv"
    path.write_text("account,class_code,label\n5111,Not A Class,x\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"accounts.csv:2: not an account mapping row"):
        reference_accounts(path)


def test_a_period_without_lines_has_an_empty_summary(sqlite_engine: Engine) -> None:
    summary = LedgerService(sqlite_engine, accounts=[]).summary("MINUFIC", P2023)
    assert (summary.class_months, summary.unmapped) == ([], [])
