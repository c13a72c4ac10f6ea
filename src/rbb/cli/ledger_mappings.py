"""``rbb ledger map`` (a column mapping proposed for an extract, checked on its first rows,
saved) and ``rbb ledger accounts|funds-centres`` (the reference mappings, each change a
new version): docs/execution.md, "Column mappings" and "Account mappings".

Like ``cli/ledger.py``, the store, DuckDB and pydantic's records are imported inside the
commands, so that ``rbb --help`` stays fast. Annotations are evaluated when a command is
defined (no ``from __future__ import annotations``): the commands of the two mapping groups
are made by one function, and their help names the mapping."""

import json
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.table import Table
from rich.text import Text

from rbb.model.errors import InputError

from .options import Db, Mission, PeriodOpt, open_engine, output_console, parse_period, write_file

if TYPE_CHECKING:
    from rbb.importers.ledger.proposal import MappingProposal, Preview
    from rbb.model.ledger_mappings import MappingKind, MappingVersion
    from rbb.services.ledger_mappings import LedgerMappings

out = output_console()

Author = Annotated[str | None, typer.Option(
    "--author", help="Who makes the change (default: the system's user name).")]
Comment = Annotated[str, typer.Option("--comment", help="Why: kept with the version.")]
Version = Annotated[int | None, typer.Option(
    "--version", min=1, help="A version (default: the current one).")]
AsJson = Annotated[bool, typer.Option("--json", help="JSON instead of a table.")]


@contextmanager
def _mappings(db: str | None) -> Iterator["LedgerMappings"]:
    from rbb.services.ledger_mappings import LedgerMappings
    from rbb.storage.ledger import LedgerStore

    ledger = LedgerStore(open_engine(db))
    try:
        yield LedgerMappings(ledger)
    finally:
        ledger.close()


def _author(author: str | None) -> str:
    from rbb.services.ledger_mappings import default_author

    return author or default_author()


def register(app: typer.Typer) -> None:
    """``map`` and the two mapping groups, on ``rbb ledger``."""
    app.command("map")(map_command)
    app.add_typer(_mapping_app("accounts"), name="accounts")
    app.add_typer(_mapping_app("funds_centres"), name="funds-centres")


def map_command(
    file: Annotated[Path, typer.Argument(help="The ERP extract (CSV, Excel or Parquet).",
                                         exists=True, dir_okay=False, readable=True)],
    mapping: Annotated[Path | None, typer.Option(
        "--mapping", dir_okay=False,
        help="Save the mapping to this file (YAML or JSON); when it exists already, start "
             "from it instead of the header's names.")] = None,
    settings: Annotated[list[str] | None, typer.Option(
        "--set", help="FIELD=COLUMN (account=\"G/L Account\"; FIELD= for none) or "
                      "SETTING=VALUE (delimiter=;  date_formats=%d.%m.%Y  "
                      "document_types=PO:obligation,PAY:disbursement). Repeatable.")] = None,
    constants: Annotated[list[str] | None, typer.Option(
        "--constant", help="FIELD=VALUE for every line (fund=10RCR, currency=USD). "
                           "Repeatable.")] = None,
    source: Annotated[str | None, typer.Option(
        "--source", help="Save the mapping as this source's (with -m): the next `rbb "
                         "ledger import --source` of it reads with it.")] = None,
    mission: Annotated[str | None, typer.Option("--mission", "-m",
                                                help="Mission code, e.g. UNMIK.")] = None,
    rows: Annotated[int, typer.Option("--rows", min=1, max=200,
                                      help="First rows read and shown.")] = 20,
    db: Db = None,
) -> None:
    """Propose a column mapping for an extract: its header matched to the fields of a
    ledger line, the first rows read with it (what an import would store, or why not),
    then saved to a file or for a source."""
    from rbb.importers.ledger import load_mapping, save_mapping
    from rbb.importers.ledger.proposal import parse_settings, preview_ledger, propose_mapping

    if source is not None and mission is None:
        raise typer.BadParameter("--source saves the mapping for a mission's source: give "
                                 "-m MISSION too")
    parsed = parse_settings(settings or [], constants or [])
    base = load_mapping(mapping) if mapping is not None and mapping.exists() else None
    proposal = propose_mapping(file, settings=parsed, base=base, rows=rows)
    _show_proposal(file, proposal, from_file=mapping if base is not None else None)
    if proposal.mapping is None:
        raise InputError(f"no mapping yet: {proposal.problem}", file=file.name)
    preview = preview_ledger(file, proposal.mapping, mission=(mission or "PREVIEW").upper(),
                             source=source or file.name, rows=rows)
    _show_preview(preview)
    if mapping is not None:
        save_mapping(proposal.mapping, mapping)
        out.print(Text(f"mapping saved to {mapping}"))
    if source is not None and mission is not None:
        with _mappings(db) as service:
            service.save_column_mapping(mission.upper(), source, proposal.mapping,
                                        author=_author(None))
        out.print(Text(f"mapping saved for source {source} of {mission.upper()}: `rbb ledger "
                       f"import FILE -m {mission.upper()} --source {source}` reads with it"))
    if mapping is None and source is None:
        out.print(Text("nothing saved: --mapping FILE writes the mapping, --source S -m M "
                       "keeps it for a source"))


