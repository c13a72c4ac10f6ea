"""The store keeps a document whole or not at all, on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy import func, select

from rbb.model import (
    ColumnRole,
    Document,
    DocumentKind,
    MoneyColumn,
    MoneyRow,
    MoneyTable,
    Period,
    Stage,
)
from rbb.model.errors import NotFoundError
from rbb.model.mission import mission_for_code
from rbb.storage import DocumentStore, current_revision, head_revision
from rbb.storage import schema as tables


def budget_2025_26(medical: str = "89.4") -> Document:
    """Two rows of the 2025/26 budget's financial resources table, as printed:
    ``Medical\t41.1\t96.2\t89.4\t(6.8)\t(7.1)`` and
    ``Total requirements\t40 628.9\t43 684.7\t46 045.3\t2 360.6\t5.4``."""
    p23, p24, p25 = (Period.parse(p) for p in ("2023/24", "2024/25", "2025/26"))
    columns = (
        MoneyColumn(key="expenditure_2023_24", label="Expenditure (2023/24)",
                    role=ColumnRole.AMOUNT, stage=Stage.EXPENDITURE, period=p23),
        MoneyColumn(key="apportionment_2024_25", label="Apportionment (2024/25)",
                    role=ColumnRole.AMOUNT, stage=Stage.APPORTIONMENT, period=p24),
        MoneyColumn(key="cost_estimates_2025_26", label="Cost estimates (2025/26)",
                    role=ColumnRole.AMOUNT, stage=Stage.COST_ESTIMATES, period=p25),
        MoneyColumn(key="variance_amount", label="Amount", role=ColumnRole.VARIANCE_AMOUNT),
        MoneyColumn(key="variance_percentage", label="Percentage",
                    role=ColumnRole.VARIANCE_PERCENTAGE),
    )

    def row(line: str, label: str, *values: str, source_line: int) -> MoneyRow:
        return MoneyRow(line=line, label=label, source_line=source_line,
                        values={c.key: Decimal(v) for c, v in zip(columns, values, strict=True)})

    table = MoneyTable(key="financial_resources", title="Financial resources", columns=columns,
                       rows=(row("medical", "Medical", "41.1", "96.2", medical, "-6.8", "-7.1",
                                 source_line=527),
                             row("total_requirements", "Total requirements", "40628.9",
                                 "43684.7", "46045.3", "2360.6", "5.4", source_line=536)))
    return Document(kind=DocumentKind.BUDGET, mission=mission_for_code("UNMIK"), period=p25,
                    title="Budget for UNMIK 2025/26", financial_tables=(table,))


def test_the_schema_is_at_the_newest_migration(store: DocumentStore) -> None:
    assert current_revision(store.engine) == head_revision() is not None


def test_a_stored_document_reads_back_equal(store: DocumentStore) -> None:
    document = budget_2025_26()
    store.save(document)
    assert store.load("UNMIK", Period.parse("2025/26"), DocumentKind.BUDGET) == document
    assert [s.kind for s in store.summaries()] == [DocumentKind.BUDGET]


def test_importing_again_replaces_and_never_duplicates(store: DocumentStore) -> None:
    store.save(budget_2025_26())
    store.save(budget_2025_26(medical="90.0"))
    with store.engine.connect() as connection:
        assert connection.execute(select(func.count()).select_from(tables.documents)).scalar() == 1
        # 2 rows × 5 columns of facts, once.
        assert connection.execute(select(func.count()).select_from(tables.facts)).scalar() == 10
    medical = store.financial_figures(mission="UNMIK", line="medical")
    assert [(f.stage, f.amount) for f in medical if f.period.label == "2025/26"] == [
        ("cost_estimates", Decimal("90.0"))]


def test_a_batch_lands_whole_or_not_at_all(store: DocumentStore) -> None:
    good = budget_2025_26()
    broken = good.model_copy(update={"title": None})  # NOT NULL in the store: fails mid-batch
    with pytest.raises(Exception):  # noqa: B017 - the driver's integrity error
        store.save_all([(good, ()), (broken, ())])
    assert store.summaries() == []


def test_figures_across_periods_and_stages(store: DocumentStore) -> None:
    store.save(budget_2025_26())
    totals = store.financial_figures(mission="unmik", line="total_requirements")
    assert [(f.period.label, f.stage, f.amount) for f in totals] == [
        ("2023/24", "expenditure", Decimal("40628.9")),
        ("2024/25", "apportionment", Decimal("43684.7")),
        ("2025/26", "cost_estimates", Decimal("46045.3")),
    ]


def test_a_missing_document_is_named(store: DocumentStore) -> None:
    with pytest.raises(NotFoundError, match="no performance document for UNMIK 2025/26"):
        store.load("UNMIK", Period.parse("2025/26"), DocumentKind.PERFORMANCE)


def test_delete_removes_the_facts_too(store: DocumentStore) -> None:
    store.save(budget_2025_26())
    assert store.delete("UNMIK", Period.parse("2025/26"), DocumentKind.BUDGET)
    with store.engine.connect() as connection:
        assert connection.execute(select(func.count()).select_from(tables.facts)).scalar() == 0


def test_the_source_text_is_kept_with_its_document(store: DocumentStore) -> None:
    """The text is what locates a figure quoted in a paragraph on its own line."""
    text = "Medical\t41.1\t96.2\t89.4\t(6.8)\t(7.1)\nsecond line"
    document = budget_2025_26()
    store.save(document, source_text=text)
    assert store.source_texts([document.key]) == {document.key: text}
    store.save(document)  # stored again from JSON, without a text: none is kept
    assert store.source_texts([document.key]) == {}


def test_a_deleted_document_takes_its_text_with_it(store: DocumentStore) -> None:
    document = budget_2025_26()
    store.save_all([(document, (), "the text")])
    assert store.delete("UNMIK", document.period, DocumentKind.BUDGET)
    with store.engine.connect() as connection:
        assert connection.execute(select(func.count()).select_from(tables.source_texts)
                                  ).scalar_one() == 0


def test_a_period_other_than_a_financial_year_is_stored_with_its_dates(
        store: DocumentStore) -> None:
    # six months, as a report for a mandate ending on 31 December states them
    six_months = Period.between(date(2025, 7, 1), date(2025, 12, 31))
    whole = budget_2025_26()
    document = Document(**{**{name: getattr(whole, name) for name in Document.model_fields},
                           "period": six_months})
    store.save(document)
    loaded = store.load("UNMIK", Period.parse("2025/26"), DocumentKind.BUDGET)
    assert loaded.period.stated == "1 July 2025 to 31 December 2025"
    assert loaded.period_dates == (date(2025, 7, 1), date(2025, 12, 31))
