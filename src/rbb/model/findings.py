"""Import diagnostics and check findings are data: returned, stored, rendered."""

from __future__ import annotations

from decimal import Decimal
from enum import StrEnum

from .base import Exact, Quantity, Record, SourceLine


class DiagnosticSeverity(StrEnum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"


class Diagnostic(Record):
    """Something an importer could not place or understand, with its location."""

    severity: DiagnosticSeverity
    code: str
    message: str
    file: str | None = None
    line: SourceLine = None
    section: str | None = None
    text: str | None = None
    """The input line concerned, as read."""

    def location(self) -> str:
        where = self.file or "<input>"
        return f"{where}:{self.line}" if self.line else where


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"
    ROUNDING = "rounding"


class Finding(Record):
    """One broken (or doubtful) identity found by ``rbb check``."""

    severity: Severity
    code: str
    document: str
    section: str | None = None
    table: str | None = None
    row: str | None = None
    column: str | None = None
    source_line: SourceLine = None
    printed: Quantity | None = None
    computed: Exact | None = None
    message: str

    def as_json(self) -> dict[str, object]:
        def plain(value: Decimal | None) -> str | None:
            return None if value is None else format(value, "f")

        return {
            "severity": self.severity.value,
            "code": self.code,
            "document": self.document,
            "section": self.section,
            "table": self.table,
            "row": self.row,
            "column": self.column,
            "source_line": self.source_line,
            "printed": plain(self.printed),
            "computed": plain(self.computed),
            "message": self.message,
        }


class SkippedCheck(Record):
    """A check not run on a partial document: it needs a table the text lacks."""

    code: str
    title: str
    document: str
    needs: tuple[str, ...]
    """The missing tables it needs (fields of the document)."""
    reason: str

    def as_json(self) -> dict[str, object]:
        return {"code": self.code, "title": self.title, "document": self.document,
                "needs": list(self.needs), "reason": self.reason}


class FindingPart(StrEnum):
    """The part of its document a finding's row is shown in: where a reader is sent to
    see it (a page of the web app). Decided once, when the finding is stored, so that a
    list of findings over the store links each without loading its document."""

    FINANCIAL = "financial"
    """A money table, or the financial resources section."""
    VARIANCE = "variance"
    """The analysis of variances (of the class named by the finding's row)."""
    COMPONENT = "component"
    """A results-based budgeting framework component (``component KEY`` tables)."""
    FRAMEWORKS = "frameworks"
    STAFFING = "staffing"
    TABLES = "tables"
    """One of the other tables of the report."""
    DOCUMENT = "document"
