"""The fast path (DuckDB's CSV reader, the mapping's rules as SQL) stores exactly the lines
``read_ledger`` reads, and leaves to it every extract it cannot vouch for."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import duckdb
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from rbb.importers.ledger import DEFAULT_MAPPING, ColumnMapping, ColumnSource, LedgerInputError
from rbb.importers.ledger.bulk import StagedExtract, stage_extract
from rbb.model.errors import InputError
from rbb.model.ledger import LedgerDocumentType, LedgerLine

from .ledger_files import GOOD, HEADER, read_all, write_csv

Staged = tuple[object, ...]


def as_rows(lines: list[LedgerLine]) -> list[Staged]:
    return [(line.mission, line.source, line.row, line.document_number, line.posting_date,
             line.posting_date.replace(day=1), line.period.start_year, line.fund,
             line.funds_centre, line.account, line.document_type.value, line.amount,
             line.currency, line.amount_usd, line.text) for line in lines]


class Staging:
    """The extract staged in a DuckDB connection of its own, and its lines read back."""

    def __init__(self, path: Path, mapping: ColumnMapping) -> None:
        self.connection = duckdb.connect()
        self.staged = stage_extract(self.connection, path, mapping, mission="MX",
                                    source="test")

    def rows(self) -> list[Staged]:
        assert self.staged is not None
        found = self.connection.execute(f"{self.staged.select} ORDER BY row_number")
        return [tuple(row) for row in found.fetchall()]


def stage(path: Path, mapping: ColumnMapping, tmp_path: Path) -> StagedExtract | None:
    return Staging(path, mapping).staged


def assert_same_as_read_ledger(path: Path, mapping: ColumnMapping, tmp_path: Path) -> bool:
    """The fast path gives read_ledger's lines, or leaves the extract to it: True when
    it took it."""
    staging = Staging(path, mapping)
    if staging.staged is None:
        return False
    assert staging.rows() == as_rows(read_all(path, mapping))
    assert staging.staged.lines == len(staging.rows())
    return True


def test_rbb_own_columns_are_read_by_the_fast_path(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "mx.csv", GOOD)
    mapping = DEFAULT_MAPPING.model_copy(update={"spreadsheet_quotes": False})
    staged = stage(path, mapping, tmp_path)
    assert staged is not None and staged.lines == 3 and staged.periods == (2023,)
    assert_same_as_read_ledger(path, mapping, tmp_path)


UMOJA_LIKE = ColumnMapping(
    name="an ERP's export, written the European way",
    document_number=ColumnSource(column="Doc No"),
    posting_date=ColumnSource(column="Posting Date"),
    period=ColumnSource(column="Fiscal Period"),
    fund=ColumnSource(column="Fund"),
    funds_centre=ColumnSource(column="Funds Center"),
    account=ColumnSource(column="Commitment Item"),
    document_type=ColumnSource(column="Doc Type"),
    amount=ColumnSource(column="Amount"),
    currency=ColumnSource(column="Crcy"),
    amount_usd=ColumnSource(column="Amount USD"),
    text=ColumnSource(column="Text"),
    date_formats=("%d.%m.%Y",),
    period_format="YYYY/PP",
    fiscal_year_named_by="end",
    decimal_separator=",",
    thousands_separator=".",
    delimiter=";",
    document_types={"PO": LedgerDocumentType.OBLIGATION, "PY": LedgerDocumentType.DISBURSEMENT,
                    "ADJ": LedgerDocumentType.ADJUSTMENT},
)
"""Fiscal year 2024 is 2023/24 (named by its end), period 01 is July."""
UMOJA_HEADER = ("Doc No", "Posting Date", "Fiscal Period", "Fund", "Funds Center",
                "Commitment Item", "Doc Type", "Amount", "Crcy", "Amount USD", "Text", "Note")
UMOJA_ROWS = [
    ("4500000101", "14.07.2023", "2024/01", "20FPK", "FC-NORTH", "5210", "po", "12.500,00",
     "USD", "", 'Fuel; "diesel", July', ""),
    ("4500000102", "02.08.2023", "2024/02", "20FPK", "FC-NORTH", "5210", " PY ", "1.000,50-",
     "eur", "1.098,35-", "Fuel invoice\nsecond line", "x"),
    ("", "", "", "", "", "", "", "", "", "", "", ""),
    ("4500000103", "30.06.2024", "2024/14", "20FPK", "FC-HQ", "5030", "ADJ", "(75,25)", "USD",
     "(75,25)", "", ""),
]
"""$12,500.00 obligated; €1,000.50 paid at $1,098.35 (written with a trailing minus); a
row of empty cells (skipped, but counted: the next is row 4); $75.25 adjusted down in the
year-end period 14 (June), written in brackets."""


def test_an_erp_export_with_its_own_conventions_is_read_the_same(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "erp.csv", UMOJA_ROWS, header=UMOJA_HEADER, delimiter=";")
    assert assert_same_as_read_ledger(path, UMOJA_LIKE, tmp_path)
    lines = read_all(path, UMOJA_LIKE)
    assert [line.row for line in lines] == [1, 2, 4]
    assert [str(line.amount_usd) for line in lines] == ["12500.00", "-1098.35", "-75.25"]


def _write(path: Path, text: str) -> Path:
    path.write_bytes(text.encode("utf-8"))
    return path


def _csv_text(rows: list[tuple[str, ...]], header: tuple[str, ...] = HEADER) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue()


def _changed(column: str, value: str) -> tuple[str, ...]:
    """The first good row with one cell changed."""
    row = list(GOOD[0])
    row[HEADER.index(column)] = value
    return tuple(row)


def _euros_without_dollars() -> tuple[str, ...]:
    row = list(_changed("currency", "EUR"))
    row[HEADER.index("amount_usd")] = ""
    return tuple(row)


_LINES = _csv_text(GOOD).split("\n", 2)
LEFT_TO_READ_LEDGER = {
    "a blank line between rows (read_ledger counts it)":
        _csv_text(GOOD[:1]) + "\n" + _csv_text(GOOD[1:]).split("\n", 1)[1],
    "an amount with a third decimal": _csv_text([_changed("amount", "12500.005")]),
    "a code ending with a non-breaking space":
        _csv_text([_changed("document_number", "4500000101\u00a0")]),
    "an unknown currency": _csv_text([_changed("currency", "XYZ")]),
    "a date in another form": _csv_text([_changed("posting_date", "14/07/2023")]),
    "a cell after the last column": _csv_text([(*GOOD[0], "x")]),
    "a carriage return alone between rows": "\n".join(_LINES[:2]) + "\r" + _LINES[2],
    "a quote after a closing quote": _csv_text(GOOD) + '"45",2023-07-14"x"\n',
    "a period that does not hold the date": _csv_text([_changed("period", "2022/23")]),
    "a line in euros without its dollars": _csv_text([_euros_without_dollars()]),
    "dollars that differ from a dollar amount": _csv_text([_changed("amount_usd", "12.00")]),
    "dollars that do not parse": _csv_text([_changed("amount_usd", "twelve")]),
}


@pytest.mark.parametrize("text", LEFT_TO_READ_LEDGER.values(), ids=LEFT_TO_READ_LEDGER.keys())
def test_what_the_sql_cannot_vouch_for_is_left_to_read_ledger(tmp_path: Path,
                                                              text: str) -> None:
    path = _write(tmp_path / "doubtful.csv", text)
    mapping = DEFAULT_MAPPING.model_copy(update={"spreadsheet_quotes": False})
    assert stage(path, mapping, tmp_path) is None


def test_an_empty_cell_after_the_last_column_is_read_alike(tmp_path: Path) -> None:
    path = _write(tmp_path / "trailing.csv", _csv_text([(*row, "") for row in GOOD]))
    mapping = DEFAULT_MAPPING.model_copy(update={"spreadsheet_quotes": False})
    assert_same_as_read_ledger(path, mapping, tmp_path)


def test_a_missing_column_is_the_same_error_on_either_path(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "short.csv", [row[:-1] for row in GOOD], header=HEADER[:-1])
    mapping = DEFAULT_MAPPING.model_copy(update={"spreadsheet_quotes": False})
    with pytest.raises(InputError) as fast:
        stage(path, mapping, tmp_path)
    with pytest.raises(InputError) as slow:
        read_all(path, mapping)
    assert str(fast.value) == str(slow.value) and "text" in str(fast.value)


# -- Random cells: whatever the fast path accepts, read_ledger reads the same ----------

CELLS = {
    "document_number": ["4500000101", " 45 ", "45\u00a0", "'=45", "", "a\"b", "x" * 41],
    "posting_date": ["2023-07-14", "2024-06-30", "2024-06-31", "2023-7-14", "2023-02-30",
                     " 2023-08-01", "2022-07-01", ""],
    "period": ["2023/24", "", "2023/25", "2023/24 ", "23/24"],
    "fund": ["20FPK", "'+1", "", "\u3000F"],
    "funds_centre": ["FC-HQ", "FC,NORTH", "FC\nNORTH"],
    "account": ["5210", "5030", "0", "52 10"],
    "document_type": ["obligation", "DISBURSEMENT", " adjustment ", "pay", "ADJUSTMENT\t"],
    "amount": ["12500.00", "-1000.50", "+3", "1.5-", "(2.25)", "1,000.00", "1.005", "1e3",
               "-0", "(-1)", "١٢", "999999999999999.99", "9999999999999999"],
    "currency": ["USD", "usd", "EUR", "XYZ", "US"],
    "amount_usd": ["", "12500.00", "-1098.35", "1.5-", "(2.25)", "0.001", "x"],
    "text": ["", "Fuel", "a,\"b\"", "line\nbreak", " padded ", "=SUM(A1)", "'=SUM(A1)",
             "\u00a0", "é" * 300],
}


@st.composite
def extracts(draw: st.DrawFn) -> str:
    """A few of the three good rows, each with at most one cell replaced by one of
    ``CELLS`` (some still good, some not)."""
    rows = []
    for _ in range(draw(st.integers(1, 4))):
        row = list(draw(st.sampled_from(GOOD)))
        if draw(st.booleans()):
            column = draw(st.integers(0, len(HEADER) - 1))
            row[column] = draw(st.sampled_from(CELLS[HEADER[column]]))
        rows.append(row)
    quoting = draw(st.sampled_from([csv.QUOTE_MINIMAL, csv.QUOTE_ALL]))
    out = io.StringIO()
    writer = csv.writer(out, lineterminator=draw(st.sampled_from(["\n", "\r\n"])),
                        quoting=quoting)
    writer.writerow(HEADER)
    writer.writerows(rows)
    return out.getvalue()


@settings(max_examples=60, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(text=extracts(), quotes=st.booleans())
def test_random_cells_are_read_alike(tmp_path: Path, text: str, quotes: bool) -> None:
    path = _write(tmp_path / "random.csv", text)
    mapping = DEFAULT_MAPPING.model_copy(update={"spreadsheet_quotes": quotes})
    assert_same_as_read_ledger(path, mapping, tmp_path)  # or left to read_ledger


@settings(max_examples=60, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(body=st.lists(st.text(alphabet='4,"\n\r x2-', max_size=12), max_size=4))
def test_what_duckdb_parses_read_ledger_parses_alike(tmp_path: Path, body: list[str]) -> None:
    """Raw bytes around the CSV rules (quotes, separators, line ends) in the cells of a
    mapping that reads every column as a code: wherever both accept, the same cells."""
    header = "document_number,posting_date,fund,funds_centre,account,document_type,amount\n"
    row = "4{},2023-07-14,F,C,{},obligation,1\n"
    text = header + "".join(row.format(cell, cell) for cell in body)
    path = _write(tmp_path / "raw.csv", text)
    mapping = DEFAULT_MAPPING.model_copy(update={
        "spreadsheet_quotes": False, "currency": ColumnSource(constant="USD"),
        "amount_usd": None, "period": None, "text": None})
    assert_same_as_read_ledger(path, mapping, tmp_path)


# -- Parquet: typed columns read as they are, the rest by the same rules ---------------

def _parquet(path: Path, select: str) -> Path:
    with duckdb.connect() as connection:
        connection.execute(f"COPY ({select}) TO '{path}' (FORMAT parquet)")
    return path


TYPED = """
    SELECT * FROM (VALUES
      ('4500000101', DATE '2023-07-14', '2023/24', '20FPK', ' FC-NORTH ', 5210,
       'obligation', 12500.00::DECIMAL(18,2), 'USD', NULL::DECIMAL(18, 2), 'Fuel'),
      ('4500000102', DATE '2023-08-02', '2023/24', '20FPK', 'FC-NORTH', 5210,
       'Disbursement', -1000.50::DECIMAL(18,2), 'eur', -1098.35::DECIMAL(18, 2), 'Invoice'),
      ('4500000103', DATE '2024-06-30', NULL, '20FPK', 'FC-HQ', 5030,
       'adjustment', -75::INTEGER, 'USD', -75::INTEGER, NULL))
    AS t(document_number, posting_date, period, fund, funds_centre, account,
         document_type, amount, currency, amount_usd, text)"""
"""The three good lines of Mission X with a DATE posting date, an INTEGER account, amounts
as DECIMAL(18, 2) (the INTEGER of the third line becomes one in VALUES), a funds centre
with spaces around it, and a line with no period (the one holding its date)."""


def test_a_parquet_extract_of_typed_columns_is_read_by_the_fast_path(tmp_path: Path) -> None:
    path = _parquet(tmp_path / "typed.parquet", TYPED)
    assert assert_same_as_read_ledger(path, DEFAULT_MAPPING, tmp_path)
    lines = read_all(path, DEFAULT_MAPPING)
    assert [(line.row, line.account, str(line.amount_usd)) for line in lines] == [
        (1, "5210", "12500.00"), (2, "5210", "-1098.35"), (3, "5030", "-75.00")]


def test_a_parquet_extract_of_integer_amounts(tmp_path: Path) -> None:
    # Whole dollars in an INTEGER column (and a BIGINT account): $1 to $5 on 1 to 5 July.
    path = _parquet(tmp_path / "whole.parquet", """
        SELECT 'D' || i AS document_number, DATE '2023-06-30' + i::INTEGER AS posting_date,
               'F' AS fund, 'FC' AS funds_centre, 5210::BIGINT AS account,
               'obligation' AS document_type, i::INTEGER AS amount
        FROM range(1, 6) AS r(i) ORDER BY i""")
    mapping = ColumnMapping.model_validate({**DEFAULT_MAPPING.model_dump(), "period": None,
                                            "amount_usd": None, "text": None,
                                            "currency": {"constant": "USD"}})
    assert assert_same_as_read_ledger(path, mapping, tmp_path)
    assert [str(line.amount_usd) for line in read_all(path, mapping)] == [
        "1.00", "2.00", "3.00", "4.00", "5.00"]


def test_a_parquet_amount_of_type_double_is_left_to_read_ledger(tmp_path: Path) -> None:
    # A DOUBLE is rounded to cents by cells.py when it has more decimals: not for SQL.
    path = _parquet(tmp_path / "double.parquet",
                    TYPED.replace("-1098.35::DECIMAL(18, 2)", "-1098.35::DOUBLE")
                    .replace("NULL::DECIMAL(18, 2)", "NULL::DOUBLE")
                    .replace("-75::INTEGER, NULL))", "-75::DOUBLE, NULL))"))
    assert stage(path, DEFAULT_MAPPING, tmp_path) is None
    assert len(read_all(path, DEFAULT_MAPPING)) == 3  # which reads it


def test_a_bad_parquet_row_is_left_to_read_ledger(tmp_path: Path) -> None:
    path = _parquet(tmp_path / "bad.parquet", TYPED.replace("'eur'", "'EUX'"))
    assert stage(path, DEFAULT_MAPPING, tmp_path) is None
    with pytest.raises(LedgerInputError):
        read_all(path, DEFAULT_MAPPING)


def test_a_parquet_date_typed_is_read_whatever_the_mapping_s_text_format(
        tmp_path: Path) -> None:
    path = _parquet(tmp_path / "typed.parquet", TYPED)
    written = DEFAULT_MAPPING.model_copy(update={"date_formats": ("%d %b %Y",)})
    assert assert_same_as_read_ledger(path, written, tmp_path)  # the DATE column as it is
    as_text = _parquet(tmp_path / "text.parquet", TYPED.replace(
        "DATE '2023-07-14'", "'14 Jul 2023'").replace("DATE '2023-08-02'", "'02 Aug 2023'")
        .replace("DATE '2024-06-30'", "'30 Jun 2024'"))
    assert stage(as_text, written, tmp_path) is None  # a text form the SQL does not read
    assert len(read_all(as_text, written)) == 3
