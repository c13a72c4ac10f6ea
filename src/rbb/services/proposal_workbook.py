"""A revision of a budget proposal as an Excel workbook, for the people who prepare a
budget in Excel (docs/preparation.md, "Workbook round trip").

One sheet per part: "About" (which proposal and revision it was exported from), "Cost
estimates" (the classes of the main money table), "Vacancy factors", "Frameworks" and
"Variance explanations". The sheet is protected: only the input cells (the proposed
figures and the texts) are unlocked, each with its number format and data validation;
derived cells are locked, shaded and shown as formulas (the variance) or values marked
"derived" (subtotals, earlier periods). Every text cell goes through
:func:`rbb.model.spreadsheet.neutral_text`, so no imported text runs as a formula.

Reading it back is :mod:`rbb.services.proposal_workbook_reading`. Both sides address a
cell by the same ``Part`` (a path into the document), so what an input cell holds is
found, compared and applied the same way on export, import and merge."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING

from rbb.engine.derived import variance_columns
from rbb.model import Document, DocumentKind, MoneyTable, Stage
from rbb.model.frameworks import Comparator
from rbb.model.money import ColumnRole
from rbb.model.spreadsheet import neutral_text
from rbb.model.staffing import VacancyKind

if TYPE_CHECKING:
    from openpyxl import Workbook
    from openpyxl.worksheet.datavalidation import DataValidation
    from openpyxl.worksheet.worksheet import Worksheet

ABOUT, COSTS, VACANCY, FRAMEWORKS, VARIANCES = (
    "About", "Cost estimates", "Vacancy factors", "Frameworks", "Variance explanations")
SHEETS = (ABOUT, COSTS, VACANCY, FRAMEWORKS, VARIANCES)

Part = tuple[str, ...]
"""Where an input cell's value lives in the document, e.g. ``("cost", table, line,
occurrence, column)``: the key a workbook row is matched by and an edit applied to."""
Value = Decimal | str | None


class Kind:
    """What an input cell holds, as its validation and the reader check it."""

    AMOUNT = "amount"          # a Decimal ≥ 0, or blank where the document has none
    RATE = "rate"              # a percentage from 0 to 100, or blank
    QUANTITY = "quantity"      # a Decimal ≥ 0, or blank
    COUNT = "count"            # a Decimal ≥ 0, never blank (an output's quantity)
    TEXT = "text"              # text, never blank
    OPTIONAL_TEXT = "optional text"
    COMPARATOR = "comparator"  # one of rbb.model.frameworks.Comparator, or blank


EXPECTED = {
    Kind.AMOUNT: "a number ≥ 0 (thousands of US dollars)",
    Kind.RATE: "a percentage from 0 to 100",
    Kind.QUANTITY: "a number ≥ 0",
    Kind.COUNT: "a number ≥ 0",
    Kind.TEXT: "text",
    Kind.OPTIONAL_TEXT: "text or nothing",
    Kind.COMPARATOR: "one of " + " ".join(c.value for c in Comparator) + " or nothing",
}
NUMBER_FORMATS = {Kind.AMOUNT: "#,##0.0##", Kind.RATE: "0.0##", Kind.QUANTITY: "#,##0.###",
                  Kind.COUNT: "#,##0.###"}


@dataclass(frozen=True, slots=True)
class Input:
    """An input cell of a sheet: its column heading, what it holds and where it lives."""

    heading: str
    kind: str
    part: Part
    value: Value


@dataclass(frozen=True, slots=True)
class Row:
    """One row of a sheet: its key (column A, locked), the locked cells shown beside it,
    and its input cells (possibly none: a subtotal is all derived)."""

    key: str
    shown: tuple[tuple[str, object], ...]
    inputs: tuple[Input, ...]
    formulas: tuple[tuple[str, str], ...] = ()
    """Derived columns as formulas; ``{row}`` and ``{<heading>}`` name cells of the row."""


@dataclass(frozen=True, slots=True)
class Layout:
    """A sheet as exported and as the reader expects it: its headings in order."""

    sheet: str
    key: str
    headings: tuple[str, ...]
    rows: tuple[Row, ...]


# --- the main money table -------------------------------------------------------------

def main_table(document: Document) -> MoneyTable | None:
    """The money table by class: the one with the most rows among those that have a cost
    estimates column (``financial_resources`` in a budget report)."""
    tables = [t for t in document.financial_tables if _proposed_column(t) is not None]
    return max(tables, key=lambda t: len(t.rows), default=None)


def _proposed_column(table: MoneyTable) -> str | None:
    estimates = [c for c in table.amount_columns() if c.stage is Stage.COST_ESTIMATES]
    if not estimates:
        return None
    return max(estimates, key=lambda c: c.period.start_year if c.period else 0).key


def row_keys(table: MoneyTable) -> Iterator[tuple[str, str, int]]:
    """Each row's key in the sheet (its line; ``line#2`` for a line printed again)."""
    seen: dict[str, int] = {}
    for row in table.rows:
        count = seen.get(row.line, 0)
        seen[row.line] = count + 1
        yield (row.line if count == 0 else f"{row.line}#{count + 1}"), row.line, count