def _show_proposal(file: Path, proposal: "MappingProposal", *, from_file: Path | None) -> None:
    by_column = {column: name for name, column in proposal.columns.items()}
    table = Table("#", "column", "field", "how",
                  title=Text(f"Header of {file.name}"
                             + (f" (mapping from {from_file.name})" if from_file else "")))
    for number, column in enumerate(proposal.header, start=1):
        field = next((f for c, f in by_column.items()
                      if " ".join(c.split()).casefold() == " ".join(column.split()).casefold()),
                     None)
        table.add_row(Text(str(number)), Text(column), Text(field or "-"),
                      Text(proposal.how.get(field, "") if field else ""))
    for name, value in proposal.constants.items():
        table.add_row(Text(""), Text(f"(constant {value!r})"), Text(name), Text("constant"))
    out.print(table)
    for note in proposal.notes:
        out.print(Text(f"note: {note}"))


def _show_preview(preview: "Preview") -> None:
    table = Table("row", "document", "posted", "period", "fund", "funds centre", "account",
                  "type", "amount", "currency", "USD",
                  title=f"The first {preview.rows_read} rows as they would be stored")
    for line in preview.lines:
        table.add_row(*(Text(str(v)) for v in (
            line.row, line.document_number, line.posting_date.isoformat(), line.period.label,
            line.fund, line.funds_centre, line.account, line.document_type.value,
            line.amount, line.currency)), Text(f"{line.amount_usd:,.2f}"))
    out.print(table)
    if preview.bad_rows:
        rows = len({bad.row for bad in preview.bad_rows})
        out.print(Text(f"{rows} of the first {preview.rows_read} rows would be refused:",
                       style="bold"))
        for bad in preview.bad_rows:
            out.print(Text(f"  {bad}"))
    else:
        out.print(Text(f"all {preview.rows_read} rows read"))


# -- rbb ledger accounts | funds-centres -------------------------------------------------

