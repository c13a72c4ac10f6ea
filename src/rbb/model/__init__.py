"""The domain model: small immutable records every other layer builds on."""

from .base import Amount, Percentage, Quantity, Record
from .classes import BY_CODE, CLASSES, GROUPS, SUMMARY_LINES, FinancialLine, LineKind
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
from .mission import KNOWN_MISSIONS, Mission
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

__all__ = [
    "BY_CODE", "CLASSES", "GROUPS", "KNOWN_MISSIONS", "SUMMARY_LINES", "Amount", "ColumnRole",
    "Comparator", "Component", "Diagnostic", "DiagnosticSeverity", "Document", "DocumentKey",
    "DocumentKind", "ExpectedAccomplishment", "FinancialLine", "Finding", "FindingPart",
    "IncumbencyRow",
    "Indicator", "IndicatorValue", "LineKind", "Mission", "MoneyColumn", "MoneyRow", "MoneyTable",
    "Output", "OutputCompletion", "OutputQuantity", "Percentage", "Period", "PersonnelCategory",
    "Quantity", "Record",
    "RowType", "Severity", "SourceFile", "StaffingColumn", "StaffingKind", "StaffingRow",
    "StaffingTable", "Stage", "VacancyFactor", "VacancyKind",
]
