"""Which importer reads a file: rbb's own in order, then the importers plugins add;
a file none of them reads gets one error naming it and what was expected."""

from __future__ import annotations

import json
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import pytest

from rbb import plugins
from rbb.cli import run
from rbb.importers import ImportInput, import_bytes, import_path, import_text, importers
from rbb.importers.registry import BUILT_IN
from rbb.model import DocumentKind, Period
from tests.conftest import BUDGET_SEED, PERFORMANCE_SEED

EXAMPLE = """RBB-EXAMPLE-REPORT
mission: MINURSO | United Nations Mission for the Referendum in Western Sahara
period: 2024/25
kind: budget
Official travel: 412.7
Facilities and infrastructure: 9 874.0
"""


def _reader_of(path: Path) -> str:
    file = ImportInput(path.name, path.read_bytes())
    return next(importer.name for importer in importers() if importer.identify(file))

def test_rbb_reads_its_own_pdfs_first_then_legislative_texts_then_the_two_report_shapes(
) -> None:
    assert [importer.name for importer in BUILT_IN] == ["rbb_pdf", "legislative", "tabbed",
                                                        "pdf_text"]
    # the budget seed is a word-processor conversion, the performance seed PDF text
    assert _reader_of(BUDGET_SEED) == "tabbed"
    assert _reader_of(PERFORMANCE_SEED) == "pdf_text"


def test_shape_names_the_importer_to_use() -> None:
    # the performance seed read as tabbed text: no table is found, which is reported
    result = import_text(PERFORMANCE_SEED.read_text(encoding="utf-8"), name="a.txt",
                         shape="tabbed")
    assert result.document is not None and result.document.source is not None
    assert result.document.source.shape == "tabbed"
    assert not result.ok()


def test_an_unknown_shape_is_an_error_not_an_exception() -> None:
    result = import_text("anything", name="a.txt", shape="word")
    assert [(d.code, d.file) for d in result.errors] == [("unknown-importer", "a.txt")]
    assert "tabbed, pdf_text" in result.errors[0].message


@pytest.mark.parametrize(("data", "reason"), [
    (b"Minutes of a meeting\nNothing about a budget here.\n", "no importer reads this file"),
    (b"", "the file is empty"),
    (b"\x00\x01\x02 not text", "the file is binary"),
])
def test_a_file_no_importer_reads_gets_one_clear_error(data: bytes, reason: str) -> None:
    result = import_bytes(data, name="notes.txt")
    assert result.document is None
    (error,) = result.diagnostics
    assert (error.code, error.file) == ("input", "notes.txt")
    assert error.message.startswith(f"{reason}; expected a budget or performance report")
    assert "for the period from 1 July YYYY to 30 June YYYY" in error.message


def test_bytes_that_are_not_utf8_name_the_line_of_the_first_bad_byte() -> None:
    result = import_bytes(b"line one\nline two \xff\n", name="latin1.txt")
    (error,) = result.errors
    assert (error.code, error.line) == ("input", 2)
    assert "not UTF-8" in error.message


def test_a_plugin_importer_reads_its_format(example_plugin: Path, tmp_path: Path) -> None:
    assert [importer.name for importer in importers()][-1] == "example"
    path = tmp_path / "minurso.txt"
    path.write_text(EXAMPLE, encoding="utf-8")
    for result in (import_path(path), import_bytes(EXAMPLE.encode(), name="minurso.txt")):
        assert result.ok(strict=True), result.diagnostics
        document = result.document
        assert document is not None
        assert (document.mission.code, document.period, document.kind) == (
            "MINURSO", Period(2024), DocumentKind.BUDGET)
        (table,) = document.financial_tables
        # "9 874.0": thousands separated by a space
        assert [(row.line, row.values["cost_estimates_2024_25"], row.source_line)
                for row in table.rows] == [("official_travel", Decimal("412.7"), 5),
                                           ("facilities_and_infrastructure",
                                            Decimal("9874.0"), 6)]


def test_a_plugin_format_through_the_cli(example_plugin: Path, tmp_path: Path,
                                         capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "minurso.txt"
    path.write_text(EXAMPLE, encoding="utf-8")
    assert run(["import", str(path), "--dry-run", "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["mission"]["code"] == "MINURSO"
    assert data["financial_tables"][0]["rows"][1]["values"] == {
        "cost_estimates_2024_25": "9874.0"}


def test_without_the_plugin_its_format_is_read_by_no_importer(tmp_path: Path) -> None:
    plugins.reset()
    path = tmp_path / "minurso.txt"
    path.write_text(EXAMPLE, encoding="utf-8")
    result = import_path(path)
    assert result.document is None
    assert [(d.code, d.file) for d in result.diagnostics] == [("input", str(path))]
    assert result.diagnostics[0].message.startswith("no importer reads this file; expected")


def test_a_plugin_importer_bad_line_is_reported_with_its_line(example_plugin: Path) -> None:
    result = import_text(EXAMPLE.replace("412.7", "41x.7"), name="minurso.txt")
    (error,) = result.errors
    assert (error.code, error.line, error.text) == ("bad-number", 5, "Official travel: 41x.7")


def _install(folder: Path, monkeypatch: pytest.MonkeyPatch, module: str, source: str) -> None:
    """A plugin whose entry point ``[rbb.importers] broken`` names ``module:IMPORTER``."""
    info = folder / f"{module}-1.0.dist-info"
    info.mkdir()
    (info / "METADATA").write_text(f"Metadata-Version: 2.1\nName: {module}\nVersion: 1.0\n")
    (info / "entry_points.txt").write_text(f"[rbb.importers]\nbroken = {module}:IMPORTER\n")
    (folder / f"{module}.py").write_text(source)
    monkeypatch.syspath_prepend(str(folder))
    plugins.reset()


@pytest.fixture
def no_plugins_after() -> Iterator[None]:
    yield
    plugins.reset()


def test_an_importer_that_fails_is_an_error_not_an_exception(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, no_plugins_after: None) -> None:
    _install(tmp_path, monkeypatch, "failing_importer_plugin", (
        "from rbb.importers import Importer\n\n"
        "class Failing(Importer):\n"
        "    name, expects = 'failing', 'anything'\n"
        "    def identify(self, file): return True\n"
        "    def extract(self, file): raise RuntimeError('a bug')\n\n"
        "IMPORTER = Failing()\n"))
    result = import_bytes(b"Minutes of a meeting\n", name="notes.txt")
    (error,) = result.errors
    assert error.code == "parser-failure"
    assert "the failing importer failed" in error.message and "a bug" in error.message
    # rbb's own importers come first: the seeds are still theirs
    assert import_path(BUDGET_SEED).ok(strict=True)


def test_a_plugin_that_cannot_be_loaded_is_named_in_an_error(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, no_plugins_after: None) -> None:
    _install(tmp_path, monkeypatch, "unloadable_importer_plugin", "raise ImportError('gone')\n")
    result = import_bytes(b"Minutes of a meeting\n", name="notes.txt")
    (error,) = result.errors
    assert error.code == "plugin"
    assert "'broken'" in error.message and "could not be loaded" in error.message
