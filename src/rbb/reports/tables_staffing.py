"""People tables: the summary "Human resources" table, the staffing table of each
component (posts by office and grade band), the estimated civilian cost under
it, vacancy factors and incumbency (docs/domain.md, "People")."""

from __future__ import annotations

from collections.abc import Sequence

from rbb.model import (
    Document,
    IncumbencyRow,
    PersonnelCategory,
    StaffingColumn,
    StaffingKind,
    StaffingRow,
    StaffingTable,
    VacancyFactor,
)
from rbb.model.staffing import RowType, VacancyKind
from rbb.model.tables import ComponentCost

from . import figures
from .finding_marks import FindingIndex
from .view import Cell, HeaderCell, Note, Row, RowKind, Table

SC = StaffingColumn

GRID: tuple[tuple[str, tuple[tuple[StaffingColumn, str], ...]], ...] = (
    ("International staff", ((SC.USG_ASG, "USG–ASG"), (SC.D2_D1, "D-2–D-1"),
                             (SC.P5_P4, "P-5–P-4"), (SC.P3_P2, "P-3–P-2"), (SC.FS, "FS"),
                             (SC.INTERNATIONAL_SUBTOTAL, "Subtotal"))),
    ("National staff", ((SC.NPO, "NPO"), (SC.NGS, "NGS"), (SC.NATIONAL_SUBTOTAL, "Subtotal"))),
    ("UNV", ((SC.UNV_INTERNATIONAL, "Inter\u00adnational"), (SC.UNV_NATIONAL, "National"),
             (SC.UNV_SUBTOTAL, "Subtotal"))),
)
"""The grade-band columns of a component's staffing table, under their group headings."""

BAND_COLUMNS = tuple(column for _, bands in GRID for column, _ in bands)

CATEGORY_LABELS: dict[StaffingColumn, str] = {
    SC.MILITARY_OBSERVERS: "Military observers",
    SC.MILITARY_CONTINGENTS: "Military contingents",
    SC.UNITED_NATIONS_POLICE: "United Nations police",
    SC.FORMED_POLICE_UNITS: "Formed police units",
    SC.INTERNATIONAL_STAFF: "International staff",
    SC.NPO: "National Professional Officers",
    SC.NGS: "National General Service staff",
    SC.UNITED_NATIONS_VOLUNTEERS: "United Nations Volunteers",
    SC.GENERAL_TEMPORARY_ASSISTANCE: "General temporary assistance",
    SC.GOVERNMENT_PROVIDED_PERSONNEL: "Government-provided personnel",
    SC.TOTAL: "Total",
}

ABBREVIATIONS = Note("", "The following abbreviations are used in the tables: ASG, "
                         "Assistant Secretary-General; FS, Field Service; NGS, national General "
                         "Service; NPO, National Professional Officers; UNV, United Nations "
                         "Volunteers; USG, Under-Secretary-General.")


def row_label(row: StaffingRow, *, posts: bool) -> str:
    """``Approved posts 2024/25`` in office tables, ``Approved 2024/25`` in the summary
    and for uniformed personnel, ``Net change``."""
    if row.kind is StaffingKind.NET_CHANGE:
        return "Net change"
    word = {StaffingKind.APPROVED: "Approved", StaffingKind.PROPOSED: "Proposed",
            StaffingKind.ACTUAL_AVERAGE: "Actual average"}[row.kind]
    period = f" {row.period.label}" if row.period else ""
    return f"{word}{' posts' if posts else ''}{period}"


def _kind(row: StaffingRow) -> RowKind:
    if row.row_type is RowType.TOTAL:
        return "total"
    return "subtotal" if row.row_type is RowType.SUBTOTAL else "item"


def _counts(row: StaffingRow, columns: Sequence[StaffingColumn], index: FindingIndex,
            ) -> list[Cell]:
    return [Cell(figures.count(row.counts[c]) if c in row.counts else "", numeric=True,
                 flagged=index.flagged(row.source_line, c.value)) for c in columns]


