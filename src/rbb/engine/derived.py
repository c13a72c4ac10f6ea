"""Derived figures: computed from the stored facts, never re-typed.

Every function here is pure and exact (``Decimal``); rounding to what a report
prints belongs to :mod:`rbb.presentation`. The formulas are those of
the reports themselves (docs/domain.md, "Money tables", "People", "Other sections").
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal

from rbb.model import Document, DocumentKind, MoneyColumn, MoneyRow, MoneyTable, Stage
from rbb.model.classes import BY_CODE, CLASSES, GROUPS, LineKind, classes_of_group, snake_case
from rbb.model.money import ColumnRole
from rbb.model.staffing import RowType, StaffingColumn, StaffingKind, StaffingTable

HUNDRED = Decimal(100)
THOUSAND = Decimal(1000)

VARIANCE_THRESHOLD_PERCENT = Decimal(5)
"""Footnote to "Analysis of variances": variances of at least plus or minus 5 per cent ..."""
VARIANCE_THRESHOLD_AMOUNT = Decimal(100)
"""... or $100,000, i.e. 100.0 in thousands of dollars."""

GROUP_CODES = tuple(group.code for group in GROUPS)
GROSS = "gross_requirements"
STAFF_ASSESSMENT = "staff_assessment_income"
NET = "net_requirements"
VOLUNTARY = "voluntary_contributions_in_kind_budgeted"
TOTAL = "total_requirements"


# --- money -----------------------------------------------------------------


def total(values: Iterable[Decimal | None]) -> Decimal:
    """Sum of printed figures; a missing figure (``n/a``) adds nothing."""
    return sum((v for v in values if v is not None), Decimal(0))


def share(part: Decimal, whole: Decimal) -> Decimal | None:
    """``part`` as a percentage of ``whole``; None when the whole is nil."""
    if whole == 0:
        return None
    return part * HUNDRED / whole


def budget_variance(cost_estimates: Decimal, apportionment: Decimal) -> Decimal:
    """Budget report, column (4) = (3) − (2): cost estimates minus apportionment."""
    return cost_estimates - apportionment


def performance_variance(apportionment: Decimal, expenditure: Decimal) -> Decimal:
    """Performance report, column (3) = (1) − (2): apportionment minus expenditure."""
    return apportionment - expenditure


def variance_percentage(variance: Decimal, apportionment: Decimal) -> Decimal | None:
    """Column (5) = (4) ÷ (2) in a budget report, (4) = (3) ÷ (1) in a performance
    report: the variance over the apportionment, in per cent. None for a nil base."""
    return share(variance, apportionment)


def unencumbered_balance(apportionment: Decimal, expenditure: Decimal) -> Decimal:
    """Performance report: what was apportioned and not spent."""
    return apportionment - expenditure


def resource_utilization_rate(expenditure: Decimal, apportionment: Decimal) -> Decimal | None:
    """Performance report summary: expenditure ÷ apportionment, in per cent."""
    return share(expenditure, apportionment)


def unbounded_variance(amount: Decimal | None, percentage: Decimal | None,
                       base: Decimal | None) -> bool:
    """A variance against a nil base with no percentage printed (spending that was not
    budgeted): no percentage can be computed, but it is unbounded in relative terms."""
    return base == 0 and percentage is None and amount is not None and amount != 0


def crosses_variance_threshold(amount: Decimal | None, percentage: Decimal | None,
                               base: Decimal | None = None) -> bool:
    """Whether a class needs an explanation in "Analysis of variances": at least
    ±5 per cent or ±$100,000 (the footnote's rule). ``percentage`` is None when
    the base is nil and no percentage is printed; given the ``base``, such a
    variance counts as over the threshold."""
    if amount is not None and abs(amount) >= VARIANCE_THRESHOLD_AMOUNT:
        return True
    if unbounded_variance(amount, percentage, base):
        return True
    return percentage is not None and abs(percentage) >= VARIANCE_THRESHOLD_PERCENT


def efficiency_share(gains: Decimal, approved_budget: Decimal) -> Decimal | None:
    """Section "Efficiency gains": efficiencies as a percentage of the approved budget."""
    return share(gains, approved_budget)


def travel_share(amount: Decimal, total_budget: Decimal) -> Decimal | None:
    """Section "Official travel, non-training": the percentage of the total budget."""
    return share(amount, total_budget)


def redeployment_share(redeployed: Decimal, appropriation: Decimal) -> Decimal | None:
    """Performance report, "Redeployments across groups": percentage of redeployment to
    total appropriation, counting the amounts moved (the sum of the increases)."""
    return share(redeployed, appropriation)


def mission_support_ratio(support_personnel: int, mission_personnel: int) -> Decimal | None:
    """Support and security personnel per 1,000 mission personnel (the standard
    indicator of General Assembly resolution 76/274, para. 27)."""
    if mission_personnel == 0:
        return None
    return Decimal(support_personnel) * THOUSAND / Decimal(mission_personnel)


def vacancy_rate(base: Decimal, actual_average: Decimal) -> Decimal | None:
    """Incumbency: the share of the base strength not filled on average, in per cent.
    The base is the planned average where the table prints one (reports of about
    2003-2010), else the approved strength (``IncumbencyRow.vacancy_base``)."""
    if base == 0:
        return None
    return (base - actual_average) * HUNDRED / base


# --- money tables ------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class VarianceColumns:
    """The columns a table's variance is computed from, in the report's convention."""

    minuend: MoneyColumn
    subtrahend: MoneyColumn
    amount: MoneyColumn | None
    percentage: MoneyColumn | None

    @property
    def base(self) -> MoneyColumn:
        """The apportionment: the denominator in both conventions."""
        return self.subtrahend if self.minuend.stage is Stage.COST_ESTIMATES else self.minuend

    def variance(self, row: MoneyRow) -> Decimal | None:
        high, low = row.values.get(self.minuend.key), row.values.get(self.subtrahend.key)
        if high is None or low is None:
            return None
        if self.minuend.stage is Stage.COST_ESTIMATES:
            return budget_variance(high, low)
        return performance_variance(high, low)


def variance_columns(table: MoneyTable, kind: DocumentKind) -> VarianceColumns | None:
    """Budget report: cost estimates (3) − apportionment (2); performance report:
    apportionment (1) − expenditure (2). None for a table without those columns."""
    amounts = table.amount_columns()
    by_stage: dict[Stage, list[MoneyColumn]] = defaultdict(list)
    for column in amounts:
        if column.stage is not None:
            by_stage[column.stage].append(column)
    amount = _role(table, ColumnRole.VARIANCE_AMOUNT)
    percentage = _role(table, ColumnRole.VARIANCE_PERCENTAGE)
    if by_stage[Stage.COST_ESTIMATES] and by_stage[Stage.APPORTIONMENT]:
        estimates = _latest(by_stage[Stage.COST_ESTIMATES])
        return VarianceColumns(estimates, _latest(by_stage[Stage.APPORTIONMENT]), amount,
                               percentage)
    if by_stage[Stage.APPORTIONMENT] and by_stage[Stage.EXPENDITURE]:
        apportionment = _latest(by_stage[Stage.APPORTIONMENT])
        expenditure = [c for c in by_stage[Stage.EXPENDITURE] if c.period == apportionment.period]
        if expenditure:
            return VarianceColumns(apportionment, expenditure[0], amount, percentage)
    if kind is DocumentKind.PERFORMANCE and len(amounts) >= 2:
        return VarianceColumns(amounts[0], amounts[1], amount, percentage)
    return None


def _role(table: MoneyTable, role: ColumnRole) -> MoneyColumn | None:
    return next((c for c in table.columns if c.role is role), None)


def _latest(columns: Sequence[MoneyColumn]) -> MoneyColumn:
    return max(columns, key=lambda c: c.period.start_year if c.period else 0)


def rows_by_line(table: MoneyTable) -> dict[str, MoneyRow]:
    """The printed row of each financial line (the last one printed wins; heading
    rows without figures are left out)."""
    rows: dict[str, MoneyRow] = {}
    for row in table.rows:
        if any(value is not None for value in row.values.values()) or row.line not in rows:
            rows[row.line] = row
    return rows


def class_rows(rows: dict[str, MoneyRow], group: str) -> list[MoneyRow]:
    """The class rows that add up to a group: the whole of national staff when it is
    printed, its two parts (NPO, NGS) otherwise."""
    parents = {c.parent for c in classes_of_group(group) if c.parent and c.parent in rows}
    return [
        rows[c.code] for c in classes_of_group(group)
        if c.code in rows and c.parent not in parents
    ]


def national_staff_parts(rows: dict[str, MoneyRow]) -> list[MoneyRow]:
    """NPO and NGS rows, when both they and national staff as a whole are printed."""
    if "national_staff" not in rows:
        return []
    return [rows[c.code] for c in CLASSES if c.parent == "national_staff" and c.code in rows]


def is_class_line(line: str) -> bool:
    entry = BY_CODE.get(line)
    return entry is not None and entry.kind is LineKind.CLASS


def group_subtotal(rows: Sequence[MoneyRow], column: str) -> Decimal:
    """Group subtotal of a column: the sum of its class rows."""
    return total(row.values.get(column) for row in rows)


def gross_requirements(group_values: Iterable[Decimal | None]) -> Decimal:
    """Gross requirements = I + II + III."""
    return total(group_values)


def net_requirements(gross: Decimal, staff_assessment: Decimal) -> Decimal:
    """Net requirements = gross requirements − staff assessment income."""
    return gross - staff_assessment


def total_requirements(gross: Decimal, voluntary_in_kind: Decimal) -> Decimal:
    """Total requirements = gross + voluntary contributions in kind (budgeted)."""
    return gross + voluntary_in_kind


# --- people ------------------------------------------------------------------


COMPONENT_TO_SUMMARY: dict[StaffingColumn, StaffingColumn] = {
    StaffingColumn.INTERNATIONAL_SUBTOTAL: StaffingColumn.INTERNATIONAL_STAFF,
    StaffingColumn.NPO: StaffingColumn.NPO,
    StaffingColumn.NGS: StaffingColumn.NGS,
    StaffingColumn.UNV_SUBTOTAL: StaffingColumn.UNITED_NATIONS_VOLUNTEERS,
    StaffingColumn.GENERAL_TEMPORARY_ASSISTANCE: StaffingColumn.GENERAL_TEMPORARY_ASSISTANCE,
    StaffingColumn.TOTAL: StaffingColumn.TOTAL,
}
"""A component table's column → the summary human-resources table's column."""


def staffing_row_key(kind: StaffingKind, period_label: str | None) -> tuple[str, str]:
    return (kind.value, period_label or "")


UNIFORMED: dict[str, StaffingColumn] = {
    "military_observers": StaffingColumn.MILITARY_OBSERVERS,
    "united_nations_police": StaffingColumn.UNITED_NATIONS_POLICE,
    "military_contingents": StaffingColumn.MILITARY_CONTINGENTS,
    "formed_police_units": StaffingColumn.FORMED_POLICE_UNITS,
}
"""Uniformed personnel are printed as rows named after their category
(``I. Military observers``) with a single total column."""


def component_totals(table: StaffingTable) -> dict[tuple[str, str], dict[StaffingColumn, int]]:
    """A component table's totals by (kind, period), in the summary table's columns:
    civilian categories from the printed total row, uniformed personnel from the rows
    that name them."""
    out: dict[tuple[str, str], dict[StaffingColumn, int]] = defaultdict(dict)
    for row in table.rows:
        key = staffing_row_key(row.kind, row.period.label if row.period else None)
        uniformed = UNIFORMED.get(snake_case(row.office))
        if uniformed is not None and row.row_type is RowType.ITEM:
            count = row.counts.get(StaffingColumn.TOTAL) or 0
            out[key][uniformed] = out[key].get(uniformed, 0) + count
        elif row.row_type is RowType.TOTAL:
            for column, value in row.counts.items():
                summary = COMPONENT_TO_SUMMARY.get(column)
                if summary is not None and value is not None and \
                        summary not in UNIFORMED.values():
                    out[key][summary] = value
    return dict(out)


def human_resources_totals(
    document: Document,
) -> dict[str, dict[tuple[str, str], dict[StaffingColumn, int]]]:
    """Posts by component, (kind, period) and category, from the office tables —
    what the summary "Human resources" table must print (docs/domain.md, "People")."""
    out: dict[str, dict[tuple[str, str], dict[StaffingColumn, int]]] = {}
    for table in document.staffing_tables:
        if table.component is None:
            continue
        merged = out.setdefault(table.component, {})
        for key, counts in component_totals(table).items():
            bucket = merged.setdefault(key, {})
            for column, count in counts.items():
                bucket[column] = bucket.get(column, 0) + count
    return out
