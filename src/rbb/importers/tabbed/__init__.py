"""Parser for the ``tabbed`` text shape: word-processor conversions of a report,
table cells separated by tabs (``docs/importing/tabbed.md``).

The text is split into the template's sections by their headings
(``sections``); each section has one reader that puts what it finds into
``Parts`` and reports what it cannot place as a diagnostic; the document is
built once at the end. ``parse`` never raises: a failure of its own becomes an
error diagnostic too.
"""

from __future__ import annotations

from collections.abc import Callable

from rbb.model import Diagnostic, DiagnosticSeverity, DocumentKind
from rbb.model.coverage import Coverage

from ..coverage import coverage_of, lacks, read_contents
from ..detect import DocumentMeta
from ..importer import ImportResult
from ..reading import Parts, Reading, require_financial_table, section_started
from ..source import SourceText
from .activities import read_official_travel, read_programmatic, read_quick_impact, read_training
from .financial_sections import is_money_header, read_money_table
from .followup_sections import read_actions, read_follow_up
from .framework_sections import read_frameworks
from .outline import Kind, Region, split_regions
from .paragraphs import read_paragraphs
from .resources import read_monthly, read_other_revenue, read_redeployments
from .small_tables import (
    extra_runs,
    read_efficiency,
    read_non_budgeted,
    read_prose,
    read_vacancy_factors,
    split_region,
)
from .summary import read_summary
from .variance_sections import read_variances

__all__ = ["parse"]

Reader = Callable[[Region, Reading, Parts], None]


def parse(source: SourceText, meta: DocumentMeta) -> ImportResult:
    """The document a tabbed report holds, with every diagnostic found on the way."""
    try:
        return _parse(source, meta)
    except Exception as error:
        return ImportResult(source.name, None, (Diagnostic(
            severity=DiagnosticSeverity.ERROR, code="internal", file=source.name,
            message=f"the tabbed parser failed ({type(error).__name__}: {error}); please "
                    "report this with the file"),))


def _parse(source: SourceText, meta: DocumentMeta) -> ImportResult:
    lines = source.lines
    reading = Reading(source.name, meta, last_line=len(lines))
    regions = split_regions(lines)
    parts = Parts()
    for region in regions:
        reader = _READERS.get(region.kind)
        if reader is not None:
            section_started(region.label)
            reader(region, reading, parts)
    document = parts.document(meta, source.provenance())
    coverage = coverage_of(document, read_contents(lines), (
        (region.label, region.title, region.heading) for region in regions
        if region.heading is not None and region.kind is not Kind.CONTENTS))
    _require_sections(regions, parts, reading, coverage)
    document = document.model_copy(update={"coverage": coverage})
    return ImportResult(source.name, document, tuple(reading.diagnostics))


def _read_prose_section(region: Region, reading: Reading, parts: Parts) -> None:
    paragraphs = read_paragraphs(list(region.lines), region.label, reading, strict=False)
    parts.rows(lambda d: d.paragraphs).extend(paragraphs)


def _read_financial(region: Region, reading: Reading, parts: Parts) -> None:
    """II.A (budget) or III.A (performance): the financial resources table by class
    of expenditure."""
    prose, runs = split_region(region)
    read_prose(prose, region, reading, parts)
    found = False
    for run in runs:
        lines = run.header_lines + run.rows
        if not found and is_money_header(lines[0]):
            found = True
            table = read_money_table(lines, key="financial_resources",
                                     title=f"Financial resources: {region.title.lower()}",
                                     section=region.label, reading=reading)
            if table is not None:
                parts.rows(lambda d: d.financial_tables).append(table)
        else:
            extra_runs([run], region, reading)


_READERS: dict[Kind, Reader] = {
    Kind.SUMMARY: read_summary,
    Kind.PROSE: _read_prose_section,
    Kind.FRAMEWORKS: read_frameworks,
    Kind.FINANCIAL: _read_financial,
    Kind.NON_BUDGETED: read_non_budgeted,
    Kind.EFFICIENCY: read_efficiency,
    Kind.VACANCY: read_vacancy_factors,
    Kind.TRAINING: read_training,
    Kind.TRAVEL: read_official_travel,
    Kind.PROGRAMMATIC: read_programmatic,
    Kind.QUICK_IMPACT: read_quick_impact,
    Kind.REDEPLOYMENTS: read_redeployments,
    Kind.MONTHLY: read_monthly,
    Kind.OTHER_REVENUE: read_other_revenue,
    Kind.VARIANCES: read_variances,
    Kind.ACTIONS: read_actions,
    Kind.FOLLOW_UP_GA: read_follow_up,
    Kind.FOLLOW_UP_ACABQ: read_follow_up,
}


def _require_sections(regions: list[Region], parts: Parts, reading: Reading,
                      coverage: Coverage) -> None:
    """Whatever the contents say, a report needs its financial resources table, and a
    budget report its frameworks and the actions of the General Assembly, unless the
    sections holding them are ones the contents list names and the text lacks: then
    the copy is an excerpt (its coverage says so), not a damaged report."""
    kinds = {region.kind: region for region in regions}
    financial = kinds.get(Kind.FINANCIAL)
    if not lacks(coverage, "financial_tables"):
        require_financial_table(parts, reading, financial.heading if financial else None)
    if reading.meta.kind is DocumentKind.BUDGET:
        if not parts.rows(lambda d: d.components) and not lacks(coverage, "components"):
            reading.error("missing-section", "no results-based budgeting framework: expected "
                          "section 'D. Results-based budgeting frameworks' with components",
                          None)
        if Kind.ACTIONS not in kinds and not lacks(coverage, "general_assembly_actions"):
            reading.error("missing-section", "no section 'Actions to be taken by the General "
                          "Assembly'", None)
