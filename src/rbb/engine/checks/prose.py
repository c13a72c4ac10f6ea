"""Figures quoted in the prose against the tables they come from.

The Summary, the numbered paragraphs, the outputs and their remarks, the indicators
and the follow-up tables quote personnel counts, amounts (in full or in millions),
percentages and totals with their parts. Each is read where its wording names what
it quotes, and compared with the table figure rounded the way the text rounds it
(half away from zero); wording rbb cannot tie to a table figure is left alone.
"""

# The message and location lambdas passed to Report.compare are called at once, inside
# the call, or never: binding loop variables late is what they are meant to do.
# ruff: noqa: B023

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal

from rbb.model import DocumentKind, PersonnelCategory, VacancyKind
from rbb.model.staffing import RowType, StaffingColumn
from rbb.presentation import format_amount, places_of, round_half_away

from .. import derived
from .base import Report, Where, agrees_when_rounded
from .parts import parts_totals
from .personnel import personnel_counts
from .quotes import money_quotes

CHECKS: dict[str, str] = {
    "prose.personnel-count": "Personnel counts quoted in the text equal the staffing or "
                             "incumbency table (a warning where the text quotes the proposal).",
    "prose.amount": "An amount quoted in full ($46,045,300) equals the table figure it names.",
    "prose.millions": "An amount quoted in millions is the table figure rounded half away "
                      "from zero to the quoted decimals.",
    "prose.percentage": "A percentage quoted in the text (increase over the apportionment, "
                        "resource utilization rate) equals the one computed from the table.",
    "prose.parts-total": "A total quoted with its parts in an output, a remark or an "
                         "indicator (litres of fuel by use, vehicles by type, meetings by "
                         "place) equals the sum of the parts.",
    "prose.project-count": "The number of quick-impact projects quoted in the text equals the "
                           "quick-impact projects table.",
    "prose.support-ratio": "The mission support ratio quoted in the text equals support "
                           "personnel per 1,000 mission personnel in the human-resources table.",
    "prose.indicator-vacancy": "An indicator of international posts vacant quotes the vacancy "
                               "factors (budget) or the incumbency table (performance).",
}


@dataclass(frozen=True, slots=True)
class Text:
    """One piece of prose and where it is printed. ``own`` is False for text quoted
    from another document (a performance report's planned outputs are the budget's)."""

    kind: str
    text: str
    where: Where
    own: bool = True
    completed: int | None = None
    """For a remark: the number in the "Completed" column beside it."""


def texts(report: Report) -> Iterator[Text]:
    document = report.document
    performance = document.kind is DocumentKind.PERFORMANCE
    for paragraph in document.paragraphs:
        number = f"para. {paragraph.number}" if paragraph.number else "paragraph"
        if paragraph.letter:
            number += f" ({paragraph.letter})"
        yield Text("paragraph", paragraph.text,
                   Where(section=paragraph.section, row=number,
                         source_line=paragraph.source_line))
    for component in document.components:
        table = f"component {component.key}"
        for ea in component.expected_accomplishments:
            for indicator in ea.indicators:
                where = Where(section="Results-based budgeting frameworks", table=table,
                              row=f"indicator {indicator.number}",
                              source_line=indicator.source_line)
                yield Text("indicator", indicator.text, where, own=not performance)
                if indicator.actual:
                    yield Text("actual", indicator.actual, where.at(column="actual"))
            for index, output in enumerate(ea.outputs, start=1):
                where = Where(section="Results-based budgeting frameworks", table=table,
                              row=f"output {ea.number}.{index}", source_line=output.source_line)
                yield Text("output", output.text, where, own=not performance)
                completions = [(output.completed_quantity, output.remarks,
                                output.completed_source_line or output.source_line)]
                completions += [(c.completed_quantity, c.remarks, c.source_line)
                                for c in output.further_completions]
                for quantity, remarks, line in completions:
                    if remarks:
                        yield Text("remark", remarks,
                                   where.at(column="remarks", source_line=line),
                                   completed=None if quantity is None else int(quantity))
    printed = {p.source_line for p in document.paragraphs}
    for action in document.general_assembly_actions:
        if action.source_line in printed:
            continue  # the same sentence is a numbered paragraph too
        yield Text("action", action.text, Where(section="Actions to be taken by the General "
                                                "Assembly", source_line=action.source_line))
    for follow in document.follow_up:
        yield Text("follow_up", follow.action,
                   Where(section="Follow-up", table=follow.body, row=follow.reference,
                         source_line=follow.source_line))


