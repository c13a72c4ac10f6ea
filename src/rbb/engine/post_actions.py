"""The proposal's staffing derived from its post actions (docs/preparation.md, "Post
actions"): the approved posts of the budget's tables, changed action by action, give the
proposed rows, the net change rows, the human resources summary and the justification
paragraphs; and, the other way, the actions a stored table's net change stands for.

The tables keep the structure the template prints (offices, subtotals, the summary by
component). Only civilian posts move with post actions: uniformed personnel (military
observers, police) are strength, not posts, and keep the template's proposal."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from rbb.model.classes import snake_case
from rbb.model.grades import Grade, GradeLevel, fold, grade_of, shipped_grades
from rbb.model.post_actions import PostAction, PostActionError, PostActionKind, post_action
from rbb.model.staffing import (
    INTERNATIONAL_BANDS,
    NATIONAL_BANDS,
    UNV_BANDS,
    PersonnelCategory,
    RowType,
    StaffingColumn,
    StaffingKind,
    StaffingRow,
    StaffingTable,
)

from .post_justifications import OfficeJustification, justification_paragraphs

CIVILIAN_BANDS = (*INTERNATIONAL_BANDS, *NATIONAL_BANDS, *UNV_BANDS)
SUBTOTALS: tuple[tuple[StaffingColumn, tuple[StaffingColumn, ...]], ...] = (
    (StaffingColumn.INTERNATIONAL_SUBTOTAL, INTERNATIONAL_BANDS),
    (StaffingColumn.NATIONAL_SUBTOTAL, NATIONAL_BANDS),
    (StaffingColumn.UNV_SUBTOTAL, UNV_BANDS),
)
UNIFORMED = frozenset({
    StaffingColumn.MILITARY_OBSERVERS, StaffingColumn.MILITARY_CONTINGENTS,
    StaffingColumn.UNITED_NATIONS_POLICE, StaffingColumn.FORMED_POLICE_UNITS,
    StaffingColumn.GOVERNMENT_PROVIDED_PERSONNEL,
})
"""Rows of a component table that count personnel who are not posts (a total only)."""
CATEGORY_OF_BAND: dict[StaffingColumn, PersonnelCategory] = {
    **dict.fromkeys(INTERNATIONAL_BANDS, PersonnelCategory.INTERNATIONAL_STAFF),
    StaffingColumn.NPO: PersonnelCategory.NATIONAL_PROFESSIONAL_OFFICERS,
    StaffingColumn.NGS: PersonnelCategory.NATIONAL_GENERAL_SERVICE_STAFF,
    **dict.fromkeys(UNV_BANDS, PersonnelCategory.UNITED_NATIONS_VOLUNTEERS),
}

Office = tuple[str, str]
"""(component key, office as printed)."""
Posts = dict[Office, dict[StaffingColumn, int]]
Counts = Mapping[StaffingColumn, int | None]


@dataclass(frozen=True)
class CategoryLine:
    """One line of the human resources summary: civilian posts of a category."""

    category: PersonnelCategory
    approved: int
    proposed: int

    @property
    def net_change(self) -> int:
        return self.proposed - self.approved


@dataclass(frozen=True)
class ProposedStaffing:
    tables: tuple[StaffingTable, ...]
    """The template's tables, the summary among them, with proposed and net change rows
    derived from the actions (and rows for offices the actions open)."""
    human_resources: tuple[CategoryLine, ...]
    """Civilian posts by category, the last line all of them (``civilian``)."""
    justifications: tuple[OfficeJustification, ...]


def is_uniformed(row: StaffingRow) -> bool:
    return snake_case(row.office) in UNIFORMED


def posts_of(tables: Iterable[StaffingTable], kind: StaffingKind) -> Posts:
    """Civilian posts by (component, office) and band, of the component tables' item rows
    of ``kind`` (approved or proposed), in the order the tables print them."""
    posts: Posts = {}
    for table in tables:
        if table.component is None:
            continue
        for row in table.rows:
            if row.row_type is RowType.ITEM and row.kind is kind and not is_uniformed(row):
                held = posts.setdefault((table.component, row.office), {})
                for band in CIVILIAN_BANDS:
                    held[band] = held.get(band, 0) + (row.counts.get(band) or 0)
    return posts


def apply_post_actions(tables: Sequence[StaffingTable],
                       actions: Sequence[PostAction]) -> ProposedStaffing:
    """The proposal the actions make of the tables' approved posts. An action that takes
    more posts from an office than it holds (after the actions before it), or names a
    component without a table or an office its table does not print, is refused: a
    ``PostActionError`` naming the action and the field."""
    components: dict[str, list[StaffingTable]] = {}
    for t in tables:
        if t.component is not None:
            components.setdefault(t.component, []).append(t)
    approved = posts_of(tables, StaffingKind.APPROVED)
    posts: Posts = {office: dict(held) for office, held in approved.items()}
    seen: set[str] = set()
    for action in actions:
        if action.id in seen:
            raise PostActionError("another action has the same id", field="id",
                                  action=action.id)
        seen.add(action.id)
        _apply(posts, action, components)
    deltas = {office: {band: n - approved.get(office, {}).get(band, 0)
                       for band, n in held.items()} for office, held in posts.items()}
    # A component printed over several tables opens new offices in its last one.
    printed = {(str(t.component), r.office) for t in tables for r in t.rows
               if t.component is not None and r.row_type is RowType.ITEM}
    built = [_component_table(t, deltas, [
        office for (c, office) in deltas if c == t.component and (c, office) not in printed
        and t is components[c][-1]]) if t.component is not None else t for t in tables]
    by_component = _component_deltas(t for t in built if t.component is not None)
    out = tuple(t if t.component is not None else _summary_table(t, by_component)
                for t in built)
    return ProposedStaffing(tables=out, human_resources=_categories(approved, posts),
                            justifications=justification_paragraphs(actions))


def _apply(posts: Posts, action: PostAction,
           components: Mapping[str, Sequence[StaffingTable]]) -> None:
    _known_component(action, action.component, "component", components)
    _an_office(action, action.component, action.office, "office", components)
    grade = grade_of(action.grade)
    source = (action.component, action.office)
    if action.kind is PostActionKind.ESTABLISHMENT:
        _add(posts, source, grade.band, action.count)
        return
    if source not in posts:
        raise PostActionError(
            f"{action.office!r} is not an office of the {action.component} table",
            field="office", action=action.id)
    held = posts[source].get(grade.band, 0)
    if held < action.count:
        raise PostActionError(
            f"the {action.kind} takes {action.count} {_band_name(grade)} post"
            f"{'s' if action.count != 1 else ''} from the {action.office}, which holds "
            f"{held} after the actions before it: a count cannot be negative",
            field="count", action=action.id)
    _add(posts, source, grade.band, -action.count)
    if action.kind is PostActionKind.ABOLISHMENT:
        return
    if action.kind in (PostActionKind.REASSIGNMENT, PostActionKind.REDEPLOYMENT):
        _known_component(action, action.to_component, "destination_component", components)
        _an_office(action, action.to_component, action.to_office, "destination_office",
                   components)
        _add(posts, (action.to_component, action.to_office), grade.band, action.count)
    else:
        new = grade_of(str(action.new_grade))
        _add(posts, source, new.band, action.count)


def _known_component(action: PostAction, component: str, field: str,
                     components: Mapping[str, Sequence[StaffingTable]]) -> None:
    if component not in components:
        raise PostActionError(f"no staffing table of a component {component!r} (expected "
                              f"one of {', '.join(components) or 'none: no tables'})",
                              field=field, action=action.id)


def _an_office(action: PostAction, component: str, office: str, field: str,
               components: Mapping[str, Sequence[StaffingTable]]) -> None:
    """Posts belong to an office's row, never to a subtotal or total that adds rows up."""
    rows = [r for table in components[component] for r in table.rows]
    if any(r.office == office for r in rows if r.row_type is not RowType.ITEM) and not any(
            r.office == office for r in rows if r.row_type is RowType.ITEM):
        raise PostActionError(f"the {component} table prints {office!r} as a subtotal or "
                              "total: name one of the offices it adds up", field=field,
                              action=action.id)


