"""The incumbency table of a generated report prints a "Planned (average)" column only
when some row of the document has a planned average; the seed's table (which has
none) renders exactly as before."""

from __future__ import annotations

from decimal import Decimal

from rbb.model import Document, IncumbencyRow, PersonnelCategory
from rbb.reports import ReportFormat, build_report, render_report
from tests.reports.fixtures import documents, markdown

# A handwritten table of the 2005-2008 layout (not from the seeds), rates by hand:
#   military observers  (45 - 42) / 45 = 6.7
#   temporary positions, international (12 - 9) / 12 = 25.0; national (30 - 27) / 30 = 10.0
ROWS = (
    IncumbencyRow(category=PersonnelCategory.MILITARY_OBSERVERS, label="Military observers",
                  approved=Decimal(50), planned_average=Decimal(45), actual_average=Decimal(42),
                  vacancy_rate=Decimal("6.7"), source_line=60),
    IncumbencyRow(category=PersonnelCategory.GENERAL_TEMPORARY_ASSISTANCE,
                  label="Temporary positions: International staff", approved=Decimal(14),
                  planned_average=Decimal(12), actual_average=Decimal(9),
                  vacancy_rate=Decimal("25.0"), source_line=62),
    IncumbencyRow(category=PersonnelCategory.GENERAL_TEMPORARY_ASSISTANCE,
                  label="Temporary positions: National staff", approved=Decimal(31),
                  planned_average=Decimal(30), actual_average=Decimal(27),
                  vacancy_rate=Decimal("10.0"), source_line=63),
)


def _with_planned() -> Document:
    return documents()["performance"].model_copy(update={"incumbency": ROWS})


def _section(text: str) -> str:
    start = text.index("Human resources incumbency performance")
    return text[start:text.index("Represents the highest", start)]


def test_markdown_prints_the_planned_column_and_every_row() -> None:
    table = _section(render_report(build_report(_with_planned()),
                                   ReportFormat.MARKDOWN).decode("utf-8"))
    assert "| Category | Approved | Planned (average) | Actual (average) | " \
           "Vacancy rate (percentage) |" in table
    assert "| Military observers | 50 | 45 | 42 | 6.7 |" in table
    # two rows of one category are both printed, in print order
    assert table.index("| Temporary positions: International staff | 14 | 12 | 9 | 25.0 |") < \
        table.index("| Temporary positions: National staff | 31 | 30 | 27 | 10.0 |")


def test_the_footnote_names_the_planned_strength_as_the_base() -> None:
    text = render_report(build_report(_with_planned()), ReportFormat.MARKDOWN).decode("utf-8")
    assert "Based on monthly incumbency and planned monthly strength." in text


def test_html_prints_the_planned_column() -> None:
    html = render_report(build_report(_with_planned()), ReportFormat.HTML).decode("utf-8")
    assert "Planned (average)" in _section(html)


def test_without_a_planned_average_the_table_is_as_before() -> None:
    table = _section(markdown("performance"))
    assert "Planned" not in table
    assert "| Category | Approved | Actual (average) | Vacancy rate (percentage) |" in table
    assert "| International staff | 113 | 100 | 11.5 |" in table
    assert "Based on monthly incumbency and approved monthly strength." in \
        markdown("performance")
