"""Periods run from 1 July to 30 June and are written 2025/26 (docs/domain.md, "The cycle")."""

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from rbb.model import Period


def test_a_period_reads_and_writes_as_the_reports_do() -> None:
    period = Period.parse("2025/26")
    assert (period.start, period.end) == (date(2025, 7, 1), date(2026, 6, 30))
    assert str(period) == "2025/26"
    assert period.previous == Period.parse("2024/25")


def test_a_budget_report_spans_three_periods_in_order() -> None:
    # "Expenditure (2023/24) Apportionment (2024/25) Cost estimates (2025/26)"
    periods = [Period.parse(p) for p in ("2025/26", "2023/24", "2024/25")]
    assert [p.label for p in sorted(periods)] == ["2023/24", "2024/25", "2025/26"]


def test_the_period_containing_a_day() -> None:
    assert Period.containing(date(2022, 6, 30)).label == "2021/22"
    assert Period.containing(date(2022, 7, 1)).label == "2022/23"
    assert Period.parse("1999/00").next.label == "2000/01"


@pytest.mark.parametrize("bad", ["2025/27", "2025-26", "25/26", "", "2025/2026"])
def test_a_malformed_period_is_refused(bad: str) -> None:
    with pytest.raises(ValueError, match="period"):
        Period.parse(bad)


@given(st.integers(min_value=1900, max_value=2998))
def test_labels_round_trip(year: int) -> None:
    assert Period.parse(Period(year).label) == Period(year)
