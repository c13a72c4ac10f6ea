"""Driver sets and scenarios in the store, on SQLite and PostgreSQL (migration 0003)."""

from __future__ import annotations

import pytest
from sqlalchemy import Engine, inspect

from rbb.model import DocumentKind, Period
from rbb.model.errors import InputError, NotFoundError
from rbb.services.costing_service import driver_rows, driver_set
from rbb.storage import DocumentStore, head_revision
from rbb.storage.costing_store import CostingStore, ScenarioRow
from tests.costing.conftest import _unmik

P25 = Period.parse("2025/26")


def test_migration_0003_creates_the_costing_tables(engine: Engine) -> None:
    assert head_revision() is not None and head_revision() >= "0003"
    names = set(inspect(engine).get_table_names())
    assert {"cost_driver_sets", "cost_drivers", "scenarios"} <= names


def test_a_driver_set_round_trips_exactly(engine: Engine) -> None:
    """Every driver, with its 40-digit calibrated unit costs and its provenance."""
    drivers = _unmik().calibrated
    store = CostingStore(engine)
    header, rows = driver_rows(drivers, "calibrated against UNMIK 2025/26 budget")
    store.save_driver_set(header, rows)
    loaded = store.load_driver_set("unmik", P25)
    assert loaded is not None and loaded.count == drivers.count()
    assert driver_set(loaded) == drivers
    posts = [r for r in loaded.drivers if r.kind == "posts" and r.key.endswith("Security Section")]
    assert {r.source_line for r in posts} == {473, 474}
    store.save_driver_set(header, rows[:3])
    again = store.load_driver_set("UNMIK", P25)
    assert again is not None and again.count == 3
    assert [s.count for s in store.driver_sets()] == [3]
    assert store.delete_driver_set("UNMIK", P25)
    assert store.load_driver_set("UNMIK", P25) is None


def test_scenarios_are_named_listed_edited_and_deleted(engine: Engine) -> None:
    store = CostingStore(engine)
    row = ScenarioRow(name="lower-vacancy", mission="UNMIK", period=P25,
                      kind=DocumentKind.BUDGET, edits=(), description="test")
    store.create_scenario(row)
    with pytest.raises(InputError, match="exists"):
        store.create_scenario(row)
    store.set_scenario_edits("lower-vacancy", [("vacancy_factor.international_staff", "10.0")])
    found = store.scenario("lower-vacancy")
    assert found.edits == (("vacancy_factor.international_staff", "10.0"),)
    assert [s.name for s in store.scenarios(mission="unmik")] == ["lower-vacancy"]
    assert store.delete_scenario("lower-vacancy")
    with pytest.raises(NotFoundError):
        store.scenario("lower-vacancy")
    assert not DocumentStore(engine).summaries()
