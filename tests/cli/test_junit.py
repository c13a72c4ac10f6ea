"""JUnit XML for CI: a failure per error, warnings and rounding as output."""

from __future__ import annotations

from decimal import Decimal
from xml.etree import ElementTree

from rbb.cli.junit import junit_xml
from rbb.model import Finding, Severity


def _finding(severity: Severity, code: str) -> Finding:
    return Finding(
        severity=severity,
        code=code,
        document="UNMIK 2025/26 budget",
        section="Financial resources",
        table="financial_resources",
        row="operational_costs",
        column="cost_estimates_2025_26",
        source_line=531,
        printed=Decimal("8489.4"),
        computed=Decimal("8498.4"),
        message="does not add up",
    )


def test_suites_cases_and_failures() -> None:
    checks = {"money.gross": "...", "money.group-subtotal": "...", "variances.x": "..."}
    findings = [
        _finding(Severity.ERROR, "money.group-subtotal"),
        _finding(Severity.WARNING, "variances.x"),
    ]
    root = ElementTree.fromstring(
        junit_xml(findings, ["UNMIK 2025/26 budget", "UNMIK 2021/22 performance"], checks)
    )
    suites = root.findall("testsuite")
    assert [s.get("name") for s in suites] == ["UNMIK 2025/26 budget", "UNMIK 2021/22 performance"]
    assert (root.get("tests"), root.get("failures")) == ("6", "1")
    cases = {c.get("name"): c for c in suites[0].iter("testcase")}
    failure = cases["money.group-subtotal"].find("failure")
    assert failure is not None and "line 531" in (failure.text or "")
    assert "printed 8489.4; computed 8498.4" in (failure.text or "")
    assert cases["variances.x"].find("failure") is None
    out = cases["variances.x"].find("system-out")
    assert out is not None and (out.text or "").startswith("[warning]")
    assert suites[1].get("failures") == "0"


def test_a_check_not_run_on_a_partial_document_is_a_skipped_case() -> None:
    checks = {"money.gross": "...", "prose.parts-total": "..."}
    reason = "needs financial resources, which the text of this partial document lacks"
    root = ElementTree.fromstring(junit_xml(
        [], ["UNTOMN 2030/31 budget"], checks,
        {"UNTOMN 2030/31 budget": {"money.gross": reason}}))
    [suite] = root.findall("testsuite")
    assert (suite.get("tests"), suite.get("failures"), suite.get("skipped")) == ("2", "0", "1")
    assert root.get("skipped") == "1"
    cases = {c.get("name"): c for c in suite.iter("testcase")}
    skipped = cases["money.gross"].find("skipped")
    assert skipped is not None and skipped.get("message") == reason
    assert cases["prose.parts-total"].find("skipped") is None