def _grouped_rows(rows: Sequence[StaffingRow], columns: Sequence[StaffingColumn],
                  index: FindingIndex, *, posts: bool) -> list[Row]:
    """A heading row per office (and per parent office without figures of its own),
    then its approved, proposed and net change rows."""
    out: list[Row] = []
    offices = {r.office for r in rows}
    office: str | None = None
    parent: str | None = None
    blank = [Cell("") for _ in columns]
    for row in rows:
        if row.parent_office != parent:
            parent = row.parent_office
            if parent is not None and parent not in offices:
                out.append(Row((Cell(parent, italic=True), *blank), kind="heading"))
        if row.office != office:
            office = row.office
            depth = 1 if row.parent_office else 0
            out.append(Row((Cell(office, italic=True, indent=depth), *blank),
                           kind="heading" if _kind(row) == "item" else _kind(row)))
        depth = (2 if row.parent_office else 1)
        out.append(Row((Cell(row_label(row, posts=posts), indent=depth),
                        *_counts(row, columns, index)),
                       kind=_kind(row), source_line=row.source_line))
    return out


def _international_volunteers_only(document: Document) -> bool:
    """Whether the component tables count international United Nations Volunteers and no
    national ones (the summary's note b says so)."""
    rows = [r for t in document.staffing_tables if t.component for r in t.rows]
    return any(r.counts.get(SC.UNV_INTERNATIONAL) for r in rows) and \
        not any(r.counts.get(SC.UNV_NATIONAL) for r in rows)


def summary_table(document: Document, table: StaffingTable, index: FindingIndex) -> Table:
    """The "Human resources" table of the summary: categories by component."""
    columns = tuple(table.columns)
    volunteers = SC.UNITED_NATIONS_VOLUNTEERS in columns and \
        _international_volunteers_only(document)
    header = ((HeaderCell(""), *(HeaderCell(CATEGORY_LABELS.get(c, c.value), numeric=True,
                                            marker="b" if volunteers and
                                            c is SC.UNITED_NATIONS_VOLUNTEERS else None)
                                 for c in columns)),)
    notes: tuple[Note, ...] = ()
    if document.kind.value == "budget":
        notes = (Note("a", "Represents the highest level of approved/proposed strength."),)
    if volunteers:
        notes = (*notes, Note("b", "Includes international United Nations Volunteers."))
    return Table(
        key=table.key, header=header,
        rows=tuple(_grouped_rows(table.rows, columns, index, posts=False)),
        columns=("", *(CATEGORY_LABELS.get(c, c.value) for c in columns)),
        title=table.title, title_marker="a" if document.kind.value == "budget" else None,
        notes=notes,
        findings=index.notes(r.source_line for r in table.rows),
        widths=(23, *([11] * len(columns))), source_line=table.source_line)


def _uniformed(row: StaffingRow) -> bool:
    return not any(c in BAND_COLUMNS for c in row.counts)


def component_tables(table: StaffingTable, index: FindingIndex,
                     caption: str | None) -> list[Table]:
    """A component's staffing table: uniformed personnel (Category | Total) first when
    the component has any, then the civilian grid of posts by grade band."""
    out: list[Table] = []
    uniformed = [r for r in table.rows if _uniformed(r)]
    civilian = [r for r in table.rows if not _uniformed(r)]
    if uniformed:
        out.append(Table(
            key=f"{table.key}_uniformed",
            header=((HeaderCell("Category"), HeaderCell("Total", numeric=True)),),
            rows=tuple(_grouped_rows(uniformed, (SC.TOTAL,), index, posts=False)),
            columns=("Category", "Total"), caption=caption, title=table.title,
            findings=index.notes(r.source_line for r in uniformed), widths=(70, 30),
            source_line=table.source_line))
    if civilian:
        columns = (*(c for c in BAND_COLUMNS if c in table.columns), SC.TOTAL)
        first: list[HeaderCell] = [HeaderCell("", rowspan=2)]
        second: list[HeaderCell] = []
        flat: list[str] = [""]
        for group, bands in GRID:
            present = [(c, label) for c, label in bands if c in columns]
            if present:
                first.append(HeaderCell(group, colspan=len(present), numeric=True))
                second.extend(HeaderCell(label, numeric=True) for _, label in present)
                flat.extend(f"{group}: {label}" for _, label in present)
        first.append(HeaderCell("Total", rowspan=2, numeric=True))
        flat.append("Total")
        out.append(Table(
            key=table.key, header=(tuple(first), tuple(second)),
            rows=tuple(_grouped_rows(civilian, columns, index, posts=True)),
            columns=tuple(flat),
            caption=None if uniformed else caption,
            title=None if uniformed else table.title,
            notes=(ABBREVIATIONS,), findings=index.notes(r.source_line for r in civilian),
            widths=(28, *([6] * (len(columns)))), source_line=table.source_line))
    return out


