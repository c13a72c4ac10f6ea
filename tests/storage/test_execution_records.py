"""Execution records in the store, on SQLite and PostgreSQL: redeployments kept exactly
with who recorded them, actual values replaced by quarter with their evidence kept, and
evidence refused whole (too big, not a kind rbb keeps) with nothing stored."""

from __future__ import annotations

import datetime as dt
import hashlib
from decimal import Decimal

import pytest
from sqlalchemy import Engine, func, select

from rbb.model.cycle import Period
from rbb.model.errors import InputError, NotFoundError, TooLargeError
from rbb.model.execution import IndicatorActual, OutputActual, Redeployment, Withdrawal
from rbb.storage import schema as tables
from rbb.storage.execution_records import ExecutionRecordStore

PERIOD = Period.parse("2023/24")
NOW = dt.datetime(2024, 2, 1, 9, 30, tzinfo=dt.UTC)
PDF = b"%PDF-1.7\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


def _redeployment(amount: str, from_line: str, to_line: str, day: int = 15) -> Redeployment:
    # A fictional mission (MINTEST): nothing here is one report's wording.
    return Redeployment(mission="MINTEST", period=PERIOD, date=dt.date(2024, 3, day),
                        amount=Decimal(amount), from_line=from_line, to_line=to_line,
                        reason="Fuel prices above the budgeted rate", approver="A. Chief",
                        recorded_by="ed", recorded_at=NOW)


def _rows(engine: Engine, table: object) -> int:
    with engine.connect() as connection:
        return int(connection.execute(select(func.count()).select_from(table)).scalar_one())


def test_redeployments_are_kept_exactly_in_date_order(engine: Engine) -> None:
    store = ExecutionRecordStore(engine)
    later = store.add_redeployment(_redeployment("125000.50", "civilian_personnel",
                                                 "operational_costs", day=20))
    first = store.add_redeployment(_redeployment("0.01", "international_staff",
                                                 "ground_transportation", day=2))
    assert later.id is not None and first.id is not None
    found = store.redeployments("MINTEST", PERIOD)
    assert [r.id for r in found] == [first.id, later.id]
    assert found[1].amount == Decimal("125000.50") and found[0].amount == Decimal("0.01")
    assert found[1].recorded_by == "ed" and found[1].recorded_at == NOW
    assert store.redeployments("MINTEST", PERIOD.next) == []


def test_an_actual_recorded_again_replaces_its_value_and_keeps_its_evidence(
        engine: Engine) -> None:
    store = ExecutionRecordStore(engine)
    actual = store.record_actual(IndicatorActual(
        mission="MINTEST", period=PERIOD, component="substantive", key="1.1.1", quarter=2,
        value="40 per cent", recorded_by="ed", recorded_at=NOW))
    assert actual.id is not None
    evidence = store.add_evidence(actual.id, "..\\..\\etc\\<survey>.pdf", PDF, by="ed")
    assert evidence.file_name == "survey_.pdf"  # no folder, no markup
    assert evidence.media_type == "application/pdf" and evidence.size == len(PDF)
    assert evidence.sha256 == hashlib.sha256(PDF).hexdigest()
    again = store.record_actual(actual.model_copy(update={
        "id": None, "value": "44 per cent", "recorded_by": "ann", "evidence": ()}))
    assert again.id == actual.id and again.evidence == (evidence,)
    found = store.actuals("MINTEST", PERIOD)
    assert len(found) == 1 and found[0].value == "44 per cent"
    assert found[0].recorded_by == "ann" and found[0].evidence == (evidence,)
    assert evidence.id is not None
    downloaded = store.evidence_file(evidence.id)
    assert downloaded.content == PDF and downloaded.actual.key == "1.1.1"


def test_outputs_and_indicators_are_apart(engine: Engine) -> None:
    store = ExecutionRecordStore(engine)
    for kind, key in ((IndicatorActual, "1.1.1"), (OutputActual, "1.1/1")):
        store.record_actual(kind(mission="MINTEST", period=PERIOD, component="support",
                                 key=key, quarter=1, value="12", recorded_by="ed",
                                 recorded_at=NOW))
    found = store.actuals("MINTEST", PERIOD)
    assert sorted(type(a).__name__ for a in found) == ["IndicatorActual", "OutputActual"]


