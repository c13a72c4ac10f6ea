"""Common ground of every domain record: immutability, exact money, provenance."""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from typing import Annotated, Any

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    PlainSerializer,
    StringConstraints,
    ValidationInfo,
)


class Record(BaseModel):
    """A small immutable value, as beancount's entries are: later stages make new ones."""

    model_config = ConfigDict(frozen=True, extra="forbid", use_enum_values=False)


STORED: dict[str, Any] = {"read": "stored"}
"""The validation context of a document read back from rbb's own store:
``Document.model_validate_json(body, context=STORED)``. Its figures were checked one by
one when it was stored, so they are not again (the check cost more than the rest of
reading the document); its structure and types still are."""


def _refuse_float(value: Any, info: ValidationInfo) -> Any:
    # A float has already lost the exact amount printed in the report; take
    # only text, integers and Decimals.
    if info.context is STORED:
        return value
    if isinstance(value, float):
        raise ValueError("amounts must be exact: pass a Decimal or a string, not a float")
    if isinstance(value, str):
        try:
            return Decimal(value)
        except InvalidOperation:
            # A ValueError, so validation reports it with the field (drivers files).
            raise ValueError(f"{value!r} is not a number") from None
    return value


MAX_NUMBER_TEXT = 30
"""The longest a figure may be written out (``format(value, "f")``): the store's index
columns hold 32 characters, and no report prints a figure of more than 30."""


MAX_EXACT_DIGITS = 100
"""The most digits a computed value (a calibrated standard cost) may carry."""


def _finite(value: Decimal, info: ValidationInfo | None = None) -> Decimal:
    if info is not None and info.context is STORED:
        return value
    if not value.is_finite():
        raise ValueError(f"{value} is not a figure")
    # Its text holds every digit of the coefficient, so a short one needs no count;
    # ``as_tuple`` builds a named tuple in Python, a third of reading a document's JSON.
    if len(str(value)) > MAX_EXACT_DIGITS and len(value.as_tuple().digits) > MAX_EXACT_DIGITS:
        raise ValueError(f"a figure has at most {MAX_EXACT_DIGITS} digits")
    return value


def _finite_and_bounded(value: Decimal, info: ValidationInfo) -> Decimal:
    if info.context is STORED:
        return value
    _finite(value)
    if len(format(value, "f")) > MAX_NUMBER_TEXT:
        raise ValueError(f"a figure has at most {MAX_NUMBER_TEXT} characters when written "
                         f"out; this one has {len(format(value, 'f'))}")
    return value


def _as_plain_text(value: Decimal) -> str:
    # Plain notation ("1234.5", never "1.2345E+3") so the JSON is stable and readable.
    return format(value, "f")


Amount = Annotated[
    Decimal,
    BeforeValidator(_refuse_float),
    AfterValidator(_finite_and_bounded),
    PlainSerializer(_as_plain_text, return_type=str, when_used="json"),
]
"""Money in thousands of United States dollars, exact as printed (one decimal)."""

Percentage = Annotated[
    Decimal,
    BeforeValidator(_refuse_float),
    AfterValidator(_finite_and_bounded),
    PlainSerializer(_as_plain_text, return_type=str, when_used="json"),
]
"""A percentage as printed (``46.9`` means 46.9 per cent)."""

Quantity = Annotated[
    Decimal,
    BeforeValidator(_refuse_float),
    AfterValidator(_finite_and_bounded),
    PlainSerializer(_as_plain_text, return_type=str, when_used="json"),
]
"""Any other exact number: a count, a rate, a score, a value in millions."""

Key = Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9_]{0,63}$")]
"""A name for machines (a table, a column, a financial line, a component): snake_case,
at most 64 characters, the width of the store's index columns."""

MissionCode = Annotated[str, StringConstraints(
    pattern=r"^[A-Z][A-Z0-9]{0,31}(?:-[A-Z0-9]{1,31})*$", max_length=32)]
"""How the reports abbreviate an operation (``UNMIK``, ``MINURSO``, ``UNAMA``, ``AU-UN``...):
capital letters and digits, parts joined by a hyphen, at most 32 characters. The same
rule holds wherever a document comes from (a report, a JSON file, a PDF's attachment),
so a code can always be part of a file name or an address."""

Label = Annotated[str, StringConstraints(pattern=r"^[^\x00-\x1f\x7f]*$", max_length=64)]
"""A short printed identifier (a document symbol such as ``A/77/589``): at most 64
characters, no control characters."""

FileName = Annotated[str, StringConstraints(
    pattern=r"^[^\x00-\x1f\x7f/\\]+$", min_length=1, max_length=255)]
"""The name of a file without its folder: no separators, no control characters, at most
255 characters (what file systems allow)."""

_GENERATED_FILE_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,254}")


def generated_file_name(name: str) -> str:
    """A file name rbb builds from a document's identity (a report, a download): letters,
    digits, ``.``, ``_`` and ``-`` only, so it can never be a path, hold a control
    character or end a quoted ``Content-Disposition`` value. Its parts are validated
    where they are read (a ``MissionCode``, a period, a kind); this is the last check."""
    if not _GENERATED_FILE_NAME.fullmatch(name):
        raise ValueError(f"{name[:80]!r} is not a file name rbb would make")
    return name


Sha256 = Annotated[str, StringConstraints(pattern=r"^[0-9a-f]{64}$")]

Exact = Annotated[
    Decimal,
    BeforeValidator(_refuse_float),
    AfterValidator(_finite),
    PlainSerializer(_as_plain_text, return_type=str, when_used="json"),
]
"""A computed value kept exact to every digit (a calibrated standard cost), not a
figure printed in a report: finite, at most 100 digits."""

SourceLine = Annotated[int | None, "1-based line of the input text the fact is printed on"]


def absent(value: object) -> bool:
    """``exclude_if`` of an optional field added to a stored record: left out of the
    JSON when None or empty, so records without it are written byte for byte as before."""
    return value is None or value == ()
