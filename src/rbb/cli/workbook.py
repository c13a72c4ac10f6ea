"""``rbb workbook export|import``: a revision of a budget proposal as an Excel workbook,
edited in Excel and read back as a new revision (docs/preparation.md, "Workbook round
trip").

Thin: parse options, call :mod:`rbb.services.proposal_workbook` and
:mod:`rbb.services.proposal_workbook_reading`, print what changed (data as ``Text``)."""

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.table import Table
from rich.text import Text

from .options import Db, error_console, output_console

if TYPE_CHECKING:
    from rbb.services.proposal_workbook_reading import CellEdit

app = typer.Typer(help="A budget proposal as an Excel workbook, and back "
                       "(docs/preparation.md).", no_args_is_help=True)
out = output_console()
err = error_console()

ProposalArg = Annotated[int, typer.Argument(min=1, help="The proposal's number.")]


def register(app_: typer.Typer) -> None:
    app_.add_typer(app, name="workbook")


@app.command("export")
def export_command(
    proposal: ProposalArg,
    output: Annotated[Path, typer.Option("--output", "-o", help="The workbook to write "
                                         "(.xlsx).")],
    revision: Annotated[int | None, typer.Option(
        "--revision", "-r", min=1, help="A revision other than the newest.")] = None,
    db: Db = None,
) -> None:
    """Write a revision of the proposal as a workbook: cost estimates by class, vacancy
    factors, frameworks and variance explanations, one sheet each; only the input cells
    are unlocked."""
    from io import BytesIO

    from rbb.services.proposal_service import ProposalService
    from rbb.services.proposal_workbook import workbook

    from .options import open_engine, write_file

    view = ProposalService(open_engine(db)).show(proposal, revision)
    buffer = BytesIO()
    workbook(proposal, view.head.number, view.document).save(buffer)
    write_file(output, buffer.getvalue())
    out.print(Text(f"wrote revision {view.head.number} of proposal {proposal} to {output}"))


@app.command("import")
def import_command(
    proposal: ProposalArg,
    file: Annotated[Path, typer.Argument(help="A workbook rbb workbook export wrote, "
                                         "edited.")],
    by: Annotated[str, typer.Option("--by", help="The acting user (an editor).")],
    comment: Annotated[str, typer.Option("--comment", "-c", help="A short comment.")] = "",
    dry_run: Annotated[bool, typer.Option(
        "--dry-run", help="Show what would change; store nothing.")] = False,
    db: Db = None,
) -> None:
    """Read an edited workbook as a new revision, based on the revision it was exported
    from; show the cells edited and the comparison with the newest revision first."""
    from rbb.services.proposal_service import ProposalService
    from rbb.services.proposal_workbook_reading import import_workbook

    from .options import open_engine
    from .proposals import print_diff

    done = import_workbook(ProposalService(open_engine(db)), proposal, file, by=by,
                           comment=comment, dry_run=dry_run)
    reading = done.reading
    if not reading.edits:
        out.print(Text(f"the workbook holds revision {reading.revision} of proposal "
                       f"{proposal} unchanged: nothing to save"))
        return
    _print_edits(reading.edits, reading.revision)
    print_diff(done.diff)
    if done.saved is None:
        cells = f"{len(reading.edits)} cell" + ("s" if len(reading.edits) > 1 else "")
        out.print(Text(f"dry run: {cells} would be saved as revision "
                       f"{done.head + 1} of proposal {proposal}; nothing stored"))
    else:
        merged = (f", merged onto revision {done.head}" if done.head != reading.revision
                  else "")
        out.print(Text(f"saved revision {done.saved} of proposal {proposal} "
                       f"(from the workbook of revision {reading.revision}{merged})"))


def _print_edits(edits: "tuple[CellEdit, ...]", revision: int) -> None:
    table = Table("cell", f"revision {revision}", "workbook",
                  title=f"Cells edited against revision {revision}")
    for edit in edits:
        table.add_row(Text(edit.where), Text(_text(edit.old)), Text(_text(edit.new)))
    out.print(table)


def _text(value: object) -> str:
    if value is None:
        return "—"
    text = str(value)
    return text if len(text) <= 80 else text[:77] + "…"
