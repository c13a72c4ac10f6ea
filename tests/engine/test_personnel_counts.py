"""Personnel counts quoted in the prose, on invented missions' text: which wording
makes a difference an error and which only a warning (docs/checks.md,
``prose.personnel-count``)."""

from __future__ import annotations

from decimal import Decimal

from rbb.engine.checks import personnel_counts
from rbb.model import (
    Document,
    IncumbencyRow,
    PersonnelCategory,
    StaffingColumn,
    StaffingTable,
)
from rbb.model.staffing import RowType, StaffingKind, StaffingRow
from rbb.model.tables import Paragraph

from .builders import document, run

# An invented mission: approved strength and actual average of its incumbency table.
INCUMBENCY = tuple(
    IncumbencyRow(category=category, label=category.value, approved=Decimal(approved),
                  actual_average=Decimal(average), vacancy_rate=None)
    for category, approved, average in (
        (PersonnelCategory.MILITARY_OBSERVERS, 12, 11),
        (PersonnelCategory.UNITED_NATIONS_POLICE, 30, 27),
        (PersonnelCategory.INTERNATIONAL_STAFF, 140, 128),
        (PersonnelCategory.NATIONAL_PROFESSIONAL_OFFICERS, 20, 19),
        (PersonnelCategory.NATIONAL_GENERAL_SERVICE_STAFF, 210, 200),
        (PersonnelCategory.UNITED_NATIONS_VOLUNTEERS_INTERNATIONAL, 40, 36),
    )
)
# Actual averages: civilian 128 + 19 + 200 + 36 = 383, uniformed 11 + 27 = 38, both 421.

# The same mission's budget: the proposed posts of its summary human-resources table.
SUMMARY = StaffingTable(
    key="human_resources_summary", title="Human resources", columns=(
        StaffingColumn.MILITARY_OBSERVERS, StaffingColumn.INTERNATIONAL_STAFF),
    rows=(StaffingRow(office="Total", row_type=RowType.TOTAL, kind=StaffingKind.PROPOSED,
                      period=document().period,
                      counts={StaffingColumn.MILITARY_OBSERVERS: 12,
                              StaffingColumn.INTERNATIONAL_STAFF: 140}),))


def _performance(text: str) -> Document:
    return document("performance", "2021/22", incumbency=INCUMBENCY,
                    paragraphs=(Paragraph(section="Introduction", text=text, source_line=7),))


def _budget(text: str) -> Document:
    return document(staffing_tables=(SUMMARY,),
                    paragraphs=(Paragraph(section="Introduction", text=text, source_line=7),))


def _found(doc: Document) -> list[tuple[str, Decimal | None, Decimal | None, str]]:
    return [(f.severity.value, f.printed, f.computed, f.message.rsplit("(", 1)[-1])
            for f in run(personnel_counts, doc)]


def test_what_a_budget_provided_for_is_quoted_from_that_budget() -> None:
    text = ("The resources approved for the period provided for 14 military observers and "
            "139 international staff.")
    assert _found(_performance(text)) == [
        ("warning", Decimal(139), Decimal(140), "the text quotes another document)"),
        ("warning", Decimal(14), Decimal(12), "the text quotes another document)"),
    ]
    # A budget report citing an earlier budget quotes that budget, not its own proposal.
    text = "The budget for the previous period provided for 150 international staff."
    assert _found(_budget(text)) == [
        ("warning", Decimal(150), Decimal(140), "the text quotes another document)")]


def test_provided_for_counts_only_when_a_number_follows_it() -> None:
    text = ("Training was provided for newly arrived personnel; the Mission had a maximum "
            "strength of 140 international staff.")
    assert _found(_performance(text)) == []
    text = ("Training was provided for newly arrived personnel, among them 130 "
            "international staff.")
    assert _found(_performance(text)) == []


def test_the_own_strength_is_an_error() -> None:
    text = "The Mission had a maximum strength of 141 international staff."
    assert _found(_performance(text)) == [
        ("error", Decimal(141), Decimal(140), "the text quotes 141 international staff; the "
         "incumbency table's approved strength is 140")]


def test_one_count_of_civilian_and_uniformed_personnel_is_their_sum() -> None:
    for wording in ("civilian and uniformed personnel",
                    "civilian personnel and uniformed personnel"):
        agrees = f"Services were sized for an average strength of 421 {wording}."
        assert _found(_performance(agrees)) == []
        differs = f"Services were sized for an average strength of 430 {wording}."
        assert _found(_performance(differs)) == [
            ("warning", Decimal(430), Decimal(421),
             "the count mixes civilian and uniformed personnel)")]


def test_uniformed_after_a_uniformed_category_is_not_a_sum() -> None:
    text = "Rations for an average strength of 20 military observers and uniformed personnel."
    assert _found(_performance(text)) == []


def test_a_planned_average_is_held_against_the_planned_column() -> None:
    """Reports of about 2003-2010 print a planned average; "a planned average strength
    of" counts it, not the actual average. Handwritten: planned 130 international staff
    (actual 128, approved 140)."""
    planned = tuple(row.model_copy(update={"planned_average": Decimal(130)})
                    if row.category is PersonnelCategory.INTERNATIONAL_STAFF else row
                    for row in INCUMBENCY)
    doc = _performance("The budget was based on a planned average strength of 130 "
                       "international staff.").model_copy(update={"incumbency": planned})
    assert _found(doc) == []
    doc = _performance("The budget was based on a planned average strength of 135 "
                       "international staff.").model_copy(update={"incumbency": planned})
    assert _found(doc) == [
        ("error", Decimal(135), Decimal(130), "the text quotes 135 international staff; the "
         "incumbency table's planned average strength is 130")]
    # a table without the planned column: nothing to hold a planned count against
    assert _found(_performance("The budget was based on a planned average strength of 135 "
                               "international staff.")) == []