def _mapping_app(kind_name: str) -> typer.Typer:
    """The same six commands for either mapping: the kind is their only difference."""
    accounts = kind_name == "accounts"
    what = "account" if accounts else "funds centre"
    app = typer.Typer(
        help=("Accounts → classes of expenditure" if accounts else
              "Funds centres → offices and components") +
        ": the mapping the ledger's aggregates join with, kept as versions (each change a "
        "new one; docs/execution.md).", no_args_is_help=True)

    def kind() -> "MappingKind":
        from rbb.model.ledger_mappings import MappingKind

        return MappingKind(kind_name)

    @app.command("list")
    def list_command(version: Version = None, as_json: AsJson = False, db: Db = None) -> None:
        """The mapping (its current version, or the one given)."""
        with _mappings(db) as service:
            current = service.current(kind())
            rows = service.rows(kind(), version)
        if as_json:
            typer.echo(json.dumps({"version": version or (current.number if current else None),
                                   "rows": [r.model_dump(mode="json") for r in rows]},
                                  ensure_ascii=False, indent=2))
            return
        number = version or (current.number if current else None)
        title = f"{what.capitalize()} mapping, " + (f"version {number}" if number
                                                   else "none stored")
        columns = ("account", "class", "label") if accounts else (
            "funds centre", "office", "component")
        table = Table(*columns, title=Text(title))
        for row in rows:
            table.add_row(*(Text(str(v or "")) for v in row.model_dump().values()))
        out.print(table)

    @app.command("set")
    def set_command(
        key: Annotated[str, typer.Argument(help=f"The {what}, as extracts print it.",
                                           metavar="ACCOUNT" if accounts else "FUNDS_CENTRE")],
        value: Annotated[str, typer.Argument(
            metavar="CLASS" if accounts else "OFFICE",
            help="The class of expenditure (ground_transportation, ...)." if accounts
            else "The office's name.")],
        label: Annotated[str | None, typer.Option(
            "--label" if accounts else "--component",
            help="What the account holds (kept when not given)." if accounts
            else "The component (substantive, support, ...).")] = None,
        comment: Comment = "", author: Author = None, db: Db = None,
    ) -> None:
        """Map one (a new version)."""
        with _mappings(db) as service:
            if accounts:
                done = service.set_account(key, value, label=label, author=_author(author),
                                           comment=comment)
            else:
                done = service.set_funds_centre(key, value, component=label,
                                                author=_author(author), comment=comment)
        _done(done)

    @app.command("remove")
    def remove_command(key: Annotated[str, typer.Argument(
            help=f"The {what}.", metavar="ACCOUNT" if accounts else "FUNDS_CENTRE")],
                       comment: Comment = "", author: Author = None, db: Db = None) -> None:
        """Remove one (a new version): its lines are then reported as unmapped."""
        with _mappings(db) as service:
            _done(service.remove(kind(), key, author=_author(author),
                                 comment=comment))

    @app.command("import")
    def import_command(
        file: Annotated[Path, typer.Argument(
            help="A CSV: account,class_code,label" if accounts
            else "A CSV: funds_centre,office,component",
            exists=True, dir_okay=False, readable=True)],
        comment: Comment = "", author: Author = None, db: Db = None,
    ) -> None:
        """Replace the whole mapping with a file's (a new version; every row checked
        first)."""
        from rbb.model.ledger_mappings import MAX_MAPPING_FILE_BYTES

        with file.open("rb") as handle:
            data = handle.read(MAX_MAPPING_FILE_BYTES + 1)
        with _mappings(db) as service:
            _done(service.import_file(kind(), data, name=file.name,
                                      author=_author(author), comment=comment))

    @app.command("export")
    def export_command(
        version: Version = None,
        output: Annotated[Path | None, typer.Option(
            "--output", "-o", help="The CSV to write (default: printed).")] = None,
        db: Db = None,
    ) -> None:
        """The mapping as CSV, which `import` reads back."""
        with _mappings(db) as service:
            text = service.export(kind(), version)
        if output is None:
            typer.echo(text, nl=False)
        else:
            write_file(output, text)
            out.print(Text(f"written to {output}"))

    @app.command("history")
    def history_command(as_json: AsJson = False, db: Db = None) -> None:
        """Every version, the newest first: who, when, why, what it changed."""
        with _mappings(db) as service:
            found = service.history(kind())
        if as_json:
            typer.echo(json.dumps([
                {**v.version.model_dump(mode="json", exclude={"kind"}),
                 **v.changes.model_dump(mode="json")} for v in found],
                ensure_ascii=False, indent=2))
            return
        table = Table("version", "when (UTC)", "author", "rows", "changes", "comment",
                      title=Text(f"{what.capitalize()} mapping: versions"))
        for entry in found:
            v, c = entry.version, entry.changes
            table.add_row(Text(str(v.number)), Text(v.created_at.isoformat(timespec="seconds")),
                          Text(v.author), Text(str(v.rows)),
                          Text(f"+{len(c.added)} -{len(c.removed)} ~{len(c.changed)}"),
                          Text(v.comment))
        out.print(table)

    _ = (list_command, set_command, remove_command, import_command, export_command,
         history_command)
    if not accounts:
        app.command("totals")(_office_totals_command)
    return app


def _office_totals_command(mission: Mission, period: PeriodOpt, as_json: AsJson = False,
                           db: Db = None) -> None:
    """A period's expenditure (obligations plus adjustments) by funds centre, with the
    office and component the current mapping gives each; a funds centre it does not
    hold is listed with no office, never left out."""
    from decimal import Decimal

    with _mappings(db) as service:
        totals = service.office_totals(mission.upper(), parse_period(period))
    if as_json:
        typer.echo(json.dumps([{
            "funds_centre": t.funds_centre, "office": t.office, "component": t.component,
            "obligated": str(t.obligated), "disbursed": str(t.disbursed),
            "adjusted": str(t.adjusted), "expenditure": str(t.obligated + t.adjusted),
            "lines": t.lines} for t in totals], ensure_ascii=False, indent=2))
        return
    table = Table("funds centre", "office", "component", "expenditure", "lines",
                  title=Text(f"{mission.upper()} {period}: expenditure in dollars by office"))
    for t in totals:
        table.add_row(Text(t.funds_centre), Text(t.office or "(no office)"),
                      Text(t.component or ""), Text(f"{t.obligated + t.adjusted:,.2f}"),
                      Text(str(t.lines)))
    total = sum((t.obligated + t.adjusted for t in totals), Decimal(0))
    table.add_row(Text("total"), Text(""), Text(""), Text(f"{total:,.2f}"),
                  Text(str(sum(t.lines for t in totals))))
    out.print(table)


def _done(version: "MappingVersion") -> None:
    what = "account" if version.kind.value == "accounts" else "funds-centre"
    out.print(Text(f"{what} mapping version {version.number} stored ({version.rows} rows): "
                   f"{version.comment}"))

