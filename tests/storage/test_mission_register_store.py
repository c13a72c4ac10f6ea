"""The register in the store, on SQLite and PostgreSQL: seeded by migration 0009, an
admin's edit kept when it is seeded again, a mission first met in a report stored as a
provisional entry."""

from __future__ import annotations

import pytest
from alembic import command
from sqlalchemy import Engine, select, text

from rbb.model import Mission
from rbb.model.errors import InputError, NotFoundError
from rbb.model.mission import MissionKind, mission_for_code
from rbb.model.mission_register import shipped_register
from rbb.storage import DocumentStore, upgrade
from rbb.storage import schema as tables
from rbb.storage.database import _config
from rbb.storage.mission_register_store import MissionRegisterStore
from tests.storage.test_document_store import budget_2025_26


def _to(engine: Engine, revision: str) -> None:
    config = _config()
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.downgrade(config, revision)


def test_a_new_store_holds_the_whole_register(engine: Engine) -> None:
    store = MissionRegisterStore(engine)
    stored = store.missions()
    assert [m.code for m in stored] == [m.code for m in sorted(
        shipped_register(), key=lambda m: (m.start is None, m.start or "", m.code))]
    assert stored[0].code == "UNTSO", "the list starts with the first operation, 1948"
    assert store.counts() == {"operation": 71, "support_budget": 3, "provisional": 0,
                              "registered": 74}
    active = store.missions(active=True)
    closed = store.missions(active=False)
    assert len(active) + len(closed) == len(stored)
    assert all(m.end is None for m in active) and all(m.end for m in closed)
    assert store.seed(shipped_register()) == 0, "seeding again writes nothing"


def test_an_edit_is_kept_when_the_register_is_seeded_again(engine: Engine) -> None:
    store = MissionRegisterStore(engine)
    edited = store.edit("UNMISS", {"headquarters": "Juba (UN House)"}, by="ada")
    assert edited.headquarters == "Juba (UN House)"
    assert store.seed(shipped_register()) == 0
    entry = store.entry("UNMISS")
    assert entry is not None and entry.mission.headquarters == "Juba (UN House)"
    assert entry.edited_by == "ada" and entry.edited_at is not None


@pytest.mark.parametrize(("changes", "message"), [
    ({"end": "2001-01"}, "ends (2001-01) before it starts (2011-07)"),
    ({"start": "July 2011"}, "start"),
    ({"code": "UNX"}, "cannot edit code"),
])
def test_an_edit_that_breaks_the_entry_is_refused(engine: Engine, changes: dict[str, str],
                                                  message: str) -> None:
    store = MissionRegisterStore(engine)
    with pytest.raises(InputError, match=message.replace("(", r"\(").replace(")", r"\)")):
        store.edit("UNMISS", changes, by="ada")
    assert store.entry("UNMISS") is not None
    assert store.entry("UNMISS").mission == mission_for_code("UNMISS")  # type: ignore[union-attr]


def test_editing_a_code_not_in_the_register(engine: Engine) -> None:
    with pytest.raises(NotFoundError):
        MissionRegisterStore(engine).edit("NOPE", {"headquarters": "x"}, by="ada")


def test_a_document_of_an_unknown_mission_adds_a_provisional_entry(engine: Engine) -> None:
    budget = budget_2025_26()
    unknown = Mission(code="UNXYZ", name="United Nations Mission of Example",
                      provisional=True)
    DocumentStore(engine).save(budget.model_copy(update={"mission": unknown}))
    store = MissionRegisterStore(engine)
    entry = store.entry("UNXYZ")
    assert entry is not None and entry.mission.provisional and entry.documents == 1
    assert store.counts()["provisional"] == 1
    # The register's own entry is never replaced by a document's copy of it.
    DocumentStore(engine).save(budget)
    assert store.entry("UNMIK").mission == mission_for_code("UNMIK")  # type: ignore[union-attr]


def test_migration_0009_carries_over_a_store_of_an_earlier_rbb(engine: Engine) -> None:
    _to(engine, "0008")
    with engine.begin() as connection:
        for code, name in (("UNMIK", "United Nations Interim Administration Mission in Kosovo"),
                           ("UNXYZ", "United Nations Mission of Example")):
            connection.execute(text("INSERT INTO missions (code, name, body) VALUES "
                                    "(:code, :name, :body)"),
                               {"code": code, "name": name,
                                "body": f'{{"code": "{code}", "name": "{name}"}}'})
    upgrade(engine)
    store = MissionRegisterStore(engine)
    unknown = store.entry("UNXYZ")
    assert unknown is not None and unknown.mission.provisional
    kosovo = store.entry("UNMIK")
    assert kosovo is not None and kosovo.mission == mission_for_code("UNMIK")
    assert store.counts()["registered"] == len(shipped_register())
    _to(engine, "0008")
    with engine.connect() as connection:
        rows = connection.execute(text("SELECT code FROM missions")).scalars().all()
    assert rows == [], "entries no document refers to go with the register's columns"
    upgrade(engine)
    assert MissionRegisterStore(engine).counts()[MissionKind.OPERATION.value] == 71


def test_the_register_changes_the_version_pages_are_cached_on(engine: Engine) -> None:
    from rbb.storage.staging import documents_version

    before = documents_version(engine)
    MissionRegisterStore(engine).edit("UNMIK", {"headquarters": "Prishtinë/Priština"},
                                      by="ada")
    assert documents_version(engine) != before
    with engine.connect() as connection:
        assert connection.execute(select(tables.missions.c.edited_by).where(
            tables.missions.c.code == "UNMIK")).scalar() == "ada"
