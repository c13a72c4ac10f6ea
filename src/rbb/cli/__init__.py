"""The ``rbb`` command: a thin layer over the library (datasette's model).

Typed errors become messages here and nowhere else: exit 1 for a failure,
2 for a capability that is not available yet.
"""

from __future__ import annotations

import sys

import typer
from rich.console import Console

from rbb.model.errors import NotYetAvailableError, RbbError

from . import check, db, documents, report, serve

app = typer.Typer(
    name="rbb",
    help="Results-based budgeting and performance reporting for UN peacekeeping missions.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
app.add_typer(db.app, name="db")
documents.register(app)
check.register(app)
report.register(app)
serve.register(app)

err = Console(stderr=True)


def main() -> None:
    try:
        app(standalone_mode=False)
    except NotYetAvailableError as error:
        err.print(f"[yellow]not yet available:[/] {error}")
        sys.exit(2)
    except RbbError as error:
        err.print(f"[red]error:[/] {error}")
        sys.exit(1)
    except typer.Exit as exit_:
        sys.exit(exit_.exit_code)
    except typer.Abort:
        err.print("aborted")
        sys.exit(1)
    except Exception as error:  # click's usage errors
        from click import ClickException

        if isinstance(error, ClickException):
            error.show()
            sys.exit(error.exit_code)
        raise
