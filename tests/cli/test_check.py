"""``rbb check`` end to end: files imported in memory, stored documents by selection,
the three output formats and the exit status (1 when an error is found)."""

from __future__ import annotations

import json
from pathlib import Path
from xml.etree import ElementTree

import pytest
from typer.testing import CliRunner

from rbb.cli import app, run
from tests.conftest import BUDGET_SEED, PERFORMANCE_SEED, imported

runner = CliRunner()
FIELDS = [
    "severity",
    "code",
    "document",
    "section",
    "table",
    "row",
    "column",
    "source_line",
    "printed",
    "computed",
    "message",
]


@pytest.fixture
def db(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'rbb.sqlite'}"


@pytest.fixture
def budget_ready() -> None:
    result = imported(BUDGET_SEED)
    assert result.document is not None and result.document.financial_tables


def _doctored_budget(tmp_path: Path) -> Path:
    """The budget seed with Operational costs, cost estimates (line 531) 8 498.4 → 8 489.4."""
    lines = BUDGET_SEED.read_text(encoding="utf-8").split("\n")
    lines[530] = lines[530].replace("8 498.4", "8 489.4")
    path = tmp_path / "unmik-budget-2025-26-doctored.txt"
    path.write_text("\n".join(lines), encoding="utf-8")
    return path


@pytest.mark.usefixtures("budget_ready")
def test_check_a_file_as_a_table(db: str) -> None:
    result = runner.invoke(app, ["check", str(BUDGET_SEED), "--db", db])
    assert result.exit_code == 0, result.output
    assert "rbb check" in result.output
    assert "staffing.civilian-cost" in result.output
    assert "0 error(s), 2 warning(s), 0 rounding difference(s) in 1 document(s)" in result.output


@pytest.mark.usefixtures("budget_ready")
def test_check_json_lists_every_field(db: str) -> None:
    result = runner.invoke(app, ["check", str(BUDGET_SEED), "--format", "json", "--db", db])
    assert result.exit_code == 0
    findings = json.loads(result.stdout)
    assert [list(f) for f in findings] == [FIELDS, FIELDS]
    assert findings[0] | {"message": ""} == {
        "severity": "warning",
        "code": "staffing.civilian-cost",
        "document": "UNMIK 2025/26 budget",
        "section": "Human resources",
        "table": "estimated_civilian_personnel_cost",
        "row": "approved 2024/25",
        "column": "amount",
        "source_line": 205,
        "printed": "34439.0",
        "computed": "34478.0",
        "message": "",
    }


@pytest.mark.usefixtures("budget_ready")
def test_an_error_exits_1_and_names_the_place(db: str, tmp_path: Path) -> None:
    path = _doctored_budget(tmp_path)
    result = runner.invoke(app, ["check", str(path), "--format", "json", "--db", db])
    assert result.exit_code == 1
    errors = [f for f in json.loads(result.stdout) if f["severity"] == "error"]
    subtotal = next(f for f in errors if f["code"] == "money.group-subtotal")
    assert (
        subtotal["source_line"],
        subtotal["row"],
        subtotal["column"],
        subtotal["printed"],
        subtotal["computed"],
    ) == (531, "operational_costs", "cost_estimates_2025_26", "8489.4", "8498.4")


@pytest.mark.usefixtures("budget_ready")
def test_junit_for_ci(db: str, tmp_path: Path) -> None:
    path = _doctored_budget(tmp_path)
    out = tmp_path / "check.xml"
    result = runner.invoke(
        app, ["check", str(path), "--format", "junit", "--output", str(out), "--db", db]
    )
    assert result.exit_code == 1
    root = ElementTree.fromstring(out.read_text(encoding="utf-8"))
    suite = root.find("testsuite")
    assert suite is not None and suite.get("name") == "UNMIK 2025/26 budget"
    failed = {
        case.get("name") for case in suite.iter("testcase") if case.find("failure") is not None
    }
    assert failed == {
        "money.summary-table",
        "money.group-subtotal",
        "money.variance-amount",
        "money.gross",
    }
    assert int(suite.get("tests", "0")) > 40


