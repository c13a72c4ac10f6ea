"""``rbb redeployments`` and ``rbb redeploy``: a period's redeployments between groups and
classes, the table by group the performance report prints, and recording an approved one;
``rbb actuals`` and ``rbb withdraw-actual``: the results tracker's actual values and
withdrawing one recorded in error (docs/execution.md, "Redeployments and the results
tracker")."""

import datetime as dt
import getpass
import json
from enum import StrEnum
from typing import TYPE_CHECKING, Annotated

import typer
from rich.table import Table
from rich.text import Text

from .options import Db, Mission, PeriodOpt, open_engine, output_console, parse_period

if TYPE_CHECKING:
    from rbb.services.execution_records import ExecutionRecordsService

out = output_console()


class ListFormat(StrEnum):
    TABLE = "table"
    JSON = "json"


FormatOpt = Annotated[ListFormat, typer.Option("--format", help="table or json.")]


def register(app: typer.Typer) -> None:
    app.command("redeployments")(redeployments_command)
    app.command("redeploy")(redeploy_command)
    app.command("actuals")(actuals_command)
    app.command("withdraw-actual")(withdraw_actual_command)


def _service(db: str | None) -> "ExecutionRecordsService":
    from rbb.services.execution_records import ExecutionRecordsService

    return ExecutionRecordsService(open_engine(db))


def _user() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "unknown"


def redeployments_command(
    mission: Mission,
    period: PeriodOpt,
    format_: FormatOpt = ListFormat.TABLE,
    db: Db = None,
) -> None:
    """The period's redeployments (dollars), the table by group (thousands, as the
    performance report prints it) and what reconciling them found."""
    from rbb.presentation import format_amount

    summary = _service(db).summary(mission.upper(), parse_period(period))
    if format_ is ListFormat.JSON:
        from rbb.services.execution_records import summary_data

        typer.echo(json.dumps(summary_data(summary), ensure_ascii=False, indent=2))
        return
    moves = Table("no.", "date", "amount (US$)", "from", "to", "reason", "approver",
                  "recorded by", "withdrawn",
                  title=f"Redeployments {summary.mission} {summary.period}")
    for r in summary.redeployments:
        gone = r.withdrawn
        moves.add_row(str(r.id), r.date.isoformat(), format(r.amount, ","), r.from_line,
                      r.to_line, Text(r.reason), Text(r.approver), Text(r.recorded_by),
                      Text(f"{gone.at:%Y-%m-%d} by {gone.by}: {gone.reason}") if gone else "",
                      style="strike" if gone else None)
    out.print(moves)
    table = Table("group", "original distribution", "redeployment", "revised distribution",
                  title="By group (thousands of United States dollars)"
                  + (f", original from {summary.original_from}" if summary.original_from
                     else ""))
    for row in summary.table.rows:
        table.add_row(row.group, format_amount(row.original_distribution),
                      format_amount(row.redeployment), format_amount(row.revised_distribution))
    out.print(table)
    if summary.table.percentage_of_appropriation is not None:
        out.print(f"Percentage of redeployment to total appropriation: "
                  f"{summary.table.percentage_of_appropriation}")
    for finding in summary.findings:
        out.print(Text(f"{finding.severity.value}: {finding.code}: {finding.message}"))


