"""The cycle of a mission's period read from the store (rbb.engine.cycle), for both
interfaces: which documents state its figures, and only the parts of them it reads.

The documents of the period itself (its budget, the Advisory Committee's report, the
resolution, the performance report), and the budgets of the two following periods,
which restate its apportionment and its expenditure (docs/domain.md, "The cycle")."""

from __future__ import annotations

from typing import Protocol

from rbb.engine.cycle import Cycle, period_cycle
from rbb.model import Document, DocumentKey, DocumentKind, Period
from rbb.model.errors import NotFoundError

from .document_service import DocumentService, DocumentSummary

CYCLE_PARTS = ("financial_tables", "staffing_tables", "stage_figures", "recommendations",
               "financing")
"""What the cycle reads of a document: its money tables, its staffing tables (the posts
a budget proposes) and its legislative figures."""

RESTATING_KINDS = frozenset({DocumentKind.BUDGET, DocumentKind.REVISED_BUDGET})
"""Documents of a later period that print figures of this one."""
RESTATING_YEARS = 2
"""A budget for P+1 prints the apportionment of P, one for P+2 its expenditure."""


class CycleReader(Protocol):
    """Where the documents come from: the store, or the web app's snapshot of it."""

    def mission_summaries(self, mission: str) -> list[DocumentSummary]: ...

    def document_parts(self, key: DocumentKey, *parts: str) -> Document: ...


def cycle_documents(summaries: list[DocumentSummary], period: Period) -> list[DocumentKey]:
    """The documents whose figures the cycle of ``period`` sets side by side."""
    keys = []
    for summary in summaries:
        ahead = summary.period.start_year - period.start_year
        if ahead == 0 or (0 < ahead <= RESTATING_YEARS and summary.kind in RESTATING_KINDS):
            keys.append(DocumentKey(mission=summary.mission, period=summary.period,
                                    kind=summary.kind))
    return sorted(keys, key=lambda k: (k.period, k.kind.value))


def mission_period_cycle(reader: CycleReader, mission: str, period: Period) -> Cycle:
    """The cycle of ``mission``'s ``period``; NotFoundError when no document of the
    period is stored."""
    summaries = reader.mission_summaries(mission)
    if not any(s.period == period for s in summaries):
        raise NotFoundError(f"no document of {mission} for {period} is stored")
    documents = [reader.document_parts(key, *CYCLE_PARTS)
                 for key in cycle_documents(summaries, period)]
    return period_cycle(mission, period, documents)


class StoreReader:
    """A ``CycleReader`` straight from the store (the CLI, scripts)."""

    def __init__(self, store: DocumentService) -> None:
        self.store = store

    def mission_summaries(self, mission: str) -> list[DocumentSummary]:
        return self.store.summaries(mission=mission)

    def document_parts(self, key: DocumentKey, *parts: str) -> Document:
        summary = self.store.summary(key)
        if summary is None:
            raise NotFoundError(f"no {key.kind.value} report for {key.mission} {key.period} "
                                "is stored")
        return self.store.load_parts(summary.id, parts)