def _add(posts: Posts, office: Office, band: StaffingColumn, n: int) -> None:
    held = posts.setdefault(office, dict.fromkeys(CIVILIAN_BANDS, 0))
    held[band] = held.get(band, 0) + n


def _band_name(grade: Grade) -> str:
    band = shipped_grades().band_grade(grade.band)
    return band.code if band is not None else grade.code


# --- the component tables -------------------------------------------------------------

def _component_table(table: StaffingTable, deltas: Mapping[Office, Mapping[
        StaffingColumn, int]], opened: list[str]) -> StaffingTable:
    """The table with its proposed and net change rows derived, and rows for the
    offices ``opened``."""
    component = str(table.component)
    rows = _with_new_offices(list(table.rows), opened, table)
    items = [r for r in rows if r.row_type is RowType.ITEM and r.kind is StaffingKind.APPROVED]
    uniformed = _uniformed_deltas(table)
    row_delta: dict[tuple[str, RowType], dict[StaffingColumn, int]] = {}
    for row in rows:
        if row.kind is not StaffingKind.APPROVED:
            continue
        scope = [row] if row.row_type is RowType.ITEM else _scope(row, items)
        change: dict[StaffingColumn, int] = defaultdict(int)
        for item in scope:
            if is_uniformed(item):
                change[StaffingColumn.TOTAL] += uniformed.get(item.office, 0)
            else:
                for band, n in deltas.get((component, item.office), {}).items():
                    change[band] += n
        row_delta[(row.office, row.row_type)] = dict(change)
    return table.model_copy(update={"rows": tuple(_derived_rows(rows, row_delta)),
                                    "source_line": None})


