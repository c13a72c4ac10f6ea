"""Financial resources: a document's money tables as printed, and one class of
expenditure across every stored period and stage (docs/domain.md, "Money tables"):
their view data, pages and API routes."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass
from decimal import Decimal

from fastapi import APIRouter, Depends, Request, Response
from fastapi.responses import HTMLResponse
from markupsafe import Markup

from rbb.engine.derived import resource_utilization_rate
from rbb.model import DocumentKey, MoneyTable, Period, Stage
from rbb.model.base import Amount, Exact
from rbb.model.classes import BY_CODE, LineKind
from rbb.model.errors import NotFoundError
from rbb.model.money import ColumnRole
from rbb.services.account_service import User
from rbb.services.document_service import FinancialFigure
from rbb.services.stored_findings import FindingFilter

from .. import charts
from ..admission import ReadRoute
from ..context import reader, services
from ..json_bodies import cached_body, dump, respond
from ..library import Snapshot
from ..paths import anchor, class_path, key_slug, parse_mission, parse_report_key
from ..templating import amount as format_money
from ..templating import number_cells, percentage, render, stage_label
from ..view_basics import (
    MAIN_TABLE,
    STAGE_ORDER,
    DocumentRef,
    FindingView,
    View,
    line_label,
    ref,
    stored_finding_view,
)
from .keyed_routes import READ, READ_ERRORS, add_list_and_item

# The rows of a page are built on every request that renders it: plain records, about
# a tenth of the cost of a pydantic model each (they are never validated or dumped).


@dataclass(frozen=True, slots=True)
class ColumnView:
    key: str
    label: str
    role: ColumnRole
    stage: Stage | None = None
    period: Period | None = None


@dataclass(frozen=True, slots=True)
class RowView:
    line: str
    label: str
    css: str
    """The row's classes: its kind (``group``, ``class``, ``summary`` or ``other``, a
    line rbb does not know), its row type, and ``has-findings``."""
    heading: bool
    """A group heading printed without figures."""
    cells: str
    """Each column's figure as the report prints it (empty where it has no cell), as the
    row's ``<td>`` cells (``templating.number_cells``)."""
    anchor: str
    history: str | None = None
    source_line: int | None = None
    findings: int = 0
    explained: bool = False


@dataclass(frozen=True, slots=True)
class TableView:
    key: str
    title: str
    columns: list[ColumnView]
    rows: list[RowView]


class FinancialView(View):
    document: DocumentRef
    tables: list[TableView]
    checks_available: bool
    checks_link: str
    """The checks page of this document, where a row's findings are listed."""


FINANCIAL_PARTS = ("financial_tables", "variance_explanations")
"""What the financial resources page shows of a document."""


def _findings_by_row(snapshot: Snapshot, key: DocumentKey) -> Counter[tuple[str, str]]:
    return Counter((s.finding.table or "", s.finding.row or "")
                   for s in snapshot.findings_of(key))


def financial_view(snapshot: Snapshot, key: DocumentKey) -> FinancialView:
    # Built from a document just read and validated: ``model_construct`` does not
    # validate each figure again.
    document = snapshot.document_parts(key, *FINANCIAL_PARTS)
    by_row = _findings_by_row(snapshot, key)
    explained = {e.line for e in document.variance_explanations}
    tables = []
    for table in document.financial_tables:
        formats = [percentage if c.role is ColumnRole.VARIANCE_PERCENTAGE else format_money
                   for c in table.columns]
        rows = []
        for row in table.rows:
            entry = BY_CODE.get(row.line)
            kind = entry.kind.value if entry else "other"
            values = [row.values.get(c.key) for c in table.columns]
            findings = by_row[(table.key, row.line)]
            rows.append(RowView(
                line=row.line, label=row.label,
                css=f"{kind} {row.row_type.value}{' has-findings' if findings else ''}",
                heading=not any(v is not None for v in values) and entry is not None
                and entry.kind is LineKind.GROUP,
                cells=number_cells(
                    form(value, c.key in row.values)
                    for form, value, c in zip(formats, values, table.columns, strict=True)),
                anchor=anchor("row", table.key, row.line),
                history=class_path(key.mission, row.line) if entry else None,
                source_line=row.source_line, findings=findings,
                explained=row.line in explained))
        tables.append(TableView(
            key=table.key, title=table.title,
            columns=[ColumnView(key=c.key, label=c.label, role=c.role,
                                                stage=c.stage, period=c.period)
                     for c in table.columns],
            rows=rows))
    return FinancialView.model_construct(
        document=ref(document), tables=tables, checks_available=True,
        checks_link=f"/checks?document={key_slug(key)}")


