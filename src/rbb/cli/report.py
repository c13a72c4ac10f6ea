"""``rbb report``: regenerate the Secretary-General's reports from the store."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from rbb.model.errors import NotYetAvailableError

from .options import Db, Kind, Mission, PeriodOpt


def register(app: typer.Typer) -> None:
    app.command("report")(report_command)


def report_command(
    mission: Mission,
    period: PeriodOpt,
    kind: Kind,
    format_: Annotated[str, typer.Option("--format", "-f", help="html, docx, pdf, md or all.")]
    = "html",
    output: Annotated[Path | None, typer.Option("--output", "-o")] = None,
    db: Db = None,
) -> None:
    """Produce the budget or performance report (HTML, Word, PDF, Markdown)."""
    raise NotYetAvailableError(
        "report generation is being built (see the reports issue); until then use "
        "`rbb export` for the data")
