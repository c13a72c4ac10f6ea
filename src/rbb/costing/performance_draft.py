"""Drafting the performance report of a period from its ledger (``rbb draft-performance``).

The apportionment column comes from a stored document of the period (the budget of the
next period prints it; failing that the period's own budget, whose cost estimates stand
in for it and are said to; failing that a stored performance report's own column); the
expenditure column is the ledger's, class by class (:class:`ClassMonth`, dollars →
thousands once, :func:`dollars_to_thousands`); the variance columns are computed as the
reports compute them (apportionment less expenditure, over the apportionment); the
analysis of variances is drafted from the months and the accounts that carried them
(:class:`AccountMonth`, :mod:`.performance_narrative`); the
monthly expenditure pattern, the redeployments across groups and the results
framework's actuals complete it. The result is an ordinary :class:`Document` with
``draft=True``, so ``rbb check`` and ``rbb report`` treat it like any other.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

from rbb.engine.derived import crosses_variance_threshold, rows_by_line
from rbb.engine.redeployments import redeployment_table
from rbb.model import (
    ColumnRole,
    Document,
    DocumentKind,
    MoneyColumn,
    MoneyRow,
    MoneyTable,
    Period,
    RowType,
    Stage,
)
from rbb.model.classes import BY_CODE, CLASSES, GROUPS, LineKind
from rbb.model.errors import InputError
from rbb.model.execution import Redeployment as RecordedRedeployment
from rbb.model.frameworks import Component
from rbb.model.ledger import AccountMonth, ClassMonth
from rbb.model.money import column_key
from rbb.model.tables import (
    MonthlyExpenditure,
    Paragraph,
    Redeployment,
    Redeployments,
    VarianceExplanation,
)
from rbb.presentation import round_half_away

from .exact import largest_remainder
from .performance_narrative import AccountKey, ClassYear, explain_class
from .redeployment_narrative import explain_redeployments

HUNDRED = Decimal(100)
THOUSAND = Decimal(1000)
TENTH = Decimal("0.1")
GROSS, STAFF_ASSESSMENT, NET = "gross_requirements", "staff_assessment_income", \
    "net_requirements"
VOLUNTARY, TOTAL = "voluntary_contributions_in_kind_budgeted", "total_requirements"
REDEPLOYMENT_SECTION = "III.B"
"""The section of "Summary information on redeployments across groups" in a performance
report, where the importer puts the paragraph printed under the table."""
OUTSIDE_GROSS = (STAFF_ASSESSMENT, VOLUNTARY)
"""Summary lines a ledger may post to (staff assessment is a commitment item of its own);
they are not part of gross expenditure."""


@dataclass(frozen=True, slots=True)
class Apportionment:
    """The period's apportionment by financial line (thousands) and where it was read."""

    values: Mapping[str, Decimal]
    note: str


@dataclass(frozen=True, slots=True)
class Actual:
    """What the results tracker records against one indicator or output: ``reference``
    is the indicator's number (``1.1.1``) or the output's text as the framework prints
    it; ``text`` the actual indicator of achievement or the completed entry."""

    reference: str
    text: str
    completed_quantity: Decimal | None = None
    remarks: str | None = None


def dollars_to_thousands(dollars: Decimal) -> Decimal:
    """The ledger's dollars as the report prints them: thousands, one decimal. A sum that
    is a multiple of $100 divides exactly (``279 700.00`` → ``279.7``); any other is
    rounded half away from zero (``279 750.00`` → ``279.8``, ``-50.00`` → ``-0.1``)."""
    thousands = dollars / THOUSAND
    if dollars % 100 == 0:
        return thousands.quantize(TENTH)
    return round_half_away(thousands, 1)


def apportionment_of(document: Document, period: Period) -> Apportionment:
    """The apportionment of ``period`` as ``document`` prints it: an apportionment column
    of that period in its detailed financial table, else (a budget of the period, before
    the apportionment is stored) its cost estimates, said so in the note."""
    tables = [t for t in document.financial_tables
              if any(BY_CODE.get(r.line) is not None and BY_CODE[r.line].kind is LineKind.CLASS
                     for r in t.rows)]
    for stage in (Stage.APPORTIONMENT, Stage.COST_ESTIMATES):
        for table in sorted(tables, key=lambda t: -len(t.rows)):
            column = next((c for c in table.amount_columns()
                           if c.stage is stage and c.period == period), None)
            if column is None:
                continue
            values = {line: value for line, row in rows_by_line(table).items()
                      if (value := row.values.get(column.key)) is not None}
            where = f"{document.symbol or document.key}, {column.label}"
            if stage is Stage.APPORTIONMENT:
                note = f"The apportionment column is taken from {where}."
            else:
                note = (f"No apportionment of {period} is stored: the apportionment column "
                        f"holds the cost estimates of {where}, pending the apportionment.")
            return Apportionment(values=values, note=note)
    raise InputError(f"{document.key} prints no apportionment (nor cost estimates) of "
                     f"{period}: the performance report is drafted against one")


