"""An edited proposal workbook read back (docs/preparation.md, "Workbook round trip"):
within ``ReadingLimits``, every input cell checked, the edits found against the revision
the workbook names, applied to a document, and merged onto a newer revision when the
cells it changes were left alone since (the per-cell three-way rule).

A workbook is untrusted: a bad cell is refused naming ``Sheet!B12``, what was found and
what was expected, and nothing is stored."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rbb.engine import derived
from rbb.engine.derived import variance_columns, variance_percentage
from rbb.importers.limits import ReadingLimits
from rbb.model import Document, DocumentKind
from rbb.model.classes import BY_CODE, LineKind, classes_of_group
from rbb.model.errors import InputError, StaleRevisionError
from rbb.model.frameworks import Comparator
from rbb.model.spreadsheet import restored_text

from .driver_sheets import CountedCells, check_unpacked, why
from .proposal_workbook import (
    ABOUT,
    EXPECTED,
    SHEETS,
    Kind,
    Layout,
    Part,
    Value,
    layouts,
)

if TYPE_CHECKING:
    from .proposal_diff import RevisionDiff
    from .proposal_service import ProposalService

ONE_PLACE = Decimal("0.1")
EXPORTED = "a workbook as `rbb workbook export` writes it"


@dataclass(frozen=True, slots=True)
class CellEdit:
    where: str
    """``Cost estimates!E7``."""
    part: Part
    old: Value
    new: Value


@dataclass(frozen=True, slots=True)
class WorkbookReading:
    proposal: int
    revision: int
    """The revision the workbook was exported from (its About sheet)."""
    edits: tuple[CellEdit, ...]


def read_workbook(path: Path, proposal_id: int, revision_of: Callable[[int], Document],
                  limits: ReadingLimits | None = None) -> WorkbookReading:
    """The edits an exported workbook holds against the revision it names."""
    from openpyxl import load_workbook

    limits = limits or ReadingLimits.from_env()
    if path.stat().st_size > limits.max_file_bytes:
        raise InputError(f"the workbook is larger than {limits.setting('max_file_bytes')}",
                         file=path.name)
    check_unpacked(path, limits, EXPORTED)
    try:
        book = load_workbook(path, read_only=True, data_only=False)
    except Exception as error:  # zip errors; expat's ParseError (entities, bad XML)
        raise InputError(f"not an Excel workbook ({why(error)}); expected {EXPORTED}",
                         file=path.name) from None
    counted = CountedCells(limits, path.name, EXPORTED)
    try:
        grids: dict[str, list[tuple[Any, ...]]] = {}
        for sheet in SHEETS:
            if sheet not in book.sheetnames:
                raise InputError(f"{sheet}!A1: found no sheet {sheet!r} (sheets: "
                                 f"{', '.join(book.sheetnames)}); expected the sheets "
                                 f"{', '.join(SHEETS)}", file=path.name)
            grids[sheet] = list(counted.bounded(sheet, book[sheet].iter_rows()))
    except InputError:
        raise
    except Exception as error:  # expat's ParseError, zip errors
        raise InputError(f"sheet {counted.sheet} cannot be read ({why(error)}); expected "
                         f"{EXPORTED}", file=path.name) from None
    finally:
        book.close()
    revision = _about(grids[ABOUT], proposal_id)
    document = revision_of(revision)
    edits: list[CellEdit] = []
    for layout in layouts(document):
        edits += _edits(layout, grids[layout.sheet])
    return WorkbookReading(proposal_id, revision, tuple(edits))


def _about(rows: list[tuple[Any, ...]], proposal_id: int) -> int:
    fields = {}
    for number, row in enumerate(rows, start=1):
        if row and _raw(row[0]) is not None:
            fields[str(_raw(row[0]))] = (number, row[1] if len(row) > 1 else None)
    found: list[int] = []
    for name, expected in (("Proposal", f"proposal {proposal_id}"),
                           ("Revision", "the revision number it was exported from")):
        if name not in fields:
            raise InputError(f"{ABOUT}!A{len(rows) + 1}: found no {name} row; expected "
                             f"{expected}")
        number, cell = fields[name]
        value = _raw(cell)
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        if isinstance(value, bool) or not isinstance(value, int) or value < 1:
            raise InputError(f"{ABOUT}!B{number}: found {_shown(value)}; expected {expected}")
        found.append(value)
    if found[0] != proposal_id:
        raise InputError(f"{ABOUT}!B{fields['Proposal'][0]}: found proposal {found[0]}; "
                         f"expected proposal {proposal_id} (the workbook is of another "
                         "proposal)")
    return found[1]


def _edits(layout: Layout, rows: list[tuple[Any, ...]]) -> Iterator[CellEdit]:
    from openpyxl.utils import get_column_letter

    sheet = layout.sheet
    header = [restored_text(v) if isinstance(v, str) else v
              for v in (_raw(c) for c in (rows[0] if rows else ()))]
    for index, heading in enumerate(layout.headings):
        found = header[index] if index < len(header) else None
        if found != heading:
            raise InputError(f"{sheet}!{get_column_letter(index + 1)}1: found "
                             f"{_shown(found)}; expected the heading {heading!r}")
    by_key = {row.key: row for row in layout.rows}
    seen: set[str] = set()
    for number, cells in enumerate(rows[1:], start=2):
        key = _raw(cells[0]) if cells else None
        if isinstance(key, str):
            key = restored_text(key).strip()
        if key is None or key == "":
            if any(_raw(c) is not None for c in cells):
                raise InputError(f"{sheet}!A{number}: found nothing; expected the row's "
                                 f"{layout.key.lower()} (rows cannot be added here)")
            continue
        row = by_key.get(str(key))
        if row is None:
            raise InputError(f"{sheet}!A{number}: found {_shown(key)}; expected a "
                             f"{layout.key.lower()} of the revision exported (rows cannot "
                             "be added or renamed)")
        if row.key in seen:
            raise InputError(f"{sheet}!A{number}: found {_shown(key)} a second time; "
                             "expected each row once")
        seen.add(row.key)
        for item in row.inputs:
            column = layout.headings.index(item.heading)
            where = f"{sheet}!{get_column_letter(column + 1)}{number}"
            cell = cells[column] if column < len(cells) else None
            value = _checked(cell, item.kind, where)
            if value != item.value:
                yield CellEdit(where, item.part, item.value, value)


def _raw(cell: Any) -> Any:
    return getattr(cell, "value", cell)


def _shown(value: object) -> str:
    if value is None:
        return "an empty cell"
    if isinstance(value, str):
        return f"text {value[:60]!r}"
    return f"{value!r}"


def _checked(cell: Any, kind: str, where: str) -> Value:
    """The cell's value if it is what ``kind`` expects; an ``InputError`` naming the
    cell, what it holds and what was expected otherwise."""
    value = _raw(cell)
    if getattr(cell, "data_type", None) == "f" or (
            isinstance(value, str) and value.startswith("=")):
        raise InputError(f"{where}: found the formula {str(value)[:60]!r}; expected "
                         f"{EXPECTED[kind]} (a formula is never read: begin a text with ' "
                         "to keep it as text)")
    if kind in (Kind.TEXT, Kind.OPTIONAL_TEXT, Kind.COMPARATOR):
        if isinstance(value, int | float) and not isinstance(value, bool):
            value = format(Decimal(repr(value)).normalize(), "f")
        if value is not None and not isinstance(value, str):
            raise InputError(f"{where}: found {_shown(value)}; expected {EXPECTED[kind]}")
        text = restored_text(value) if value is not None else None
        if text is None or not text.strip():
            if kind is Kind.TEXT:
                raise InputError(f"{where}: found {_shown(value)}; expected {EXPECTED[kind]}")
            return None
        if kind == Kind.COMPARATOR and text.strip() not in {c.value for c in Comparator}:
            raise InputError(f"{where}: found {_shown(text)}; expected {EXPECTED[kind]}")
        return text.strip() if kind == Kind.COMPARATOR else text
    if value is None:
        if kind == Kind.COUNT:
            raise InputError(f"{where}: found an empty cell; expected {EXPECTED[kind]}")
        return None
    if isinstance(value, bool) or not isinstance(value, int | float | Decimal):
        raise InputError(f"{where}: found {_shown(value)}; expected {EXPECTED[kind]}")
    number = Decimal(repr(value)) if isinstance(value, float) else Decimal(value)
    if not number.is_finite() or number < 0 or (kind == Kind.RATE and number > 100):
        raise InputError(f"{where}: found {format(number, 'f')}; expected {EXPECTED[kind]}")
    return number


# --- edits applied to a document ----------------------------------------------------------

def value_at(document: Document, part: Part) -> Value:
    """What ``document`` holds where ``part`` points (None where it has nothing there)."""
    try:
        return _visit(document, part, None, write=False)[1]
    except (LookupError, StopIteration, ValueError):
        return None


def applied(document: Document, edits: tuple[CellEdit, ...]) -> Document:
    """``document`` with each edit's new value in place; a class's change carried into
    the rows that add it up, and the variance of every row changed computed again."""
    for edit in edits:
        document = _visit(document, edit.part, edit.new, write=True)[0]
    return _rolled_up(document, [e for e in edits if e.part[0] == "cost"])


def _rolled_up(document: Document, edits: list[CellEdit]) -> Document:
    """Each edited class's change (new − old) added to its parent (national staff), its
    group's subtotal, gross, net and total requirements, in every money table with the
    column (the summary too); staff assessment's to net requirements (subtracted),
    voluntary contributions' to the total. Adding the change, rather than summing the
    classes again, leaves the rounding of a published table as it was."""
    deltas: dict[tuple[str, str], Decimal] = {}
    for edit in edits:
        line, column = edit.part[2], edit.part[4]
        change = _number(edit.new) - _number(edit.old)
        deltas[line, column] = deltas.get((line, column), Decimal(0))
        for total, sign in _totals_of(line):
            deltas[total, column] = deltas.get((total, column), Decimal(0)) + sign * change
    for (line, column), change in deltas.items():
        if not any(e.part[2] == line for e in edits):
            document = _added(document, line, column, change)
    return _variances_again(document, {line for line, _ in deltas})


def _number(value: Value) -> Decimal:
    return value if isinstance(value, Decimal) else Decimal(0)


def _totals_of(line: str) -> list[tuple[str, int]]:
    if line == derived.STAFF_ASSESSMENT:
        return [(derived.NET, -1)]
    if line == derived.VOLUNTARY:
        return [(derived.TOTAL, 1)]
    entry = BY_CODE.get(line)
    if entry is None or entry.kind is not LineKind.CLASS:
        return []
    group = entry.group or next((g for g in derived.GROUP_CODES
                                 if any(c.code == line for c in classes_of_group(g))), None)
    found = [(entry.parent, 1)] if entry.parent else []
    if group is not None:
        found.append((group, 1))
    return [*found, (derived.GROSS, 1), (derived.NET, 1), (derived.TOTAL, 1)]


def _added(document: Document, line: str, column: str, change: Decimal) -> Document:
    """``change`` added to every printed ``line`` of every money table holding ``column``
    (a row printed without a figure there stays without one)."""
    tables = list(document.financial_tables)
    for t, table in enumerate(tables):
        rows = []
        for row in table.rows:
            held = row.values.get(column)
            if row.line == line and held is not None:
                row = row.model_copy(update={"values": {**row.values, column: held + change}})
            rows.append(row)
        tables[t] = table.model_copy(update={"rows": tuple(rows)})
    return document.model_copy(update={"financial_tables": tuple(tables)})


def _variances_again(document: Document, lines: set[str]) -> Document:
    """The variance amount and percentage of every printed row of ``lines`` whose table
    has its variance columns, from its cost estimates and apportionment."""
    tables = list(document.financial_tables)
    for t, table in enumerate(tables):
        columns = variance_columns(table, DocumentKind.BUDGET)
        if columns is None:
            continue
        rows = []
        for row in table.rows:
            if row.line in lines:
                amount = columns.variance(row)
                values = dict(row.values)
                if columns.amount is not None:
                    values[columns.amount.key] = amount
                if columns.percentage is not None:
                    base = row.values.get(columns.base.key)
                    share = (None if amount is None or base is None
                             else variance_percentage(amount, base))
                    values[columns.percentage.key] = (
                        None if share is None else share.quantize(ONE_PLACE, ROUND_HALF_UP))
                row = row.model_copy(update={"values": values})
            rows.append(row)
        tables[t] = table.model_copy(update={"rows": tuple(rows)})
    return document.model_copy(update={"financial_tables": tuple(tables)})


def _visit(document: Document, part: Part, new: Value, *, write: bool
           ) -> tuple[Document, Value]:
    what, *rest = part
    if what == "cost":
        return _cost(document, rest, new, write)
    if what == "vacancy":
        return _vacancy(document, rest, new, write)
    if what == "variance":
        return _variance(document, rest, new, write)
    return _framework(document, what, rest, new, write)


def _nth(items: tuple[Any, ...], matches: Callable[[Any], bool], occurrence: str) -> int:
    """The index of the item a part names: the ``occurrence``-th (from 0) that matches."""
    return [i for i, item in enumerate(items) if matches(item)][int(occurrence)]


def _replace(items: tuple[Any, ...], index: int, item: Any) -> tuple[Any, ...]:
    return (*items[:index], item, *items[index + 1:])


def _cost(document: Document, rest: list[str], new: Value, write: bool
          ) -> tuple[Document, Value]:
    table_key, line, occurrence, column = rest
    tables = document.financial_tables
    t = next(i for i, table in enumerate(tables) if table.key == table_key)
    rows = [i for i, row in enumerate(tables[t].rows) if row.line == line]
    r = rows[int(occurrence)]
    row = tables[t].rows[r]
    old = row.values.get(column)
    if not write:
        return document, old
    row = row.model_copy(update={"values": {**row.values, column: new}})
    table = tables[t].model_copy(update={"rows": _replace(tables[t].rows, r, row)})
    return document.model_copy(update={"financial_tables": _replace(tables, t, table)}), old


def _vacancy(document: Document, rest: list[str], new: Value, write: bool
             ) -> tuple[Document, Value]:
    category, period, kind, nth = rest
    factors = document.vacancy_factors
    i = _nth(factors, lambda f: (f.category.value, f.period.label, f.kind.value) == (
        category, period, kind), nth)
    old = factors[i].rate
    if not write:
        return document, old
    factor = factors[i].model_copy(update={"rate": new})
    return document.model_copy(update={"vacancy_factors": _replace(factors, i, factor)}), old


def _variance(document: Document, rest: list[str], new: Value, write: bool
              ) -> tuple[Document, Value]:
    line, nth, index = rest
    explanations = document.variance_explanations
    e = _nth(explanations, lambda x: x.line == line, nth)
    p = int(index) - 1
    paragraphs = explanations[e].paragraphs
    old = paragraphs[p].text
    if not write:
        return document, old
    paragraph = paragraphs[p].model_copy(update={"text": new})
    explanation = explanations[e].model_copy(update={
        "paragraphs": _replace(paragraphs, p, paragraph)})
    return document.model_copy(update={
        "variance_explanations": _replace(explanations, e, explanation)}), old


def _framework(document: Document, what: str, rest: list[str], new: Value, write: bool
               ) -> tuple[Document, Value]:
    """Indicators (text; the target period's value, comparator and printed text) and
    outputs (text; each quantity's value and printed text)."""
    component_key, c_nth, ea_number, ea_nth, *where = rest
    components = document.components
    c = _nth(components, lambda x: x.key == component_key, c_nth)
    eas = components[c].expected_accomplishments
    a = _nth(eas, lambda x: x.number == ea_number, ea_nth)
    ea = eas[a]
    if what.startswith("indicator"):
        number, nth, *at = where
        i = _nth(ea.indicators, lambda x: x.number == number, nth)
        indicator = ea.indicators[i]
        if what == "indicator text":
            old: Value = indicator.text
            indicator = indicator.model_copy(update={"text": new})
        else:
            v = next(v for v, x in enumerate(indicator.values) if x.period.label == at[0])
            target = indicator.values[v]
            field = {"indicator value": "value", "indicator comparator": "comparator",
                     "indicator printed": "text"}[what]
            held = getattr(target, field)
            old = held.value if isinstance(held, Comparator) else held
            value = Comparator(str(new)) if field == "comparator" and new is not None else new
            indicator = indicator.model_copy(update={"values": _replace(
                indicator.values, v, target.model_copy(update={field: value}))})
        ea = ea.model_copy(update={"indicators": _replace(ea.indicators, i, indicator)})
    else:
        o = int(where[0]) - 1
        output = ea.outputs[o]
        if what == "output text":
            old = output.text
            output = output.model_copy(update={"text": new})
        else:
            q = int(where[1]) - 1
            quantity = output.quantities[q]
            field = "value" if what == "quantity value" else "text"
            old = getattr(quantity, field)
            output = output.model_copy(update={"quantities": _replace(
                output.quantities, q, quantity.model_copy(update={field: new}))})
        ea = ea.model_copy(update={"outputs": _replace(ea.outputs, o, output)})
    if not write:
        return document, old
    component = components[c].model_copy(update={
        "expected_accomplishments": _replace(eas, a, ea)})
    return document.model_copy(update={"components": _replace(components, c, component)}), old


# --- the three-way rule ---------------------------------------------------------------

def merged(reading: WorkbookReading, base: Document, head_number: int, head: Document
           ) -> Document:
    """The workbook's edits applied to the head revision: on its own base as it is; on a
    newer head only if every cell it changes holds in the head what it held in the base
    (untouched since). Otherwise ``StaleRevisionError`` naming both revisions and the
    cells changed on both sides."""
    if reading.revision == head_number:
        return applied(base, reading.edits)
    clashes = [e.where for e in reading.edits if value_at(head, e.part) != e.old
               or not _present(head, e.part)]
    if clashes:
        listed = ", ".join(clashes[:5]) + (f" and {len(clashes) - 5} more"
                                           if len(clashes) > 5 else "")
        raise StaleRevisionError(
            f"the workbook was exported from revision {reading.revision}, and revision "
            f"{head_number} was saved since and changes what it edits ({listed}): export "
            f"revision {head_number} (rbb workbook export) and make those edits again",
            based_on=reading.revision, head=head_number)
    return applied(head, reading.edits)


def _present(document: Document, part: Part) -> bool:
    try:
        _visit(document, part, None, write=False)
    except (LookupError, StopIteration, ValueError):
        return False
    return True


# --- the import -------------------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class WorkbookImport:
    """What an import did (or, dry, would do): the edits read, the revision they apply
    to, the comparison with it, and the revision saved (None: dry run or no edit)."""

    reading: WorkbookReading
    head: int
    diff: RevisionDiff
    saved: int | None


def import_workbook(service: ProposalService, proposal_id: int, path: Path, *, by: str,
                    comment: str = "", dry_run: bool = False,
                    limits: ReadingLimits | None = None) -> WorkbookImport:
    """An edited workbook as a new revision of the proposal, based on the revision its
    About sheet names (merged onto a newer head by the three-way rule); nothing is stored
    when a cell is refused, on a clash, on a dry run or when nothing was edited."""
    from .proposal_diff import compare

    reading = read_workbook(path, proposal_id, lambda n: service.document(proposal_id, n),
                            limits)
    head_number = service.store.proposal(proposal_id).head
    head_content = service.content(proposal_id, head_number)
    head = head_content.document
    base = head if head_number == reading.revision else service.document(proposal_id,
                                                                         reading.revision)
    document = merged(reading, base, head_number, head)
    diff = compare(proposal_id, head_number, head_content, head_number + 1,
                   head_content.model_copy(update={"document": document}))
    if dry_run or not reading.edits:
        return WorkbookImport(reading, head_number, diff, None)
    merge_note = (f" (merged onto revision {head_number})"
                  if reading.revision != head_number else "")
    saved = service.save(proposal_id, document, based_on=head_number, by=by,
                         comment=comment or f"workbook of revision {reading.revision}: "
                                            f"{len(reading.edits)} cells{merge_note}")
    return WorkbookImport(reading, head_number, diff, saved.number)