@pytest.mark.parametrize(("name", "content", "error"), [
    ("big.pdf", b"%PDF-" + b"0" * 2048, TooLargeError),
    ("page.html", b"<!DOCTYPE html><script>alert(1)</script>", InputError),
    ("tool.exe", b"MZ\x90\x00\x03\x00\x00\x00", InputError),
    ("photo.pdf", b"\x89PNG\r\n\x1a\n" + b"\x00" * 20, InputError),
    ("empty.txt", b"", InputError),
])
def test_evidence_refused_leaves_nothing(engine: Engine, name: str, content: bytes,
                                         error: type[Exception]) -> None:
    store = ExecutionRecordStore(engine, evidence_limit=1024)
    actual = store.record_actual(OutputActual(
        mission="MINTEST", period=PERIOD, component="support", key="2.1/3", quarter=4,
        value="Yes", recorded_by="ed", recorded_at=NOW))
    assert actual.id is not None
    with pytest.raises(error):
        store.add_evidence(actual.id, name, content, by="ed")
    assert _rows(engine, tables.execution_evidence) == 0


def test_evidence_for_no_actual_is_refused(engine: Engine) -> None:
    with pytest.raises(NotFoundError):
        ExecutionRecordStore(engine).add_evidence(999, "a.txt", b"text", by="ed")
    assert _rows(engine, tables.execution_evidence) == 0


def test_a_value_with_a_refused_file_is_not_recorded(engine: Engine) -> None:
    store = ExecutionRecordStore(engine)
    actual = IndicatorActual(mission="MINTEST", period=PERIOD, component="support",
                             key="2.1.1", quarter=3, value="97 per cent", recorded_by="ed",
                             recorded_at=NOW)
    with pytest.raises(InputError):
        store.record_actual(actual, [("fine.pdf", PDF), ("evil.html", b"<html>x</html>")])
    assert _rows(engine, tables.execution_actuals) == 0
    kept = store.record_actual(actual, [("fine.pdf", PDF), ("counts.csv", b"a,b\n1,2\n")])
    assert [e.media_type for e in kept.evidence] == ["application/pdf", "text/csv"]
    assert all(e.recorded_by == "ed" for e in kept.evidence)


def test_withdrawn_records_are_kept_marked_and_recording_again_revives_the_quarter(
        engine: Engine) -> None:
    store = ExecutionRecordStore(engine)
    moved = store.add_redeployment(_redeployment("500", "official_travel", "medical"))
    assert moved.id is not None
    withdrawal = Withdrawal(by="chief", at=NOW, reason="Entered twice")
    withdrawn = store.withdraw_redeployment(moved.id, withdrawal)
    assert withdrawn.withdrawn == withdrawal and withdrawn.amount == Decimal("500")
    assert store.redeployments("MINTEST", PERIOD)[0].withdrawn == withdrawal
    assert _rows(engine, tables.redeployments) == 1, "append-only: the row stays"
    with pytest.raises(InputError, match="withdrawn already"):
        store.withdraw_redeployment(moved.id, withdrawal)
    with pytest.raises(NotFoundError):
        store.withdraw_redeployment(moved.id + 1000, withdrawal)

    actual = store.record_actual(OutputActual(
        mission="MINTEST", period=PERIOD, component="support", key="1.1/2", quarter=1,
        value="12", recorded_by="ed", recorded_at=NOW), [("count.pdf", PDF)])
    assert actual.id is not None
    gone = store.withdraw_actual(actual.id, withdrawal)
    assert gone.withdrawn == withdrawal and len(gone.evidence) == 1, "evidence kept"
    again = store.record_actual(OutputActual(
        mission="MINTEST", period=PERIOD, component="support", key="1.1/2", quarter=1,
        value="14", recorded_by="ed", recorded_at=NOW))
    assert (again.id, again.value, store.actual(actual.id).withdrawn) == (actual.id, "14", None)
