"""A performance report in the tabbed shape, built from the PERFORMANCE seed.

No tabbed performance report has been published to rbb yet, so the tests make
one the way a word-processor conversion prints it (docs/importing/tabbed.md):
the sections of A/77/589 under their headings, every table row as its label
and the seed's own printed cells joined by tabs (``Military observers\\t357.3
\\t279.7\\t77.6\\t21.7``), the frameworks as rows of planned indicator beside
actual indicator and planned output beside completed and remarks.

What each table holds comes from the seed as the ``pdf_text`` parser reads it;
every cell is the text printed on the seed line the parser cites, so the
tabbed parser is checked against the seed's numbers, not against itself.
Nothing here names a UNMIK row: the builder walks whatever the seed holds.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import cache

from rbb.importers import ImportResult, import_text
from rbb.importers.cells import trailing_cells
from rbb.model import Document
from rbb.model.classes import BY_CODE, LineKind
from rbb.model.frameworks import Component, Indicator, Output
from rbb.model.money import MoneyTable
from rbb.model.staffing import RowType

from ..pdf_text.seed import seed_document, seed_lines

NAME = "unmik-performance-2021-22-tabbed.txt"
_UNITS = "(Thousands of United States dollars)"


def _split(source_line: int | None, count: int, *, units: bool = False) -> tuple[str, list[str]]:
    """The label and the cells printed on a seed line, as the PDF text shows them."""
    assert source_line is not None
    label, cells = trailing_cells(seed_lines()[source_line - 1], count, units=units)
    return " ".join(label.split()), cells


def _cells(source_line: int | None, count: int, *, units: bool = False) -> list[str]:
    return _split(source_line, count, units=units)[1]


def _row(label: str, cells: list[str]) -> str:
    return "\t".join([label, *cells])


def _paragraphs(document: Document, section: str) -> Iterator[str]:
    for paragraph in document.paragraphs:
        if paragraph.section == section:
            letter = f"({paragraph.letter}) " if paragraph.letter else ""
            number = f"{paragraph.number}. " if paragraph.number and not letter else ""
            yield ""
            yield f"{number}{letter}{paragraph.text}".replace("\n", " ")


def _money_table(table: MoneyTable) -> Iterator[str]:
    yield "Category\tApportionment\tExpenditure\tVariance\t"
    yield "\t\t\tAmount\tPercentage"
    printed_groups: set[str] = set()
    for row in table.rows:
        group = BY_CODE[row.line].group if row.line in BY_CODE else None
        if row.row_type is RowType.ITEM and group and group not in printed_groups \
                and BY_CODE[row.line].kind is LineKind.CLASS:
            printed_groups.add(group)
            yield _row(BY_CODE[group].label, ["", "", "", ""])
        label = "Subtotal" if row.row_type is RowType.SUBTOTAL and printed_groups else row.label
        yield _row(label, _cells(row.source_line, 4))


def _summary(document: Document) -> Iterator[str]:
    yield "Summary"
    yield from _paragraphs(document, "Summary")
    for table in document.financial_tables:
        if table.key == "financial_resources_summary":
            yield ""
            yield table.title or "Performance of financial resources"
            yield _UNITS
            yield from _money_table(table)
    yield ""
    yield "Human resources incumbency performance"
    yield "Category\tApproved^a\tActual (average)\tVacancy rate (percentage)^b"
    parents_printed: set[str] = set()
    for row in document.incumbency:
        parent = {"national_professional_officers": "National staff",
                  "national_general_service_staff": "National staff",
                  "united_nations_volunteers_international": "United Nations Volunteers",
                  "united_nations_volunteers_national": "United Nations Volunteers",
                  }.get(row.category.value)
        if parent and parent not in parents_printed:
            parents_printed.add(parent)
            yield _row(parent, ["", "", ""])
        yield _row(row.label, _cells(row.source_line, 3))
    yield ""
    yield "^a Represents the highest level of authorized strength."


def _indicator(indicator: Indicator) -> str:
    values = "; ".join(f"{value.period}: {value.text}" for value in indicator.values)
    planned = f"{indicator.number} {indicator.text}" + (f" ({values})" if values else "")
    return _row(planned, [(indicator.actual or "").replace("\n", " ")])


def _output(output: Output) -> Iterator[str]:
    remarks = (output.remarks or "").replace("\n", " ")
    yield _row(output.text, [output.completed or "", remarks])
    for further in output.further_completions:
        yield _row("", [further.completed, (further.remarks or "").replace("\n", " ")])


def _component(component: Component) -> Iterator[str]:
    yield ""
    yield f"Component {component.number}: {component.name}"
    for accomplishment in component.expected_accomplishments:
        yield ""
        yield f"Expected accomplishment {accomplishment.number}: {accomplishment.text}"
        yield ""
        yield "Planned indicators of achievement\tActual indicators of achievement"
        yield from (_indicator(indicator) for indicator in accomplishment.indicators)
        yield ""
        yield "Planned outputs\tCompleted (number or yes/no)\tRemarks"
        heading: str | None = None
        for output in accomplishment.outputs:
            if output.heading and output.heading != heading:
                heading = output.heading
                yield ""
                yield heading
            yield from _output(output)


def _resources(document: Document) -> Iterator[str]:
    yield "III. Resource performance"
    yield "A. Financial resources"
    yield "(Thousands of United States dollars; budget year is from 1 July 2021 to 30 June 2022)"
    for table in document.financial_tables:
        if table.key == "financial_resources":
            yield from _money_table(table)
    redeployments = document.redeployments
    yield ""
    yield "B. Summary information on redeployments across groups"
    yield _UNITS
    yield "\tAppropriation\t\t"
    yield "Group\tOriginal distribution\tRedeployment\tRevised distribution"
    if redeployments is not None:
        for row in redeployments.rows:
            yield _row(*_split(row.source_line, 3))
        yield _row("Percentage of redeployment to total appropriation", [""])
    yield from _paragraphs(document, "III.B")
    yield ""
    yield "C. Monthly expenditure pattern"
    yield from _paragraphs(document, "III.C")
    yield ""
    yield "D. Other revenue and adjustments, and borrowing"
    yield "1. Other revenue and adjustments"
    yield _UNITS
    yield "Category\tAmount"
    for revenue in document.other_revenue:
        yield _row(revenue.label, _cells(revenue.source_line, 1))
    yield ""
    yield "2. Borrowing"
    yield from _paragraphs(document, "III.D.2")
    yield "(Millions of United States dollars)"
    yield "As at\tLending mission\tAmount"
    for loan in document.borrowing:
        yield _row(f"{loan.as_at.day} {loan.as_at:%B %Y}",
                   [loan.lending_mission, *_cells(loan.source_line, 1)])
    yield ""
    yield "E. Substantive and other programmatic activities"
    yield _UNITS
    yield "Category\tExpenditure"
    for activity in document.programmatic_activities:
        yield _row(activity.description, _cells(activity.source_line, 1))
    yield ""
    yield "F. Value of non-budgeted contributions"
    yield _UNITS
    yield "Category\tActual value"
    for contribution in document.non_budgeted_contributions:
        yield _row(contribution.label, _cells(contribution.source_line, 1))


def _closing(document: Document) -> Iterator[str]:
    yield ""
    yield "IV. Analysis of variances¹"
    for explanation in document.variance_explanations:
        yield ""
        yield "\tVariance\t"
        yield _row(explanation.label, _cells(explanation.source_line, 2, units=True))
        for paragraph in explanation.paragraphs:
            yield ""
            yield f"{paragraph.number}. {paragraph.text}".replace("\n", " ")
    yield ""
    yield "V. Actions to be taken by the General Assembly"
    yield from _paragraphs(document, "V")
    yield ""
    yield ("VI. Summary of follow-up action taken to implement the decisions and requests "
           "of the General Assembly in its resolution 76/274")
    for body, title in (("general_assembly", "A. General Assembly"),
                        ("acabq", "B. Advisory Committee on Administrative and Budgetary "
                                  "Questions")):
        yield ""
        yield title
        heading: str | None = None
        for item in document.follow_up:
            if item.body != body:
                continue
            if item.heading != heading:
                heading = item.heading
                yield ""
                yield heading or ""
                yield f"({item.reference})" if item.reference else ""
                yield "Decision/request\tAction taken to implement decision/request"
            yield _row(item.request, [item.action.replace("\n", " ")])


def build() -> str:
    document = seed_document()
    lines = ["General Assembly", "", "Distr.: General", "", document.title or "",
             "", "Report of the Secretary-General", ""]
    lines += list(_summary(document))
    lines += ["", "I. Introduction", *_paragraphs(document, "I"), "",
              "II. Mandate performance", "",
              "E. Results-based budgeting frameworks"]
    for component in document.components:
        lines += list(_component(component))
    lines += ["", *_resources(document), *_closing(document), ""]
    return "\n".join(lines)


@cache
def tabbed_text() -> str:
    return build()


@cache
def tabbed_result() -> ImportResult:
    return import_text(tabbed_text(), name=NAME)
