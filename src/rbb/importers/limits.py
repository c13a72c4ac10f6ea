"""How much reading one untrusted file may cost (docs/security.md, "Hostile files").

A small file can expand without bound: a compressed PDF stream, a PDF of
thousands of pages, a YAML alias, a spreadsheet of a million rows, a zip
member that inflates a thousandfold. Every reader of rbb checks these limits
while it reads, so a hostile file costs one error naming the file and the
limit, never the server. The worker of ``rbb.services.isolated_reading`` adds
the last two: memory and time.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, fields

from rbb.model.errors import InputError, TooLargeError

MB = 1024 * 1024

SETTINGS: dict[str, tuple[str, int]] = {
    "max_file_bytes": ("RBB_MAX_FILE_MB", MB),
    "max_pdf_pages": ("RBB_MAX_PDF_PAGES", 1),
    "max_text_bytes": ("RBB_MAX_TEXT_MB", MB),
    "max_inflated_bytes": ("RBB_MAX_INFLATED_MB", MB),
    "max_attachment_bytes": ("RBB_MAX_ATTACHMENT_MB", MB),
    "max_unpacked_bytes": ("RBB_MAX_UNPACKED_MB", MB),
    "max_rows": ("RBB_MAX_ROWS", 1),
    "max_cells": ("RBB_MAX_CELLS", 1),
    "max_depth": ("RBB_MAX_DEPTH", 1),
    "read_seconds": ("RBB_READ_SECONDS", 1),
    "memory_bytes": ("RBB_READ_MEMORY_MB", MB),
    "max_ledger_bytes": ("RBB_MAX_LEDGER_MB", MB),
    "max_ledger_rows": ("RBB_MAX_LEDGER_ROWS", 1),
}
"""Each limit's environment variable and the unit the variable counts in."""


@dataclass(frozen=True, slots=True)
class ReadingLimits:
    """The most one file may cost to read; ``from_env`` reads the ``RBB_*`` settings."""

    max_file_bytes: int = 20 * MB
    """Any file read: a report, a drivers file, a document's JSON (checked before reading)."""
    max_pdf_pages: int = 1000
    max_text_bytes: int = 8 * MB
    """What one PDF stream may inflate to, and the text extracted from a whole PDF."""
    max_inflated_bytes: int = 256 * MB
    """Every stream of one PDF inflated together."""
    max_attachment_bytes: int = 20 * MB
    """The data a PDF rendered by rbb carries (``rbb-document.json``), inflated."""
    max_unpacked_bytes: int = 100 * MB
    """The parts of an Excel workbook (a zip file), uncompressed together."""
    max_rows: int = 100_000
    """Rows of one sheet of a workbook, counted as read (never from its <dimension>)."""
    max_cells: int = 1_000_000
    """Cells of a whole workbook, empty ones included."""
    max_depth: int = 64
    """Nesting of a YAML file."""
    read_seconds: int = 120
    """Wall-clock time of one reading in the worker."""
    memory_bytes: int = 2048 * MB
    """Address space of the worker that reads one file (RLIMIT_AS)."""
    max_ledger_bytes: int = 4096 * MB
    """An ERP ledger extract (CSV, Excel, Parquet), and what an Excel extract unpacks to:
    a year's ledger of a large mission runs to millions of lines (docs/execution.md)."""
    max_ledger_rows: int = 20_000_000
    """Rows of one ledger extract (a Parquet file of a few kilobytes may declare billions)."""

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> ReadingLimits:
        """The defaults, overridden by the ``RBB_*`` variables that are set."""
        env = os.environ if environ is None else environ
        values: dict[str, int] = {}
        for item in fields(cls):
            variable, unit = SETTINGS[item.name]
            given = env.get(variable, "").strip()
            if not given:
                continue
            try:
                number = int(given)
            except ValueError:
                raise InputError(f"{variable}={given!r}: expected a whole number") from None
            if number <= 0:
                raise InputError(f"{variable}={given!r}: expected a positive number")
            values[item.name] = number * unit
        return cls(**values)

    def setting(self, name: str) -> str:
        """``8 MB (RBB_MAX_TEXT_MB)``: a limit as a message names it."""
        return f"{self.amount(name)} ({SETTINGS[name][0]})"

    def amount(self, name: str) -> str:
        """``8 MB``, ``1,000``: a limit's value in the unit of its setting."""
        unit = SETTINGS[name][1]
        value: int = getattr(self, name)
        return f"{value // unit:,} MB" if unit == MB else f"{value:,}"


def too_large(name: str, size: int, limits: ReadingLimits,
              what: str = "the file") -> TooLargeError:
    """The error of a file over ``max_file_bytes``, before a byte of it is parsed."""
    return TooLargeError(f"{what} has {size:,} bytes, more than the "
                      f"{limits.setting('max_file_bytes')} rbb reads", file=name)
