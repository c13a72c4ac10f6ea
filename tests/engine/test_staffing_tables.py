"""Human resources: grade bands, office sums, net change, the summary table, incumbency
and the civilian personnel cost per component (budget report tables 1–3)."""

from __future__ import annotations

from decimal import Decimal

from rbb.engine.checks import staffing_tables
from rbb.importers.cells import parse_number
from rbb.model import IncumbencyRow, Period, PersonnelCategory, StaffingColumn, StaffingTable
from rbb.model.staffing import RowType, StaffingKind, StaffingRow
from rbb.model.tables import ComponentCost

from .builders import document, money_table, run
from .quoted import BUDGET_FINANCIAL_RESOURCES

BANDS = (
    StaffingColumn.USG_ASG,
    StaffingColumn.D2_D1,
    StaffingColumn.P5_P4,
    StaffingColumn.P3_P2,
    StaffingColumn.FS,
    StaffingColumn.INTERNATIONAL_SUBTOTAL,
    StaffingColumn.NPO,
    StaffingColumn.NGS,
    StaffingColumn.NATIONAL_SUBTOTAL,
    StaffingColumn.UNV_INTERNATIONAL,
    StaffingColumn.UNV_NATIONAL,
    StaffingColumn.UNV_SUBTOTAL,
    StaffingColumn.TOTAL,
)
SUMMARY = (
    StaffingColumn.MILITARY_OBSERVERS,
    StaffingColumn.UNITED_NATIONS_POLICE,
    StaffingColumn.INTERNATIONAL_STAFF,
    StaffingColumn.NPO,
    StaffingColumn.NGS,
    StaffingColumn.UNITED_NATIONS_VOLUNTEERS,
    StaffingColumn.TOTAL,
)

TABLE_3 = """
Mission Support Division
> Office of the Chief of Mission Support
Approved posts 2024/25\t—\t1\t2\t—\t—\t3\t1\t6\t7\t1\t—\t1\t11
Proposed posts 2025/26\t—\t1\t2\t—\t—\t3\t1\t6\t7\t1\t—\t1\t11
Net change\t—\t—\t—\t—\t—\t—\t—\t—\t—\t—\t—\t—\t—
> Operations and resources management
Approved posts 2024/25\t—\t—\t4\t2\t8\t14\t4\t31\t35\t3\t—\t3\t52
Proposed posts 2025/26\t—\t—\t4\t2\t8\t14\t4\t31\t35\t3\t—\t3\t52
Net change\t—\t—\t—\t—\t—\t—\t—\t—\t—\t—\t—\t—\t—
Subtotal, Mission Support Division
Approved posts 2024/25\t—\t1\t6\t2\t8\t17\t5\t37\t42\t4\t—\t4\t63
Proposed posts 2025/26\t—\t1\t6\t2\t8\t17\t5\t37\t42\t4\t—\t4\t63
Net change\t—\t—\t—\t—\t—\t—\t—\t—\t—\t—\t—\t—\t—
Security Section
Approved posts 2024/25\t—\t—\t—\t2\t9\t11\t2\t47\t49\t—\t—\t—\t60
Proposed posts 2025/26\t—\t—\t—\t2\t9\t11\t2\t47\t49\t—\t—\t—\t60
Net change\t—\t—\t—\t—\t—\t—\t—\t—\t—\t—\t—\t—\t—
Total, component 2, support
Approved posts 2024/25\t—\t1\t6\t4\t17\t28\t7\t84\t91\t4\t—\t4\t123
Proposed posts 2025/26\t—\t1\t6\t4\t17\t28\t7\t84\t91\t4\t—\t4\t123
Net change\t—\t—\t—\t—\t—\t—\t—\t—\t—\t—\t—\t—\t—
"""
"""Budget table 3, shortened to two offices of the Mission Support Division (lines 451–483)."""


