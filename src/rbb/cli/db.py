"""``rbb db init|upgrade|status``: create and migrate the store."""

import typer

from .options import Db, output_console

app = typer.Typer(help="Create and migrate the database.", no_args_is_help=True)
out = output_console()


@app.command()
def init(db: Db = None) -> None:
    """Create the database (SQLite file or PostgreSQL schema) at the newest schema."""
    _upgrade(db)


@app.command("upgrade")
def upgrade_command(db: Db = None) -> None:
    """Apply any pending migrations."""
    _upgrade(db)


@app.command()
def status(db: Db = None) -> None:
    """Show the database URL and its schema revision."""
    from rbb.storage.database import create_database_engine, current_revision, head_revision

    engine = create_database_engine(db)
    url = engine.url.render_as_string(hide_password=True)
    out.print(f"database: {url}\nrevision: {current_revision(engine) or 'none'} "
              f"(newest: {head_revision()})")


def _upgrade(db: str | None) -> None:
    from rbb.storage.database import create_database_engine, current_revision, upgrade

    engine = create_database_engine(db)
    before = current_revision(engine)
    upgrade(engine)
    after = current_revision(engine)
    from rbb.services.mission_register_service import MissionRegisterService

    seeded = MissionRegisterService(engine).seed()
    url = engine.url.render_as_string(hide_password=True)
    if seeded:
        out.print(f"mission register: {seeded} entr{'y' if seeded == 1 else 'ies'} added or "
                  "brought up to date")
    if before == after:
        out.print(f"database {url} is up to date (revision {after})")
    else:
        out.print(f"database {url} upgraded from {before or 'empty'} to revision {after}")
