"""The ledger's mappings as both interfaces change them (``rbb.services.ledger_mappings``),
on both backends: the shipped reference file as version 1, each change a new version
that the aggregates join with at once, CSV export and import, and the column mapping a
source is read with."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from sqlalchemy import Engine

from rbb.model.errors import InputError, NotFoundError
from rbb.model.ledger import DEFAULT_MAPPING, ColumnSource
from rbb.model.ledger_accounts import account_mappings
from rbb.model.ledger_mappings import MappingKind
from rbb.services.ledger_mappings import REFERENCE_COMMENT, LedgerMappings, source_mapping
from rbb.services.ledger_service import LedgerService
from tests.storage.ledger_data import ACCOUNTS, LINES, MISSION, P2023, SOURCE

ACCOUNTS_KIND = MappingKind.ACCOUNTS
CENTRES = MappingKind.FUNDS_CENTRES


def test_the_reference_file_is_version_1_and_never_written_over(engine: Engine) -> None:
    service = LedgerService(engine)
    mappings = LedgerMappings(service.store)
    first = mappings.current(ACCOUNTS_KIND)
    assert first is not None
    assert (first.number, first.rows, first.author, first.comment) == (
        1, len(account_mappings()), "rbb", REFERENCE_COMMENT)
    some = account_mappings()[0]
    mappings.set_account(some.account, "ground_transportation", author="ana")
    assert service.refresh_accounts() == len(account_mappings())  # an import: no new version
    assert [v.number for v in mappings.store.versions(ACCOUNTS_KIND)] == [1, 2]
    assert mappings.rows(ACCOUNTS_KIND, 1) == sorted(account_mappings(),
                                                     key=lambda m: m.account)
    service.close()


def test_a_change_moves_lines_between_classes_at_once(engine: Engine) -> None:
    service = LedgerService(engine, accounts=ACCOUNTS)
    service.import_batches(MISSION, SOURCE, [LINES])
    mappings = LedgerMappings(service.store, accounts=ACCOUNTS)
    # ledger_data: account 9999 holds one obligation of 12.34 in August 2023, unmapped.
    assert [u.account for u in service.summary(MISSION, P2023).unmapped] == ["9999"]
    done = mappings.set_account("9999", "official_travel", label="Tickets", author="ana",
                                comment="travel")
    assert (done.number, done.rows, done.comment) == (2, 3, "travel")
    summary = service.summary(MISSION, P2023)
    assert summary.unmapped == []
    assert [(cm.class_code, cm.expenditure) for cm in summary.class_months
            if cm.class_code == "official_travel"] == [("official_travel", Decimal("12.34"))]
    # the label is kept when a class alone is changed
    mappings.set_account("9999", "communications_and_information_technology", author="bo")
    assert next(r for r in mappings.rows(ACCOUNTS_KIND) if r.account == "9999").label == \
        "Tickets"  # type: ignore[union-attr]
    with pytest.raises(InputError, match="already"):
        mappings.set_account("9999", "communications_and_information_technology",
                             author="bo")
    with pytest.raises(InputError, match="not a class of expenditure"):
        mappings.set_account("9999", "total", author="bo")
    mappings.remove(ACCOUNTS_KIND, "9999", author="cy")
    assert [u.account for u in service.summary(MISSION, P2023).unmapped] == ["9999"]
    with pytest.raises(NotFoundError):
        mappings.remove(ACCOUNTS_KIND, "9999", author="cy")
    history = mappings.history(ACCOUNTS_KIND)
    assert [(h.version.number, h.version.author) for h in history] == [
        (4, "cy"), (3, "bo"), (2, "ana"), (1, "rbb")]
    assert (history[0].changes.removed, history[1].changes.changed,
            history[2].changes.added) == (("9999",), ("9999",), ("9999",))
    service.close()


def test_export_and_import_round_trip(engine: Engine) -> None:
    service = LedgerService(engine, accounts=ACCOUNTS)
    mappings = LedgerMappings(service.store, accounts=ACCOUNTS)
    mappings.set_account("5301", "official_travel", label="=HYPERLINK(\"x\")", author="ana")
    text = mappings.export(ACCOUNTS_KIND)
    assert "'=HYPERLINK" in text  # a spreadsheet shows it as text
    with pytest.raises(InputError, match="nothing changed"):
        mappings.import_file(ACCOUNTS_KIND, text.encode(), name="chart.csv", author="bo")
    edited = text.replace("Rental of premises", "Rent")
    done = mappings.import_file(ACCOUNTS_KIND, edited.encode(), name="chart.csv",
                                author="bo")
    assert (done.number, done.comment) == (3, "imported from chart.csv")
    rows = {r.account: r for r in mappings.rows(ACCOUNTS_KIND)}  # type: ignore[union-attr]
    assert rows["5301"].label == '=HYPERLINK("x")'  # type: ignore[union-attr]
    assert rows["5111"].label == "Rent"  # type: ignore[union-attr]
    with pytest.raises(InputError, match=r"chart\.csv:3"):
        mappings.import_file(ACCOUNTS_KIND,
                             b"account,class_code,label\n1,official_travel,x\n2,x,y\n",
                             name="chart.csv", author="bo")
    assert mappings.current(ACCOUNTS_KIND).number == 3  # type: ignore[union-attr]
    service.close()


def test_funds_centres_have_no_version_until_the_first_change(engine: Engine) -> None:
    service = LedgerService(engine)
    mappings = LedgerMappings(service.store)
    assert (mappings.current(CENTRES), mappings.rows(CENTRES)) == (None, [])
    mappings.import_file(CENTRES, b"funds_centre,office,component\nFC-A,Head office,\n"
                         b"FC-B,North,support\n", name="centres.csv", author="ana")
    mappings.set_funds_centre("FC-A", "Head office", component="substantive", author="bo")
    assert mappings.export(CENTRES) == ("funds_centre,office,component\n"
                                        "FC-A,Head office,substantive\nFC-B,North,support\n")
    with pytest.raises(InputError, match="listed twice"):
        mappings.import_file(CENTRES, b"funds_centre,office\nA,x\nA,y\n", name="c.csv",
                             author="bo")
    service.close()


def test_a_source_is_read_with_its_newest_mapping(sqlite_engine: Engine) -> None:
    service = LedgerService(sqlite_engine, accounts=ACCOUNTS)
    assert source_mapping(service.store, MISSION, SOURCE) is None
    imported = DEFAULT_MAPPING.model_copy(update={"name": "as imported"})
    service.import_batches(MISSION, SOURCE, [LINES], column_mapping=imported.model_dump_json())
    assert source_mapping(service.store, MISSION, SOURCE) == imported
    saved = DEFAULT_MAPPING.model_copy(update={"name": "as mapped",
                                               "text": ColumnSource(column="fund")})
    LedgerMappings(service.store).save_column_mapping(MISSION, SOURCE, saved, author="ana")
    assert source_mapping(service.store, MISSION, SOURCE) == saved
    # imported again later (with another mapping): the import's is the newer
    later = dt.datetime.now(dt.UTC)
    service.import_batches(MISSION, SOURCE, [LINES], column_mapping=imported.model_dump_json())
    assert service.sources(MISSION)[0].imported_at >= later.replace(tzinfo=None)
    assert source_mapping(service.store, MISSION, SOURCE) == imported
    service.close()
