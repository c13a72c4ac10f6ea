"""A report format from a plugin: the report as plain text, headings and paragraphs
only (what a screen reader or a diff of two reports wants)."""

from __future__ import annotations

from rbb.reports.formats import ReportFormat
from rbb.reports.view import Paragraph, Report, Section


def _section(section: Section, depth: int, out: list[str]) -> None:
    title = " ".join(x for x in (section.numeral and f"{section.numeral}.", section.title) if x)
    out += [title, "=" * len(title) if depth == 0 else "-" * len(title), ""]
    for block in section.blocks:
        if isinstance(block, Paragraph):
            number = f"{block.number}. " if block.number is not None else ""
            out += [number + block.text, ""]
    for child in section.children:
        _section(child, depth + 1, out)


def render_text(report: Report) -> bytes:
    out = [report.running_header, ""]
    for section in report.sections:
        _section(section, 0, out)
    return "\n".join(out).encode("utf-8")


FORMAT = ReportFormat("txt", ".txt", "text/plain; charset=utf-8", "Report as plain text",
                      render_text)
