"""``rbb ledger import|sources|summary``: the expenditure ledger of a mission
(docs/execution.md). DuckDB and the store are imported inside the commands, so that
``rbb --help`` stays fast."""

import json
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.table import Table
from rich.text import Text

from .options import (
    Db,
    Mission,
    PeriodOpt,
    open_engine,
    open_store,
    output_console,
    parse_period,
    write_file,
)

if TYPE_CHECKING:
    from rbb.services.ledger_service import LedgerService, LedgerSummary

app = typer.Typer(help="The expenditure ledger: ERP extracts imported, and what they add "
                       "up to (docs/execution.md).", no_args_is_help=True)
out = output_console()

AsJson = Annotated[bool, typer.Option("--json", help="JSON instead of a table.")]


def _service(db: str | None) -> "LedgerService":
    from rbb.services.ledger_service import LedgerService

    return LedgerService(open_engine(db))


def _dollars(value: Decimal) -> str:
    """Dollars as the ledger holds them: exact, grouped, two decimals."""
    return f"{value:,.2f}"


@app.command("import")
def import_command(
    file: Annotated[Path, typer.Argument(help="The ERP extract (CSV, Excel or Parquet).",
                                         exists=True, dir_okay=False, readable=True)],
    mission: Mission,
    source: Annotated[str | None, typer.Option(
        "--source", help="The extract's name; a re-sent extract of the same name replaces "
                         "its lines. Default: the file's name.")] = None,
    mapping: Annotated[Path | None, typer.Option(
        "--mapping", exists=True, dir_okay=False, readable=True,
        help="Column mapping (JSON or YAML); default: the newer of the one `rbb ledger "
             "map --source` saved and the one the source was last imported with.")] = None,
    db: Db = None,
) -> None:
    """Import one extract: all its lines, or none of them if any row is bad. While `rbb
    serve` runs on the embedded store it holds the ledger: import on the mission's ledger
    page (/missions/M/ledger) or with POST /api/v1/missions/M/ledger/imports."""
    service = _service(db)
    try:
        done = service.import_file(file, mission=mission.upper(), source=source,
                                   mapping_path=mapping)
    finally:
        service.close()
    out.print(Text(f"{done.lines} lines of {done.source} stored for {done.mission} "
                   f"(account mapping: {done.accounts} accounts)"))


@app.command("sources")
def sources_command(mission: Mission, as_json: AsJson = False, db: Db = None) -> None:
    """The extracts imported for a mission."""
    service = _service(db)
    try:
        found = service.sources(mission.upper())
    finally:
        service.close()
    if as_json:
        typer.echo(json.dumps([{"source": s.source, "lines": s.lines,
                                "imported_at": s.imported_at.isoformat()} for s in found],
                              ensure_ascii=False, indent=2))
        return
    table = Table("source", "lines", "imported (UTC)", title=f"Ledger of {mission.upper()}")
    for s in found:
        table.add_row(Text(s.source), Text(str(s.lines)),
                      Text(s.imported_at.isoformat(timespec="seconds")))
    out.print(table)


@app.command("summary")
def summary_command(mission: Mission, period: PeriodOpt, as_json: AsJson = False,
                    db: Db = None) -> None:
    """Expenditure (obligations plus adjustments) by class of expenditure and month, in
    dollars, and the accounts no class holds yet."""
    service = _service(db)
    try:
        summary = service.summary(mission.upper(), parse_period(period))
    finally:
        service.close()
    if as_json:
        typer.echo(json.dumps(_summary_json(summary), ensure_ascii=False, indent=2))
        return
    months = sorted({cm.month for cm in summary.class_months})
    table = Table("class", *(m.strftime("%Y-%m") for m in months), "total",
                  title=f"{summary.mission} {summary.period.label}: expenditure in dollars")
    for code in sorted({cm.class_code for cm in summary.class_months}):
        cells = {cm.month: cm.expenditure for cm in summary.class_months
                 if cm.class_code == code}
        total = sum(cells.values(), Decimal(0))
        table.add_row(Text(code), *(Text(_dollars(cells[m]) if m in cells else "-")
                                    for m in months), Text(_dollars(total)))
    out.print(table)
    for unmapped in summary.unmapped:
        out.print(Text(f"unmapped account {unmapped.account}: {unmapped.lines} lines, "
                       f"{_dollars(unmapped.amount_usd)} dollars (in no class)"))


def _summary_json(summary: "LedgerSummary") -> dict[str, object]:
    return {
        "mission": summary.mission,
        "period": summary.period.label,
        "unit": "dollars",
        "class_months": [cm.model_dump(mode="json") | {"expenditure": str(cm.expenditure)}
                         for cm in summary.class_months],
        "unmapped_accounts": [{"account": u.account, "lines": u.lines,
                               "amount_usd": str(u.amount_usd)} for u in summary.unmapped],
    }



@app.command("generate")
def generate_command(
    mission: Mission,
    period: PeriodOpt,
    output: Annotated[Path, typer.Option("--output", "-o", help="The file to write.")],
    fmt: Annotated[str, typer.Option("--format", help="csv or parquet.")] = "csv",
    lines: Annotated[int, typer.Option("--lines", help="How many lines to write.")] = 100_000,
    seed: Annotated[int, typer.Option("--seed", help="The same seed, the same ledger.")] = 0,
    funds_centres: Annotated[Path | None, typer.Option(
        "--funds-centres", dir_okay=False,
        help="Also write the ledger's funds centres → offices and components as CSV (what "
             "`rbb ledger funds-centres import` reads).")] = None,
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
        out.print(f"{plan.currency.code} lines at {plan.currency.rate} to one dollar "
                  f"({plan.currency.source})")
    if funds_centres is not None:
        from rbb.model.ledger_mappings import MappingKind, mapping_csv

        write_file(funds_centres, mapping_csv(plan.funds_centres, MappingKind.FUNDS_CENTRES))
        out.print(Text(f"{len(plan.funds_centres)} funds centres written to {funds_centres}"))


def _register_mappings() -> None:
    """``rbb ledger map``, ``rbb ledger accounts``, ``rbb ledger funds-centres``
    (``cli/ledger_mappings.py``)."""
    from .ledger_mappings import register

    register(app)


_register_mappings()
