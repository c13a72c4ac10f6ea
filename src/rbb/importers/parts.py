"""The pieces of a document as the section readers of either text shape find
them, collected in the order they are printed and assembled once at the end."""

from __future__ import annotations

from dataclasses import dataclass, field

from rbb.model import (
    Component,
    IncumbencyRow,
    MoneyTable,
    StaffingTable,
    VacancyFactor,
)
from rbb.model.tables import (
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


@dataclass
class Parts:
    """Mutable while the readers run; the Document made from it is frozen."""

    financial_tables: list[MoneyTable] = field(default_factory=list)
    staffing_tables: list[StaffingTable] = field(default_factory=list)
    civilian_cost_estimates: list[ComponentCost] = field(default_factory=list)
    vacancy_factors: list[VacancyFactor] = field(default_factory=list)
    incumbency: list[IncumbencyRow] = field(default_factory=list)
    components: list[Component] = field(default_factory=list)
    non_budgeted_contributions: list[AmountRow] = field(default_factory=list)
    efficiency_gains: EfficiencyGains | None = None
    training_costs: list[AmountRow] = field(default_factory=list)
    training_participants: list[TrainingParticipants] = field(default_factory=list)
    official_travel: list[OfficialTravel] = field(default_factory=list)
    programmatic_activities: list[ProgrammaticActivity] = field(default_factory=list)
    quick_impact_projects: list[QuickImpactProjects] = field(default_factory=list)
    redeployments: Redeployments | None = None
    monthly_expenditure: list[MonthlyExpenditure] = field(default_factory=list)
    other_revenue: list[AmountRow] = field(default_factory=list)
    borrowing: list[Borrowing] = field(default_factory=list)
    variance_explanations: list[VarianceExplanation] = field(default_factory=list)
    general_assembly_actions: list[GeneralAssemblyAction] = field(default_factory=list)
    follow_up: list[FollowUp] = field(default_factory=list)
    paragraphs: list[Paragraph] = field(default_factory=list)

    def fields(self) -> dict[str, object]:
        """Keyword arguments for ``Document``: every list as a tuple."""
        return {name: tuple(value) if isinstance(value, list) else value
                for name, value in vars(self).items()}
