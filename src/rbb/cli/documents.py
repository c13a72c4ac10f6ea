"""``rbb import|export|load|list|seed``: documents in and out of the store."""

import sys
from enum import StrEnum
from importlib.resources import files
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.table import Table
from rich.text import Text

from rbb.model.errors import InputError

from .options import (
    Db,
    Kind,
    Mission,
    PeriodOpt,
    error_console,
    open_store,
    output_console,
    parse_period,
    styled,
    write_file,
    writing,
)

if TYPE_CHECKING:
    from rich.console import Console

    from rbb.importers import ImportResult
    from rbb.model.mission_register import MissionRegister
    from rbb.storage import DocumentStore
    from rbb.storage.listing import ListedDocument

out = output_console()
err = error_console()

EMBEDDED = ("unmik-budget-2025-26.txt", "unmik-performance-2021-22.txt")


class ImportFormat(StrEnum):
    TEXT = "text"
    JSON = "json"
    FACTS = "facts"


class ExportFormat(StrEnum):
    JSON = "json"
    FACTS = "facts"
    DATAPACKAGE = "datapackage"


def register(app: typer.Typer) -> None:
    app.command("import")(import_command)
    app.command("export")(export_command)
    app.command("load")(load_command)
    app.command("list")(list_command)
    app.command("show")(show_command)
    app.command("seed")(seed_command)


def import_command(
    files_: Annotated[list[Path], typer.Argument(metavar="FILE...", help="Report text or PDF.")],
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Parse and report; store nothing.")]
    = False,
    format_: Annotated[ImportFormat, typer.Option("--format", "-f",
                       help="With --dry-run: text summary, canonical json, or facts CSV.")]
    = ImportFormat.TEXT,
    strict: Annotated[bool, typer.Option("--strict", help="Any unplaced line is an error.")]
    = False,
    partial: Annotated[bool, typer.Option(
        "--partial", help="Store an excerpt (its text lacks sections its contents list names) "
        "marked partial; without it such a file is refused.")] = False,
    db: Db = None,
) -> None:
    """Import budget and performance reports (all files are stored, or none)."""
    from rbb.services.imports import store_results

    store = open_store(db)
    results = _parse_with_progress(files_, isolated=True, register=_register(store))
    storable = all(r.ok(strict=strict, partial=partial) for r in results)
    if format_ is not ImportFormat.TEXT:
        if not dry_run:
            raise InputError("--format json|facts prints the parsed data; use it with --dry-run")
        _print_parsed(results, format_)
        _print_diagnostics(results, console=err)
        raise typer.Exit(0 if storable else 1)
    _print_summary(results)
    for result in results:
        if dry_run or result.incomplete:
            _print_coverage(result, partial=partial, dry_run=dry_run)
    _print_diagnostics(results, console=out)
    if dry_run:
        raise typer.Exit(0 if storable else 1)
    outcome = store_results(store, results, strict=strict, partial=partial)
    if outcome.stored:
        out.print(styled((f"stored {len(results)} document(s)", "green")))
        return
    reason = "errors" if any(r.errors or r.document is None for r in results) else \
        "unplaced lines (--strict)"
    err.print(styled(("nothing stored:", "red"),
                     f" {reason} in {len(outcome.failed) or len(results)} file(s)"))
    raise typer.Exit(1)


def seed_command(db: Db = None) -> None:
    """Import the UNMIK reports rbb ships (its embedded default data)."""
    from rbb.services.imports import store_results
    from rbb.services.mission_register_service import MissionRegisterService

    store = open_store(db)
    MissionRegisterService(store.engine).seed()
    folder = files("rbb.data").joinpath("seeds")
    paths = [Path(str(folder.joinpath(name))) for name in EMBEDDED]
    results = _parse_with_progress(paths, isolated=False)
    _print_summary(results)
    _print_diagnostics(results, console=out)
    storable = [r for r in results if r.ok()]
    outcome = store_results(store, storable)
    for result in results:
        if result.document is None or result.errors:
            out.print(styled((f"{Path(result.file).name}: no importer could read it; not stored",
                              "yellow")))
    out.print(f"stored {len(storable) if outcome.stored else 0} of {len(results)} embedded "
              "document(s)")