def _derived_rows(rows: list[StaffingRow], row_delta: Mapping[
        tuple[str, RowType], Mapping[StaffingColumn, int]]) -> Iterable[StaffingRow]:
    approved: dict[tuple[str, RowType], StaffingRow] = {}
    proposed: dict[tuple[str, RowType], dict[StaffingColumn, int | None]] = {}
    for row in rows:
        key = (row.office, row.row_type)
        base = approved.get(key)
        if row.kind is StaffingKind.APPROVED:
            approved[key] = row
            yield row.model_copy(update={"source_line": None})
        elif row.kind is StaffingKind.PROPOSED and base is not None and not is_uniformed(row):
            counts = _plus(base.counts, row_delta.get(key, {}))
            proposed[key] = counts
            yield row.model_copy(update={"counts": counts, "source_line": None})
        elif row.kind is StaffingKind.NET_CHANGE and base is not None and key in proposed:
            after = proposed[key]
            counts = {c: None if v is None else (after.get(c) or 0) - (base.counts.get(c) or 0)
                      for c, v in row.counts.items()}
            yield row.model_copy(update={"counts": counts, "source_line": None})
        else:
            yield row.model_copy(update={"source_line": None})


def _plus(counts: Counts, change: Mapping[StaffingColumn, int]) -> dict[
        StaffingColumn, int | None]:
    """Counts moved by the change of each band, their subtotals and total with them; a
    cell the table does not print stays unprinted unless posts arrive in it."""
    new = dict(counts)

    def move(column: StaffingColumn, step: int) -> None:
        if column in new and (step or new[column] is not None):
            new[column] = (new[column] or 0) + step

    for band in CIVILIAN_BANDS:
        move(band, change.get(band, 0))
    for subtotal, bands in SUBTOTALS:
        move(subtotal, sum(change.get(b, 0) for b in bands))
    move(StaffingColumn.TOTAL, sum(change.values()))
    return new


def _uniformed_deltas(table: StaffingTable) -> dict[str, int]:
    """Uniformed rows keep the template's proposal: their change is what it prints."""
    totals: dict[tuple[str, StaffingKind], int] = {}
    for row in table.rows:
        if row.row_type is RowType.ITEM and is_uniformed(row):
            totals[(row.office, row.kind)] = row.counts.get(StaffingColumn.TOTAL) or 0
    return {office: totals.get((office, StaffingKind.PROPOSED), n) - n
            for (office, kind), n in totals.items() if kind is StaffingKind.APPROVED}


