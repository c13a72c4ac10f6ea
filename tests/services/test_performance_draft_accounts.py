"""``rbb draft-performance`` from the stored ledger names the accounts that carried the
months an explanation cites, with the account mapping's labels; on SQLite (DuckDB
beside it) and PostgreSQL."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Engine

from rbb.model.ledger import AccountMapping
from rbb.services.performance_draft_service import PerformanceDraftService
from rbb.storage import DocumentStore
from rbb.storage.ledger import LedgerStore
from tests.costing.test_performance_draft import P2425, fictional_budget
from tests.storage.ledger_data import SOURCE, posting

MAPPING = [
    AccountMapping(account="7321", class_code="official_travel", label="Travel - training"),
    AccountMapping(account="7322", class_code="official_travel",
                   label="Travel - within the mission area"),
]


def test_the_stored_ledger_names_the_accounts(engine: Engine) -> None:
    # Official travel: $120,000 apportioned, $10,000 a month. The ledger (fictional
    # mission UNFM, 2024/25): $10,000 obligated on 7321 on the 5th of every month but
    # October 2024, when 7321 has $1,000 and 7322 $2,000 (plus a $1,000 disbursement on
    # 7322, which is not expenditure: the obligation is). Expenditure 11 × 10,000 +
    # 3,000 = $113,000, a variance of 7.0 thousand, 5.8 per cent (7 ÷ 120), all in
    # October; of October's $3,000, 7322 carries $2,000, two thirds: "mostly under".
    DocumentStore(engine).save(fictional_budget({"official_travel": "120.0"}))
    lines = []
    for number, month in enumerate(range(12), start=1):
        day = dt.date(2024 + (month + 6) // 12, (month + 6) % 12 + 1, 5)
        if day.month == 10:
            lines += [posting(100 + number, "7321", "obligation", "1000.00", day, mission="UNFM"),
                      posting(200 + number, "7322", "obligation", "2000.00", day, mission="UNFM"),
                      posting(300 + number, "7322", "disbursement", "1000.00", day,
                              mission="UNFM")]
        else:
            lines.append(posting(number, "7321", "obligation", "10000.00", day, mission="UNFM"))
    ledger = LedgerStore(engine)
    try:
        ledger.replace_accounts(MAPPING)
        ledger.replace_source("UNFM", SOURCE, [lines])
    finally:
        ledger.close()
    service = PerformanceDraftService(engine)
    months = service.ledger_months("UNFM", P2425)
    accounts = service.ledger_accounts("UNFM", P2425)
    assert {(a.account, a.label) for a in accounts} == {(m.account, m.label) for m in MAPPING}
    draft = service.draft("UNFM", P2425, months, accounts=accounts).document
    [explanation] = draft.variance_explanations
    assert (explanation.line, explanation.amount) == ("official_travel", 7)
    [paragraph] = explanation.paragraphs
    assert paragraph.text == (
        "The reduced requirements were attributable primarily to lower expenditure in "
        "October 2024 ($3,000), against an even monthly share of the apportionment of "
        "$10,000. The expenditure of October 2024 was recorded mostly under Travel - "
        "within the mission area (account 7322: $2,000).")
    assert any("and under which accounts" in p.text for p in draft.paragraphs)
