"""Hostile drivers files (``rbb drivers load``) and documents (``rbb load``): each costs
one error naming the file and the limit, exit code 1, in a process capped at 1 GiB."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from .conftest import assert_refused, run_rbb

DRIVER_BOMBS = [
    ("yaml_alias_bomb", "alias-bomb.yaml:1: YAML anchors and aliases (&name, *name) are not "
                        "read in a drivers file"),
    ("yaml_deep", "deep.yaml:1: the YAML nests deeper than 64 levels (RBB_MAX_DEPTH)"),
    ("xlsx_many_rows", "many-rows.xlsx: sheet posts has more than 100,000 rows (RBB_MAX_ROWS)"),
    ("xlsx_far_row", "far-row.xlsx: sheet posts has more than 100,000 rows (RBB_MAX_ROWS)"),
    ("xlsx_xxe", "xxe.xlsx: not an Excel workbook (ParseError: undefined entity &xxe;"),
    ("xlsx_billion_laughs", "billion-laughs.xlsx: not an Excel workbook (ParseError: limit on "
                            "input amplification factor"),
    ("xlsx_zip_bomb", "zip-bomb.xlsx: the workbook unpacks to 1,073,743,520 bytes, more than "
                      "the 100 MB (RBB_MAX_UNPACKED_MB) rbb reads"),
]


@pytest.mark.parametrize(("name", "message"), DRIVER_BOMBS)
def test_rbb_drivers_load_refuses_a_hostile_file(name: str, message: str, tmp_path: Path,
                                                 hostile: Callable[[str], Path]) -> None:
    done = run_rbb("drivers", "load", str(hostile(name)), cwd=tmp_path)
    assert_refused(done, f"error: {message}")


def test_the_cells_of_a_workbook_are_bounded_too(tmp_path: Path,
                                                 hostile: Callable[[str], Path]) -> None:
    done = run_rbb("drivers", "load", str(hostile("xlsx_many_rows")), cwd=tmp_path,
                   env={"RBB_MAX_CELLS": "5000"})
    assert_refused(done, "many-rows.xlsx: the workbook has more than 5,000 cells "
                         "(RBB_MAX_CELLS; sheet posts, row 5001)")


def test_a_drivers_file_over_the_size_limit_is_refused_before_it_is_read(
        tmp_path: Path, hostile: Callable[[str], Path]) -> None:
    path = hostile("xlsx_zip_bomb")
    done = run_rbb("drivers", "load", str(path), cwd=tmp_path, env={"RBB_MAX_FILE_MB": "1"})
    assert_refused(done, f"zip-bomb.xlsx: the drivers file has {path.stat().st_size:,} bytes, "
                         "more than the 1 MB (RBB_MAX_FILE_MB) rbb reads")


def test_rbb_load_refuses_json_over_the_size_limit(tmp_path: Path,
                                                   hostile: Callable[[str], Path]) -> None:
    path = hostile("json_oversized")
    done = run_rbb("load", str(path), cwd=tmp_path, env={"RBB_MAX_FILE_MB": "1"})
    assert_refused(done, f"{path}: the JSON file has {path.stat().st_size:,} bytes, more than "
                         "the 1 MB (RBB_MAX_FILE_MB) rbb reads")


def test_a_bad_limit_setting_is_one_error(tmp_path: Path,
                                          hostile: Callable[[str], Path]) -> None:
    done = run_rbb("load", str(hostile("json_oversized")), cwd=tmp_path,
                   env={"RBB_MAX_FILE_MB": "lots"})
    assert_refused(done, "RBB_MAX_FILE_MB='lots': expected a whole number")
