"""``rbb ledger map`` and ``rbb ledger accounts|funds-centres`` from the shell, on the
fictional extract of tests/cli/test_ledger.py in an ERP's own column names."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import Engine

from rbb.cli import run

from .test_ledger import db
from .test_startup import HEAVY, loaded_after

EXTRACT = """Document Number;Posting Date;Funds Center;G/L Account;Value Type;Amount
4500000001;03.07.2023;FC-A;ACCT_A;PO;1.000,00
4500000002;20.07.2023;FC-A;ACCT_A;PAY;400,00
4500000003;31.07.2023;FC-B;9999;PO;250,50
"""


@pytest.fixture
def files(tmp_path: Path) -> Path:
    from rbb.model.ledger_accounts import account_mappings

    accounts = {m.class_code: m.account for m in reversed(account_mappings())}
    (tmp_path / "extract.csv").write_text(
        EXTRACT.replace("ACCT_A", accounts["facilities_and_infrastructure"]), encoding="utf-8")
    return tmp_path


def summary(folder: Path, capsys: pytest.CaptureFixture[str]) -> dict[str, object]:
    capsys.readouterr()
    assert run(["ledger", "summary", "-m", "MINUFIC", "-p", "2023/24", "--json",
                *db(folder)]) == 0
    found: dict[str, object] = json.loads(capsys.readouterr().out)
    return found


def test_map_proposes_previews_and_saves_for_the_source(
        files: Path, capsys: pytest.CaptureFixture[str]) -> None:
    extract = str(files / "extract.csv")
    # The fund has no column: the header is shown, and what is missing said.
    assert run(["ledger", "map", extract]) == 1
    captured = capsys.readouterr()
    assert "G/L Account" in captured.out and "account" in captured.out
    assert "no column for fund" in captured.err
    assert run(["ledger", "map", extract, "--constant", "fund=10RCR", "-m", "minufic",
                "--source", "fmis", "--mapping", str(files / "fmis.yaml"), *db(files)]) == 0
    out = capsys.readouterr().out
    assert "dates read as %d.%m.%Y" in out and "all 3 rows read" in out
    assert "1,000.00" in out  # the first row's dollars, as they would be stored
    from rbb.importers.ledger import ColumnSource, load_mapping

    assert load_mapping(files / "fmis.yaml").fund == ColumnSource(constant="10RCR")
    # the next import of the source reads with the saved mapping
    assert run(["ledger", "import", extract, "-m", "MINUFIC", "--source", "fmis",
                *db(files)]) == 0
    assert "3 lines of fmis stored" in capsys.readouterr().out
    # 1,000.00 obligated on the facilities account; 9999 (250.50) in no class.
    found = summary(files, capsys)
    months: list[dict[str, str]] = found["class_months"]  # type: ignore[assignment]
    assert [(c["class_code"], c["expenditure"]) for c in months] == [
        ("facilities_and_infrastructure", "1000.00")]
    assert found["unmapped_accounts"] == [{"account": "9999", "lines": 1,
                                           "amount_usd": "250.50"}]


def test_a_bad_row_is_shown_with_its_reason(files: Path,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    (files / "extract.csv").write_text(EXTRACT.replace("PAY", "57"), encoding="utf-8")
    assert run(["ledger", "map", str(files / "extract.csv"), "--constant", "fund=10RCR"]) == 0
    out = capsys.readouterr().out
    assert "1 of the first 3 rows would be refused" in out
    assert "row 2 (line 3), column Value Type: '57'" in out
    assert "nothing saved" in out


def test_source_needs_a_mission(files: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["ledger", "map", str(files / "extract.csv"), "--source", "fmis"]) == 2
    assert "-m MISSION" in capsys.readouterr().err


def test_accounts_set_history_export_import(files: Path,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["ledger", "import", str(files / "extract.csv"), "-m", "MINUFIC",
                "--mapping", str(_mapping(files)), *db(files)]) == 0
    assert run(["ledger", "accounts", "set", "9999", "official_travel", "--label", "Tickets",
                "--comment", "travel agent", "--author", "ana", *db(files)]) == 0
    assert "account mapping version 2 stored" in capsys.readouterr().out
    found = summary(files, capsys)
    months: list[dict[str, str]] = found["class_months"]  # type: ignore[assignment]
    assert ("official_travel", "250.50") in [(c["class_code"], c["expenditure"])
                                             for c in months]
    assert found["unmapped_accounts"] == []
    assert run(["ledger", "accounts", "history", "--json", *db(files)]) == 0
    history = json.loads(capsys.readouterr().out)
    assert next((h["number"], h["author"], h["comment"], h["added"]) for h in history) == (
        2, "ana", "travel agent", ["9999"])
    assert history[-1]["number"] == 1 and history[-1]["author"] == "rbb"
    assert run(["ledger", "accounts", "export", "-o", str(files / "chart.csv"),
                *db(files)]) == 0
    chart = (files / "chart.csv").read_text(encoding="utf-8")
    assert "9999,official_travel,Tickets" in chart
    (files / "chart.csv").write_text(chart.replace("9999,official_travel,Tickets\n", ""),
                                     encoding="utf-8")
    assert run(["ledger", "accounts", "import", str(files / "chart.csv"), *db(files)]) == 0
    assert summary(files, capsys)["unmapped_accounts"] == [
        {"account": "9999", "lines": 1, "amount_usd": "250.50"}]
    assert run(["ledger", "accounts", "list", "--version", "2", "--json", *db(files)]) == 0
    listed = json.loads(capsys.readouterr().out)
    assert listed["version"] == 2 and {"account": "9999", "class_code": "official_travel",
                                       "label": "Tickets"} in listed["rows"]
    assert run(["ledger", "accounts", "set", "9999", "petrol", *db(files)]) == 1
    assert "'petrol' is not a class of expenditure" in capsys.readouterr().err


def test_funds_centres(files: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["ledger", "funds-centres", "set", "FC-A", "Head office", "--component",
                "support", *db(files)]) == 0
    assert run(["ledger", "funds-centres", "export", *db(files)]) == 0
    assert capsys.readouterr().out.endswith(
        "funds_centre,office,component\nFC-A,Head office,support\n")
    assert run(["ledger", "funds-centres", "remove", "FC-Z", *db(files)]) == 1
    assert "FC-Z is not in the current funds-centre mapping" in capsys.readouterr().err
    assert run(["ledger", "import", str(files / "extract.csv"), "-m", "MINUFIC",
                "--mapping", str(_mapping(files)), *db(files)]) == 0
    capsys.readouterr()
    assert run(["ledger", "funds-centres", "totals", "-m", "MINUFIC", "-p", "2023/24",
                "--json", *db(files)]) == 0
    # EXTRACT: FC-A holds the 1,000.00 obligation and its 400.00 payment; FC-B the
    # 250.50 obligation, in no office (listed, not dropped).
    assert [(t["funds_centre"], t["office"], t["component"], t["expenditure"], t["lines"])
            for t in json.loads(capsys.readouterr().out)] == [
        ("FC-A", "Head office", "support", "1000.00", 2), ("FC-B", None, None, "250.50", 1)]


def _mapping(folder: Path) -> Path:
    path = folder / "mapping.json"
    path.write_text(json.dumps({
        "document_number": "Document Number", "posting_date": "Posting Date",
        "fund": {"constant": "10RCR"}, "funds_centre": "Funds Center",
        "account": "G/L Account", "document_type": "Value Type", "amount": "Amount",
        "date_formats": ["%d.%m.%Y"], "decimal_separator": ",", "thousands_separator": ".",
        "delimiter": ";", "document_types": {"PO": "obligation", "PAY": "disbursement"}}),
        encoding="utf-8")
    return path


@pytest.mark.parametrize("argv", [["ledger", "map", "--help"],
                                  ["ledger", "accounts", "set", "--help"]])
def test_help_loads_neither_the_store_nor_duckdb(argv: list[str]) -> None:
    loaded = loaded_after(
        "import contextlib, io, rbb.cli\nwith contextlib.redirect_stdout(io.StringIO()):\n"
        f"    assert rbb.cli.run({argv!r}) == 0")
    assert loaded.isdisjoint({*HEAVY, "sqlalchemy", "duckdb"}), loaded & {
        *HEAVY, "sqlalchemy", "duckdb"}


def test_a_generated_ledgers_funds_centres_map_every_line_to_an_office(
        sqlite_engine: Engine, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """UNMIK 2021/22 generated from A/77/589 (the seeds): its funds centres written beside
    it, imported as the funds-centre mapping, leave no line without an office."""
    from decimal import Decimal

    from rbb.model import Period
    from rbb.storage.ledger import LedgerStore

    from ..conftest import store_url
    from ..web.conftest import store_seeds

    store_seeds(sqlite_engine)
    url = ["--db", store_url(sqlite_engine)]
    extract, centres = tmp_path / "unmik.csv", tmp_path / "centres.csv"
    assert run(["ledger", "generate", "-m", "UNMIK", "-p", "2021/22", "-o", str(extract),
                "--lines", "2000", "--funds-centres", str(centres), *url]) == 0
    assert run(["ledger", "import", str(extract), "-m", "UNMIK", *url]) == 0
    assert run(["ledger", "funds-centres", "import", str(centres), *url]) == 0
    capsys.readouterr()
    assert run(["ledger", "funds-centres", "totals", "-m", "UNMIK", "-p", "2021/22",
                "--json", *url]) == 0
    totals = json.loads(capsys.readouterr().out)
    assert totals and all(t["office"] for t in totals)
    # the same lines as the class months: every posting counted once, by office or class
    ledger = LedgerStore(sqlite_engine)
    by_class = sum((cm.expenditure for cm in ledger.class_months("UNMIK", Period(2021))),
                   Decimal(0))
    ledger.close()
    assert sum(Decimal(t["expenditure"]) for t in totals) == by_class
    assert sum(t["lines"] for t in totals) == 2000