def months_of(period: Period) -> list[dt.date]:
    """The first day of every month of the period."""
    out, day = [], period.start.replace(day=1)
    while day <= period.end:
        out.append(day)
        day = (day + dt.timedelta(days=32)).replace(day=1)
    return out


def draft_performance(base: Document, months: Sequence[ClassMonth], *,
                      period: Period | None = None,
                      redeployments: Sequence[Redeployment] = (),
                      recorded: Sequence[RecordedRedeployment] | None = None,
                      actuals: Sequence[Actual] = (),
                      framework: Sequence[Component] | None = None,
                      accounts: Sequence[AccountMonth] = ()) -> Document:
    """The draft performance report of ``period`` (``base.period`` unless given):
    ``base`` is the stored document that prints the period's apportionment
    (:func:`apportionment_of`); ``months`` the ledger's class months of the period;
    ``redeployments`` the amount moved into (+) or out of (−) each group, thousands;
    ``recorded`` (instead) the redeployments the mission recorded, which give both the
    table and the paragraph under it (:func:`explain_redeployments`; none recorded is
    "funds were not redeployed across groups");
    ``framework`` the components the period was budgeted with (the budget of the
    period's), their actuals from ``actuals``; by default ``base``'s when it is of the
    period (the framework of a later budget is not the period's); ``accounts`` the
    ledger's account months, which let the explanations name the accounts that carried
    the months they cite (none: the explanations name months only)."""
    period = period or base.period
    if framework is None:
        framework = base.components if base.period == period else ()
    apportionment = apportionment_of(base, period)
    calendar = months_of(period)
    ledger = _by_line(months, period, calendar, apportionment.values)
    spread = _accounts_by_line(accounts, period, calendar, apportionment.values)
    columns = _columns(period)
    detail, years = _detail_table(apportionment.values, ledger, columns, calendar, spread)
    notes = [f"Draft prepared by rbb from the ledger of {base.mission.code} for {period} "
             f"({len(months)} class months) against the apportionment of {period}.",
             apportionment.note,
             "The expenditure column is the ledger's obligations plus adjustments of each "
             "class, in thousands of dollars rounded half away from zero; subtotals and "
             "totals add up the rounded classes.",
             "The analysis of variances states when the money moved (the months against an "
             "even monthly share of the apportionment)"
             + (" and under which accounts" if accounts else "")
             + "; the causes are the mission's to add."]
    if STAFF_ASSESSMENT not in ledger:
        notes.append("The ledger holds no staff assessment: its expenditure and the net "
                     "requirements are left blank (n/a).")
    rows = rows_by_line(detail)
    gross = rows[GROSS].values[columns[1].key] or Decimal(0)
    paragraphs = [Paragraph(section="Draft", text=note) for note in notes]
    if recorded is not None:
        if redeployments:
            raise ValueError("give the redeployments by group or those recorded, not both")
        # Thousands to one decimal as printed, still netting to zero (largest remainder).
        moved = [row for row in redeployment_table(recorded, None).rows
                 if row.row_type is not RowType.TOTAL]
        printed = largest_remainder([Fraction(row.redeployment or 0) for row in moved],
                                    Decimal(0))
        redeployments = [row.model_copy(update={"redeployment": value})
                         for row, value in zip(moved, printed, strict=True)]
        # Where the importer puts it: the section of the table (A/77/589, para. 47).
        paragraphs.append(Paragraph(section=REDEPLOYMENT_SECTION,
                                    text=explain_redeployments(base.mission.code, recorded)))
    document = Document(
        kind=DocumentKind.PERFORMANCE, mission=base.mission, period=period, draft=True,
        title=f"Budget performance of the {base.mission.name} for the period from "
              f"{period.stated} (draft)",
        financial_tables=(_summary_table(detail), detail),
        monthly_expenditure=_monthly(ledger, calendar, gross),
        redeployments=_redeployments(redeployments, rows, columns[0].key),
        variance_explanations=_explanations(detail, years),
        components=tuple(_with_actuals(c, actuals) for c in framework),
        paragraphs=tuple(paragraphs),
    )
    return document


