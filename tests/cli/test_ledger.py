"""``rbb ledger import|sources|summary`` from the shell. The extract reader
(``rbb.importers.ledger``) is another part of issue 16: these tests stand a tiny CSV
reader in for it, with the same signature, and a fictional mission's extract."""

from __future__ import annotations

import csv
import datetime as dt
import json
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import pytest
from pydantic import BaseModel

from rbb.cli import run
from rbb.model.cycle import Period
from rbb.model.errors import InputError
from rbb.model.ledger import LedgerDocumentType, LedgerLine
from rbb.services import ledger_service

from .test_startup import HEAVY, loaded_after

EXTRACT = """doc,date,fc,account,type,usd
4500000001,2023-07-03,FC-A,5111,obligation,1000.00
4500000002,2023-07-20,FC-A,5111,disbursement,400.00
4500000003,2023-07-31,FC-B,5201,obligation,250.50
4500000004,2023-08-01,FC-B,5201,adjustment,-50.25
4500000005,2023-08-15,FC-A,5111,obligation,99.99
4500000006,2023-08-16,FC-C,9999,obligation,12.34
"""

ACCOUNTS = """# Accounts of a fictional mission, written for these tests.
account,class_code,label
5111,facilities_and_infrastructure,Rental of premises
5201,ground_transportation,Fuel
"""


class TinyMapping(BaseModel):
    """Stands in for ``rbb.model.ledger.ColumnMapping``."""

    delimiter: str = ","


def tiny_read_ledger(path: Path, mapping: TinyMapping, *, mission: str, source: str,
                     limits: object = None) -> Iterator[list[LedgerLine]]:
    """Reads the whole file first and lists bad rows at the end, in batches of two."""
    lines, bad = [], []
    with path.open(encoding="utf-8", newline="") as file:
        for number, row in enumerate(csv.DictReader(file, delimiter=mapping.delimiter), 1):
            try:
                day = dt.date.fromisoformat(row["date"])
                lines.append(LedgerLine(
                    mission=mission, source=source, row=number, document_number=row["doc"],
                    posting_date=day, period=Period.containing(day), fund="10RCR",
                    funds_centre=row["fc"], account=row["account"],
                    document_type=LedgerDocumentType(row["type"]),
                    amount=Decimal(row["usd"]), currency="USD",
                    amount_usd=Decimal(row["usd"])))
            except (ValueError, ArithmeticError):
                bad.append(number)
    for start in range(0, len(lines), 2):
        yield lines[start:start + 2]
    if bad:
        raise InputError(f"bad rows: {bad}", file=str(path), line=bad[0])


@pytest.fixture
def files(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setattr(ledger_service, "_reader", lambda: (tiny_read_ledger, TinyMapping))
    (tmp_path / "ledger_accounts.csv").write_text(ACCOUNTS, encoding="utf-8")
    monkeypatch.setattr(ledger_service, "ACCOUNTS_FILE", tmp_path / "ledger_accounts.csv")
    (tmp_path / "extract.csv").write_text(EXTRACT, encoding="utf-8")
    (tmp_path / "mapping.json").write_text('{"delimiter": ","}', encoding="utf-8")
    return tmp_path


def db(folder: Path) -> list[str]:
    return ["--db", f"sqlite:///{folder / 'rbb.sqlite'}"]


def test_import_then_summary(files: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["ledger", "import", str(files / "extract.csv"), "-m", "minufic",
                "--mapping", str(files / "mapping.json"), *db(files)]) == 0
    assert "6 lines of extract.csv stored for MINUFIC (account mapping: 2 accounts)" in \
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


def test_a_source_without_a_mapping_is_refused(files: Path,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["ledger", "import", str(files / "extract.csv"), "-m", "MINUFIC",
                *db(files)]) == 1
    assert "no column mapping is saved for the source 'extract.csv' of MINUFIC" in \
        capsys.readouterr().err


def test_an_extract_with_a_bad_row_stores_nothing(files: Path,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    good = ["ledger", "import", str(files / "extract.csv"), "-m", "MINUFIC",
            "--mapping", str(files / "mapping.json"), *db(files)]
    assert run(good) == 0
    broken = files / "broken" / "extract.csv"
    broken.parent.mkdir()
    broken.write_text(EXTRACT.replace("99.99", "99.99x"), encoding="utf-8")
    assert run(["ledger", "import", str(broken), "-m", "MINUFIC", *db(files)]) == 1
    assert "extract.csv:5: bad rows: [5]" in capsys.readouterr().err
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
    assert "mapping.json: not a column mapping" in capsys.readouterr().err


def test_ledger_help_loads_neither_the_store_nor_duckdb() -> None:
    loaded = loaded_after(
        "import contextlib, io, rbb.cli\nwith contextlib.redirect_stdout(io.StringIO()):\n"
        "    assert rbb.cli.run(['ledger', 'summary', '--help']) == 0")
    assert loaded.isdisjoint({*HEAVY, "sqlalchemy", "duckdb"}), loaded & {
        *HEAVY, "sqlalchemy", "duckdb"}
