"""One error boundary: every expected failure of a command is one line and an exit
code, never a traceback; data printed through Rich is never taken for markup."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy.exc import OperationalError

from rbb.cli import failure_message, run
from rbb.services.data_format import to_json
from tests.conftest import POSTGRES_URL, postgres_or_skip
from tests.storage.test_document_store import budget_2025_26


@pytest.fixture
def db(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'rbb.sqlite'}"


def _rbb(*args: str) -> subprocess.CompletedProcess[str]:
    """The installed command itself, as a user runs it."""
    return subprocess.run([sys.executable, "-c", "from rbb.cli import main; main()", *args],
                          capture_output=True, text=True, timeout=120,
                          env={**os.environ, "COLUMNS": "100"})


@pytest.mark.parametrize(("args", "says"), [
    (["bogus"], "No such command 'bogus'"),
    (["list", "--bogus"], "No such option: --bogus"),
    (["import"], "Missing argument"),
    (["report", "-m", "UNMIK"], "Missing option"),
])
def test_a_usage_error_prints_the_usage_line_and_exits_2(args: list[str], says: str) -> None:
    done = _rbb(*args)
    assert done.returncode == 2
    assert "Traceback" not in done.stderr
    assert done.stderr.startswith("Usage: ")
    assert says in done.stderr


def test_a_full_disk_is_one_line(db: str, tmp_path: Path) -> None:
    """/dev/full answers every write with ENOSPC, as a full disk does."""
    if not Path("/dev/full").exists():
        pytest.skip("this system has no /dev/full to play a full disk")
    source = tmp_path / "doc.json"
    source.write_text(to_json(budget_2025_26()), encoding="utf-8")
    assert _rbb("load", str(source), "--db", db).returncode == 0
    done = _rbb("export", "-m", "UNMIK", "-p", "2025/26", "-k", "budget", "-o", "/dev/full",
                "--db", db)
    assert done.returncode == 1
    assert done.stderr.strip().splitlines() == [
        "error: cannot write /dev/full: No space left on device"]


def test_a_database_failure_names_neither_the_sql_nor_its_parameters() -> None:
    """A terminated PostgreSQL connection raises with the statement and its parameters
    attached; the message keeps only the server's own words."""
    error = OperationalError("SELECT body FROM documents WHERE symbol = %(symbol)s",
                             {"symbol": "A/79/secret"},
                             Exception("terminating connection due to administrator command"))
    message = failure_message(error)
    assert message == ("the database failed (Exception): terminating connection due to "
                       "administrator command")


def test_an_unreachable_postgresql_server_is_one_line() -> None:
    postgres_or_skip()
    url = POSTGRES_URL.rsplit("/", 1)[0] + "/rbb_no_such_database"
    done = _rbb("list", "--db", url)
    assert done.returncode == 1
    assert "Traceback" not in done.stderr
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: the database failed")
    assert 'database "rbb_no_such_database" does not exist' in lines[0]


def test_data_that_looks_like_markup_is_printed_as_it_is(db: str, tmp_path: Path,
                                                         capsys: pytest.CaptureFixture[str]
                                                         ) -> None:
    """A symbol ``[/x]`` broke ``rbb list``; ``[red]`` was taken for a colour."""
    document = budget_2025_26().model_copy(update={"symbol": "A/[/x][red]"})
    source = tmp_path / "doc.json"
    source.write_text(to_json(document), encoding="utf-8")
    assert run(["load", str(source), "--db", db]) == 0
    capsys.readouterr()
    assert run(["list", "--db", db]) == 0
    shown = capsys.readouterr().out
    assert "A/[/x][red]" in shown


def test_a_message_with_markup_is_printed_as_it_is(db: str,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["report", "-m", "UNMIK", "-p", "2025/26", "-k", "budget", "--format",
                "[bold]x[/]", "--db", db]) == 1
    assert "'[bold]x[/]' is not a report format" in capsys.readouterr().err
