"""What the section parsers share: the document being read, the diagnostics
they report (data, never prints) and the parts of the document they collect."""

from __future__ import annotations

from dataclasses import dataclass, field

from rbb.model import (
    Component,
    Diagnostic,
    DiagnosticSeverity,
    DocumentKind,
    IncumbencyRow,
    MoneyTable,
    Period,
)
from rbb.model.tables import (
    AmountRow,
    Borrowing,
    FollowUp,
    GeneralAssemblyAction,
    Paragraph,
    ProgrammaticActivity,
    Redeployments,
    VarianceExplanation,
)

from ..source import Line


@dataclass
class Context:
    """The file being read and what went wrong where."""

    file: str
    kind: DocumentKind
    period: Period
    diagnostics: list[Diagnostic] = field(default_factory=list)
    last_paragraph: int = 0
    """Number of the last numbered paragraph read: numbering runs through the report."""

    def report(self, severity: DiagnosticSeverity, code: str, message: str,
               line: Line | None = None, section: str | None = None) -> None:
        self.diagnostics.append(Diagnostic(
            severity=severity, code=code, message=message, file=self.file,
            line=None if line is None else line.number, section=section,
            text=None if line is None else line.text.strip()))

    def error(self, code: str, message: str, line: Line | None = None,
              section: str | None = None) -> None:
        self.report(DiagnosticSeverity.ERROR, code, message, line, section)

    def warn(self, code: str, message: str, line: Line | None = None,
             section: str | None = None) -> None:
        self.report(DiagnosticSeverity.WARNING, code, message, line, section)

    def unplaced(self, line: Line, section: str, where: str) -> None:
        """A line inside a table or framework that no rule could place."""
        self.warn("unplaced-line", f"{where}: could not place this line", line, section)


@dataclass
class Parts:
    """The parts of the document, collected in the order they are printed."""

    financial_tables: list[MoneyTable] = field(default_factory=list)
    incumbency: list[IncumbencyRow] = field(default_factory=list)
    components: list[Component] = field(default_factory=list)
    non_budgeted_contributions: list[AmountRow] = field(default_factory=list)
    programmatic_activities: list[ProgrammaticActivity] = field(default_factory=list)
    redeployments: Redeployments | None = None
    other_revenue: list[AmountRow] = field(default_factory=list)
    borrowing: list[Borrowing] = field(default_factory=list)
    variance_explanations: list[VarianceExplanation] = field(default_factory=list)
    general_assembly_actions: list[GeneralAssemblyAction] = field(default_factory=list)
    follow_up: list[FollowUp] = field(default_factory=list)
    paragraphs: list[Paragraph] = field(default_factory=list)

    def fields(self) -> dict[str, object]:
        """The Document fields these parts fill."""
        return {
            "financial_tables": tuple(self.financial_tables),
            "incumbency": tuple(self.incumbency),
            "components": tuple(self.components),
            "non_budgeted_contributions": tuple(self.non_budgeted_contributions),
            "programmatic_activities": tuple(self.programmatic_activities),
            "redeployments": self.redeployments,
            "other_revenue": tuple(self.other_revenue),
            "borrowing": tuple(self.borrowing),
            "variance_explanations": tuple(self.variance_explanations),
            "general_assembly_actions": tuple(self.general_assembly_actions),
            "follow_up": tuple(self.follow_up),
            "paragraphs": tuple(self.paragraphs),
        }
