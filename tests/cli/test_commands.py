"""The command tree works end to end against a real SQLite file."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from rbb.cli import run
from rbb.services.data_format import to_json
from rbb.storage import head_revision
from tests.storage.test_document_store import budget_2025_26


@pytest.fixture
def db(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'rbb.sqlite'}"


def test_help_shows_the_command_tree(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["--help"]) == 0
    shown = capsys.readouterr().out
    for command in ("db", "import", "export", "load", "check", "report", "serve"):
        assert f" {command} " in shown
    assert run(["db", "--help"]) == 0
    shown = capsys.readouterr().out
    assert " init " in shown and " upgrade " in shown


def test_db_init_then_upgrade_is_idempotent(db: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["db", "init", "--db", db]) == 0
    assert f"upgraded from empty to revision {head_revision()}" in capsys.readouterr().out
    assert run(["db", "upgrade", "--db", db]) == 0
    assert "is up to date" in capsys.readouterr().out


def test_export_load_export_is_byte_identical(db: str, tmp_path: Path,
                                              capsys: pytest.CaptureFixture[str]) -> None:
    original = tmp_path / "original.json"
    original.write_text(to_json(budget_2025_26()), encoding="utf-8")
    assert run(["load", str(original), "--db", db]) == 0
    first, second = tmp_path / "first.json", tmp_path / "second.json"
    args = ["--mission", "UNMIK", "--period", "2025/26", "--kind", "budget", "--db", db]
    assert run(["export", *args, "-o", str(first)]) == 0
    assert run(["load", str(first), "--db", db]) == 0
    assert run(["export", *args, "-o", str(second)]) == 0
    assert first.read_bytes() == second.read_bytes() == original.read_bytes()


def test_export_facts_and_datapackage(db: str, tmp_path: Path,
                                      capsys: pytest.CaptureFixture[str]) -> None:
    source = tmp_path / "doc.json"
    source.write_text(to_json(budget_2025_26()), encoding="utf-8")
    assert run(["load", str(source), "--db", db]) == 0
    capsys.readouterr()
    args = ["--mission", "UNMIK", "--period", "2025/26", "--kind", "budget", "--db", db]
    assert run(["export", *args, "--format", "facts"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == "section,table,row,column,value,unit,source_line"
    # "Medical\t41.1\t96.2\t89.4\t(6.8)\t(7.1)" printed on line 527 of the seed.
    fact = "financial_resources,financial_resources,medical,variance_amount,-6.8,thousands_usd,527"
    assert fact in lines
    package = tmp_path / "package"
    assert run(["export", *args, "--format", "datapackage", "-o", str(package)]) == 0
    descriptor = json.loads((package / "datapackage.json").read_text(encoding="utf-8"))
    assert {r["name"] for r in descriptor["resources"]} >= {"facts", "financial_resources"}


def test_a_missing_document_is_an_error(db: str, capsys: pytest.CaptureFixture[str]) -> None:
    code = run(["export", "-m", "UNMIK", "-p", "2030/31", "-k", "budget", "--db", db])
    assert code == 1
    assert "no budget document for UNMIK 2030/31" in capsys.readouterr().err


def test_a_bad_file_stores_nothing(db: str, tmp_path: Path,
                                   capsys: pytest.CaptureFixture[str]) -> None:
    junk = tmp_path / "junk.txt"
    junk.write_bytes(b"\x00\x01binary junk")
    assert run(["import", str(junk), "--db", db]) == 1
    captured = capsys.readouterr()
    assert "junk.txt" in captured.out and "binary" in captured.out
    assert "nothing stored" in captured.err
    assert run(["list", "--db", db]) == 0
    assert "UNMIK" not in capsys.readouterr().out


def test_a_malformed_period_is_named(db: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["export", "-m", "UNMIK", "-p", "2025-26", "-k", "budget", "--db", db]) == 1
    assert "2025/26" in capsys.readouterr().err
