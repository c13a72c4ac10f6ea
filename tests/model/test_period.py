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


def test_a_period_that_is_not_a_financial_year_states_its_dates() -> None:
    # UNFICYP's cost estimates "for the period from 1 October 1994 to 30 June 1995"
    period = Period.between(date(1994, 10, 1), date(1995, 6, 30))
    assert (period.label, period.start, period.end, period.is_financial_year) == (
        "1994/95", date(1994, 10, 1), date(1995, 6, 30), False)
    assert period.stated == "1 October 1994 to 30 June 1995"
    # it belongs to the financial year of its first day: same key, label and order
    assert period == Period(1994) and hash(period) == hash(Period(1994))
    assert Period(1993) < period < Period(1995)


def test_a_financial_year_stated_by_its_dates_is_the_plain_period() -> None:
    period = Period.between(date(2025, 7, 1), date(2026, 6, 30))
    assert (period.is_financial_year, repr(period), period.stated) == (
        True, "Period('2025/26')", "1 July 2025 to 30 June 2026")


@pytest.mark.parametrize(("start", "end"), [
    (date(2025, 7, 1), date(2025, 6, 30)), (date(2020, 7, 1), date(2023, 6, 30))])
def test_a_period_ending_before_it_starts_or_too_long_is_refused(start: date, end: date) -> None:
    with pytest.raises(ValueError, match="period"):
        Period.between(start, end)


def test_a_document_keeps_the_dates_of_its_period_through_its_json() -> None:
    from rbb.model import Document, DocumentKind
    from rbb.model.mission import Mission

    # a mission set up on 1 October: its first cost estimates run to 30 June
    stated = Period.between(date(2039, 10, 1), date(2040, 6, 30))
    document = Document(kind=DocumentKind.BUDGET, mission=Mission(code="UNTST", name="T"),
                        period=stated, title="t")
    assert document.period_dates == (date(2039, 10, 1), date(2040, 6, 30))
    again = Document.model_validate_json(document.model_dump_json())
    assert again == document and again.period.stated == "1 October 2039 to 30 June 2040"
    # a whole financial year writes no dates, so its JSON is as before
    whole = Document(kind=DocumentKind.BUDGET, mission=Mission(code="UNTST", name="T"),
                     period=Period(2040), title="t")
    assert whole.period_dates is None and "period_dates" not in whole.model_dump_json()
    with pytest.raises(ValueError, match="fall in 2040/41, not in the period 2039/40"):
        Document(kind=DocumentKind.BUDGET, mission=Mission(code="UNTST", name="T"),
                 period=Period(2039), period_dates=(date(2040, 10, 1), date(2041, 3, 31)),
                 title="t")
