"""The 2025/26 budget seed: every identity holds except the ones docs/checks.md lists,
and doctored copies (a changed total, a dropped row, a wrong percentage, a missing
variance explanation) give exactly the findings that locate the change."""

from __future__ import annotations

from decimal import Decimal

from rbb.engine import run_checks
from rbb.model import Finding, Severity

from .seeds import doctored, dropped, seed_document


def _key(finding: Finding) -> tuple[str, str, int | None, str | None, str | None]:
    return (finding.severity.value, finding.code, finding.source_line, finding.row, finding.column)


def _without_known(findings: list[Finding]) -> list[Finding]:
    return [f for f in findings if f.code != "staffing.civilian-cost"]


def test_the_published_budget_has_no_error() -> None:
    findings = run_checks([seed_document("budget")])
    assert [f for f in findings if f.severity is Severity.ERROR] == []


def test_the_published_budget_findings_are_the_documented_ones() -> None:
    """docs/checks.md, "Findings on the seeds": the components' civilian personnel costs
    leave 39.0 of the civilian personnel group unattributed, in both periods."""
    findings = run_checks([seed_document("budget")])
    assert [_key(f) for f in findings] == [
        ("warning", "staffing.civilian-cost", 205, "approved 2024/25", "amount"),
        ("warning", "staffing.civilian-cost", 206, "proposed 2025/26", "amount"),
    ]
    assert [(f.printed, f.computed) for f in findings] == [
        (Decimal("34439.0"), Decimal("34478.0")),
        (Decimal("36643.0"), Decimal("36682.0")),
    ]


def test_a_changed_total() -> None:
    # Line 531: Subtotal 7 011.5 8 618.1 8 498.4 (119.7) (1.4) — 8 498.4 becomes 8 489.4.
    findings = _without_known(run_checks([doctored("budget", 531, "8 498.4", "8 489.4")]))
    assert [_key(f) for f in findings] == [
        ("error", "money.summary-table", 73, "operational_costs", "cost_estimates_2025_26"),
        ("error", "money.group-subtotal", 531, "operational_costs", "cost_estimates_2025_26"),
        ("error", "money.variance-amount", 531, "operational_costs", "variance_amount"),
        ("rounding", "money.variance-percentage", 531, "operational_costs", "variance_percentage"),
        ("error", "money.gross", 532, "gross_requirements", "cost_estimates_2025_26"),
    ]
    subtotal = findings[1]
    assert (subtotal.printed, subtotal.computed) == (Decimal("8489.4"), Decimal("8498.4"))


def test_a_dropped_row() -> None:
    # Line 527: Medical 41.1 96.2 89.4 (6.8) (7.1) is left out.
    findings = _without_known(run_checks([dropped("budget", 527)]))
    assert [_key(f) for f in findings] == [
        ("error", "money.group-subtotal", 530, "operational_costs", "apportionment_2024_25"),
        ("error", "money.group-subtotal", 530, "operational_costs", "cost_estimates_2025_26"),
        ("error", "money.group-subtotal", 530, "operational_costs", "expenditure_2023_24"),
        ("error", "money.group-subtotal", 530, "operational_costs", "variance_amount"),
        ("error", "variances.unknown-class", 710, "medical", None),
    ]
    assert [(f.printed, f.computed) for f in findings[:4]] == [
        (Decimal("8618.1"), Decimal("8521.9")),
        (Decimal("8498.4"), Decimal("8409.0")),
        (Decimal("7011.5"), Decimal("6970.4")),
        (Decimal("-119.7"), Decimal("-112.9")),
    ]


def test_a_wrong_percentage() -> None:
    # Line 523: Ground transportation ... (88.5) (38.6) — the percentage becomes (36.8).
    findings = _without_known(run_checks([doctored("budget", 523, "(38.6)", "(36.8)")]))
    assert [_key(f) for f in findings] == [
        ("error", "money.variance-percentage", 523, "ground_transportation", "variance_percentage"),
        ("error", "variances.quoted-percentage", 701, "ground_transportation", "percentage"),
    ]
    assert (findings[0].printed, findings[0].computed) == (Decimal("-36.8"), Decimal("-38.6"))


def test_a_missing_variance_explanation() -> None:
    # Lines 710–713: the explanation of Medical, (6.8) and (7.1) per cent, is left out.
    doc = seed_document("budget")
    from .seeds import dropped_lines

    findings = _without_known(run_checks([dropped_lines("budget", 710, 713)]))
    assert [_key(f) for f in findings] == [
        ("warning", "variances.explanation-missing", 527, "medical", "variance")
    ]
    assert (findings[0].printed, findings[0].computed) == (Decimal("-6.8"), Decimal("-7.1"))
    assert doc.variance_explanations  # the published report explains it


def test_a_figure_in_the_text_that_disagrees_with_its_table() -> None:
    # Line 61: "... 113 international staff ..." becomes 114.
    findings = _without_known(
        run_checks([doctored("budget", 61, "113 international staff", "114 international staff")])
    )
    assert [_key(f) for f in findings] == [
        ("error", "prose.personnel-count", 61, "paragraph", "proposed international staff")
    ]
    assert (findings[0].printed, findings[0].computed) == (Decimal(114), Decimal(113))


def test_an_amount_in_millions_that_rounds_the_wrong_way() -> None:
    # Line 395: "a budget of $46.0 million" becomes $46.1 million (46 045.3 rounds to 46.0).
    findings = _without_known(run_checks([doctored("budget", 395, "46.0 million", "46.1 million")]))
    assert [_key(f)[:3] for f in findings] == [("error", "prose.millions", 395)]


def test_a_total_and_its_parts_in_an_output() -> None:
    # Line 413: 202,500 litres of fuel (70,000 ... 69,000 ... 63,000 ... 500 litres).
    findings = _without_known(
        run_checks([doctored("budget", 413, "69,000 litres", "96,000 litres")])
    )
    assert [_key(f)[:3] for f in findings] == [("error", "prose.parts-total", 413)]
    assert (findings[0].printed, findings[0].computed) == (Decimal(202500), Decimal(229500))


def test_a_staffing_slip() -> None:
    # Line 462: Service delivery management, proposed posts: NGS 16 becomes 17.
    findings = _without_known(run_checks([doctored("budget", 462, "\t16\t19\t", "\t17\t19\t")]))
    codes = {(f.code, f.source_line) for f in findings}
    assert ("staffing.band-subtotal", 462) in codes
    assert ("staffing.net-change", 463) in codes
    assert ("staffing.office-sum", 470) in codes