def staffing_table(
    text: str, *, key: str, component: str | None, columns: tuple[StaffingColumn, ...] = BANDS
) -> StaffingTable:
    """Office labels on lines of their own (``> `` marks an office under the heading
    above it), then ``Approved posts``/``Proposed posts``/``Net change`` rows."""
    rows, office, parent, heading, row_type = [], "", None, None, RowType.ITEM
    for number, line in enumerate(text.strip().splitlines(), start=1):
        label, *cells = line.split("\t")
        if not cells:
            child = label.startswith("> ")
            office = label.removeprefix("> ")
            row_type = (
                RowType.SUBTOTAL
                if office.startswith("Subtotal")
                else RowType.TOTAL
                if office.startswith("Total")
                else RowType.ITEM
            )
            if (
                not child
                and row_type is RowType.ITEM
                and not any(c in text.split(office, 1)[1].split("\n", 2)[1] for c in "\t")
            ):
                heading = office
            parent = heading if child else None
            continue
        kind = (
            StaffingKind.NET_CHANGE
            if label == "Net change"
            else StaffingKind.APPROVED
            if label.startswith("Approved")
            else StaffingKind.PROPOSED
        )
        period = None if kind is StaffingKind.NET_CHANGE else Period.parse(label.split()[-1])
        counts = {c: int(parse_number(v) or 0) for c, v in zip(columns, cells, strict=True)}
        rows.append(
            StaffingRow(
                office=office,
                parent_office=parent,
                row_type=row_type,
                kind=kind,
                period=period,
                counts=counts,
                source_line=number,
            )
        )
    return StaffingTable(key=key, title=key, component=component, columns=columns, rows=tuple(rows))


def component_tables() -> tuple[StaffingTable, ...]:
    uniformed = """
Military observers
Approved 2024/25\t8
Proposed 2025/26\t8
Net change\t–
United Nations police
Approved 2024/25\t10
Proposed 2025/26\t10
Net change\t–
Total military and police
Approved 2024/25\t18
Proposed 2025/26\t18
Net change\t–
"""
    summary = """
Substantive
Approved 2024/25\t8\t10\t—\t—\t—\t—\t18
Proposed 2025/26\t8\t10\t—\t—\t—\t—\t18
Support
Approved 2024/25\t–\t–\t28\t7\t84\t4\t123
Proposed 2025/26\t–\t–\t28\t7\t84\t4\t123
Total
Approved 2024/25\t8\t10\t28\t7\t84\t4\t141
Proposed 2025/26\t8\t10\t28\t7\t84\t4\t141
"""
    return (
        staffing_table(summary, key="human_resources", component=None, columns=SUMMARY),
        staffing_table(
            uniformed, key="table_2", component="substantive", columns=(StaffingColumn.TOTAL,)
        ),
        staffing_table(TABLE_3, key="table_3", component="support"),
    )


def _keys(findings):  # type: ignore[no-untyped-def]
    return [(f.severity.value, f.code, f.source_line, f.column) for f in findings]


def test_published_tables_add_up() -> None:
    assert run(staffing_tables, document(staffing_tables=component_tables())) == []


def test_a_band_that_does_not_add_up() -> None:
    doctored = TABLE_3.replace(
        "Proposed posts 2025/26\t—\t—\t4\t2\t8\t14", "Proposed posts 2025/26\t—\t—\t4\t3\t8\t14"
    )
    tables = (*component_tables()[:2], staffing_table(doctored, key="table_3", component="support"))
    assert _keys(run(staffing_tables, document(staffing_tables=tables))) == [
        ("error", "staffing.band-subtotal", 8, "international_subtotal"),
        ("error", "staffing.net-change", 9, "p3_p2"),
        ("error", "staffing.office-sum", 12, "p3_p2"),
    ]