def _by_line(months: Sequence[ClassMonth], period: Period, calendar: list[dt.date],
             printed: Mapping[str, Decimal]) -> dict[str, dict[dt.date, list[ClassMonth]]]:
    """The class months by the line the report prints them under: a part of national
    staff goes to the whole unless the apportionment prints the part."""
    out: dict[str, dict[dt.date, list[ClassMonth]]] = defaultdict(lambda: defaultdict(list))
    for month in months:
        out[_line_of(month.class_code, month.month, period, calendar, printed)][
            month.month].append(month)
    return out


def _accounts_by_line(accounts: Sequence[AccountMonth], period: Period,
                      calendar: list[dt.date], printed: Mapping[str, Decimal],
                      ) -> dict[str, dict[dt.date, dict[AccountKey, Decimal]]]:
    """The account months by the line and month their class months go to
    (:func:`_by_line`), as each account's expenditure (dollars)."""
    out: dict[str, dict[dt.date, dict[AccountKey, Decimal]]] = defaultdict(
        lambda: defaultdict(lambda: defaultdict(Decimal)))
    for entry in accounts:
        line = _line_of(entry.class_code, entry.month, period, calendar, printed)
        out[line][entry.month][AccountKey(entry.account, entry.label)] += entry.expenditure
    return out


def _line_of(code: str, month: dt.date, period: Period, calendar: list[dt.date],
             printed: Mapping[str, Decimal]) -> str:
    """The line a class's postings are printed under: a part of national staff goes to
    the whole unless the apportionment prints the part."""
    entry = BY_CODE.get(code)
    if entry is None or (entry.kind is not LineKind.CLASS and code not in OUTSIDE_GROSS):
        raise InputError(f"ledger month {code} {month:%Y-%m}: {code!r} is not a class of "
                         "expenditure (expected one of rbb.model.classes, or "
                         "staff_assessment_income)")
    if month not in calendar:
        raise InputError(f"ledger month {code} {month:%Y-%m}: not the first day of a month "
                         f"of {period} ({period.stated})")
    if entry.parent is not None and code not in printed:
        return entry.parent
    return code


def _columns(period: Period) -> tuple[MoneyColumn, ...]:
    return (
        MoneyColumn(key=column_key(Stage.APPORTIONMENT, period),
                    label=f"Apportionment ({period})", role=ColumnRole.AMOUNT,
                    stage=Stage.APPORTIONMENT, period=period),
        MoneyColumn(key=column_key(Stage.EXPENDITURE, period), label=f"Expenditure ({period})",
                    role=ColumnRole.AMOUNT, stage=Stage.EXPENDITURE, period=period),
        MoneyColumn(key="variance_amount", label="Variance: amount",
                    role=ColumnRole.VARIANCE_AMOUNT),
        MoneyColumn(key="variance_percentage", label="Variance: percentage",
                    role=ColumnRole.VARIANCE_PERCENTAGE),
    )


def _spent(entries: Mapping[dt.date, list[ClassMonth]]) -> Decimal:
    return sum((m.expenditure for ms in entries.values() for m in ms), Decimal(0))


def _detail_table(printed: Mapping[str, Decimal],
                  ledger: Mapping[str, Mapping[dt.date, list[ClassMonth]]],
                  columns: tuple[MoneyColumn, ...], calendar: list[dt.date],
                  spread: Mapping[str, Mapping[dt.date, Mapping[AccountKey, Decimal]]],
                  ) -> tuple[MoneyTable, dict[str, ClassYear]]:
    """The financial resources table and each class's year (for its explanation)."""
    shown = set(printed) | set(ledger)
    rows: list[MoneyRow] = []
    years: dict[str, ClassYear] = {}
    group_figures: dict[str, tuple[Decimal, Decimal]] = {}
    for group in GROUPS:
        lines = [c for c in CLASSES if c.group == group.code and c.code in shown]
        # The whole of national staff, when printed, stands for its parts in the subtotal.
        counted = [c for c in lines if c.parent is None or c.parent not in shown]
        apportioned_sum = spent_sum = Decimal(0)
        for entry in lines:
            apportioned = printed.get(entry.code, Decimal("0.0"))
            entries = ledger.get(entry.code, {})
            carried = [spread.get(entry.code, {})]
            if entry.code == "national_staff":
                parts = [c.code for c in lines if c.parent == entry.code]
                entries = _merged(entries, *(ledger.get(c, {}) for c in parts))
                carried += [spread.get(c, {}) for c in parts]
            spent = dollars_to_thousands(_spent(entries))
            rows.append(_row(entry.code, entry.label, RowType.ITEM, apportioned, spent,
                             columns))
            years[entry.code] = ClassYear(
                line=entry.code, label=entry.label, apportionment=apportioned * THOUSAND,
                expenditure={m: sum((x.expenditure for x in entries.get(m, [])), Decimal(0))
                             for m in calendar},
                adjusted=sum((x.adjusted for ms in entries.values() for x in ms), Decimal(0)),
                accounts=_accounts_of(carried, calendar))
            if entry in counted:
                apportioned_sum += apportioned
                spent_sum += spent
        group_apportioned = printed.get(group.code, apportioned_sum)
        group_figures[group.code] = (group_apportioned, spent_sum)
        rows.append(_row(group.code, f"Subtotal, {group.label.lower()}", RowType.SUBTOTAL,
                         group_apportioned, spent_sum, columns))
    rows.extend(_summary_rows(printed, ledger, group_figures, columns))
    return (MoneyTable(key="financial_resources", title="Financial resources",
                       columns=columns, rows=tuple(rows)), years)


