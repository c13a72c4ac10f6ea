"""The whole of peacekeeping beside legislative documents: its money comes from the
reports' tables; a Committee's restated proposal (a stage figure) is not taken for a
report's cost estimates, whose page it could not link to."""

from __future__ import annotations

from decimal import Decimal

from sqlalchemy import Engine

from rbb.model import Stage
from rbb.services.document_service import DocumentService
from rbb.services.peacekeeping import PeacekeepingFilter, every_row
from rbb.storage import DocumentStore
from tests.legislative_documents import fictonia_documents, unmik_documents
from tests.storage.test_document_store import budget_2025_26


def test_stage_figures_stay_out_of_the_peacekeeping_rows(sqlite_engine: Engine) -> None:
    DocumentStore(sqlite_engine).save(budget_2025_26())
    DocumentStore(sqlite_engine).save_all(
        [(d, (), t) for d, t in [*fictonia_documents(), *unmik_documents()]])
    rows = {(r.mission, r.period.label): r
            for r in every_row(DocumentService(sqlite_engine), PeacekeepingFilter())}
    # Fictonia has only its ACABQ report and resolution: a row, without money figures
    fictonia = rows[("MINUFIC", "2027/28")]
    assert fictonia.totals == {}
    # UNMIK 2025/26: the budget's cost estimates (seed line 536), from its own table
    unmik = rows[("UNMIK", "2025/26")].totals[Stage.COST_ESTIMATES]
    assert unmik.value == Decimal("46045.3")
    assert [s.kind.value for s in unmik.sources] == ["budget"]
