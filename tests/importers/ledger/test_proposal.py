"""``rbb ledger map``'s proposal: an extract's header matched to the fields through the
table of ERP column names, the cells' formats guessed from the first rows, the user's
settings on top, and the first rows read as an import would read them."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from rbb.importers.ledger import DEFAULT_MAPPING, read_ledger
from rbb.importers.ledger.proposal import (
    column_names,
    match_header,
    parse_settings,
    preview_ledger,
    propose_mapping,
)
from rbb.model.errors import InputError
from rbb.model.ledger import LEDGER_FIELDS, ColumnSource, LedgerDocumentType

from .ledger_files import GOOD, HEADER, write_csv

ERP_HEADER = ("Document Number", "Posting Date", "Fund", "Funds Center", "Commitment Item",
              "Value Type", "Amount in Transaction Currency", "Transaction Currency",
              "Amount in USD", "Line Text")
ERP_ROWS = [
    ("4500000001", "03.07.2023", "20FPK", "FC-NORTH", "5210", "PO", "12.500,00", "USD",
     "12.500,00", "Fuel, July"),
    ("4500000002", "02.08.2023", "20FPK", "FC-NORTH", "5210", "Payment", "-1.000,50", "EUR",
     "-1.098,35", "Fuel invoice"),
    ("4500000003", "30.06.2024", "20FPK", "FC-HQ", "5030", "ZX", "-75,25", "USD", "-75,25",
     ""),
]
"""GOOD's three lines (ledger_files.py) as another ERP writes them: its column names,
day.month.year dates, a decimal comma, ';' between cells, its own document types (ZX is
an adjustment only the user knows)."""


def test_the_table_knows_every_field_and_its_own_name() -> None:
    names = column_names()
    assert set(names) == set(LEDGER_FIELDS)
    assert all(names[field][0] == field for field in LEDGER_FIELDS)


def test_rbbs_own_header_is_matched_field_by_field() -> None:
    assert match_header(HEADER) == {field: field for field in HEADER}


def test_erp_names_are_matched_without_case_spaces_or_punctuation() -> None:
    found = match_header(["G/L ACCOUNT", "funds  centre", "Budat", "Amount (USD)", "Amount",
                          "Notes"])
    assert found == {"account": "G/L ACCOUNT", "funds_centre": "funds  centre",
                     "posting_date": "Budat", "amount_usd": "Amount (USD)",
                     "amount": "Amount"}


def test_a_column_is_given_to_one_field_only() -> None:
    # "Date" could be the posting date; "Posting Date" is, by an earlier name of the table.
    assert match_header(["Date", "Posting Date"]) == {"posting_date": "Posting Date"}


def test_another_erps_extract_is_proposed_and_previewed(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "erp.csv", ERP_ROWS, ERP_HEADER, delimiter=";")
    proposal = propose_mapping(path)
    assert proposal.header == list(ERP_HEADER)
    assert proposal.columns["account"] == "Commitment Item"
    assert proposal.columns["amount_usd"] == "Amount in USD"
    mapping = proposal.mapping
    assert mapping is not None
    assert (mapping.delimiter, mapping.date_formats, mapping.decimal_separator,
            mapping.thousands_separator) == (";", ("%d.%m.%Y",), ",", ".")
    assert mapping.document_types == {"PO": LedgerDocumentType.OBLIGATION,
                                      "Payment": LedgerDocumentType.DISBURSEMENT}
    assert any("'ZX'" in note for note in proposal.notes)
    preview = preview_ledger(path, mapping, mission="MX")
    assert [line.amount_usd for line in preview.lines] == [Decimal("12500.00"),
                                                           Decimal("-1098.35")]
    assert [(bad.row, bad.column) for bad in preview.bad_rows] == [(3, "Value Type")]


def test_settings_complete_the_proposal_and_it_reads_the_whole_extract(
        tmp_path: Path) -> None:
    path = write_csv(tmp_path / "erp.csv", ERP_ROWS, ERP_HEADER, delimiter=";")
    settings = parse_settings(["document_types=PO:obligation,Payment:disbursement,"
                               "ZX:adjustment", "text="], ["fund=10RCR"])
    proposal = propose_mapping(path, settings=settings)
    mapping = proposal.mapping
    assert mapping is not None
    assert (mapping.fund, mapping.text) == (ColumnSource(constant="10RCR"), None)
    assert proposal.how["fund"] == "constant"
    assert preview_ledger(path, mapping).bad_rows == []
    lines = [line for batch in read_ledger(path, mapping, mission="MX", source="erp")
             for line in batch]
    # GOOD's amounts: 12,500.00 obligated; €1,000.50 at $1,098.35; $75.25 adjusted down.
    assert [(line.document_type, line.amount, line.amount_usd) for line in lines] == [
        (LedgerDocumentType.OBLIGATION, Decimal("12500.00"), Decimal("12500.00")),
        (LedgerDocumentType.DISBURSEMENT, Decimal("-1000.50"), Decimal("-1098.35")),
        (LedgerDocumentType.ADJUSTMENT, Decimal("-75.25"), Decimal("-75.25"))]
    assert {line.fund for line in lines} == {"10RCR"}


def test_a_field_without_a_column_is_the_proposals_problem(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "short.csv", [("1", "2023-07-01")], ("Doc", "Posted"))
    proposal = propose_mapping(path)
    assert proposal.mapping is None
    assert proposal.problem is not None and "fund, funds_centre" in proposal.problem
    assert proposal.problem.startswith("no column for document_number, posting_date")


def test_a_base_mapping_is_kept_and_the_settings_change_it(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "ledger.csv", GOOD)
    proposal = propose_mapping(path, base=DEFAULT_MAPPING,
                               settings=parse_settings(["text=period"]))
    assert proposal.mapping is not None
    assert proposal.mapping.text == ColumnSource(column="period")
    assert proposal.how["text"] == "set" and proposal.how["account"] == "mapping file"


def test_the_preview_reads_no_more_than_asked(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "ledger.csv", GOOD * 50)
    preview = preview_ledger(path, DEFAULT_MAPPING, rows=5)
    assert (preview.rows_read, len(preview.lines)) == (5, 5)


@pytest.mark.parametrize(("given", "why"), [
    (["nonsense=x"], "neither a field nor a setting"),
    (["account"], "expected FIELD=VALUE"),
    (["document_types=PO"], "VALUE:TYPE pairs"),
])
def test_bad_settings_say_what_is_expected(given: list[str], why: str) -> None:
    with pytest.raises(InputError, match=why):
        parse_settings(given)


def test_a_setting_the_mapping_refuses_is_the_proposals_problem(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "ledger.csv", GOOD)
    proposal = propose_mapping(path, settings=parse_settings(["period_format=QQ"]))
    assert proposal.mapping is None and proposal.problem is not None
    assert "period_format" in proposal.problem


def test_a_workbook_and_a_parquet_file_are_proposed_alike(tmp_path: Path) -> None:
    """Typed cells (dates, numbers) need no format: only the names are matched."""
    import datetime as dt

    import duckdb
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(list(ERP_HEADER))
    sheet.append(["4500000001", dt.datetime(2023, 7, 3), "20FPK", "FC-NORTH", 5210,
                  "Commitment", 12500.0, "USD", 12500.0, "Fuel"])
    book.save(tmp_path / "erp.xlsx")
    parquet = tmp_path / "erp.parquet"
    with duckdb.connect() as connection:
        connection.execute(
            f"COPY (SELECT '4500000001' AS \"Document Number\", DATE '2023-07-03' AS "
            f"\"Posting Date\", '20FPK' AS Fund, 'FC-NORTH' AS \"Funds Center\", 5210 AS "
            f"\"Commitment Item\", 'Commitment' AS \"Value Type\", 12500.00::DECIMAL(18,2) "
            f"AS \"Amount in Transaction Currency\", 'USD' AS \"Transaction Currency\", "
            f"12500.00::DECIMAL(18,2) AS \"Amount in USD\", 'Fuel' AS \"Line Text\") "
            f"TO '{parquet}' (FORMAT parquet)")
    for path in (tmp_path / "erp.xlsx", parquet):
        proposal = propose_mapping(path)
        assert proposal.mapping is not None, path
        assert proposal.mapping.date_formats == ("%Y-%m-%d",)  # untouched
        preview = preview_ledger(path, proposal.mapping)
        assert preview.bad_rows == [], path
        (line,) = preview.lines
        assert (line.account, line.amount_usd, line.document_type) == (
            "5210", Decimal("12500.00"), LedgerDocumentType.OBLIGATION)
