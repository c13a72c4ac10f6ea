"""Figures quoted in the prose against the tables they come from.

The Summary, the numbered paragraphs, the outputs and their remarks, the indicators
and the follow-up tables quote amounts (in full or in millions), percentages, totals
with their parts, the number of quick-impact projects, the mission support ratio and
vacancy rates (personnel counts are ``personnel_counts``'s). Each is read where its
wording names what it quotes, and compared with the table figure rounded the way the
text rounds it (half away from zero); wording rbb cannot tie to a table figure is
left alone.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from decimal import Decimal

from rbb.model import Document, DocumentKind, Finding, PersonnelCategory, VacancyKind
from rbb.model.staffing import RowType, StaffingColumn
from rbb.presentation import format_amount, places_of, round_half_away

from .. import derived
from .comparison import Where, agrees_when_rounded, compare_percentage, error
from .money_quotes import MoneyQuote, money_quotes
from .prose_texts import Text, prose_texts
from .quoted_parts import parts_totals
from .shared_readings import once_per_document


@once_per_document
def _quoted_money(document: Document) -> tuple[tuple[Text, tuple[MoneyQuote, ...]], ...]:
    """Each piece of prose with the money it quotes (read once for the three checks of
    money)."""
    return tuple((text, tuple(money_quotes(document, text.text)))
                 for text in prose_texts(document))


def check_amounts(document: Document) -> Iterator[Finding]:
    for text, quotes in _quoted_money(document):
        for quote in quotes:
            if quote.millions or quote.percentage or quote.value == quote.expected:
                continue
            yield error(
                "prose.amount",
                f"the text quotes {format_amount(quote.value)} thousand {quote.referent}; the "
                f"table prints {format_amount(quote.expected)}",
                text.where.at(column=quote.referent), printed=quote.value,
                computed=quote.expected)


def check_millions(document: Document) -> Iterator[Finding]:
    for text, quotes in _quoted_money(document):
        for quote in quotes:
            if not quote.millions:
                continue
            expected = round_half_away(quote.expected / 1000, places_of(quote.value))
            if expected == quote.value:
                continue
            yield error(
                "prose.millions",
                f"the text quotes ${quote.value} million {quote.referent}; the table prints "
                f"{format_amount(quote.expected)} thousand, which is ${expected} million",
                text.where.at(column=quote.referent), printed=quote.value, computed=expected)


def check_percentages(document: Document) -> Iterator[Finding]:
    """A percentage beside an amount, a utilization rate, and a share of a count."""
    for text, quotes in _quoted_money(document):
        for quote in quotes:
            if quote.percentage and not quote.millions:
                yield from compare_percentage(
                    "prose.percentage", text.where.at(column=quote.referent), quote.value,
                    quote.expected, quote.denominator or Decimal(0),
                    "the text quotes {value} per cent {referent}", value=quote.value,
                    referent=quote.referent)
        yield from _shares(text)


def check_parts_totals(document: Document) -> Iterator[Finding]:
    for text in prose_texts(document):
        if text.kind not in ("output", "remark", "actual", "indicator", "paragraph"):
            continue
        for found in parts_totals(text.text, text.completed):
            if found.total == found.sum:
                continue
            yield error(
                "prose.parts-total",
                f"{found.describe()}: the parts add up to {found.sum:,}, the text gives a "
                f"total of {found.total:,}",
                text.where.at(column="total and parts"), printed=Decimal(found.total),
                computed=Decimal(found.sum))


_SHARE = re.compile(r"(?<![\d,.])(\d{1,3}(?:,\d{3})*) of (?:the )?(\d{1,3}(?:,\d{3})*)\b"
                    r"[^()]{0,80}?\((\d+(?:\.\d+)?) per cent\)")


def _shares(text: Text) -> Iterator[Finding]:
    """``12 of the 16 outstanding recommendations (75 per cent)``: the share printed in
    the parenthesis is the first count over the second."""
    if "per cent)" not in text.text:
        return
    for match in _SHARE.finditer(text.text):
        part, whole = (Decimal(match.group(i).replace(",", "")) for i in (1, 2))
        if whole == 0 or part > whole:
            continue
        yield from compare_percentage(
            "prose.percentage", text.where.at(column="share"), Decimal(match.group(3)), part,
            whole, "the text gives {part} of {whole} as {share} per cent",
            numerator_places=6, denominator_places=6, part=match.group(1),
            whole=match.group(2), share=match.group(3))


_WORDS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
          "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12}
_PROJECTS = re.compile(r"\b(\d+|" + "|".join(_WORDS) + r")\s+quick-impact\s+projects\b",
                       re.IGNORECASE)


def check_project_counts(document: Document) -> Iterator[Finding]:
    kind = "proposed" if document.kind is DocumentKind.BUDGET else "actual"
    qips = [q for q in document.quick_impact_projects
            if q.period == document.period and q.kind == kind and q.number_of_projects]
    if not qips:
        return
    for text in prose_texts(document):
        if text.own and "quick-impact" in text.text:
            yield from _projects(text, qips[0].number_of_projects, qips[0].source_line)


def _projects(text: Text, number: int | None, line: int | None) -> Iterator[Finding]:
    for match in _PROJECTS.finditer(text.text):
        word = match.group(1).lower()
        quoted = int(word) if word.isdigit() else _WORDS[word]
        if quoted != number:
            yield error("prose.project-count",
                        f"the text speaks of {match.group(0)}; the quick-impact projects "
                        f"table (line {line}) counts {number}",
                        text.where.at(column="number_of_projects"), printed=Decimal(quoted),
                        computed=Decimal(number or 0))


_RATIO = re.compile(r"support ratio\b.*?\bin the (\d{4}/\d{2}) period is (\d+(?:\.\d+)?)",
                    re.IGNORECASE | re.DOTALL)


def check_support_ratios(document: Document) -> Iterator[Finding]:
    for text in prose_texts(document):
        if "support ratio" in text.text:
            yield from _support_ratio(document, text)


def _support_ratio(document: Document, text: Text) -> Iterator[Finding]:
    for match in _RATIO.finditer(text.text):
        period, quoted = match.group(1), Decimal(match.group(2))
        counts = support_and_total(document, period)
        if counts is None:
            continue
        ratio = derived.mission_support_ratio(*counts)
        if ratio is None or agrees_when_rounded(quoted, ratio):
            continue
        yield error("prose.support-ratio",
                    f"the mission support ratio for {period} is quoted as {quoted}; the "
                    f"human-resources table gives {counts[0]} support personnel out of "
                    f"{counts[1]}, i.e. {round(ratio, places_of(quoted))}",
                    text.where.at(column="mission support ratio"), printed=quoted,
                    computed=ratio)


def support_and_total(document: Document, period: str) -> tuple[int, int] | None:
    """Support component and mission total of the summary human-resources table for a
    period (approved or proposed strength, whichever the table prints for it)."""
    for table in document.staffing_tables:
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


def check_indicator_vacancy(document: Document) -> Iterator[Finding]:
    """Support indicator 2.1.1, "average annual percentage of approved international posts
    vacant": a budget report prints the actual, approved and proposed vacancy factors of
    international staff; a performance report's actual indicator is the incumbency rate."""
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
                where = Where.of(document, section="Results-based budgeting frameworks",
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
                            yield error("prose.indicator-vacancy",
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
                        yield error("prose.indicator-vacancy",
                                     f"indicator {indicator.number}: the actual indicator gives "
                                     f"{match.group(1)} per cent; the incumbency table "
                                     f"(line {incumbency.source_line}) prints "
                                     f"{incumbency.vacancy_rate}",
                                     where.at(column="actual"),
                                     printed=Decimal(match.group(1)),
                                     computed=incumbency.vacancy_rate)
