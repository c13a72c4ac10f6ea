"""The ``rbb`` command: a thin layer over the library (datasette's model).

Typed errors become messages here and nowhere else: exit 1 for a failure,
2 for a capability that is not available yet.
"""

from __future__ import annotations

import sys

import typer

from rbb.model.errors import NotYetAvailableError, RbbError

from . import check, costing, db, documents, report, serve, users
from .options import error_console

app = typer.Typer(
    name="rbb",
    help="Results-based budgeting and performance reporting for UN peacekeeping missions.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
app.add_typer(db.app, name="db")
app.add_typer(users.app, name="users")
documents.register(app)
check.register(app)
report.register(app)
serve.register(app)
costing.register(app)

err = error_console()


def run(argv: list[str] | None = None) -> int:
    """Run one command line and return its exit code (tests call this directly)."""
    from click import ClickException

    try:
        code = app(args=argv, standalone_mode=False)
    except NotYetAvailableError as error:
        err.print(f"[yellow]not yet available:[/] {error}", highlight=False)
        return 2
    except RbbError as error:
        err.print(f"[red]error:[/] {error}", highlight=False)
        return 1
    except typer.Exit as exit_:
        return exit_.exit_code
    except typer.Abort:
        err.print("aborted")
        return 1
    except ClickException as error:
        error.show()
        return error.exit_code
    return code if isinstance(code, int) else 0


def main() -> None:
    sys.exit(run())
