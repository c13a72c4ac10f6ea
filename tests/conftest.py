"""Shared fixtures: the seed documents, and real stores on SQLite and PostgreSQL.

PostgreSQL and the browser are real components: without them the tests that
need them skip with the reason, unless RBB_REQUIRE_POSTGRES=1 /
RBB_REQUIRE_BROWSER=1 (as in CI) make a missing component a failure.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from functools import cache
from pathlib import Path

import pytest
from hypothesis import settings
from sqlalchemy import Engine, create_engine, text

from rbb.importers import ImportResult, import_path
from rbb.storage import DocumentStore, create_database_engine, upgrade

SEEDS = Path(__file__).resolve().parents[1] / "src" / "rbb" / "data" / "seeds"
BUDGET_SEED = SEEDS / "unmik-budget-2025-26.txt"
PERFORMANCE_SEED = SEEDS / "unmik-performance-2021-22.txt"
# Property tests draw the same examples on every run and every machine: a failure is
# reproducible, and a passing suite does not depend on the luck of the draw.
# RBB_HYPOTHESIS=explore draws new examples (and keeps a database) to hunt for bugs.
settings.register_profile("deterministic", derandomize=True, database=None)
settings.register_profile("explore", derandomize=False)
settings.load_profile("explore" if os.environ.get("RBB_HYPOTHESIS") == "explore"
                      else "deterministic")

POSTGRES_URL = os.environ.get("RBB_TEST_POSTGRES_URL",
                              "postgresql+psycopg://postgres@127.0.0.1:5432/test")


def required(component: str) -> bool:
    return os.environ.get(f"RBB_REQUIRE_{component}") == "1"


@cache
def _postgres_problem() -> str | None:
    try:
        probe = create_engine(POSTGRES_URL, connect_args={"connect_timeout": 3})
        with probe.connect() as connection:
            connection.execute(text("select 1"))
        probe.dispose()
    except Exception as error:
        return f"PostgreSQL is not reachable at {POSTGRES_URL}: {error.__class__.__name__}"
    return None


def postgres_or_skip() -> None:
    problem = _postgres_problem()
    if problem is None:
        return
    if required("POSTGRES"):
        pytest.fail(f"{problem} (RBB_REQUIRE_POSTGRES=1)")
    pytest.skip(problem)


def store_url(engine: Engine) -> str:
    """The store as a URL another process (or a command) opens: PostgreSQL tests keep a
    schema each, named in the URL's options."""
    if engine.dialect.name == "sqlite":
        return engine.url.render_as_string(hide_password=False)
    with engine.connect() as connection:
        schema = connection.execute(text("select current_schema()")).scalar_one()
    return f"{POSTGRES_URL}?options=-csearch_path%3D{schema}"


@pytest.fixture
def sqlite_engine(tmp_path: Path) -> Iterator[Engine]:
    engine = create_database_engine(f"sqlite:///{tmp_path / 'rbb.sqlite'}")
    upgrade(engine)
    yield engine
    engine.dispose()


@pytest.fixture
def postgres_engine() -> Iterator[Engine]:
    """A fresh PostgreSQL schema of its own, so runs and workers never collide."""
    postgres_or_skip()
    schema = f"rbb_test_{uuid.uuid4().hex[:12]}"
    admin = create_engine(POSTGRES_URL)
    with admin.begin() as connection:
        connection.execute(text(f'CREATE SCHEMA "{schema}"'))
    engine = create_database_engine(POSTGRES_URL, schema=schema)
    try:
        upgrade(engine)
        yield engine
    finally:
        engine.dispose()
        with admin.begin() as connection:
            connection.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


@pytest.fixture(params=["sqlite", "postgresql"])
def engine(request: pytest.FixtureRequest) -> Engine:
    """The same test on both backends."""
    fixture = "sqlite_engine" if request.param == "sqlite" else "postgres_engine"
    result: Engine = request.getfixturevalue(fixture)
    return result


@pytest.fixture
def store(engine: Engine) -> DocumentStore:
    return DocumentStore(engine)


@cache
def imported(path: Path) -> ImportResult:
    return import_path(path)


@pytest.fixture
def budget() -> ImportResult:
    return imported(BUDGET_SEED)


@pytest.fixture
def performance() -> ImportResult:
    return imported(PERFORMANCE_SEED)


EXAMPLE_PLUGIN = Path(__file__).resolve().parent / "plugin_example"


@pytest.fixture
def example_plugin(monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """rbb-example-plugin installed for one test: its folder on ``sys.path`` is what
    ``pip install`` gives entry points (see tests/plugin_example/README.md)."""
    from rbb import plugins

    monkeypatch.syspath_prepend(str(EXAMPLE_PLUGIN))
    plugins.reset()
    yield EXAMPLE_PLUGIN
    plugins.reset()


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    """The run ends with how many tests skipped and why: a capability missing on this
    machine must be visible, never a quiet pass."""
    skipped = terminalreporter.stats.get("skipped", [])
    reasons: dict[str, int] = {}
    for report in skipped:
        longrepr = getattr(report, "longrepr", None)
        reason = longrepr[2] if isinstance(longrepr, tuple) else str(longrepr)
        reason = reason.removeprefix("Skipped: ")
        reasons[reason] = reasons.get(reason, 0) + 1
    terminalreporter.write_sep("-", f"{len(skipped)} test(s) skipped")
    for reason, count in sorted(reasons.items(), key=lambda item: -item[1]):
        terminalreporter.write_line(f"{count:4d} × {reason}")