def test_the_summary_table_against_the_components() -> None:
    summary, *rest = component_tables()
    rows = list(summary.rows)
    rows[2] = rows[2].model_copy(
        update={"counts": {**rows[2].counts, StaffingColumn.NGS: 85, StaffingColumn.TOTAL: 124}}
    )
    tables = (summary.model_copy(update={"rows": tuple(rows)}), *rest)
    findings = run(staffing_tables, document(staffing_tables=tables))
    assert {(f.code, f.column) for f in findings} == {
        ("staffing.component-summary", "ngs"),
        ("staffing.component-summary", "total"),
        ("staffing.office-sum", "ngs"),
        ("staffing.office-sum", "total"),
    }


def test_incumbency_vacancy_rate() -> None:
    # Summary of the performance report, line 87: NGS approved 186, actual 181, 2.7.
    row = IncumbencyRow(
        category=PersonnelCategory.NATIONAL_GENERAL_SERVICE_STAFF,
        label="National General Service staff",
        approved=Decimal(186),
        actual_average=Decimal(181),
        vacancy_rate=Decimal("2.7"),
        source_line=87,
    )
    doc = document("performance", "2021/22", incumbency=(row,))
    assert run(staffing_tables, doc) == []
    wrong = row.model_copy(update={"vacancy_rate": Decimal("3.7")})
    findings = run(staffing_tables, document("performance", "2021/22", incumbency=(wrong,)))
    assert [(f.code, f.printed, f.computed) for f in findings] == [
        ("staffing.incumbency", Decimal("3.7"), Decimal("2.7"))
    ]


def test_incumbency_vacancy_rate_against_the_planned_average() -> None:
    """Reports of about 2003-2010 print a planned average; the rate is the actual
    average's shortfall against it. A handwritten row (not from the seeds):
    approved 500, planned 400, actual 370 -> (400 - 370) / 400 = 7.5 per cent;
    against the approved strength it would be (500 - 370) / 500 = 26.0."""
    row = IncumbencyRow(
        category=PersonnelCategory.INTERNATIONAL_STAFF, label="International staff",
        approved=Decimal(500), planned_average=Decimal(400), actual_average=Decimal(370),
        vacancy_rate=Decimal("7.5"), source_line=12)
    assert row.vacancy_base == ("planned average", Decimal(400))
    assert run(staffing_tables, document("performance", "2006/07", incumbency=(row,))) == []
    wrong = row.model_copy(update={"vacancy_rate": Decimal("26.0")})
    findings = run(staffing_tables, document("performance", "2006/07", incumbency=(wrong,)))
    assert [(f.code, f.printed, f.computed, f.source_line) for f in findings] == [
        ("staffing.incumbency", Decimal("26.0"), Decimal("7.5"), 12)]
    assert "planned average 400" in findings[0].message
    assert "approved" not in findings[0].message


def test_incumbency_without_a_planned_column_is_checked_against_approved() -> None:
    # handwritten: approved 80, actual 72 -> (80 - 72) / 80 = 10.0 per cent
    row = IncumbencyRow(
        category=PersonnelCategory.MILITARY_OBSERVERS, label="Military observers",
        approved=Decimal(80), actual_average=Decimal(72), vacancy_rate=Decimal("12.0"),
        source_line=5)
    assert row.planned_average is None and row.vacancy_base == ("approved", Decimal(80))
    findings = run(staffing_tables, document("performance", "2021/22", incumbency=(row,)))
    assert [(f.printed, f.computed) for f in findings] == [(Decimal("12.0"), Decimal("10.0"))]
    assert "approved 80" in findings[0].message


def _costs(approved: tuple[str, ...], proposed: tuple[str, ...]) -> tuple[ComponentCost, ...]:
    components = ("executive_direction_and_management", "substantive", "support")
    return tuple(
        ComponentCost(
            component=c,
            kind=kind,
            period=Period.parse(period),
            amount=Decimal(amount),
            source_line=line,
        )
        for kind, period, amounts, line in (
            ("approved", "2024/25", approved, 205),
            ("proposed", "2025/26", proposed, 206),
        )
        for c, amount in zip(components, amounts, strict=True)
    )


