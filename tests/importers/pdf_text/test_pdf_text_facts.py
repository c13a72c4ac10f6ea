"""Every fact of the performance report is printed on the line it cites, and the
seed imports clean: no error, no warning, nothing unplaced."""

from __future__ import annotations

import re
from collections import Counter
from decimal import Decimal

from rbb.model.facts import MILLIONS_USD, THOUSANDS_USD, Fact, document_facts

from .seed import line, seed_document, seed_result

_GROUPED = re.compile(r"\d{1,3}(?:[ ,]\d{3})+(?:\.\d+)?")
_PLAIN = re.compile(r"\d+(?:\.\d+)?")
_WORDS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
          "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
          "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
          "nineteen": 19, "twenty": 20}


def printed_values(text: str) -> set[Decimal]:
    """Every value a line prints: grouped (``41 298.5``, ``1,703``) or plain
    (``113``), a dash as nil, a cardinal word."""
    values = {Decimal(m.group(0).replace(" ", "").replace(",", ""))
              for m in _GROUPED.finditer(text)}
    values |= {Decimal(m.group(0)) for m in _PLAIN.finditer(text)}
    if re.search(r"(?:^|\s)[–—-](?:\s|$)", text):
        values.add(Decimal(0))
    values |= {Decimal(n) for word, n in _WORDS.items()
               if re.search(rf"\b{word}\b", text, re.IGNORECASE)}
    return values


def _printed_on_its_line(fact: Fact) -> bool:
    assert fact.value is not None and fact.source_line is not None
    values = printed_values(line(fact.source_line))
    magnitude = abs(fact.value)
    if fact.section == "general_assembly_actions":
        return magnitude * 1000 in values  # printed in dollars: $685,900
    return magnitude in values


def test_seed_imports_clean() -> None:
    result = seed_result()
    assert result.diagnostics == ()
    assert result.ok(strict=True)


def test_every_fact_is_printed_on_the_line_it_cites() -> None:
    facts = [f for f in document_facts(seed_document()) if f.value is not None]
    assert all(f.source_line is not None for f in facts)
    wrong = [(f.section, f.row, f.column, f.value, f.source_line, line(f.source_line or 1))
             for f in facts if not _printed_on_its_line(f)]
    assert wrong == []


def test_fact_counts_per_section() -> None:
    counts = Counter(f.section for f in document_facts(seed_document()))
    assert counts["financial_resources"] == (8 + 29) * 4
    assert counts["human_resources"] == 6 * 3
    assert counts["redeployments"] == 4 * 3  # the blank percentage row has no fact
    assert counts["other_revenue"] == 6
    assert counts["borrowing"] == 12
    assert counts["programmatic_activities"] == 5
    assert counts["non_budgeted_contributions"] == 3
    assert counts["analysis_of_variances"] == 10 * 2
    assert counts["general_assembly_actions"] == 5
    # 14 indicators with 3 values each, plus output quantities and completions
    frameworks = [f for f in document_facts(seed_document()) if f.section == "frameworks"]
    assert sum(1 for f in frameworks if f.row.startswith("indicator")) == 42
    # 78 completed entries, of which 32 "Yes" and 3 "No" carry no number
    assert sum(1 for f in frameworks if f.column.startswith("completed")) == 78 - 32 - 3


def test_units_of_money_facts() -> None:
    facts = document_facts(seed_document())
    assert {f.unit for f in facts if f.section == "borrowing"} == {MILLIONS_USD}
    assert {f.unit for f in facts if f.section == "general_assembly_actions"} == {THOUSANDS_USD}
    summary = [f for f in facts if f.table == "financial_resources_summary"
               and f.row == "gross_requirements"]
    assert [(f.column, f.value, f.source_line) for f in summary] == [
        ("apportionment_2021_22", Decimal("41298.5"), 51),
        ("expenditure_2021_22", Decimal("40612.6"), 51),
        ("variance_amount", Decimal("685.9"), 51),
        ("variance_percentage", Decimal("1.7"), 51)]


def test_printed_values_reader() -> None:
    assert printed_values("Civilian personnel  32 534.4  32 153.1  381.3 1.2") >= {
        Decimal("32534.4"), Decimal("32153.1"), Decimal("381.3"), Decimal("1.2")}
    assert printed_values("International staff 113 100 11.5") >= {
        Decimal(113), Decimal(100), Decimal("11.5")}
    assert Decimal(0) in printed_values("Military contingents  – – – –")