@pytest.mark.usefixtures("budget_ready")
def test_check_stored_documents_by_selection(db: str, tmp_path: Path) -> None:
    assert run(["import", str(_doctored_budget(tmp_path)), "--db", db]) == 0
    base = ["check", "--db", db, "--format", "json"]
    selected = runner.invoke(
        app, [*base, "--mission", "UNMIK", "--period", "2025/26", "--kind", "budget"]
    )
    assert selected.exit_code == 1
    assert {f["document"] for f in json.loads(selected.stdout)} == {"UNMIK 2025/26 budget"}
    everything = runner.invoke(app, base)
    assert everything.exit_code == 1
    assert json.loads(everything.stdout) == json.loads(selected.stdout)


def test_an_empty_store_has_nothing_to_report(db: str) -> None:
    result = runner.invoke(app, ["check", "--db", db])
    assert result.exit_code == 0
    assert "in 0 document(s)" in result.output


def test_selecting_a_document_that_is_not_stored(db: str) -> None:
    assert run(["check", "--mission", "UNMIK", "--period", "2019/20", "--db", db]) == 1


def test_files_and_a_selection_are_exclusive(db: str) -> None:
    assert run(["check", str(BUDGET_SEED), "--mission", "UNMIK", "--db", db]) == 1


def test_the_embedded_seeds_stored_and_checked(db: str) -> None:
    """``rbb seed`` then ``rbb check``: the three slips of the performance report, each on
    the line that prints it (docs/checks.md, "Findings on the seeds"), and exit 1."""
    performance = imported(PERFORMANCE_SEED)
    assert performance.document is not None and performance.document.financial_tables
    assert run(["seed", "--db", db]) == 0
    result = runner.invoke(app, ["check", "--format", "json", "--db", db])
    assert result.exit_code == 1
    errors = [
        (f["document"], f["code"], f["source_line"], f["printed"], f["computed"])
        for f in json.loads(result.stdout)
        if f["severity"] == "error"
    ]
    assert errors == [
        ("UNMIK 2021/22 performance", "prose.millions", 21, "0.1", "0.2"),
        ("UNMIK 2021/22 performance", "prose.parts-total", 3678, "146487", "145886"),
        ("UNMIK 2021/22 performance", "variances.vacancy-rate", 4401, "2.2", "2.7"),
    ]


def test_a_stored_report_that_is_not_a_seed_points_to_the_figure_line(db: str,
                                                                       tmp_path: Path) -> None:
    """Any imported report keeps its text with it: the vacancy rate quoted in paragraph 54
    (which starts on line 4395) is found on line 4401, where "2.2 per cent" is printed,
    also for a copy of the report that is not byte for byte the one rbb ships."""
    copy = tmp_path / "performance-copy.txt"
    copy.write_text(PERFORMANCE_SEED.read_text(encoding="utf-8") + "\n(end of the copy)\n",
                    encoding="utf-8")
    assert run(["import", str(copy), "--db", db]) == 0
    result = runner.invoke(app, ["check", "--format", "json", "--db", db])
    lines = {f["code"]: f["source_line"] for f in json.loads(result.stdout)
             if f["severity"] == "error"}
    assert lines["variances.vacancy-rate"] == 4401


@pytest.mark.usefixtures("budget_ready")
def test_stored_findings_are_those_of_the_files(db: str) -> None:
    """``rbb check`` on the stored seeds reads the findings stored with them; they are
    the findings of ``rbb check`` on the two files, and ``--refresh`` computes the same."""
    assert run(["seed", "--db", db]) == 0
    files = runner.invoke(app, ["check", "--format", "json", str(BUDGET_SEED),
                                str(PERFORMANCE_SEED)])
    stored = runner.invoke(app, ["check", "--format", "json", "--db", db])
    refreshed = runner.invoke(app, ["check", "--format", "json", "--refresh", "--db", db])
    assert json.loads(stored.stdout) == json.loads(files.stdout) == json.loads(
        refreshed.stdout)
    assert len(json.loads(stored.stdout)) > 3
    assert run(["check", "--refresh", str(BUDGET_SEED)]) == 1, "--refresh is for the store"
