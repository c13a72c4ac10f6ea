"""The mission register for both interfaces: list it, show one entry with its stored
documents, edit an entry (admins), seed it from the register rbb ships. The web app
reaches the register only through this (import-linter contract)."""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Engine

from rbb.model.errors import InputError, NotFoundError
from rbb.model.mission import Mission, mission_for_code
from rbb.model.mission_register import MissionRegister, shipped_register
from rbb.storage import DocumentStore, DocumentSummary
from rbb.storage.mission_register_store import EDITABLE, MissionRegisterStore

__all__ = ["EDITABLE", "MissionFacts", "MissionRegisterService"]


@dataclass(frozen=True, slots=True)
class MissionFacts:
    """One register entry as ``rbb missions show`` and the mission page show it."""

    mission: Mission
    documents: list[DocumentSummary]
    edited_at: datetime | None
    edited_by: str | None


class MissionRegisterService:
    def __init__(self, engine: Engine) -> None:
        self.store = MissionRegisterStore(engine)
        self.documents = DocumentStore(engine)

    def missions(self, *, active: bool | None = None) -> list[Mission]:
        return self.store.missions(active=active)

    def register(self) -> MissionRegister:
        """The store's register, as reading a report looks a mission up in it: the
        shipped entries with an admin's edits (another name a report prints) and the
        provisional entries of missions met before."""
        return MissionRegister(tuple(self.store.missions()))

    def code_of(self, code: str) -> str:
        """The register's code for ``code`` (``unef i`` is ``UNEF-I``, ``UNLB`` is
        ``UNGSC``); NotFoundError listing close codes when the store holds none."""
        wanted = "-".join(code.strip().upper().split())[:40]
        shipped = mission_for_code(wanted)
        if shipped is not None and self.store.entry(shipped.code) is not None:
            return shipped.code
        if self.store.entry(wanted) is not None:
            return wanted
        close = difflib.get_close_matches(wanted, self.store.codes(), n=5, cutoff=0.6)
        hint = f"; close codes: {', '.join(close)}" if close else ""
        raise NotFoundError(f"no mission {wanted!r} is in the register{hint} "
                            "(rbb missions list shows them all)")

    def facts(self, code: str) -> MissionFacts:
        found = self.store.entry(self.code_of(code))
        assert found is not None
        return MissionFacts(found.mission, self.documents.summaries(mission=found.mission.code),
                            found.edited_at, found.edited_by)

    def edit(self, code: str, changes: dict[str, Any], *, by: str) -> Mission:
        """Change an entry's facts (an admin's): empty text clears a fact."""
        cleaned = {key: _cleared(value) for key, value in changes.items()}
        if not cleaned:
            raise InputError(f"nothing to change; expected any of {', '.join(EDITABLE)}")
        return self.store.edit(self.code_of(code), cleaned, by=by)

    def seed(self) -> int:
        """Bring the store's register up to the one rbb ships (an admin's edits stay)."""
        return self.store.seed(shipped_register())

    def counts(self) -> dict[str, int]:
        return self.store.counts()


def _cleared(value: Any) -> Any:
    if isinstance(value, str):
        return value.strip() or None
    if isinstance(value, list | tuple):
        return tuple(part.strip() for part in value if part.strip())
    return value