def check(report: Report) -> None:
    for text in texts(report):
        personnel_counts(report, text)
        _money(report, text)
        _shares(report, text)
        _parts(report, text)
        _projects(report, text)
        _support_ratio(report, text)
    _indicator_vacancy(report)


def _money(report: Report, text: Text) -> None:
    for quote in money_quotes(report, text.text):
        where = text.where
        if quote.millions:
            places = places_of(quote.value)
            expected = round_half_away(quote.expected / 1000, places)
            if expected == quote.value:
                continue
            report.error(
                "prose.millions",
                f"the text quotes ${quote.value} million {quote.referent}; the table prints "
                f"{format_amount(quote.expected)} thousand, which is ${expected} million",
                where.at(column=quote.referent), printed=quote.value, computed=expected)
        elif quote.percentage:
            report.compare_percentage(
                "prose.percentage",
                lambda: f"the text quotes {quote.value} per cent {quote.referent}",
                lambda: where.at(column=quote.referent), quote.value, quote.expected,
                quote.denominator or Decimal(0))
        elif quote.value != quote.expected:
            report.error(
                "prose.amount",
                f"the text quotes {format_amount(quote.value)} thousand {quote.referent}; the "
                f"table prints {format_amount(quote.expected)}",
                where.at(column=quote.referent), printed=quote.value, computed=quote.expected)


def _parts(report: Report, text: Text) -> None:
    if text.kind not in ("output", "remark", "actual", "indicator", "paragraph"):
        return
    for found in parts_totals(text.text, text.completed):
        if found.total == found.sum:
            continue
        report.error(
            "prose.parts-total",
            f"{found.describe()}: the parts add up to {found.sum:,}, the text gives a total of "
            f"{found.total:,}",
            text.where.at(column="total and parts"), printed=Decimal(found.total),
            computed=Decimal(found.sum))


_SHARE = re.compile(r"(?<![\d,.])(\d{1,3}(?:,\d{3})*) of (?:the )?(\d{1,3}(?:,\d{3})*)\b"
                    r"[^()]{0,80}?\((\d+(?:\.\d+)?) per cent\)")


def _shares(report: Report, text: Text) -> None:
    """``12 of the 16 outstanding recommendations (75 per cent)``: the share printed in
    the parenthesis is the first count over the second."""
    if "per cent)" not in text.text:
        return
    for match in _SHARE.finditer(text.text):
        part, whole = (Decimal(match.group(i).replace(",", "")) for i in (1, 2))
        if whole == 0 or part > whole:
            continue
        report.compare_percentage(
            "prose.percentage",
            lambda: f"the text gives {match.group(1)} of {match.group(2)} as {match.group(3)} "
            f"per cent",
            lambda: text.where.at(column="share"), Decimal(match.group(3)), part, whole,
            numerator_places=6, denominator_places=6)


_WORDS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
          "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12}
_PROJECTS = re.compile(r"\b(\d+|" + "|".join(_WORDS) + r")\s+quick-impact\s+projects\b",
                       re.IGNORECASE)


def _projects(report: Report, text: Text) -> None:
    document = report.document
    kind = "proposed" if document.kind is DocumentKind.BUDGET else "actual"
    qips = [q for q in document.quick_impact_projects
            if q.period == document.period and q.kind == kind and q.number_of_projects]
    if not qips or not text.own:
        return
    number = qips[0].number_of_projects
    if "quick-impact" not in text.text:
        return
    for match in _PROJECTS.finditer(text.text):
        word = match.group(1).lower()
        quoted = int(word) if word.isdigit() else _WORDS[word]
        if quoted != number:
            report.error("prose.project-count",
                         f"the text speaks of {match.group(0)}; the quick-impact projects "
                         f"table (line {qips[0].source_line}) counts {number}",
                         text.where.at(column="number_of_projects"), printed=Decimal(quoted),
                         computed=Decimal(number or 0))


_RATIO = re.compile(r"support ratio\b.*?\bin the (\d{4}/\d{2}) period is (\d+(?:\.\d+)?)",
                    re.IGNORECASE | re.DOTALL)