# --- a class across periods and stages ----------------------------------------------


class StagedAmount(View):
    amount: Amount | None
    document: DocumentRef
    table: str
    link: str
    """The row in the document's financial resources page."""
    source_line: int | None = None


class HistoryCell(View):
    stage: Stage
    amounts: list[StagedAmount]
    disagree: bool
    """The same figure is printed differently in two reports."""


class HistoryRow(View):
    period: Period
    cells: list[HistoryCell]
    utilization_rate: Exact | None = None


class VarianceParagraphView(View):
    number: int | None = None
    text: str
    source_line: int | None = None


class VarianceView(View):
    document: DocumentRef
    label: str
    amount: Amount | None
    percentage: Exact | None
    paragraphs: list[VarianceParagraphView]
    source_line: int | None = None


class ClassHistory(View):
    mission: str
    line: str
    label: str
    kind: str
    group: str | None
    stages: list[Stage]
    rows: list[HistoryRow]
    explanations: list[VarianceView]
    findings: list[FindingView]
    checks_available: bool
    checks_message: str | None = None


def class_history_view(snapshot: Snapshot, mission: str, line: str) -> ClassHistory:
    entry = BY_CODE.get(line)
    if entry is None:
        raise NotFoundError(f"{line[:60]!r} is not a class of expenditure, group or summary "
                            "line")
    snapshot.mission(mission)
    summaries = {s.id: s for s in snapshot.mission_summaries(mission)}
    grouped: dict[tuple[Period, Stage], list[StagedAmount]] = defaultdict(list)
    main_first = sorted(snapshot.figures(mission, line), key=lambda f: f.table_key != MAIN_TABLE)
    for item in main_first:
        summary = summaries.get(item.document_id)
        if summary is not None:
            document = ref(summary)
            grouped[(item.period, Stage(item.stage))].append(StagedAmount(
                amount=item.amount, document=document, table=item.table_key,
                link=_figure_link(document, item, line),
                source_line=item.source_line))
    stages = [s for s in STAGE_ORDER if any(stage is s for _, stage in grouped)]
    periods = sorted({period for period, _ in grouped})
    rows = []
    for period in periods:
        cells = []
        for stage in stages:
            amounts = _one_per_document(grouped.get((period, stage), []))
            distinct = {a.amount for a in amounts if a.amount is not None}
            cells.append(HistoryCell(stage=stage, amounts=amounts, disagree=len(distinct) > 1))
        rows.append(HistoryRow(period=period, cells=cells,
                               utilization_rate=_rate(grouped, period)))
    return ClassHistory(
        mission=mission, line=line, label=entry.label, kind=entry.kind.value,
        group=line_label(entry.group) if entry.group else None, stages=stages, rows=rows,
        explanations=_explanations(snapshot, mission, line),
        **_class_findings(snapshot, mission, line))


def _figure_link(document: DocumentRef, item: FinancialFigure, line: str) -> str:
    """The row of a report's money table, or the stage figure on a legislative
    document's own page (``legislative_view``)."""
    if document.kind.legislative:
        return f"{document.page}#{anchor('stage', item.stage, line)}"
    return f"{document.page}/financial#{anchor('row', item.table_key, line)}"


def _one_per_document(amounts: list[StagedAmount]) -> list[StagedAmount]:
    seen: dict[str, StagedAmount] = {}
    for amount in amounts:
        kept = seen.get(amount.document.page)
        if kept is None or (kept.amount is None and amount.amount is not None):
            seen[amount.document.page] = amount
    return list(seen.values())


