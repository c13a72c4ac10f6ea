"""Excel (openpyxl, streamed) and Parquet (DuckDB, in batches) extracts: typed cells."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest

from rbb.importers.ledger import DEFAULT_MAPPING, ColumnMapping
from rbb.importers.limits import ReadingLimits
from rbb.model.cycle import Period
from rbb.model.errors import InputError

from .ledger_files import GOOD, HEADER, bad_rows, read_all


def _workbook(path: Path, rows: list[list[object]], *, title_rows: int = 0,
              sheet: str = "Lines") -> Path:
    from openpyxl import Workbook

    book = Workbook()
    first = book.active
    assert first is not None
    first.title = "About"
    first.append(["an extract of a fictional ledger"])
    lines = book.create_sheet(sheet)
    for _ in range(title_rows):
        lines.append(["Line items, Mission X"])
    lines.append(list(HEADER))
    for row in rows:
        lines.append(row)
    book.save(path)
    return path


def test_workbook_typed_cells(tmp_path: Path) -> None:
    rows: list[list[object]] = [
        # Excel keeps numbers as floats: 12500.1 reads back as 12500.1; 0.1 + 0.2 is the
        # float 0.30000000000000004, rounded to cents: 0.30. A whole number is an int.
        ["4500000101", dt.datetime(2023, 7, 14), "2023/24", "20FPK", "FC-NORTH", 5210,
         "obligation", 12500.1, "USD", None, "Fuel"],
        [4500000102, dt.datetime(2023, 8, 2, 15, 30), None, "20FPK", "FC-NORTH", 5210.0,
         "Disbursement", 0.1 + 0.2, "USD", None, None],
        [None] * 11,  # an empty row is skipped
        ["4500000103", "2024-06-30", "2023/24", "20FPK", "FC-HQ", "5030", "adjustment",
         -75, "USD", -75, "'-reversal"],
    ]
    mapping = DEFAULT_MAPPING.model_copy(update={"sheet": "Lines", "header_row": 3})
    lines = read_all(_workbook(tmp_path / "x.xlsx", rows, title_rows=2), mapping)
    first, second, third = lines
    assert first.amount == Decimal("12500.1") and first.account == "5210"
    assert second.document_number == "4500000102" and second.account == "5210"
    assert second.posting_date == dt.date(2023, 8, 2) and second.period == Period(2023)
    assert second.amount == second.amount_usd == Decimal("0.30")
    assert third.amount == Decimal(-75) and third.row == 4  # row 3 of the data is empty
    assert third.text == "-reversal"  # rbb's quote before a formula trigger removed


def test_workbook_bad_rows_name_the_sheet_row(tmp_path: Path) -> None:
    rows: list[list[object]] = [list(GOOD[0]), [*GOOD[0][:7], "lots", *GOOD[0][8:]]]
    mapping = DEFAULT_MAPPING.model_copy(update={"sheet": "Lines"})
    error = bad_rows(_workbook(tmp_path / "x.xlsx", rows), mapping)
    (bad,) = error.bad_rows
    assert (bad.row, bad.where, bad.column, bad.value) == (2, "sheet row 3", "amount", "'lots'")


def test_workbook_without_the_sheet(tmp_path: Path) -> None:
    mapping = DEFAULT_MAPPING.model_copy(update={"sheet": "Ledger"})
    with pytest.raises(InputError, match=r"no sheet of cells 'Ledger'.*'About', 'Lines'"):
        read_all(_workbook(tmp_path / "x.xlsx", [list(GOOD[0])]), mapping)


def test_workbook_that_unpacks_too_far_is_refused(tmp_path: Path) -> None:
    import zipfile

    path = _workbook(tmp_path / "x.xlsx", [list(GOOD[0])])
    size = path.stat().st_size
    with zipfile.ZipFile(path) as archive:
        assert sum(part.file_size for part in archive.infolist()) > size  # XML compresses
    with pytest.raises(InputError, match=r"unpacks to [0-9,]+ bytes.*zip bomb"):
        read_all(path, DEFAULT_MAPPING, limits=ReadingLimits(max_ledger_bytes=size))


def _parquet(path: Path, select: str) -> Path:
    import duckdb

    with duckdb.connect() as connection:
        connection.execute(f"COPY ({select}) TO '{path}' (FORMAT parquet)")
    return path


def test_parquet_typed_columns(tmp_path: Path) -> None:
    # Decimal and DATE columns (as rbb writes them) and a DOUBLE column (as other tools
    # may): 1098.35 as a double reads back as 1098.35. The amount of line 3 is a
    # DECIMAL(38, 10) (7.5000000000): zeros beyond the 3 decimals of an amount dropped.
    path = _parquet(tmp_path / "x.parquet", """
        SELECT * FROM (VALUES
          ('4500000101', DATE '2023-07-14', '2023/24', '20FPK', 'FC-NORTH', 5210,
           'obligation', 12500.00::DECIMAL(18,2), 'USD', NULL::DOUBLE, 'Fuel'),
          ('4500000102', DATE '2023-08-02', '2023/24', '20FPK', 'FC-NORTH', 5210,
           'disbursement', -1000.50::DECIMAL(18,2), 'EUR', -1098.35::DOUBLE, 'Invoice'),
          ('4500000103', DATE '2023-08-03', '2023/24', '20FPK', 'FC-NORTH', 5210,
           'adjustment', 7.5::DECIMAL(38,10), 'USD', 7.5::DOUBLE, NULL))
        AS t(document_number, posting_date, period, fund, funds_centre, account,
             document_type, amount, currency, amount_usd, text)""")
    first, second, third = read_all(path, DEFAULT_MAPPING)
    assert first.amount == first.amount_usd == Decimal("12500.00")
    assert first.posting_date == dt.date(2023, 7, 14) and first.account == "5210"
    assert second.amount_usd == Decimal("-1098.35") and second.row == 2
    # 7.5000000000 of a DECIMAL(38, 10) column: zeros beyond the cents dropped, exactly.
    assert str(third.amount) == "7.500" and third.amount_usd == Decimal("7.5")
    assert third.text == ""


def test_parquet_in_many_batches_and_bad_rows(tmp_path: Path) -> None:
    # 5,000 lines of $1.00 on days cycling through July 2023; line 4,321 has an unknown
    # currency: the only bad row.
    path = _parquet(tmp_path / "x.parquet", """
        SELECT i::VARCHAR AS document_number,
               DATE '2023-07-01' + (i % 31)::INTEGER AS posting_date,
               'F' AS fund, 'FC' AS funds_centre, '5210' AS account,
               'obligation' AS document_type, 1.00::DECIMAL(18,2) AS amount,
               CASE WHEN i = 4321 THEN 'USX' ELSE 'USD' END AS currency
        FROM range(1, 5001) AS r(i) ORDER BY i""")
    mapping = ColumnMapping.model_validate({**DEFAULT_MAPPING.model_dump(),
                                            "period": None, "amount_usd": None, "text": None})
    (bad,) = bad_rows(path, mapping).bad_rows
    assert (bad.row, bad.column, bad.value) == (4321, "currency", "'USX'")


def test_parquet_rows_counted_from_its_footer(tmp_path: Path) -> None:
    path = _parquet(tmp_path / "x.parquet", "SELECT 1 AS document_number FROM range(50)")
    with pytest.raises(InputError, match=r"declares 50 rows.*RBB_MAX_LEDGER_ROWS"):
        read_all(path, DEFAULT_MAPPING, limits=ReadingLimits(max_ledger_rows=10))


def test_parquet_without_its_mark(tmp_path: Path) -> None:
    path = _parquet(tmp_path / "x.parquet", "SELECT 1 AS a")
    path.write_bytes(path.read_bytes()[:-1])
    with pytest.raises(InputError, match="not a Parquet file"):
        read_all(path, DEFAULT_MAPPING)


def test_a_file_of_another_kind(tmp_path: Path) -> None:
    path = tmp_path / "ledger.json"
    path.write_text("{}")
    with pytest.raises(InputError, match=r"ending \.json: expected a ledger extract"):
        read_all(path, DEFAULT_MAPPING)
