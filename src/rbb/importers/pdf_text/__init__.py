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

from rbb.model import Document, DocumentKind, SourceFile

from ..detect import DocumentMeta
from ..parts import Parts
from ..progress import section_started
from ..result import ImportResult
from ..source import SourceText
from .actions import read_actions
from .body import read_body
from .context import Context
from .followup import read_follow_up
from .frameworks import read_frameworks
from .layout import content_lines
from .sections import ACTIONS, FOLLOW_UP, FRAMEWORKS, VARIANCES, split_sections
from .staffing import take_staffing
from .variances import read_variances

SHAPE = "pdf_text"


def parse(source: SourceText, meta: DocumentMeta) -> ImportResult:
    context = Context(file=source.name, kind=meta.kind, period=meta.period)
    parts = Parts()
    try:
        _read(source, context, parts)
        document = Document(
            kind=meta.kind, mission=meta.mission, period=meta.period, title=meta.title,
            symbol=meta.symbol, date=meta.date, session=meta.session,
            agenda_item=meta.agenda_item,
            source=SourceFile(name=source.name, sha256=source.sha256, shape=source.shape,
                              lines=source.text.count("\n") + 1),
            **parts.fields())
    except Exception as error:
        context.error("internal", f"the importer failed on this input ({type(error).__name__}: "
                      f"{error}); please report it with the file")
        return ImportResult(source.name, None, tuple(context.diagnostics))
    return ImportResult(source.name, document, tuple(context.diagnostics))


def _read(source: SourceText, context: Context, parts: Parts) -> None:
    lines = content_lines(source.lines)
    for section in split_sections(lines):
        section_started(section.code)
        if context.kind is DocumentKind.BUDGET:
            take_staffing(section, context, parts)
        if section.kind == FRAMEWORKS:
            read_frameworks(section, context, parts)
        elif section.kind == VARIANCES:
            read_variances(section, context, parts)
        elif section.kind == ACTIONS:
            read_actions(section, context, parts)
        elif section.kind == FOLLOW_UP:
            read_follow_up(section, context, parts)
        else:
            read_body(section, context, parts)
    _require_financial_table(context, parts)


def _require_financial_table(context: Context, parts: Parts) -> None:
    """A report without its financial resources table is truncated or not a report."""
    if any(table.key == "financial_resources" for table in parts.financial_tables):
        return
    where = ("section III.A 'Financial resources'" if context.kind is DocumentKind.PERFORMANCE
             else "section II 'Financial resources'")
    context.error("financial-table-missing", f"no financial resources table found: expected "
                  f"{where} with its columns and a row per class of expenditure; the report may "
                  "be truncated")
