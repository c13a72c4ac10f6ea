"""The domain model: small immutable records every other layer builds on.

The names are loaded when first used (PEP 562): a command that needs an enum or an
error does not pay for building every pydantic model (``rbb --help`` starts fast).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .base import Amount, Percentage, Quantity, Record
    from .classes import BY_CODE, CLASSES, GROUPS, SUMMARY_LINES, FinancialLine, LineKind
    from .coverage import Coverage
    from .cycle import DocumentKind, Period, Stage
    from .document import Document, DocumentKey, SourceFile
    from .findings import Diagnostic, DiagnosticSeverity, Finding, FindingPart, Severity
    from .frameworks import (
        Comparator,
        Component,
        ExpectedAccomplishment,
        Indicator,
        IndicatorValue,
        Output,
        OutputCompletion,
        OutputQuantity,
    )
    from .legislative import (
        Decision,
        DecisionKind,
        FinancingFigure,
        FinancingPart,
        Recommendation,
        RecommendationKind,
        StageFigure,
        StageLevel,
    )
    from .mission import Mission, MissionKind
    from .mission_register import MissionRegister
    from .money import ColumnRole, MoneyColumn, MoneyRow, MoneyTable
    from .staffing import (
        IncumbencyRow,
        PersonnelCategory,
        RowType,
        StaffingColumn,
        StaffingKind,
        StaffingRow,
        StaffingTable,
        VacancyFactor,
        VacancyKind,
    )

_MODULES: dict[str, tuple[str, ...]] = {
    "base": ("Amount", "Percentage", "Quantity", "Record"),
    "classes": ("BY_CODE", "CLASSES", "GROUPS", "SUMMARY_LINES", "FinancialLine", "LineKind"),
    "coverage": ("Coverage",),
    "cycle": ("DocumentKind", "Period", "Stage"),
    "document": ("Document", "DocumentKey", "SourceFile"),
    "findings": ("Diagnostic", "DiagnosticSeverity", "Finding", "FindingPart", "Severity"),
    "frameworks": ("Comparator", "Component", "ExpectedAccomplishment", "Indicator",
                   "IndicatorValue", "Output", "OutputCompletion", "OutputQuantity"),
    "legislative": ("Decision", "DecisionKind", "FinancingFigure", "FinancingPart",
                    "Recommendation", "RecommendationKind", "StageFigure", "StageLevel"),
    "mission": ("Mission", "MissionKind"),
    "mission_register": ("MissionRegister",),
    "money": ("ColumnRole", "MoneyColumn", "MoneyRow", "MoneyTable"),
    "staffing": ("IncumbencyRow", "PersonnelCategory", "RowType", "StaffingColumn", "StaffingKind",
                 "StaffingRow", "StaffingTable", "VacancyFactor", "VacancyKind"),
}
_HOME = {name: module for module, names in _MODULES.items() for name in names}
"""Where each name of ``__all__`` is defined (``tests/test_startup.py`` keeps them equal)."""

__all__ = [
    "BY_CODE", "CLASSES", "GROUPS", "SUMMARY_LINES", "Amount", "ColumnRole",
    "Comparator", "Component", "Coverage", "Decision", "DecisionKind", "Diagnostic",
    "DiagnosticSeverity", "Document",
    "DocumentKey",
    "DocumentKind", "ExpectedAccomplishment", "FinancialLine", "FinancingFigure",
    "FinancingPart", "Finding", "FindingPart",
    "IncumbencyRow",
    "Indicator", "IndicatorValue", "LineKind", "Mission", "MissionKind", "MissionRegister",
    "MoneyColumn", "MoneyRow", "MoneyTable",
    "Output", "OutputCompletion", "OutputQuantity", "Percentage", "Period", "PersonnelCategory",
    "Quantity", "Recommendation", "RecommendationKind", "Record",
    "RowType", "Severity", "SourceFile", "StaffingColumn", "StaffingKind", "StaffingRow",
    "StaffingTable", "Stage", "StageFigure", "StageLevel", "VacancyFactor", "VacancyKind",
]


if not TYPE_CHECKING:
    from .lazy_names import lazy_getattr

    __getattr__ = lazy_getattr(__name__, _HOME, globals())
