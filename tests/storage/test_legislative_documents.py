"""Legislative documents in the store, on SQLite and PostgreSQL: saved whole, read back
equal, their facts and their stage figures indexed."""

from __future__ import annotations

from decimal import Decimal

import pytest
from sqlalchemy import func, select

from rbb.model import DocumentKind, Period
from rbb.model.facts import document_facts
from rbb.storage import DocumentStore
from rbb.storage import schema as tables
from rbb.storage.repository import STAGE_FIGURES_TABLE
from tests.legislative_documents import (
    FICTONIA_PERIOD,
    fictonia_acabq_report,
    fictonia_documents,
    fictonia_resolution,
    unmik_documents,
)
from tests.storage.test_document_store import budget_2025_26


def test_both_documents_land_together_and_read_back_equal(store: DocumentStore) -> None:
    ids = store.save_all([(document, (), text) for document, text in fictonia_documents()])
    assert len(ids) == 2
    assert store.load("MINUFIC", FICTONIA_PERIOD, DocumentKind.ACABQ_REPORT) == \
        fictonia_acabq_report()
    assert store.load_by_id(ids[1]) == fictonia_resolution()
    summaries = store.summaries(mission="MINUFIC")
    assert [s.kind for s in summaries] == [DocumentKind.ACABQ_REPORT,
                                           DocumentKind.GA_RESOLUTION]
    assert summaries[0].fact_count == len(document_facts(fictonia_acabq_report()))
    assert store.source_text(ids[0]) is not None
    # the fictional mission is not in the register: a provisional entry
    assert [m.provisional for m in store.missions()] == [True]


def test_their_parts_are_stored_each_on_its_own(store: DocumentStore) -> None:
    document_id = store.save(fictonia_acabq_report())
    present = store.present_parts(document_id)
    assert {"stage_figures", "recommendations", "concerns"} <= present
    assert "financial_tables" not in present
    partial = store.load_parts(document_id, ["recommendations"])
    assert partial.recommendations == fictonia_acabq_report().recommendations
    assert partial.stage_figures == ()


def test_every_fact_is_indexed_with_its_line(store: DocumentStore) -> None:
    document_id = store.save(fictonia_resolution())
    with store.engine.connect() as connection:
        rows = connection.execute(select(tables.facts).where(
            tables.facts.c.document_id == document_id,
            tables.facts.c.section == "financing")).mappings().all()
    by_row = {(r["row_name"], r["column_name"]): r for r in rows}
    # paragraph 14 of the hand-made resolution, line 10: $5,432,100 for the support account
    support = by_row[("support_account", "2027/28")]
    assert (support["value"], support["unit"], support["source_line"]) == (
        "5432.1", "thousands_usd", 10)
    assert len(rows) == 8


def test_stage_figures_join_the_money_index(store: DocumentStore) -> None:
    """The Committee's recommendation and the appropriation stand beside the reports'
    columns in ``financial_figures`` (what the class history and the overview read),
    under their own table, the whole budget as gross requirements."""
    store.save_all([(document, (), text) for document, text in fictonia_documents()])
    gross = store.financial_figures(mission="MINUFIC", line="gross_requirements")
    assert {(f.stage, f.document_kind, f.amount, f.table_key, f.row_type) for f in gross} == {
        ("cost_estimates", DocumentKind.ACABQ_REPORT, Decimal("123456.7"),
         STAGE_FIGURES_TABLE, "total"),
        ("acabq_recommended", DocumentKind.ACABQ_REPORT, Decimal("123171.7"),
         STAGE_FIGURES_TABLE, "total"),
        ("appropriation", DocumentKind.GA_RESOLUTION, Decimal("123171.7"),
         STAGE_FIGURES_TABLE, "total"),
    }
    travel = store.financial_figures(mission="MINUFIC", line="official_travel")
    assert sorted((f.stage, f.amount, f.source_line) for f in travel) == [
        ("acabq_recommended", Decimal("765.0"), 11), ("cost_estimates", Decimal("850.0"), 11)]


def test_unmik_beside_the_budget(store: DocumentStore) -> None:
    store.save(budget_2025_26())
    store.save_all([(document, (), text) for document, text in unmik_documents()])
    total = {(f.stage, f.table_key): f.amount
             for f in store.financial_figures(mission="UNMIK") if f.period.label == "2025/26"
             and f.line in ("gross_requirements", "total_requirements")}
    # the budget's cost estimates (seed line 536) and the hand-made stages after it
    assert total == {("cost_estimates", "financial_resources"): Decimal("46045.3"),
                     ("cost_estimates", STAGE_FIGURES_TABLE): Decimal("46045.3"),
                     ("acabq_recommended", STAGE_FIGURES_TABLE): Decimal("46013.7"),
                     ("appropriation", STAGE_FIGURES_TABLE): Decimal("46013.7")}
    assert [s.kind for s in store.summaries(mission="UNMIK")] == [
        DocumentKind.ACABQ_REPORT, DocumentKind.BUDGET, DocumentKind.GA_RESOLUTION]


def test_replacing_a_resolution_never_duplicates_its_figures(store: DocumentStore) -> None:
    store.save(fictonia_resolution())
    store.save(fictonia_resolution())
    with store.engine.connect() as connection:
        count = connection.execute(select(func.count()).select_from(
            tables.financial_figures)).scalar()
    assert count == 1
    assert store.delete("MINUFIC", Period.parse("2027/28"), DocumentKind.GA_RESOLUTION)
    assert store.count() == 0


@pytest.mark.parametrize("kind", [DocumentKind.ACABQ_REPORT, DocumentKind.GA_RESOLUTION])
def test_an_empty_legislative_document_is_stored_without_figures(
        store: DocumentStore, kind: DocumentKind) -> None:
    """A text whose reader found nothing (a figure-less resolution) is still a document."""
    document = fictonia_acabq_report().model_copy(update={
        "kind": kind, "stage_figures": (), "recommendations": ()})
    document_id = store.save(document)
    assert store.load_by_id(document_id) == document
    assert store.summaries()[0].fact_count == 0


def test_one_mission_is_read_alone_and_only_while_it_has_documents(
        store: DocumentStore) -> None:
    assert store.mission("MINUFIC") is None
    store.save_all([(document, (), text) for document, text in fictonia_documents()])
    found = store.mission("MINUFIC")
    assert found is not None
    assert found == next(m for m in store.missions() if m.code == "MINUFIC")
    assert store.mission("UNMIK") is None  # in the register, but no document stored
    store.delete("MINUFIC", FICTONIA_PERIOD, DocumentKind.ACABQ_REPORT)
    store.delete("MINUFIC", FICTONIA_PERIOD, DocumentKind.GA_RESOLUTION)
    assert store.mission("MINUFIC") is None
