"""Commands import only what they use (issue 12): ``rbb --help`` and ``rbb list`` must not
load the reports, the web app or Alembic, and ``rbb list`` of an SQLite store at the newest
schema neither SQLAlchemy nor a record. Guarded by the modules a fresh interpreter has
loaded, never by timing (the times are in benches/bench_startup.py)."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import typer

import rbb.model
from rbb.cli import app, run
from rbb.cli.costing import KEY_HELP
from rbb.costing import KEY_HELP as COSTING_KEY_HELP

HEAVY = ("matplotlib", "alembic", "weasyprint", "docx", "openpyxl", "pdfplumber", "PIL",
         "fastapi", "uvicorn", "jinja2")
"""What no command loads before it needs it (reports, web app, migrations)."""


def modules_after(code: str) -> set[str]:
    """The modules a fresh interpreter has loaded after running ``code``."""
    probe = f"{code}\nimport sys, json\nprint(json.dumps(sorted(sys.modules)))"
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                          check=True, timeout=120)
    return set(json.loads(done.stdout.strip().splitlines()[-1]))


def loaded_after(code: str) -> set[str]:
    """The top-level packages a fresh interpreter has loaded after running ``code``."""
    return {name.split(".")[0] for name in modules_after(code)}


def test_importing_the_command_loads_neither_reports_nor_web_nor_store() -> None:
    loaded = loaded_after("import rbb.cli")
    assert loaded.isdisjoint({*HEAVY, "sqlalchemy", "pydantic"}), loaded & {
        *HEAVY, "sqlalchemy", "pydantic"}


@pytest.mark.parametrize("argv", [["--help"], ["check", "--help"], ["report", "--help"],
                                  ["scenario", "set", "--help"], ["users", "--help"],
                                  ["missions", "--help"], ["draft-performance", "--help"],
                                  ["proposal", "new", "--help"],
                                  ["audit-trail", "verify", "--help"]])
def test_help_loads_neither_reports_nor_web_nor_store(argv: list[str]) -> None:
    loaded = loaded_after(
        f"import contextlib, io, rbb.cli\nwith contextlib.redirect_stdout(io.StringIO()):\n"
        f"    assert rbb.cli.run({argv!r}) == 0")
    assert loaded.isdisjoint({*HEAVY, "sqlalchemy"}), loaded & {*HEAVY, "sqlalchemy"}


@pytest.mark.parametrize("command", [["check"], ["missions", "list"],
                                     ["missions", "show", "UNMIK"]])
def test_reading_an_up_to_date_store_does_not_load_alembic(tmp_path: Path,
                                                           command: list[str]) -> None:
    db = f"sqlite:///{tmp_path / 'rbb.sqlite'}"
    assert run(["db", "init", "--db", db]) == 0
    loaded = loaded_after(
        f"import contextlib, io, rbb.cli\nwith contextlib.redirect_stdout(io.StringIO()):\n"
        f"    assert rbb.cli.run([*{command!r}, '--db', {db!r}]) == 0")
    assert "sqlalchemy" in loaded  # the store was read
    assert loaded.isdisjoint(HEAVY), loaded & set(HEAVY)


def test_listing_an_up_to_date_sqlite_store_loads_neither_sqlalchemy_nor_records(
        tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'rbb.sqlite'}"
    assert run(["db", "init", "--db", db]) == 0
    assert run(["seed", "--db", db]) == 0
    modules = modules_after(
        f"import contextlib, io, rbb.cli\nshown = io.StringIO()\n"
        f"with contextlib.redirect_stdout(shown):\n"
        f"    assert rbb.cli.run(['list', '--db', {db!r}]) == 0\n"
        f"assert 'unmik-budget-2025-26.txt' in shown.getvalue(), shown.getvalue()")
    unwanted = {*HEAVY, "sqlalchemy", "psycopg"}
    packages = {name.split(".")[0] for name in modules}
    assert packages.isdisjoint(unwanted), packages & unwanted
    records = {"rbb.model.base", "rbb.model.document", "rbb.storage.repository"}
    assert modules.isdisjoint(records), modules & records


def test_a_store_behind_the_newest_schema_is_still_migrated(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = f"sqlite:///{tmp_path / 'rbb.sqlite'}"
    assert run(["list", "--db", db]) == 0  # an empty file: every migration runs first
    capsys.readouterr()
    assert run(["db", "status", "--db", db]) == 0
    shown = capsys.readouterr().out
    revision = shown.split("revision: ")[1].split()[0]
    assert f"(newest: {revision})" in shown


def command_functions(app: typer.Typer) -> Iterator[Callable[..., Any]]:
    """Every function Typer reads the options of, in ``app`` and its groups."""
    if app.registered_callback is not None and app.registered_callback.callback is not None:
        yield app.registered_callback.callback
    for command in app.registered_commands:
        if command.callback is not None:
            yield command.callback
    for group in app.registered_groups:
        if group.typer_instance is not None:
            yield from command_functions(group.typer_instance)


def test_every_command_has_its_options_evaluated_when_defined() -> None:
    """Typer evaluates a text annotation (``from __future__ import annotations``) of every
    command to run any one of them: the command modules leave none to it."""
    texts = {f"{function.__module__}.{function.__name__}": name
             for function in command_functions(app)
             for name, annotation in function.__annotations__.items()
             if isinstance(annotation, str)}
    assert texts == {}


def test_the_cli_copy_of_the_scenario_keys_is_the_costing_one() -> None:
    assert KEY_HELP == COSTING_KEY_HELP


def test_every_lazy_name_of_the_model_is_where_it_says() -> None:
    assert sorted(rbb.model._HOME) == sorted(rbb.model.__all__)
    for name in rbb.model.__all__:
        assert getattr(rbb.model, name) is getattr(
            __import__(f"rbb.model.{rbb.model._HOME[name]}", fromlist=[name]), name)
    with pytest.raises(AttributeError):
        rbb.model.NoSuchRecord  # noqa: B018 - the lookup is what is tested
