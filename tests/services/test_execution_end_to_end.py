"""UNMIK 2021/22 run through the execution half of the cycle, as a user would from the
shell: ``rbb seed``; ``rbb ledger generate`` (a ledger adding up to A/77/589's
expenditure column); ``rbb ledger import`` into the store (DuckDB beside SQLite, or the
PostgreSQL table); the dashboard read from the store; ``rbb draft-performance``, whose
financial resources table must give back A/77/589's expenditure and variance columns.

Every expected figure is the stored A/77/589's own (src/rbb/data/seeds/
unmik-performance-2021-22.txt, "Financial resources"), compared line by line."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from sqlalchemy import Engine

from rbb.cli import run
from rbb.model import Document, DocumentKind, Period
from rbb.services.execution_service import StoredLedger, dashboard
from rbb.storage import DocumentStore

from ..conftest import store_url
from ..web.conftest import store_seeds

P = Period.parse("2021/22")
LINES = 4000

@pytest.fixture
def ledger_imported(engine: Engine, tmp_path: Path) -> Engine:
    store_seeds(engine)
    extract = tmp_path / "unmik-2021-22.csv"
    assert run(["ledger", "generate", "-m", "UNMIK", "-p", "2021/22", "-o", str(extract),
                "--lines", str(LINES), "--seed", "7", "--db", store_url(engine)]) == 0
    assert run(["ledger", "import", str(extract), "-m", "UNMIK", "--db", store_url(engine)]) == 0
    return engine


def _columns(document: Document) -> dict[tuple[str, str], object]:
    table = document.financial_table("financial_resources")
    assert table is not None
    return {(column.key, row.line): row.values.get(column.key)
            for column in table.columns for row in table.rows}


def test_the_drafted_report_gives_back_the_printed_columns(
        ledger_imported: Engine, tmp_path: Path) -> None:
    drafted = tmp_path / "draft.json"
    assert run(["draft-performance", "-m", "UNMIK", "-p", "2021/22", "-o", str(drafted),
                "--db", store_url(ledger_imported)]) == 0
    draft = Document.model_validate_json(drafted.read_text(encoding="utf-8"))
    printed = DocumentStore(ledger_imported).load("UNMIK", P, DocumentKind.PERFORMANCE)
    ours, theirs = _columns(draft), _columns(printed)
    compared = [key for key in theirs if key[0].startswith(("expenditure", "variance"))]
    # Every class, group, the gross requirements, staff assessment income (posted to its
    # own account) and the net requirements: 3 columns × 29 lines of A/77/589.
    assert len(compared) == 87
    assert {key: ours.get(key) for key in compared} == {key: theirs[key] for key in compared}
    # The explanations name the accounts (the reference mapping's labels) that carried the
    # months they cite, each amount linked to its account in the ledger, and the draft
    # still passes the document's checks with no error.
    paragraphs = [p for e in draft.variance_explanations for p in e.paragraphs]
    named = [p for p in paragraphs if "(account 7" in p.text]
    assert named, [p.text for p in paragraphs]
    assert all(any(" account 7" in link.source for link in p.links) for p in named)
    from rbb.engine.checks import check_document
    from rbb.model.findings import Severity

    assert [f for f in check_document(draft) if f.severity is Severity.ERROR] == []


def test_the_dashboard_reads_the_stored_ledger(ledger_imported: Engine) -> None:
    source = StoredLedger(ledger_imported)
    documents = [DocumentStore(ledger_imported).load("UNMIK", P, DocumentKind.PERFORMANCE)]
    board = dashboard(source, "UNMIK", P, documents, as_of=dt.date(2022, 6, 30))
    assert board.execution is not None and board.unmapped_accounts == ()
    total = board.execution.total
    # At year end the ledger's expenditure is A/77/589's: $40,612,600 gross (line 4114's
    # expenditure column), against an apportionment of $41,298,500.
    assert total.expenditure == 40_612_600
    assert total.apportionment == 41_298_500
    # The drill-down of national staff finds the lines of its two parts (NPO, GS).
    lines = source.lines("UNMIK", P, class_code="national_staff", limit=5)
    assert len(lines) == 5


def test_the_ledger_summary_is_json_in_dollars(ledger_imported: Engine,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    capsys.readouterr()
    assert run(["ledger", "summary", "-m", "UNMIK", "-p", "2021/22", "--json",
                "--db", store_url(ledger_imported)]) == 0
    summary = json.loads(capsys.readouterr().out)
    assert summary["unit"] == "dollars" and summary["unmapped_accounts"] == []
