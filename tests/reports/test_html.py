"""The HTML report: one self-contained file (styles and images inline), readable on a
phone and printable, in the UN's order of sections; the same figures as every
other format."""

from __future__ import annotations

import re

import pytest

from rbb.reports import ReportFormat
from tests.reports.fixtures import markdown, rendered, report


def _html(kind: str) -> str:
    return rendered(kind, ReportFormat.HTML).decode("utf-8")


@pytest.mark.parametrize("kind", ["budget", "performance"])
def test_one_self_contained_file(kind: str) -> None:
    html = _html(kind)
    assert not re.search(r'(src|href)="(https?:)?//', html)
    assert "<link" not in html and "<script" not in html
    images = re.findall(r'<img src="([^"]+)"', html)
    assert images and all(src.startswith("data:image/svg+xml;base64,") for src in images)
    assert '<meta name="viewport" content="width=device-width, initial-scale=1">' in html
    assert "@media (max-width: 40rem)" in html and "overflow-x: auto" in html


def test_print_rules_give_a4_pages_the_symbol_and_page_numbers() -> None:
    html = _html("performance")
    assert "size: A4" in html
    assert "content: string(running)" in html and "counter(page)" in html
    assert 'data-running="A/77/589"' in html


@pytest.mark.parametrize(("kind", "headings"), [
    ("budget", ["Summary", "I. Mandate and planned results", "A. Overall",
                "B. Planning assumptions and mission support initiatives",
                "C. Partnerships, country team coordination and integrated missions",
                "D. Results-based budgeting frameworks", "II. Financial resources",
                "A. Overall", "B. Non-budgeted contributions", "C. Efficiency gains",
                "D. Vacancy factors", "E. Training", "F. Official travel, non-training",
                "G. Programmatic activities", "H. Quick-impact projects",
                "III. Analysis of variances", "IV. Actions to be taken by the General Assembly",
                "V. Summary of follow-up action taken to implement the decisions and requests "
                "of the General Assembly in its resolutions 76/274 and 78/302, including the "
                "requests and recommendations of the Advisory Committee on Administrative and "
                "Budgetary Questions endorsed by the Assembly",
                "A. General Assembly",
                "B. Advisory Committee on Administrative and Budgetary Questions"]),
    ("performance", ["Summary", "I. Introduction", "II. Mandate performance", "A. Overall",
                     "B. Budget implementation", "C. Mission support initiatives",
                     "D. Partnerships and United Nations system coordination",
                     "E. Results-based budgeting frameworks", "III. Resource performance",
                     "A. Financial resources",
                     "B. Summary information on redeployments across groups",
                     "C. Monthly expenditure pattern",
                     "D. Other revenue and adjustments, and borrowing",
                     "1. Other revenue and adjustments", "2. Borrowing",
                     "E. Substantive and other programmatic activities",
                     "F. Value of non-budgeted contributions", "IV. Analysis of variances",
                     "V. Actions to be taken by the General Assembly"]),
])
def test_sections_follow_the_un_order(kind: str, headings: list[str]) -> None:
    shown = [heading for _, section in report(kind).walk()
             for heading in [section.heading]]
    assert shown[:len(headings)] == headings
    html = _html(kind)
    positions = [html.find(f">{h}<") for h in dict.fromkeys(headings)]
    assert all(p > 0 for p in positions)


def test_the_summary_headlines_are_built_from_the_figures() -> None:
    """Summary of the budget seed, lines 55 and 57: the paragraphs the engine writes
    from the tables read as published."""
    summary = report("budget").sections[0]
    texts = [b.text for b in summary.blocks if hasattr(b, "number")]
    assert ("The present report contains the budget for the United Nations Interim "
            "Administration Mission in Kosovo (UNMIK) for the period from 1 July 2025 to "
            "30 June 2026, which amounts to $46,045,300.") in texts
    assert ("The proposed budget in the amount of $46,045,300 represents an increase of "
            "$2,360,600, or 5.4 per cent, compared with the apportionment of $43,684,700 "
            "for the 2024/25 period.") in texts
    assert report("budget").findings  # the published slips the checks found
    assert not [f for f in report("budget").findings if "regenerated from the tables" in f]


def test_findings_mark_the_figures_they_concern() -> None:
    """The checks find that the components' estimated civilian costs do not add up to
    the civilian personnel group (seed lines 205–206): the cells are flagged, the
    finding is noted under the table and listed in the annex."""
    html = _html("budget")
    assert 'class="num flagged"' in html
    assert "staffing.civilian-cost" in html
    assert 'id="annex-findings"' in html
    assert "> Check finding:" in markdown("budget")


@pytest.mark.parametrize(("kind", "charts"), [
    ("budget", {"posts_by_grade_band", "variance_by_class", "gross_by_period"}),
    ("performance", {"variance_by_class", "gross_by_period"}),
])
def test_each_chart_sits_beside_its_table(kind: str, charts: set[str]) -> None:
    html = _html(kind)
    assert {c.key for c in report(kind).charts()} == charts
    for key in charts:
        assert f'id="chart-{key}"' in html
    assert "Gross requirements across the periods stored" in html


def test_same_data_same_bytes() -> None:
    from rbb.reports import render_report

    for fmt in (ReportFormat.HTML, ReportFormat.MARKDOWN):
        assert render_report(report("budget"), fmt) == rendered("budget", fmt)
