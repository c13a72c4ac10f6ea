"""Charts draw the figures of the table beside them, and the same figures give the
same bytes."""

from __future__ import annotations

from rbb.reports import figures, plotting
from rbb.reports.view import Table
from tests.reports.fixtures import report


def _table(kind: str, key: str) -> Table:
    return next(b for _, s in report(kind).walk() for b in s.blocks
                if isinstance(b, Table) and b.key == key)


def test_variance_by_class_draws_the_variance_column() -> None:
    chart = next(c for c in report("budget").charts() if c.key == "variance_by_class")
    table = _table("budget", "financial_resources")
    printed = {row.cells[0].text: row.cells[4].text for row in table.rows}
    for label, value in zip(chart.categories, chart.series[0].values, strict=True):
        assert printed[label] == figures.amount(value)
    assert "International staff" in chart.categories
    assert "Military contingents" not in chart.categories  # no variance, no bar


def test_apportionment_and_expenditure_across_periods_use_every_stored_report() -> None:
    chart = next(c for c in report("budget").charts() if c.key == "gross_by_period")
    assert chart.categories == ("2021/22", "2023/24", "2024/25", "2025/26")
    table = _table("budget", "gross_by_period")
    for n, series in enumerate(chart.series, start=1):
        assert [figures.amount(v) if v else "" for v in series.values] == \
            [row.cells[n].text for row in table.rows]
    assert table.rows[0].cells[1].text == "41\u2009298.5"  # 2021/22 apportionment


def test_staffing_by_grade_band_draws_the_component_totals() -> None:
    chart = next(c for c in report("budget").charts() if c.key == "posts_by_grade_band")
    table = _table("budget", "posts_by_grade_band")
    total = next(r for r in table.rows if r.kind == "total")
    assert total.cells[-1].text == "356"  # 113 international + 33 NPO + 186 NGS + 24 UNV
    assert [s.name for s in chart.series] == [
        "Executive direction and management", "Component 1: substantive",
        "Component 2: support"]


def test_charts_are_deterministic_and_dated_nowhere() -> None:
    chart = report("performance").charts()[0]
    plotting.svg.cache_clear()
    plotting.png.cache_clear()
    first_svg, first_png = plotting.svg(chart), plotting.png(chart)
    plotting.svg.cache_clear()
    plotting.png.cache_clear()
    assert plotting.svg(chart) == first_svg
    assert plotting.png(chart) == first_png
    assert first_svg.startswith("<svg") and "<dc:date>" not in first_svg
    assert first_png.startswith(b"\x89PNG")
    assert b"Software" not in first_png[:200]