def layouts(document: Document) -> tuple[Layout, ...]:
    return tuple(_unique(layout) for layout in (
        _costs(document), _vacancy(document), _frameworks(document), _variances(document)))


def _unique(layout: Layout) -> Layout:
    """Row keys made unique (``… (2)`` for a key met again), so that every row of a
    document read from a report, repeats and all, is matched to itself."""
    seen: dict[str, int] = {}
    rows = []
    for row in layout.rows:
        count = seen.get(row.key, 0) + 1
        seen[row.key] = count
        rows.append(row if count == 1 else Row(f"{row.key} ({count})", row.shown,
                                               row.inputs, row.formulas))
    return Layout(layout.sheet, layout.key, layout.headings, tuple(rows))


def occurrence(seen: dict[tuple[str, ...], int], *name: str) -> str:
    """How many items named ``name`` came before this one (0 for the first): with the
    name, it says which item a part points to."""
    count = seen.get(name, 0)
    seen[name] = count + 1
    return str(count)


def _costs(document: Document) -> Layout:
    table = main_table(document)
    if table is None:
        return Layout(COSTS, "Line", ("Line", "Class", "Row type", "Proposed"), ())
    proposed = _proposed_column(table)
    amounts = list(table.amount_columns())
    derived = [c for c in table.columns if c.role is not ColumnRole.AMOUNT]
    variance = variance_columns(table, DocumentKind.BUDGET)
    named = _headings(table)
    headings = ("Line", "Class", "Row type", *(named[c.key] for c in amounts),
                *(named[c.key] for c in derived))
    rows = []
    for (key, line, nth), row in zip(row_keys(table), table.rows, strict=True):
        shown: list[tuple[str, object]] = [("Class", row.label),
                                           ("Row type", row.row_type.value)]
        inputs: list[Input] = []
        formulas: list[tuple[str, str]] = []
        for column in amounts:
            value = row.values.get(column.key)
            if column.key == proposed and row.row_type.value == "item":
                inputs.append(Input(named[column.key], Kind.AMOUNT,
                                    ("cost", table.key, line, str(nth), column.key), value))
            else:
                shown.append((named[column.key], value))
        for column in derived:
            heading = named[column.key]
            if variance is not None and row.row_type.value == "item" and (
                    variance.minuend.key == proposed):
                high = "{" + named[variance.minuend.key] + "}"
                low = "{" + named[variance.base.key] + "}"
                if column.role is ColumnRole.VARIANCE_AMOUNT:
                    formulas.append((heading, f"={high}-{low}"))
                    continue
                if column.role is ColumnRole.VARIANCE_PERCENTAGE:
                    formulas.append((heading, f'=IF({low}=0,"",ROUND(({high}-{low})/{low}*100,1))'))
                    continue
            shown.append((heading, row.values.get(column.key)))
        rows.append(Row(key, tuple(shown), tuple(inputs), tuple(formulas)))
    return Layout(COSTS, "Line", headings, tuple(rows))


def _headings(table: MoneyTable) -> dict[str, str]:
    """Each column's heading: its label, ``(derived)`` after a variance, and its key
    after a label printed twice (the reader finds a column by its heading)."""
    labels = [c.label for c in table.columns]
    named = {}
    for column in table.columns:
        heading = column.label if labels.count(column.label) == 1 else (
            f"{column.label} [{column.key}]")
        derived = column.role is not ColumnRole.AMOUNT
        named[column.key] = f"{heading} (derived)" if derived else heading
    return named


