"""Cost drivers as an Excel workbook or a YAML file, one sheet or section per kind.

Budget officers work in spreadsheets, so ``rbb drivers export`` writes one and
``rbb drivers load`` reads it back, checking every row: each problem names
the sheet, the row and the column (for YAML, the section, the item and the
field), and nothing is stored while any remains.

Exactness: numbers of up to 15 significant digits are written as numeric
cells; Excel keeps those exactly and they are read back through their
shortest decimal form, so ``0.948`` stays ``0.948``. Longer ones (calibrated
unit costs carry 40 digits) are written as text. YAML numbers are read as
text, never as floats.

Safety: every text cell is a string cell (never a formula) and is neutralised by
``rbb.model.spreadsheet`` (``'=...``); reading removes exactly the prefix it added.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from rbb.costing import RECORD_OF_KIND, DriverKind, DriverSet, ProvenanceKind
from rbb.importers.limits import ReadingLimits, too_large
from rbb.model import Period
from rbb.model.base import Record
from rbb.model.errors import InputError
from rbb.model.spreadsheet import neutral_text

from .driver_sheets import ABOUT, workbook_sheets, yaml_sheets

PROVENANCE_COLUMNS = ("provenance_kind", "provenance_reference", "provenance_line",
                      "provenance_note")
EXACT_DIGITS = 15


@dataclass(frozen=True, slots=True)
class Problem:
    sheet: str
    row: int | None
    column: str | None
    message: str

    def __str__(self) -> str:
        return self.describe()

    def describe(self, words: tuple[str, str, str] = ("sheet", "row", "column")) -> str:
        """``sheet posts, row 5, column count: ...`` (YAML: section, item, field)."""
        where = [f"{words[0]} {self.sheet}"]
        if self.row is not None:
            where.append(f"{words[1]} {self.row}")
        if self.column:
            where.append(f"{words[2]} {self.column}")
        return f"{', '.join(where)}: {self.message}"


def columns(kind: DriverKind) -> tuple[str, ...]:
    fields = [n for n in RECORD_OF_KIND[kind].model_fields if n != "provenance"]
    return (*fields, *PROVENANCE_COLUMNS)


def flat(record: Record) -> dict[str, object]:
    """A driver as one row: periods as labels, tuples comma-joined, provenance spread."""
    data = record.model_dump()
    provenance = data.pop("provenance")
    row: dict[str, object] = {}
    for name, value in data.items():
        if isinstance(value, Period):
            value = value.label
        elif isinstance(value, tuple):
            value = ", ".join(str(v) for v in value)
        elif hasattr(value, "value") and not isinstance(value, Decimal):
            value = value.value
        row[name] = value
    row["provenance_kind"] = provenance["kind"].value
    row["provenance_reference"] = provenance["reference"]
    row["provenance_line"] = provenance["source_line"]
    row["provenance_note"] = provenance["note"]
    return row


def write_drivers(drivers: DriverSet, path: Path) -> Path:
    if path.suffix.lower() in (".yaml", ".yml"):
        path.write_text(yaml_text(drivers), encoding="utf-8")
    elif path.suffix.lower() == ".xlsx":
        write_workbook(drivers, path)
    else:
        raise InputError(f"{path.name}: write drivers to a .xlsx or a .yaml file")
    return path


def yaml_text(drivers: DriverSet) -> str:
    data: dict[str, object] = {
        "mission": drivers.mission, "period": drivers.period.label,
        "base_period": drivers.base_period.label, "lines": list(drivers.lines)}
    for kind in DriverKind:
        data[kind.value] = [flat(r) for r in drivers.of_kind(kind)]
    return yaml.dump(data, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=100)


class _Dumper(yaml.SafeDumper):
    """Decimals as quoted text, so a reader never turns them into floats; no anchors,
    which the reader refuses."""

    def ignore_aliases(self, data: Any) -> bool:
        return True


_Dumper.add_representer(Decimal, lambda dumper, value: dumper.represent_str(format(value, "f")))


def write_workbook(drivers: DriverSet, path: Path) -> None:
    from openpyxl import Workbook

    book = Workbook()
    about = book.active
    about.title = ABOUT
    _append(about, ["field", "value"])
    for name, value in (("mission", drivers.mission), ("period", drivers.period.label),
                        ("base_period", drivers.base_period.label),
                        ("lines", ", ".join(drivers.lines))):
        _append(about, [name, neutral_text(value)])
    for kind in DriverKind:
        sheet = book.create_sheet(kind.value)
        names = columns(kind)
        _append(sheet, list(names))
        for record in drivers.of_kind(kind):
            row = flat(record)
            _append(sheet, [_cell(row.get(n)) for n in names])
    book.save(path)


def _append(sheet: Any, values: list[object]) -> None:
    """A row whose text cells are string cells: openpyxl would make ``=...`` a formula."""
    sheet.append(values)
    for cell in sheet[sheet.max_row]:
        if isinstance(cell.value, str):
            cell.data_type = "s"


def _cell(value: object) -> object:
    if isinstance(value, Decimal):
        digits = value.as_tuple().digits
        # Too long for a float: exact text, a number still (never prefixed).
        return float(value) if len(digits) <= EXACT_DIGITS else format(value, "f")
    if isinstance(value, str):
        return neutral_text(value)
    return value


def read_drivers(path: Path, *, limits: ReadingLimits | None = None) -> DriverSet:
    """A driver set from a workbook or YAML file; every problem found is reported at once.
    The file is read within ``limits`` (size, YAML depth, workbook rows and cells)."""
    if not path.exists():
        raise InputError("no such file", file=str(path))
    limits = limits or ReadingLimits.from_env()
    size = path.stat().st_size
    if size > limits.max_file_bytes:
        raise too_large(path.name, size, limits, "the drivers file")
    suffix = path.suffix.lower()
    if suffix in (".yaml", ".yml"):
        header, sheets = yaml_sheets(path, limits)
    elif suffix == ".xlsx":
        header, sheets = workbook_sheets(path, limits)
    else:
        raise InputError("drivers are read from a .xlsx or a .yaml file", file=path.name)
    problems: list[Problem] = []
    records: dict[DriverKind, list[Record]] = {kind: [] for kind in DriverKind}
    for sheet, rows in sheets.items():
        try:
            kind = DriverKind(sheet)
        except ValueError:
            problems.append(Problem(sheet, None, None, "unknown sheet; sheets are "
                                    + ", ".join(k.value for k in DriverKind)))
            continue
        for number, row in rows:
            record = _record(kind, row, number, path.name, problems)
            if record is not None:
                records[kind].append(record)
    drivers = _driver_set(header, records, problems)
    if problems or drivers is None:
        words = ("section", "item", "field") if suffix != ".xlsx" else ("sheet", "row", "column")
        raise InputError("the drivers are not valid; nothing was stored:\n"
                         + "\n".join(f"  {p.describe(words)}" for p in problems),
                         file=path.name)
    return drivers


def _record(kind: DriverKind, row: Mapping[str, object], number: int, file: str,
            problems: list[Problem]) -> Record | None:
    allowed = set(columns(kind))
    for name in row:
        if name not in allowed:
            problems.append(Problem(kind.value, number, name, "unknown column; columns are "
                                    + ", ".join(columns(kind))))
            return None
    data = {k: v for k, v in row.items() if k not in PROVENANCE_COLUMNS and v is not None}
    for name in ("applies_to",):
        if isinstance(data.get(name), str):
            data[name] = tuple(p.strip() for p in str(data[name]).split(",") if p.strip())
    data["provenance"] = {
        "kind": row.get("provenance_kind") or ProvenanceKind.FILE.value,
        "reference": row.get("provenance_reference") or file,
        "source_line": row.get("provenance_line"),
        "note": row.get("provenance_note"),
    }
    try:
        return RECORD_OF_KIND[kind].model_validate(data)
    except ValidationError as error:
        for detail in error.errors():
            location = [str(p) for p in detail["loc"]]
            column = location[0] if location else None
            if column == "provenance":
                column = "provenance_" + (location[1] if len(location) > 1 else "kind")
                column = column.replace("provenance_source_line", "provenance_line")
            problems.append(Problem(kind.value, number, column, detail["msg"]))
        return None


def _driver_set(header: Mapping[str, object], records: Mapping[DriverKind, list[Record]],
                problems: list[Problem]) -> DriverSet | None:
    lines = header.get("lines") or ""
    data: dict[str, Any] = {
        "mission": header.get("mission"), "period": header.get("period"),
        "base_period": header.get("base_period"),
        "lines": tuple(p.strip() for p in str(lines).split(",") if p.strip())
        if isinstance(lines, str) else tuple(str(p) for p in lines),  # type: ignore[attr-defined]
    }
    try:
        drivers = DriverSet.model_validate(data)
    except ValidationError as error:
        for detail in error.errors():
            problems.append(Problem(ABOUT, None, str(detail["loc"][0]) if detail["loc"] else None,
                                    detail["msg"]))
        return None
    return drivers.model_copy(update={k.value: tuple(v) for k, v in records.items()})
