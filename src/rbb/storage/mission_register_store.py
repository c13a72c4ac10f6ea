"""The mission register as the store keeps it (migration 0009): read, seeded from the
shipped register, edited by an admin, and grown by the provisional entries of missions
first met in a report (``DocumentStore`` adds those when it stores such a document)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Engine, false, func, select, true

from rbb.model.errors import InputError, NotFoundError
from rbb.model.mission import Mission

from . import schema
from .statements import reading
from .writing import take_turns

EDITABLE = ("name", "other_names", "headquarters", "start", "end", "establishing_resolution")
"""What an admin may change of an entry; its code is its identity."""


@dataclass(frozen=True, slots=True)
class StoredMission:
    mission: Mission
    documents: int
    edited_at: datetime | None
    edited_by: str | None


class MissionRegisterStore:
    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    def missions(self, *, active: bool | None = None) -> list[Mission]:
        """The register in the order of the list of operations: by start, then code
        (entries without a start last)."""
        m = schema.missions
        query = select(m.c.body).order_by(m.c.start_month.is_(None), m.c.start_month, m.c.code)
        if active is True:
            query = query.where(m.c.end_month.is_(None))
        elif active is False:
            query = query.where(m.c.end_month.is_not(None))
        with reading(self.engine) as connection:
            bodies = connection.execute(query).scalars().all()
        return [Mission.model_validate_json(body) for body in bodies]

    def entry(self, code: str) -> StoredMission | None:
        m, d = schema.missions, schema.documents
        documents = (select(func.count()).select_from(d).where(d.c.mission_code == m.c.code)
                     .scalar_subquery())
        query = select(m.c.body, m.c.edited_at, m.c.edited_by, documents.label("documents")
                       ).where(m.c.code == code)
        with reading(self.engine) as connection:
            row = connection.execute(query).first()
        if row is None:
            return None
        return StoredMission(Mission.model_validate_json(row.body), int(row.documents),
                             row.edited_at, row.edited_by)

    def codes(self) -> list[str]:
        with reading(self.engine) as connection:
            return list(connection.execute(select(schema.missions.c.code)
                                           .order_by(schema.missions.c.code)).scalars())

    def seed(self, missions: Iterable[Mission]) -> int:
        """Add the register's entries the store lacks, and bring up to date those no admin
        has edited (a provisional entry the register now holds stops being provisional).
        The number of entries written."""
        m = schema.missions
        written = 0
        with self.engine.begin() as connection:
            take_turns(connection, "mission-register")
            stored = {row.code: row for row in connection.execute(
                select(m.c.code, m.c.body, m.c.edited_at))}
            # in order of code, as every writer of missions' rows takes them, so that a
            # seed and a batch of documents never wait for each other in a cycle
            for mission in sorted(missions, key=lambda entry: entry.code):
                values = _values(mission)
                row = stored.get(mission.code)
                if row is None:
                    connection.execute(m.insert().values(code=mission.code, **values))
                elif row.edited_at is None and row.body != values["body"]:
                    connection.execute(m.update().where(m.c.code == mission.code)
                                       .values(**values))
                else:
                    continue
                written += 1
        return written

    def edit(self, code: str, changes: dict[str, Any], *, by: str) -> Mission:
        """Change an entry's facts; the whole entry is validated again (an end before the
        start is refused) and the edit is kept when the register is seeded again."""
        unknown = sorted(set(changes) - set(EDITABLE))
        if unknown:
            raise InputError(f"cannot edit {', '.join(unknown)}; expected any of "
                             f"{', '.join(EDITABLE)}")
        m = schema.missions
        with self.engine.begin() as connection:
            take_turns(connection, "mission-register")
            body = connection.execute(select(m.c.body).where(m.c.code == code)).scalar()
            if body is None:
                raise NotFoundError(f"no mission {code!r} is in the register")
            current = Mission.model_validate_json(body)
            try:
                edited = Mission.model_validate({**current.model_dump(), **changes})
            except ValueError as error:
                raise InputError(f"{code}: {_first_reason(error)}") from None
            connection.execute(m.update().where(m.c.code == code).values(
                **_values(edited), edited_at=datetime.now(UTC), edited_by=by[:64]))
        return edited

    def counts(self) -> dict[str, int]:
        """How many entries are operations, support budgets, provisional."""
        m = schema.missions
        with reading(self.engine) as connection:
            kinds: dict[str, int] = {
                str(row[0]): int(row[1]) for row in connection.execute(
                    select(m.c.kind, func.count()).group_by(m.c.kind))}
            provisional = connection.execute(select(func.count()).where(
                m.c.provisional == true())).scalar_one()
            registered = connection.execute(select(func.count()).where(
                m.c.provisional == false())).scalar_one()
        return {**kinds, "provisional": int(provisional),
                "registered": int(registered)}


def _values(mission: Mission) -> dict[str, Any]:
    return {"name": mission.name, "body": mission.model_dump_json(), "kind": mission.kind.value,
            "provisional": mission.provisional, "start_month": mission.start,
            "end_month": mission.end}


def mission_row(mission: Mission) -> dict[str, Any]:
    """The row of a mission as ``missions`` holds it (``DocumentStore`` adds one for the
    mission of a document it stores, provisional when the register lacks it)."""
    return {"code": mission.code, **_values(mission)}


def _first_reason(error: ValueError) -> str:
    from pydantic import ValidationError

    if isinstance(error, ValidationError):
        first = error.errors()[0]
        return f"{'.'.join(str(p) for p in first['loc']) or 'entry'}: {first['msg']}"
    return str(error)
