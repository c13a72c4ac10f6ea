"""Stores for the whole-of-peacekeeping tests: the two UNMIK seeds, and two reports of a
fictional mission written by hand (MINUFAR, "Farland"), whose figures are round so
that every derived figure can be worked out by hand in the tests' comments."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import Engine

from rbb.model import Document, DocumentKind, Period
from rbb.model.mission import Mission
from rbb.model.staffing import (
    IncumbencyRow,
    PersonnelCategory,
    RowType,
    StaffingColumn,
    StaffingKind,
    StaffingRow,
    StaffingTable,
)
from rbb.services.imports import store_results
from rbb.storage import DocumentStore
from tests.conftest import BUDGET_SEED, PERFORMANCE_SEED, imported
from tests.engine.builders import money_table

FARLAND = Mission(code="MINUFAR", name="United Nations Mission in Farland (fictional)")
EXCERPT = Path(__file__).parents[1] / "data" / "partial" / "untomn-budget-excerpt.txt"

# Performance report for 2030/31: apportionment, expenditure (then the variance columns).
PERFORMANCE_MONEY = """
Military and police personnel\t120 000.0\t110 000.0\t10 000.0\t8.3
Civilian personnel\t50 000.0\t48 000.0\t2 000.0\t4.0
Operational costs\t80 000.0\t72 000.0\t8 000.0\t10.0
Gross requirements\t250 000.0\t230 000.0\t20 000.0\t8.0
Total requirements\t251 000.0\t231 000.0\t20 000.0\t8.0
"""

# Budget for 2032/33: expenditure 2030/31 (printed 500 less than the performance report
# for military and police), apportionment 2031/32, cost estimates 2032/33.
BUDGET_MONEY = """
Military and police personnel\t109 500.0\t125 000.0\t130 000.0\t5 000.0\t4.0
Civilian personnel\t48 000.0\t52 000.0\t54 000.0\t2 000.0\t3.8
Operational costs\t72 500.0\t83 000.0\t86 000.0\t3 000.0\t3.6
Gross requirements\t230 000.0\t260 000.0\t270 000.0\t10 000.0\t3.8
Total requirements\t231 000.0\t261 000.0\t271 000.0\t10 000.0\t3.8
"""


def _incumbency(category: PersonnelCategory, label: str, approved: int, actual: int,
                line: int, planned: int | None = None) -> IncumbencyRow:
    base = planned if planned is not None else approved
    rate = (base - actual) * 100 / base
    from decimal import Decimal

    return IncumbencyRow(category=category, label=label, approved=Decimal(approved),
                         actual_average=Decimal(actual), planned_average=None
                         if planned is None else Decimal(planned),
                         vacancy_rate=Decimal(str(round(rate, 1))), source_line=line)


def farland_performance(*, partial: bool = False) -> Document:
    """Incumbency: 2 000 contingent personnel (1 800 on average), 280 formed police (260),
    international staff 400 approved, 380 planned, 361 actual; national staff 600 (570);
    Volunteers 100 (90); temporary 20 (19); government-provided 10 (10)."""
    p = PersonnelCategory
    return Document(
        kind=DocumentKind.PERFORMANCE, mission=FARLAND, period=Period.parse("2030/31"),
        title="Budget performance of MINUFAR for 2030/31", partial=partial,
        financial_tables=(money_table(PERFORMANCE_MONEY, kind="performance",
                                      period="2030/31", first_line=301),),
        incumbency=(
            _incumbency(p.MILITARY_CONTINGENTS, "Military contingents", 2000, 1800, 41),
            _incumbency(p.FORMED_POLICE_UNITS, "Formed police units", 280, 260, 42),
            _incumbency(p.INTERNATIONAL_STAFF, "International staff", 400, 361, 43, 380),
            _incumbency(p.NATIONAL_STAFF, "National staff", 600, 570, 44),
            _incumbency(p.UNITED_NATIONS_VOLUNTEERS, "United Nations Volunteers", 100, 90, 45),
            _incumbency(p.GENERAL_TEMPORARY_ASSISTANCE, "Temporary positions", 20, 19, 46),
            _incumbency(p.GOVERNMENT_PROVIDED_PERSONNEL, "Government-provided personnel",
                        10, 10, 47),
        ))


def farland_budget(*, partial: bool = False) -> Document:
    """The summary human resources table, by grade band: approved 2031/32 and proposed
    2032/33 (the total rows)."""
    c = StaffingColumn
    columns = (c.MILITARY_CONTINGENTS, c.FORMED_POLICE_UNITS, c.USG_ASG, c.D2_D1, c.P5_P4,
               c.P3_P2, c.FS, c.NPO, c.NGS, c.UNV_INTERNATIONAL, c.UNV_NATIONAL)
    approved = (2000, 280, 2, 8, 60, 130, 200, 50, 550, 70, 30)
    proposed = (2100, 280, 2, 8, 62, 132, 200, 52, 560, 72, 30)
    rows = tuple(
        StaffingRow(office="Total", row_type=RowType.TOTAL, kind=kind,
                    period=Period.parse(period), counts=dict(zip(columns, counts, strict=True)),
                    source_line=line)
        for kind, period, counts, line in (
            (StaffingKind.APPROVED, "2031/32", approved, 88),
            (StaffingKind.PROPOSED, "2032/33", proposed, 89)))
    return Document(
        kind=DocumentKind.BUDGET, mission=FARLAND, period=Period.parse("2032/33"),
        title="Budget of MINUFAR for 2032/33", partial=partial,
        financial_tables=(money_table(BUDGET_MONEY, kind="budget", period="2032/33",
                                      first_line=501),),
        staffing_tables=(StaffingTable(key="human_resources", title="Human resources",
                                       columns=columns, rows=rows, source_line=86),))


def store_all(engine: Engine, *, partial_budget: bool = False) -> DocumentStore:
    """The UNMIK seeds, the Farland reports and the UNTOMN excerpt (stored partial, as
    ``rbb import --partial`` stores it)."""
    store = DocumentStore(engine)
    for path in (BUDGET_SEED, PERFORMANCE_SEED):
        result = imported(path)
        assert result.document is not None
        store.save(result.document, result.diagnostics)
    store.save(farland_performance())
    store.save(farland_budget(partial=partial_budget))
    outcome = store_results(store, [imported(EXCERPT)], partial=True)
    assert outcome.stored
    return store
