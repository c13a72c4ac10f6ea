"""Human resources of the UNMIK 2025/26 budget report: the Summary's table, the
component tables 1-3 and the estimated civilian personnel cost under each."""

from __future__ import annotations

from decimal import Decimal

from rbb.model import Document, Period, StaffingTable
from rbb.model.staffing import RowType, StaffingColumn, StaffingKind, StaffingRow

C = StaffingColumn


def _table(budget: Document, key: str) -> StaffingTable:
    (table,) = [t for t in budget.staffing_tables if t.key == key]
    return table


def _rows(table: StaffingTable, office: str) -> list[StaffingRow]:
    return [row for row in table.rows if row.office == office]


def test_tables_and_their_components(budget: Document) -> None:
    assert [(t.key, t.component) for t in budget.staffing_tables] == [
        ("human_resources", None), ("table_1", "executive_direction_and_management"),
        ("table_2", "substantive"), ("table_3", "support")]


def test_summary_rows_per_component_by_category(budget: Document) -> None:
    """``Substantive`` / ``Approved 2024/25\\t8\\t10\\t54\\t16\\t56\\t13\\t157`` (line 88)."""
    table = _table(budget, "human_resources")
    assert table.columns == (C.MILITARY_OBSERVERS, C.UNITED_NATIONS_POLICE,
                             C.INTERNATIONAL_STAFF, C.NPO, C.NGS,
                             C.UNITED_NATIONS_VOLUNTEERS, C.TOTAL)
    approved, proposed = _rows(table, "Substantive")
    assert (approved.kind, approved.period, approved.source_line) == (
        StaffingKind.APPROVED, Period(2024), 88)
    assert list(approved.counts.values()) == [8, 10, 54, 16, 56, 13, 157]
    assert (proposed.kind, proposed.period) == (StaffingKind.PROPOSED, Period(2025))
    # "Approved 2024/25\t–\t–\t22\t5\t5\t5\t37": dashes are 0.
    edm = _rows(table, "Executive direction and management")[0]
    assert edm.counts[C.MILITARY_OBSERVERS] == 0 and edm.counts[C.TOTAL] == 37
    total = _rows(table, "Total")
    assert [(r.kind, r.row_type) for r in total] == [
        (StaffingKind.APPROVED, RowType.TOTAL), (StaffingKind.PROPOSED, RowType.TOTAL),
        (StaffingKind.NET_CHANGE, RowType.TOTAL)]
    assert total[0].counts[C.TOTAL] == 374


def test_office_rows_by_grade_band(budget: Document) -> None:
    """``Office of the Chief of Staff`` / ``Approved posts 2024/25\\t–\\t1\\t1\\t2\\t1\\t5\\t3\\t4
    \\t7\\t2\\t–\\t2\\t14`` (line 184)."""
    table = _table(budget, "table_1")
    assert len(table.columns) == 13
    approved, proposed, net = _rows(table, "Office of the Chief of Staff")
    assert approved.source_line == 184
    assert approved.counts == {
        C.USG_ASG: 0, C.D2_D1: 1, C.P5_P4: 1, C.P3_P2: 2, C.FS: 1, C.INTERNATIONAL_SUBTOTAL: 5,
        C.NPO: 3, C.NGS: 4, C.NATIONAL_SUBTOTAL: 7, C.UNV_INTERNATIONAL: 2, C.UNV_NATIONAL: 0,
        C.UNV_SUBTOTAL: 2, C.TOTAL: 14}
    assert proposed.counts == approved.counts
    assert set(net.counts.values()) == {0}


def test_table_1_continues_after_its_note_and_repeated_header(budget: Document) -> None:
    """The note at line 192 and the header repeated at 194-195 do not end table 1."""
    table = _table(budget, "table_1")
    offices = list(dict.fromkeys(row.office for row in table.rows))
    assert offices == ["Office of the Special Representative of the Secretary-General",
                       "Office of the Deputy Special Representative of the Secretary-General",
                       "Office of the Chief of Staff", "Human Rights Section",
                       "Joint Operations Centre/Joint Mission Analysis Centre", "Total"]
    assert _rows(table, "Total")[0].counts[C.TOTAL] == 37


