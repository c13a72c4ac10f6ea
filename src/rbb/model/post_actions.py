"""Staffing as post actions (docs/preparation.md, "Post actions"): each change to the
approved posts a budget proposes — a post established, abolished, reassigned, redeployed,
reclassified or converted — with its office, grade, count and justification. The
proposal's staffing tables, its human resources summary and the justification paragraphs
are derived from them (``rbb.engine.post_actions``), never edited apart from them.

A record that cannot be a post action is refused when made, the field named:
``post_action(...)`` raises ``PostActionError`` (an ``InputError``) with ``field`` set."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated, Any

from pydantic import Field, StringConstraints, ValidationError, ValidationInfo, field_validator

from .base import Key, Record
from .errors import InputError
from .grades import grade_of

OfficeName = Annotated[str, StringConstraints(pattern=r"^[^\x00-\x1f\x7f]+$", min_length=1,
                                              max_length=200, strip_whitespace=True)]
"""An office as the staffing table prints it (``Office of Legal Affairs``)."""
Text = Annotated[str, StringConstraints(pattern=r"^[^\x00-\x08\x0b-\x1f\x7f]*$",
                                        max_length=4000, strip_whitespace=True)]
"""A justification: line breaks allowed, other control characters not."""
Title = Annotated[str, StringConstraints(pattern=r"^[^\x00-\x1f\x7f]+$", min_length=1,
                                         max_length=200, strip_whitespace=True)]

MAX_POSTS = 10_000
"""More posts than any mission has: a count above it is a slip."""


class PostActionKind(StrEnum):
    ESTABLISHMENT = "establishment"
    """A new post in an office."""
    ABOLISHMENT = "abolishment"
    REASSIGNMENT = "reassignment"
    """A post given other functions, in its office or another one."""
    REDEPLOYMENT = "redeployment"
    """A post moved with its functions to another office or component."""
    RECLASSIFICATION = "reclassification"
    """A post's grade raised or lowered within its category (P-3 to P-4)."""
    CONVERSION = "conversion"
    """A post of one category turned into one of another (international to National
    Professional Officer)."""


MOVES = (PostActionKind.REASSIGNMENT, PostActionKind.REDEPLOYMENT)
REGRADES = (PostActionKind.RECLASSIFICATION, PostActionKind.CONVERSION)
NEW_POSTS = (PostActionKind.ESTABLISHMENT, PostActionKind.CONVERSION)
"""Actions that create a post that did not exist: each needs its justification."""


class PostActionError(InputError):
    """A post action refused: ``field`` names what is wrong, ``action`` which action."""

    def __init__(self, message: str, *, field: str | None = None,
                 action: str | None = None) -> None:
        self.field = field
        self.action = action
        where = " ".join(p for p in (f"post action {action}" if action else "",
                                     field or "") if p)
        super().__init__(f"{where}: {message}" if where else message)


