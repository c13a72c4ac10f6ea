"""CSV extracts: rbb's own columns, a mapping of another ERP's, and every kind of bad row."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest

from rbb.importers.ledger import DEFAULT_MAPPING, ColumnMapping, ColumnSource
from rbb.model.cycle import Period
from rbb.model.errors import InputError
from rbb.model.ledger import LedgerDocumentType

from .ledger_files import GOOD, HEADER, bad_rows, read_all, write_csv


def test_rbb_columns_read_exactly(tmp_path: Path) -> None:
    lines = read_all(write_csv(tmp_path / "x.csv", GOOD), DEFAULT_MAPPING)
    assert [line.row for line in lines] == [1, 2, 3]
    first, euro, adjustment = lines
    assert first.mission == "MX" and first.source == "test"
    assert first.posting_date == dt.date(2023, 7, 14) and first.period == Period(2023)
    assert first.document_type is LedgerDocumentType.OBLIGATION
    # An empty amount_usd of a dollar line is its amount.
    assert first.amount == first.amount_usd == Decimal("12500.00")
    assert (euro.currency, euro.amount, euro.amount_usd) == ("EUR", Decimal("-1000.50"),
                                                            Decimal("-1098.35"))
    assert adjustment.document_type is LedgerDocumentType.ADJUSTMENT
    # 12,500.00 - 1,098.35 - 75.25 = 11,326.40 dollars, exactly.
    assert sum(line.amount_usd for line in lines) == Decimal("11326.40")


def test_columns_in_any_order_and_case_extra_columns_ignored(tmp_path: Path) -> None:
    header = ["Notes", *(name.upper() for name in reversed(HEADER))]
    rows = [["ignored", *reversed(row)] for row in GOOD]
    lines = read_all(write_csv(tmp_path / "x.csv", rows, header), DEFAULT_MAPPING)
    assert [line.document_number for line in lines] == ["4500000101", "4500000102",
                                                        "4500000103"]


# A fictional ERP's extract, as a European locale writes it: semicolons, decimal commas,
# thousands points, day-first dates, the fiscal period as "period/year" named by the year
# the financial year ends in, trailing minus signs and the ERP's own document type codes.
OTHER_ERP = ColumnMapping(
    name="Fictional ERP line items",
    document_number="Doc. No.", posting_date="Pstng Date", period="Period/Year",
    fund="Fund", funds_centre="Funds Ctr", account="Cmmt Item", document_type="Val. Type",
    amount="Amount", currency=ColumnSource(constant="EUR"), amount_usd="Amount USD",
    text="Text", date_formats=("%d.%m.%Y",), decimal_separator=",",
    thousands_separator=".", period_format="PP/YYYY", fiscal_year_named_by="end",
    document_types={"PO": LedgerDocumentType.OBLIGATION, "PAY": LedgerDocumentType.DISBURSEMENT,
                    "ADJ": LedgerDocumentType.ADJUSTMENT},
    delimiter=";",
)
OTHER_HEADER = ["Doc. No.", "Pstng Date", "Period/Year", "Fund", "Funds Ctr", "Cmmt Item",
                "Val. Type", "Amount", "Amount USD", "Text"]


def test_another_erps_extract(tmp_path: Path) -> None:
    rows = [
        # 3 August 2024 is in period 02 (August) of the year ending in 2025 (2024/25).
        ["9100001", "03.08.2024", "02/2025", "F1", "FC9", "61100", "po", "1.234.567,89",
         "1.358.024,68", "Generators"],
        ["9100002", "30.06.2025", "14/2025", "F1", "FC9", "61100", "PAY", "1.000,00-",
         "1.100,00-", "Year-end (special period 14)"],
    ]
    lines = read_all(write_csv(tmp_path / "erp.csv", rows, OTHER_HEADER, ";"), OTHER_ERP)
    po, pay = lines
    assert po.period == pay.period == Period(2024)
    assert po.amount == Decimal("1234567.89") and po.amount_usd == Decimal("1358024.68")
    assert po.currency == "EUR" and po.document_type is LedgerDocumentType.OBLIGATION
    assert pay.amount == Decimal("-1000.00") and pay.amount_usd == Decimal("-1100.00")


def test_every_kind_of_bad_row_listed_with_row_column_and_expectation(tmp_path: Path) -> None:
    good = list(GOOD[0])

    def varied(**changes: str) -> list[str]:
        row = list(good)
        for name, value in changes.items():
            row[HEADER.index(name)] = value
        return row

    rows = [
        varied(currency="XYZ"),                                  # row 1
        varied(amount="12,500.00"),                              # row 2: no thousands mapped
        varied(posting_date="14/07/2023"),                       # row 3
        varied(period="2022/23"),                                # row 4: outside its year
        varied(document_type="payment"),                         # row 5
        varied(currency="EUR"),                                  # row 6: no dollar amount
        varied(fund=""),                                         # row 7
        varied(amount="12.505", currency="USD"),                 # row 8: 3 decimals in USD
        varied(amount_usd="-12500.00", currency="EUR"),          # row 9: sign differs
        varied(text="x" * 2000),                                 # row 10: cell too long
        [*good, "", "surplus"],                                  # row 11: too many cells
        varied(period="2023/25"),                                # row 12
        varied(amount_usd="12400.00"),                           # row 13: USD, not its amount
        good,                                                    # row 14: good
    ]
    error = bad_rows(write_csv(tmp_path / "bad.csv", rows), DEFAULT_MAPPING)
    found = {(row.row, row.column) for row in error.bad_rows}
    assert found == {(1, "currency"), (2, "amount"), (3, "posting_date"), (4, "period"),
                     (5, "document_type"), (6, "amount_usd"), (7, "fund"), (8, "amount"),
                     (9, "amount_usd"), (10, "text"), (11, "row"), (12, "period"),
                     (13, "amount_usd")}
    assert error.more == 0
    by_row = {row.row: row for row in error.bad_rows}
    assert by_row[1].value == "'XYZ'" and "ISO 4217" in by_row[1].expected
    assert by_row[1].where == "line 2"  # the header is line 1
    assert "(2023/24)" in by_row[4].expected and by_row[4].value == "'2022/23'"
    assert by_row[10].value.endswith("…") and len(by_row[10].value) < 70
    text = str(error)
    assert text.startswith("bad.csv: 13 rows of the extract are not ledger lines")
    assert "row 5 (line 6), column document_type: 'payment': expected a document type" in text


def test_a_hundred_bad_rows_listed_then_counted(tmp_path: Path) -> None:
    good = list(GOOD[0])
    rows = [good] + [[*good[:8], "ZZZ", *good[9:]]] * 150
    error = bad_rows(write_csv(tmp_path / "bad.csv", rows), DEFAULT_MAPPING)
    assert len(error.bad_rows) == 100 and error.bad_rows[0].row == 2
    assert error.more == 50  # 150 bad rows, 100 listed
    assert str(error).endswith("and 50 more rows")


def test_a_mapping_not_the_extracts_stops_early(tmp_path: Path) -> None:
    rows = [[*GOOD[0][:6], "nonsense", *GOOD[0][7:]]] * 3000
    error = bad_rows(write_csv(tmp_path / "bad.csv", rows), DEFAULT_MAPPING)
    assert error.more == 900  # stopped at the 1,000th bad row
    assert "is the mapping the extract's?" in str(error)


def test_a_missing_column_names_the_column_and_the_header(tmp_path: Path) -> None:
    header = [name if name != "funds_centre" else "cost_centre" for name in HEADER]
    with pytest.raises(InputError) as caught:
        read_all(write_csv(tmp_path / "x.csv", GOOD, header), DEFAULT_MAPPING)
    assert caught.value.line == 1
    assert "no column 'funds_centre' (funds_centre)" in str(caught.value)
    assert "'cost_centre'" in str(caught.value)


def test_a_column_twice_is_refused(tmp_path: Path) -> None:
    header = [*HEADER, "Amount"]
    with pytest.raises(InputError, match=r"'amount' .amount. is in the header 2 times"):
        read_all(write_csv(tmp_path / "x.csv", [[*r, "1"] for r in GOOD], header),
                 DEFAULT_MAPPING)


HEAD = ",".join(HEADER).encode() + b"\n"


@pytest.mark.parametrize(("content", "message", "line"), [
    (HEAD + b"\xff\xfe\x00garbage\n", "binary data", 2),
    (HEAD + b"4500,\xe9t\xe9\n", "not utf-8", 2),
    (HEAD + b"x" * 70_000 + b"\n", "longer than 65,536 bytes", 2),
    # A quoted cell never closed: line 2 has 3 bytes ('"y\\n'), each next line 2; after
    # line 32,769 the record has 3 + 2 × 32,767 = 65,537 bytes, one more than 64 KiB.
    (HEAD + b'"' + b"y\n" * 40_000, "longer than 65,536 bytes", 32_769),
    (b"", "no header on line 1", None),
    (b"\xff\xd8\xff\xe0 a picture", "not utf-8", 1),
])
def test_a_file_that_is_no_csv(tmp_path: Path, content: bytes, message: str,
                               line: int | None) -> None:
    path = tmp_path / "x.csv"
    path.write_bytes(content)
    with pytest.raises(InputError) as caught:
        read_all(path, DEFAULT_MAPPING)
    assert message in str(caught.value).lower() and caught.value.line == line


def test_random_bytes_refused_at_once(tmp_path: Path) -> None:
    import random

    for suffix in (".csv", ".xlsx", ".parquet"):
        path = tmp_path / f"noise{suffix}"
        path.write_bytes(random.Random(16).randbytes(2 * 1024 * 1024))
        with pytest.raises(InputError) as caught:
            read_all(path, DEFAULT_MAPPING)
        assert caught.value.file == path.name
        assert "expected a ledger extract" in str(caught.value)


def test_a_file_over_the_limit_is_refused_before_reading(tmp_path: Path) -> None:
    from rbb.importers.limits import ReadingLimits
    from rbb.model.errors import TooLargeError

    path = write_csv(tmp_path / "x.csv", GOOD)
    with pytest.raises(TooLargeError, match="RBB_MAX_LEDGER_MB"):
        read_all(path, DEFAULT_MAPPING, limits=ReadingLimits(max_ledger_bytes=100))
    with pytest.raises(InputError, match="RBB_MAX_LEDGER_ROWS"):
        read_all(path, DEFAULT_MAPPING, limits=ReadingLimits(max_ledger_rows=2))


def test_nothing_is_given_before_the_whole_file_is_read(tmp_path: Path) -> None:
    from rbb.importers.ledger import LedgerInputError, read_ledger

    rows = [GOOD[0]] * 30 + [[*GOOD[0][:8], "ZZZ", *GOOD[0][9:]]]
    batches = read_ledger(write_csv(tmp_path / "x.csv", rows), DEFAULT_MAPPING,
                          mission="MX", source="s", batch_size=10)
    with pytest.raises(LedgerInputError):
        next(batches)  # three full batches were read before the bad last row


def test_posting_periods_against_posting_dates(tmp_path: Path) -> None:
    rows = [
        # 3 August 2024 is period 02 of 2024/25; 03 is September.
        ["9100001", "03.08.2024", "03/2025", "F1", "FC9", "61100", "PO", "1,00", "1,10", ""],
        # Period 13 is a year-end period: posted in June, not in May.
        ["9100002", "31.05.2025", "13/2025", "F1", "FC9", "61100", "PO", "1,00", "1,10", ""],
        # Named by its first year, 2025 would be 2025/26, which does not hold 2024-08-03.
        ["9100003", "03.08.2024", "02/2024", "F1", "FC9", "61100", "PO", "1,00", "1,10", ""],
        ["9100004", "03.08.2024", "17/2025", "F1", "FC9", "61100", "PO", "1,00", "1,10", ""],
        ["9100005", "30.06.2025", "12/2025", "F1", "FC9", "61100", "PO", "1,00", "1,10", ""],
    ]
    error = bad_rows(write_csv(tmp_path / "erp.csv", rows, OTHER_HEADER, ";"), OTHER_ERP)
    by_row = {row.row: row for row in error.bad_rows}
    assert sorted(by_row) == [1, 2, 3, 4]  # row 5: June is period 12
    assert by_row[1].column == "Period/Year"
    assert by_row[1].expected == "the posting period of the posting date 2024-08-03: 02"
    assert by_row[2].expected == "the posting period of the posting date 2025-05-31: 11"
    assert "(2024/25); this one is 2023/24" in by_row[3].expected
    assert "13 to 16 (year end)" in by_row[4].expected


def test_derived_period_and_constant_currency(tmp_path: Path) -> None:
    """Without a period column, the financial period holding the posting date: 30 June
    2024 is the last day of 2023/24, 1 July 2024 the first of 2024/25."""
    mapping = OTHER_ERP.model_copy(update={"period": None, "amount_usd": None,
                                           "currency": ColumnSource(constant="USD")})
    header = [c for c in OTHER_HEADER if c not in ("Period/Year", "Amount USD")]
    rows = [["1", "30.06.2024", "F1", "FC9", "61100", "PO", "2,50", ""],
            ["2", "01.07.2024", "F1", "FC9", "61100", "adj", "(2,50)", "reversal"]]
    first, second = read_all(write_csv(tmp_path / "x.csv", rows, header, ";"), mapping)
    assert (first.period, second.period) == (Period(2023), Period(2024))
    assert second.amount == second.amount_usd == Decimal("-2.50")
    assert second.currency == "USD" and second.text == "reversal"


def test_a_posting_date_outside_any_period(tmp_path: Path) -> None:
    rows = [[*GOOD[0][:1], "0001-07-14", *GOOD[0][2:]],
            [*GOOD[0][:1], "0001-07-14", "", *GOOD[0][3:]]]
    error = bad_rows(write_csv(tmp_path / "x.csv", rows), DEFAULT_MAPPING)
    first, second = error.bad_rows
    assert first.column == "period" and first.expected.startswith(
        "the period of the posting date 0001-07-14; this one is 2023/24")
    assert second.column == "posting_date"
    assert second.expected == "a posting date from 1900 to 2999"


def test_no_such_file(tmp_path: Path) -> None:
    with pytest.raises(InputError, match=r"missing\.csv: cannot be read"):
        read_all(tmp_path / "missing.csv", DEFAULT_MAPPING)
    with pytest.raises(InputError, match="is not a file"):
        read_all(tmp_path, DEFAULT_MAPPING)
