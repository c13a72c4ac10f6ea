"""Legislative documents as data: their facts (every number with its line), their JSON
(``rbb load`` reads it back), and the kinds rbb stores."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from rbb.model import DocumentKind
from rbb.model.errors import InputError
from rbb.model.facts import document_facts, facts_csv
from rbb.services.data_format import from_json, read_document, schema_text, to_json
from tests.legislative_documents import (
    FICTONIA_ACABQ_TEXT,
    FICTONIA_RESOLUTION_TEXT,
    fictonia_acabq_report,
    fictonia_resolution,
    line_of,
    unmik_acabq_report,
    unmik_resolution,
)

SCHEMA = Path(__file__).resolve().parents[2] / "schema" / "document.schema.json"


def test_the_kinds_rbb_stores() -> None:
    stored = {kind for kind in DocumentKind if kind.stored}
    assert stored == {DocumentKind.BUDGET, DocumentKind.PERFORMANCE,
                      DocumentKind.ACABQ_REPORT, DocumentKind.GA_RESOLUTION}
    # the importers' shapes still read only the reports of the Secretary-General in full
    assert not DocumentKind.ACABQ_REPORT.read_in_full
    assert {kind for kind in DocumentKind if not kind.of_secretary_general} == {
        DocumentKind.ACABQ_REPORT, DocumentKind.GA_RESOLUTION}


def test_the_facts_of_an_acabq_report_carry_their_lines() -> None:
    facts = {(f.section, f.row, f.column): f for f in document_facts(fictonia_acabq_report())}
    text = FICTONIA_ACABQ_TEXT
    proposed = facts[("stage_figures", "total", "cost_estimates 2027/28")]
    assert (proposed.value, proposed.unit) == (Decimal("123456.7"), "thousands_usd")
    assert proposed.source_line == line_of(text, "$123,456,700") == 9
    recommended = facts[("stage_figures", "total", "acabq_recommended 2027/28")]
    # 123 456.7 − 200.0 − 85.0, by hand
    assert recommended.value == Decimal("123171.7")
    assert recommended.source_line == line_of(text, "$123,171,700") == 14
    travel = facts[("stage_figures", "official_travel", "acabq_recommended 2027/28")]
    assert travel.value == Decimal("765.0")
    # a figure the text states on no line keeps no line, rather than a wrong one
    assert facts[("stage_figures", "consultants_and_consulting_services",
                  "acabq_recommended 2027/28")].source_line is None
    reduction = facts[("recommendations", "paragraph 15 (reduce)", "amount 1")]
    assert (reduction.value, reduction.source_line) == (Decimal("200.0"), 10)
    posts = facts[("recommendations", "paragraph 21 (not_approve)", "posts")]
    assert (posts.value, posts.unit, posts.source_line) == (Decimal(2), "posts", 12)
    # a request names no amount: no fact
    assert not [k for k in facts if k[1] == "paragraph 25 (request)"]


def test_the_facts_of_a_resolution() -> None:
    facts = document_facts(fictonia_resolution())
    by_key = {(f.section, f.row, f.column): f for f in facts}
    line = line_of(FICTONIA_RESOLUTION_TEXT, "Decides to appropriate")
    appropriated = [f for f in facts if f.row == "paragraph 14 (appropriate)"]
    # $129,838,300 inclusive of $123,171,700, $5,432,100 and $1,234,500, all on line 10
    assert [f.value for f in appropriated] == [Decimal("129838.3"), Decimal("123171.7"),
                                               Decimal("5432.1"), Decimal("1234.5")]
    assert {f.source_line for f in appropriated} == {line} == {10}
    assert by_key[("financing", "unencumbered_balance", "2025/26")].value == Decimal("2345.6")
    assert by_key[("stage_figures", "total", "appropriation 2027/28")].source_line == line
    # the parts add up to the whole, as the resolution prints them
    parts = [by_key[("financing", part, "2027/28")].value
             for part in ("maintenance", "support_account", "logistics_base")]
    assert sum(parts, Decimal(0)) == by_key[("financing", "appropriated", "2027/28")].value
    # facts are in the order printed
    lines = [f.source_line for f in facts]
    assert lines == sorted(lines)
    assert "financing,financing,apportioned,2027/28,129838.3,thousands_usd,11" in facts_csv(facts)


@pytest.mark.parametrize("make", [fictonia_acabq_report, fictonia_resolution,
                                  unmik_acabq_report, unmik_resolution])
def test_the_json_of_a_legislative_document_loads_back_equal(make, tmp_path: Path) -> None:
    document = make()
    path = tmp_path / "doc.json"
    path.write_text(to_json(document), encoding="utf-8")
    assert read_document(path) == document


def test_a_broken_legislative_document_names_the_field() -> None:
    text = to_json(fictonia_acabq_report()).replace('"reduce"', '"halve"', 1)
    with pytest.raises(InputError, match=r"acabq\.json: not an rbb document.*recommendations"):
        from_json(text, file="acabq.json")


def test_the_schema_file_is_current() -> None:
    assert SCHEMA.read_text(encoding="utf-8") == schema_text()


def test_a_staff_assessment_for_a_part_is_a_fact_of_its_own() -> None:
    """Two staff assessment amounts of one period, one for the mission's maintenance and
    one for the whole, stay apart in the facts (their rows name the part)."""
    from rbb.model.legislative import FinancingFigure, FinancingPart

    resolution = fictonia_resolution()
    maintenance = FinancingFigure(part=FinancingPart.STAFF_ASSESSMENT,
                                  for_part=FinancingPart.MAINTENANCE,
                                  period=resolution.period, amount=Decimal("9000.0"),
                                  paragraph="16", source_line=12)
    both = resolution.model_copy(update={"financing": (*resolution.financing, maintenance)})
    rows = {(f.row, f.value) for f in document_facts(both) if f.section == "financing"
            and f.column == "2027/28" and f.row.startswith("staff_assessment")}
    assert rows == {("staff_assessment", Decimal("9876.5")),
                    ("staff_assessment (maintenance)", Decimal("9000.0"))}
