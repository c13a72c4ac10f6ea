"""``rbb redeploy`` and ``rbb redeployments``: a redeployment recorded from the command
line shows in the table by group, and bad input is one line naming what was expected;
``rbb actuals`` and ``rbb withdraw-actual``: an actual value recorded in error withdrawn."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from rbb.cli import run
from rbb.model import Period
from rbb.services.execution_records import ExecutionRecordsService
from rbb.storage import DocumentStore, create_database_engine, upgrade
from tests.conftest import PERFORMANCE_SEED, imported


@pytest.fixture
def db(tmp_path: Path) -> str:
    url = f"sqlite:///{tmp_path / 'rbb.sqlite'}"
    engine = create_database_engine(url)
    upgrade(engine)
    result = imported(PERFORMANCE_SEED)
    assert result.document is not None
    DocumentStore(engine).save(result.document, result.diagnostics)
    engine.dispose()
    return url


def test_redeploy_then_list_as_json(db: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["redeploy", "-m", "UNMIK", "-p", "2021/22", "--from", "operational_costs",
                "--to", "civilian_personnel", "--amount", "381300", "--date", "2022-06-15",
                "--reason", "Salary scale revision", "--approver", "D. Director",
                "--db", db]) == 0
    capsys.readouterr()
    assert run(["redeployments", "-m", "UNMIK", "-p", "2021/22", "--format", "json",
                "--db", db]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["redeployments"][0]["recorded_by"].startswith("cli:")
    # By hand: 7 995.6 - 381.3 = 7 614.3 and 32 534.4 + 381.3 = 32 915.7 (thousands)
    rows = {r["group"]: r for r in data["table"]["rows"]}
    assert rows["operational_costs"]["revised_distribution"] == "7614.3"
    assert rows["civilian_personnel"]["revised_distribution"] == "32915.7"
    assert run(["redeployments", "-m", "UNMIK", "-p", "2021/22", "--db", db]) == 0
    assert "32 915.7" in capsys.readouterr().out


def test_a_bad_redeployment_is_one_line(db: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["redeploy", "-m", "UNMIK", "-p", "2021/22", "--from", "medical",
                "--to", "rations", "--amount", "10", "--date", "2022-01-01",
                "--reason", "x", "--approver", "y", "--db", db]) == 1
    err = capsys.readouterr().err
    assert "'rations' is not a group or class" in err and "Traceback" not in err


def test_withdraw_a_redeployment_recorded_in_error(
        db: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["redeploy", "-m", "UNMIK", "-p", "2021/22", "--from", "operational_costs",
                "--to", "civilian_personnel", "--amount", "381300", "--date", "2022-06-15",
                "--reason", "Salary scale revision", "--approver", "D. Director",
                "--db", db]) == 0
    number = capsys.readouterr().out.split("redeployment ")[1].split(":")[0]
    assert run(["redeploy", "-m", "UNMIK", "-p", "2021/22", "--withdraw", number,
                "--db", db]) == 1
    assert "--withdraw needs --reason" in capsys.readouterr().err
    assert run(["redeploy", "-m", "UNMIK", "-p", "2021/22", "--withdraw", number,
                "--amount", "5", "--reason", "x", "--db", db]) == 1
    assert "not --amount" in capsys.readouterr().err
    assert run(["redeploy", "-m", "UNMIK", "-p", "2021/22", "--withdraw", number,
                "--reason", "Approved for 2022/23, not 2021/22", "--db", db]) == 0
    assert f"Withdrew redeployment {number}" in capsys.readouterr().out
    assert run(["redeployments", "-m", "UNMIK", "-p", "2021/22", "--format", "json",
                "--db", db]) == 0
    data = json.loads(capsys.readouterr().out)
    kept = data["redeployments"][0]
    assert kept["withdrawn"]["reason"] == "Approved for 2022/23, not 2021/22"
    assert kept["withdrawn"]["by"].startswith("cli:")
    # No longer counted: operational costs keep their 7 995.6 (A/77/589, line 4164).
    rows = {r["group"]: r for r in data["table"]["rows"]}
    assert rows["operational_costs"]["revised_distribution"] == "7995.6"
    assert run(["redeploy", "-m", "UNMIK", "-p", "2021/22", "--withdraw", number,
                "--reason", "again", "--db", db]) == 1
    assert "withdrawn already" in capsys.readouterr().err


def test_a_redeployment_needs_its_fields(db: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["redeploy", "-m", "UNMIK", "-p", "2021/22", "--from", "operational_costs",
                "--amount", "10", "--db", db]) == 1
    assert "needs --to, --reason, --approver" in capsys.readouterr().err


def test_rbb_check_on_the_store_checks_the_recorded_redeployments(
        db: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["redeploy", "-m", "UNMIK", "-p", "2021/22", "--from", "operational_costs",
                "--to", "civilian_personnel", "--amount", "381300", "--date", "2022-06-15",
                "--reason", "Salary scale revision", "--approver", "D. Director",
                "--db", db]) == 0
    capsys.readouterr()
    run(["check", "-m", "UNMIK", "-p", "2021/22", "-k", "performance", "--format", "json",
         "--db", db])
    found = [f for f in json.loads(capsys.readouterr().out)
             if f["code"] == "redeployments.against-report"]
    # A/77/589 prints nothing redeployed (lines 4162, 4164); 381.3 thousand recorded.
    assert [(f["row"], f["source_line"], f["printed"], f["computed"]) for f in found] == [
        ("civilian_personnel", 4162, "0", "381.3"),
        ("operational_costs", 4164, "0", "-381.3")]


def test_withdraw_an_actual_value_recorded_in_error(
        db: str, capsys: pytest.CaptureFixture[str]) -> None:
    # A/77/589's framework (the stored performance report's): indicator 1.1.1 of the
    # substantive component, quarter 2 recorded twice over: once for 1.1.1, once for
    # 1.1.2 in error.
    engine = create_database_engine(db)
    service = ExecutionRecordsService(engine)
    period = Period.parse("2021/22")
    kept = service.record("UNMIK", period, subject="indicator", component="substantive",
                          key="1.1.1", quarter=2, value="38", by="ed")
    wrong = service.record("UNMIK", period, subject="indicator", component="substantive",
                           key="1.1.2", quarter=2, value="38", by="ed")
    engine.dispose()
    assert run(["actuals", "-m", "UNMIK", "-p", "2021/22", "--db", db]) == 0
    assert "Actual values UNMIK 2021/22" in capsys.readouterr().out
    assert run(["withdraw-actual", str(wrong.id), "-m", "UNMIK", "-p", "2021/22",
                "--db", db]) == 2
    assert "--reason" in capsys.readouterr().err
    assert run(["withdraw-actual", str(wrong.id), "-m", "UNMIK", "-p", "2021/22",
                "--reason", "Entered against 1.1.2, meant for 1.1.1", "--db", db]) == 0
    assert (f"Withdrew actual value {wrong.id}: indicator substantive 1.1.2, quarter 2 "
            "('38'); it no longer counts") in capsys.readouterr().out
    assert run(["actuals", "-m", "UNMIK", "-p", "2021/22", "--format", "json",
                "--db", db]) == 0
    listed = {a["id"]: a for a in json.loads(capsys.readouterr().out)}
    assert listed[kept.id]["withdrawn"] is None
    assert listed[wrong.id]["withdrawn"]["reason"] == "Entered against 1.1.2, meant for 1.1.1"
    assert listed[wrong.id]["withdrawn"]["by"].startswith("cli:")
    # Withdrawn already; and a number of another period is not found there.
    assert run(["withdraw-actual", str(wrong.id), "-m", "UNMIK", "-p", "2021/22",
                "--reason", "again", "--db", db]) == 1
    assert "withdrawn already" in capsys.readouterr().err
    assert run(["withdraw-actual", str(kept.id), "-m", "UNMIK", "-p", "2022/23",
                "--reason", "x", "--db", db]) == 1
    assert f"no actual value numbered {kept.id} is stored for UNMIK 2022/23" in \
        capsys.readouterr().err
