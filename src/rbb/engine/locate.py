"""Pointing a prose finding at the line the figure is printed on.

A paragraph, a remark or a variance explanation is stored with the line it starts
on; the figure a check disagrees with may be printed several lines further down
(a performance report's paragraph 54 starts on line 4395, its "vacancy rate of
2.2 per cent" is on line 4401). When the report's text is at hand, the finding's
line moves to the first line, from the start of the passage on, that prints the
figure — the place an auditor would mark.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from decimal import Decimal

from rbb.model import Finding
from rbb.presentation import group_digits

PASSAGE_LINES = 40
"""How far below the start of a passage its figures are looked for."""

_PROSE_CODES = ("prose.", "variances.vacancy-rate", "variances.exchange-rate",
                "variances.direction")


def printed_forms(value: Decimal) -> list[str]:
    """The ways a figure can be written in the prose: ``146487`` as ``146,487`` or
    ``146 487``; ``2.2``; a negative without its sign."""
    text = format(abs(value), "f")
    whole, _, fraction = text.partition(".")
    tail = f".{fraction}" if fraction else ""
    forms = [group_digits(whole, sep) + tail for sep in (",", " ", "\u2009", "\u202f", "")]
    if fraction and set(fraction) == {"0"}:
        forms += [group_digits(whole, sep) for sep in (",", " ", "")]
    return list(dict.fromkeys(forms))


def _pattern(forms: Sequence[str]) -> re.Pattern[str]:
    alternatives = "|".join(re.escape(form) for form in sorted(forms, key=len, reverse=True))
    return re.compile(rf"(?<![\d.,])(?:{alternatives})(?![\d]|[.,]\d)")


def refine_source_lines(findings: Sequence[Finding],
                        texts: Mapping[str, Sequence[str]]) -> list[Finding]:
    """The findings, each prose finding moved to the line that prints its figure when
    its document's text is in ``texts`` (document name → lines, line 1 first)."""
    out = []
    for finding in findings:
        lines = texts.get(finding.document)
        out.append(finding if lines is None else _refined(finding, lines))
    return out


def _refined(finding: Finding, lines: Sequence[str]) -> Finding:
    if finding.source_line is None or finding.printed is None or \
            not finding.code.startswith(_PROSE_CODES):
        return finding
    pattern = _pattern(printed_forms(finding.printed))
    start = finding.source_line - 1
    for index in range(start, min(len(lines), start + PASSAGE_LINES)):
        if pattern.search(lines[index]):
            if index == start:
                return finding
            return finding.model_copy(update={"source_line": index + 1})
    return finding
