"""Whether a store is at the newest schema is read without Alembic (``database.is_current``),
and gives Alembic's answer."""

from __future__ import annotations

from pathlib import Path

from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine

from rbb.storage.database import (
    _config,
    create_database_engine,
    current_revision,
    head_revision,
    is_current,
    upgrade,
)


def test_the_newest_migration_is_alembics_head() -> None:
    assert head_revision() == ScriptDirectory.from_config(_config()).get_current_head()


def test_a_migrated_store_is_current_as_alembic_records_it(engine: Engine) -> None:
    with engine.connect() as connection:
        recorded = MigrationContext.configure(connection).get_current_revision()
    assert current_revision(engine) == recorded == head_revision()
    assert is_current(engine)


def test_an_empty_store_is_not_current_until_migrated(tmp_path: Path) -> None:
    engine = create_database_engine(f"sqlite:///{tmp_path / 'empty.sqlite'}")
    try:
        assert current_revision(engine) is None
        assert not is_current(engine)
        upgrade(engine, "0001")
        assert current_revision(engine) == "0001"
        assert not is_current(engine)
        upgrade(engine)
        assert is_current(engine)
    finally:
        engine.dispose()