def _accounts_of(parts: Sequence[Mapping[dt.date, Mapping[AccountKey, Decimal]]],
                 calendar: list[dt.date]) -> dict[dt.date, dict[AccountKey, Decimal]]:
    """One line's account months, its parts' merged in (national staff)."""
    out: dict[dt.date, dict[AccountKey, Decimal]] = {}
    for month in calendar:
        merged: dict[AccountKey, Decimal] = defaultdict(Decimal)
        for part in parts:
            for key, amount in part.get(month, {}).items():
                merged[key] += amount
        if merged:
            out[month] = dict(merged)
    return out


def _merged(*parts: Mapping[dt.date, list[ClassMonth]]) -> dict[dt.date, list[ClassMonth]]:
    out: dict[dt.date, list[ClassMonth]] = defaultdict(list)
    for part in parts:
        for month, entries in part.items():
            out[month].extend(entries)
    return out


def _summary_rows(printed: Mapping[str, Decimal],
                  ledger: Mapping[str, Mapping[dt.date, list[ClassMonth]]],
                  groups: Mapping[str, tuple[Decimal, Decimal]],
                  columns: tuple[MoneyColumn, ...]) -> list[MoneyRow]:
    gross_apportioned = printed.get(GROSS, sum((a for a, _ in groups.values()), Decimal(0)))
    gross_spent = sum((s for _, s in groups.values()), Decimal(0))

    def outside(line: str) -> tuple[Decimal, Decimal | None]:
        apportioned = printed.get(line, Decimal("0.0"))
        if line in ledger:
            return apportioned, dollars_to_thousands(_spent(ledger[line]))
        # Nothing budgeted and nothing posted: nil, not unknown.
        return apportioned, Decimal("0.0") if apportioned == 0 and line == VOLUNTARY else None

    assessed, assessed_spent = outside(STAFF_ASSESSMENT)
    in_kind, in_kind_spent = outside(VOLUNTARY)
    figures = {
        GROSS: (gross_apportioned, gross_spent),
        STAFF_ASSESSMENT: (assessed, assessed_spent),
        NET: (printed.get(NET, gross_apportioned - assessed),
              None if assessed_spent is None else gross_spent - assessed_spent),
        VOLUNTARY: (in_kind, in_kind_spent),
        TOTAL: (printed.get(TOTAL, gross_apportioned + in_kind),
                None if in_kind_spent is None else gross_spent + in_kind_spent),
    }
    return [_row(line, BY_CODE[line].label, RowType.ITEM, *figures[line], columns)
            for line in (GROSS, STAFF_ASSESSMENT, NET, VOLUNTARY, TOTAL)]


def _row(line: str, label: str, row_type: RowType, apportioned: Decimal,
         spent: Decimal | None, columns: tuple[MoneyColumn, ...]) -> MoneyRow:
    """Column (3) = (1) − (2); column (4) = (3) ÷ (1) in per cent, one decimal, half
    away from zero; over a nil apportionment the reports print a dash (0)."""
    values: dict[str, Decimal | None] = {columns[0].key: apportioned, columns[1].key: spent,
                                         columns[2].key: None, columns[3].key: None}
    if spent is not None:
        variance = apportioned - spent
        values[columns[2].key] = variance
        values[columns[3].key] = Decimal("0.0") if apportioned == 0 else \
            round_half_away(variance * HUNDRED / apportioned, 1)
    return MoneyRow(line=line, label=label, row_type=row_type, values=values)