class PostAction(Record):
    """One change to the approved posts, as a budget justifies it."""

    id: Key
    """Stable within a proposal: ``a1``, ``legal_p4_redeployment``."""
    kind: PostActionKind
    component: Key
    """The component of the office the posts leave or are established in
    (``substantive``, ``support``)."""
    office: OfficeName
    grade: str
    """A grade of the register (``P-4``), or a band's designation (``P-5–P-4``)."""
    count: int = Field(ge=1, le=MAX_POSTS)
    functional_title: Title | None = None
    """``Legal Officer``: what the justification paragraph calls the post."""
    destination_component: Key | None = Field(default=None, validate_default=True)
    """Redeployment or reassignment to another component; None for the same one."""
    destination_office: OfficeName | None = Field(default=None, validate_default=True)
    """Where a redeployed or reassigned post goes; None for a reassignment within its
    office."""
    new_grade: str | None = Field(default=None, validate_default=True)
    """The grade after a reclassification (same category) or a conversion (another)."""
    justification: Text = Field(default="", validate_default=True)

    @field_validator("grade")
    @classmethod
    def _known_grade(cls, value: str) -> str:
        return grade_of(value).code

    @field_validator("destination_component")
    @classmethod
    def _component_moves(cls, value: str | None, info: ValidationInfo) -> str | None:
        if value is not None and info.data.get("kind") not in MOVES:
            raise ValueError(f"only a reassignment or a redeployment has a destination "
                             f"component, not a{_n(info)} {info.data.get('kind')}")
        return value

    @field_validator("destination_office")
    @classmethod
    def _office_moves(cls, value: str | None, info: ValidationInfo) -> str | None:
        kind = info.data.get("kind")
        if kind not in MOVES:
            if value is not None:
                raise ValueError("only a reassignment or a redeployment has a destination "
                                 f"office, not a{_n(info)} {kind}")
            return value
        if kind is PostActionKind.REDEPLOYMENT and value is None:
            raise ValueError("a redeployment names the office the posts go to")
        same_component = info.data.get("destination_component") in (
            None, info.data.get("component"))
        if value is None and not same_component:
            raise ValueError("a move to another component names the office the posts go to")
        if (kind is PostActionKind.REASSIGNMENT and same_component
                and value == info.data.get("office")):
            return None  # reassigned within its office
        if (kind is PostActionKind.REDEPLOYMENT and same_component
                and value == info.data.get("office")):
            raise ValueError(f"a redeployment moves posts to another office; both are "
                             f"{value!r}")
        return value

    @field_validator("new_grade")
    @classmethod
    def _regrade(cls, value: str | None, info: ValidationInfo) -> str | None:
        kind = info.data.get("kind")
        if kind not in REGRADES:
            if value is not None:
                raise ValueError("only a reclassification or a conversion has a new grade, "
                                 f"not a{_n(info)} {kind}")
            return value
        if value is None:
            raise ValueError(f"a {kind} names the grade the posts become")
        new = grade_of(value)
        old_code = info.data.get("grade")
        if old_code is None:
            return new.code
        old = grade_of(old_code)
        if kind is PostActionKind.RECLASSIFICATION:
            if new.category is not old.category:
                raise ValueError(f"a reclassification stays within the category "
                                 f"({old.code} is {_category(old.category)}, {new.code} "
                                 f"{_category(new.category)}): record a conversion")
            if new.code == old.code:
                raise ValueError(f"a reclassification changes the grade; both are {new.code}")
        elif new.category is old.category:
            raise ValueError(f"a conversion changes the category; {old.code} and {new.code} "
                             f"are both {_category(new.category)}: record a reclassification")
        return new.code

    @field_validator("justification")
    @classmethod
    def _justified(cls, value: str, info: ValidationInfo) -> str:
        kind = info.data.get("kind")
        if kind in NEW_POSTS and not value:
            raise ValueError(f"a {kind} creates a post: it needs its justification")
        return value

    @property
    def moves_office(self) -> bool:
        return self.kind in MOVES and self.destination_office is not None

    @property
    def to_component(self) -> str:
        return self.destination_component or self.component

    @property
    def to_office(self) -> str:
        return self.destination_office or self.office


def _n(info: ValidationInfo) -> str:
    kind = str(info.data.get("kind") or "")
    return "n" if kind[:1] in ("a", "e", "i", "o", "u") else ""


def _category(category: object) -> str:
    return str(getattr(category, "value", category)).replace("_", " ")


def post_action(**fields: Any) -> PostAction:
    """A post action, or a ``PostActionError`` naming the first field that is wrong."""
    try:
        return PostAction(**fields)
    except ValidationError as error:
        first = error.errors()[0]
        field = ".".join(str(p) for p in first["loc"]) or None
        message = str(first["msg"]).removeprefix("Value error, ")
        action = fields.get("id")
        raise PostActionError(message, field=field,
                              action=str(action)[:64] if action else None) from None
