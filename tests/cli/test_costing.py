"""``rbb calibrate|cost|attribute|drivers|scenario|draft`` end to end on a real SQLite file."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import load_workbook

from rbb.cli import run
from tests.conftest import BUDGET_SEED

UNMIK = ["--mission", "UNMIK", "--period", "2025/26"]


@pytest.fixture
def db(tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.setenv("COLUMNS", "200")
    url = f"sqlite:///{tmp_path / 'rbb.sqlite'}"
    assert run(["import", str(BUDGET_SEED), "--db", url]) == 0
    capsys.readouterr()
    return url


def _json(capsys: pytest.CaptureFixture[str], argv: list[str]) -> dict[str, object]:
    capsys.readouterr()
    assert run(argv) == 0
    data: dict[str, object] = json.loads(capsys.readouterr().out)
    return data


def test_calibrate_reproduces_the_published_budget(db: str,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    data = _json(capsys, ["calibrate", *UNMIK, "--dry-run", "--format", "json", "--db", db])
    assert data["all_reproduced"] is True
    rows = {(r["line"], r["period"]): r for r in data["rows"]}  # type: ignore[attr-defined]
    # Seed line 511: International staff ... 21 139.4  23 790.6
    assert rows[("international_staff", "2025/26")]["reproduced"] == "23790.6"
    assert rows[("international_staff", "2025/26")]["unit_cost"].startswith("230.8511877")
    assert run(["calibrate", *UNMIK, "--db", db]) == 0
    assert "every published class amount is reproduced to 0.1" in capsys.readouterr().out


def test_attribute_as_json_adds_up(db: str, capsys: pytest.CaptureFixture[str]) -> None:
    data = _json(capsys, ["attribute", *UNMIK, "--format", "json", "--db", db])
    classes = {c["line"]: c for c in data["classes"]}  # type: ignore[attr-defined]
    for found in classes.values():
        parts = sum(Decimal(p["amount"]) for p in found["parts"])
        assert parts + Decimal(found["residual"]) == Decimal(found["variance"])
    international = {p["factor"]: p["amount"] for p in classes["international_staff"]["parts"]}
    assert international == {"posts": "0.0", "vacancy_factor": "2059.8", "unit_cost": "591.4"}
    assert run(["attribute", *UNMIK, "--db", db]) == 0
    assert "International staff" in capsys.readouterr().out


def test_cost_shows_formula_inputs_and_sources(db: str,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    data = _json(capsys, ["cost", *UNMIK, "--format", "json", "--db", db])
    assert data["lines"]["total_requirements"] == "46045.3"  # type: ignore[index]
    staff = next(c for c in data["classes"]  # type: ignore[attr-defined]
                 if c["line"] == "international_staff")
    assert staff["formula"].startswith("Σ bands posts × (1 − vacancy factor)")
    assert any("line 574" in i["source"] for i in staff["inputs"])


def test_drivers_export_and_load(db: str, tmp_path: Path,
                                 capsys: pytest.CaptureFixture[str]) -> None:
    workbook, yaml_file = tmp_path / "drivers.xlsx", tmp_path / "drivers.yaml"
    assert run(["drivers", "export", *UNMIK, "-o", str(workbook), "--db", db]) == 0
    assert run(["drivers", "export", *UNMIK, "-o", str(yaml_file), "--db", db]) == 0
    assert run(["drivers", "load", str(workbook), "--db", db]) == 0
    assert "from drivers.xlsx" in capsys.readouterr().out
    book = load_workbook(workbook)
    sheet = book["posts"]
    sheet.cell(row=3, column=[c.value for c in sheet[1]].index("count") + 1, value="many")
    book.save(workbook)
    assert run(["drivers", "load", str(workbook), "--db", db]) == 1
    assert "sheet posts, row 3, column count" in capsys.readouterr().err
    assert run(["drivers", "load", str(yaml_file), "--db", db]) == 0


def test_scenarios_from_new_to_delete(db: str, tmp_path: Path,
                                      capsys: pytest.CaptureFixture[str]) -> None:
    before = tmp_path / "before.json"
    assert run(["export", *UNMIK, "-k", "budget", "-o", str(before), "--db", db]) == 0
    assert run(["scenario", "new", "low", "--from", "UNMIK:2025/26", "--db", db]) == 0
    assert run(["scenario", "new", "low", "--from", "UNMIK:2025/26", "--db", db]) == 1
    assert run(["scenario", "new", "fx", "--from", "UNMIK 2025/26 budget", "--db", db]) == 0
    data = _json(capsys, ["scenario", "set", "low", "vacancy_factor.international_staff=10.0",
                          "--format", "json", "--db", db])
    lines = {c["line"]: c for c in data["comparison"]["lines"]}  # type: ignore[index]
    assert lines["international_staff"]["change"] == "-313.0"
    assert lines["official_travel"]["change"] == "0.0"
    assert run(["scenario", "set", "fx", "exchange_rate.EUR=0.95", "--db", db]) == 0
    assert run(["scenario", "set", "fx", "vacancy_factor.cooks=1", "--db", db]) == 1
    assert "unknown personnel category 'cooks'" in capsys.readouterr().err
    compared = _json(capsys, ["scenario", "compare", "low", "fx", "--format", "json",
                              "--db", db])
    changes = {c["line"]: c["change"] for c in compared["lines"]}  # type: ignore[attr-defined]
    assert changes["international_staff"] == "313.0"
    assert changes["national_general_service_staff"] == "-19.3"
    assert run(["scenario", "show", "low", "--db", db]) == 0
    assert "The change explained by driver" in capsys.readouterr().out
    assert run(["scenario", "list", "--db", db]) == 0
    assert "vacancy_factor.international_staff=10.0" in capsys.readouterr().out
    after = tmp_path / "after.json"
    assert run(["export", *UNMIK, "-k", "budget", "-o", str(after), "--db", db]) == 0
    assert before.read_bytes() == after.read_bytes()
    assert run(["scenario", "delete", "low", "--db", db]) == 0
    assert run(["scenario", "delete", "low", "--db", db]) == 1
    assert run(["scenario", "show", "low", "--db", db]) == 1


def test_draft_is_stored_checked_and_never_replaces_a_report(
        db: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["scenario", "new", "low", "--from", "UNMIK:2025/26", "--db", db]) == 0
    assert run(["scenario", "set", "low", "vacancy_factor.international_staff=10.0", "--db",
                db]) == 0
    capsys.readouterr()
    draft = _json(capsys, ["draft", "--from", "UNMIK:2025/26", "--period", "2026/27",
                           "--scenario", "low", "--format", "json", "--db", db])
    assert draft["draft"] is True
    assert draft["document"] == "UNMIK 2026/27 budget"
    explanation = draft["variance_explanations"][0]  # type: ignore[index]
    assert explanation["paragraphs"][0]["text"].startswith(
        "The reduced requirements are attributable to the application of the higher vacancy "
        "rate of 10.0 per cent, compared with 8.8 per cent")
    assert run(["check", "-m", "UNMIK", "-p", "2026/27", "-k", "budget", "--db", db]) == 0
    assert run(["list", "--db", db]) == 0
    assert "2026/27" in capsys.readouterr().out
    report = tmp_path / "draft.md"
    assert run(["report", "-m", "UNMIK", "-p", "2026/27", "-k", "budget", "-f", "md", "-o",
                str(report), "--db", db]) == 0
    assert "2026/27" in report.read_text(encoding="utf-8")
    published = tmp_path / "published.json"
    assert run(["export", "-m", "UNMIK", "-p", "2026/27", "-k", "budget", "-o",
                str(published), "--db", db]) == 0
    body = json.loads(published.read_text(encoding="utf-8"))
    body["draft"] = False
    published.write_text(json.dumps(body), encoding="utf-8")
    assert run(["load", str(published), "--db", db]) == 0
    capsys.readouterr()
    assert run(["draft", "--from", "UNMIK:2025/26", "--period", "2026/27", "--db", db]) == 1
    assert "a draft does not replace it" in capsys.readouterr().err


def test_a_draft_must_follow_its_source(db: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["draft", "--from", "UNMIK:2025/26", "--period", "2027/28", "--db", db]) == 1
    assert "drafts 2026/27, not 2027/28" in capsys.readouterr().err
    assert run(["draft", "--from", "UNMIK-2025", "--period", "2026/27", "--db", db]) == 1


def test_cost_of_a_scenario(db: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["scenario", "new", "low", "--from", "UNMIK:2025/26", "--db", db]) == 0
    assert run(["scenario", "set", "low", "vacancy_factor.international_staff=10.0", "--db",
                db]) == 0
    data = _json(capsys, ["cost", *UNMIK, "--scenario", "low", "--format", "json", "--db", db])
    # 46 045.3 (seed line 536) less 313.0 for the higher vacancy factor
    assert data["lines"]["total_requirements"] == "45732.3"  # type: ignore[index]
    assert run(["cost", "-m", "UNMIK", "-p", "2024/25", "--scenario", "low", "--db", db]) == 1
    assert "is on UNMIK 2025/26, not UNMIK 2024/25" in capsys.readouterr().err
