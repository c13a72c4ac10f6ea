"""A performance report in the tabbed shape: the PERFORMANCE seed's tables and
frameworks printed as a word-processor conversion prints them
(``performance_seed.build``), read back by the tabbed parser.

Every table must hold what the seed prints (as the ``pdf_text`` parser reads it
from the seed), every fact must cite the tabbed line its value is printed on,
and nothing may be left unplaced.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from rbb.importers import ImportResult, import_text
from rbb.model import Document, DocumentKind
from rbb.model.facts import document_facts

from ..pdf_text.seed import seed_document
from .performance_seed import NAME, tabbed_result, tabbed_text
from .test_tabbed_budget_facts import printed_values


def _comparable(value: Any) -> Any:
    """A record as data, without its source lines (they differ between the shapes)
    and with runs of whitespace as one space (a tabbed cell is one line)."""
    if isinstance(value, dict):
        return {key: _comparable(item) for key, item in value.items()
                if "source_line" not in key and key not in ("links", "label", "title")}
    if isinstance(value, list | tuple):
        return [_comparable(item) for item in value]
    if isinstance(value, str):
        return " ".join(value.split())
    return value


def _printed(line: str) -> set[Decimal | None]:
    """What the budget's guard sees on a line, and ``not applicable`` as no value."""
    return printed_values(line) | ({None} if "not applicable" in line else set())


@pytest.fixture(scope="module")
def result() -> ImportResult:
    return tabbed_result()


@pytest.fixture(scope="module")
def tabbed(result: ImportResult) -> Document:
    assert result.document is not None
    return result.document


@pytest.fixture(scope="module")
def printed() -> Document:
    return seed_document()


def test_imports_as_a_tabbed_performance_report_without_any_diagnostic(
        result: ImportResult, tabbed: Document) -> None:
    assert tabbed.kind is DocumentKind.PERFORMANCE
    assert tabbed.source is not None and tabbed.source.shape == "tabbed"
    assert result.diagnostics == ()
    assert result.ok(strict=True)


@pytest.mark.parametrize("field", [
    "incumbency", "redeployments", "other_revenue", "borrowing", "programmatic_activities",
    "non_budgeted_contributions", "follow_up",
])
def test_tables_hold_what_the_seed_prints(tabbed: Document, printed: Document,
                                          field: str) -> None:
    ours = _comparable(tabbed.model_dump()[field])
    assert ours
    assert ours == _comparable(printed.model_dump()[field])


@pytest.mark.parametrize("key", ["financial_resources_summary", "financial_resources"])
def test_financial_tables_hold_the_seeds_apportionment_expenditure_and_variance(
        tabbed: Document, printed: Document, key: str) -> None:
    ours = next(table for table in tabbed.financial_tables if table.key == key)
    theirs = next(table for table in printed.financial_tables if table.key == key)
    assert [column.key for column in ours.columns] == [
        "apportionment_2021_22", "expenditure_2021_22", "variance_amount", "variance_percentage"]
    assert [column.key for column in ours.columns] == [column.key for column in theirs.columns]
    # Row types follow each shape's convention (the tabbed Summary's group rows are
    # subtotals, docs/importing/tabbed.md); the lines and figures are the seed's.
    assert [(row.line, row.values) for row in ours.rows] == \
        [(row.line, row.values) for row in theirs.rows]


def test_summary_figures(tabbed: Document) -> None:
    """The front table of A/77/589: 41 298.5 apportioned, 40 612.6 spent, 685.9 (1.7%)."""
    summary = next(t for t in tabbed.financial_tables if t.key == "financial_resources_summary")
    gross = next(row for row in summary.rows if row.line == "gross_requirements")
    assert gross.values == {"apportionment_2021_22": Decimal("41298.5"),
                            "expenditure_2021_22": Decimal("40612.6"),
                            "variance_amount": Decimal("685.9"),
                            "variance_percentage": Decimal("1.7")}


def test_incumbency_parts_under_their_headings(tabbed: Document, printed: Document) -> None:
    assert [row.category for row in tabbed.incumbency] == \
        [row.category for row in printed.incumbency]
    assert any(row.category.value.startswith("united_nations_volunteers_")
               for row in tabbed.incumbency)


def test_redeployments_keep_the_blank_percentage_line(tabbed: Document) -> None:
    assert tabbed.redeployments is not None
    assert tabbed.redeployments.percentage_of_appropriation is None
    assert tabbed.redeployments.percentage_source_line is not None
    assert tabbed.redeployments.rows[-1].group == "total"


