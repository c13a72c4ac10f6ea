"""Commands import only what they use (issue 12): ``rbb --help`` and ``rbb list`` must not
load the reports, the web app or Alembic. Guarded by the modules a fresh interpreter has
loaded, never by timing (the times are in benches/bench_startup.py)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

import rbb.model
from rbb.cli import run
from rbb.cli.costing import KEY_HELP
from rbb.costing import KEY_HELP as COSTING_KEY_HELP

HEAVY = ("matplotlib", "alembic", "weasyprint", "docx", "openpyxl", "pdfplumber", "PIL",
         "fastapi", "uvicorn", "jinja2")
"""What no command loads before it needs it (reports, web app, migrations)."""


def loaded_after(code: str) -> set[str]:
    """The top-level packages a fresh interpreter has loaded after running ``code``."""
    probe = f"{code}\nimport sys, json\nprint(json.dumps(sorted(sys.modules)))"
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                          check=True, timeout=120)
    modules = json.loads(done.stdout.strip().splitlines()[-1])
    return {name.split(".")[0] for name in modules}


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


@pytest.mark.parametrize("command", [["list"], ["check"], ["missions", "list"],
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


def test_a_store_behind_the_newest_schema_is_still_migrated(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = f"sqlite:///{tmp_path / 'rbb.sqlite'}"
    assert run(["list", "--db", db]) == 0  # an empty file: every migration runs first
    capsys.readouterr()
    assert run(["db", "status", "--db", db]) == 0
    shown = capsys.readouterr().out
    revision = shown.split("revision: ")[1].split()[0]
    assert f"(newest: {revision})" in shown


def test_the_cli_copy_of_the_scenario_keys_is_the_costing_one() -> None:
    assert KEY_HELP == COSTING_KEY_HELP


def test_every_lazy_name_of_the_model_is_where_it_says() -> None:
    assert sorted(rbb.model._HOME) == sorted(rbb.model.__all__)
    for name in rbb.model.__all__:
        assert getattr(rbb.model, name) is getattr(
            __import__(f"rbb.model.{rbb.model._HOME[name]}", fromlist=[name]), name)
    with pytest.raises(AttributeError):
        rbb.model.NoSuchRecord  # noqa: B018 - the lookup is what is tested
