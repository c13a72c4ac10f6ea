"""Drafting the 2026/27 budget from the UNMIK 2025/26 drivers, and the drafted prose."""

from __future__ import annotations

from decimal import Decimal

import pytest

from rbb.costing import Edit, attribute, default_lines, draft_budget, gather
from rbb.costing.narrative import Context, explain
from rbb.engine.checks import run_checks
from rbb.model import Document, Period, Severity, StaffingColumn, StaffingKind
from tests.costing.conftest import Unmik

P26 = Period.parse("2026/27")


def _draft(unmik: Unmik, *edits: str) -> Document:
    return draft_budget(
        unmik.document,
        unmik.calibrated,
        P26,
        edits=[Edit.parse(e) for e in edits],
        scenario="test" if edits else None,
    ).document


def _row(document: Document, line: str) -> dict[str, Decimal | None]:
    table = document.financial_table("financial_resources")
    assert table is not None
    return next(r.values for r in table.rows if r.line == line)


def test_the_draft_carries_the_proposal_forward(unmik: Unmik) -> None:
    """Without edits every driver is carried, so the 2026/27 estimates equal the 2025/26
    ones (gross 46 045.3, seed line 532) and every variance is nil."""
    document = _draft(unmik)
    assert document.draft and document.period == P26 and document.kind.value == "budget"
    total = _row(document, "total_requirements")
    assert total["cost_estimates_2026_27"] == Decimal("46045.3")
    assert total["apportionment_2025_26"] == Decimal("46045.3")
    assert total["expenditure_2024_25"] is None
    assert _row(document, "international_staff")["variance_amount"] == 0
    assert not document.variance_explanations
    assert document.general_assembly_actions[0].amounts == (Decimal("46045.3"),)


def test_the_apportionment_column_is_flagged_when_it_is_not_one(unmik: Unmik) -> None:
    document = _draft(unmik)
    table = document.financial_table("financial_resources")
    assert table is not None
    label = table.column("apportionment_2025_26").label
    assert label == "Apportionment (2025/26, latest stored: cost estimates)"
    assert any("pending the apportionment" in p.text for p in document.paragraphs)


@pytest.mark.parametrize("edits", [
    (),
    ("vacancy_factor.international_staff=10.0", "posts.security_section.fs=+2",
     "exchange_rate.EUR=0.95"),
    ("vacancy_factor.ngs=2.7", "exchange_rate.EUR=0.912"),
    ("unit_cost.international_staff=+3%", "posts.mitrovica_regional_office.ngs=-4",
     "amount.quick_impact_projects=300"),
    ("posts.substantive.military_observers=+2", "unit_cost.united_nations_police=+10%"),
])
def test_the_draft_passes_the_checks(unmik: Unmik, edits: tuple[str, ...]) -> None:
    findings = run_checks([_draft(unmik, *edits)])
    errors = [f for f in findings if f.severity is Severity.ERROR]
    assert errors == [], [f.message for f in errors]


def test_posts_added_move_the_staffing_tables(unmik: Unmik) -> None:
    """Security Section, seed line 474: ``Proposed posts 2025/26 — — — 2 9 11 2 47 49 — —
    — 60``; with two FS posts more in 2026/27: 11 FS, 13 international, 62 in all, a net
    change of 2; the support component's total (line 482: 180) becomes 182 and the
    summary's support row (line 92: 37 international staff) 39."""
    document = _draft(unmik, "posts.security_section.fs=+2")
    support = next(t for t in document.staffing_tables if t.component == "support")
    rows = {(r.office, r.kind): r.counts for r in support.rows}
    proposed = rows[("Security Section", StaffingKind.PROPOSED)]
    assert proposed[StaffingColumn.FS] == 11
    assert proposed[StaffingColumn.INTERNATIONAL_SUBTOTAL] == 13
    assert proposed[StaffingColumn.TOTAL] == 62
    assert rows[("Security Section", StaffingKind.APPROVED)][StaffingColumn.FS] == 9
    assert rows[("Security Section", StaffingKind.NET_CHANGE)][StaffingColumn.FS] == 2
    assert rows[("Total, component 2, support", StaffingKind.PROPOSED)][StaffingColumn.TOTAL] == 182
    summary = next(t for t in document.staffing_tables if t.component is None)
    counts = {(r.office, r.kind): r.counts for r in summary.rows}
    assert counts[("Support", StaffingKind.PROPOSED)][StaffingColumn.INTERNATIONAL_STAFF] == 39
    assert counts[("Total", StaffingKind.PROPOSED)][StaffingColumn.TOTAL] == 376


def test_the_drafted_explanation_keeps_links_to_its_numbers(unmik: Unmik) -> None:
    document = _draft(unmik, "vacancy_factor.international_staff=10.0")
    explanation = document.variance_explanations[0]
    assert explanation.line == "international_staff"
    assert explanation.amount == Decimal("-313.0")
    paragraph = explanation.paragraphs[0]
    assert paragraph.text == (
        "The reduced requirements are attributable to the application of the higher vacancy "
        "rate of 10.0 per cent, compared with 8.8 per cent applied in the proposed budget for "
        "the 2025/26 period."
    )
    for link in paragraph.links:
        assert link.text in paragraph.text
    sources = [link.source for link in paragraph.links]
    assert "vacancy_factor.international_staff=10.0" in sources[0]
    assert "line 574" in sources[1]


def _published_explanations(unmik: Unmik) -> dict[str, list[str]]:
    drivers = unmik.calibrated
    lines = default_lines(drivers)
    before = gather(drivers, drivers.base_period, lines)
    after = gather(drivers, drivers.period, lines)
    printed = {k: (f.amount, f.source_line) for k, f in unmik.published.variances.items()}
    attribution = attribute(before, after, printed_variances=printed)
    texts = {}
    for line in ("international_staff", "national_general_service_staff"):
        context = Context(
            before.classes[line], after.classes[line], "the approved budget for the 2024/25 period"
        )
        texts[line] = [p.text for p in explain(attribution.of(line), context, None, 1).paragraphs]
    return texts


def test_the_drafted_phrasing_matches_the_report_s_own(unmik: Unmik) -> None:
    """Drafted from the 2024/25 → 2025/26 attribution, the explanations say what
    paragraphs 44-46 of the seed say (lines 681, 686, 688)."""
    texts = _published_explanations(unmik)
    assert texts["international_staff"] == [
        "The increased requirements are attributable primarily to the application of the "
        "lower vacancy rate of 8.8 per cent, compared with 16.8 per cent applied in the "
        "approved budget for the 2024/25 period."
    ]
    first, second = texts["national_general_service_staff"]
    assert first == (
        "The reduced requirements are attributable to: (a) the application of the higher "
        "vacancy rate of 7.5 per cent, compared with 2.7 per cent applied in the approved "
        "budget for the 2024/25 period; and (b) the application of the exchange rate of 0.948 "
        "euro to one United States dollar, compared with 0.912 euro applied in the approved "
        "budget for the 2024/25 period."
    )
    assert second.startswith(
        "The reduced requirements are offset in part by the higher salary rates"
    )