def civilian_cost_table(component: str, costs: Sequence[ComponentCost],
                        index: FindingIndex) -> Table | None:
    """"Estimated amount (civilian personnel)" printed under a component's staffing table."""
    rows = [c for c in costs if c.component == component]
    if not rows:
        return None
    return Table(
        key=f"civilian_cost_{component}",
        header=((HeaderCell(""), HeaderCell("Estimated amount (civilian personnel)",
                                            numeric=True)),),
        rows=tuple(Row((Cell(f"{c.kind.capitalize()} {c.period.label}"),
                        Cell(figures.dollar_thousands(c.amount), numeric=True,
                             flagged=index.flagged(c.source_line))),
                       source_line=c.source_line) for c in rows),
        columns=("", "Estimated amount (civilian personnel)"),
        units="(Thousands of United States dollars)", widths=(60, 40),
        findings=index.notes(c.source_line for c in rows),
        source_line=rows[0].source_line)


# --- vacancy factors and incumbency -------------------------------------------

PC = PersonnelCategory

VACANCY_LAYOUT: tuple[tuple[str | None, tuple[tuple[PersonnelCategory, str], ...]], ...] = (
    ("Military and police personnel", ((PC.MILITARY_OBSERVERS, "Military observers"),
                                       (PC.MILITARY_CONTINGENTS, "Military contingents"),
                                       (PC.UNITED_NATIONS_POLICE, "United Nations police"),
                                       (PC.FORMED_POLICE_UNITS, "Formed police units"))),
    ("Civilian personnel", ((PC.INTERNATIONAL_STAFF, "International staff"),
                            (PC.NATIONAL_STAFF, "National staff"))),
    ("National staff", ((PC.NATIONAL_PROFESSIONAL_OFFICERS, "National Professional Officers"),
                        (PC.NATIONAL_GENERAL_SERVICE_STAFF, "National General Service staff"))),
    ("United Nations Volunteers", ((PC.UNITED_NATIONS_VOLUNTEERS, "United Nations Volunteers"),
                                   (PC.UNITED_NATIONS_VOLUNTEERS_INTERNATIONAL, "International"),
                                   (PC.UNITED_NATIONS_VOLUNTEERS_NATIONAL, "National"))),
    (None, ((PC.GENERAL_TEMPORARY_ASSISTANCE, "General temporary assistance"),
            (PC.GOVERNMENT_PROVIDED_PERSONNEL, "Government-provided personnel"))),
)
"""Rows of "Vacancy factors" and of the incumbency table, under their headings."""


