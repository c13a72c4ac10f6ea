"""The ``rbb`` command: a thin layer over the library (datasette's model).

Every expected failure becomes a one-line message here and nowhere else: exit 1
for a failure (bad input, a full disk, a store that cannot be reached), 2 for a
usage error or a capability that is not available yet. Only a bug in rbb shows a
traceback.
"""

from __future__ import annotations

import sys

import typer

from rbb.model.errors import NotYetAvailableError, RbbError

from . import (
    check,
    costing,
    db,
    documents,
    draft_performance,
    execution,
    ledger,
    missions,
    post_actions,
    proposal_comments,
    proposal_report,
    proposals,
    report,
    requests,
    serve,
    users,
    workbook,
)
from .options import error_console, styled

app = typer.Typer(
    name="rbb",
    help="Results-based budgeting and performance reporting for UN peacekeeping missions.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
app.add_typer(db.app, name="db")
app.add_typer(users.app, name="users")
app.add_typer(missions.app, name="missions")
app.add_typer(ledger.app, name="ledger")
documents.register(app)
check.register(app)
report.register(app)
serve.register(app)
costing.register(app)
requests.register(app)
execution.register(app)
draft_performance.register(app)
proposals.register(app)
post_actions.register(proposals.app)
proposal_comments.register(proposals.app)
proposal_report.register(app)
workbook.register(app)

err = error_console()


def _usage_errors() -> tuple[type[Exception], ...]:
    """click's exceptions, and those of the copy of click that typer vendors (from typer
    0.26 on, ``typer._click``): both are found from what typer itself raises. The click
    package is looked at only when something has loaded it (then its exceptions can have
    been raised): importing it for every command cost its start-up."""
    found: list[type[Exception]] = [
        cls for cls in typer.BadParameter.__mro__
        if cls.__name__ == "ClickException" and issubclass(cls, Exception)]
    click = sys.modules.get("click")
    if click is not None:
        found.append(click.ClickException)
    return tuple(dict.fromkeys(found))


def failure_message(error: BaseException) -> str | None:
    """The one-line message of an expected failure; None for a bug."""
    from sqlalchemy.exc import SQLAlchemyError

    from rbb.plugins import PluginError

    if isinstance(error, RbbError | PluginError):
        return str(error)
    if isinstance(error, OSError):
        where = f"{error.filename}: " if error.filename else ""
        return f"{where}{error.strerror or error}"
    if isinstance(error, MemoryError):
        return "out of memory"
    if isinstance(error, SQLAlchemyError):
        cause = getattr(error, "orig", None) or error
        first = (str(cause).strip().splitlines() or [type(cause).__name__])[0]
        return f"the database failed ({type(cause).__name__}): {first}"
    return None


def run(argv: list[str] | None = None) -> int:
    """Run one command line and return its exit code (tests call this directly)."""
    try:
        code = app(args=argv, standalone_mode=False)
    except NotYetAvailableError as error:
        err.print(styled(("not yet available:", "yellow"), f" {error}"), highlight=False)
        return 2
    except typer.Exit as exit_:
        return exit_.exit_code
    except (typer.Abort, KeyboardInterrupt):
        err.print("aborted")
        return 1
    except Exception as error:
        if isinstance(error, _usage_errors()):
            error.show()  # type: ignore[attr-defined]
            exit_code: int = error.exit_code  # type: ignore[attr-defined]
            return exit_code
        message = failure_message(error)
        if message is None:
            raise
        err.print(styled(("error:", "red"), f" {message}"), highlight=False)
        return 1
    return code if isinstance(code, int) else 0


def main() -> None:
    sys.exit(run())
