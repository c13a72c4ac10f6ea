"""The registry of report formats: rbb's four, and a plugin's added without editing rbb."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import Engine

from rbb.cli import run
from rbb.model.errors import InputError
from rbb.reports import ReportFormat, report_format, report_formats
from rbb.storage import DocumentStore
from tests.reports.fixtures import documents


@pytest.fixture
def db(sqlite_engine: Engine) -> str:
    store = DocumentStore(sqlite_engine)
    store.save(documents()["budget"])
    return str(sqlite_engine.url)


ARGS = ["report", "-m", "UNMIK", "-p", "2025/26", "-k", "budget"]


def test_rbb_has_four_formats_by_name() -> None:
    assert [f.name for f in report_formats()] == ["html", "docx", "pdf", "md"]
    assert report_format("md") is ReportFormat.MARKDOWN
    assert ReportFormat.PDF.extension == ".pdf"


def test_an_unknown_format_lists_the_formats() -> None:
    with pytest.raises(InputError, match="'odt' is not a report format; expected one of "
                                         "html, docx, pdf, md"):
        report_format("odt")


def test_a_format_needs_a_plain_name_and_extension() -> None:
    with pytest.raises(ValueError, match="lower-case letters"):
        ReportFormat("../x", ".txt", "text/plain", "x", lambda report: b"")


def test_a_plugin_adds_a_format_to_the_command(example_plugin: Path, db: str,
                                               tmp_path: Path) -> None:
    assert [f.name for f in report_formats()][-1] == "txt"
    target = tmp_path / "budget.txt"
    assert run([*ARGS, "--format", "txt", "-o", str(target), "--db", db]) == 0
    text = target.read_text(encoding="utf-8")
    assert text.startswith("UNMIK budget report 2025/26\n")
    assert "Financial resources" in text


def test_every_format_includes_the_plugins(example_plugin: Path, db: str,
                                          tmp_path: Path) -> None:
    folder = tmp_path / "out"
    assert run([*ARGS, "--format", "all", "-o", str(folder), "--db", db]) == 0
    assert sorted(p.suffix for p in folder.iterdir()) == [".docx", ".html", ".md", ".pdf",
                                                          ".txt"]


def test_without_the_plugin_the_format_is_refused(db: str,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    assert run([*ARGS, "--format", "txt", "--db", db]) == 1
    assert "'txt' is not a report format" in capsys.readouterr().err
