"""``rbb report`` end to end against a real SQLite store holding both UNMIK reports."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import Engine

from rbb.cli import run
from rbb.storage import DocumentStore
from tests.reports.fixtures import documents


@pytest.fixture
def db(sqlite_engine: Engine, tmp_path: Path) -> str:
    store = DocumentStore(sqlite_engine)
    for document in documents().values():
        store.save(document)
    return str(sqlite_engine.url)


ARGS = ["report", "--mission", "UNMIK", "--period", "2025/26", "--kind", "budget"]


def test_one_format_into_a_named_file(db: str, tmp_path: Path,
                                      capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "reports" / "budget.md"
    assert run([*ARGS, "--format", "md", "-o", str(target), "--db", db]) == 0
    text = target.read_text(encoding="utf-8")
    assert text.startswith("# Budget for the United Nations Interim Administration Mission")
    assert "| \u2003International staff | 20\u2009914.9 | 21\u2009139.4 |" in text
    assert f"wrote {target}" in capsys.readouterr().out


def test_standard_output(db: str, capsys: pytest.CaptureFixture[bytes]) -> None:
    assert run([*ARGS, "--format", "html", "-o", "-", "--db", db]) == 0
    assert capsys.readouterr().out.startswith("<!DOCTYPE html>")


def test_every_format_into_a_folder(db: str, tmp_path: Path,
                                    capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "out"
    args = ["report", "-m", "UNMIK", "-p", "2021/22", "-k", "performance", "--format", "all",
            "-o", str(folder), "--db", db]
    assert run(args) == 0
    names = sorted(p.name for p in folder.iterdir())
    assert names == [f"unmik-performance-2021-22.{ext}" for ext in ("docx", "html", "md", "pdf")]
    assert (folder / "unmik-performance-2021-22.pdf").read_bytes().startswith(b"%PDF")
    assert capsys.readouterr().out.count("wrote ") == 4


def test_a_report_not_stored_is_an_error(db: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["report", "-m", "UNMIK", "-p", "2019/20", "-k", "budget", "--db", db]) == 1
    assert "no budget document for UNMIK 2019/20 is stored" in capsys.readouterr().err


def test_annotated_by_default_clean_on_request(db: str, tmp_path: Path) -> None:
    """A published report is regenerated annotated (the reviewer's copy) unless --clean
    asks for the version sent to the Advisory Committee."""
    annotated, clean = tmp_path / "annotated.md", tmp_path / "clean.md"
    assert run([*ARGS, "--format", "md", "-o", str(annotated), "--db", db]) == 0
    assert run([*ARGS, "--format", "md", "--clean", "-o", str(clean), "--db", db]) == 0
    marked, plain = annotated.read_text(encoding="utf-8"), clean.read_text(encoding="utf-8")
    assert "## Annex. Findings of the checks" in marked and "> Check finding:" in marked
    assert "Findings of the checks" not in plain and "Check finding" not in plain
    assert "| \u2003International staff | 20\u2009914.9 | 21\u2009139.4 |" in plain
