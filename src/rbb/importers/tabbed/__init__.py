"""Parser for the ``tabbed`` text shape (placeholder until the importer lands)."""

from __future__ import annotations

from rbb.model import Diagnostic, DiagnosticSeverity, Document

from ..detect import DocumentMeta
from ..result import ImportResult
from ..source import SourceText


def parse(source: SourceText, meta: DocumentMeta) -> ImportResult:
    document = Document(kind=meta.kind, mission=meta.mission, period=meta.period,
                        title=meta.title, symbol=meta.symbol, date=meta.date,
                        session=meta.session, agenda_item=meta.agenda_item)
    return ImportResult(source.name, document, (Diagnostic(
        severity=DiagnosticSeverity.WARNING, code="sections-not-read",
        message="the section parsers for this text shape are not written yet: only the "
                "document's identity was read", file=source.name),))
