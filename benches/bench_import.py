"""Import of each seed: parse only, parse plus store (SQLite, PostgreSQL), peak memory.

Target: a report of this size parses in well under a second;
storing it costs no more than parsing it.
"""

from __future__ import annotations

import tempfile
import tracemalloc
import uuid
from collections.abc import Callable
from pathlib import Path

from sqlalchemy import Engine, create_engine, text

from benches.common import median_ms
from rbb.importers import import_path
from rbb.storage import DocumentStore, create_database_engine, upgrade

SEEDS = Path(__file__).resolve().parents[1] / "src" / "rbb" / "data" / "seeds"
FILES = ("unmik-budget-2025-26.txt", "unmik-performance-2021-22.txt")
POSTGRES = "postgresql+psycopg://postgres@127.0.0.1:5432/test"
REPEAT = 7


def peak_memory_mib(action: Callable[[], object]) -> float:
    tracemalloc.start()
    action()
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return peak / (1024 * 1024)


def run() -> str:
    rows = []
    with tempfile.TemporaryDirectory() as folder:
        sqlite = create_database_engine(f"sqlite:///{Path(folder) / 'bench.sqlite'}")
        upgrade(sqlite)
        postgres, schema = _postgres()
        for name in FILES:
            path = SEEDS / name
            result = import_path(path)
            document = result.document
            assert document is not None, result.diagnostics
            parse = median_ms(lambda p=path: import_path(p), REPEAT)
            store_sqlite = median_ms(lambda d=document: DocumentStore(sqlite).save(d), REPEAT)
            store_pg = "n/a (no server)"
            if postgres:
                pg_ms = median_ms(lambda d=document: DocumentStore(postgres).save(d), REPEAT)
                store_pg = f"{pg_ms:.0f}"
            memory = peak_memory_mib(lambda p=path: import_path(p))
            rows.append(f"| {name} | {len(path.read_text(encoding='utf-8').splitlines())} | "
                        f"{parse:.0f} | {store_sqlite:.0f} | {store_pg} | {memory:.1f} |")
        if postgres:
            postgres.dispose()
            _drop(schema)
        sqlite.dispose()
    return (
        "## Import (`rbb import`)\n\n"
        "Target: a report of this size parses in well under a second; storing it costs no more "
        f"than parsing it. Median of {REPEAT} runs, milliseconds.\n\n"
        "| seed | lines | parse ms | store SQLite ms | store PostgreSQL ms | peak parse MiB |\n"
        "| --- | ---: | ---: | ---: | ---: | ---: |\n" + "\n".join(rows) + "\n"
    )


def _postgres() -> tuple[Engine | None, str]:
    schema = f"rbb_bench_{uuid.uuid4().hex[:8]}"
    try:
        admin = create_engine(POSTGRES, connect_args={"connect_timeout": 3})
        with admin.begin() as connection:
            connection.execute(text(f'CREATE SCHEMA "{schema}"'))
        admin.dispose()
    except Exception:
        return None, schema
    engine = create_database_engine(POSTGRES, schema=schema)
    upgrade(engine)
    return engine, schema


def _drop(schema: str) -> None:
    admin = create_engine(POSTGRES)
    with admin.begin() as connection:
        connection.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
    admin.dispose()
