"""The proposal's staffing derived from post actions, and post actions inferred back from
a stored table (docs/preparation.md, "Post actions"). Golden data: the UNMIK budget for
2025/26, whose tables print the approved posts of 2024/25; the actions are synthetic."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from rbb.costing.staffing_forward import carry_forward
from rbb.engine.checks import staffing_tables
from rbb.engine.post_actions import (
    ProposedStaffing,
    apply_post_actions,
    infer_post_actions,
    posts_of,
)
from rbb.model import Period, StaffingTable
from rbb.model.grades import GradeLevel, shipped_grades
from rbb.model.post_actions import PostAction, PostActionError, PostActionKind, post_action
from rbb.model.staffing import PersonnelCategory, StaffingColumn, StaffingKind, StaffingRow

from .builders import document, run
from .seeds import seed_document


def seed_tables() -> tuple[StaffingTable, ...]:
    return seed_document("budget").staffing_tables


def without_source_lines(tables: tuple[StaffingTable, ...]) -> tuple[StaffingTable, ...]:
    return tuple(t.model_copy(update={"source_line": None, "rows": tuple(
        r.model_copy(update={"source_line": None}) for r in t.rows)}) for t in tables)


def action(**fields: Any) -> PostAction:
    defaults = {"id": "a1", "kind": "establishment", "count": 1,
                "justification": "Workload of the office grows."}
    return post_action(**{**defaults, **fields})


def table(proposal: ProposedStaffing, key: str) -> StaffingTable:
    return next(t for t in proposal.tables if t.key == key)


def row(t: StaffingTable, office: str, kind: StaffingKind) -> StaffingRow:
    return next(r for r in t.rows if r.office == office and r.kind is kind)


def changed(t: StaffingTable, office: str) -> dict[str, int | None]:
    """The net change a row prints, its dashes left out."""
    net = row(t, office, StaffingKind.NET_CHANGE)
    return {c.value: n for c, n in net.counts.items() if n}


def test_the_seed_proposes_no_change_and_so_no_action() -> None:
    # Every "Net change" line of tables 1 to 3 of the seed is dashes.
    assert infer_post_actions(seed_tables()) == ()


def test_no_action_gives_back_the_seed_tables() -> None:
    proposal = apply_post_actions(seed_tables(), ())
    assert proposal.tables == without_source_lines(seed_tables())
    assert proposal.justifications == ()


def test_the_human_resources_summary_of_the_seed() -> None:
    lines = {line.category: (line.approved, line.proposed)
             for line in apply_post_actions(seed_tables(), ()).human_resources}
    # The Summary's human resources table: 113 international staff, 33 NPO, 186 NGS and
    # 24 UNV; 113 + 33 + 186 + 24 = 356, the "356 approved civilian personnel" of the
    # human resources output (line 399).
    assert lines == {
        PersonnelCategory.INTERNATIONAL_STAFF: (113, 113),
        PersonnelCategory.NATIONAL_PROFESSIONAL_OFFICERS: (33, 33),
        PersonnelCategory.NATIONAL_GENERAL_SERVICE_STAFF: (186, 186),
        PersonnelCategory.UNITED_NATIONS_VOLUNTEERS: (24, 24),
        PersonnelCategory.CIVILIAN: (356, 356),
    }


def test_a_redeployment_moves_the_rows_subtotals_totals_and_summary() -> None:
    moved = action(kind="redeployment", component="substantive",
                   office="Justice and Corrections Section", grade="P-4",
                   functional_title="Corrections Officer", destination_component="support",
                   destination_office="Security Section")
    proposal = apply_post_actions(seed_tables(), [moved])
    substantive, support = table(proposal, "table_2"), table(proposal, "table_3")
    leaves = {"p5_p4": -1, "international_subtotal": -1, "total": -1}
    assert changed(substantive, "Justice and Corrections Section") == leaves
    # The section is under the Office of Rule of Law, whose subtotal moves with it.
    assert changed(substantive, "Office of Rule of Law") == leaves
    assert changed(substantive, "Subtotal, civilian staff") == leaves
    assert changed(substantive, "Total (I–III)") == leaves
    assert changed(substantive, "Total military and police") == {}
    joins = {"p5_p4": 1, "international_subtotal": 1, "total": 1}
    assert changed(support, "Security Section") == joins
    assert changed(support, "Total, component 2, support") == joins
    assert changed(support, "Subtotal, Mission Support Division") == {}
    # Justice and Corrections prints 4 P-5–P-4 posts approved: 3 proposed.
    assert row(substantive, "Justice and Corrections Section",
               StaffingKind.PROPOSED).counts[StaffingColumn.P5_P4] == 3
    summary = table(proposal, "human_resources")
    assert row(summary, "Substantive", StaffingKind.PROPOSED).counts[
        StaffingColumn.INTERNATIONAL_STAFF] == 53  # 54 − 1
    assert row(summary, "Support", StaffingKind.PROPOSED).counts[
        StaffingColumn.INTERNATIONAL_STAFF] == 38  # 37 + 1
    assert changed(summary, "Total") == {}  # one post moved, none added


def test_the_derived_tables_pass_the_staffing_checks() -> None:
    actions = [
        action(id="a1", kind="establishment", component="support", office="Security Section",
               grade="G-4", count=3),
        action(id="a2", kind="conversion", component="support",
               office="Operations and resources management", grade="FS-5", new_grade="NO-B",
               count=2),
        action(id="a3", kind="abolishment", component="executive_direction_and_management",
               office="Office of the Chief of Staff", grade="UNV (international)",
               justification=""),
    ]
    proposal = apply_post_actions(seed_tables(), actions)
    assert run(staffing_tables, document(staffing_tables=proposal.tables)) == []
    lines = {line.category: line.net_change for line in proposal.human_resources}
    assert lines[PersonnelCategory.INTERNATIONAL_STAFF] == -2
    assert lines[PersonnelCategory.NATIONAL_PROFESSIONAL_OFFICERS] == 2
    assert lines[PersonnelCategory.NATIONAL_GENERAL_SERVICE_STAFF] == 3
    assert lines[PersonnelCategory.UNITED_NATIONS_VOLUNTEERS] == -1
    assert lines[PersonnelCategory.CIVILIAN] == 2  # −2 + 2 + 3 − 1
    summary = table(proposal, "human_resources")
    assert changed(summary, "Total") == {"international_staff": -2, "npo": 2, "ngs": 3,
                                         "united_nations_volunteers": -1, "total": 2}


def test_an_establishment_in_a_new_office_opens_its_rows() -> None:
    opened = action(kind="establishment", component="support", office="Aviation Safety Unit",
                    grade="P-3", functional_title="Aviation Safety Officer")
    proposal = apply_post_actions(seed_tables(), [opened])
    support = table(proposal, "table_3")
    offices = [r.office for r in support.rows]
    # After the last office printed, before the component's total.
    assert offices[-6:] == ["Aviation Safety Unit"] * 3 + ["Total, component 2, support"] * 3
    assert row(support, "Aviation Safety Unit", StaffingKind.APPROVED).counts[
        StaffingColumn.TOTAL] == 0
    assert changed(support, "Aviation Safety Unit") == {
        "p3_p2": 1, "international_subtotal": 1, "total": 1}
    assert run(staffing_tables, document(staffing_tables=proposal.tables)) == []


def test_a_component_printed_over_two_tables_opens_offices_in_the_last() -> None:
    support = table(apply_post_actions(seed_tables(), ()), "table_3")
    one_post = {c: (1 if c in (StaffingColumn.P3_P2, StaffingColumn.INTERNATIONAL_SUBTOTAL,
                                StaffingColumn.TOTAL) else 0) for c in support.columns}
    periods = {r.kind: r.period for r in support.rows}
    continued = support.model_copy(update={"key": "table_3_continued", "rows": tuple(
        StaffingRow(office="Aviation Safety Unit", kind=kind, period=periods[kind],
                    counts=one_post if kind is not StaffingKind.NET_CHANGE
                    else dict.fromkeys(support.columns, 0))
        for kind in (StaffingKind.APPROVED, StaffingKind.PROPOSED, StaffingKind.NET_CHANGE))})
    proposal = apply_post_actions((*seed_tables(), continued), [
        action(id="a1", component="support", office="Gender Unit", grade="P-4"),
        action(id="a2", kind="redeployment", component="support",
               office="Aviation Safety Unit", grade="P-3",
               destination_office="Security Section")])
    first, last = table(proposal, "table_3"), table(proposal, "table_3_continued")
    assert "Gender Unit" not in {r.office for r in first.rows}
    assert changed(last, "Gender Unit") == {"p5_p4": 1, "international_subtotal": 1,
                                            "total": 1}
    assert changed(last, "Aviation Safety Unit") == {"p3_p2": -1,
                                                     "international_subtotal": -1, "total": -1}
    assert changed(first, "Security Section") == {"p3_p2": 1, "international_subtotal": 1,
                                                  "total": 1}
    # The summary's support row adds up both tables: one P-4 post more.
    assert changed(table(proposal, "human_resources"), "Total") == {
        "international_staff": 1, "total": 1}
    assert row(table(proposal, "human_resources"), "Support", StaffingKind.PROPOSED).counts[
        StaffingColumn.INTERNATIONAL_STAFF] == 38  # 37 + 1


def test_a_reclassification_within_a_band_changes_no_count() -> None:
    raised = action(kind="reclassification", component="support", office="Security Section",
                    grade="P-3", new_grade="P-2", functional_title="Security Officer")
    proposal = apply_post_actions(seed_tables(), [raised])
    assert proposal.tables == without_source_lines(seed_tables())
    assert len(proposal.justifications) == 1


def test_abolishing_more_posts_than_an_office_holds_is_refused() -> None:
    # The Conduct and Discipline Team prints one P-5–P-4 post.
    too_many = action(id="cdt", kind="abolishment", component="support",
                      office="Conduct and Discipline Team", grade="P-5", count=2)
    with pytest.raises(PostActionError) as raised:
        apply_post_actions(seed_tables(), [too_many])
    assert (raised.value.action, raised.value.field) == ("cdt", "count")
    assert "which holds 1" in str(raised.value)


def test_an_earlier_action_counts_for_a_later_one() -> None:
    first = action(id="first", kind="redeployment", component="support",
                   office="Conduct and Discipline Team", grade="P-4",
                   destination_office="Security Section")
    second = action(id="second", kind="abolishment", component="support",
                    office="Conduct and Discipline Team", grade="P-5", justification="")
    with pytest.raises(PostActionError, match=r"post action second count:.*holds 0"):
        apply_post_actions(seed_tables(), [first, second])


def test_an_office_or_component_the_tables_do_not_print_is_refused() -> None:
    with pytest.raises(PostActionError) as office:
        apply_post_actions(seed_tables(), [action(kind="abolishment", component="support",
                                                  office="Aviation Safety Unit", grade="P-3")])
    assert office.value.field == "office"
    with pytest.raises(PostActionError) as component:
        apply_post_actions(seed_tables(), [action(component="military", office="Any",
                                                  grade="P-3")])
    assert component.value.field == "component"
    with pytest.raises(PostActionError) as destination:
        apply_post_actions(seed_tables(), [action(
            kind="redeployment", component="support", office="Security Section", grade="P-3",
            destination_component="logistics", destination_office="Any")])
    assert destination.value.field == "destination_component"


def test_posts_belong_to_an_office_not_to_a_subtotal() -> None:
    # Table 2 prints "Office of Rule of Law" as the subtotal of its three sections.
    to_group = action(kind="redeployment", component="substantive",
                      office="Military Liaison Office", grade="P-4",
                      destination_office="Office of Rule of Law")
    with pytest.raises(PostActionError) as raised:
        apply_post_actions(seed_tables(), [to_group])
    assert raised.value.field == "destination_office"
    assert "name one of the offices it adds up" in str(raised.value)


def test_a_proposal_copied_forward_takes_the_next_periods_actions() -> None:
    # Carried forward, the 2025/26 proposal is the approved column of 2026/27.
    components = {office: component
                  for component, office in posts_of(seed_tables(), StaffingKind.APPROVED)}
    carried = carry_forward(seed_tables(), Period.parse("2025/26"), Period.parse("2026/27"),
                            {}, components)
    proposal = apply_post_actions(carried, [action(component="support",
                                                   office="Security Section", grade="G-4")])
    security = row(table(proposal, "table_3"), "Security Section", StaffingKind.PROPOSED)
    assert (str(security.period), security.counts[StaffingColumn.NGS]) == ("2026/27", 48)  # 47 + 1


def test_two_actions_with_one_id_are_refused() -> None:
    one = action(id="same", component="support", office="Security Section", grade="G-5")
    with pytest.raises(PostActionError) as raised:
        apply_post_actions(seed_tables(), [one, one])
    assert raised.value.field == "id"


def test_the_justification_paragraphs() -> None:
    actions = [
        action(id="a1", kind="abolishment", component="substantive",
               office="Military Liaison Office", grade="G-4", count=2,
               functional_title="Administrative Assistant",
               justification="the functions are absorbed by the Office"),
        action(id="a2", kind="redeployment", component="substantive",
               office="Military Liaison Office", grade="P-4",
               destination_component="executive_direction_and_management",
               destination_office="Office of the Chief of Staff"),
        action(id="a3", kind="conversion", component="support", office="Security Section",
               grade="FS-4", new_grade="G-6", count=3, functional_title="Security Assistant",
               justification="National capacity is available."),
        action(id="a4", kind="reclassification", component="support",
               office="Security Section", grade="P-3", new_grade="P-4"),
    ]
    paragraphs = {(j.component, j.office): j.paragraph
                  for j in apply_post_actions(seed_tables(), actions).justifications}
    moved = ("It is proposed to redeploy one P-4 post from the Military Liaison Office to "
             "the Office of the Chief of Staff (executive direction and management). "
             "Workload of the office grows.")
    assert paragraphs[("substantive", "Military Liaison Office")] == (
        "It is proposed to abolish two posts of Administrative Assistant (G-4) in the "
        "Military Liaison Office. The functions are absorbed by the Office. " + moved)
    assert paragraphs[("executive_direction_and_management",
                       "Office of the Chief of Staff")] == moved
    assert paragraphs[("support", "Security Section")] == (
        "It is proposed to convert three posts of Security Assistant (FS-4) in the Security "
        "Section to national General Service posts (G-6). National capacity is available. "
        "It is proposed to reclassify one post in the Security Section from the P-3 to the "
        "P-4 level. Workload of the office grows.")


def test_volunteers_hold_positions() -> None:
    actions = [
        action(id="a1", component="support", office="Security Section",
               grade="UNV (international)", count=2, functional_title="Security Officer"),
        action(id="a2", kind="conversion", component="support", office="Security Section",
               grade="NO-A", new_grade="UNV (national)"),
    ]
    (paragraph,) = apply_post_actions(seed_tables(), actions).justifications
    assert paragraph.paragraph == (
        "It is proposed to establish two positions of Security Officer (international United "
        "Nations Volunteer) in the Security Section. Workload of the office grows. "
        "It is proposed to convert one NO-A post in the Security Section to a national "
        "United Nations Volunteer position. Workload of the office grows.")


def test_inferred_actions_name_the_band() -> None:
    proposal = apply_post_actions(seed_tables(), [
        action(component="support", office="Security Section", grade="G-5", count=2),
        action(id="a2", kind="abolishment", component="support", office="Security Section",
               grade="FS-4", justification="")])
    inferred = infer_post_actions(proposal.tables)
    assert [(a.kind, a.office, a.grade, a.count) for a in inferred] == [
        (PostActionKind.ABOLISHMENT, "Security Section", "FS", 1),
        (PostActionKind.ESTABLISHMENT, "Security Section", "NGS", 2),
    ]
    assert apply_post_actions(proposal.tables, inferred).tables == proposal.tables


# --- property: apply(infer(table)) == table --------------------------------------------

GRADES = [g.code for g in shipped_grades().grades if g.level is GradeLevel.GRADE]
KINDS = list(PostActionKind)


def drawn_actions(draw: st.DrawFn, tables: tuple[StaffingTable, ...]) -> list[PostAction]:
    """Up to six actions of any kind, each one the tables accept after those before it."""
    offices = [*sorted(posts_of(tables, StaffingKind.APPROVED)),
               ("support", "Aviation Safety Unit"), ("substantive", "Gender Affairs Unit")]
    actions: list[PostAction] = []
    for number in range(draw(st.integers(0, 6))):
        kind = draw(st.sampled_from(KINDS))
        component, office = draw(st.sampled_from(offices))
        fields: dict[str, Any] = {"id": f"p{number}", "kind": kind, "component": component,
                                  "office": office, "grade": draw(st.sampled_from(GRADES)),
                                  "count": draw(st.integers(1, 3))}
        if kind in (PostActionKind.REDEPLOYMENT, PostActionKind.REASSIGNMENT):
            to_component, to_office = draw(st.sampled_from(offices))
            if (to_component, to_office) == (component, office):
                continue
            fields |= {"destination_component": to_component, "destination_office": to_office}
        if kind in (PostActionKind.RECLASSIFICATION, PostActionKind.CONVERSION):
            fields["new_grade"] = draw(st.sampled_from(GRADES))
        try:
            candidate = action(**fields)
            apply_post_actions(tables, [*actions, candidate])
        except PostActionError:
            continue
        actions.append(candidate)
    return actions


@st.composite
def proposals(draw: st.DrawFn) -> tuple[StaffingTable, ...]:
    """The seed's tables changed by drawn actions; half the time carried forward a
    period (the proposal becomes the approved rows) and changed again, so that the
    approved posts vary too."""
    tables = apply_post_actions(seed_tables(), drawn_actions(draw, seed_tables())).tables
    if draw(st.booleans()):
        components = {office: component for component, office
                      in posts_of(tables, StaffingKind.APPROVED)}
        carried = carry_forward(tables, Period.parse("2025/26"), Period.parse("2026/27"), {},
                                components)
        tables = apply_post_actions(carried, drawn_actions(draw, carried)).tables
    return tables


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(proposals())
def test_the_inferred_actions_reproduce_the_table(tables: tuple[StaffingTable, ...]) -> None:
    assert apply_post_actions(tables, infer_post_actions(tables)).tables == tables
    assert run(staffing_tables, document(staffing_tables=tables)) == []
