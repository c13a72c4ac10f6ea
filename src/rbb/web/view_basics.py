"""Pieces every view shares: references to documents, labels, and links to findings.

Views are pydantic models: templates render their attributes and the API
returns them as JSON (amounts as exact decimal strings), so both show the same
data (datasette's rule: JSON and HTML from the same view data).
"""

from __future__ import annotations

import datetime as dt
import functools

from pydantic import BaseModel, ConfigDict

from rbb.model import (
    Document,
    DocumentKey,
    DocumentKind,
    Finding,
    FindingPart,
    Period,
    Severity,
    Stage,
)
from rbb.model.base import Exact, Quantity
from rbb.model.classes import BY_CODE
from rbb.model.staffing import StaffingColumn
from rbb.services.document_service import DocumentSummary
from rbb.services.stored_findings import StoredFinding

from .paths import anchor, api_document_path, class_path, document_path

STAGE_ORDER = (Stage.COST_ESTIMATES, Stage.ACABQ_RECOMMENDED, Stage.APPROPRIATION,
               Stage.APPORTIONMENT, Stage.EXPENDITURE)
STAGE_LABELS = {Stage.COST_ESTIMATES: "Cost estimates", Stage.ACABQ_RECOMMENDED:
                "ACABQ recommendation", Stage.APPROPRIATION: "Appropriation",
                Stage.APPORTIONMENT: "Apportionment", Stage.EXPENDITURE: "Expenditure"}
MAIN_TABLE = "financial_resources"


class View(BaseModel):
    model_config = ConfigDict(frozen=True)


class DocumentRef(View):
    model_config = ConfigDict(frozen=True, json_schema_extra={"examples": [{
        "mission": "UNMIK", "period": "2025/26", "kind": "budget",
        "title": "Budget for the United Nations Interim Administration Mission in Kosovo for "
                 "the period from 1 July 2025 to 30 June 2026",
        "symbol": None, "date": "2025-01-20", "page": "/missions/UNMIK/2025-26/budget",
        "api": "/api/v1/documents/UNMIK/2025-26/budget"}]})

    mission: str
    period: Period
    kind: DocumentKind
    title: str
    symbol: str | None = None
    date: dt.date | None = None
    page: str
    api: str
    partial: bool = False
    """Stored as a partial document (``rbb import --partial``): its text lacks sections
    its contents list names, and the pages say so."""
    missing_sections: tuple[str, ...] = ()
    """Of a partial document: the sections not in the text, as ``II.A Overall``."""
    missing_tables: tuple[str, ...] = ()
    """Of a partial document: the tables it lacks, in words (``financial resources``);
    a copy without a contents list says only these."""

    @property
    def key(self) -> DocumentKey:
        return DocumentKey(mission=self.mission, period=self.period, kind=self.kind)

    @property
    def name(self) -> str:
        return f"{self.kind.value} report {self.period.label}"


def ref(item: Document | DocumentSummary) -> DocumentRef:
    missing: tuple[str, ...] = ()
    tables: tuple[str, ...] = ()
    partial = False
    if isinstance(item, Document):
        key = item.key
        title, symbol, date = item.title, item.symbol, item.date
        partial = item.partial
        if partial and item.coverage is not None:
            missing = tuple(f"{entry.label} {entry.title}"
                            for entry in item.coverage.missing_sections)
            tables = item.coverage.missing_table_titles
    else:
        key = DocumentKey(mission=item.mission, period=item.period, kind=item.kind)
        title, symbol, date = item.title, item.symbol, item.date
    # Every field is typed already (a stored summary or a validated document): a page
    # names dozens of documents, and validating each again was a tenth of an overview.
    return DocumentRef.model_construct(
        mission=key.mission, period=key.period, kind=key.kind, title=title,
        symbol=symbol, date=date, page=document_path(key), api=api_document_path(key),
        partial=partial, missing_sections=missing, missing_tables=tables)