def _scope(row: StaffingRow, items: list[StaffingRow]) -> list[StaffingRow]:
    """The item rows a subtotal or total adds up, by the label the report prints."""
    children = [i for i in items if i.parent_office == row.office]
    if children:
        return children
    name = fold(row.office).lower()
    if name.startswith("subtotal,"):
        parent = row.office.split(",", 1)[1].strip()
        children = [i for i in items if i.parent_office == parent]
        if children:
            return children
    uniformed = [i for i in items if is_uniformed(i)]
    if "militaryandpolice" in name or "uniformed" in name:
        return uniformed
    if "civilian" in name:
        return [i for i in items if not is_uniformed(i)]
    return items


def _with_new_offices(rows: list[StaffingRow], opened: list[str],
                      table: StaffingTable) -> list[StaffingRow]:
    """Rows for offices the actions open, after the last civilian office printed."""
    if not opened:
        return rows
    periods = {row.kind: row.period for row in rows if row.period is not None}
    last = max((n for n, r in enumerate(rows)
                if r.row_type is RowType.ITEM and not is_uniformed(r)), default=-1)
    at = last + 1
    while last >= 0 and at < len(rows) and rows[at].office == rows[last].office:
        at += 1
    nil = dict.fromkeys(table.columns, 0)
    new = [StaffingRow(office=office, kind=kind, period=periods.get(kind), counts=nil)
           for office in opened
           for kind in (StaffingKind.APPROVED, StaffingKind.PROPOSED, StaffingKind.NET_CHANGE)]
    return [*rows[:at], *new, *rows[at:]]


# --- the summary table and the categories ---------------------------------------------

def _component_deltas(tables: Iterable[StaffingTable]) -> dict[str, dict[
        StaffingColumn, int]]:
    """Per component, the change of each civilian band and uniformed row: proposed less
    approved of the derived item rows."""
    found: dict[str, dict[StaffingColumn, int]] = {}
    sign = {StaffingKind.APPROVED: -1, StaffingKind.PROPOSED: 1}
    for table in tables:
        change = found.setdefault(str(table.component), defaultdict(int))
        for row in table.rows:
            if row.row_type is not RowType.ITEM or row.kind not in sign:
                continue
            if is_uniformed(row):
                change[StaffingColumn(snake_case(row.office))] += sign[row.kind] * (
                    row.counts.get(StaffingColumn.TOTAL) or 0)
            else:
                for band in CIVILIAN_BANDS:
                    change[band] += sign[row.kind] * (row.counts.get(band) or 0)
    return found


def _summary_column(column: StaffingColumn, columns: tuple[StaffingColumn, ...]
                    ) -> StaffingColumn | None:
    if column in columns:
        return column
    for group, bands in SUBTOTALS:
        if column in bands:
            category = {StaffingColumn.INTERNATIONAL_SUBTOTAL: StaffingColumn.INTERNATIONAL_STAFF,
                        StaffingColumn.UNV_SUBTOTAL: StaffingColumn.UNITED_NATIONS_VOLUNTEERS}
            wider = category.get(group, group)
            return wider if wider in columns else group if group in columns else None
    return None


def _summary_table(table: StaffingTable, by_component: Mapping[str, Mapping[
        StaffingColumn, int]]) -> StaffingTable:
    def change_of(components: Iterable[str]) -> dict[StaffingColumn, int]:
        change: dict[StaffingColumn, int] = defaultdict(int)
        for component in components:
            for column, n in by_component.get(component, {}).items():
                target = _summary_column(column, table.columns)
                if target is not None and target is not StaffingColumn.TOTAL:
                    change[target] += n
                change[StaffingColumn.TOTAL] += n
        return change

    row_delta = {}
    for row in table.rows:
        scope = (_summary_component(row.office, by_component) if row.row_type is RowType.ITEM
                 else list(by_component))
        row_delta[(row.office, row.row_type)] = change_of(scope)
    rows: list[StaffingRow] = []
    for row in table.rows:
        delta = row_delta[(row.office, row.row_type)]
        rows.append(_summary_row(row.model_copy(update={"source_line": None}), delta, rows))
    return table.model_copy(update={"rows": tuple(rows), "source_line": None})