def test_uniformed_part_of_table_2(budget: Document) -> None:
    """``<i>I. Military observers</i>`` / ``Approved 2024/25\\t8`` ... ``Total military and
    police`` / ``Approved 2024/25\\t18``."""
    table = _table(budget, "table_2")
    observers = _rows(table, "Military observers")
    assert [(r.kind, r.counts) for r in observers] == [
        (StaffingKind.APPROVED, {C.TOTAL: 8}), (StaffingKind.PROPOSED, {C.TOTAL: 8}),
        (StaffingKind.NET_CHANGE, {C.TOTAL: 0})]
    assert _rows(table, "United Nations police")[0].counts == {C.TOTAL: 10}
    uniformed = _rows(table, "Total military and police")
    assert uniformed[0].counts == {C.TOTAL: 18} and uniformed[0].row_type is RowType.SUBTOTAL


def test_offices_between_blank_lines_and_the_totals_of_table_2(budget: Document) -> None:
    """``Mitrovica Regional Office`` (line 334) stands alone between blank lines."""
    table = _table(budget, "table_2")
    mitrovica = _rows(table, "Mitrovica Regional Office")
    assert mitrovica[0].source_line == 336 and mitrovica[0].counts[C.TOTAL] == 47
    subtotal = _rows(table, "Subtotal, civilian staff")
    assert subtotal[0].row_type is RowType.SUBTOTAL and subtotal[0].counts[C.TOTAL] == 139
    total = _rows(table, "Total (I–III)")
    assert total[0].row_type is RowType.TOTAL and total[0].counts[C.TOTAL] == 157


def test_rule_of_law_front_office_and_its_sections(budget: Document) -> None:
    """``Office of Rule of Law`` (24 posts) is printed above ``Office of Rule of Law (front
    office)`` (4), ``Justice and Corrections Section`` (14) and ``Office of the Senior Police
    Adviser`` (6): it is their subtotal and their parent."""
    table = _table(budget, "table_2")
    assert _rows(table, "Office of Rule of Law")[0].row_type is RowType.SUBTOTAL
    for office in ("Office of Rule of Law (front office)", "Justice and Corrections Section",
                   "Office of the Senior Police Adviser"):
        assert _rows(table, office)[0].parent_office == "Office of Rule of Law"
    assert _rows(table, "Military Liaison Office")[0].parent_office is None
    items = [r for r in table.rows if r.row_type is RowType.ITEM
             and r.kind is StaffingKind.APPROVED and C.USG_ASG in r.counts]
    assert sum(r.counts[C.TOTAL] or 0 for r in items) == 139


def test_mission_support_division_is_the_parent_of_its_offices(budget: Document) -> None:
    """``Mission Support Division`` (line 451) heads four offices until ``Subtotal, Mission
    Support Division``; the Security Section after it has no parent."""
    table = _table(budget, "table_3")
    parents = {row.office: row.parent_office for row in table.rows}
    assert parents["Office of the Chief of Mission Support"] == "Mission Support Division"
    assert parents["Supply chain management"] == "Mission Support Division"
    assert parents["Security Section"] is None
    subtotal = _rows(table, "Subtotal, Mission Support Division")[0]
    assert subtotal.row_type is RowType.SUBTOTAL and subtotal.counts[C.TOTAL] == 119
    total = _rows(table, "Total, component 2, support")[0]
    assert total.row_type is RowType.TOTAL and total.counts[C.NGS] == 125


def test_estimated_civilian_personnel_cost_per_component(budget: Document) -> None:
    """``Approved 2024/25\\t...\\t\\$5,137.2`` (tab cells), ``Approved 2024/25
    **\\$15,257.8**`` (one line, bold) and ``Approved 2024/25\\t\\$14,044.0``."""
    costs = [(c.component, c.kind, c.period, c.amount, c.source_line)
             for c in budget.civilian_cost_estimates]
    assert costs == [
        ("executive_direction_and_management", "approved", Period(2024), Decimal("5137.2"), 205),
        ("executive_direction_and_management", "proposed", Period(2025), Decimal("5672.3"), 206),
        ("substantive", "approved", Period(2024), Decimal("15257.8"), 361),
        ("substantive", "proposed", Period(2025), Decimal("16268.4"), 363),
        ("support", "approved", Period(2024), Decimal("14044.0"), 486),
        ("support", "proposed", Period(2025), Decimal("14702.3"), 487)]
