"""The cycle read from the store (rbb.services.cycle_service), on SQLite and PostgreSQL,
with the fictional mission of tests/engine/test_cycle.py (figures derived there)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from sqlalchemy import Engine

from rbb.engine.cycle import TOTAL_ROW
from rbb.model import DocumentKind, Stage
from rbb.model.errors import NotFoundError
from rbb.services.cycle_service import StoreReader, mission_period_cycle
from rbb.services.document_service import DocumentService
from tests.engine.builders import money_table
from tests.engine.test_cycle import (
    LATER_BUDGET_TABLE,
    P,
    acabq,
    budget,
    document,
    performance,
    resolution,
)


def test_the_period_and_the_budgets_that_restate_it(engine: Engine) -> None:
    store = DocumentService(engine)
    for item in (budget(), acabq(), resolution(), performance()):
        store.save(item)
    # The budget for 2032/33 prints the expenditure of 2030/31 (3 010.0); the one for
    # 2033/34 prints nothing of it, the performance report of 2029/30 neither.
    store.save(document("budget", "2032/33", financial_tables=(
        money_table(LATER_BUDGET_TABLE, period="2032/33", first_line=70),)))
    store.save(document("budget", "2033/34"))
    store.save(document("performance", "2029/30"))
    cycle = mission_period_cycle(StoreReader(store), "UNTM", P)
    assert [(k.period.label, k.kind) for k in cycle.documents] == [
        ("2030/31", DocumentKind.ACABQ_REPORT), ("2030/31", DocumentKind.BUDGET),
        ("2030/31", DocumentKind.GA_RESOLUTION), ("2030/31", DocumentKind.PERFORMANCE),
        ("2032/33", DocumentKind.BUDGET)]
    total = cycle.row(TOTAL_ROW)
    assert total is not None
    # 3 200.0 proposed, 3 150.0 recommended and appropriated and apportioned, 3 000.0
    # spent by the performance report, 3 010.0 by the budget for 2032/33 (flagged).
    assert [total.cell(s).amount for s in (Stage.COST_ESTIMATES, Stage.ACABQ_RECOMMENDED,
                                            Stage.APPROPRIATION, Stage.APPORTIONMENT,
                                            Stage.EXPENDITURE)] == [
        Decimal("3200.0"), Decimal("3150.0"), Decimal("3150.0"), Decimal("3150.0"),
        Decimal("3000.0")]
    assert total.cell(Stage.EXPENDITURE).differs
    travel = cycle.row("official_travel")
    assert travel is not None and travel.cell(Stage.ACABQ_RECOMMENDED).derived


def test_a_period_without_documents(engine: Engine) -> None:
    store = DocumentService(engine)
    store.save(budget())
    with pytest.raises(NotFoundError, match="no document of UNTM for 2031/32"):
        mission_period_cycle(StoreReader(store), "UNTM", P.next)
    with pytest.raises(NotFoundError):
        mission_period_cycle(StoreReader(store), "NONE", P)