def export_command(
    mission: Mission,
    period: PeriodOpt,
    kind: Kind,
    format_: Annotated[ExportFormat, typer.Option("--format", "-f")] = ExportFormat.JSON,
    output: Annotated[Path | None, typer.Option("--output", "-o",
                      help="File (json, facts) or folder (datapackage); default: stdout.")]
    = None,
    db: Db = None,
) -> None:
    """Write a stored document as canonical JSON, facts CSV or a data package."""
    from rbb.model.facts import document_facts, facts_csv
    from rbb.services.data_format import to_json
    from rbb.services.datapackage import write_datapackage

    document = open_store(db).load(mission, parse_period(period), kind)
    if format_ is ExportFormat.DATAPACKAGE:
        if output is None:
            raise InputError("a data package is a folder: give it with --output DIR")
        with writing(output):
            target = write_datapackage([document], output)
        out.print(f"wrote {target}")
        return
    text = to_json(document) if format_ is ExportFormat.JSON else facts_csv(
        document_facts(document))
    if output is None:
        sys.stdout.write(text)
    else:
        write_file(output, text)
        err.print(f"wrote {output}")


def load_command(
    file: Annotated[Path, typer.Argument(help="A document in rbb's JSON data format.")],
    db: Db = None,
) -> None:
    """Store a document from its canonical JSON (replacing one with the same identity)."""
    from rbb.services.data_format import read_document
    from rbb.services.stored_findings import StoredFindings

    document = read_document(file)
    store = open_store(db)
    store.save(document)
    StoredFindings(store.engine).refresh(mission=document.mission.code)
    out.print(f"stored {document.key}")


def list_command(
    mission: Annotated[str | None, typer.Option("--mission", "-m")] = None, db: Db = None,
) -> None:
    """List the stored documents."""
    table = Table("mission", "period", "kind", "symbol", "date", "facts", "source",
                  title="Stored documents")
    for listed in _listed(db, mission):
        summary = listed.summary
        kind = f"{summary.kind.value} (partial)" if listed.partial else summary.kind.value
        table.add_row(summary.mission, summary.period.label, kind,
                      summary.symbol or "", summary.date.isoformat() if summary.date else "",
                      str(summary.fact_count), summary.source_name or "")
    out.print(table)


def _listed(db: str | None, mission: str | None) -> "list[ListedDocument]":
    """An SQLite file at the newest schema is read with the standard library (start-up:
    no SQLAlchemy); any other store is opened, and migrated, as every command opens it."""
    from rbb.storage.listing import ListedDocument, list_sqlite_file

    listed = list_sqlite_file(db, mission=mission)
    if listed is not None:
        return listed
    store = open_store(db)
    summaries = store.summaries(mission=mission)
    partial = set(store.partial_ids([summary.id for summary in summaries]))
    return [ListedDocument(summary, summary.id in partial) for summary in summaries]


def show_command(mission: Mission, period: PeriodOpt, kind: Kind, db: Db = None) -> None:
    """Show a stored document: its identity, then what an ACABQ report or a resolution
    states (stage figures, recommendations, decisions, financing, each with its paragraph
    and line) or how much of each part a report holds."""
    from rbb.model.facts import document_facts

    from .show import document_tables, identity_table

    document = open_store(db).load(mission, parse_period(period), kind)
    out.print(identity_table(document, len(document_facts(document))))
    for table in document_tables(document):
        out.print(table)


def _register(store: "DocumentStore") -> "MissionRegister":
    """The store's register of missions (with an admin's edits), which reading a report
    looks its mission up in."""
    from rbb.services.mission_register_service import MissionRegisterService

    return MissionRegisterService(store.engine).register()


