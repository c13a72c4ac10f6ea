"""Hostile PDFs through ``rbb import`` and ``rbb check FILE``: each costs one error
naming the file and the limit, exit code 1, in a process capped at 1 GiB."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from .conftest import assert_refused, run_rbb

PDF_BOMBS = [
    ("pdf_inflate_bomb", "the PDF expands past 8 MB of text in one stream (RBB_MAX_TEXT_MB)"),
    ("pdf_zero_page", "the PDF expands past 8 MB of text in one stream (RBB_MAX_TEXT_MB)"),
    ("pdf_huge_attachment", "the PDF's attachment rbb-document.json expands past 20 MB "
                            "(RBB_MAX_ATTACHMENT_MB)"),
    ("pdf_many_pages", "the PDF has more than 1,000 pages (RBB_MAX_PDF_PAGES)"),
]


@pytest.mark.parametrize(("name", "message"), PDF_BOMBS)
def test_rbb_import_refuses_a_pdf_bomb(name: str, message: str, tmp_path: Path,
                                       hostile: Callable[[str], Path]) -> None:
    path = hostile(name)
    done = run_rbb("import", str(path), "--dry-run", cwd=tmp_path)
    assert_refused(done, f"{path}: {message}")


@pytest.mark.parametrize(("name", "message"), PDF_BOMBS)
def test_rbb_check_refuses_a_pdf_bomb(name: str, message: str, tmp_path: Path,
                                      hostile: Callable[[str], Path]) -> None:
    path = hostile(name)
    done = run_rbb("check", str(path), cwd=tmp_path)
    assert_refused(done, f"{path} could not be imported", message)


def test_a_deeply_nested_pdf_is_one_error(tmp_path: Path,
                                          hostile: Callable[[str], Path]) -> None:
    path = hostile("pdf_deep_nesting")
    done = run_rbb("import", str(path), "--dry-run", cwd=tmp_path)
    output = assert_refused(done, f"error {path}:")
    assert output.count(f"error {path}:") == 1


def test_past_the_limits_the_worker_memory_cap_stops_the_reading(
        tmp_path: Path, hostile: Callable[[str], Path]) -> None:
    """With the stream limit raised above the bomb, its characters outgrow the worker's
    memory: the worker ends, the command does not, and says why. (The time limit is
    raised out of the way: on a loaded machine it was reached first.)"""
    path = hostile("pdf_inflate_bomb")
    done = run_rbb("import", str(path), "--dry-run", cwd=tmp_path,
                   env={"RBB_MAX_TEXT_MB": "64", "RBB_READ_MEMORY_MB": "400",
                        "RBB_READ_SECONDS": "280"})
    assert_refused(done, f"{path}:", "400 MB (RBB_READ_MEMORY_MB)")


def test_a_file_over_the_size_limit_is_refused_before_it_is_read(
        tmp_path: Path, hostile: Callable[[str], Path]) -> None:
    path = hostile("pdf_zero_page")
    done = run_rbb("import", str(path), "--dry-run", cwd=tmp_path,
                   env={"RBB_MAX_FILE_MB": "1"})
    assert_refused(done, f"{path}: the file has {path.stat().st_size:,} bytes, more than the 1 MB "
                         "(RBB_MAX_FILE_MB) rbb reads")