def _support_ratio(report: Report, text: Text) -> None:
    if "support ratio" not in text.text:
        return
    for match in _RATIO.finditer(text.text):
        period, quoted = match.group(1), Decimal(match.group(2))
        counts = support_and_total(report, period)
        if counts is None:
            continue
        ratio = derived.mission_support_ratio(*counts)
        if ratio is None or agrees_when_rounded(quoted, ratio):
            continue
        report.error("prose.support-ratio",
                     f"the mission support ratio for {period} is quoted as {quoted}; the "
                     f"human-resources table gives {counts[0]} support personnel out of "
                     f"{counts[1]}, i.e. {round(ratio, places_of(quoted))}",
                     text.where.at(column="mission support ratio"), printed=quoted,
                     computed=ratio)


def support_and_total(report: Report, period: str) -> tuple[int, int] | None:
    """Support component and mission total of the summary human-resources table for a
    period (approved or proposed strength, whichever the table prints for it)."""
    for table in report.document.staffing_tables:
        if table.component is not None:
            continue
        support = total = None
        for row in table.rows:
            if row.period is None or row.period.label != period:
                continue
            value = row.counts.get(StaffingColumn.TOTAL)
            if row.row_type is RowType.TOTAL:
                total = value
            elif row.office.strip().lower() == "support":
                support = value
        if support is not None and total:
            return support, total
    return None


_VACANT = re.compile(r"international\s+(?:civilian\s+)?posts\s+vacant", re.IGNORECASE)
_PERCENT_TEXT = re.compile(r"(\d+(?:\.\d+)?)\s*(?:per\s*cent|percent|%)", re.IGNORECASE)


def _indicator_vacancy(report: Report) -> None:
    """Support indicator 2.1.1, "average annual percentage of approved international posts
    vacant": a budget report prints the actual, approved and proposed vacancy factors of
    international staff; a performance report's actual indicator is the incumbency rate."""
    document = report.document
    factors = {(f.kind, f.period): f for f in document.vacancy_factors
               if f.category is PersonnelCategory.INTERNATIONAL_STAFF and f.rate is not None}
    incumbency = next((r for r in document.incumbency
                       if r.category is PersonnelCategory.INTERNATIONAL_STAFF), None)
    period = document.period
    expected_kind = {period.shifted(-2): VacancyKind.ACTUAL, period.previous: VacancyKind.APPROVED,
                     period: VacancyKind.PROPOSED}
    for component in document.components:
        for ea in component.expected_accomplishments:
            for indicator in ea.indicators:
                if not _VACANT.search(indicator.text):
                    continue
                where = Where(section="Results-based budgeting frameworks",
                              table=f"component {component.key}",
                              row=f"indicator {indicator.number}",
                              source_line=indicator.source_line)
                if document.kind is DocumentKind.BUDGET:
                    for value in indicator.values:
                        kind = expected_kind.get(value.period)
                        factor = factors.get((kind, value.period)) if kind else None
                        if factor is None or value.value is None or value.comparator:
                            continue
                        if factor.rate is not None and not agrees_when_rounded(
                                value.value, factor.rate):
                            report.error("prose.indicator-vacancy",
                                         f"indicator {indicator.number} gives {value.value} per "
                                         f"cent for {value.period}; the vacancy factors "
                                         f"(line {factor.source_line}) print {factor.rate}",
                                         where.at(column=value.period.label,
                                                  source_line=value.source_line
                                                  or indicator.source_line),
                                         printed=value.value, computed=factor.rate)
                elif indicator.actual and incumbency and incumbency.vacancy_rate is not None:
                    match = _PERCENT_TEXT.search(indicator.actual)
                    if match and not agrees_when_rounded(Decimal(match.group(1)),
                                                         incumbency.vacancy_rate):
                        report.error("prose.indicator-vacancy",
                                     f"indicator {indicator.number}: the actual indicator gives "
                                     f"{match.group(1)} per cent; the incumbency table "
                                     f"(line {incumbency.source_line}) prints "
                                     f"{incumbency.vacancy_rate}",
                                     where.at(column="actual"),
                                     printed=Decimal(match.group(1)),
                                     computed=incumbency.vacancy_rate)


