"""Document: one published report and every fact it presents."""

from __future__ import annotations

import datetime as dt

from pydantic import Field

from .base import FileName, Key, Label, Record, Sha256
from .coverage import Coverage
from .cycle import DocumentKind, Period
from .frameworks import Component
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

    @property
    def key(self) -> DocumentKey:
        return DocumentKey(mission=self.mission.code, period=self.period, kind=self.kind)

    def financial_table(self, key: str) -> MoneyTable | None:
        for table in self.financial_tables:
            if table.key == key:
                return table
        return None
