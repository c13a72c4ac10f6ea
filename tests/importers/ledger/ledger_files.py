"""Small extracts written by the tests (a fictional mission's ledger, amounts chosen by
hand)."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from rbb.importers.ledger import ColumnMapping, LedgerInputError, read_ledger
from rbb.model.ledger import LedgerLine

HEADER = ("document_number", "posting_date", "period", "fund", "funds_centre", "account",
          "document_type", "amount", "currency", "amount_usd", "text")
GOOD = [
    ("4500000101", "2023-07-14", "2023/24", "20FPK", "FC-NORTH", "5210", "obligation",
     "12500.00", "USD", "", "Fuel, July"),
    ("4500000102", "2023-08-02", "2023/24", "20FPK", "FC-NORTH", "5210", "disbursement",
     "-1000.50", "EUR", "-1098.35", "Fuel invoice"),
    ("4500000103", "2024-06-30", "2023/24", "20FPK", "FC-HQ", "5030", "adjustment",
     "-75.25", "USD", "-75.25", ""),
]
"""Three lines of the fictional Mission X (MX): $12,500.00 obligated, €1,000.50 paid at
$1,098.35 (a rate of 1.0978 dollars a euro, rounded to cents), $75.25 adjusted down."""


def write_csv(path: Path, rows: Sequence[Sequence[str]], header: Sequence[str] = HEADER,
              delimiter: str = ",") -> Path:
    import csv

    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle, delimiter=delimiter)
        writer.writerow(header)
        writer.writerows(rows)
    return path


def read_all(path: Path, mapping: ColumnMapping, **options: object) -> list[LedgerLine]:
    return [line for batch in read_ledger(path, mapping, mission="MX", source="test",
                                          **options)  # type: ignore[arg-type]
            for line in batch]


def bad_rows(path: Path, mapping: ColumnMapping) -> LedgerInputError:
    try:
        read_all(path, mapping)
    except LedgerInputError as error:
        return error
    raise AssertionError("expected bad rows")
