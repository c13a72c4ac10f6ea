"""Check findings placed where the report prints the figure they concern.

A published report can break an identity; the regenerated report prints what
was published (docs/domain.md, "Identities that must hold") and marks the figure: the
cell is flagged and the finding is noted under its table and listed in the
annex. Findings are matched to figures by the source line and column key the
checks record.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence

from rbb.model import Document, Finding


class FindingIndex:
    """The findings of one document, by the source line they point at."""

    def __init__(self, document: Document, findings: Sequence[Finding]) -> None:
        name = str(document.key)
        self.findings = [f for f in findings if f.document == name]
        self._by_line: dict[int, list[Finding]] = defaultdict(list)
        for finding in self.findings:
            if finding.source_line is not None:
                self._by_line[finding.source_line].append(finding)

    def flagged(self, source_line: int | None, column: str | None = None) -> bool:
        """Whether a finding concerns the figure of ``column`` printed on ``source_line``
        (any figure of the line when the finding names no column)."""
        if source_line is None:
            return False
        return any(f.column is None or column is None or f.column == column
                   for f in self._by_line.get(source_line, ()))

    def notes(self, lines: Iterable[int | None]) -> tuple[str, ...]:
        """The findings about the given source lines, as sentences for a table note."""
        seen: list[str] = []
        for line in lines:
            if line is None:
                continue
            for finding in self._by_line.get(line, ()):
                text = describe(finding)
                if text not in seen:
                    seen.append(text)
        return tuple(seen)

    def all(self) -> list[str]:
        return [describe(f) for f in self.findings]


def describe(finding: Finding) -> str:
    where = f"line {finding.source_line}: " if finding.source_line else ""
    return f"{finding.severity.value.capitalize()} ({finding.code}), {where}{finding.message}"