def _vacancy(document: Document) -> Layout:
    rows = []
    seen: dict[tuple[str, ...], int] = {}
    for factor in document.vacancy_factors:
        key = f"{factor.category.value} {factor.period.label} {factor.kind.value}"
        name = (factor.category.value, factor.period.label, factor.kind.value)
        part = ("vacancy", *name, occurrence(seen, *name))
        shown: list[tuple[str, object]] = [("Category", factor.category.value),
                                           ("Period", factor.period.label),
                                           ("Kind", factor.kind.value)]
        if factor.kind is VacancyKind.PROPOSED and factor.period == document.period:
            inputs: tuple[Input, ...] = (Input("Rate (per cent)", Kind.RATE, part,
                                               factor.rate),)
        else:
            shown.append(("Rate (per cent)", factor.rate))
            inputs = ()
        rows.append(Row(key, tuple(shown), inputs))
    return Layout(VACANCY, "Factor", ("Factor", "Category", "Period", "Kind",
                                      "Rate (per cent)"), tuple(rows))


FRAMEWORK_HEADINGS = ("Key", "Component", "Kind", "Text", "Target period", "Value",
                      "Comparator", "As printed")


def _frameworks(document: Document) -> Layout:
    rows: list[Row] = []
    seen: dict[tuple[str, ...], int] = {}
    for component in document.components:
        c = (component.key, occurrence(seen, component.key))
        for ea in component.expected_accomplishments:
            base = (*c, ea.number, occurrence(seen, *c, ea.number))
            for indicator in ea.indicators:
                number = (*base, indicator.number, occurrence(seen, *base, indicator.number))
                inputs = [Input("Text", Kind.TEXT, ("indicator text", *number),
                                indicator.text)]
                shown: list[tuple[str, object]] = [("Component", component.name),
                                                   ("Kind", "indicator")]
                target = next((v for v in indicator.values if v.period == document.period),
                              None)
                if target is not None:
                    at: Part = (*number, document.period.label)
                    shown.append(("Target period", document.period.label))
                    inputs += [
                        Input("Value", Kind.QUANTITY, ("indicator value", *at), target.value),
                        Input("Comparator", Kind.COMPARATOR, ("indicator comparator", *at),
                              target.comparator.value if target.comparator else None),
                        Input("As printed", Kind.TEXT, ("indicator printed", *at),
                              target.text)]
                rows.append(Row(f"{component.key} {indicator.number}", tuple(shown),
                                tuple(inputs)))
            for index, output in enumerate(ea.outputs, start=1):
                place = (*base, str(index))
                key = f"{component.key} {ea.number}/{index}"
                rows.append(Row(key, (("Component", component.name), ("Kind", "output")),
                                (Input("Text", Kind.TEXT, ("output text", *place),
                                       output.text),)))
                for q, quantity in enumerate(output.quantities, start=1):
                    at = (*place, str(q))
                    rows.append(Row(
                        f"{key} #{q}", (("Component", component.name), ("Kind", "quantity")),
                        (Input("Value", Kind.COUNT, ("quantity value", *at), quantity.value),
                         Input("As printed", Kind.TEXT, ("quantity printed", *at),
                               quantity.text))))
    return Layout(FRAMEWORKS, "Key", FRAMEWORK_HEADINGS, tuple(rows))


def _variances(document: Document) -> Layout:
    rows = []
    seen: dict[tuple[str, ...], int] = {}
    for explanation in document.variance_explanations:
        nth = occurrence(seen, explanation.line)
        for index, paragraph in enumerate(explanation.paragraphs, start=1):
            rows.append(Row(
                f"{explanation.line} {index}",
                (("Class", explanation.label),
                 ("Variance (derived)", explanation.amount),
                 ("Per cent (derived)", explanation.percentage),
                 ("Paragraph", paragraph.number)),
                (Input("Explanation", Kind.TEXT, ("variance", explanation.line, nth, str(index)),
                       paragraph.text),)))
    return Layout(VARIANCES, "Paragraph of", ("Paragraph of", "Class", "Variance (derived)",
                                              "Per cent (derived)", "Paragraph",
                                              "Explanation"), tuple(rows))


# --- writing ----------------------------------------------------------------------------

