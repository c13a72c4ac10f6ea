"""Ledger lines written by hand for the ledger's tests: a fictional mission (MINUFIC),
not a real extract, so that nothing is keyed to one mission's accounts or wording."""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal

from rbb.model.cycle import Period
from rbb.model.ledger import AccountMapping, LedgerDocumentType, LedgerLine

MISSION = "MINUFIC"
SOURCE = "fmis-2023-24"
P2023 = Period(2023)
P2022 = Period(2022)

ACCOUNTS = [
    AccountMapping(account="5111", class_code="facilities_and_infrastructure",
                   label="Rental of premises"),
    AccountMapping(account="5201", class_code="ground_transportation", label="Fuel"),
]
"""Account 9999 is left out on purpose: its line is unmapped."""


def posting(row: int, account: str, kind: str, amount: str, day: dt.date, *,
            funds_centre: str = "FC-A", source: str = SOURCE, text: str = "",
            mission: str = MISSION) -> LedgerLine:
    return LedgerLine(mission=mission, source=source, row=row, document_number=f"45{row:08d}",
                      posting_date=day, period=Period.containing(day), fund="10RCR",
                      funds_centre=funds_centre, account=account,
                      document_type=LedgerDocumentType(kind), amount=Decimal(amount),
                      currency="USD", amount_usd=Decimal(amount), text=text)


LINES = [
    posting(1, "5111", "obligation", "1000.00", dt.date(2023, 7, 3)),
    posting(2, "5111", "disbursement", "400.00", dt.date(2023, 7, 20)),
    posting(3, "5201", "obligation", "250.50", dt.date(2023, 7, 31), funds_centre="FC-B"),
    posting(4, "5201", "adjustment", "-50.25", dt.date(2023, 8, 1), funds_centre="FC-B"),
    posting(5, "5111", "obligation", "99.99", dt.date(2023, 8, 15)),
    posting(6, "9999", "obligation", "12.34", dt.date(2023, 8, 16), funds_centre="FC-C"),
    posting(7, "5111", "obligation", "7.00", dt.date(2023, 6, 30)),  # 2022/23
]


def many_lines(count: int, *, seed: int = 7, source: str = "bulk") -> list[LedgerLine]:
    """A deterministic spread of postings over 2023/24 and 2024/25, several accounts
    (one unmapped), funds centres and types, amounts to the cent."""
    draw = random.Random(seed)
    kinds = ["obligation", "disbursement", "adjustment"]
    found = []
    for row in range(1, count + 1):
        day = dt.date(2023, 7, 1) + dt.timedelta(days=draw.randrange(730))
        cents = draw.randrange(-10_000, 5_000_000)
        found.append(posting(row, draw.choice(["5111", "5201", "9999"]), draw.choice(kinds),
                             str(Decimal(cents) / 100), day, source=source,
                             funds_centre=draw.choice(["FC-A", "FC-B", "FC-C", "FC-D"]),
                             text=draw.choice(["", "fuel, diesel", 'the "camp" lease',
                                               "two\nlines"])))
    return found