class FindingView(View):
    model_config = ConfigDict(frozen=True, json_schema_extra={"examples": [{
        "severity": "error", "code": "prose.millions", "document": "UNMIK 2021/22 performance",
        "section": "Summary", "table": None, "row": "paragraph",
        "column": "variance under operational costs", "source_line": 17, "printed": "0.1",
        "computed": "0.2", "message": "the text quotes $0.1 million variance under "
        "operational costs; the table prints 152.1 thousand, which is $0.2 million",
        "link": "/missions/UNMIK/2021-22/performance"}]})

    severity: Severity
    code: str
    document: str
    section: str | None = None
    table: str | None = None
    row: str | None = None
    column: str | None = None
    source_line: int | None = None
    printed: Quantity | None = None
    computed: Exact | None = None
    message: str
    link: str | None = None
    """The page and row the finding concerns."""


SEVERITIES = (Severity.ERROR, Severity.WARNING, Severity.ROUNDING)

COLUMN_LABELS: dict[StaffingColumn, str] = {
    StaffingColumn.USG_ASG: "USG–ASG",
    StaffingColumn.D2_D1: "D-2–D-1",
    StaffingColumn.P5_P4: "P-5–P-4",
    StaffingColumn.P3_P2: "P-3–P-2",
    StaffingColumn.FS: "FS",
    StaffingColumn.INTERNATIONAL_SUBTOTAL: "International subtotal",
    StaffingColumn.NPO: "NPO",
    StaffingColumn.NGS: "NGS",
    StaffingColumn.NATIONAL_SUBTOTAL: "National subtotal",
    StaffingColumn.UNV_INTERNATIONAL: "UNV international",
    StaffingColumn.UNV_NATIONAL: "UNV national",
    StaffingColumn.UNV_SUBTOTAL: "UNV subtotal",
    StaffingColumn.TOTAL: "Total",
}


def column_label(column: StaffingColumn | str) -> str:
    try:
        known = StaffingColumn(column)
    except ValueError:
        known = None
    if known is not None and known in COLUMN_LABELS:
        return COLUMN_LABELS[known]
    text = str(column.value if isinstance(column, StaffingColumn) else column)
    label = text.replace("_", " ").replace("united nations", "United Nations")
    return label[:1].upper() + label[1:]


def line_label(line: str) -> str:
    entry = BY_CODE.get(line)
    return entry.label if entry else line.replace("_", " ")


def humanize(code: str) -> str:
    text = code.replace("_", " ")
    return text[:1].upper() + text[1:]


def finding_link(finding: Finding, part: FindingPart | None) -> str | None:
    """Where a finding's row is shown: the table row, the indicator, the variance."""
    key = _finding_key(finding.document)
    if key is None or part is None:
        return None
    table = finding.table or ""
    row = finding.row or ""
    if part is FindingPart.FINANCIAL:
        return document_path(key, "financial") + (f"#{anchor('row', table, row)}" if row else "")
    if part is FindingPart.VARIANCE:
        if row in BY_CODE:
            return class_path(key.mission, row) + "#variance"
        return document_path(key, "financial")
    if part is FindingPart.COMPONENT:
        component = table.removeprefix("component ")
        return document_path(key, f"frameworks/{component}") + (
            f"#{anchor(row)}" if row else "")
    if part is FindingPart.FRAMEWORKS:
        return document_path(key, "frameworks")
    if part is FindingPart.STAFFING:
        return document_path(key, "staffing") + (f"#{anchor(table)}" if table else "")
    if part is FindingPart.TABLES:
        return document_path(key, "tables") + f"#{anchor(table)}"
    return document_path(key)


@functools.lru_cache(maxsize=4096)
def _finding_key(name: str) -> DocumentKey | None:
    """The document a finding names (``UNMIK 2025/26 budget``); a list of findings
    names few documents, each many times."""
    mission, _, rest = name.partition(" ")
    period, _, kind = rest.partition(" ")
    try:
        return DocumentKey(mission=mission, period=Period.parse(period), kind=DocumentKind(kind))
    except ValueError:
        return None


def finding_view(finding: Finding, part: FindingPart | None) -> FindingView:
    return FindingView(
        severity=finding.severity, code=finding.code, document=finding.document,
        section=finding.section, table=finding.table, row=finding.row, column=finding.column,
        source_line=finding.source_line, printed=finding.printed, computed=finding.computed,
        message=finding.message, link=finding_link(finding, part))


def stored_finding_view(stored: StoredFinding) -> FindingView:
    return finding_view(stored.finding, stored.part)
