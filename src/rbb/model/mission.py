"""Missions: the register entry a document names by its code.

The register itself is data (``rbb/data/reference/missions.csv``, read by
``mission_register.py``); nothing here lists a mission."""

from __future__ import annotations

from enum import StrEnum
from typing import TYPE_CHECKING, Annotated

from pydantic import StringConstraints, model_validator

from .base import MissionCode, Record

if TYPE_CHECKING:
    from .mission_register import MissionRegister

YearMonth = Annotated[str, StringConstraints(pattern=r"^\d{4}-(0[1-9]|1[0-2])$")]
"""A month as the list of operations dates a start or an end (``1999-06``)."""

PrintedText = Annotated[str, StringConstraints(pattern=r"^[^\x00-\x1f\x7f]*$", min_length=1,
                                               max_length=300)]
"""One line of printed text: a name, a place, a resolution."""


class MissionKind(StrEnum):
    """What the General Assembly budgets: an operation, or a budget reported like one."""

    OPERATION = "operation"
    SUPPORT_BUDGET = "support_budget"


class Mission(Record):
    code: MissionCode
    """Short name as the reports use it, e.g. ``UNMIK`` (``UNEF-I`` for "UNEF I")."""
    name: PrintedText
    mandate_references: tuple[str, ...] = ()
    headquarters: str | None = None
    offices: tuple[str, ...] = ()
    other_names: tuple[PrintedText, ...] = ()
    """Further names the reports print ("... in the Republic of South Sudan")."""
    other_codes: tuple[MissionCode, ...] = ()
    """Codes the same entry is or was printed under (``UNLB`` for ``UNGSC``)."""
    follows: MissionCode | None = None
    """The operation this one took over from (``MONUC`` for ``MONUSCO``)."""
    kind: MissionKind = MissionKind.OPERATION
    start: YearMonth | None = None
    end: YearMonth | None = None
    """Empty while the operation is active."""
    establishing_resolution: PrintedText | None = None
    provisional: bool = False
    """Read from a report, not from the register: its code and name as printed."""

    @model_validator(mode="after")
    def _ordered(self) -> Mission:
        if self.start and self.end and self.end < self.start:
            raise ValueError(f"ends ({self.end}) before it starts ({self.start})")
        return self

    @property
    def names(self) -> tuple[str, ...]:
        return (self.name, *self.other_names)

    @property
    def codes(self) -> tuple[str, ...]:
        return (self.code, *self.other_codes)

    @property
    def active(self) -> bool:
        return self.end is None


def mission_for_name(text: str, *, register: MissionRegister | None = None) -> Mission | None:
    """The register mission a text names first, by any of its names or by its code in
    parentheses; where names overlap the longest is read ("... Central African Republic
    and Chad" over "... Central African Republic")."""
    from .mission_register import shipped_register

    return (register or shipped_register()).named_in(text)


def mission_for_code(code: str, *, register: MissionRegister | None = None) -> Mission | None:
    """The register mission with this code or a code it was printed under."""
    from .mission_register import shipped_register

    return (register or shipped_register()).by_code(code)
