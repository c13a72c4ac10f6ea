"""The 2021/22 performance seed: the three slips of the published text are found
(docs/checks.md, "Findings on the seeds") and nothing else is an error; doctored
copies give exactly the findings that locate the change."""

from __future__ import annotations

from decimal import Decimal

from rbb.engine import run_checks
from rbb.engine.checks import sort_findings
from rbb.engine.locate import refine_source_lines
from rbb.model import Document, Finding, Severity

from ..conftest import PERFORMANCE_SEED
from .seeds import doctored, doctored_lines, dropped_lines, seed_document

NAME = "UNMIK 2021/22 performance"


def _key(finding: Finding) -> tuple[str, str, int | None, str | None, str | None]:
    return (finding.severity.value, finding.code, finding.source_line, finding.row, finding.column)


def _checked(document: Document, lines: list[str] | None = None) -> list[Finding]:
    """As ``rbb check FILE`` reports them: prose findings on the line of the figure."""
    text = lines or PERFORMANCE_SEED.read_text(encoding="utf-8").split("\n")
    return sort_findings(refine_source_lines(run_checks([document]), {NAME: text}))


def _errors(findings: list[Finding]) -> list[Finding]:
    return [f for f in findings if f.severity is Severity.ERROR]


def test_the_three_slips_of_the_published_report() -> None:
    errors = _errors(_checked(seed_document("performance")))
    assert [(f.code, f.source_line, f.printed, f.computed) for f in errors] == [
        # Summary: "reduced requirements of $0.1 million under operational costs" —
        # the table's variance of 152.1 thousand rounds to $0.2 million.
        ("prose.millions", 21, Decimal("0.1"), Decimal("0.2")),
        # Output remark, fuel: "146,487 litres ... (72,984 litres of diesel and 72,902
        # litres of liquefied petroleum gas)" — the parts add up to 145,886.
        ("prose.parts-total", 3678, Decimal(146487), Decimal(145886)),
        # Analysis of variances, national staff: "actual average vacancy rate of 2.2 per
        # cent for national General Service staff" — the incumbency table prints 2.7.
        ("variances.vacancy-rate", 4401, Decimal("2.2"), Decimal("2.7")),
    ]


def test_the_warnings_of_the_published_report() -> None:
    warnings = [f for f in _checked(seed_document("performance")) if f.severity is Severity.WARNING]
    assert [(f.code, f.source_line, f.printed, f.computed) for f in warnings] == [
        ("prose.personnel-count", 114, Decimal(112), Decimal(113)),
        ("prose.personnel-count", 114, Decimal(220), Decimal(219)),
        ("prose.personnel-count", 116, Decimal(34), Decimal(33)),
        ("prose.personnel-count", 3460, Decimal(112), Decimal(113)),
        ("prose.personnel-count", 3460, Decimal(220), Decimal(219)),
        ("prose.personnel-count", 3766, Decimal(366), Decimal(353)),
        # III.A: "Air operations – 1.1 (1.1) –": 1.1 thousand spent against a nil
        # apportionment, unbounded in per cent, and section IV says nothing of it.
        ("variances.explanation-missing", 4094, Decimal("-1.1"), None),
    ]


def test_no_rounding_difference_in_the_published_tables() -> None:
    assert [
        f for f in run_checks([seed_document("performance")]) if f.severity is Severity.ROUNDING
    ] == []


def _new_errors(
    document: Document,
    lines: list[str] | None = None,
) -> list[tuple[str, str, int | None, str | None, str | None]]:
    published = {_key(f) for f in _errors(_checked(seed_document("performance")))}
    return [_key(f) for f in _errors(_checked(document, lines)) if _key(f) not in published]


def test_a_changed_total() -> None:
    # Line 4114: Gross requirements 41 298.5 40 612.6 685.9 1.7 — expenditure 40 621.6.
    # ($40.6 million in the text still rounds it; the utilization rate, 98.4, is a
    # rounding difference.)
    findings = _new_errors(doctored("performance", 4114, "40 612.6", "40 621.6"))
    assert findings == [
        ("error", "money.summary-table", 51, "gross_requirements", "expenditure_2021_22"),
        ("error", "money.gross", 4114, "gross_requirements", "expenditure_2021_22"),
        ("error", "money.variance-amount", 4114, "gross_requirements", "variance_amount"),
        ("error", "money.net", 4118, "net_requirements", "expenditure_2021_22"),
        ("error", "money.total", 4124, "total_requirements", "expenditure_2021_22"),
    ]


def test_a_wrong_percentage() -> None:
    # Line 4102: Medical 69.2 40.2 29.0 41.9 — the percentage becomes 49.1.
    findings = _new_errors(doctored("performance", 4102, "41.9", "49.1"))
    assert findings == [
        ("error", "money.variance-percentage", 4102, "medical", "variance_percentage"),
        ("error", "variances.quoted-percentage", 4534, "medical", "percentage"),
    ]


def test_a_missing_variance_explanation() -> None:
    # Lines 4532–4539: the explanation of Medical, $29.0 and 41.9 per cent, is left out.
    document = dropped_lines("performance", 4532, 4539)
    findings = [f for f in run_checks([document]) if f.code.startswith("variances.")]
    assert [_key(f) for f in findings if f.row == "medical"] == [
        ("warning", "variances.explanation-missing", 4102, "medical", "variance")
    ]


def test_a_vacancy_rate_that_agrees() -> None:
    # Line 4401: with 2.7 per cent the explanation agrees with the incumbency table.
    document = doctored("performance", 4401, "2.2 per cent", "2.7 per cent")
    assert [f.code for f in _errors(_checked(document))] == ["prose.millions", "prose.parts-total"]


def test_a_resource_utilization_rate_that_disagrees() -> None:
    # Line 13: "a resource utilization rate of 98.3 per cent" — 40 612.6 ÷ 41 298.5 is 98.3.
    change = ("performance", 13, "98.3 per cent", "96.3 per cent")
    findings = _new_errors(doctored(*change), doctored_lines(*change))
    assert findings == [("error", "prose.percentage", 13, "paragraph", "resource utilization rate")]


def test_a_dropped_row() -> None:
    # Line 4092: Ground transportation 182.0 244.2 (62.2) (34.2) is left out; the later
    # lines move up by one.
    from .seeds import dropped

    findings = [
        _key(f)
        for f in _errors(run_checks([dropped("performance", 4092)]))
        if f.code.startswith(("money.", "variances.unknown"))
    ]
    assert findings == [
        ("error", "money.group-subtotal", 4111, "operational_costs", "apportionment_2021_22"),
        ("error", "money.group-subtotal", 4111, "operational_costs", "expenditure_2021_22"),
        ("error", "money.group-subtotal", 4111, "operational_costs", "variance_amount"),
        ("error", "variances.unknown-class", 4460, "ground_transportation", None),
    ]