def redeploy_command(
    mission: Mission,
    period: PeriodOpt,
    from_line: Annotated[str | None, typer.Option("--from", help="Group or class the funds "
                                                  "leave, e.g. civilian_personnel.")] = None,
    to_line: Annotated[str | None, typer.Option("--to", help="Group or class they go to.")]
    = None,
    amount: Annotated[str | None, typer.Option("--amount", help="Dollars, exact: 125000.50.")]
    = None,
    reason: Annotated[str | None, typer.Option(
        "--reason", help="Why, as approved (with --withdraw: why it is withdrawn).")] = None,
    approver: Annotated[str | None, typer.Option("--approver", help="Who approved it.")]
    = None,
    date: Annotated[str | None, typer.Option(
        "--date", help="When it was approved (YYYY-MM-DD); today if left out.")] = None,
    withdraw: Annotated[int | None, typer.Option(
        "--withdraw", min=1, help="Withdraw the redeployment numbered ID, recorded in error "
        "(with --reason): it is kept, marked withdrawn with who, when and why, and no "
        "longer counts.", metavar="ID")] = None,
    db: Db = None,
) -> None:
    """Record an approved redeployment between groups or classes of expenditure, or
    withdraw one recorded in error (--withdraw ID --reason ...)."""
    from rbb.model.errors import InputError

    code, label = mission.upper(), parse_period(period)
    if withdraw is not None:
        given = [name for name, value in (("--from", from_line), ("--to", to_line),
                                          ("--amount", amount), ("--approver", approver),
                                          ("--date", date)) if value is not None]
        if given:
            raise InputError(f"--withdraw takes --reason only, not {', '.join(given)}")
        if not reason:
            raise InputError("--withdraw needs --reason: why the redeployment is withdrawn")
        withdrawn = _service(db).withdraw_redeployment(code, label, withdraw, reason=reason,
                                                       by=f"cli:{_user()}")
        out.print(f"Withdrew redeployment {withdrawn.id}: {format(withdrawn.amount, ',')} "
                  f"dollars from {withdrawn.from_line} to {withdrawn.to_line}; it no longer "
                  "counts")
        return
    missing = [name for name, value in (("--from", from_line), ("--to", to_line),
                                        ("--amount", amount), ("--reason", reason),
                                        ("--approver", approver)) if not value]
    if missing:
        raise InputError(f"a redeployment needs {', '.join(missing)}")
    assert from_line and to_line and amount and reason and approver
    try:
        day = dt.date.fromisoformat(date) if date else dt.date.today()
    except ValueError:
        shown = (date or "")[:20]
        raise InputError(f"--date {shown!r} is not a date (expected 2024-03-15)") from None
    stored = _service(db).redeploy(
        code, label, date=day, amount=amount, from_line=from_line,
        to_line=to_line, reason=reason, approver=approver, by=f"cli:{_user()}")
    out.print(f"Recorded redeployment {stored.id}: {format(stored.amount, ',')} dollars from "
              f"{stored.from_line} to {stored.to_line} on {stored.date}")


def actuals_command(
    mission: Mission,
    period: PeriodOpt,
    format_: FormatOpt = ListFormat.TABLE,
    db: Db = None,
) -> None:
    """The results tracker's actual values of the period by number (withdrawn ones struck
    through): the number is what withdraw-actual takes. Values are recorded on the
    results tracker page or through the API."""
    from rbb.services.execution_records import actual_record_data, subject_of

    found = _service(db).actuals(mission.upper(), parse_period(period))
    if format_ is ListFormat.JSON:
        typer.echo(json.dumps([actual_record_data(a) for a in found], ensure_ascii=False,
                              indent=2))
        return
    table = Table("no.", "of", "component", "key", "quarter", "value", "note", "evidence",
                  "recorded by", "withdrawn",
                  title=f"Actual values {mission.upper()} {parse_period(period)}")
    for a in found:
        gone = a.withdrawn
        table.add_row(str(a.id), subject_of(a).value, Text(a.component), Text(a.key),
                      str(a.quarter), Text(a.value), Text(a.note), str(len(a.evidence)),
                      Text(a.recorded_by),
                      Text(f"{gone.at:%Y-%m-%d} by {gone.by}: {gone.reason}") if gone else "",
                      style="strike" if gone else None)
    out.print(table)


def withdraw_actual_command(
    actual: Annotated[int, typer.Argument(
        min=1, help="The actual value's number (rbb actuals lists them).", metavar="ID")],
    mission: Mission,
    period: PeriodOpt,
    reason: Annotated[str, typer.Option("--reason", help="Why it is withdrawn.")],
    db: Db = None,
) -> None:
    """Withdraw an actual value recorded in error: it is kept with its evidence, marked
    withdrawn with who, when and why, and no longer counts (the quarter has no value
    until one is recorded again)."""
    from rbb.services.execution_records import subject_of

    withdrawn = _service(db).withdraw_actual(mission.upper(), parse_period(period), actual,
                                             reason=reason, by=f"cli:{_user()}")
    out.print(Text(f"Withdrew actual value {withdrawn.id}: {subject_of(withdrawn).value} "
                   f"{withdrawn.component} {withdrawn.key}, quarter {withdrawn.quarter} "
                   f"({withdrawn.value!r}); it no longer counts"))
