"""Cells bound for a spreadsheet (facts CSV, data package, drivers workbook) that a
spreadsheet cannot run.

Excel, LibreOffice and Google Sheets read a cell that begins with ``=``, ``+``, ``-``
or ``@`` (or with a tab or a carriage return before one) as a formula, so imported
text such as ``=HYPERLINK(...)`` or ``=cmd|' /C calc'!A0`` would become live in an
analyst's sheet. As OWASP recommends for CSV injection, such a text cell is written
with a single quote before it. The rule, exactly:

* a text cell gets one ``'`` in front when, after any quotes it already begins with,
  it begins with a trigger (``=``, ``+``, ``-``, ``@``, tab, carriage return);
* numbers (``Decimal``, ``int``) are never prefixed: ``-12.5`` stays a number;
* reading back (the drivers workbook), one leading ``'`` is removed when the rest
  satisfies the same condition, i.e. if and only if rbb added it. Text that begins
  with quotes followed by a trigger is therefore written with one quote more, so the
  round trip is exact for every text.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from decimal import Decimal

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
PREFIX = "'"

SpreadsheetCell = str | int | Decimal | None


def _would_be_read_as_formula(text: str) -> bool:
    return text.lstrip(PREFIX).startswith(FORMULA_TRIGGERS)


def neutral_text(text: str) -> str:
    """Text a spreadsheet shows as text: prefixed with ``'`` by the rule above."""
    return PREFIX + text if _would_be_read_as_formula(text) else text


def restored_text(text: str) -> str:
    """The text :func:`neutral_text` was given: its prefix removed, if it added one."""
    if text.startswith(PREFIX) and _would_be_read_as_formula(text):
        return text[len(PREFIX):]
    return text


def csv_cell(value: SpreadsheetCell) -> str:
    """One CSV field: numbers in plain notation, text neutralised, None empty."""
    if value is None:
        return ""
    if isinstance(value, bool):
        raise TypeError("a spreadsheet cell is text or a number, not a bool")
    if isinstance(value, Decimal):
        return format(value, "f")
    if isinstance(value, int):
        return str(value)
    return neutral_text(value)


def csv_row(values: Sequence[SpreadsheetCell]) -> list[str]:
    return [csv_cell(value) for value in values]


_NEEDS_QUOTES = re.compile(r'[,"\r\n]')


def _quoted(field: str) -> str:
    return '"' + field.replace('"', '""') + '"' if _NEEDS_QUOTES.search(field) else field


def csv_line(values: Sequence[SpreadsheetCell]) -> str:
    """One CSV record ending in ``\n``, as ``csv.writer`` writes it, except that a field
    holding a carriage return is quoted too: Python's writer (3.11) leaves it bare
    when the line terminator is ``\n``, and a spreadsheet would end the row there and
    read the rest of the field, unprefixed, as a new row's first cell."""
    fields = csv_row(values)
    if fields == [""]:
        return '""\n'
    return ",".join(_quoted(field) for field in fields) + "\n"
