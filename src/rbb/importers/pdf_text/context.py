"""What the section parsers share: the document being read, the diagnostics
they report (data, never prints) and the parts of the document they collect."""

from __future__ import annotations

from dataclasses import dataclass, field

from rbb.model import (
    Diagnostic,
    DiagnosticSeverity,
    DocumentKind,
    Period,
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


