"""``rbb proposal report``: a revision of a budget proposal as the Secretary-General's
report, clean by default (docs/preparation.md, "The report for submission").

Thin: parse options, call :mod:`rbb.services.proposal_reports`, write the file."""

import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.text import Text

from .options import Db, open_engine, output_console, write_file

out = output_console()


def register(app: typer.Typer) -> None:
    from .proposals import app as proposal_app

    proposal_app.command("report")(report_command)


def report_command(
    proposal: Annotated[int, typer.Argument(min=1, help="The proposal's number.")],
    revision: Annotated[int | None, typer.Option(
        "--revision", "-r", min=1, help="A revision other than the newest.")] = None,
    format_: Annotated[str, typer.Option(
        "--format", "-f", metavar="html|md|docx|pdf",
        help="html, md, docx, pdf or a plugin's format.")] = "html",
    annotate: Annotated[bool, typer.Option(
        "--annotate/--clean",
        help="--clean (the default): the report as sent for submission, without any check "
             "finding. --annotate: the reviewer's copy, the figures the checks question "
             "marked, noted under their tables and listed in an annex.")] = False,
    output: Annotated[Path | None, typer.Option(
        "--output", "-o", help="The file to write ('-' for standard output). Default: the "
                               "report's file name in the current folder.")] = None,
    db: Db = None,
) -> None:
    """Render a revision (the newest by default) as the Secretary-General's report; an
    issued proposal's issued revision is rendered as issued, not as a draft."""
    from rbb.model.errors import InputError
    from rbb.reports import report_format
    from rbb.services.proposal_reports import proposal_report
    from rbb.services.proposal_service import ProposalService

    fmt = report_format(format_)
    done = proposal_report(ProposalService(open_engine(db)), proposal, fmt,
                           revision=revision, annotate=annotate)
    if output is not None and str(output) == "-":
        sys.stdout.buffer.write(done.data)
        sys.stdout.buffer.flush()
        return
    path = output or Path(done.filename)
    if path.is_dir():
        raise InputError(f"{path} is a folder; name the file to write")
    write_file(path, done.data)
    out.print(Text(f"wrote revision {done.revision} of proposal {proposal} "
                   f"({'annotated' if done.annotated else 'clean'}) to {path}"))
