"""Common ground of every domain record: immutability, exact money, provenance."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Annotated, Any

from pydantic import BaseModel, BeforeValidator, ConfigDict, PlainSerializer


class Record(BaseModel):
    """A small immutable value, as beancount's entries are: later stages make new ones."""

    model_config = ConfigDict(frozen=True, extra="forbid", use_enum_values=False)


def _refuse_float(value: Any) -> Any:
    # A float has already lost the exact amount printed in the report; take
    # only text, integers and Decimals.
    if isinstance(value, float):
        raise ValueError("amounts must be exact: pass a Decimal or a string, not a float")
    if isinstance(value, str):
        try:
            return Decimal(value)
        except InvalidOperation:
            # A ValueError, so validation reports it with the field (drivers files).
            raise ValueError(f"{value!r} is not a number") from None
    return value


def _as_plain_text(value: Decimal) -> str:
    # Plain notation ("1234.5", never "1.2345E+3") so the JSON is stable and readable.
    return format(value, "f")


Amount = Annotated[
    Decimal,
    BeforeValidator(_refuse_float),
    PlainSerializer(_as_plain_text, return_type=str, when_used="json"),
]
"""Money in thousands of United States dollars, exact as printed (one decimal)."""

Percentage = Annotated[
    Decimal,
    BeforeValidator(_refuse_float),
    PlainSerializer(_as_plain_text, return_type=str, when_used="json"),
]
"""A percentage as printed (``46.9`` means 46.9 per cent)."""

Quantity = Annotated[
    Decimal,
    BeforeValidator(_refuse_float),
    PlainSerializer(_as_plain_text, return_type=str, when_used="json"),
]
"""Any other exact number: a count, a rate, a score, a value in millions."""

SourceLine = Annotated[int | None, "1-based line of the input text the fact is printed on"]