def test_civilian_cost_per_component() -> None:
    table = money_table(BUDGET_FINANCIAL_RESOURCES)
    # The published figures leave 39.0 unattributed in both periods: a warning.
    published = _costs(("5137.2", "15257.8", "14044.0"), ("5672.3", "16268.4", "14702.3"))
    findings = run(
        staffing_tables, document(financial_tables=(table,), civilian_cost_estimates=published)
    )
    assert [(f.severity.value, f.printed, f.computed) for f in findings] == [
        ("warning", Decimal("34439.0"), Decimal("34478.0")),
        ("warning", Decimal("36643.0"), Decimal("36682.0")),
    ]
    # A slip in one period only is an error.
    slipped = _costs(("5137.2", "15257.8", "14044.0"), ("5672.3", "16286.4", "14702.3"))
    findings = run(
        staffing_tables, document(financial_tables=(table,), civilian_cost_estimates=slipped)
    )
    assert [f.severity.value for f in findings] == ["error", "error"]


# An invented budget: civilian personnel apportioned 1 000.0 for 2024/25 and estimated at
# 1 100.0 for 2025/26.
_GROUP = money_table("Civilian personnel\t950.0\t1 000.0\t1 100.0\t100.0\t10.0")


def _component_costs(*amounts: tuple[str, str, tuple[str, ...]]) -> tuple[ComponentCost, ...]:
    return tuple(
        ComponentCost(component=f"component_{index}", kind=kind, period=Period.parse(period),
                      amount=Decimal(amount), source_line=line)
        for line, (kind, period, values) in enumerate(amounts, start=40)
        for index, amount in enumerate(values)
    )


def _civilian_cost(*amounts: tuple[str, str, tuple[str, ...]]) -> list[tuple[str, str | None]]:
    doc = document(financial_tables=(_GROUP,), civilian_cost_estimates=_component_costs(*amounts))
    return [(f.severity.value, f.row) for f in run(staffing_tables, doc)
            if f.code == "staffing.civilian-cost"]


def test_a_shortfall_equal_in_every_period_is_a_cost_no_component_carries() -> None:
    # 300.0 + 300.0 + 387.5 = 987.5 and 400.0 + 300.0 + 387.5 = 1 087.5: both 12.5 short.
    approved = ("approved", "2024/25", ("300.0", "300.0", "387.5"))
    proposed = ("proposed", "2025/26", ("400.0", "300.0", "387.5"))
    assert _civilian_cost(approved, proposed) == [
        ("warning", "approved 2024/25"), ("warning", "proposed 2025/26")]


def test_any_other_difference_is_compared_within_rounding() -> None:
    approved = ("approved", "2024/25", ("300.0", "300.0", "387.5"))
    # Short by 12.5 and by 12.6: not the same cost, so both are errors.
    assert _civilian_cost(approved, ("proposed", "2025/26", ("400.0", "300.0", "387.4"))) == [
        ("error", "approved 2024/25"), ("error", "proposed 2025/26")]
    # Over by 12.5 in both periods: the components cannot carry more than the group.
    over = (("approved", "2024/25", ("300.0", "300.0", "412.5")),
            ("proposed", "2025/26", ("400.0", "300.0", "412.5")))
    assert _civilian_cost(*over) == [("error", "approved 2024/25"), ("error", "proposed 2025/26")]
    # One period alone shows no constant: 12.5 short is an error.
    assert _civilian_cost(approved) == [("error", "approved 2024/25")]
    # 0.1 short (300.0 + 300.0 + 399.9 = 999.9) is within 3 × 0.05 of 1 000.0.
    assert _civilian_cost(("approved", "2024/25", ("300.0", "300.0", "399.9"))) == [
        ("rounding", "approved 2024/25")]
