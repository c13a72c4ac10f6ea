"""Findings as JUnit XML, the report format CI systems read.

One ``<testsuite>`` per document, one ``<testcase>`` per check code: a check with
an error finding fails (one ``<failure>`` per finding, the message and location in
its text); warnings and rounding differences are listed in ``<system-out>`` of a
passing test case, so the CI verdict is the same as ``rbb check``'s exit status. A
check not run on a partial document (it needs a table the text lacks) is a
``<skipped>`` test case with the reason.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from xml.etree import ElementTree

from rbb.model import Finding, Severity


def _location(finding: Finding) -> str:
    parts = [
        f"line {finding.source_line}" if finding.source_line else None,
        finding.section, finding.table, finding.row, finding.column,
    ]
    return ", ".join(p for p in parts if p)


def _detail(finding: Finding) -> str:
    values = []
    if finding.printed is not None:
        values.append(f"printed {format(finding.printed, 'f')}")
    if finding.computed is not None:
        values.append(f"computed {format(finding.computed, 'f')}")
    suffix = f" ({'; '.join(values)})" if values else ""
    return f"[{finding.severity.value}] {_location(finding)}: {finding.message}{suffix}"


def junit_xml(findings: Sequence[Finding], documents: Sequence[str],
              checks: Mapping[str, str],
              skipped: Mapping[str, Mapping[str, str]] | None = None) -> str:
    """The XML text: every document × every check, so passing checks are counted too;
    ``skipped``: by document, the checks not run on it and why."""
    skipped = skipped or {}
    by_document: dict[str, dict[str, list[Finding]]] = defaultdict(lambda: defaultdict(list))
    for finding in findings:
        by_document[finding.document][finding.code].append(finding)
    names = list(dict.fromkeys([*documents, *by_document]))
    root = ElementTree.Element("testsuites", name="rbb check")
    total_tests = total_failures = total_skipped = 0
    for name in names:
        codes = list(dict.fromkeys([*checks, *by_document[name]]))
        suite = ElementTree.SubElement(root, "testsuite", name=name)
        failures = 0
        not_run = skipped.get(name, {})
        for code in codes:
            case = ElementTree.SubElement(suite, "testcase", classname=name, name=code)
            if code in not_run:
                ElementTree.SubElement(case, "skipped", message=not_run[code])
                continue
            found = by_document[name].get(code, [])
            errors = [f for f in found if f.severity is Severity.ERROR]
            for finding in errors:
                failure = ElementTree.SubElement(case, "failure", type=finding.code,
                                                 message=finding.message)
                failure.text = _detail(finding)
            others = [f for f in found if f.severity is not Severity.ERROR]
            if others:
                out = ElementTree.SubElement(case, "system-out")
                out.text = "\n".join(_detail(f) for f in others)
            failures += bool(errors)
        suite.set("tests", str(len(codes)))
        suite.set("failures", str(failures))
        suite.set("errors", "0")
        suite.set("skipped", str(sum(code in not_run for code in codes)))
        total_tests += len(codes)
        total_failures += failures
        total_skipped += sum(code in not_run for code in codes)
    root.set("tests", str(total_tests))
    root.set("failures", str(total_failures))
    root.set("errors", "0")
    root.set("skipped", str(total_skipped))
    ElementTree.indent(root)
    body = ElementTree.tostring(root, encoding="unicode")
    return f'<?xml version="1.0" encoding="UTF-8"?>\n{body}\n'
