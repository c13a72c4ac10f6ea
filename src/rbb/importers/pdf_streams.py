"""Inflating a PDF's streams within a budget.

pdfminer inflates each stream whole (``PDFStream.decode`` calls
``zlib.decompress``): 36 KB of Flate can become 10 MB of text operators, and
1 MB a gigabyte of zeros. ``inflating_within`` sets how much one stream and all
of them together may become; while it is active, pdfminer's decoders (Flate,
LZW, run-length, ASCII85) stop at the budget instead of after it, and the
reading ends with the error the caller gave. Outside it pdfminer is unchanged.
"""

from __future__ import annotations

import zlib
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from io import BytesIO
from typing import Any


class StreamTooLargeError(Exception):
    """Raised inside pdfminer when a stream passes the budget; the budget keeps the
    message, since pdfminer and pdfplumber may wrap or swallow the exception."""


@dataclass(slots=True)
class Budget:
    """How many inflated bytes one stream, and the whole reading, may still produce."""

    per_stream: int
    total: int
    stream_message: str
    total_message: str
    used: int = 0
    tripped: str | None = None

    @property
    def room(self) -> int:
        return min(self.per_stream, self.total - self.used)

    def spend(self, size: int) -> None:
        if size > self.room:
            # Streams stop inflating at ``room``: what ran out is the tighter bound.
            self.tripped = (self.stream_message if self.per_stream <= self.total - self.used
                            else self.total_message)
            raise StreamTooLargeError(self.tripped)
        self.used += size


_BUDGET: ContextVar[Budget | None] = ContextVar("rbb_pdf_budget", default=None)


@contextmanager
def inflating_within(budget: Budget) -> Iterator[Budget]:
    """pdfminer's streams inflate within ``budget`` inside this block (one thread's
    or task's reading; another reading keeps its own budget)."""
    _install()
    token = _BUDGET.set(budget)
    try:
        yield budget
    finally:
        _BUDGET.reset(token)


class _CappedDecompressor:
    """``zlib.decompressobj()`` whose total output stays within the budget."""

    def __init__(self, budget: Budget) -> None:
        self._inner = zlib.decompressobj()
        self._budget = budget
        self._seen = 0

    def decompress(self, data: bytes, max_length: int = 0) -> bytes:
        room = self._budget.room - self._seen
        out = self._inner.decompress(data, room + 1)
        self._seen += len(out)
        if self._seen > self._budget.room:
            self._budget.spend(self._seen)
        return out

    def flush(self) -> bytes:
        return b""


class _Zlib:
    """What pdfminer's stream decoding sees as ``zlib``."""

    error = zlib.error

    @staticmethod
    def decompress(data: bytes) -> bytes:
        budget = _BUDGET.get()
        if budget is None:
            return zlib.decompress(data)
        inflater = zlib.decompressobj()
        out = inflater.decompress(data, budget.room + 1)
        if len(out) > budget.room:
            budget.spend(len(out))
        if not inflater.eof:
            raise zlib.error("incomplete or truncated stream")
        budget.spend(len(out))
        return out

    @staticmethod
    def decompressobj(*args: Any) -> Any:
        budget = _BUDGET.get()
        return zlib.decompressobj(*args) if budget is None else _CappedDecompressor(budget)


def _capped_lzw(original: Callable[[bytes], bytes]) -> Callable[[bytes], bytes]:
    def lzwdecode(data: bytes) -> bytes:
        budget = _BUDGET.get()
        if budget is None:
            return original(data)
        from pdfminer.lzw import LZWDecoder

        out = bytearray()
        for chunk in LZWDecoder(BytesIO(data)).run():
            out += chunk
            if len(out) > budget.room:
                budget.spend(len(out))
        budget.spend(len(out))
        return bytes(out)
    return lzwdecode


def _run_length_size(data: bytes) -> int:
    """The size of run-length data once decoded, counted without decoding it."""
    size, at = 0, 0
    while at < len(data) and data[at] != 128:
        length = data[at]
        if length < 128:
            size += length + 1
            at += length + 2
        else:
            size += 257 - length
            at += 2
    return size


def _checked_before(original: Callable[[bytes], bytes], size: Callable[[bytes], int],
                    ) -> Callable[[bytes], bytes]:
    def decode(data: bytes) -> bytes:
        budget = _BUDGET.get()
        if budget is None:
            return original(data)
        expected = size(data)
        if expected > budget.room:
            budget.spend(expected)
        out = original(data)
        budget.spend(len(out))
        return out
    return decode


_installed = False


def _install() -> None:
    """Route pdfminer's stream decoders through the budget (once per process)."""
    global _installed
    if _installed:
        return
    from pdfminer import pdftypes

    original = vars(pdftypes)
    replacements: dict[str, object] = {
        "zlib": _Zlib,
        "lzwdecode": _capped_lzw(original["lzwdecode"]),
        "rldecode": _checked_before(original["rldecode"], _run_length_size),
        # ASCII85 and hex decode to at most four times their input: checked after.
        "ascii85decode": _checked_before(original["ascii85decode"], lambda data: 0),
        "asciihexdecode": _checked_before(original["asciihexdecode"], lambda data: 0),
    }
    for name, value in replacements.items():
        setattr(pdftypes, name, value)
    _installed = True
