"""``rbb workbook export|import`` from the command line: a proposal exported, read back
unchanged, edited (a dry run first, showing the cells and the comparison), a bad cell
refused by its address in one line, and a workbook of an older revision that clashes
with the newer one refused naming both."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import load_workbook

from rbb.cli import run
from tests.cli.test_proposals import db  # noqa: F401  (the store with the seed and users)


def _edit(path: Path, sheet: str, row_key: str, heading: str, value: object) -> None:
    book = load_workbook(path)
    found = book[sheet]
    column = [c.value for c in found[1]].index(heading) + 1
    row = next(r for r in range(2, found.max_row + 1) if found.cell(r, 1).value == row_key)
    found.cell(row, column).value = value
    book.save(path)


def _head(url: str, capsys: pytest.CaptureFixture[str]) -> int:
    capsys.readouterr()
    assert run(["proposal", "show", "1", "--json", "--db", url]) == 0
    head: int = json.loads(capsys.readouterr().out)["head"]
    return head


def test_export_edit_and_import(db: str, tmp_path: Path,  # noqa: F811
                                capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["proposal", "new", "--copy", "UNMIK:2025/26", "--by", "ed", "--db", db]) == 0
    book = tmp_path / "proposal.xlsx"
    assert run(["workbook", "export", "1", "-o", str(book), "--db", db]) == 0
    assert f"wrote revision 1 of proposal 1 to {book}" in capsys.readouterr().out
    assert run(["workbook", "import", "1", str(book), "--by", "ed", "--db", db]) == 0
    assert "unchanged: nothing to save" in capsys.readouterr().out
    # Medical: 89.4 in the seed's cost estimates, now 100.
    _edit(book, "Cost estimates", "medical", "Cost estimates (2025/26)", Decimal("100"))
    assert run(["workbook", "import", "1", str(book), "--by", "ed", "--dry-run",
                "--db", db]) == 0
    shown = capsys.readouterr().out
    assert "Cells edited against revision 1" in shown and "Cost estimates!F" in shown
    assert "dry run: 1 cell would be saved as revision 2" in shown
    assert _head(db, capsys) == 1
    assert run(["workbook", "import", "1", str(book), "--by", "ed", "-c", "medical",
                "--db", db]) == 0
    assert "saved revision 2 of proposal 1" in capsys.readouterr().out
    assert _head(db, capsys) == 2


def test_a_bad_cell_or_a_clash_is_refused_in_one_line(db: str, tmp_path: Path,  # noqa: F811
                                                      capsys: pytest.CaptureFixture[str]
                                                      ) -> None:
    assert run(["proposal", "new", "--copy", "UNMIK:2025/26", "--by", "ed", "--db", db]) == 0
    book = tmp_path / "proposal.xlsx"
    assert run(["workbook", "export", "1", "-o", str(book), "--db", db]) == 0
    _edit(book, "Cost estimates", "medical", "Cost estimates (2025/26)", "about 100")
    capsys.readouterr()
    assert run(["workbook", "import", "1", str(book), "--by", "ed", "--db", db]) == 1
    err = capsys.readouterr().err
    assert "Cost estimates!F" in err and "found text 'about 100'; expected a number ≥ 0" in err
    assert "Traceback" not in err and _head(db, capsys) == 1
    # Revision 2 is saved from a fresh export; the old workbook then edits the same cell.
    newer = tmp_path / "newer.xlsx"
    assert run(["workbook", "export", "1", "-o", str(newer), "--db", db]) == 0
    _edit(newer, "Cost estimates", "medical", "Cost estimates (2025/26)", Decimal("110"))
    assert run(["workbook", "import", "1", str(newer), "--by", "ed", "--db", db]) == 0
    _edit(book, "Cost estimates", "medical", "Cost estimates (2025/26)", Decimal("100"))
    capsys.readouterr()
    assert run(["workbook", "import", "1", str(book), "--by", "ed", "--db", db]) == 1
    err = capsys.readouterr().err
    assert "exported from revision 1, and revision 2 was saved since" in err
    assert _head(db, capsys) == 2
