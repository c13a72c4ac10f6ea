"""Reading a drivers file's rows from a workbook or YAML, within ``ReadingLimits``.

A drivers file is untrusted input: a YAML alias can stand for a billion items
in 800 bytes and a nesting of 100,000 levels exhausts the stack; a workbook is
a zip (whose parts may inflate a thousandfold) of XML (which may declare
entities) whose <dimension> may lie or be absent, and whose rows may skip
ahead to row 2,000,000. So YAML anchors and aliases are refused, nesting is
bounded, a workbook's parts are measured before it is opened and its rows and
cells are counted while they stream; each limit is an InputError naming the
file, the sheet or line, and the setting.
"""

from __future__ import annotations

import zipfile
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

import yaml

from rbb.importers.limits import ReadingLimits
from rbb.model.errors import InputError
from rbb.model.spreadsheet import restored_text

ABOUT = "about"
Sheets = dict[str, list[tuple[int, dict[str, object]]]]


def workbook_sheets(path: Path, limits: ReadingLimits) -> tuple[dict[str, object], Sheets]:
    from openpyxl import load_workbook

    check_unpacked(path, limits)
    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except Exception as error:  # zip errors; expat's ParseError (entities, bad XML)
        raise InputError(f"not an Excel workbook ({why(error)}); expected a workbook as "
                         "`rbb drivers export` writes it", file=path.name) from None
    header: dict[str, object] = {}
    sheets: Sheets = {}
    cells = CountedCells(limits, path.name)
    try:
        for sheet in book.worksheets:
            rows = cells.bounded(sheet.title, sheet.iter_rows(values_only=True))
            names = [str(c).strip() if c is not None else "" for c in next(rows, ())]
            if sheet.title == ABOUT:
                for row in rows:
                    if row and row[0]:
                        header[str(row[0]).strip()] = value(row[1] if len(row) > 1 else None)
                continue
            sheets[sheet.title] = list(_rows(names, rows))
    except InputError:
        raise
    except Exception as error:  # expat's ParseError (entities, bad XML), zip errors
        raise InputError(f"sheet {cells.sheet} cannot be read ({why(error)}); expected a "
                         "workbook as `rbb drivers export` writes it", file=path.name) from None
    finally:
        book.close()
    return header, sheets


def why(error: Exception) -> str:
    detail = str(error).strip()[:200]
    return f"{error.__class__.__name__}: {detail}" if detail else error.__class__.__name__


def check_unpacked(path: Path, limits: ReadingLimits,
                   expected: str = "a workbook as `rbb drivers export` writes it") -> None:
    """A workbook is a zip: the sizes its parts declare bound what they inflate to (Python's
    zipfile stops a part at its declared size), so they are added up before it is opened."""
    try:
        with zipfile.ZipFile(path) as archive:
            total = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, OSError, ValueError):
        return  # not a zip: openpyxl says it is not a workbook
    if total > limits.max_unpacked_bytes:
        raise InputError(f"the workbook unpacks to {total:,} bytes, more than the "
                         f"{limits.setting('max_unpacked_bytes')} rbb reads (a zip bomb?); "
                         f"expected {expected}",
                         file=path.name)


class CountedCells:
    """Counts rows per sheet and cells per workbook as they stream, never trusting the
    <dimension> a sheet declares (openpyxl yields the empty rows a sheet skips)."""

    def __init__(self, limits: ReadingLimits, file: str,
                 expected: str = "a drivers workbook") -> None:
        self.limits = limits
        self.file = file
        self.expected = expected
        self.count = 0
        self.sheet = ""

    def bounded(self, sheet: str, rows: Iterator[tuple[object, ...]],
                ) -> Iterator[tuple[object, ...]]:
        self.sheet = sheet
        for number, row in enumerate(rows, start=1):
            if number > self.limits.max_rows:
                raise InputError(f"sheet {sheet} has more than "
                                 f"{self.limits.amount('max_rows')} rows (RBB_MAX_ROWS); "
                                 f"expected {self.expected}", file=self.file)
            self.count += len(row)
            if self.count > self.limits.max_cells:
                raise InputError(f"the workbook has more than "
                                 f"{self.limits.amount('max_cells')} cells (RBB_MAX_CELLS; "
                                 f"sheet {sheet}, row {number}); expected {self.expected}",
                                 file=self.file)
            yield row


def _rows(names: list[str], rows: Iterator[tuple[object, ...]]) -> Iterator[
        tuple[int, dict[str, object]]]:
    for number, row in enumerate(rows, start=2):
        values = {names[i]: value(v) for i, v in enumerate(row) if i < len(names) and names[i]}
        if any(v is not None for v in values.values()):
            yield number, values


def value(cell: object) -> object:
    """A workbook cell as a driver field wants it: text stays text (without the quote rbb
    put before a formula trigger), a float becomes the Decimal of its shortest
    representation (what Excel shows), blanks become None."""
    if isinstance(cell, float):
        return Decimal(repr(cell))
    if isinstance(cell, str):
        return restored_text(cell).strip() or None
    return cell


class _Refused(yaml.YAMLError):
    def __init__(self, message: str, line: int) -> None:
        super().__init__(message)
        self.message = message
        self.line = line


class _Loader(yaml.SafeLoader):
    """Reads every scalar that looks like a float as text (exact); refuses anchors and
    aliases (an alias bomb) and nesting deeper than ``max_depth`` (the stack)."""

    def __init__(self, stream: str, max_depth: int) -> None:
        super().__init__(stream)
        self.max_depth = max_depth
        self.depth = 0

    def compose_node(self, parent: Any, index: Any) -> Any:
        event = self.peek_event()  # type: ignore[no-untyped-call]
        line = event.start_mark.line + 1 if event.start_mark else 0
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None) is not None:
            raise _Refused("YAML anchors and aliases (&name, *name) are not read in a drivers "
                           "file: write each value out", line)
        self.depth += 1
        if self.depth > self.max_depth:
            raise _Refused(f"the YAML nests deeper than {self.max_depth} levels "
                           "(RBB_MAX_DEPTH); expected a drivers file", line)
        try:
            return super().compose_node(parent, index)
        finally:
            self.depth -= 1


_Loader.yaml_implicit_resolvers = {
    key: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:float"]
    for key, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def yaml_sheets(path: Path, limits: ReadingLimits) -> tuple[dict[str, object], Sheets]:
    try:
        loader = _Loader(path.read_text(encoding="utf-8"), limits.max_depth)
        try:
            data = loader.get_single_data()
        finally:
            loader.dispose()
    except _Refused as error:
        raise InputError(error.message, file=path.name, line=error.line) from None
    except yaml.YAMLError as error:
        raise InputError(f"not YAML: {error}", file=path.name) from None
    except UnicodeDecodeError:
        raise InputError("not UTF-8 text: expected a drivers file in YAML",
                         file=path.name) from None
    if not isinstance(data, dict):
        raise InputError("a drivers file is a mapping: mission, period, then one list per "
                         "kind of driver", file=path.name)
    header = {k: data.get(k) for k in ("mission", "period", "base_period", "lines")}
    sheets: Sheets = {}
    for key, items in data.items():
        if key in header:
            continue
        if not isinstance(items, list):
            sheets[str(key)] = [(1, {"?": items})]
            continue
        sheets[str(key)] = [(i, dict(item) if isinstance(item, dict) else {"?": item})
                            for i, item in enumerate(items, start=1)]
    return header, sheets
