"""``rbb ledger import|sources|summary`` from the shell, on a fictional mission's extract
in columns of its own (read with a column mapping) and rbb's account mapping
(``data/reference/ledger_accounts.csv``: 71210100 is international staff, 71520100
ground transportation)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from rbb.cli import run

from .test_startup import HEAVY, loaded_after

EXTRACT = """doc,date,fc,account,type,usd
4500000001,2023-07-03,FC-A,ACCT_A,PO,1000.00
4500000002,2023-07-20,FC-A,ACCT_A,PAY,400.00
4500000003,2023-07-31,FC-B,ACCT_B,PO,250.50
4500000004,2023-08-01,FC-B,ACCT_B,ADJ,-50.25
4500000005,2023-08-15,FC-A,ACCT_A,PO,99.99
4500000006,2023-08-16,FC-C,9999,PO,12.34
"""

MAPPING = {
    "name": "a fictional mission's funds management extract",
    "document_number": "doc", "posting_date": "date", "fund": {"constant": "10RCR"},
    "funds_centre": "fc", "account": "account", "document_type": "type", "amount": "usd",
    "document_types": {"PO": "obligation", "PAY": "disbursement", "ADJ": "adjustment"},
}


@pytest.fixture
def files(tmp_path: Path) -> Path:
    from rbb.model.ledger_accounts import account_mappings

    accounts = {m.class_code: m.account for m in reversed(account_mappings())}
    text = EXTRACT.replace("ACCT_A", accounts["facilities_and_infrastructure"]).replace(
        "ACCT_B", accounts["ground_transportation"])
    (tmp_path / "extract.csv").write_text(text, encoding="utf-8")
    (tmp_path / "mapping.json").write_text(json.dumps(MAPPING), encoding="utf-8")
    return tmp_path


def db(folder: Path) -> list[str]:
    return ["--db", f"sqlite:///{folder / 'rbb.sqlite'}"]


def test_import_then_summary(files: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["ledger", "import", str(files / "extract.csv"), "-m", "minufic",
                "--mapping", str(files / "mapping.json"), *db(files)]) == 0
    assert "6 lines of extract.csv stored for MINUFIC (account mapping:" in \
        capsys.readouterr().out
    assert run(["ledger", "summary", "-m", "MINUFIC", "-p", "2023/24", "--json",
                *db(files)]) == 0
    summary = json.loads(capsys.readouterr().out)
    # Expenditure = obligated + adjusted, by hand from EXTRACT: facilities July 1000.00
    # (the 400.00 disbursement is not added again), August 99.99; ground transportation
    # July 250.50, August -50.25; account 9999 is in no class.
    assert [(c["class_code"], c["month"], c["expenditure"])
            for c in summary["class_months"]] == [
        ("facilities_and_infrastructure", "2023-07-01", "1000.00"),
        ("facilities_and_infrastructure", "2023-08-01", "99.99"),
        ("ground_transportation", "2023-07-01", "250.50"),
        ("ground_transportation", "2023-08-01", "-50.25"),
    ]
    assert summary["unmapped_accounts"] == [
        {"account": "9999", "lines": 1, "amount_usd": "12.34"}]
    assert run(["ledger", "summary", "-m", "MINUFIC", "-p", "2023/24", *db(files)]) == 0
    table = capsys.readouterr().out
    assert "2023-07" in table and "1,000.00" in table and "1,099.99" in table
    assert "unmapped account 9999: 1 lines, 12.34 dollars" in table


def test_a_resent_extract_reuses_its_mapping_and_replaces_its_lines(
        files: Path, capsys: pytest.CaptureFixture[str]) -> None:
    args = ["ledger", "import", str(files / "extract.csv"), "-m", "MINUFIC",
            "--source", "fmis", *db(files)]
    assert run([*args, "--mapping", str(files / "mapping.json")]) == 0
    assert run(args) == 0  # the mapping saved with the source
    capsys.readouterr()
    assert run(["ledger", "sources", "-m", "MINUFIC", "--json", *db(files)]) == 0
    assert [(s["source"], s["lines"]) for s in json.loads(capsys.readouterr().out)] == [
        ("fmis", 6)]


def test_a_new_source_without_a_mapping_is_read_in_rbbs_own_columns(
        files: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The extract's own column names are not rbb's: the error names what is missing."""
    assert run(["ledger", "import", str(files / "extract.csv"), "-m", "MINUFIC",
                *db(files)]) == 1
    error = capsys.readouterr().err
    assert "extract.csv" in error and "document_number" in error


def test_an_extract_with_a_bad_row_stores_nothing(files: Path,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    good = ["ledger", "import", str(files / "extract.csv"), "-m", "MINUFIC",
            "--mapping", str(files / "mapping.json"), *db(files)]
    assert run(good) == 0
    broken = files / "broken" / "extract.csv"
    broken.parent.mkdir()
    broken.write_text(EXTRACT.replace("99.99", "99.99x"), encoding="utf-8")
    assert run(["ledger", "import", str(broken), "-m", "MINUFIC", *db(files)]) == 1
    error = capsys.readouterr().err
    assert "extract.csv" in error and "99.99x" in error
    assert run(["ledger", "summary", "-m", "MINUFIC", "-p", "2023/24", "--json",
                *db(files)]) == 0
    summary = json.loads(capsys.readouterr().out)
    assert ("facilities_and_infrastructure", "2023-08-01", "99.99") in [
        (c["class_code"], c["month"], c["expenditure"]) for c in summary["class_months"]]


def test_a_bad_mapping_file_names_itself(files: Path,
                                         capsys: pytest.CaptureFixture[str]) -> None:
    (files / "mapping.json").write_text('{"delimiter": [1, 2]}', encoding="utf-8")
    assert run(["ledger", "import", str(files / "extract.csv"), "-m", "MINUFIC",
                "--mapping", str(files / "mapping.json"), *db(files)]) == 1
    assert "mapping.json" in capsys.readouterr().err


def test_ledger_help_loads_neither_the_store_nor_duckdb() -> None:
    loaded = loaded_after(
        "import contextlib, io, rbb.cli\nwith contextlib.redirect_stdout(io.StringIO()):\n"
        "    assert rbb.cli.run(['ledger', 'summary', '--help']) == 0")
    assert loaded.isdisjoint({*HEAVY, "sqlalchemy", "duckdb"}), loaded & {
        *HEAVY, "sqlalchemy", "duckdb"}
