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