def _parse_with_progress(paths: list[Path], *, isolated: bool,
                         register: "MissionRegister | None" = None) -> "list[ImportResult]":
    """A bar over files, its label naming the section being read. A user's files are read
    in a worker bounded in memory and time (``read_isolated``); rbb's own seeds in place."""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

    from rbb.importers import import_path, watching_sections
    from rbb.services.isolated_reading import read_isolated

    with Progress(TextColumn("{task.description}", style="progress.description", markup=False),
                  BarColumn(),
                  MofNCompleteColumn(), console=err, transient=True,
                  disable=not err.is_terminal) as progress:
        task = progress.add_task("importing", total=len(paths))
        results = []
        for path in paths:
            def show(section: str, name: str = path.name) -> None:
                progress.update(task, description=f"importing {name} · {section}")

            if isolated:
                results.append(read_isolated(path, progress=show, register=register))
            else:
                with watching_sections(show):
                    results.append(import_path(path, register=register))
            progress.advance(task)
        return results


def _print_parsed(results: "list[ImportResult]", format_: ImportFormat) -> None:
    from rbb.model.facts import document_facts, facts_csv
    from rbb.services.data_format import to_json

    for result in results:
        if result.document is None:
            continue
        if format_ is ImportFormat.JSON:
            sys.stdout.write(to_json(result.document))
        else:
            sys.stdout.write(facts_csv(document_facts(result.document)))


def _print_summary(results: "list[ImportResult]") -> None:
    from rbb.model.facts import document_facts

    table = Table("file", "kind", "mission", "period", "symbol", "facts", "warnings", "errors",
                  title="Import")
    for result in results:
        doc = result.document
        table.add_row(
            Path(result.file).name,
            doc.kind.value if doc else "—",
            doc.mission.code if doc else "—",
            doc.period.label if doc else "—",
            (doc.symbol or "") if doc else "",
            str(len(document_facts(doc))) if doc else "0",
            str(len(result.warnings)),
            str(len(result.errors)),
        )
    out.print(table)


def _print_coverage(result: "ImportResult", *, partial: bool, dry_run: bool) -> None:
    """The sections and tables read, each where it starts, and the contents entries the
    text lacks: what ``--partial`` would store as a partial document."""
    from rbb.model.coverage import TABLE_TITLES

    coverage = result.document.coverage if result.document is not None else None
    if coverage is None:
        return
    name = Path(result.file).name
    table = Table("part", "label", "title", "line", "in the text",
                  title=Text(f"Coverage of {name}"))
    contents = {entry.label: entry for entry in coverage.contents}
    for section in coverage.sections:
        table.add_row("section", Text(section.label), Text(section.title),
                      str(section.line or ""), "yes")
    for entry in coverage.missing_sections:
        table.add_row("section", Text(entry.label), Text(entry.title),
                      f"contents, line {entry.line}", Text("no", style="red"))
    for read in coverage.tables:
        table.add_row("table", Text(read.table), Text(read.title), str(read.line or ""), "yes")
    for missing in coverage.missing_tables:
        table.add_row("table", Text(missing), Text(TABLE_TITLES.get(missing, missing)), "",
                      Text("no", style="red"))
    out.print(table)
    listed = sum(1 for entry in contents.values() if entry.in_text)
    if coverage.contents:
        out.print(f"{name}: {listed} of {len(coverage.contents)} sections its contents list "
                  "names are in the text", highlight=False)
    if not coverage.complete:
        out.print(styled((f"{name}: partial document", "yellow"),
                         f" ({coverage.listing()}); ",
                         ("would be stored marked partial" if dry_run else "stored marked partial")
                         if partial else "stored only with --partial"),
                  highlight=False)


def _print_diagnostics(results: "list[ImportResult]", *, console: "Console") -> None:
    for result in results:
        for diagnostic in result.diagnostics:
            colour = {"error": "red", "warning": "yellow"}.get(diagnostic.severity.value, "blue")
            text = ("  " + diagnostic.text.strip(), "dim") if diagnostic.text else ""
            console.print(styled((diagnostic.severity.value, colour),
                                 f" {diagnostic.location()}: {diagnostic.message}", text),
                          highlight=False)
