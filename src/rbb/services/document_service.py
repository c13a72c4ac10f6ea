"""The stored documents for an interface that must not know the store: the web app
reads its snapshot's data and writes documents through this, never through
``rbb.storage`` (import-linter contract)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Engine

from rbb.model import Diagnostic, Document, DocumentKey, Mission, Period
from rbb.storage import DocumentStore, DocumentSummary, FinancialFigure, canonical_json
from rbb.storage.repository import IDENTITY_PARTS
from rbb.storage.staging import documents_version

from .stored_findings import StoredFindings

__all__ = ["IDENTITY_PARTS", "ComponentOutline", "DocumentService", "DocumentSummary",
           "FinancialFigure", "canonical_json"]


class DocumentService:
    """What an interface reads and writes of the documents, over one engine. Storing or
    deleting a document brings the stored findings of its mission up to date."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self.store = DocumentStore(engine)
        self.findings = StoredFindings(engine, workers=1)
        """Checked in this process: a server's threads must not fork."""

    def version(self) -> tuple[int, int, str]:
        """Changes whenever a document is stored, replaced or deleted: caches key on it."""
        return documents_version(self.engine)

    def summaries(self, *, mission: str | None = None, offset: int = 0,
                  limit: int | None = None) -> list[DocumentSummary]:
        return self.store.summaries(mission=mission, offset=offset, limit=limit)

    def summaries_by_id(self, document_ids: Sequence[int]) -> list[DocumentSummary]:
        return self.store.summaries_by_id(document_ids)

    def summary(self, key: DocumentKey) -> DocumentSummary | None:
        return self.store.summary(key)

    def count(self, *, mission: str | None = None) -> int:
        return self.store.count(mission=mission)

    def mission_index(self, *, offset: int = 0, limit: int | None = None
                      ) -> list[tuple[str, int]]:
        """Missions with documents (code, number of documents), by code."""
        return self.store.mission_index(offset=offset, limit=limit)

    def mission_periods(self) -> dict[str, list[Period]]:
        """Every mission with documents and the periods they cover."""
        return self.store.mission_periods()

    def summaries_of(self, missions: Sequence[str]) -> list[DocumentSummary]:
        return self.store.summaries_of(missions)

    def load_by_id(self, document_id: int) -> Document:
        return self.store.load_by_id(document_id)

    def body(self, document_id: int) -> str:
        """The stored canonical JSON, as stored: what ``rbb export`` writes."""
        return self.store.body(document_id)

    def present_parts(self, document_id: int) -> frozenset[str]:
        """The parts of the document that hold something: what a page lists as present."""
        return self.store.present_parts(document_id)

    def summary_with_parts(self, key: DocumentKey, names: Sequence[str]
                           ) -> tuple[DocumentSummary, dict[str, str]] | None:
        """The summary and the stored parts ``names`` as JSON text, in one statement: what
        ``rows`` of the three readers below may be given."""
        return self.store.summary_with_parts(key, names)

    def load_parts(self, document_id: int, names: Sequence[str],
                   rows: dict[str, str] | None = None) -> Document:
        """Identity and the parts ``names`` only, the others empty (``load_parts``)."""
        return self.store.load_parts(document_id, names, rows)

    def part_data(self, document_id: int, part: str, rows: dict[str, str] | None = None
                  ) -> Any:
        """One part as plain JSON data, not validated (``DocumentStore.part_data``)."""
        return self.store.part_data(document_id, part, rows)

    def component(self, document_id: int, key: str, rows: dict[str, str] | None = None
                  ) -> tuple[Document, tuple[ComponentOutline, ...]]:
        """The document with only its component ``key`` read (none when it has no such
        component), and an outline of each of its components: what a component's page
        shows, without validating the others."""
        document, items = self.store.load_item(document_id, "components", key, rows)
        return document, tuple(_outline(item) for item in items)

    def partial_ids(self, document_ids: Sequence[int]) -> list[int]:
        """Which of these documents are stored marked partial (``rbb import --partial``)."""
        return self.store.partial_ids(document_ids)

    def missions(self) -> list[Mission]:
        return self.store.missions()

    def mission(self, code: str) -> Mission | None:
        return self.store.mission(code)

    def financial_figures(self, mission: str, line: str) -> list[FinancialFigure]:
        return self.store.financial_figures(mission=mission, line=line)

    def save(self, document: Document, diagnostics: Sequence[Diagnostic] = (), *,
             source_text: str | None = None) -> None:
        """Store the document whole, replacing the stored one of the same identity; with
        the text it was read from, so that findings on it point to their lines."""
        self.store.save(document, diagnostics, source_text=source_text)
        self.findings.refresh(mission=document.mission.code)

    def delete(self, key: DocumentKey) -> bool:
        """False when no such document is stored."""
        deleted = self.store.delete(key.mission, key.period, key.kind)
        if deleted:
            self.findings.refresh(mission=key.mission)
        return deleted


@dataclass(frozen=True, slots=True)
class ComponentOutline:
    """A component named and counted, for the list of a document's components."""

    key: str
    number: int | None
    name: str
    expected_accomplishments: tuple[tuple[str, str], ...]
    """Each expected accomplishment's number and text."""
    indicators: int
    outputs: int


def _outline(item: dict[str, Any]) -> ComponentOutline:
    """From a component's stored JSON, which was validated when it was stored."""
    accomplishments = item.get("expected_accomplishments") or []
    return ComponentOutline(
        key=str(item["key"]), number=item.get("number"), name=str(item["name"]),
        expected_accomplishments=tuple((str(ea["number"]), str(ea["text"]))
                                       for ea in accomplishments),
        indicators=sum(len(ea.get("indicators") or []) for ea in accomplishments),
        outputs=sum(len(ea.get("outputs") or []) for ea in accomplishments))
