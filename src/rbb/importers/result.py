"""What an importer returns: the document (if one could be built) and its diagnostics."""

from __future__ import annotations

from dataclasses import dataclass, field

from rbb.model import Diagnostic, DiagnosticSeverity, Document


@dataclass(frozen=True)
class ImportResult:
    file: str
    document: Document | None
    diagnostics: tuple[Diagnostic, ...] = field(default=())
    text: str | None = field(default=None, repr=False, compare=False)
    """The text the document was read from, with the lines the importer numbered
    (None when it came from data, such as the JSON a PDF rendered by rbb carries)."""

    @property
    def errors(self) -> tuple[Diagnostic, ...]:
        return tuple(d for d in self.diagnostics if d.severity is DiagnosticSeverity.ERROR)

    @property
    def warnings(self) -> tuple[Diagnostic, ...]:
        return tuple(d for d in self.diagnostics if d.severity is DiagnosticSeverity.WARNING)

    def ok(self, *, strict: bool = False) -> bool:
        """Storable: a document and no error (with ``strict``, no warning either)."""
        if self.document is None or self.errors:
            return False
        return not (strict and self.warnings)
