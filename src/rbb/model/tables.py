"""The other tables of budget and performance reports (docs/domain.md, "Other
sections of the reports"). Each row keeps the line it was printed on."""

from __future__ import annotations

from datetime import date

from pydantic import Field

from .base import Amount, Key, Percentage, Quantity, Record, SourceLine
from .cycle import Period, Stage
from .staffing import RowType


class AmountRow(Record):
    """A labelled amount: non-budgeted contributions, other revenue, training
    costs, programmatic expenditure. ``group`` is the heading it sits under."""

    label: str
    amount: Amount | None
    group: str | None = None
    row_type: RowType = RowType.ITEM
    source_line: SourceLine = None


class EfficiencyGain(Record):
    category: str
    initiative: str | None = None
    amount: Amount | None
    row_type: RowType = RowType.ITEM
    source_line: SourceLine = None


class EfficiencyGains(Record):
    period: Period | None = None
    gains: tuple[EfficiencyGain, ...] = ()
    approved_budget: Amount | None = None
    approved_budget_source_line: SourceLine = None
    percentage_of_approved_budget: Percentage | None = None
    percentage_source_line: SourceLine = None


class TrainingParticipants(Record):
    """Participants of one category, period and kind, by place of training."""

    category: str
    """``international_staff``, ``national_staff``, ``military_and_police_personnel``."""
    period: Period
    kind: str
    """``actual``, ``planned`` or ``proposed`` as printed."""
    location: str
    """``internal``, ``external`` or ``total``."""
    count: int | None
    source_line: SourceLine = None


class OfficialTravel(Record):
    label: str
    person_trips: int | None
    amount: Amount | None
    percentages: dict[str, Percentage | None] = Field(default_factory=dict)
    """Percentage of total budget by period label."""
    row_type: RowType = RowType.ITEM
    source_line: SourceLine = None


class ProgrammaticActivity(Record):
    description: str
    amount: Amount | None
    stage: Stage
    expected_accomplishments: tuple[str, ...] = ()
    """Numbers of the expected accomplishments it serves (``1.1``, ``1.3``)."""
    row_type: RowType = RowType.ITEM
    parent: str | None = None
    """For an ``including ...`` line: the activity it is part of."""
    source_line: SourceLine = None


class QuickImpactProjects(Record):
    period: Period
    kind: str
    """``actual``, ``approved`` or ``proposed``."""
    amount: Amount | None
    number_of_projects: int | None
    source_line: SourceLine = None


class Redeployment(Record):
    group: str
    """Code of the group (``civilian_personnel``), or ``total``."""
    original_distribution: Amount | None
    redeployment: Amount | None
    revised_distribution: Amount | None
    row_type: RowType = RowType.ITEM
    source_line: SourceLine = None


class Redeployments(Record):
    rows: tuple[Redeployment, ...] = ()
    percentage_of_appropriation: Percentage | None = None
    percentage_source_line: SourceLine = None


class MonthlyExpenditure(Record):
    month: date
    """First day of the month."""
    amount: Amount
    source_line: SourceLine = None


class Borrowing(Record):
    as_at: date
    lending_mission: str
    amount_millions: Quantity
    """The borrowing table is printed in millions of United States dollars."""
    source_line: SourceLine = None


class FigureLink(Record):
    """A number a drafted sentence states (``8.8 per cent``) and the driver or figure it
    comes from, so a reviewer can follow it back (``rbb draft``)."""

    text: str
    """The number as the sentence prints it."""
    value: Quantity
    source: str
    """What it is and where it comes from: ``vacancy factor international_staff 2026/27
    (report: UNMIK 2025/26 budget, line 574)``."""


class VarianceParagraph(Record):
    number: int | None
    text: str
    source_line: SourceLine = None
    links: tuple[FigureLink, ...] = ()
    """For a drafted paragraph: the numbers it states and their sources."""


class VarianceExplanation(Record):
    """Section "Analysis of variances": a class, the variance quoted beside it
    and the numbered paragraphs that explain it."""

    line: Key
    label: str
    amount: Amount | None
    percentage: Percentage | None
    paragraphs: tuple[VarianceParagraph, ...] = ()
    source_line: SourceLine = None


class GeneralAssemblyAction(Record):
    text: str
    amounts: tuple[Amount, ...] = ()
    """Dollar amounts stated in the action, in thousands of dollars."""
    amount_source_lines: tuple[int, ...] = ()
    """Line each of ``amounts`` is printed on (an action can wrap over lines)."""
    source_line: SourceLine = None


class FollowUp(Record):
    """One request of the General Assembly or the ACABQ and the action taken."""

    body: str
    """``general_assembly`` or ``acabq``."""
    heading: str | None = None
    """``Cross-cutting issues``, ``Financing of the ...``."""
    reference: str | None = None
    """``Resolution 76/274``, ``A/78/744/Add.7 ...``."""
    request: str
    action: str
    source_line: SourceLine = None


class ComponentCost(Record):
    """Estimated amount (civilian personnel) printed under a component's staffing table."""

    component: str
    kind: str
    """``approved`` or ``proposed``."""
    period: Period
    amount: Amount
    source_line: SourceLine = None


class Paragraph(Record):
    """Prose as printed, kept so reports can reproduce it and checks can read
    figures quoted in it."""

    section: str
    """Section heading it sits under (``Summary``, ``I.B``...)."""
    number: int | None = None
    letter: str | None = None
    """``a`` for a lettered subparagraph ``(a) ...``; ``number`` is then its parent's."""
    text: str
    source_line: SourceLine = None
