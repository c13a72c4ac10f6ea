"""The document commands on legislative documents: load, list, show, export (JSON, facts,
data package), check; ``rbb report`` refuses them with a clear message."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from rbb.cli import run
from rbb.services.data_format import to_json
from tests.legislative_documents import fictonia_acabq_report, fictonia_resolution


@pytest.fixture
def db(tmp_path: Path) -> str:
    url = f"sqlite:///{tmp_path / 'rbb.sqlite'}"
    for index, document in enumerate((fictonia_acabq_report(), fictonia_resolution())):
        path = tmp_path / f"doc{index}.json"
        path.write_text(to_json(document), encoding="utf-8")
        assert run(["load", str(path), "--db", url]) == 0
    return url


ACABQ = ["--mission", "MINUFIC", "--period", "2027/28", "--kind", "acabq_report"]
RESOLUTION = ["--mission", "MINUFIC", "--period", "2027/28", "--kind", "ga_resolution"]


def test_load_then_list(db: str, capsys: pytest.CaptureFixture[str]) -> None:
    capsys.readouterr()
    assert run(["list", "--db", db]) == 0
    shown = capsys.readouterr().out
    assert "acabq_report" in shown and "A/82/700/Add.9" in shown
    assert "ga_resolution" in shown and "A/RES/82/301" in shown


def test_show_an_acabq_report(db: str, capsys: pytest.CaptureFixture[str]) -> None:
    capsys.readouterr()
    assert run(["show", *ACABQ, "--db", db]) == 0
    shown = capsys.readouterr().out
    assert "Stage figures" in shown and "Recommendations of the Advisory Committee" in shown
    # the recommended total, paragraph 30 on line 14 (tests/legislative_documents.py)
    row = next(line for line in shown.splitlines() if "acabq_recommended" in line
               and "total" in line)
    assert "123 171.7" in row and "30" in row and "14" in row
    assert "not_approve" in shown and "A/82/650" in shown


def test_show_a_resolution(db: str, capsys: pytest.CaptureFixture[str]) -> None:
    capsys.readouterr()
    assert run(["show", *RESOLUTION, "--db", db]) == 0
    shown = capsys.readouterr().out
    assert "Decisions of the General Assembly" in shown and "Financing" in shown
    support = next(line for line in shown.splitlines() if "support_account" in line)
    assert "5 432.1" in support and "10" in support


def test_export_round_trips_and_writes_facts(db: str, tmp_path: Path,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "out.json"
    assert run(["export", *RESOLUTION, "--db", db, "-o", str(target)]) == 0
    assert target.read_text(encoding="utf-8") == to_json(fictonia_resolution())
    capsys.readouterr()
    assert run(["export", *ACABQ, "--db", db, "--format", "facts"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert "stage_figures,stage_figures,total,cost_estimates 2027/28,123456.7,thousands_usd,9" \
        in lines
    package = tmp_path / "package"
    assert run(["export", *ACABQ, "--db", db, "--format", "datapackage", "-o",
                str(package)]) == 0
    descriptor = json.loads((package / "datapackage.json").read_text(encoding="utf-8"))
    assert descriptor["resources"]


def test_check_finds_nothing_to_say(db: str, capsys: pytest.CaptureFixture[str]) -> None:
    capsys.readouterr()
    assert run(["check", "--mission", "MINUFIC", "--db", db, "--format", "json"]) == 0
    captured = capsys.readouterr()
    assert json.loads(captured.out) == []
    assert "2 document" in captured.err


def test_report_refuses_a_legislative_document(db: str,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    capsys.readouterr()
    assert run(["report", *ACABQ, "--db", db, "-o", "-"]) == 1
    message = capsys.readouterr().err
    assert "MINUFIC 2027/28 acabq_report" in message
    assert "rbb show" in message and "rbb export" in message


def test_report_of_the_budget_beside_its_legislative_documents(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from tests.legislative_documents import unmik_documents
    from tests.storage.test_document_store import budget_2025_26

    url = f"sqlite:///{tmp_path / 'rbb.sqlite'}"
    for index, document in enumerate([budget_2025_26(),
                                      *(d for d, _ in unmik_documents())]):
        path = tmp_path / f"doc{index}.json"
        path.write_text(to_json(document), encoding="utf-8")
        assert run(["load", str(path), "--db", url]) == 0
    capsys.readouterr()
    assert run(["report", "-m", "UNMIK", "-p", "2025/26", "-k", "budget", "--format", "md",
                "-o", "-", "--db", url]) == 0
    # the total requirements row of the two-row budget (seed line 536)
    assert "46 045.3" in capsys.readouterr().out.replace("\u2009", " ")


def test_show_a_report_lists_its_parts(tmp_path: Path,
                                       capsys: pytest.CaptureFixture[str]) -> None:
    from tests.storage.test_document_store import budget_2025_26

    url = f"sqlite:///{tmp_path / 'rbb.sqlite'}"
    path = tmp_path / "budget.json"
    path.write_text(to_json(budget_2025_26()), encoding="utf-8")
    assert run(["load", str(path), "--db", url]) == 0
    capsys.readouterr()
    assert run(["show", "-m", "UNMIK", "-p", "2025/26", "-k", "budget", "--db", url]) == 0
    shown = capsys.readouterr().out
    table = next(line for line in shown.splitlines() if "Financial resources tables" in line)
    assert "1" in table
    # 2 rows × 5 columns of the two-row budget
    assert next(line for line in shown.splitlines() if "facts" in line).split()[-2] == "10"
