"""Document: one published report and every fact it presents."""

from __future__ import annotations

import datetime as dt

from pydantic import Field, model_validator

from .base import FileName, Key, Label, Record, Sha256, absent
from .coverage import Coverage
from .cycle import DocumentKind, Period
from .frameworks import Component
from .legislative import Decision, FinancingFigure, Recommendation, StageFigure
from .mission import Mission
from .money import MoneyTable
from .staffing import IncumbencyRow, StaffingTable, VacancyFactor
from .tables import (
    AmountRow,
    Borrowing,
    ComponentCost,
    EfficiencyGains,
    FollowUp,
    GeneralAssemblyAction,
    MonthlyExpenditure,
    OfficialTravel,
    Paragraph,
    ProgrammaticActivity,
    QuickImpactProjects,
    Redeployments,
    TrainingParticipants,
    VarianceExplanation,
)

FORMAT_VERSION = 1


class SourceFile(Record):
    name: FileName
    sha256: Sha256
    shape: Key
    """``tabbed`` (word-processor text), ``pdf_text`` (PDF text extraction) or ``pdf``."""
    lines: int | None = None


class DocumentKey(Record):
    """What identifies a document in the store: importing it again replaces it."""

    mission: str
    period: Period
    kind: DocumentKind

    def __str__(self) -> str:
        return f"{self.mission} {self.period} {self.kind.value}"


class Document(Record):
    format_version: int = FORMAT_VERSION
    kind: DocumentKind
    mission: Mission
    period: Period
    period_dates: tuple[dt.date, dt.date] | None = Field(default=None, exclude_if=absent)
    """The first and last day of a period that is not 1 July to 30 June, as the report
    states them (``1 October 1994 to 30 June 1995``); None for a whole financial year.
    ``period`` carries them once validated (``Period.between``); kept apart in the JSON
    because ``period`` is written as its label. Left out of the JSON when None."""
    title: str
    symbol: Label | None = None
    date: dt.date | None = None
    session: str | None = None
    agenda_item: str | None = None
    draft: bool = False
    source: SourceFile | None = None
    coverage: Coverage | None = None
    """What of the report the text held (rbb.model.coverage); None for a document not
    read from a report's text."""
    partial: bool = False
    """Stored although its text lacks sections its contents list names
    (``rbb import --partial``): pages and ``rbb check`` say so."""

    financial_tables: tuple[MoneyTable, ...] = ()
    staffing_tables: tuple[StaffingTable, ...] = ()
    civilian_cost_estimates: tuple[ComponentCost, ...] = ()
    vacancy_factors: tuple[VacancyFactor, ...] = ()
    incumbency: tuple[IncumbencyRow, ...] = ()
    components: tuple[Component, ...] = ()
    non_budgeted_contributions: tuple[AmountRow, ...] = ()
    efficiency_gains: EfficiencyGains | None = None
    training_costs: tuple[AmountRow, ...] = ()
    training_participants: tuple[TrainingParticipants, ...] = ()
    official_travel: tuple[OfficialTravel, ...] = ()
    programmatic_activities: tuple[ProgrammaticActivity, ...] = ()
    quick_impact_projects: tuple[QuickImpactProjects, ...] = ()
    redeployments: Redeployments | None = None
    monthly_expenditure: tuple[MonthlyExpenditure, ...] = ()
    other_revenue: tuple[AmountRow, ...] = ()
    borrowing: tuple[Borrowing, ...] = ()
    variance_explanations: tuple[VarianceExplanation, ...] = ()
    general_assembly_actions: tuple[GeneralAssemblyAction, ...] = ()
    follow_up: tuple[FollowUp, ...] = ()
    paragraphs: tuple[Paragraph, ...] = Field(default=())

    # What an ACABQ report or an Assembly resolution states (rbb.model.legislative).
    concerns: tuple[Label, ...] = Field(default=(), exclude_if=absent)
    """Symbols of the reports of the Secretary-General it considers (``A/78/708``)."""
    stage_figures: tuple[StageFigure, ...] = Field(default=(), exclude_if=absent)
    recommendations: tuple[Recommendation, ...] = Field(default=(), exclude_if=absent)
    decisions: tuple[Decision, ...] = Field(default=(), exclude_if=absent)
    financing: tuple[FinancingFigure, ...] = Field(default=(), exclude_if=absent)

    @model_validator(mode="after")
    def _stated_period(self) -> Document:
        """The period's stated dates and ``period_dates`` are one fact: whichever is
        given fills the other (frozen, hence ``object.__setattr__``)."""
        if self.period_dates is not None:
            start, end = self.period_dates
            stated = Period.between(start, end)
            if stated != self.period:
                raise ValueError(f"period_dates {start} to {end} fall in {stated}, not in "
                                 f"the period {self.period}")
            object.__setattr__(self, "period", stated)
        elif not self.period.is_financial_year:
            object.__setattr__(self, "period_dates", (self.period.start, self.period.end))
        return self

    @property
    def key(self) -> DocumentKey:
        return DocumentKey(mission=self.mission.code, period=self.period, kind=self.kind)

    def financial_table(self, key: str) -> MoneyTable | None:
        for table in self.financial_tables:
            if table.key == key:
                return table
        return None
