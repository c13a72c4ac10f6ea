"""An uploaded extract imported on the server's own ledger store: its ending as data (the
lines stored, the bad rows, or the one error), never an exception for a refused file."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import Engine

from rbb.model import Period
from rbb.model.errors import InputError
from rbb.services.execution_service import InMemoryLedger, StoredLedger
from rbb.services.ledger_uploads import (
    UploadedExtract,
    check_source_name,
    import_extract,
    imported_sources,
)
from tests.importers.ledger.ledger_files import GOOD, write_csv


def test_an_extract_is_stored_on_the_servers_ledger(engine: Engine, tmp_path: Path) -> None:
    ledger = StoredLedger(engine)
    steps: list[str] = []
    path = write_csv(tmp_path / "mx.csv", GOOD)
    done = import_extract(ledger, UploadedExtract(path=path, mission="MX"), steps.append)
    assert (done.stored, done.source, done.lines, done.error) == (True, "mx.csv", 3, None)
    assert steps == ["reading and storing mx.csv"]
    # the same store the dashboard reads, left open for it
    assert [(s.source, s.lines) for s in imported_sources(ledger, "MX")] == [("mx.csv", 3)]
    assert len(ledger.lines("MX", Period.parse("2023/24"))) == 3


def test_bad_rows_and_a_missing_mapping_are_outcomes(sqlite_engine: Engine,
                                                     tmp_path: Path) -> None:
    ledger = StoredLedger(sqlite_engine)
    bad = write_csv(tmp_path / "bad.csv", [(*GOOD[0][:7], "lots", *GOOD[0][8:])])
    refused = import_extract(ledger, UploadedExtract(path=bad, mission="MX", source="fmis"))
    assert (refused.stored, refused.lines) == (False, 0)
    assert [(r.row, r.column) for r in refused.bad_rows] == [(1, "amount")]
    assert refused.error == "bad.csv: 1 row of the extract is not a ledger line; nothing is stored"
    unknown = import_extract(ledger, UploadedExtract(path=bad, mission="MX",
                                                     mapping_source="nosuch"))
    assert unknown.error is not None and "'nosuch' of MX" in unknown.error
    assert imported_sources(ledger, "MX") == []


def test_a_ledger_held_in_memory_imports_nothing(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "mx.csv", GOOD)
    with pytest.raises(InputError, match="held in memory"):
        import_extract(InMemoryLedger(), UploadedExtract(path=path, mission="MX"))
    assert imported_sources(InMemoryLedger(), "MX") == []


@pytest.mark.parametrize("name", ["", " ", "a\nb", "x" * 65, "tab\there"])
def test_a_source_name_is_one_printable_line(name: str) -> None:
    with pytest.raises(InputError, match="printable characters on one line"):
        check_source_name(name)


def test_a_source_name_is_trimmed() -> None:
    assert check_source_name("  fmis 2023/24 ") == "fmis 2023/24"
