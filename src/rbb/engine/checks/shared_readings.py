"""Readings that several checks share (the prose's pieces, the money figures they can
name, a table's rows by line): each check is a function of the document alone, and a
reading they all need is made once per document (or table) instead of once per check.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache, wraps
from typing import Generic, TypeVar

from rbb.model import Document, MoneyRow, MoneyTable

from .. import derived

R = TypeVar("R")
T = TypeVar("T")


class _Same(Generic[R]):
    """An immutable record as a cache key by identity: hashing its whole content on
    every call would cost more than the reading it saves. The key holds the record, so
    its identity cannot be reused while the reading is kept."""

    __slots__ = ("record",)

    def __init__(self, record: R) -> None:
        self.record = record

    def __hash__(self) -> int:
        return id(self.record)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, _Same) and other.record is self.record


def once_per_record(reading: Callable[[R], T], size: int) -> Callable[[R], T]:
    """``reading``, made once for each of the last ``size`` records it was given."""

    @lru_cache(maxsize=size)
    def remembered(key: _Same[R]) -> T:
        return reading(key.record)

    @wraps(reading)
    def read(record: R) -> T:
        return remembered(_Same(record))

    return read


def once_per_document(reading: Callable[[Document], T]) -> Callable[[Document], T]:
    """``reading``, made once for each of the last few documents it was given (the
    checks of one document run one after another)."""
    return once_per_record(reading, 4)


rows_by_line: Callable[[MoneyTable], dict[str, MoneyRow]] = once_per_record(
    derived.rows_by_line, 32)
"""A financial table's rows by line, as ``derived.rows_by_line`` gives them; the dict
is shared by every check that asks, so it is read, never changed."""
