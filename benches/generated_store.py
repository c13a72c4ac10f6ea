"""Generated stores of 50, 500 and 5,000 documents, shared by the benchmarks.

Every document is one of the two seeds (the UNMIK budget 2025/26 and performance
2021/22) with its periods moved to another year and every amount multiplied by the
mission's number: an integer factor keeps every identity of the tables exact; the
prose keeps the seed's amounts, so the prose checks report differences, as a real
audit would for unknown data. Deterministic: the same size gives the same store.

| size | missions | years | reports per mission and year |
| ---: | ---: | ---: | --- |
| 50 | 5 | 2016/17-2025/26 | one, budget and performance by turns |
| 500 | 50 | 2016/17-2025/26 | one, budget and performance by turns (``rbb check``'s store) |
| 5,000 | 84 | 1996/97-2025/26 | both (5,040 documents) |

``build_store`` stores them in batches (one transaction each) and then stores their
findings (``rbb.services.stored_findings.refresh_findings``); ``copy_store`` copies a
built SQLite store into PostgreSQL with ``COPY``.
"""

from __future__ import annotations

import json
import re
import time
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any

SEEDS = Path(__file__).resolve().parents[1] / "src" / "rbb" / "data" / "seeds"
SEED_FILES = ("unmik-budget-2025-26.txt", "unmik-performance-2021-22.txt")
LAST_YEAR = 2025
"""Every generated store ends with 2025/26."""
BATCH = 100
"""Documents stored per transaction."""


@dataclass(frozen=True)
class Shape:
    missions: int
    years: int
    both_kinds: bool
    """Both reports for every mission and year; otherwise budget and performance by turns."""

    @property
    def documents(self) -> int:
        return self.missions * self.years * (2 if self.both_kinds else 1)


SHAPES = {50: Shape(5, 10, False), 500: Shape(50, 10, False), 5000: Shape(84, 30, True)}

# Fields of the data format that hold money (thousands of dollars): scaled.
_MONEY_LISTS = {
    "non_budgeted_contributions",
    "training_costs",
    "other_revenue",
    "official_travel",
    "programmatic_activities",
    "quick_impact_projects",
    "monthly_expenditure",
    "variance_explanations",
    "civilian_cost_estimates",
}
_PERIOD = re.compile(r"^(\d{4})/(\d{2})$")
_KEY = re.compile(r"_(\d{4})_(\d{2})$")


def _shift_label(label: str, years: int) -> str:
    match = _PERIOD.match(label)
    if match is None:
        return label
    start = int(match.group(1)) + years
    return f"{start}/{(start + 1) % 100:02d}"


def _shift_key(key: str, years: int) -> str:
    match = _KEY.search(key)
    if match is None:
        return key
    start = int(match.group(1)) + years
    return f"{key[: match.start()]}_{start}_{(start + 1) % 100:02d}"


def _scaled(value: Any, factor: int) -> Any:
    if value is None:
        return None
    return format(Decimal(value) * factor, "f")


def _periods(node: Any, years: int) -> Any:
    """Every period label and period-keyed column key, moved by ``years``."""
    if isinstance(node, dict):
        return {
            _shift_key(_shift_label(k, years), years): _periods(v, years) for k, v in node.items()
        }
    if isinstance(node, list):
        return [_periods(v, years) for v in node]
    if isinstance(node, str):
        return _shift_label(node, years)
    return node


def _money(body: dict[str, Any], factor: int) -> None:
    for table in body.get("financial_tables", []):
        percentages = {c["key"] for c in table["columns"] if c["role"] == "variance_percentage"}
        for row in table["rows"]:
            row["values"] = {
                k: (v if k in percentages else _scaled(v, factor)) for k, v in row["values"].items()
            }
    for name in _MONEY_LISTS:
        for row in body.get(name, []):
            row["amount"] = _scaled(row.get("amount"), factor)
    for action in body.get("general_assembly_actions", []):
        action["amounts"] = [_scaled(a, factor) for a in action.get("amounts", [])]
    gains = body.get("efficiency_gains")
    if gains:
        gains["approved_budget"] = _scaled(gains.get("approved_budget"), factor)
        for gain in gains.get("gains", []):
            gain["amount"] = _scaled(gain.get("amount"), factor)
    redeployments = body.get("redeployments")
    if redeployments:
        for row in redeployments.get("rows", []):
            for field in ("original_distribution", "redeployment", "revised_distribution"):
                row[field] = _scaled(row.get(field), factor)


@cache
def seeds() -> tuple[Any, Any]:
    """The two seed documents (``rbb.model.Document``): budget, performance."""
    from rbb.importers import import_path

    found = []
    for name in SEED_FILES:
        document = import_path(SEEDS / name).document
        assert document is not None, name
        found.append(document)
    return found[0], found[1]


def mission_code(number: int) -> str:
    return f"M{number:02d}"