def _rate(grouped: dict[tuple[Period, Stage], list[StagedAmount]],
          period: Period) -> Decimal | None:
    spent = [a.amount for a in grouped.get((period, Stage.EXPENDITURE), [])
             if a.amount is not None]
    approved = [a.amount for a in grouped.get((period, Stage.APPORTIONMENT), [])
                if a.amount is not None]
    if not spent or not approved:
        return None
    return resource_utilization_rate(spent[0], approved[0])


def _explanations(snapshot: Snapshot, mission: str, line: str) -> list[VarianceView]:
    out = []
    for summary in snapshot.mission_summaries(mission):
        document = snapshot.document_parts(
            DocumentKey(mission=summary.mission, period=summary.period, kind=summary.kind),
            "variance_explanations")
        for explanation in document.variance_explanations:
            if explanation.line != line:
                continue
            out.append(VarianceView(
                document=ref(document), label=explanation.label, amount=explanation.amount,
                percentage=explanation.percentage, source_line=explanation.source_line,
                paragraphs=[VarianceParagraphView(number=p.number, text=p.text,
                                                  source_line=p.source_line)
                            for p in explanation.paragraphs]))
    return out


def _class_findings(snapshot: Snapshot, mission: str, line: str) -> dict[str, object]:
    views = [stored_finding_view(f)
             for f in snapshot.findings(FindingFilter(mission=mission, row=line))]
    return {"findings": views, "checks_available": True}


def history_chart(view: ClassHistory) -> Markup | None:
    """One line per stage over every period from the first to the last stored (a
    period no report covers is a gap, not a straight line across it)."""
    if not view.rows:
        return None
    first, last = view.rows[0].period, view.rows[-1].period
    periods = [first.shifted(n) for n in range(last.start_year - first.start_year + 1)]
    by_period = {row.period: row for row in view.rows}

    def value(period: Period, index: int) -> Decimal | None:
        row = by_period.get(period)
        if row is None:
            return None
        return next((a.amount for a in row.cells[index].amounts if a.amount is not None), None)

    return charts.line_chart(
        f"{view.label} by period and stage (thousands of United States dollars)",
        [p.label for p in periods],
        [(stage_label(stage), [value(p, index) for p in periods])
         for index, stage in enumerate(view.stages)],
        charts.amount_tick)


page = APIRouter(route_class=ReadRoute)
api = APIRouter(route_class=ReadRoute)


@page.get("/missions/{mission}/classes/{line}", response_class=HTMLResponse)
def class_page(request: Request, mission: str, line: str,
               user: User | None = Depends(reader)) -> HTMLResponse:
    snapshot = services(request).library.snapshot()
    view = snapshot.memo(("class", mission, line),
                         lambda: class_history_view(snapshot, parse_mission(mission), line),
                         precise=True)
    return render(request, "class.html", view, chart=history_chart(view))


@page.get("/missions/{mission}/{period}/{kind}/financial", response_class=HTMLResponse)
def financial(request: Request, mission: str, period: str, kind: str,
              user: User | None = Depends(reader)) -> HTMLResponse:
    key = parse_report_key(mission, period, kind, "financial resources")
    snapshot = services(request).library.snapshot()
    return render(request, "financial.html",
                  snapshot.memo(("financial", key), lambda: financial_view(snapshot, key),
                                precise=True))


@api.get("/missions/{mission}/classes/{line}", name="class_history",
         response_model=ClassHistory, responses=READ_ERRORS, dependencies=READ,
         summary="A class of expenditure across periods and stages")
def class_history_json(request: Request, mission: str, line: str) -> Response:
    code = parse_mission(mission)
    snapshot = services(request).library.snapshot()
    return respond(request, cached_body(request, ("class", code, line), lambda: dump(
        class_history_view(snapshot, code, line))))


add_list_and_item(
    api, "/financial-tables", item_type=MoneyTable, part="financial_tables",
    key_param="table", what="money table", names=("financial_tables", "financial_table"),
    summaries=("The money tables of a document",
               "One money table (financial_resources, financial_resources_summary)"))
