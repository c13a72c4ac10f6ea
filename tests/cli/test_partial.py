"""``rbb import --dry-run`` states the coverage; an excerpt is refused with it unless
``--partial``, which stores it marked partial; ``rbb check`` says so and skips the checks
that need what the text lacks."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from rbb.cli import run
from rbb.cli.options import open_store
from rbb.model import DocumentKind, Period
from rbb.storage import DocumentStore

EXCERPT = Path(__file__).parents[1] / "data" / "partial" / "untomn-budget-excerpt.txt"
MISSING = ("I.C", "II", "II.A", "II.B", "II.C", "III", "IV")
"""The excerpt's contents list names I to IV; its text ends after I.B."""


@pytest.fixture
def db(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'rbb.sqlite'}"


def _store(db: str) -> DocumentStore:
    return open_store(db)


def test_dry_run_states_identity_and_coverage(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["import", str(EXCERPT), "--dry-run"]) == 1  # it would be refused
    shown = capsys.readouterr().out
    assert "UNTOMN" in shown and "2030/31" in shown and "Coverage of" in shown
    assert "3 of 10 sections its contents list names are in the text" in shown
    assert "partial document" in shown and "stored only with --partial" in shown
    assert run(["import", str(EXCERPT), "--dry-run", "--partial"]) == 0
    assert "would be stored marked partial" in capsys.readouterr().out


def test_dry_run_json_includes_the_coverage(capsys: pytest.CaptureFixture[str]) -> None:
    run(["import", str(EXCERPT), "--dry-run", "--format", "json"])
    coverage = json.loads(capsys.readouterr().out)["coverage"]
    assert [e["label"] for e in coverage["contents"] if not e["in_text"]] == list(MISSING)
    assert [s["label"] for s in coverage["sections"]] == ["Summary", "I", "I.A", "I.B"]
    assert "financial_tables" in coverage["missing_tables"]


def test_titles_are_printed_as_text_never_as_markup(tmp_path: Path,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    hostile = tmp_path / "hostile.txt"
    hostile.write_text(EXCERPT.read_text(encoding="utf-8").replace(
        "B.\tVacancy factors", "B.\tVacancy [bold red]factors[/bold red]"), encoding="utf-8")
    run(["import", str(hostile), "--dry-run"])
    assert "Vacancy [bold red]factors[/bold red]" in capsys.readouterr().out


def test_an_excerpt_is_refused_without_partial_and_nothing_is_stored(
        db: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["import", str(EXCERPT), "--db", db]) == 1
    error = capsys.readouterr().err
    assert "partial document(s), nothing stored" in error
    assert "II.A 'Overall'" in error and "IV 'Actions to be taken by the General Assembly'" \
        in error and "--partial" in error
    assert _store(db).summaries() == []


def test_partial_stores_it_marked_and_check_says_so(db: str,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["import", str(EXCERPT), "--partial", "--db", db]) == 0
    document = _store(db).load("UNTOMN", Period.parse("2030/31"), DocumentKind.BUDGET)
    assert document.partial
    capsys.readouterr()
    assert run(["list", "--db", db]) == 0
    assert "budget (partial)" in capsys.readouterr().out
    assert run(["check", "--db", db]) == 0
    shown = capsys.readouterr().out
    assert "partial document UNTOMN 2030/31 budget: these sections were not in the text: " \
        "I.C 'Results-based budgeting frameworks', II 'Financial resources'" in shown
    assert "skipped money.gross (Gross requirements): needs financial resources, which the " \
        "text of this partial document lacks" in shown
    assert "skipped prose.parts-total" not in shown  # it needs no table
    assert run(["check", "--db", db, "--format", "json"]) == 0
    out, err = capsys.readouterr()
    assert json.loads(out) == []  # the findings' format is unchanged; the notes go to stderr
    assert run(["check", "--db", db, "--format", "junit"]) == 0
    junit = capsys.readouterr().out
    assert '<skipped message="needs financial resources, which the text of this partial ' \
        'document lacks' in junit
    assert "skipped frameworks.numbering" in err
    assert run(["check", "-m", "UNTOMN", "-p", "2030/31", "-k", "budget", "--db", db]) == 0
    assert "partial document UNTOMN 2030/31 budget" in capsys.readouterr().out


def test_check_of_the_file_says_so_too(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["check", str(EXCERPT)]) == 0
    shown = capsys.readouterr().out
    assert "partial document UNTOMN 2030/31 budget" in shown
    assert "skipped variances.direction" in shown


def test_an_opening_without_a_contents_list_is_stored_partial_with_the_table_it_lacks(
        db: str, capsys: pytest.CaptureFixture[str]) -> None:
    """A public copy that holds the Summary only (UNIFIL 2006/07, one long line): the
    table by class is missing, said in those words by the import and by the check."""
    opening = Path(__file__).parents[1] / "data" / "openings" / "unifil-2006-07-performance.txt"
    assert run(["import", str(opening), "--db", db]) == 1
    assert "tables missing: financial resources" in capsys.readouterr().err
    assert run(["import", str(opening), "--partial", "--db", db]) == 0
    capsys.readouterr()
    assert run(["check", "--mission", "UNIFIL", "--db", db]) == 0
    shown = capsys.readouterr().out
    assert "partial document UNIFIL 2006/07 performance: tables missing: financial " \
        "resources" in shown
    document = _store(db).load("UNIFIL", Period.parse("2006/07"), DocumentKind.PERFORMANCE)
    assert document.partial and len(document.incumbency) == 5
