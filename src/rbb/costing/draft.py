"""Drafting the next budget: a proposed budget document for period P+1 from the drivers.

The frameworks and staffing of the P budget are carried forward for editing;
the cost estimates come from the drivers (carried from P, with a scenario's
edits); the apportionment column holds the latest stored figures for P and
says so when they are not yet the apportionment; the variance columns are
computed; and the analysis of variances is drafted from the attribution
(:mod:`.narrative`). The result is an ordinary :class:`Document` with
``draft=True``, so ``rbb check`` and ``rbb report`` treat it like any other.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from typing import Protocol, cast

from rbb.engine.derived import crosses_variance_threshold
from rbb.model import (
    ColumnRole,
    Document,
    MoneyColumn,
    MoneyRow,
    MoneyTable,
    Period,
    RowType,
    Stage,
    VacancyFactor,
    VacancyKind,
)
from rbb.model.classes import BY_CODE, GROUPS
from rbb.model.errors import InputError
from rbb.model.money import column_key
from rbb.model.staffing import PersonnelCategory
from rbb.model.tables import (
    ComponentCost,
    GeneralAssemblyAction,
    Paragraph,
    VarianceExplanation,
)
from rbb.presentation import format_dollars, round_half_away

from .attribution import Attribution, attribute
from .catalogue import UNIFORMED
from .costs import GROSS, SUMMARY, TOTAL, PeriodCost, cost_class, cost_period, default_lines
from .drivers import DriverKind, DriverSet, Provenance, ProvenanceKind
from .exact import largest_remainder
from .framework_forward import Quoted, carry_frameworks
from .inputs import PeriodInputs, gather
from .narrative import Context, explain
from .scenarios import Edit, apply_edits
from .staffing_forward import carry_forward, post_deltas

HUNDRED = Decimal(100)
CIVILIAN = "civilian_personnel"
CIVILIAN_STRENGTH = ("international_staff", "national_professional_officers",
                     "national_general_service_staff", "united_nations_volunteers")
"""What "N approved civilian personnel" counts in the support outputs."""
STAGE_WORDS = {Stage.APPORTIONMENT: "apportionment", Stage.APPROPRIATION: "appropriation",
               Stage.ACABQ_RECOMMENDED: "amounts recommended by the Advisory Committee",
               Stage.COST_ESTIMATES: "cost estimates", Stage.EXPENDITURE: "expenditure"}


class Dated(Protocol):
    """What every kind of driver has: a period and a provenance."""

    period: Period
    provenance: Provenance


@dataclass(frozen=True, slots=True)
class ColumnFigures:
    """The latest stored figures of one period, for a column the drivers do not give."""

    stage: Stage
    period: Period
    values: Mapping[str, Decimal]
    reference: str


@dataclass(frozen=True, slots=True)
class Draft:
    document: Document
    drivers: DriverSet
    attribution: Attribution
    notes: tuple[str, ...]


def carry(drivers: DriverSet, target: Period) -> DriverSet:
    """The drivers of ``drivers.period`` copied to ``target`` and marked as carried; the
    set then runs from the proposal it came from to the new period."""
    source = drivers.period
    update: dict[str, object] = {"period": target, "base_period": source}
    for kind in DriverKind:
        kept = [r for r in drivers.of_kind(kind) if cast(Dated, r).period == source]
        copies = [r.model_copy(update={"period": target, "provenance": Provenance(
            kind=ProvenanceKind.CARRIED, reference=cast(Dated, r).provenance.describe(),
            note=f"carried from {source}")}) for r in kept]
        update[kind.value] = (*kept, *copies)
    return drivers.model_copy(update=update)


def draft_budget(source: Document, drivers: DriverSet, target: Period, *,
                 edits: Sequence[Edit] = (), scenario: str | None = None,
                 apportionment: ColumnFigures | None = None,
                 expenditure: ColumnFigures | None = None) -> Draft:
    """The proposed budget for ``target`` (the period after ``source``)."""
    if target != source.period.next:
        raise InputError(f"a draft follows its source: {source.key} drafts "
                         f"{source.period.next}, not {target}")
    carried = apply_edits(carry(drivers, target), edits, period=target,
                          author=f"scenario {scenario}" if scenario else "draft")
    lines = default_lines(carried)
    before, after = gather(carried, source.period, lines), gather(carried, target, lines)
    cost = cost_period(after)
    base = apportionment or ColumnFigures(
        Stage.COST_ESTIMATES, source.period, cost_period(before).lines,
        str(source.key))
    table = _financial_table(cost, base, expenditure, source.period)
    variances = {row.line: (row.values["variance_amount"] or Decimal(0), None)
                 for row in table.rows if row.row_type is RowType.ITEM}
    attribution = attribute(before, after, printed_variances=variances,
                            before_label=f"{source.period} ({STAGE_WORDS[base.stage]})",
                            after_label=f"{target} (draft)")
    notes = _notes(source, base, expenditure, scenario, edits)
    document = Document(
        kind=source.kind, mission=source.mission, period=target, draft=True,
        title=f"Budget for the {source.mission.name} for the period from "
              f"1 July {target.start_year} to 30 June {target.start_year + 1} (draft)",
        financial_tables=(_summary_table(table), table),
        staffing_tables=carry_forward(source.staffing_tables, source.period, target,
                                      post_deltas(carried.posts, source.period, target),
                                      {p.office: p.component or "" for p in carried.posts}),
        civilian_cost_estimates=_component_costs(
            source, carried, target,
            cost.amount(CIVILIAN) - cost_period(before).amount(CIVILIAN)),
        vacancy_factors=_vacancy_factors(source, carried, target),
        components=carry_frameworks(source.components, target, _quoted(carried, target, cost)),
        variance_explanations=_explanations(table, attribution, before, after, base),
        general_assembly_actions=(_appropriation(source, target, cost.amount(TOTAL)),),
        paragraphs=tuple(Paragraph(section="Draft", number=None, text=note) for note in notes),
    )
    return Draft(document=document, drivers=carried, attribution=attribution, notes=notes)


def _financial_table(cost: PeriodCost, base: ColumnFigures, expenditure: ColumnFigures | None,
                     source_period: Period) -> MoneyTable:
    flag = "" if base.stage is Stage.APPORTIONMENT else \
        f", latest stored: {STAGE_WORDS[base.stage]}"
    spent = source_period.previous
    columns = (
        MoneyColumn(key=column_key(Stage.EXPENDITURE, spent), label=f"Expenditure ({spent})",
                    role=ColumnRole.AMOUNT, stage=Stage.EXPENDITURE, period=spent),
        MoneyColumn(key=column_key(Stage.APPORTIONMENT, base.period),
                    label=f"Apportionment ({base.period}{flag})", role=ColumnRole.AMOUNT,
                    stage=Stage.APPORTIONMENT, period=base.period),
        MoneyColumn(key=column_key(Stage.COST_ESTIMATES, cost.period),
                    label=f"Cost estimates ({cost.period})", role=ColumnRole.AMOUNT,
                    stage=Stage.COST_ESTIMATES, period=cost.period),
        MoneyColumn(key="variance_amount", label="Variance: Amount",
                    role=ColumnRole.VARIANCE_AMOUNT),
        MoneyColumn(key="variance_percentage", label="Variance: Percentage",
                    role=ColumnRole.VARIANCE_PERCENTAGE),
    )
    rows = []
    for group in GROUPS:
        for line in (c for c in cost.classes if BY_CODE[c].group == group.code):
            rows.append(_row(line, BY_CODE[line].label, RowType.ITEM, cost, base, expenditure,
                             columns))
        rows.append(_row(group.code, "Subtotal", RowType.SUBTOTAL, cost, base, expenditure,
                         columns))
    for line in SUMMARY:
        kind = RowType.ITEM if line in ("staff_assessment_income",
                                        "voluntary_contributions_in_kind_budgeted") \
            else RowType.TOTAL
        rows.append(_row(line, BY_CODE[line].label, kind, cost, base, expenditure, columns))
    return MoneyTable(key="financial_resources", title="Financial resources", columns=columns,
                      rows=tuple(rows))


def _row(line: str, label: str, row_type: RowType, cost: PeriodCost, base: ColumnFigures,
         expenditure: ColumnFigures | None, columns: tuple[MoneyColumn, ...]) -> MoneyRow:
    estimate = cost.amount(line)
    apportioned = base.values.get(line)
    values: dict[str, Decimal | None] = {
        columns[0].key: expenditure.values.get(line) if expenditure else None,
        columns[1].key: apportioned,
        columns[2].key: estimate,
    }
    if apportioned is not None:
        variance = estimate - apportioned
        values["variance_amount"] = variance
        values["variance_percentage"] = _percentage(variance, apportioned)
    return MoneyRow(line=line, label=label, row_type=row_type, values=values)


def _percentage(variance: Decimal, base: Decimal) -> Decimal:
    """Column (5) = (4) ÷ (2); the reports print 100.0 for a new provision on a nil base."""
    if base == 0:
        return Decimal("100.0") if variance > 0 else Decimal("-100.0") if variance < 0 \
            else Decimal("0.0")
    return round_half_away(variance * HUNDRED / base, 1)


def _summary_table(table: MoneyTable) -> MoneyTable:
    keep = {g.code for g in GROUPS} | set(SUMMARY)
    rows = tuple(r.model_copy(update={"label": BY_CODE[r.line].label})
                 for r in table.rows if r.line in keep)
    return table.model_copy(update={"key": "financial_resources_summary", "rows": rows})


def _explanations(table: MoneyTable, attribution: Attribution, before: PeriodInputs,
                  after: PeriodInputs, base: ColumnFigures) -> tuple[VarianceExplanation, ...]:
    words = "the approved budget" if base.stage is Stage.APPORTIONMENT else \
        "the proposed budget"
    explanations = []
    number = 1
    for row in table.rows:
        if row.row_type is not RowType.ITEM or row.line not in after.classes:
            continue
        amount, percentage = row.values.get("variance_amount"), \
            row.values.get("variance_percentage")
        if not amount or not crosses_variance_threshold(amount, percentage):
            continue
        context = Context(before=before.classes[row.line], after=after.classes[row.line],
                          base_label=f"{words} for the {base.period} period")
        explanation = explain(attribution.of(row.line), context, percentage, number)
        number += len(explanation.paragraphs)
        explanations.append(explanation)
    return tuple(explanations)


def _component_costs(source: Document, drivers: DriverSet, target: Period,
                     change: Decimal) -> tuple[ComponentCost, ...]:
    """Estimated civilian personnel cost of each component: last year's proposal, moved
    by what the drivers of its own posts change. The rounded amounts move together by
    ``change``, the printed change of the civilian personnel group (largest remainder), so
    what no component carries stays what it was."""
    printed = [c for c in source.civilian_cost_estimates
               if c.period == source.period and c.kind == "proposed"]
    exact = []
    for cost in printed:
        own = drivers.model_copy(update={"posts": tuple(
            p for p in drivers.posts if p.component == cost.component)})
        moved = _civilian(own, target) - _civilian(own, source.period)
        exact.append(Fraction(cost.amount) + moved)
    total = sum((c.amount for c in printed), Decimal(0)) + change
    amounts = largest_remainder(exact, total) if printed else []
    costs = []
    for cost, amount in zip(printed, amounts, strict=True):
        costs.append(cost.model_copy(update={"kind": "approved", "source_line": None}))
        costs.append(ComponentCost(component=cost.component, kind="proposed", period=target,
                                   amount=amount))
    return tuple(costs)


def _civilian(drivers: DriverSet, period: Period) -> Fraction:
    lines = [line for line in default_lines(drivers)
             if BY_CODE[line].group == "civilian_personnel"]
    inputs = gather(drivers, period, lines)
    return sum((cost_class(inputs.classes[line]).exact for line in lines
                if inputs.classes[line].posts), Fraction(0))


def _vacancy_factors(source: Document, drivers: DriverSet,
                     target: Period) -> tuple[VacancyFactor, ...]:
    """Actual rates carried as printed, last year's proposal as approved, the drivers'
    rates as proposed."""
    kept = [f.model_copy(update={"source_line": None}) for f in source.vacancy_factors
            if f.kind is VacancyKind.ACTUAL and f.period >= source.period.shifted(-3)]
    approved = [f.model_copy(update={"kind": VacancyKind.APPROVED, "source_line": None})
                for f in source.vacancy_factors
                if f.kind is VacancyKind.PROPOSED and f.period == source.period]
    proposed = []
    categories = {c.value for c in PersonnelCategory}
    for rate in drivers.vacancy_factors:
        if rate.period == target and rate.category in categories:
            proposed.append(VacancyFactor(category=PersonnelCategory(rate.category),
                                          period=target, kind=VacancyKind.PROPOSED,
                                          rate=rate.rate))
    return tuple(kept + approved + proposed)


def _quoted(drivers: DriverSet, target: Period, cost: PeriodCost) -> Quoted:
    posts: dict[str, int] = {}
    for post in drivers.posts:
        if post.period == target:
            posts[post.line] = posts.get(post.line, 0) + post.count
    rate = next((r.rate for r in drivers.vacancy_factors
                 if r.period == target and r.category == "international_staff"), None)
    return Quoted(
        civilian=sum(posts.get(line, 0) for line in CIVILIAN_STRENGTH),
        uniformed=sum(posts.get(line, 0) for line in UNIFORMED),
        budget=cost.amount(GROSS), international_vacancy=rate)


def _appropriation(source: Document, target: Period, total: Decimal) -> GeneralAssemblyAction:
    return GeneralAssemblyAction(
        text=f"The action to be taken by the General Assembly in connection with the financing "
             f"of the {source.mission.name} is the appropriation of the amount of "
             f"{format_dollars(total)} for the maintenance of the Mission for the 12-month "
             f"period from 1 July {target.start_year} to 30 June {target.start_year + 1}.",
        amounts=(total,))


def _notes(source: Document, base: ColumnFigures, expenditure: ColumnFigures | None,
           scenario: str | None, edits: Sequence[Edit]) -> tuple[str, ...]:
    notes = [f"Draft prepared by rbb from the cost drivers of {source.key}"
             + (f" with scenario {scenario} ({', '.join(str(e) for e in edits)})"
                if scenario else "") + "; drivers not changed are carried forward unchanged."]
    if base.stage is not Stage.APPORTIONMENT:
        notes.append(f"The apportionment column for {base.period} holds the latest stored "
                     f"figures, the {STAGE_WORDS[base.stage]} of {base.reference}, pending the "
                     "apportionment.")
    else:
        notes.append(f"The apportionment column for {base.period} is taken from "
                     f"{base.reference}.")
    if expenditure is None:
        notes.append(f"No expenditure for {source.period.previous} is stored; its column is "
                     "left blank (n/a) until the performance report is imported.")
    return tuple(notes)
