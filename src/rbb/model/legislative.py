"""What the Advisory Committee and the General Assembly decide on a mission's budget
(docs/cycle.md): the stages after the Secretary-General's proposal, as data.

An ACABQ report on a mission recommends approval, reductions, posts not approved and
information or action requested; a resolution on a mission's financing appropriates,
apportions, credits balances and requests. Each is kept with the paragraph it stands
in and the line it is printed on, like every other fact (rbb.model.facts)."""

from __future__ import annotations

from enum import StrEnum

from pydantic import Field

from .base import Amount, Key, Record, SourceLine, absent
from .cycle import Period, Stage


class StageLevel(StrEnum):
    """How much of the budget a stage figure covers, as the document states it."""

    TOTAL = "total"
    GROUP = "group"
    CLASS = "class"


class StageFigure(Record):
    """One amount of one stage of the cycle: the proposal as the Committee restates it
    (``cost_estimates``), its recommendation (``acabq_recommended``), the Assembly's
    ``appropriation``. ``key`` names the group or class (``rbb.model.classes`` codes) and
    is None for the total."""

    stage: Stage
    period: Period
    level: StageLevel = StageLevel.TOTAL
    key: Key | None = None
    amount: Amount
    """Thousands of United States dollars, exact (``$46,045,300`` is ``46045.3``)."""
    paragraph: str | None = None
    source_line: SourceLine = None


class RecommendationKind(StrEnum):
    APPROVE = "approve"
    """Recommends approval (or acceptance) of the proposal or part of it."""
    REDUCE = "reduce"
    """Recommends a reduction by an amount or a percentage."""
    NOT_APPROVE = "not_approve"
    """Recommends against a post, a set of posts or a proposal."""
    REQUEST = "request"
    """Requests, trusts, expects or encourages information or action."""


class Recommendation(Record):
    """One recommendation of the Advisory Committee, in the paragraph it stands in."""

    kind: RecommendationKind
    paragraph: str
    """As the report numbers it: ``26``, or ``20 (e)`` where a sub-paragraph is cited."""
    text: str
    amounts: tuple[Amount, ...] = ()
    """The dollar amounts it names, in thousands of dollars, in the order printed."""
    amount_source_lines: tuple[int, ...] = ()
    class_code: Key | None = None
    """The class (or group) of expenditure it touches, when it names one."""
    posts: int | None = None
    """How many posts or positions it concerns, when it names them."""
    source_line: SourceLine = None


class DecisionKind(StrEnum):
    """What one operative paragraph of a resolution on a mission's financing does."""

    APPROPRIATE = "appropriate"
    APPORTION = "apportion"
    STAFF_ASSESSMENT = "staff_assessment"
    CREDIT = "credit"
    """Unencumbered balance, other revenue or income credited or set off."""
    REQUEST = "request"
    """Requests (or reiterates its request to) the Secretary-General to ..."""
    OTHER = "other"


class Decision(Record):
    """One operative paragraph of a General Assembly resolution."""

    kind: DecisionKind
    paragraph: str
    text: str
    amounts: tuple[Amount, ...] = ()
    amount_source_lines: tuple[int, ...] = ()
    source_line: SourceLine = None


class FinancingPart(StrEnum):
    """The amounts a resolution on a mission's financing decides, besides the stages."""

    APPROPRIATED = "appropriated"
    """The whole amount appropriated to the mission's special account."""
    MAINTENANCE = "maintenance"
    SUPPORT_ACCOUNT = "support_account"
    LOGISTICS_BASE = "logistics_base"
    REGIONAL_SERVICE_CENTRE = "regional_service_centre"
    APPORTIONED = "apportioned"
    STAFF_ASSESSMENT = "staff_assessment"
    UNENCUMBERED_BALANCE = "unencumbered_balance"
    OTHER_REVENUE = "other_revenue"
    BALANCE_AND_REVENUE = "unencumbered_balance_and_other_revenue"
    """The unencumbered balance and other revenue credited as one amount, as the
    resolutions since about 2005 print them."""
    COMMITMENT_AUTHORITY = "commitment_authority"


class FinancingFigure(Record):
    part: FinancingPart
    period: Period
    """The period the amount is for (a balance: the period it was left from)."""
    amount: Amount
    for_part: FinancingPart | None = Field(default=None, exclude_if=absent)
    """The part of the appropriation a staff assessment amount is approved for: the
    mission's own (``maintenance``), the prorated share of the support account's or of
    the Logistics Base's; None for the whole (the share in the Tax Equalization Fund)."""
    paragraph: str | None = None
    source_line: SourceLine = None


LEGISLATIVE_STAGES = (Stage.ACABQ_RECOMMENDED, Stage.APPROPRIATION)
