"""The stored documents for an interface that must not know the store: the web app
reads its snapshot's data and writes documents through this, never through
``rbb.storage`` (import-linter contract)."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import Engine

from rbb.model import Diagnostic, Document, DocumentKey, Mission
from rbb.storage import DocumentStore, DocumentSummary, FinancialFigure, canonical_json
from rbb.storage.staging import documents_version

__all__ = ["DocumentService", "DocumentSummary", "FinancialFigure", "canonical_json"]


class DocumentService:
    """What an interface reads and writes of the documents, over one engine."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self.store = DocumentStore(engine)

    def version(self) -> tuple[int, int, str]:
        """Changes whenever a document is stored, replaced or deleted: caches key on it."""
        return documents_version(self.engine)

    def summaries(self) -> list[DocumentSummary]:
        return self.store.summaries()

    def load_by_id(self, document_id: int) -> Document:
        return self.store.load_by_id(document_id)

    def missions(self) -> list[Mission]:
        return self.store.missions()

    def financial_figures(self, mission: str, line: str) -> list[FinancialFigure]:
        return self.store.financial_figures(mission=mission, line=line)

    def save(self, document: Document, diagnostics: Sequence[Diagnostic] = (), *,
             source_text: str | None = None) -> None:
        """Store the document whole, replacing the stored one of the same identity; with
        the text it was read from, so that findings on it point to their lines."""
        self.store.save(document, diagnostics, source_text=source_text)

    def delete(self, key: DocumentKey) -> bool:
        """False when no such document is stored."""
        return self.store.delete(key.mission, key.period, key.kind)