def vacancy_table(factors: Sequence[VacancyFactor], index: FindingIndex) -> Table | None:
    """"Vacancy factors" (percentage): actual rates of three years, approved, proposed."""
    if not factors:
        return None
    order = [VacancyKind.ACTUAL, VacancyKind.BUDGETED, VacancyKind.APPROVED,
             VacancyKind.PROPOSED]
    keys = sorted({(f.kind, f.period) for f in factors},
                  key=lambda k: (order.index(k[0]), k[1]))
    by_cell = {(f.category, f.kind, f.period): f for f in factors}
    first: list[HeaderCell] = [HeaderCell("Category", rowspan=2)]
    for kind in order:
        span = sum(1 for k in keys if k[0] is kind)
        if span:
            first.append(HeaderCell(kind.value.capitalize(), colspan=span, numeric=True))
    second = tuple(HeaderCell(period.label, numeric=True) for _, period in keys)
    rows: list[Row] = []
    present = {f.category for f in factors}
    for heading, members in VACANCY_LAYOUT:
        shown = [(c, label) for c, label in members if c in present]
        if not shown:
            continue
        if heading is not None and not (len(shown) == 1 and shown[0][1] == heading):
            rows.append(Row((Cell(heading, italic=True), *(Cell("") for _ in keys)),
                            kind="heading"))
        for category, label in shown:
            cells = []
            line = None
            for kind, period in keys:
                factor = by_cell.get((category, kind, period))
                line = factor.source_line if factor else line
                cells.append(Cell(figures.percentage(factor.rate) if factor else "",
                                  numeric=True,
                                  flagged=bool(factor) and index.flagged(line)))
            rows.append(Row((Cell(label, indent=1 if heading else 0), *cells),
                            source_line=line))
    return Table(
        key="vacancy_factors", header=(tuple(first), second), rows=tuple(rows),
        columns=("Category", *(f"{k.value.capitalize()} {p.label}" for k, p in keys)),
        units="(Percentage)", findings=index.notes(f.source_line for f in factors),
        widths=(40, *([12] * len(keys))), source_line=factors[0].source_line)


def incumbency_table(rows_: Sequence[IncumbencyRow], index: FindingIndex) -> Table | None:
    """"Human resources incumbency performance": approved, planned average (only when
    some row prints one, as the reports of about 2003-2010 do), actual average,
    vacancy rate. Every row is kept, several of one category in print order
    (``Temporary positions: International staff`` and ``...: National staff``)."""
    if not rows_:
        return None
    planned = any(r.planned_average is not None for r in rows_)
    by_category: dict[PersonnelCategory, list[IncumbencyRow]] = {}
    for r in rows_:
        by_category.setdefault(r.category, []).append(r)
    rows: list[Row] = []
    width = 5 if planned else 4
    for heading, members in VACANCY_LAYOUT:
        shown = [r for c, _ in members for r in by_category.get(c, ())]
        if not shown:
            continue
        nested = heading in ("National staff", "United Nations Volunteers") and \
            not (len(shown) == 1 and shown[0].label == heading)
        if nested and heading:
            rows.append(Row((Cell(heading, italic=True), *(Cell("") for _ in range(width - 1))),
                            kind="heading"))
        for row in shown:
            middle = (Cell(figures.quantity(row.planned_average), numeric=True),) \
                if planned else ()
            rows.append(Row((
                Cell(row.label, indent=1 if nested else 0),
                Cell(figures.quantity(row.approved), numeric=True), *middle,
                Cell(figures.quantity(row.actual_average), numeric=True),
                Cell(figures.percentage(row.vacancy_rate), numeric=True,
                     flagged=index.flagged(row.source_line))),
                source_line=row.source_line))
    planned_header = (HeaderCell("Planned (average)", numeric=True),) if planned else ()
    base = "planned" if planned else "approved"
    return Table(
        key="incumbency",
        header=((HeaderCell("Category"), HeaderCell("Approved", numeric=True, marker="a"),
                 *planned_header, HeaderCell("Actual (average)", numeric=True),
                 HeaderCell("Vacancy rate (percentage)", numeric=True,
                                                marker="b")),),
        rows=tuple(rows), columns=("Category", "Approved",
                                   *(("Planned (average)",) if planned else ()),
                                   "Actual (average)", "Vacancy rate (percentage)"),
        title="Human resources incumbency performance",
        notes=(Note("a", "Represents the highest level of authorized strength."),
               Note("b", f"Based on monthly incumbency and {base} monthly strength.")),
        findings=index.notes(r.source_line for r in rows_),
        widths=(34, 16, 16, 16, 18) if planned else (46, 18, 18, 18),
        source_line=rows_[0].source_line)
