"""``rbb users add|list|set-role|remove|password|token``: accounts of the web app."""

import sys
from typing import TYPE_CHECKING, Annotated

import typer
from rich.table import Table

from rbb.model.errors import InputError

from .options import Db, open_engine, output_console

if TYPE_CHECKING:
    from rbb.storage.accounts import AccountStore

app = typer.Typer(help="Users of the web app and their roles (viewer, editor, approver, admin).",
                  no_args_is_help=True)
out = output_console()

RoleOpt = Annotated[str, typer.Option("--role", "-r",
                                      help="viewer (reads), editor (imports and edits), "
                                           "approver (also returns, approves and issues "
                                           "proposals) or admin (manages users).")]
PasswordStdin = Annotated[bool, typer.Option(
    "--password-stdin", help="Read the password from the first line of standard input "
                             "instead of asking for it.")]


VIEWER = "viewer"
"""``Role.VIEWER``'s value: the accounts (and SQLAlchemy) load when a command runs."""


def _accounts(db: str | None) -> "AccountStore":
    from rbb.storage.accounts import AccountStore

    return AccountStore(open_engine(db))


def _password(from_stdin: bool) -> str:
    if from_stdin:
        line = sys.stdin.readline()
        if not line.strip():
            raise InputError("no password on standard input")
        return line.rstrip("\r\n")
    password: str = typer.prompt("Password", hide_input=True, confirmation_prompt=True)
    return password


@app.command()
def add(username: Annotated[str, typer.Argument(help="Lower-case letters, digits, . _ -")],
        role: RoleOpt = VIEWER, password_stdin: PasswordStdin = False,
        db: Db = None) -> None:
    """Add a user with a password (hashed with argon2)."""
    from rbb.storage.accounts import parse_role

    chosen = parse_role(role)
    user = _accounts(db).add_user(username, _password(password_stdin), chosen)
    out.print(f"added {user.username} ({user.role.value})")


@app.command("list")
def list_users(db: Db = None) -> None:
    """List users, their roles and their API tokens."""
    accounts = _accounts(db)
    tokens: dict[str, list[str]] = {}
    for token in accounts.tokens():
        tokens.setdefault(token.username, []).append(f"{token.name} ({token.prefix}…)")
    table = Table("user", "role", "since", "API tokens", title="Users")
    for user in accounts.users():
        table.add_row(user.username, user.role.value, user.created_at.strftime("%Y-%m-%d"),
                      ", ".join(tokens.get(user.username, [])) or "—")
    out.print(table)


@app.command("set-role")
def set_role(username: str, role: Annotated[str, typer.Argument(
        help="viewer, editor, approver or admin")], db: Db = None) -> None:
    """Change a user's role (the last admin stays admin)."""
    from rbb.storage.accounts import parse_role

    user = _accounts(db).set_role(username, parse_role(role))
    out.print(f"{user.username} is now {user.role.value}")


@app.command()
def remove(username: str, db: Db = None) -> None:
    """Remove a user, their sessions and their API tokens (never the last admin)."""
    _accounts(db).remove_user(username)
    out.print(f"removed {username}")


@app.command()
def password(username: str, password_stdin: PasswordStdin = False, db: Db = None) -> None:
    """Set a user's password; their sessions end."""
    _accounts(db).set_password(username, _password(password_stdin))
    out.print(f"password of {username} changed; their sessions have ended")


@app.command()
def token(username: str,
          name: Annotated[str, typer.Option("--name", "-n", help="What the token is for.")]
          = "script", db: Db = None) -> None:
    """Make an API token for a user (printed once: keep it)."""
    made, secret = _accounts(db).create_token(username, name)
    out.print(f"API token {made.name!r} for {made.username} (shown once):", highlight=False)
    sys.stdout.write(secret + "\n")