ABOUT_FIELDS = ("Proposal", "Revision", "Mission", "Period", "Title")


def workbook(proposal_id: int, revision: int, document: Document) -> Workbook:
    """The workbook of revision ``revision`` of proposal ``proposal_id``."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    about = book.active
    assert about is not None
    about.title = ABOUT
    about.append(["Field", "Value"])
    for name, value in zip(ABOUT_FIELDS, (proposal_id, revision, document.mission.code,
                                         document.period.label, document.title), strict=True):
        about.append([name, neutral_text(value) if isinstance(value, str) else value])
    about.append([])
    about.append([neutral_text("Edit the unlocked (yellow) cells of the other sheets, then "
                               "rbb workbook import. Grey cells are derived.")])
    _finish(about, widths=(14, 80))
    for layout in layouts(document):
        _sheet(book.create_sheet(layout.sheet), layout)
    for sheet in book.worksheets:
        for cell in sheet[1]:
            cell.font = Font(bold=True)
    return book


def _sheet(sheet: Worksheet, layout: Layout) -> None:
    from openpyxl.styles import PatternFill, Protection
    from openpyxl.utils import get_column_letter

    sheet.append([neutral_text(heading) for heading in layout.headings])
    letter = {h: get_column_letter(i) for i, h in enumerate(layout.headings, start=1)}
    validations = _validations()
    for validation in validations.values():
        sheet.add_data_validation(validation)
    unlocked = Protection(locked=False)
    input_fill = PatternFill("solid", fgColor="FFF2CC")
    derived_fill = PatternFill("solid", fgColor="E7E6E6")
    for number, row in enumerate(layout.rows, start=2):
        sheet.cell(number, 1, neutral_text(row.key))
        for heading, shown in row.shown:
            cell = sheet.cell(number, layout.headings.index(heading) + 1, _cell(shown))
            if heading.endswith("(derived)"):
                cell.fill = derived_fill
        for item in row.inputs:
            cell = sheet.cell(number, layout.headings.index(item.heading) + 1,
                              _cell(item.value))
            cell.protection = unlocked
            cell.fill = input_fill
            if item.kind in NUMBER_FORMATS:
                cell.number_format = NUMBER_FORMATS[item.kind]
            if item.kind in validations:
                validations[item.kind].add(cell.coordinate)
        for heading, formula in row.formulas:
            text = formula.replace("{row}", str(number))
            for name, column in letter.items():
                text = text.replace("{" + name + "}", f"{column}{number}")
            cell = sheet.cell(number, layout.headings.index(heading) + 1, text)
            cell.fill = derived_fill
            cell.number_format = "#,##0.0"
    _finish(sheet, widths=tuple(60 if h in ("Text", "Explanation", "As printed") else 18
                                for h in layout.headings))


def _validations() -> dict[str, DataValidation]:
    from openpyxl.worksheet.datavalidation import DataValidation

    def number(low: str, high: str | None, what: str) -> DataValidation:
        return DataValidation(
            type="decimal", operator="between" if high else "greaterThanOrEqual",
            formula1=low, formula2=high, allow_blank=True, showErrorMessage=True,
            errorTitle="Not a valid figure", error=f"Expected {what}.")

    comparators = ",".join(c.value for c in Comparator)
    return {
        Kind.AMOUNT: number("0", None, EXPECTED[Kind.AMOUNT]),
        Kind.QUANTITY: number("0", None, EXPECTED[Kind.QUANTITY]),
        Kind.COUNT: number("0", None, EXPECTED[Kind.COUNT]),
        Kind.RATE: number("0", "100", EXPECTED[Kind.RATE]),
        Kind.COMPARATOR: DataValidation(type="list", formula1=f'"{comparators}"',
                                        allow_blank=True, showErrorMessage=True,
                                        errorTitle="Not a comparator",
                                        error=f"Expected {EXPECTED[Kind.COMPARATOR]}."),
    }


def _cell(value: object) -> object:
    if isinstance(value, str):
        return neutral_text(value)
    return value


def _finish(sheet: Worksheet, *, widths: tuple[int, ...]) -> None:
    from openpyxl.utils import get_column_letter

    sheet.freeze_panes = "B2"
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.protection.sheet = True
    sheet.protection.formatColumns = False
    sheet.protection.formatRows = False
