"""``rbb requests -m MISSION [--open] [--format table|json|csv]`` over a stored store.

Rows asserted are the follow-up rows of the budget seed (src/rbb/data/seeds/
unmik-budget-2025-26.txt, section V, lines 724-780) and of the performance seed
(unmik-performance-2021-22.txt, section VI, lines 4606-4850)."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from rbb.cli import run
from rbb.model import Document, DocumentKind, Period
from rbb.model.mission import Mission
from rbb.model.tables import FollowUp
from rbb.storage import DocumentStore, create_database_engine, upgrade
from tests.conftest import BUDGET_SEED, PERFORMANCE_SEED, imported


@pytest.fixture
def db(tmp_path: Path) -> str:
    url = f"sqlite:///{tmp_path / 'rbb.sqlite'}"
    engine = create_database_engine(url)
    upgrade(engine)
    store = DocumentStore(engine)
    for path in (BUDGET_SEED, PERFORMANCE_SEED):
        result = imported(path)
        assert result.document is not None
        store.save(result.document, result.diagnostics)
    engine.dispose()
    return url


def test_json_lists_every_request_with_its_responses(
        db: str, capsys: pytest.CaptureFixture[str]) -> None:
    capsys.readouterr()
    assert run(["requests", "-m", "unmik", "--format", "json", "--db", db]) == 0
    items = {item["key"]: item for item in json.loads(capsys.readouterr().out)}
    # Five paragraphs of resolution 76/274 and five of A/78/744/Add.7 in the budget, the
    # performance report adds A/76/760 para. 77 and A/76/760/Add.3 paras. 19 and 30.
    assert len(items) == 13
    para81 = items["resolution 76/274, para. 81"]
    assert para81["source"]["symbol"] == "A/RES/76/274"
    assert para81["status"] == "responded"
    assert [(r["document"]["period"], r["source_line"]) for r in para81["responses"]] == [
        ("2021/22", 4633), ("2025/26", 737)]
    # Line 767 "(para. 22)"; its action (line 778): "A civilian staffing review is
    # scheduled to be held in the third quarter of 2025".
    staffing = items["A/78/744/Add.7, para. 22"]
    assert staffing["status"] == "partly"
    assert staffing["source"]["endorsed_by"] == ["A/RES/78/302"]
    assert staffing["period"] == "2024/25" and staffing["period_inferred"] is True


def test_open_leaves_out_the_responded(db: str, capsys: pytest.CaptureFixture[str]) -> None:
    capsys.readouterr()
    assert run(["requests", "-m", "UNMIK", "--open", "-f", "json", "--db", db]) == 0
    items = json.loads(capsys.readouterr().out)
    # Partly: 76/274 paras. 17 (l. 733) and 27 (l. 734); A/78/744/Add.7 paras. 20 (c),
    # 22 and 25 (ll. 761, 767, 769).
    assert sorted(item["key"] for item in items) == sorted([
        "resolution 76/274, para. 17", "resolution 76/274, para. 27",
        "A/78/744/Add.7, para. 20 (c)", "A/78/744/Add.7, para. 22",
        "A/78/744/Add.7, para. 25"])
    assert {item["status"] for item in items} == {"partly"}


def test_table_and_csv(db: str, capsys: pytest.CaptureFixture[str]) -> None:
    capsys.readouterr()
    assert run(["requests", "-m", "UNMIK", "--db", db]) == 0
    table = capsys.readouterr().out
    assert "UNMIK: 13 requests" in table
    assert "A/78/744/Add.7, para. 20 (e)" in table and "2025/26 budget line 765" in table
    assert run(["requests", "-m", "UNMIK", "-f", "csv", "--db", db]) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert len(rows) == 13
    row = next(r for r in rows if r["key"] == "A/76/760/Add.3, para. 19")
    assert row["symbol"] == "A/76/760/Add.3" and row["body"] == "acabq"
    assert row["responses"] == "2021/22 performance line 4794"


def test_text_from_a_report_is_printed_as_data(tmp_path: Path,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    """A request holding console markup or a formula prints as written, and a CSV cell
    that a spreadsheet would run is neutralised."""
    url = f"sqlite:///{tmp_path / 'hostile.sqlite'}"
    engine = create_database_engine(url)
    upgrade(engine)
    mission = Mission(code="MINUFIC", name="United Nations Fictional Mission in Utopia",
                      provisional=True)
    DocumentStore(engine).save(Document(
        kind=DocumentKind.BUDGET, mission=mission, period=Period.parse("2027/28"),
        title="Budget of MINUFIC", follow_up=(FollowUp(
            body="general_assembly", reference="Resolution 80/123",
            request="=HYPERLINK(\"x\") [bold red]Requests[/] a plan (para. 12).",
            action="", source_line=9),)))
    engine.dispose()
    capsys.readouterr()
    assert run(["requests", "-m", "MINUFIC", "--db", url]) == 0
    shown = " ".join(capsys.readouterr().out.split())
    assert "[bold red]Requests[/]" in shown and "no response found" in shown
    assert run(["requests", "-m", "MINUFIC", "-f", "csv", "--db", url]) == 0
    (row,) = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert row["text"].startswith("'=HYPERLINK")
    assert row["status"] == "no response found"


def test_a_mission_without_documents_is_one_line_and_exit_1(
        db: str, capsys: pytest.CaptureFixture[str]) -> None:
    capsys.readouterr()
    assert run(["requests", "-m", "UNMISS", "--db", db]) == 1
    assert "no document of a mission 'UNMISS' is stored" in capsys.readouterr().err
