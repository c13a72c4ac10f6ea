"""Missions: the reference data a document names by its code."""

from __future__ import annotations

from .base import MissionCode, Record


class Mission(Record):
    code: MissionCode
    """Short name as the reports use it, e.g. ``UNMIK``."""
    name: str
    mandate_references: tuple[str, ...] = ()
    headquarters: str | None = None
    offices: tuple[str, ...] = ()


KNOWN_MISSIONS: dict[str, Mission] = {
    "UNMIK": Mission(
        code="UNMIK",
        name="United Nations Interim Administration Mission in Kosovo",
        mandate_references=("Security Council resolution 1244 (1999)",),
        headquarters="Pristina",
        offices=("Pristina", "Mitrovica", "Pejë/Peć", "Belgrade"),
    ),
}


def mission_for_name(text: str) -> Mission | None:
    """The known mission whose full name or code the text contains."""
    flat = " ".join(text.split())
    for mission in KNOWN_MISSIONS.values():
        if mission.name in flat or f"({mission.code})" in flat:
            return mission
    return None


def mission_for_code(code: str) -> Mission | None:
    """The known mission of this code (``UNMIK``), None for one rbb does not know."""
    return KNOWN_MISSIONS.get(code)