def test_variances_with_their_paragraphs(tabbed: Document, printed: Document) -> None:
    assert [(v.line, v.amount, v.percentage, [p.number for p in v.paragraphs])
            for v in tabbed.variance_explanations] == \
        [(v.line, v.amount, v.percentage, [p.number for p in v.paragraphs])
         for v in printed.variance_explanations]


def test_actions_of_the_general_assembly_with_their_amounts(tabbed: Document,
                                                           printed: Document) -> None:
    ours = [action.amounts for action in tabbed.general_assembly_actions]
    assert ours and ours == [action.amounts for action in printed.general_assembly_actions]


def test_frameworks_planned_beside_actual(tabbed: Document, printed: Document) -> None:
    """Indicators with their values and actual text; outputs with completed entries,
    remarks and further completions, exactly as the seed prints them."""
    assert _comparable(tabbed.model_dump()["components"]) == \
        _comparable(printed.model_dump()["components"])
    indicators = [i for c in tabbed.components for ea in c.expected_accomplishments
                  for i in ea.indicators]
    outputs = [o for c in tabbed.components for ea in c.expected_accomplishments
               for o in ea.outputs]
    assert indicators and all(i.actual for i in indicators)
    assert outputs and all(o.completed for o in outputs)
    assert any(o.further_completions for o in outputs)
    assert any(o.completed_quantity is not None for o in outputs)


def test_every_fact_is_printed_on_its_tabbed_line(tabbed: Document) -> None:
    lines = tabbed_text().split("\n")
    facts = document_facts(tabbed)
    assert len(facts) > 300
    assert [f for f in facts if f.source_line is None] == []
    misplaced = [(f.source_line, f.table, f.row, f.column, f.value) for f in facts
                 if f.source_line is not None
                 and f.value not in _printed(lines[f.source_line - 1])]
    assert misplaced == []


_MONTHLY = """\
General Assembly

Budget performance of the United Nations Interim Administration Mission in Kosovo for the \
period from 1 July 2021 to 30 June 2022

Summary

Performance of financial resources
Category\tApportionment\tExpenditure\tVariance\t
\t\t\tAmount\tPercentage
Military and police personnel\t768.5\t616.0\t152.5\t19.8
Civilian personnel\t32 534.4\t32 153.1\t381.3\t1.2
Operational costs\t7 995.6\t7 843.5\t152.1\t1.9
Gross requirements\t41 298.5\t40 612.6\t685.9\t1.7
Staff assessment income\t4 105.4\t4 150.9\t(45.5)\t(1.1)
Net requirements\t37 193.1\t36 461.7\t731.4\t2.0
Total requirements\t41 298.5\t40 612.6\t685.9\t1.7

Human resources incumbency performance
Category\tApproved^a\tActual (average)\tVacancy rate (percentage)^b
Military observers\t8\t8\t–
Peacekeeping dolphins\t3\t3\t–

III. Resource performance

A. Financial resources
Category\tApportionment\tExpenditure\tVariance\t
\t\t\tAmount\tPercentage
Military and police personnel\t\t\t\t
Military observers\t357.3\t279.7\t77.6\t21.7
Subtotal\t357.3\t279.7\t77.6\t21.7
Gross requirements\t357.3\t279.7\t77.6\t21.7
Net requirements\t357.3\t279.7\t77.6\t21.7
Total requirements\t357.3\t279.7\t77.6\t21.7

C. Monthly expenditure pattern
(Thousands of United States dollars)
Month\tExpenditure
July 2021\t4 012.3
August 2021\t2 960.0
Someday\t1.0

D. Other revenue and adjustments, and borrowing
1. Other revenue and adjustments
Category\tAmount
Investment revenue\t(16.2)
Total\t(16.2)
2. Borrowing
As at\tLending mission\tAmount
31 July 2021\tMINUSMA\t32.5
Not a date\tMINUSMA\t32.5
"""


def test_a_printed_monthly_pattern_and_rows_that_do_not_read() -> None:
    """Months and amounts where the report prints them; a row no reader can place
    is an ``unplaced-line`` warning, never dropped silently."""
    result = import_text(_MONTHLY, name=NAME)
    document = result.document
    assert document is not None
    assert [(m.month.isoformat(), m.amount) for m in document.monthly_expenditure] == [
        ("2021-07-01", Decimal("4012.3")), ("2021-08-01", Decimal("2960.0"))]
    assert [b.amount_millions for b in document.borrowing] == [Decimal("32.5")]
    assert [r.amount for r in document.other_revenue] == [Decimal("-16.2")] * 2
    unplaced = sorted(d.text or "" for d in result.diagnostics if d.code == "unplaced-line")
    assert unplaced == ["Not a date\tMINUSMA\t32.5", "Peacekeeping dolphins\t3\t3\t–",
                        "Someday\t1.0"]