@dataclass(frozen=True)
class Key:
    """Where a generated document is: its mission, first year, and which seed it copies."""

    mission: int
    year: int
    seed: int
    """0: the budget seed, 1: the performance seed."""

    @property
    def code(self) -> str:
        return mission_code(self.mission)

    @property
    def period_slug(self) -> str:
        """``2025-26``, as addresses of the web app write a period."""
        return f"{self.year}-{(self.year + 1) % 100:02d}"

    @property
    def kind(self) -> str:
        return ("budget", "performance")[self.seed]


def keys(size: int) -> list[Key]:
    """The documents of a store of ``size`` (50, 500 or 5000), in the order stored."""
    shape = SHAPES[size]
    first = LAST_YEAR - shape.years + 1
    found = []
    for mission in range(1, shape.missions + 1):
        for offset in range(shape.years):
            kinds = (0, 1) if shape.both_kinds else (offset % 2,)
            found.extend(Key(mission, first + offset, seed) for seed in kinds)
    return found


def generate(size: int) -> Iterator[Any]:
    """The documents of a store of ``size``, one at a time (5,000 would not fit in memory
    comfortably all at once)."""
    from rbb.model import Document

    bodies = [json.loads(seed.model_dump_json()) for seed in seeds()]
    starts = [seed.period.start_year for seed in seeds()]
    shifted: dict[tuple[int, int], str] = {}
    for key in keys(size):
        moved = shifted.get((key.seed, key.year))
        if moved is None:
            moved = json.dumps(_periods(bodies[key.seed], key.year - starts[key.seed]))
            shifted[(key.seed, key.year)] = moved
        body = json.loads(moved)
        _money(body, key.mission)
        body["mission"] = {"code": key.code, "name": f"Benchmark mission {key.mission}"}
        body["title"] = f"{key.code} {body['kind']} {body['period']}"
        yield Document.model_validate(body)


@dataclass(frozen=True)
class BuiltStore:
    documents: int
    checked: int
    """Documents whose findings were computed and stored (``refresh_findings``)."""
    store_seconds: float
    findings_seconds: float


def build_store(url: str, size: int, *, schema: str | None = None,
                findings: bool = True) -> BuiltStore:
    """A new store at ``url`` (migrated to the newest schema) holding the generated
    documents and, with ``findings``, their stored findings."""
    from rbb.services.stored_findings import refresh_findings
    from rbb.storage import DocumentStore, create_database_engine, upgrade

    engine = create_database_engine(url, schema=schema)
    try:
        upgrade(engine)
        store = DocumentStore(engine)
        start = time.perf_counter()
        batch: list[Any] = []
        count = 0
        for document in generate(size):
            batch.append((document, ()))
            if len(batch) == BATCH:
                count += len(store.save_all(batch))
                batch = []
        if batch:
            count += len(store.save_all(batch))
        stored = time.perf_counter() - start
        start = time.perf_counter()
        found = refresh_findings(engine) if findings else 0
        return BuiltStore(count, found, stored, time.perf_counter() - start)
    finally:
        engine.dispose()


def copy_store(source_url: str, target_url: str, *, schema: str | None = None) -> BuiltStore:
    """Every row of a store built by ``build_store`` (SQLite) into a new PostgreSQL store
    with ``COPY``: the same documents, ids and stored findings. Storing 5,000 documents
    through ``DocumentStore`` costs about 90 ms each on PostgreSQL (one statement per
    index row), minutes that would say nothing about reading."""
    from sqlalchemy import Integer, func, select, text

    from rbb.storage import create_database_engine, upgrade
    from rbb.storage import schema as tables

    source = create_database_engine(source_url)
    target = create_database_engine(target_url, schema=schema)
    start = time.perf_counter()
    try:
        upgrade(target)
        with source.connect() as reading, target.begin() as writing:
            cursor = writing.connection.dbapi_connection.cursor()  # type: ignore[union-attr]
            for table in reversed(tables.metadata.sorted_tables):
                # Rows the migrations wrote (the mission register) come from the source.
                writing.execute(table.delete())
            for table in tables.metadata.sorted_tables:
                names = [column.name for column in table.columns]
                rows = reading.execution_options(yield_per=20_000).execute(select(table))
                columns = ", ".join(f'"{name}"' for name in names)
                with cursor.copy(f'COPY "{table.name}" ({columns}) FROM STDIN') as copy:
                    for row in rows:
                        copy.write_row([json.dumps(value) if isinstance(value, dict | list)
                                        else value for value in row])
                key = list(table.primary_key.columns)
                if len(key) == 1 and isinstance(key[0].type, Integer) and key[0].autoincrement:
                    writing.execute(text(
                        f"SELECT setval(pg_get_serial_sequence('\"{table.name}\"', "
                        f"'{key[0].name}'), (SELECT COALESCE(MAX(\"{key[0].name}\"), 1) "
                        f"FROM \"{table.name}\"))"))
            documents = writing.execute(select(func.count()).select_from(
                tables.documents)).scalar_one()
        return BuiltStore(documents, 0, time.perf_counter() - start, 0.0)
    finally:
        source.dispose()
        target.dispose()
