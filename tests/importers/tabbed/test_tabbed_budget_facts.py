"""Every fact of the imported budget report cites the line its number is printed on.

The strongest guard against a misplaced number: for every fact with a source
line, the value's printed form must appear on that line of the seed text.
"""

from __future__ import annotations

import contextlib
import re
from decimal import Decimal

import pytest

from rbb.importers import ImportResult
from rbb.importers.cells import CellError, clean, parse_cell
from rbb.model import Document
from rbb.model.facts import Fact, document_facts

_NUMBER = re.compile(r"(?P<open>\()?(?P<dollar>\$)?(?P<int>\d{1,3}(?:,\d{3})+|\d+)"
                     r"(?P<fraction>\.\d+)?")
_WORDS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
          "eight": 8, "nine": 9, "ten": 10}


def printed_values(line: str) -> set[Decimal | None]:
    """Every value a reader could see on the line: each tab cell in the UN formats
    (dashes are 0, ``n/a`` is None), each number of its prose (whole dollars also in
    thousands), and spelled-out counts."""
    values: set[Decimal | None] = set()
    for cell in line.split("\t"):
        with contextlib.suppress(CellError):
            values.add(parse_cell(cell).value)
    text = clean(line).replace("\\", "")
    for match in _NUMBER.finditer(text):
        value = Decimal(match["int"].replace(",", "") + (match["fraction"] or ""))
        values.add(value)
        if match["open"]:
            values.add(-value)
        if match["dollar"] and not match["fraction"]:
            values.add(value / 1000)
    for word, number in _WORDS.items():
        if re.search(rf"\b{word}\b", text, re.IGNORECASE):
            values.add(Decimal(number))
    if "n/a" in text:
        values.add(None)
    return values


@pytest.fixture(scope="module")
def facts(budget: Document) -> list[Fact]:
    return document_facts(budget)


def test_strict_import_without_any_diagnostic(imported: ImportResult) -> None:
    assert imported.ok(strict=True)
    assert imported.diagnostics == ()


def test_every_fact_has_a_source_line(facts: list[Fact]) -> None:
    assert len(facts) > 1500
    assert [f for f in facts if f.source_line is None] == []


def test_every_fact_is_printed_on_its_line(facts: list[Fact], seed_lines: list[str]) -> None:
    misplaced = [(f.source_line, f.table, f.row, f.column, f.value) for f in facts
                 if f.source_line is not None
                 and f.value not in printed_values(seed_lines[f.source_line - 1])]
    assert misplaced == []


def test_the_guard_sees_a_misplaced_number(seed_lines: list[str]) -> None:
    """The helper itself: line 511 holds 2 651.2 and not 2 204.0."""
    values = printed_values(seed_lines[510])
    assert Decimal("2651.2") in values and Decimal("2204.0") not in values


@pytest.mark.parametrize(("table", "row", "column", "value", "line", "printed"), [
    ("financial_resources", "international_staff", "variance_amount", "2651.2", 511,
     "International staff\t20 914.9\t21 139.4\t23 790.6\t2 651.2\t12.5"),
    ("financial_resources_summary", "operational_costs (subtotal)", "variance_percentage",
     "-1.4", 73, "Operational costs\t7 011.5\t8 618.1\t8 498.4\t(119.7)\t(1.4)"),
    ("table_2", "Mitrovica Regional Office | approved 2024/25", "total", "47", 336,
     "Approved posts 2024/25\t–\t1\t3\t7\t1\t12\t6\t24\t30\t5\t–\t5\t47"),
    ("vacancy_factors", "national_general_service_staff", "proposed 2025/26", "7.5", 577,
     "National General Service staff\t2.7\t2.2\t4.8\t2.7\t7.5"),
    ("estimated_civilian_personnel_cost", "substantive", "approved 2024/25", "15257.8", 361,
     "Approved 2024/25 **\\$15,257.8**"),
    ("analysis_of_variances", "national_general_service_staff", "amount", "-479.1", 684,
     "National General Service staff\t(\\$479.1)\t(5.0%)"),
    ("general_assembly_actions", "action 1", "amount 1", "46045.3", 722,
     "the appropriation of the amount of \\$46,045,300"),
])
def test_sample_facts_cite_their_line(facts: list[Fact], seed_lines: list[str], table: str,
                                      row: str, column: str, value: str, line: int,
                                      printed: str) -> None:
    (fact,) = [f for f in facts if (f.table, f.row, f.column) == (table, row, column)]
    assert (fact.value, fact.source_line) == (Decimal(value), line)
    assert printed in seed_lines[line - 1]


def test_indicator_and_output_facts(facts: list[Fact]) -> None:
    """``2.1.8 ... (2023/24: 2,000; 2024/25: $\\geq 2,000$; 2025/26: $\\geq 1,900$)`` (383)."""
    index = [(f.column, f.value, f.source_line) for f in facts
             if f.table == "component support" and f.row == "indicator 2.1.8"]
    assert index == [("2023/24", Decimal(2000), 383), ("2024/25", Decimal(2000), 383),
                     ("2025/26", Decimal(1900), 383)]
    fuel = [f.value for f in facts if f.source_line == 413]
    assert fuel[:2] == [Decimal(202500), Decimal(70000)]
