"""Readings of a document that several checks share (the prose's pieces, the money
figures they can name): each check is a function of the document alone, and a reading
they all need is made once per document instead of once per check.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache, wraps
from typing import TypeVar

from rbb.model import Document

T = TypeVar("T")

_REMEMBERED = 4
"""Documents whose readings are kept: the checks of one document run one after another."""


class _Same:
    """A document as a cache key by identity: a document is immutable, and hashing its
    whole content on every call would cost more than the reading it saves. The key holds
    the document, so its identity cannot be reused while the reading is kept."""

    __slots__ = ("document",)

    def __init__(self, document: Document) -> None:
        self.document = document

    def __hash__(self) -> int:
        return id(self.document)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, _Same) and other.document is self.document


def once_per_document(reading: Callable[[Document], T]) -> Callable[[Document], T]:
    """``reading``, made once for each of the last few documents it was given."""

    @lru_cache(maxsize=_REMEMBERED)
    def remembered(key: _Same) -> T:
        return reading(key.document)

    @wraps(reading)
    def read(document: Document) -> T:
        return remembered(_Same(document))

    return read
