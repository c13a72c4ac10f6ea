"""A DuckDB ledger is held while it is used and let go when idle, so that another process
can take its turn; a process that finds it taken waits, then says it is busy."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import pytest

from rbb.model.errors import BusyError
from rbb.storage import ledger_sql as sql
from rbb.storage.ledger_backends import DuckDbLedger

HOLD = """
import sys, duckdb
connection = duckdb.connect(sys.argv[1])
print("holding", flush=True)
sys.stdin.readline()
connection.close()
"""


def _until(condition: object, seconds: float = 10.0) -> bool:
    """Wait for ``condition()`` (a background timer's work), at most ``seconds``."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():  # type: ignore[operator]
            return True
        time.sleep(0.01)
    return False


def test_an_idle_ledger_is_let_go_for_another_process(tmp_path: Path) -> None:
    path = tmp_path / "rbb.ledger.duckdb"
    ledger = DuckDbLedger(path, idle=0.05)
    assert ledger.rows(sql.ACCOUNTS, {}) == []
    assert _until(lambda: ledger._database is None)
    other = subprocess.run([sys.executable, "-c", "import duckdb, sys; "
                            "duckdb.connect(sys.argv[1]).close()", str(path)], check=False)
    assert other.returncode == 0
    assert ledger.rows(sql.ACCOUNTS, {}) == []  # opened again on the next use
    ledger.close()


def test_a_ledger_another_process_holds_is_waited_for_then_busy(tmp_path: Path) -> None:
    path = tmp_path / "rbb.ledger.duckdb"
    DuckDbLedger(path).close()
    holder = subprocess.Popen([sys.executable, "-c", HOLD, str(path)], stdin=subprocess.PIPE,
                              stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "holding"
        with pytest.raises(BusyError, match="in use by another process"):
            DuckDbLedger(path, wait=0.2)
    finally:
        holder.communicate("\n", timeout=30)
    ledger = DuckDbLedger(path, wait=5)
    assert ledger.rows(sql.ACCOUNTS, {}) == []
    ledger.close()