def _summary_table(table: MoneyTable) -> MoneyTable:
    keep = {g.code for g in GROUPS} | {GROSS, STAFF_ASSESSMENT, NET, VOLUNTARY, TOTAL}
    rows = tuple(r.model_copy(update={"label": BY_CODE[r.line].label,
                                      "row_type": RowType.ITEM})
                 for r in table.rows if r.line in keep)
    return table.model_copy(update={"key": "financial_resources_summary",
                                    "title": "Performance of financial resources",
                                    "rows": rows})


def _explanations(table: MoneyTable,
                  years: Mapping[str, ClassYear]) -> tuple[VarianceExplanation, ...]:
    """Every class over the threshold (±5 per cent or $100,000; spending over a nil
    apportionment always), as the check of missing explanations reads it."""
    amount_key, percentage_key = table.columns[2].key, table.columns[3].key
    explanations: list[VarianceExplanation] = []
    number = 1
    for row in table.rows:
        if row.row_type is not RowType.ITEM or row.line not in years:
            continue
        amount, base = row.values.get(amount_key), row.values.get(table.columns[0].key)
        percentage = None if base == 0 else row.values.get(percentage_key)
        if not amount or not crosses_variance_threshold(amount, percentage, base):
            continue
        explanation = explain_class(years[row.line], amount, percentage, number)
        number += len(explanation.paragraphs)
        explanations.append(explanation)
    return tuple(explanations)


def _monthly(ledger: Mapping[str, Mapping[dt.date, list[ClassMonth]]],
             calendar: list[dt.date], gross: Decimal) -> tuple[MonthlyExpenditure, ...]:
    """Gross expenditure by month; the rounded months add up to the printed gross
    (largest remainder), as the pattern's total must."""
    if not ledger:
        return ()
    exact = [sum((Fraction(m.expenditure) for line, entries in ledger.items()
                  if line not in OUTSIDE_GROSS for m in entries.get(month, [])), Fraction(0))
             / 1000 for month in calendar]
    amounts = largest_remainder(exact, gross)
    return tuple(MonthlyExpenditure(month=month, amount=amount)
                 for month, amount in zip(calendar, amounts, strict=True))


def _redeployments(moves: Sequence[Redeployment], rows: Mapping[str, MoneyRow],
                   apportionment_key: str) -> Redeployments | None:
    """Original distribution (the groups' apportionment), the amounts moved, the revised
    distribution, and the share moved (the increases) of the appropriation."""
    if not moves:
        return None
    moved: dict[str, Decimal] = defaultdict(Decimal)
    for move in moves:
        if move.group not in {g.code for g in GROUPS}:
            raise InputError(f"a redeployment to {move.group!r}: expected a group "
                             f"({', '.join(g.code for g in GROUPS)})")
        moved[move.group] += move.redeployment or Decimal(0)
    if sum(moved.values(), Decimal(0)) != 0:
        raise InputError("the redeployments across groups do not net to zero: "
                         f"{sum(moved.values(), Decimal(0))} thousand dollars")
    out = []
    for group in GROUPS:
        original = rows[group.code].values[apportionment_key] or Decimal(0)
        out.append(Redeployment(group=group.code, original_distribution=original,
                                redeployment=moved[group.code],
                                revised_distribution=original + moved[group.code]))
    total = sum((r.original_distribution or Decimal(0) for r in out), Decimal(0))
    out.append(Redeployment(group="total", original_distribution=total,
                            redeployment=Decimal(0), revised_distribution=total,
                            row_type=RowType.TOTAL))
    increases = sum((v for v in moved.values() if v > 0), Decimal(0))
    share = round_half_away(increases * HUNDRED / total, 1) if total else None
    return Redeployments(rows=tuple(out), percentage_of_appropriation=share)


def _with_actuals(component: Component, actuals: Sequence[Actual]) -> Component:
    """The framework carried with the tracker's actuals in place of any printed ones."""
    by_reference = {a.reference.strip(): a for a in actuals}
    accomplishments = []
    for accomplishment in component.expected_accomplishments:
        indicators = tuple(
            i.model_copy(update={"actual": (a.text if (a := by_reference.get(i.number))
                                            else None), "source_line": None})
            for i in accomplishment.indicators)
        outputs = []
        for output in accomplishment.outputs:
            found = by_reference.get(output.text.strip())
            outputs.append(output.model_copy(update={
                "completed": found.text if found else None,
                "completed_quantity": found.completed_quantity if found else None,
                "remarks": found.remarks if found else None,
                "further_completions": (), "completed_source_line": None,
                "source_line": None}))
        accomplishments.append(accomplishment.model_copy(update={
            "indicators": indicators, "outputs": tuple(outputs), "source_line": None}))
    return component.model_copy(update={"expected_accomplishments": tuple(accomplishments),
                                        "source_line": None})
