"""The dashboard service over the UNMIK performance report 2021/22 (A/77/589, the seed):
a ledger that spends, by 30 June 2022, what the report says each class spent must give
back the report's variances, and flag exactly the classes over the threshold."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from rbb.model import Period, Stage
from rbb.model.ledger import AccountMapping, LedgerDocumentType, LedgerLine
from rbb.services.execution_service import (
    InMemoryLedger,
    apportionment_for,
    class_detail,
    dashboard,
    execution_csv,
)
from tests.conftest import PERFORMANCE_SEED, imported

YEAR = Period(2021)
# Seed lines 4066-4090 (financial resources, (1) apportionment, (2) expenditure, (3)
# variance, (4) per cent), in thousands of dollars:
EXPENDITURE = {
    "international_staff": ("20194.1", "60001"),  # 20 177.4, (16.7), (0.1)
    "united_nations_volunteers": ("954.0", "60002"),  # 890.5, (63.5), (7.1)
    "official_travel": ("180.4", "60003"),  # 319.8, 139.4, 43.6
    "facilities_and_infrastructure": ("2665.6", "60004"),  # 2 732.2, 66.6, 2.4
}


def _ledger() -> InMemoryLedger:
    lines = [LedgerLine(mission="UNMIK", source="test", row=row, document_number=f"O{row}",
                        posting_date=dt.date(2021, 7, 15), period=YEAR, fund="F",
                        funds_centre="FC", account=account,
                        document_type=LedgerDocumentType.OBLIGATION,
                        amount=Decimal(thousands) * 1000, currency="USD",
                        amount_usd=Decimal(thousands) * 1000)
             for row, (thousands, account) in enumerate(EXPENDITURE.values(), start=1)]
    mapping = [AccountMapping(account=account, class_code=code)
               for code, (_, account) in EXPENDITURE.items()]
    return InMemoryLedger.of(lines, mapping)


def test_a_year_spent_as_reported_gives_the_reports_variances_and_flags() -> None:
    document = imported(PERFORMANCE_SEED).document
    assert document is not None
    basis = apportionment_for([document], YEAR)
    assert basis is not None and basis.stage is Stage.APPORTIONMENT
    assert basis.values["official_travel"] == Decimal("319.8")
    assert basis.values["national_staff"] == Decimal("11400.7")
    board = dashboard(_ledger(), "UNMIK", YEAR, [document], dt.date(2022, 6, 30))
    assert board.execution is not None and board.execution.months_elapsed == 12
    rows = {code: board.execution.row(code) for code in EXPENDITURE}
    assert all(row is not None for row in rows.values())
    variances = {code: row.projection.variance for code, row in rows.items() if row}
    assert variances == {"international_staff": Decimal("-16700.0"),
                         "united_nations_volunteers": Decimal("-63500.0"),
                         "official_travel": Decimal("139400.0"),
                         "facilities_and_infrastructure": Decimal("66600.0")}
    flagged = {code for code, row in rows.items() if row and row.flagged}
    # (0.1) per cent and $16,700: under; (7.1) per cent: over; 43.6 per cent and $139,400:
    # over; 2.4 per cent and $66,600: under.
    assert flagged == {"united_nations_volunteers", "official_travel"}
    assert "official_travel" in execution_csv(board)


def test_accounts_are_totalled_from_the_lines_to_the_as_of_date() -> None:
    detail = class_detail(_ledger(), "UNMIK", YEAR, "official_travel", dt.date(2021, 7, 31))
    assert [(a.account, a.obligated, a.lines) for a in detail.accounts] == [
        ("60003", Decimal("180400.0"), 1)]
    assert detail.accounts_complete and not detail.more
    early = class_detail(_ledger(), "UNMIK", YEAR, "official_travel", dt.date(2021, 7, 1))
    assert early.accounts == []  # posted on 15 July
