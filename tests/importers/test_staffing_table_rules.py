"""What a staffing table's cells mean in either shape: a number of posts per column,
and the estimated civilian personnel cost under a component's table."""

from __future__ import annotations

from decimal import Decimal

from rbb.importers.detect import DocumentMeta
from rbb.importers.reading import Reading
from rbb.importers.source import Line
from rbb.importers.staffing_table_rules import civilian_cost, post_counts
from rbb.model import DocumentKind, Mission, Period, StaffingColumn, StaffingKind

META = DocumentMeta(kind=DocumentKind.BUDGET, period=Period(2024), title="Budget",
                    mission=Mission(code="UNISFA", name="United Nations Interim Security "
                                    "Force for Abyei"))
COLUMNS = [StaffingColumn.P5_P4, StaffingColumn.FS, StaffingColumn.NGS]
ROW = Line(40, "Proposed posts 2024/25  3  –  12")


def test_a_posts_row_gives_one_count_per_column() -> None:
    reading = Reading("abyei.txt", META)
    # a dash is no post; n/a is no count at all
    assert post_counts(COLUMNS, ["3", "–", "n/a"], ROW, "I.E", reading) == {
        StaffingColumn.P5_P4: 3, StaffingColumn.FS: 0, StaffingColumn.NGS: None}
    assert reading.diagnostics == []


def test_a_count_that_is_not_a_whole_number_is_a_bad_number_on_its_line() -> None:
    for cells, said in ((["3", "x", "12"], "column fs: expected a number"),
                        (["3", "1.5", "12"], "'1.5' is not a number of posts")):
        reading = Reading("abyei.txt", META)
        assert post_counts(COLUMNS, cells, ROW, "I.E", reading) is None
        (error,) = reading.diagnostics
        assert (error.code, error.line, error.section) == ("bad-number", 40, "I.E")
        assert said in error.message


def test_an_empty_cell_is_a_missing_column() -> None:
    reading = Reading("abyei.txt", META)
    assert post_counts(COLUMNS, ["3", "", "12"], ROW, "I.E", reading) is None
    assert [d.code for d in reading.diagnostics] == ["missing-column"]


def test_the_estimated_civilian_personnel_cost_of_a_component() -> None:
    reading = Reading("abyei.txt", META)
    line = Line(52, "Proposed 2024/25  $3,410.8")
    cost = civilian_cost(StaffingKind.PROPOSED, Period(2024), "$3,410.8", "support", line,
                         "I.E", reading)
    assert cost is not None
    assert (cost.amount, cost.kind, cost.source_line) == (Decimal("3410.8"), "proposed", 52)
    assert civilian_cost(StaffingKind.PROPOSED, Period(2024), "$3,41O.8", "support", line,
                         "I.E", reading) is None
    assert [d.code for d in reading.diagnostics] == ["bad-number"]
