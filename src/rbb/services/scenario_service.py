"""Scenario use cases: create, edit, show against the base, compare, list, delete.

A scenario stores its base (a budget document's identity) and its edits; its
drivers are the base's effective drivers with the edits applied, computed
afresh each time. Nothing here writes to the documents table, so a scenario
cannot change the document it came from. The web page calls :meth:`set` and
:meth:`show` and renders the same :class:`ScenarioView` the CLI prints.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import Engine

from rbb.costing import (
    Comparison,
    DriverSet,
    Edit,
    apply_edits,
    check_name,
    compare,
    merge_edits,
)
from rbb.costing.scenarios import driver_values
from rbb.model import Period
from rbb.model.errors import InputError
from rbb.storage.costing_store import ScenarioRow as ScenarioRow

from .costing_service import CostingService, DocumentRef


@dataclass(frozen=True, slots=True)
class EditableDriver:
    key: str
    base: Decimal | None
    value: Decimal
    unit: str
    provenance: str
    edited: bool


@dataclass(frozen=True, slots=True)
class ScenarioView:
    """A scenario and its comparison with its base, ready to render (CLI, HTML, JSON)."""

    scenario: ScenarioRow
    edits: tuple[Edit, ...]
    comparison: Comparison

    @property
    def base(self) -> DocumentRef:
        return DocumentRef(self.scenario.mission, self.scenario.period, self.scenario.kind)


class ScenarioService:
    def __init__(self, engine: Engine) -> None:
        self.costing = CostingService(engine)
        self.store = self.costing.store

    def new(self, name: str, source: DocumentRef, *, description: str | None = None,
            edits: tuple[Edit, ...] = ()) -> ScenarioView:
        check_name(name)
        found = self.costing.drivers(source.mission, source.period)
        if edits:
            apply_edits(found.drivers, edits)
        self.store.create_scenario(ScenarioRow(
            name=name, mission=source.mission, period=source.period, kind=source.kind,
            edits=tuple((e.key, e.value) for e in edits), description=description))
        return self.show(name)

    def set(self, name: str, texts: list[str]) -> ScenarioView:
        """Add or replace edits (``KEY=VALUE``); all are checked before any is stored."""
        row = self.store.scenario(name)
        new = tuple(Edit.parse(text) for text in texts)
        edits = merge_edits(_edits(row), new)
        base = self._base(row)
        view = self._view(row, edits, base)
        self.store.set_scenario_edits(name, [(e.key, e.value) for e in edits])
        return ScenarioView(scenario=self.store.scenario(name), edits=edits,
                            comparison=view.comparison)

    def unset(self, name: str, keys: list[str]) -> ScenarioView:
        """Drop edits by key, returning those drivers to their base values."""
        row = self.store.scenario(name)
        edits = _edits(row)
        unknown = [k for k in keys if k not in {e.key for e in edits}]
        if unknown:
            raise InputError(f"scenario {name!r} does not set {', '.join(unknown)}")
        self.store.set_scenario_edits(name, [(e.key, e.value) for e in edits
                                             if e.key not in keys])
        return self.show(name)

    def show(self, name: str) -> ScenarioView:
        row = self.store.scenario(name)
        return self._view(row, _edits(row), self._base(row))

    def _view(self, row: ScenarioRow, edits: tuple[Edit, ...], base: DriverSet) -> ScenarioView:
        """Apply the edits (checking them) and compare with the base."""
        changed = apply_edits(base, edits, author=f"scenario {row.name}")
        comparison = compare(base, changed, row.period,
                             base_label=f"{row.mission} {row.period} {row.kind.value}",
                             scenario_label=row.name)
        return ScenarioView(scenario=row, edits=edits, comparison=comparison)

    def compare(self, first: str, second: str) -> Comparison:
        """Two scenarios of the same budget period, the second against the first."""
        a, b = self.store.scenario(first), self.store.scenario(second)
        if (a.mission, a.period) != (b.mission, b.period):
            raise InputError(f"{first} is {a.mission} {a.period} and {second} is {b.mission} "
                             f"{b.period}: compare scenarios of the same budget")
        base = self._base(a)
        drivers_a = apply_edits(base, _edits(a), author=f"scenario {first}")
        drivers_b = apply_edits(self._base(b), _edits(b), author=f"scenario {second}")
        return compare(drivers_a, drivers_b, a.period, base_label=first, scenario_label=second)

    def scenarios(self, mission: str | None = None) -> list[ScenarioRow]:
        return self.store.scenarios(mission=mission)

    def delete(self, name: str) -> bool:
        return self.store.delete_scenario(name)

    def edits(self, name: str) -> tuple[Edit, ...]:
        return _edits(self.store.scenario(name))

    def drivers(self, name: str) -> DriverSet:
        row = self.store.scenario(name)
        return apply_edits(self._base(row), _edits(row), author=f"scenario {name}")

    def editable(self, name: str) -> list[EditableDriver]:
        """Every driver the scenario can set, with its base and scenario values: what the
        web page's form lists (the key is what :meth:`set` takes as ``KEY=VALUE``)."""
        row = self.store.scenario(name)
        base = self._base(row)
        changed = apply_edits(base, _edits(row), author=f"scenario {name}")
        before, after = driver_values(base, row.period), driver_values(changed, row.period)
        edited = {e.key for e in _edits(row)}
        return [EditableDriver(key=key, base=before[key].value if key in before else None,
                               value=value.value, unit=value.unit, provenance=value.provenance,
                               edited=key in edited or key.startswith(tuple(
                                   e + "." for e in edited)))
                for key, value in after.items()]

    def period(self, name: str) -> Period:
        return self.store.scenario(name).period

    def _base(self, row: ScenarioRow) -> DriverSet:
        return self.costing.drivers(row.mission, row.period).drivers


def _edits(row: ScenarioRow) -> tuple[Edit, ...]:
    return tuple(Edit(key=key, value=value) for key, value in row.edits)
