"""Fidelity of the Markdown: the regenerated UNMIK reports print every number of every
table of the seeds, in the right row and cell.

The expected numbers are read from the seed text by ``seed_tables`` (regular
expressions over the seed lines, independent of the importers); the generated
Markdown is read back table by table. test_fidelity_pdf.py does the same for the
PDF text.
"""

from __future__ import annotations

import pytest

from rbb.reports import ReportFormat
from tests.reports.fixtures import compare_markdown, markdown, markdown_rows
from tests.reports.seed_tables import (
    BUDGET_TABLES,
    PERFORMANCE_TABLES,
    TableSpec,
    budget_rows,
    performance_rows,
)

CASES = [("budget", spec) for spec in BUDGET_TABLES] + \
        [("performance", spec) for spec in PERFORMANCE_TABLES]


def _seed(kind: str, spec: TableSpec) -> list:  # type: ignore[type-arg]
    rows = budget_rows(spec.name) if kind == "budget" else performance_rows(spec.name)
    assert rows, f"the seed table {spec.name!r} reads no rows: the test itself is broken"
    return rows


@pytest.mark.parametrize(("kind", "spec"), CASES, ids=[f"{k}: {s.name}" for k, s in CASES])
def test_markdown_prints_every_seed_number_in_its_row(kind: str, spec: TableSpec) -> None:
    rows = markdown_rows(markdown(kind), spec.anchors)
    problems = compare_markdown(_seed(kind, spec), rows)
    assert not problems, "\n".join(problems)


def test_the_seed_tables_cover_the_budget_report() -> None:
    """Every numeric table row of the budget seed's sections is in some spec: the
    fidelity tests cannot silently skip a table."""
    covered = sum(len(budget_rows(spec.name)) for spec in BUDGET_TABLES)
    assert covered >= 180


def test_markdown_format_is_utf8_text() -> None:
    assert markdown("budget").startswith("# Budget for the United Nations Interim")
    assert ReportFormat.MARKDOWN.extension == ".md"
