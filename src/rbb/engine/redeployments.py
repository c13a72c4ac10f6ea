"""The performance report's "Summary information on redeployments across groups" derived
from the redeployments a mission records, and what reconciling it finds (docs/execution.md,
"Redeployments and the results tracker").

Here, below the services, so that the page, ``rbb redeployments`` and the checks of
``rbb check`` (``checks/redeployments.py``) derive the table and reconcile it in one way.
Amounts recorded are dollars; the table prints thousands, divided once, exactly."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import ROUND_HALF_UP, Decimal

from rbb.model import Document, DocumentKind, Finding, Period, Severity, Stage
from rbb.model.classes import BY_CODE, GROUPS
from rbb.model.execution import Redeployment, group_of, thousands
from rbb.model.staffing import RowType
from rbb.model.tables import Redeployment as RedeploymentRow
from rbb.model.tables import Redeployments

from . import derived

NET_ZERO = "redeployments.net-zero"
NEGATIVE = "redeployments.negative-distribution"
AGAINST_REPORT = "redeployments.against-report"
TENTH = Decimal("0.1")


def redeployment_table(redeployments: Sequence[Redeployment],
                       original: dict[str, Decimal] | None) -> Redeployments:
    """Each group's original distribution (thousands), the net redeployed into it and the
    revised distribution; a total row; the percentage of redeployment to the total
    appropriation (funds moved across groups over the total, one decimal). Withdrawn
    redeployments count nowhere."""
    net = {g.code: Decimal(0) for g in GROUPS}
    for r in redeployments:
        if r.across_groups and r.withdrawn is None:
            net[group_of(r.from_line)] -= r.amount
            net[group_of(r.to_line)] += r.amount
    rows = []
    for group in GROUPS:
        moved = thousands(net[group.code])
        base = None if original is None else original.get(group.code)
        rows.append(RedeploymentRow(group=group.code, original_distribution=base,
                                    redeployment=moved,
                                    revised_distribution=None if base is None else base + moved))
    total_base = None if original is None or any(r.original_distribution is None
                                                 for r in rows) \
        else sum((r.original_distribution or Decimal(0) for r in rows), Decimal(0))
    total_moved = sum((thousands(v) for v in net.values()), Decimal(0))
    rows.append(RedeploymentRow(
        group="total", original_distribution=total_base, redeployment=total_moved,
        revised_distribution=None if total_base is None else total_base + total_moved,
        row_type=RowType.TOTAL))
    across = sum((thousands(v) for v in net.values() if v > 0), Decimal(0))
    percentage = None
    if across and total_base:
        percentage = (across / total_base * 100).quantize(TENTH, ROUND_HALF_UP)
    return Redeployments(rows=tuple(rows), percentage_of_appropriation=percentage)


def original_distribution(documents: Sequence[Document], period: Period
                          ) -> tuple[dict[str, Decimal], Document] | None:
    """Each group's apportionment for ``period`` (thousands) and the document printing
    it: the period's performance report, else the next period's budget (which prints it
    as its apportionment column); None when neither is among ``documents``."""
    wanted = ((DocumentKind.PERFORMANCE, period), (DocumentKind.BUDGET, period.next))
    for kind, own in wanted:
        for document in documents:
            if document.kind is not kind or document.period != own:
                continue
            for table in document.financial_tables:
                rows = derived.rows_by_line(table)
                for column in table.amount_columns():
                    if column.stage is not Stage.APPORTIONMENT or column.period != period:
                        continue
                    found = {g.code: value for g in GROUPS if g.code in rows
                             and (value := rows[g.code].values.get(column.key)) is not None}
                    if len(found) == len(GROUPS):
                        return found, document
    return None


def named(redeployments: Sequence[Redeployment], group: str | None = None) -> str:
    """The redeployments a finding is about, by number, date and amount (those moving
    funds into or out of ``group``, or every one across groups)."""
    chosen = [r for r in redeployments if r.across_groups and r.withdrawn is None
              and (group is None or group in (group_of(r.from_line), group_of(r.to_line)))]
    return "; ".join(f"no. {r.id} of {r.date}, ${r.amount:,} from {r.from_line} to "
                     f"{r.to_line}" for r in chosen[:10]) + \
        (f"; and {len(chosen) - 10} more" if len(chosen) > 10 else "")


def net_zero(document: str, table: Redeployments,
             redeployments: Sequence[Redeployment] = ()) -> list[Finding]:
    """The table's net column must sum to zero: every redeployment moves one amount."""
    total = next(r for r in table.rows if r.row_type is RowType.TOTAL)
    if not total.redeployment:
        return []
    moves = named(redeployments)
    return [Finding(severity=Severity.ERROR, code=NET_ZERO, document=document,
                    table="redeployments", row="total", column="redeployment",
                    computed=total.redeployment,
                    message="the redeployments do not net to zero across groups"
                            + (f" (recorded: {moves})" if moves else ""))]


def negative_distribution(document: str, table: Redeployments,
                          redeployments: Sequence[Redeployment] = ()) -> list[Finding]:
    """A group may not be left with less than nothing."""
    found = []
    for row in table.rows:
        if row.revised_distribution is None or row.revised_distribution >= 0:
            continue
        moves = named(redeployments, row.group)
        found.append(Finding(
            severity=Severity.ERROR, code=NEGATIVE, document=document,
            table="redeployments", row=row.group, column="revised_distribution",
            computed=row.revised_distribution,
            message=f"{BY_CODE[row.group].label} would be left with less than nothing: "
                    "more was redeployed out of it than its original distribution"
                    + (f" (recorded: {moves})" if moves else "")))
    return found


def against_report(document: str, table: Redeployments, printed: Redeployments,
                   redeployments: Sequence[Redeployment] = ()) -> list[Finding]:
    """The report's printed redeployment of each group (and the total) is what the
    recorded redeployments add up to, within the tenth of a thousand it prints."""
    found = []
    by_group = {r.group: r for r in printed.rows}
    for row in table.rows:
        if row.group not in by_group:
            continue
        stated = by_group[row.group].redeployment or Decimal(0)
        computed = row.redeployment or Decimal(0)
        # The report prints one decimal, and a table that must net to zero may round a
        # group the other way (largest remainder): within a tenth is rounding.
        if abs(stated - computed) < TENTH:
            continue
        moves = named(redeployments, None if row.group == "total" else row.group)
        found.append(Finding(
            severity=Severity.WARNING, code=AGAINST_REPORT, document=document,
            table="redeployments", row=row.group, column="redeployment",
            source_line=by_group[row.group].source_line, printed=stated, computed=computed,
            message="the performance report prints another redeployment for "
                    f"{'the total' if row.group == 'total' else BY_CODE[row.group].label}"
                    " than the redeployments recorded add up to"
                    + (f" (recorded: {moves})" if moves else " (none recorded)")))
    return found


def reconcile(mission: str, period: Period, table: Redeployments,
              printed: Redeployments | None,
              redeployments: Sequence[Redeployment] = ()) -> list[Finding]:
    """What the derived table says that needs reconciling: its net column not summing to
    zero, a group left negative, a stored report printing other redeployments; each
    finding names the recorded redeployments concerned."""
    document = f"{mission} {period} redeployments"
    found = net_zero(document, table, redeployments)
    found += negative_distribution(document, table, redeployments)
    if printed is not None:
        found += against_report(document, table, printed, redeployments)
    return found
