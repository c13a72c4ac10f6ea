"""``rbb report``: regenerate the Secretary-General's reports from the store."""

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

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
    write_file,
    writing,
)

if TYPE_CHECKING:
    from rbb.model import Document, Finding

out = output_console()
err = error_console()

DEFAULT_FOLDER = Path("out")


ALL = "all"


def register(app: typer.Typer) -> None:
    app.command("report")(report_command)


def report_command(
    mission: Mission,
    period: PeriodOpt,
    kind: Kind,
    format_: Annotated[str, typer.Option(
        "--format", "-f", metavar="html|docx|pdf|md|all",
        help="html, docx, pdf, md, a plugin's format, or all (every format into a folder).")]
    = "html",
    output: Annotated[Path | None, typer.Option(
        "--output", "-o", help="The file to write ('-' for standard output); with --format all "
                               "the folder (default: out/). Default: the report's file name "
                               "in the current folder.")] = None,
    annotate: Annotated[bool, typer.Option(
        "--annotate/--clean",
        help="Annotated (the default, for a reviewer): the figures a check finding concerns "
             "are marked, the findings noted under their tables and listed in an annex. "
             "--clean: the report as sent to the Advisory Committee, without any of it.")]
    = True,
    db: Db = None,
) -> None:
    """Produce the budget or performance report (HTML, Word, PDF, Markdown) from the store;
    annotated with the check findings unless --clean."""
    from rbb.engine.checks import run_checks
    from rbb.reports import build_report, render_report, report_filename, report_format

    if kind.legislative:
        raise InputError(f"{mission.upper()} {period} {kind.value}: rbb report regenerates the "
                         "budget and performance reports of the Secretary-General; a report of "
                         "the Advisory Committee or a resolution is shown by 'rbb show' and "
                         "exported by 'rbb export'")
    fmt = None if format_ == ALL else report_format(format_)
    store = open_store(db)
    document = store.load(mission, parse_period(period), kind)
    stored = store.load_all()
    context = [d for d in stored if d.key != document.key]
    findings = run_checks([document, *context]) if annotate else []
    if fmt is None:
        _write_all(document, output or DEFAULT_FOLDER, context, findings, annotate)
        return
    report = build_report(document, context_documents=context, findings=findings,
                          annotate=annotate)
    if output is not None and str(output) == "-":
        sys.stdout.buffer.write(render_report(report, fmt))
        sys.stdout.buffer.flush()
        return
    path = output or Path(report_filename(report, fmt))
    if path.is_dir():
        raise InputError(f"{path} is a folder; name the file, or use --format all for a folder")
    write_file(path, render_report(report, fmt))
    out.print(f"wrote {path}", highlight=False, soft_wrap=True)


def _write_all(document: "Document", folder: Path, context: "list[Document]",
               findings: "list[Finding]", annotate: bool) -> None:
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

    from rbb.reports import ReportFormat, report_formats, write_all

    if folder.exists() and not folder.is_dir():
        raise InputError(f"{folder} is a file; --format all writes into a folder")
    formats = report_formats()
    columns = (TextColumn("{task.description}", style="bold", markup=False), BarColumn(),
               MofNCompleteColumn())
    with Progress(*columns, console=err, transient=True) as progress:
        task = progress.add_task(f"{document.key}: building", total=len(formats))

        def advance(fmt: ReportFormat, path: Path) -> None:
            progress.update(task, advance=1, description=f"{document.key}: wrote {path.name}")

        with writing(folder):
            paths = write_all(document, folder, formats=formats, context_documents=context,
                              findings=findings, progress=advance, annotate=annotate)
    for path in paths:
        out.print(f"wrote {path}", highlight=False, soft_wrap=True)
