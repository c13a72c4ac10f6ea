"""Parser for the ``pdf_text`` shape: the text a PDF extraction gives of a budget
or performance report (space-separated cells, page furniture, framework
tables printed cell by cell).

``layout`` drops the page furniture; ``sections`` cuts the report at its
headings; each section goes to the reader of its kind. Every reader reports
what it cannot place as a diagnostic, and nothing raises out of ``parse``:
an unexpected failure is an error diagnostic too, so one bad file never stops
an import of many.
"""

from __future__ import annotations

from collections.abc import Callable

from rbb.model import Document, DocumentKind
from rbb.model.coverage import Coverage

from ..coverage import coverage_of, lacks, read_contents
from ..detect import DocumentMeta
from ..importer import ImportResult
from ..reading import Parts, Reading, require_financial_table, section_started
from ..source import Line, SourceText
from .actions import read_actions
from .body import read_body
from .followup_sections import read_follow_up
from .framework_sections import read_frameworks
from .layout import content_lines
from .outline import ACTIONS, FOLLOW_UP, FRAMEWORKS, VARIANCES, Section, split_sections
from .staffing_sections import take_staffing
from .summary_words import summary_from_words
from .variance_sections import read_variances

__all__ = ["parse", "summary_from_words"]

_SUMMARY_WITHIN = 400
"""The Summary's heading, when printed, comes before the report's first page ends."""


def parse(source: SourceText, meta: DocumentMeta) -> ImportResult:
    lines = source.lines
    reading = Reading(source.name, meta, last_line=len(lines))
    parts = Parts()
    try:
        sections = _read(lines, reading, parts)
        document = parts.document(meta, source.provenance())
        summary = next((line for line in lines[:_SUMMARY_WITHIN] if line.stripped == "Summary"),
                       None)
        coverage = coverage_of(document, read_contents(lines), (
            (section.code, section.title, section.heading or summary) for section in sections
            if section.heading is not None or (section.code == "Summary" and summary)))
        _require_tables(reading, parts, sections, coverage)
        document = document.model_copy(update={"coverage": coverage})
    except Exception as error:
        reading.error("internal", f"the importer failed on this input ({type(error).__name__}: "
                      f"{error}); please report it with the file")
        return ImportResult(source.name, None, tuple(reading.diagnostics))
    return ImportResult(source.name, document, tuple(reading.diagnostics))


def _read(lines: list[Line], reading: Reading, parts: Parts) -> list[Section]:
    sections: list[Section] = []
    for section in split_sections(content_lines(lines)):
        section_started(section.code)
        if reading.meta.kind is DocumentKind.BUDGET:
            take_staffing(section, reading, parts)
        if section.kind == FRAMEWORKS:
            read_frameworks(section, reading, parts)
        elif section.kind == VARIANCES:
            read_variances(section, reading, parts)
        elif section.kind == ACTIONS:
            read_actions(section, reading, parts)
        elif section.kind == FOLLOW_UP:
            read_follow_up(section, reading, parts)
        else:
            read_body(section, reading, parts)
        sections.append(section)
    summary_from_words(lines, reading, parts)
    return sections


def _require_tables(reading: Reading, parts: Parts, sections: list[Section],
                    coverage: Coverage) -> None:
    """A report needs its financial resources table, unless its section is one the
    contents list names and the text lacks (an excerpt: its coverage says so)."""
    if not lacks(coverage, "financial_tables"):
        require_financial_table(parts, reading, None)
    if reading.meta.kind is DocumentKind.BUDGET:
        _warn_budget_sections_not_read(sections, reading, parts)


# Budget sections this shape does not read yet, and the part each would fill.
_BUDGET_ONLY: tuple[tuple[str, Callable[[Document], object]], ...] = (
    ("vacancy factors", lambda d: d.vacancy_factors),
    ("official travel", lambda d: d.official_travel),
    ("training", lambda d: d.training_costs),
    ("efficiency gains", lambda d: d.efficiency_gains),
    ("quick-impact projects", lambda d: d.quick_impact_projects),
)


def _warn_budget_sections_not_read(sections: list[Section], reading: Reading,
                                   parts: Parts) -> None:
    """Say so, at the heading, when a budget section's figures are not stored: a
    budget in PDF-text shape is read only in part (docs/importing.md), and nothing
    may be dropped silently."""
    reported = {d.section for d in reading.diagnostics if d.section}
    for section in sections:
        title = section.title.lower()
        if section.code in reported:
            continue  # its lines are already reported one by one
        if section.kind == FRAMEWORKS and not any(
                c.expected_accomplishments for c in parts.rows(lambda d: d.components)):
            reading.warning("section-not-read", "the expected accomplishments, indicators and "
                            "outputs of a budget's frameworks are not read from PDF text yet; "
                            "import the word-processor text of the report to capture them",
                            section.heading)
            continue
        for name, part in _BUDGET_ONLY:
            if name in title and not parts.found(part):
                reading.warning("section-not-read", f"the {name} of a budget are not read from "
                                "PDF text yet; import the word-processor text of the report to "
                                "capture them", section.heading)
                break
