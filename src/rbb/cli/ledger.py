"""``rbb ledger ...``: the year's expenditure ledger (docs/execution.md)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from .options import Db, Mission, PeriodOpt, open_store, output_console, parse_period

ledger_app = typer.Typer(help="The expenditure ledger of a mission's year (docs/execution.md).",
                         no_args_is_help=True)
out = output_console()


@ledger_app.command("generate")
def generate_command(
    mission: Mission,
    period: PeriodOpt,
    output: Annotated[Path, typer.Option("--output", "-o", help="The file to write.")],
    fmt: Annotated[str, typer.Option("--format", help="csv or parquet.")] = "csv",
    lines: Annotated[int, typer.Option("--lines", help="How many lines to write.")] = 100_000,
    seed: Annotated[int, typer.Option("--seed", help="The same seed, the same ledger.")] = 0,
    db: Db = None,
) -> None:
    """A synthetic ledger of a stored period whose lines add up, class by class and to the
    cent, to its performance report's expenditure (or its budget's estimates)."""
    if fmt not in ("csv", "parquet"):
        raise typer.BadParameter(f"--format is csv or parquet, not {fmt!r}")
    from rbb.services.generated_ledger import source_document, write_generated_ledger

    document = source_document(open_store(db), mission, parse_period(period))
    written = write_generated_ledger(document, output, fmt="parquet" if fmt == "parquet"
                                     else "csv", lines=lines, seed=seed)
    plan = written.plan
    out.print(f"{plan.lines:,} lines of {plan.mission} {plan.period_label} written to "
              f"{written.path} ({fmt}); classes add up to {document.symbol or document.key} "
              f"column {plan.column}")
    out.print(f"months: {plan.months_from}")
    if plan.currency is not None:
        out.print(f"{plan.currency.code} lines at {float(plan.currency.rate):g} to one dollar "
                  f"({plan.currency.source})")
