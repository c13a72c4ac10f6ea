"""The same lines give the same aggregates on DuckDB and on PostgreSQL (decision 25),
and a killed import leaves the ledger as it was on both."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from collections import defaultdict
from decimal import Decimal
from pathlib import Path

from sqlalchemy import Engine

from rbb.model.ledger import LedgerDocumentType
from rbb.storage.ledger import MAX_PAGE, LedgerStore

from .ledger_data import ACCOUNTS, LINES, MISSION, P2023, SOURCE, Period, many_lines


def test_both_backends_give_identical_aggregates(sqlite_engine: Engine,
                                                 postgres_engine: Engine) -> None:
    lines = many_lines(3_000)
    stores = [LedgerStore(sqlite_engine), LedgerStore(postgres_engine)]
    for store in stores:
        store.replace_accounts(ACCOUNTS)
        assert store.replace_source(MISSION, "bulk", [lines[:1_234], lines[1_234:]]) == 3_000
    duckdb, postgres = stores
    for period in (Period(2023), Period(2024)):
        for query in ("class_months", "account_months", "by_account", "by_funds_centre",
                      "unmapped_accounts"):
            assert getattr(duckdb, query)(MISSION, period) == getattr(postgres, query)(
                MISSION, period), query
        assert (duckdb.lines(MISSION, period, offset=100, limit=500)
                == postgres.lines(MISSION, period, offset=100, limit=500))
    # Independently of both: the class × month sums computed here from the lines.
    mapped = {a.account: a.class_code for a in ACCOUNTS}
    expected: dict[tuple[str, object], Decimal] = defaultdict(Decimal)
    for line in lines:
        if (line.period == P2023 and line.account in mapped
                and line.document_type is LedgerDocumentType.DISBURSEMENT):
            expected[mapped[line.account], line.posting_date.replace(day=1)] += line.amount_usd
    assert {(cm.class_code, cm.month): cm.disbursed
            for cm in duckdb.class_months(MISSION, P2023) if cm.disbursed} == {
        key: value for key, value in expected.items() if value}
    assert duckdb.lines(MISSION, P2023, limit=MAX_PAGE) == sorted(
        (line for line in lines if line.period == P2023),
        key=lambda line: (line.posting_date, line.source, line.row))


CHILD = textwrap.dedent("""
    import sys, time
    from pathlib import Path
    from rbb.storage import create_database_engine
    from rbb.storage.ledger import LedgerStore
    sys.path.insert(0, {tests!r})
    from storage.ledger_data import MISSION, SOURCE, many_lines

    engine = create_database_engine({url!r}, schema={schema!r})
    store = LedgerStore(engine)

    def batches():
        yield many_lines(2_000, source=SOURCE)
        Path({marker!r}).write_text("loaded one batch")
        time.sleep(120)
        yield []

    store.replace_source(MISSION, SOURCE, batches())  # killed inside its transaction
""")


def _kill_once_started(program: str, marker: Path, after: float = 0.0) -> None:
    """Run ``program`` in a process of its own and kill it (SIGKILL) ``after`` seconds
    once it has written ``marker``."""
    child = subprocess.Popen([sys.executable, "-c", program], env=os.environ.copy(),
                             stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 120
        while not marker.exists():
            assert child.poll() is None, child.stderr.read() if child.stderr else ""
            assert time.monotonic() < deadline, "the import never started"
            time.sleep(0.1)
        time.sleep(after)
    finally:
        child.send_signal(signal.SIGKILL)
        child.wait(timeout=30)
    assert child.returncode == -signal.SIGKILL


def test_a_killed_import_leaves_the_ledger_as_it_was(engine: Engine, tmp_path: Path) -> None:
    store = LedgerStore(engine)
    store.replace_accounts(ACCOUNTS)
    store.replace_source(MISSION, SOURCE, [LINES])
    before = (store.lines(MISSION, P2023), store.class_months(MISSION, P2023))
    schema = None  # the test's own PostgreSQL schema, which the child must use too
    if engine.dialect.name == "postgresql":
        with engine.connect() as connection:
            schema = connection.exec_driver_sql("SELECT current_schema()").scalar()
    url = engine.url.render_as_string(hide_password=False)
    marker = tmp_path / "started"
    tests = str(Path(__file__).resolve().parents[1])
    _kill_once_started(CHILD.format(tests=tests, url=url, schema=schema,
                                    marker=str(marker)), marker)
    after = LedgerStore(engine)
    assert (after.lines(MISSION, P2023), after.class_months(MISSION, P2023)) == before
    assert [s.lines for s in after.sources(MISSION)] == [7]
    # The ledger is usable afterwards: the same extract imports whole.
    assert after.replace_source(MISSION, SOURCE, [LINES]) == 7


STAGED_CHILD = textwrap.dedent("""
    import time
    from pathlib import Path
    from types import SimpleNamespace
    from rbb.storage import create_database_engine
    from rbb.storage.ledger import LedgerStore

    store = LedgerStore(create_database_engine({url!r}))

    def stage(connection):
        # A staged extract of a hundred million lines, made up: the insert takes seconds,
        # and the process is killed in the middle of its transaction.
        Path({marker!r}).write_text("staged")
        return SimpleNamespace(periods=(2023,), select=(
            "SELECT 'MINUFIC', 'fmis-2023-24', CAST(range + 1 AS INTEGER), 'D' || range, "
            "DATE '2023-07-01', DATE '2023-07-01', 2023, 'F', 'FC-A', '5111', "
            "'obligation', 1.00, 'USD', 1.00, '' FROM range(100000000)"))

    store.replace_source_staged("MINUFIC", "fmis-2023-24", stage)  # a re-sent extract
""")


def test_a_killed_bulk_import_leaves_the_duckdb_ledger_as_it_was(sqlite_engine: Engine,
                                                                 tmp_path: Path) -> None:
    store = LedgerStore(sqlite_engine)
    store.replace_accounts(ACCOUNTS)
    store.replace_source(MISSION, SOURCE, [LINES])
    before = (store.lines(MISSION, P2023), store.class_months(MISSION, P2023))
    store.close()  # the child takes the file
    marker = tmp_path / "staged"
    url = sqlite_engine.url.render_as_string(hide_password=False)
    _kill_once_started(STAGED_CHILD.format(url=url, marker=str(marker)), marker,
                       after=1.0)  # inside the insert
    after = LedgerStore(sqlite_engine)
    assert (after.lines(MISSION, P2023), after.class_months(MISSION, P2023)) == before
    assert [s.lines for s in after.sources(MISSION)] == [7]
