"""Placeholder: being written (docs/cycle.md)."""

from __future__ import annotations

from ...model.errors import InputError
from ..detect import DocumentMeta
from ..importer import ImportResult
from ..source import SourceText


def read(source: SourceText, meta: DocumentMeta) -> ImportResult:
    return ImportResult.refused(InputError(f"{meta.described()}: not read yet",
                                           file=source.name), source.name)
