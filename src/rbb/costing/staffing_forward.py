"""Staffing tables carried into the next budget: last year's proposal becomes the
approved column, the drivers give the proposal, the net change follows.

The tables keep their printed structure (offices, subtotals, the summary by
component) so the draft reads like a report and passes the staffing checks:
a post added in an office moves its row, the subtotals and totals whose
scope holds it, and the summary row of its component.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping

from rbb.model import Period
from rbb.model.classes import snake_case
from rbb.model.staffing import (
    INTERNATIONAL_BANDS,
    NATIONAL_BANDS,
    UNV_BANDS,
    RowType,
    StaffingColumn,
    StaffingKind,
    StaffingRow,
    StaffingTable,
)

from .catalogue import SUMMARY_BANDS, band_line
from .drivers import PostCount

SUBTOTALS: tuple[tuple[StaffingColumn, tuple[StaffingColumn, ...]], ...] = (
    (StaffingColumn.INTERNATIONAL_SUBTOTAL, INTERNATIONAL_BANDS),
    (StaffingColumn.NATIONAL_SUBTOTAL, NATIONAL_BANDS),
    (StaffingColumn.UNV_SUBTOTAL, UNV_BANDS),
)

Deltas = Mapping[tuple[str, str], int]
"""(office, band) → posts added (positive) or abolished (negative)."""


def post_deltas(posts: Iterable[PostCount], before: Period, after: Period) -> dict[
        tuple[str, str], int]:
    """Posts of ``after`` less posts of ``before``, by office and band."""
    deltas: dict[tuple[str, str], int] = defaultdict(int)
    for post in posts:
        if post.period == after:
            deltas[(post.office, post.band)] += post.count
        elif post.period == before:
            deltas[(post.office, post.band)] -= post.count
    return {key: value for key, value in deltas.items() if value}


def carry_forward(tables: Iterable[StaffingTable], approved: Period, proposed: Period,
                  deltas: Deltas, components: Mapping[str, str]) -> tuple[StaffingTable, ...]:
    """Every table with its proposal rows as the approved rows of ``approved`` and new
    proposal rows for ``proposed``. ``components`` maps office → component key."""
    carried = []
    for table in tables:
        if table.component is None:
            table_deltas = _by_component(deltas, components)
        else:
            table_deltas = {key: n for key, n in deltas.items()
                            if components.get(key[0]) == table.component}
            table_deltas.update(_uniformed_rows(table, deltas, components))
        carried.append(table.model_copy(update={
            "rows": tuple(_rows(table, approved, proposed, table_deltas))}))
    return tuple(carried)


def _by_component(deltas: Deltas, components: Mapping[str, str]) -> dict[tuple[str, str], int]:
    """Deltas keyed like the summary table: (component row label key, category column)."""
    summary: dict[tuple[str, str], int] = defaultdict(int)
    for (office, band), n in deltas.items():
        line = band_line(band)
        column = _summary_column(band, line)
        summary[(components.get(office, snake_case(office)), column)] += n
    return dict(summary)


def _summary_column(band: str, line: str | None) -> str:
    if band in SUMMARY_BANDS:
        return band
    if line == "international_staff":
        return StaffingColumn.INTERNATIONAL_STAFF.value
    if line == "united_nations_volunteers":
        return StaffingColumn.UNITED_NATIONS_VOLUNTEERS.value
    return band


def _uniformed_rows(table: StaffingTable, deltas: Deltas,
                    components: Mapping[str, str]) -> dict[tuple[str, str], int]:
    """Component tables print uniformed personnel as rows ("Military observers") with
    only a total; their deltas come from the summary-level posts of that component."""
    found: dict[tuple[str, str], int] = {}
    for row in table.rows:
        if row.row_type is RowType.ITEM and snake_case(row.office) in SUMMARY_BANDS.values():
            line = snake_case(row.office)
            n = sum(d for (office, band), d in deltas.items()
                    if band_line(band) == line and components.get(office) == table.component)
            if n:
                found[(row.office, StaffingColumn.TOTAL.value)] = n
    return found


def _rows(table: StaffingTable, approved: Period, proposed: Period,
          deltas: Deltas) -> Iterable[StaffingRow]:
    items = [r for r in table.rows if r.row_type is RowType.ITEM
             and r.kind is StaffingKind.PROPOSED]
    for row in table.rows:
        if row.kind is StaffingKind.APPROVED:
            continue
        if row.kind is StaffingKind.PROPOSED:
            change = _row_delta(table, row, items, deltas)
            new_counts = _apply(row.counts, change, table.columns)
            yield row.model_copy(update={"kind": StaffingKind.APPROVED, "period": approved,
                                         "source_line": None})
            yield row.model_copy(update={"period": proposed, "counts": new_counts,
                                         "source_line": None})
        elif row.kind is StaffingKind.NET_CHANGE:
            change = _row_delta(table, row, items, deltas)
            applied = _apply(dict.fromkeys(row.counts, 0), change, table.columns)
            counts = {c: (applied[c] if v is not None else None) for c, v in row.counts.items()}
            yield row.model_copy(update={"counts": counts, "source_line": None})
        else:
            yield row.model_copy(update={"source_line": None})


def _row_delta(table: StaffingTable, row: StaffingRow, items: list[StaffingRow],
               deltas: Deltas) -> dict[str, int]:
    if table.component is None:
        return _summary_delta(row, deltas)
    scope = [row] if row.row_type is RowType.ITEM else _scope(row, items)
    change: dict[str, int] = defaultdict(int)
    for item in scope:
        for (office, band), n in deltas.items():
            if office == item.office:
                change[band] += n
    return change


def _summary_delta(row: StaffingRow, deltas: Deltas) -> dict[str, int]:
    change: dict[str, int] = defaultdict(int)
    key = snake_case(row.office)
    for (component, column), n in deltas.items():
        if row.row_type is not RowType.ITEM or component == key:
            change[column] += n
    return change


def _scope(row: StaffingRow, items: list[StaffingRow]) -> list[StaffingRow]:
    """The item rows a subtotal or total adds up, by the label the report prints."""
    children = [i for i in items if i.parent_office == row.office]
    if children:
        return children
    name = row.office.lower()
    if name.startswith("subtotal, "):
        parent = row.office[len("subtotal, "):]
        children = [i for i in items if i.parent_office == parent]
        if children:
            return children
    uniformed = [i for i in items if snake_case(i.office) in SUMMARY_BANDS.values()]
    if "military and police" in name:
        return uniformed
    if "civilian" in name:
        return [i for i in items if i not in uniformed]
    return items


def _apply(counts: Mapping[StaffingColumn, int | None], change: Mapping[str, int],
           columns: Iterable[StaffingColumn]) -> dict[StaffingColumn, int | None]:
    """Counts plus the change of each band, with subtotal and total columns moved too."""
    if not change:
        return dict(counts)
    new = dict(counts)
    present = set(columns)
    for column in present:
        step = change.get(column.value, 0)
        if step and column in new:
            new[column] = (new[column] or 0) + step
    for subtotal, bands in SUBTOTALS:
        step = sum(change.get(b.value, 0) for b in bands)
        if step and subtotal in new and subtotal.value not in change:
            new[subtotal] = (new[subtotal] or 0) + step
    total = StaffingColumn.TOTAL
    if total in new and total.value not in change:
        step = sum(n for band, n in change.items() if band != total.value
                   and not band.endswith("_subtotal"))
        new[total] = (new[total] or 0) + step
    return new
