"""Cost driver sets and scenarios in the store.

Storage may not import the engine (the independence contract in
pyproject.toml), so a driver reaches this module as a row: its kind, period,
a readable key and value, its provenance, and the record's JSON, which the
services layer turns back into an engine record. A driver set is stored
whole or not at all; a scenario is its name, its base budget and its edits.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import Engine, RowMapping, delete, func, insert, select, update

from rbb.model import DocumentKind, Period
from rbb.model.errors import InputError, NotFoundError

from . import schema


@dataclass(frozen=True, slots=True)
class DriverRow:
    kind: str
    period: Period
    key: str
    value: str | None
    provenance_kind: str
    provenance_reference: str
    source_line: int | None
    body: str
    """The driver record's JSON."""


@dataclass(frozen=True, slots=True)
class DriverSetRow:
    mission: str
    period: Period
    base_period: Period
    lines: tuple[str, ...]
    origin: str
    """Where the set as a whole came from: a report's calibration, a file."""
    drivers: tuple[DriverRow, ...] = ()
    stored_at: datetime | None = None
    count: int = 0


@dataclass(frozen=True, slots=True)
class ScenarioRow:
    name: str
    mission: str
    period: Period
    kind: DocumentKind
    edits: tuple[tuple[str, str], ...]
    """``(key, value)`` in the order they were first set."""
    description: str | None = None
    created_at: datetime | None = None
    updated_at: datetime | None = None


class CostingStore:
    """Driver sets and scenarios through one SQLAlchemy engine."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    # --- driver sets -----------------------------------------------------------

    def save_driver_set(self, header: DriverSetRow, rows: Sequence[DriverRow]) -> int:
        """Store a set, replacing the one of the same mission and period, in one transaction."""
        sets, drivers = schema.cost_driver_sets, schema.cost_drivers
        with self.engine.begin() as connection:
            connection.execute(delete(sets).where(sets.c.mission_code == header.mission.upper(),
                                                  sets.c.period == header.period.label))
            result = connection.execute(insert(sets).values(
                mission_code=header.mission.upper(), period=header.period.label,
                base_period=header.base_period.label, lines=json.dumps(list(header.lines)),
                origin=header.origin, stored_at=datetime.now(UTC)))
            primary_key = result.inserted_primary_key
            assert primary_key is not None
            set_id = int(primary_key[0])
            if rows:
                connection.execute(insert(drivers), [
                    {"set_id": set_id, "kind": r.kind, "period": r.period.label, "key": r.key,
                     "value": r.value, "provenance_kind": r.provenance_kind,
                     "provenance_reference": r.provenance_reference,
                     "source_line": r.source_line, "body": r.body}
                    for r in rows])
        return set_id

    def load_driver_set(self, mission: str, period: Period) -> DriverSetRow | None:
        sets, drivers = schema.cost_driver_sets, schema.cost_drivers
        with self.engine.connect() as connection:
            header = connection.execute(select(sets).where(
                sets.c.mission_code == mission.upper(),
                sets.c.period == period.label)).mappings().first()
            if header is None:
                return None
            rows = connection.execute(select(drivers).where(drivers.c.set_id == header["id"])
                                      .order_by(drivers.c.id)).mappings().all()
        return DriverSetRow(
            mission=header["mission_code"], period=Period.parse(header["period"]),
            base_period=Period.parse(header["base_period"]),
            lines=tuple(json.loads(header["lines"])), origin=header["origin"],
            stored_at=header["stored_at"], count=len(rows),
            drivers=tuple(DriverRow(
                kind=r["kind"], period=Period.parse(r["period"]), key=r["key"], value=r["value"],
                provenance_kind=r["provenance_kind"],
                provenance_reference=r["provenance_reference"], source_line=r["source_line"],
                body=r["body"]) for r in rows))

    def driver_sets(self, *, mission: str | None = None) -> list[DriverSetRow]:
        sets, drivers = schema.cost_driver_sets, schema.cost_drivers
        counts = (select(drivers.c.set_id, func.count().label("n"))
                  .group_by(drivers.c.set_id).subquery())
        query = (select(sets, func.coalesce(counts.c.n, 0).label("n"))
                 .outerjoin(counts, counts.c.set_id == sets.c.id)
                 .order_by(sets.c.mission_code, sets.c.period))
        if mission:
            query = query.where(sets.c.mission_code == mission.upper())
        with self.engine.connect() as connection:
            rows = connection.execute(query).mappings().all()
        return [DriverSetRow(mission=r["mission_code"], period=Period.parse(r["period"]),
                             base_period=Period.parse(r["base_period"]),
                             lines=tuple(json.loads(r["lines"])), origin=r["origin"],
                             stored_at=r["stored_at"], count=int(r["n"])) for r in rows]

    def delete_driver_set(self, mission: str, period: Period) -> bool:
        sets = schema.cost_driver_sets
        with self.engine.begin() as connection:
            result = connection.execute(delete(sets).where(
                sets.c.mission_code == mission.upper(), sets.c.period == period.label))
        return bool(result.rowcount)

    # --- scenarios -------------------------------------------------------------

    def create_scenario(self, scenario: ScenarioRow) -> None:
        table = schema.scenarios
        now = datetime.now(UTC)
        with self.engine.begin() as connection:
            exists = connection.execute(select(table.c.id).where(
                table.c.name == scenario.name)).first()
            if exists is not None:
                raise InputError(f"a scenario named {scenario.name!r} exists; choose another "
                                 "name or delete it first")
            connection.execute(insert(table).values(
                name=scenario.name, mission_code=scenario.mission.upper(),
                period=scenario.period.label, kind=scenario.kind.value,
                description=scenario.description, edits=_edits_json(scenario.edits),
                created_at=now, updated_at=now))

    def scenario(self, name: str) -> ScenarioRow:
        table = schema.scenarios
        with self.engine.connect() as connection:
            row = connection.execute(select(table).where(table.c.name == name)).mappings().first()
        if row is None:
            raise NotFoundError(f"no scenario named {name!r} is stored (rbb scenario list)")
        return _scenario(row)

    def scenarios(self, *, mission: str | None = None) -> list[ScenarioRow]:
        table = schema.scenarios
        query = select(table).order_by(table.c.mission_code, table.c.name)
        if mission:
            query = query.where(table.c.mission_code == mission.upper())
        with self.engine.connect() as connection:
            rows = connection.execute(query).mappings().all()
        return [_scenario(row) for row in rows]

    def set_scenario_edits(self, name: str, edits: Sequence[tuple[str, str]]) -> None:
        table = schema.scenarios
        with self.engine.begin() as connection:
            result = connection.execute(update(table).where(table.c.name == name).values(
                edits=_edits_json(edits), updated_at=datetime.now(UTC)))
        if not result.rowcount:
            raise NotFoundError(f"no scenario named {name!r} is stored (rbb scenario list)")

    def delete_scenario(self, name: str) -> bool:
        table = schema.scenarios
        with self.engine.begin() as connection:
            result = connection.execute(delete(table).where(table.c.name == name))
        return bool(result.rowcount)


def _edits_json(edits: Sequence[tuple[str, str]]) -> str:
    return json.dumps([{"key": key, "value": value} for key, value in edits])


def _scenario(mapping: RowMapping) -> ScenarioRow:
    return ScenarioRow(
        name=mapping["name"], mission=mapping["mission_code"],
        period=Period.parse(mapping["period"]), kind=DocumentKind(mapping["kind"]),
        edits=tuple((e["key"], e["value"]) for e in json.loads(mapping["edits"])),
        description=mapping["description"], created_at=mapping["created_at"],
        updated_at=mapping["updated_at"])
