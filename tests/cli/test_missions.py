"""``rbb missions list|show|edit``: the register from the shell, every entry shown."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from rbb.cli import run
from rbb.model.mission import MissionKind
from rbb.model.mission_register import shipped_register

CODES = [mission.code for mission in shipped_register()]


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> str:
    url = f"sqlite:///{tmp_path_factory.mktemp('register') / 'rbb.sqlite'}"
    assert run(["db", "init", "--db", url]) == 0
    return url


@pytest.fixture
def fresh_db(tmp_path: Path) -> str:
    url = f"sqlite:///{tmp_path / 'rbb.sqlite'}"
    assert run(["db", "init", "--db", url]) == 0
    return url


def test_list_shows_every_entry(db: str, capsys: pytest.CaptureFixture[str]) -> None:
    capsys.readouterr()
    assert run(["missions", "list", "--json", "--db", db]) == 0
    listed = json.loads(capsys.readouterr().out)
    assert sorted(m["code"] for m in listed) == sorted(CODES)
    assert run(["missions", "list", "--db", db]) == 0
    table = capsys.readouterr().out
    assert f"Mission register ({len(CODES)})" in table and "UNTSO" in table


def test_list_active_and_closed(db: str, capsys: pytest.CaptureFixture[str]) -> None:
    capsys.readouterr()
    assert run(["missions", "list", "--active", "--json", "--db", db]) == 0
    active = {m["code"] for m in json.loads(capsys.readouterr().out)}
    assert run(["missions", "list", "--closed", "--json", "--db", db]) == 0
    closed = {m["code"] for m in json.loads(capsys.readouterr().out)}
    assert active.isdisjoint(closed) and active | closed == set(CODES)
    assert "UNMIK" in active and "MINUSMA" in closed
    assert run(["missions", "list", "--active", "--closed", "--db", db]) == 2


@pytest.mark.parametrize("code", CODES)
def test_show_works_for_every_code(db: str, code: str,
                                   capsys: pytest.CaptureFixture[str]) -> None:
    mission = next(m for m in shipped_register() if m.code == code)
    capsys.readouterr()
    assert run(["missions", "show", code, "--db", db]) == 0
    shown = capsys.readouterr().out
    assert mission.name[:40] in " ".join(shown.split())
    assert run(["missions", "show", code.lower(), "--json", "--db", db]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["code"] == code and data["name"] == mission.name
    assert data["kind"] == mission.kind.value and data["end"] == mission.end
    assert data["documents"] == []
    if mission.kind is MissionKind.OPERATION:
        assert data["establishing_resolution"] == mission.establishing_resolution


def test_show_an_unknown_code_lists_close_ones(db: str,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["missions", "show", "UNMISSS", "--db", db]) == 1
    err = capsys.readouterr().err
    assert "no mission 'UNMISSS' is in the register" in err and "UNMISS" in err


def test_edit_and_markup_is_printed_as_text(fresh_db: str,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["missions", "edit", "UNMISS", "--headquarters", "Juba [bold]HQ[/bold]",
                "--db", fresh_db]) == 0
    capsys.readouterr()
    assert run(["missions", "show", "UNMISS", "--db", fresh_db]) == 0
    shown = capsys.readouterr().out
    assert "Juba [bold]HQ[/bold]" in shown and "edited" in shown
    assert run(["missions", "edit", "UNMISS", "--end", "2001-01", "--db", fresh_db]) == 1
    assert "ends (2001-01) before it starts (2011-07)" in capsys.readouterr().err
    assert run(["missions", "edit", "UNMISS", "--db", fresh_db]) == 1
    assert "nothing to change" in capsys.readouterr().err
    # Seeding again (rbb db upgrade) keeps the admin's edit.
    assert run(["db", "upgrade", "--db", fresh_db]) == 0
    capsys.readouterr()
    assert run(["missions", "show", "UNMISS", "--json", "--db", fresh_db]) == 0
    assert json.loads(capsys.readouterr().out)["headquarters"] == "Juba [bold]HQ[/bold]"
    assert run(["missions", "edit", "UNMISS", "--end", "", "--db", fresh_db]) == 0


# A budget whose title names its operation by a name the shipped register does not hold,
# without a code in parentheses (written for this test).
_RENAMED = """United Nations A/99/701
General Assembly Distr.: General 2 February 2041
Budget for the United Nations Golan Separation Observer Force for the period from
1 July 2041 to 30 June 2042
Report of the Secretary-General
Summary
Financial resources
(Thousands of United States dollars; budget year is from 1 July to 30 June)
Category  Expenditure (2039/40)  Apportionment (2040/41)  Cost estimates (2041/42)
Amount  Percentage
Gross requirements  100.0  110.0  121.0  11.0  10.0
"""


def test_reading_a_report_uses_the_store_s_register_with_an_admin_s_names(
        fresh_db: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    report = tmp_path / "renamed.txt"
    report.write_text(_RENAMED, encoding="utf-8")
    assert run(["import", "--dry-run", str(report), "--db", fresh_db]) == 1
    assert "is not in rbb's register of missions" in capsys.readouterr().out
    assert run(["missions", "edit", "UNDOF", "--other-name",
                "United Nations Golan Separation Observer Force", "--db", fresh_db]) == 0
    capsys.readouterr()
    run(["import", "--dry-run", str(report), "--db", fresh_db])
    shown = capsys.readouterr().out
    assert "UNDOF" in shown and "2041/42" in shown and "register of missions" not in shown