def _summary_component(label: str, components: Iterable[str]) -> list[str]:
    """The component a summary row prints: its label is the component's
    (``Executive direction and management``), or holds it (``Component 2: support``)."""
    key = snake_case(label)
    keys = list(components)
    if key in keys:
        return [key]
    return [c for c in keys if c in key or key in c][:1]


def _summary_row(row: StaffingRow, delta: Mapping[StaffingColumn, int],
                 before: list[StaffingRow]) -> StaffingRow:
    def earlier(kind: StaffingKind) -> StaffingRow | None:
        return next((r for r in reversed(before) if r.office == row.office
                     and r.row_type is row.row_type and r.kind is kind), None)

    approved = earlier(StaffingKind.APPROVED)
    if approved is None:
        return row
    if row.kind is StaffingKind.PROPOSED:
        counts = {c: (v if v is not None or not delta.get(c) else 0)
                  for c, v in approved.counts.items()}
        counts = {c: None if v is None else v + delta.get(c, 0) for c, v in counts.items()}
        return row.model_copy(update={"counts": counts})
    if row.kind is StaffingKind.NET_CHANGE:
        proposed = earlier(StaffingKind.PROPOSED)
        if proposed is None:
            return row
        counts = {c: None if v is None else (proposed.counts.get(c) or 0)
                  - (approved.counts.get(c) or 0) for c, v in row.counts.items()}
        return row.model_copy(update={"counts": counts})
    return row


def _categories(approved: Posts, proposed: Posts) -> tuple[CategoryLine, ...]:
    def by_category(posts: Posts) -> dict[PersonnelCategory, int]:
        found: dict[PersonnelCategory, int] = defaultdict(int)
        for held in posts.values():
            for band, n in held.items():
                found[CATEGORY_OF_BAND[band]] += n
        return found

    before, after = by_category(approved), by_category(proposed)
    lines = [CategoryLine(category, before.get(category, 0), after.get(category, 0))
             for category in dict.fromkeys(CATEGORY_OF_BAND.values())]
    lines.append(CategoryLine(PersonnelCategory.CIVILIAN, sum(before.values()),
                              sum(after.values())))
    return tuple(lines)


# --- the reverse: the actions a stored table stands for -------------------------------

def infer_post_actions(tables: Sequence[StaffingTable]) -> tuple[PostAction, ...]:
    """Actions reproducing the net change of the tables' offices, band by band: an
    establishment where the proposal holds more posts of a band than the approved
    posts, an abolishment where it holds fewer. A table does not tell a redeployment
    from an abolishment and an establishment, nor a grade from its band: the actions
    name the band, and their justification says they were read from the table."""
    approved = posts_of(tables, StaffingKind.APPROVED)
    proposed = posts_of(tables, StaffingKind.PROPOSED)
    actions: list[PostAction] = []
    for office in dict.fromkeys([*approved, *proposed]):
        for band in CIVILIAN_BANDS:
            change = proposed.get(office, {}).get(band, 0) - approved.get(office, {}).get(band, 0)
            if change:
                actions.append(_inferred(len(actions) + 1, office, band, change))
    return tuple(actions)


def _inferred(number: int, office: Office, band: StaffingColumn, change: int) -> PostAction:
    component, name = office
    kind = PostActionKind.ESTABLISHMENT if change > 0 else PostActionKind.ABOLISHMENT
    return post_action(
        id=f"inferred_{number}", kind=kind, component=component, office=name,
        grade=band_designation(band).code, count=abs(change),
        justification=("Read from the net change of the stored staffing table; the "
                       "reasons are to be written."))


def band_designation(band: StaffingColumn) -> Grade:
    """The register's designation of a band (``P-5–P-4``), else its one grade (the
    United Nations Volunteers' two categories are each a band of one)."""
    register = shipped_grades()
    found = register.band_grade(band)
    if found is not None:
        return found
    grades = [g for g in register.grades if g.band is band and g.level is GradeLevel.GRADE]
    if len(grades) != 1:
        raise ValueError(f"the grade register has no designation for the band {band}")
    return grades[0]
