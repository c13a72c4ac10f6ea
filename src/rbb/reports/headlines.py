"""The headline paragraphs, built from the figures.

The summary's opening paragraphs and the actions of the General Assembly state
figures the engine derives from the tables: the proposed budget and its change
against the apportionment, the personnel it deploys, the expenditure and the
resource utilization rate, the unencumbered balance. Each :class:`Headline`
writes its sentence from those figures.

When the store also holds the published paragraph (it begins the same way), the
two are reconciled by their figures: if the published figures begin with the
regenerated ones, the published wording is kept (the engine confirms its
figures; any further clause, such as a comparison with a period the store does
not hold, is prose); otherwise the regenerated paragraph is printed and the
difference is reported.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

from rbb.engine import derived
from rbb.model import Document, MoneyTable, StaffingColumn, StaffingKind
from rbb.model.staffing import RowType

from . import figures
from .view import Paragraph

_FIGURE = re.compile(r"\d[\d,]*(?:\.\d+)?|(?<=section )[IVXL]+\b")


@dataclass(frozen=True, slots=True)
class Headline:
    opening: re.Pattern[str]
    """How the published paragraph it stands for begins."""
    text: str


def figures_in(text: str) -> list[str]:
    """The numbers a sentence states, in order, without their separators."""
    return [m.group().replace(",", "").rstrip(".") for m in _FIGURE.finditer(text)]


def reconcile(headline: Headline, published: Paragraph | None,
              report_difference: Callable[[str], None]) -> Paragraph:
    """The paragraph to print for a headline (see the module docstring)."""
    if published is None:
        return Paragraph(headline.text, generated=True)
    ours, theirs = figures_in(headline.text), figures_in(published.text)
    if theirs[:len(ours)] == ours:
        return published
    report_difference(
        f"The paragraph printed on line {published.source_line} states "
        f"{', '.join(theirs) or 'no figures'}; the stored tables give "
        f"{', '.join(ours)}. The report prints the sentence regenerated from the tables: "
        f"“{headline.text}”")
    return Paragraph(headline.text, number=published.number, letter=published.letter,
                     generated=True, source_line=published.source_line)


def _opening(text: str) -> re.Pattern[str]:
    return re.compile(r"^\s*" + text, re.IGNORECASE)


# --- figures the headlines state ---------------------------------------------------


def _main_table(document: Document) -> MoneyTable | None:
    return document.financial_table("financial_resources") or \
        document.financial_table("financial_resources_summary") or \
        (document.financial_tables[0] if document.financial_tables else None)


def gross_by_stage(document: Document) -> dict[str, Decimal]:
    """Gross requirements by column key (``cost_estimates_2025_26`` ...)."""
    table = _main_table(document)
    if table is None:
        return {}
    row = derived.rows_by_line(table).get(derived.GROSS)
    if row is None:
        return {}
    return {key: value for key, value in row.values.items() if value is not None}


def _gross_pair(document: Document) -> tuple[Decimal, Decimal] | None:
    """(minuend, subtrahend) of the gross requirements variance, in the report's
    convention: (cost estimates, apportionment) or (apportionment, expenditure)."""
    table = _main_table(document)
    if table is None:
        return None
    spec = derived.variance_columns(table, document.kind)
    row = derived.rows_by_line(table).get(derived.GROSS)
    if spec is None or row is None:
        return None
    high, low = row.values.get(spec.minuend.key), row.values.get(spec.subtrahend.key)
    return None if high is None or low is None else (high, low)


# --- budget report -------------------------------------------------------------------


def budget_headlines(document: Document) -> list[Headline]:
    pair = _gross_pair(document)
    out: list[Headline] = []
    mission = document.mission
    span = figures.period_span(document.period)
    if pair is not None:
        estimates, apportionment = pair
        out.append(Headline(
            _opening("The present report contains the budget"),
            f"The present report contains the budget for the {mission.name} ({mission.code}) "
            f"for the period from {span}, which amounts to {figures.dollars(estimates)}."))
        change = derived.budget_variance(estimates, apportionment)
        share = derived.variance_percentage(change, apportionment)
        direction = "an increase" if change >= 0 else "a decrease"
        by_share = f", or {figures.rate(abs(share))}" if share is not None else ""
        out.append(Headline(
            _opening("The proposed budget in the amount of"),
            f"The proposed budget in the amount of {figures.dollars(estimates)} represents "
            f"{direction} of {figures.dollars(abs(change))}{by_share}, compared with the "
            f"apportionment of {figures.dollars(apportionment)} for the "
            f"{document.period.previous.label} period."))
    deployment = _deployment(document)
    if deployment:
        out.append(Headline(_opening("The proposed budget provides for the deployment"),
                            f"The proposed budget provides for the deployment of "
                            f"{deployment}."))
    return out


_DEPLOYED: tuple[tuple[StaffingColumn, str], ...] = (
    (StaffingColumn.MILITARY_OBSERVERS, "military observers"),
    (StaffingColumn.MILITARY_CONTINGENTS, "military contingent personnel"),
    (StaffingColumn.UNITED_NATIONS_POLICE, "United Nations police officers"),
    (StaffingColumn.FORMED_POLICE_UNITS, "formed police personnel"),
    (StaffingColumn.INTERNATIONAL_STAFF, "international staff"),
    (StaffingColumn.NPO, "National Professional Officers"),
    (StaffingColumn.NGS, "national General Service staff"),
    (StaffingColumn.UNITED_NATIONS_VOLUNTEERS, "United Nations Volunteers"),
    (StaffingColumn.GENERAL_TEMPORARY_ASSISTANCE, "temporary positions"),
    (StaffingColumn.GOVERNMENT_PROVIDED_PERSONNEL, "government-provided personnel"),
)


def proposed_strength(document: Document) -> dict[StaffingColumn, int]:
    """Proposed personnel by category: the total row of the summary "Human resources"
    table for the budget period."""
    for table in document.staffing_tables:
        if table.component is not None:
            continue
        for row in table.rows:
            if row.row_type is RowType.TOTAL and row.kind is StaffingKind.PROPOSED:
                return {c: n for c, n in row.counts.items() if n is not None}
    return {}


def _deployment(document: Document) -> str:
    strength = proposed_strength(document)
    parts = [f"{figures.count(strength[c])} {label}" for c, label in _DEPLOYED
             if strength.get(c)]
    if not parts:
        return ""
    return parts[0] if len(parts) == 1 else f"{', '.join(parts[:-1])} and {parts[-1]}"


def budget_actions(document: Document) -> list[Headline]:
    """Section IV: the appropriation of the proposed gross requirements."""
    pair = _gross_pair(document)
    if pair is None:
        return []
    return [Headline(
        _opening("The action to be taken by the General Assembly in connection with the "
                 "financing"),
        f"The action to be taken by the General Assembly in connection with the financing of "
        f"the {document.mission.name} is the appropriation of the amount of "
        f"{figures.dollars(pair[0])} for the maintenance of the Mission for the 12-month "
        f"period from {figures.period_span(document.period)}.")]


# --- performance report -------------------------------------------------------------


def performance_headlines(document: Document,
                          previous: Document | None = None) -> list[Headline]:
    """Expenditure and the resource utilization rate, compared with the previous
    period when the store holds its performance report."""
    pair = _gross_pair(document)
    if pair is None:
        return []
    apportionment, expenditure = pair
    rate = derived.resource_utilization_rate(expenditure, apportionment)
    if rate is None:
        return []
    text = (f"{document.mission.code} incurred {figures.in_millions(expenditure)} in "
            f"expenditure for the reporting period, representing a resource utilization rate "
            f"of {figures.rate(rate)}")
    before = _gross_pair(previous) if previous is not None else None
    if previous is not None and before is not None:
        before_rate = derived.resource_utilization_rate(before[1], before[0])
        if before_rate is not None:
            text += (f", compared with {figures.in_millions(before[1])} in expenditure and a "
                     f"resource utilization rate of {figures.rate(before_rate)} in the "
                     f"{previous.period.label} period")
    return [Headline(_opening(r"\S+ incurred \$"), text + ".")]


def performance_actions(document: Document) -> list[Headline]:
    """Section V: the unencumbered balance and other revenue to be decided on."""
    out: list[Headline] = []
    pair = _gross_pair(document)
    span = figures.period_span(document.period)
    if pair is not None:
        balance = derived.unencumbered_balance(*pair)
        out.append(Headline(
            _opening("To decide on the treatment of the unencumbered balance"),
            f"To decide on the treatment of the unencumbered balance of "
            f"{figures.dollars(balance)} with respect to the period from {span};"))
    total = next((r.amount for r in document.other_revenue
                  if r.row_type is RowType.TOTAL or r.label.lower() == "total"), None)
    if total is not None:
        out.append(Headline(
            _opening("To decide on the treatment of other revenue"),
            f"To decide on the treatment of other revenue for the period ended "
            f"{figures.long_date(document.period.end)} amounting to "
            f"{figures.dollars(total)}."))
    return out


def actions_pointer(numeral: str) -> Headline:
    """The summary's last sentence: where the actions of the Assembly are."""
    return Headline(_opening("The actions to be taken by the General Assembly are set out"),
                    f"The actions to be taken by the General Assembly are set out in section "
                    f"{numeral} of the present report.")
