"""Migration 0013 adds the withdrawal columns of the execution records and takes them away
again; the records and their evidence stay either way (no copy of the table, which on
SQLite would cascade the evidence away)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from sqlalchemy import Engine, func, inspect, select

from rbb.model.cycle import Period
from rbb.model.execution import IndicatorActual, Redeployment
from rbb.storage import schema, upgrade
from rbb.storage.execution_records import ExecutionRecordStore
from tests.storage.test_migration_0007 import _to

PERIOD = Period.parse("2023/24")
NOW = dt.datetime(2024, 2, 1, tzinfo=dt.UTC)
PDF = b"%PDF-1.7\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
COLUMNS = {"withdrawn_by", "withdrawn_at", "withdrawn_reason"}


def _columns(engine: Engine, table: str) -> set[str]:
    with engine.connect() as connection:
        return {c["name"] for c in inspect(connection).get_columns(table)}


def test_down_to_0012_and_up_again_keeps_the_records(engine: Engine) -> None:
    store = ExecutionRecordStore(engine)
    store.add_redeployment(Redeployment(
        mission="MINTEST", period=PERIOD, date=dt.date(2024, 3, 1), amount=Decimal("10"),
        from_line="medical", to_line="official_travel", reason="Fuel", approver="A. Chief",
        recorded_by="ed", recorded_at=NOW))
    store.record_actual(IndicatorActual(
        mission="MINTEST", period=PERIOD, component="substantive", key="1.1.1", quarter=1,
        value="40 per cent", recorded_by="ed", recorded_at=NOW), [("survey.pdf", PDF)])
    for table in ("redeployments", "execution_actuals"):
        assert _columns(engine, table) >= COLUMNS
    _to(engine, "0012")
    for table in ("redeployments", "execution_actuals"):
        assert not COLUMNS & _columns(engine, table)
    with engine.connect() as connection:
        assert connection.execute(select(func.count()).select_from(
            schema.execution_evidence)).scalar_one() == 1
    upgrade(engine)
    assert store.redeployments("MINTEST", PERIOD)[0].withdrawn is None
    assert len(store.actuals("MINTEST", PERIOD)[0].evidence) == 1
