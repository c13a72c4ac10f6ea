"""Importers: a file in, ``ImportResult`` (document, diagnostics) out.

Every importer says whether it reads a file and reads it (``importer.Importer``);
the registry picks the first that identifies the file: a PDF rbb rendered, a
report's text in one of its shapes (``tabbed``: word-processor conversions,
tab-separated cells; ``pdf_text``: PDF text extraction), then what plugins add
(docs/importing.md). None of these functions raises on bad input: errors are
diagnostics naming the file and the line.
"""

from __future__ import annotations

from pathlib import Path

from rbb.model.errors import InputError
from rbb.model.mission_register import MissionRegister

from .detect import DocumentMeta
from .importer import Importer, ImportInput, ImportResult
from .limits import ReadingLimits, too_large
from .reading import watching_sections
from .registry import import_file, importers

__all__ = ["DocumentMeta", "ImportInput", "ImportResult", "Importer", "ReadingLimits",
           "import_bytes",
           "import_file", "import_path", "import_text", "importers", "watching_sections"]

MAX_INPUT_BYTES = ReadingLimits().max_file_bytes
"""The default of ``ReadingLimits.max_file_bytes`` (RBB_MAX_FILE_MB)."""


def import_text(text: str, *, name: str, shape: str | None = None,
                register: MissionRegister | None = None) -> ImportResult:
    """Read the text of one report; ``shape`` names the importer to use (``tabbed``,
    ``pdf_text``) instead of the first that identifies the text; ``register``: the
    missions it may name (by default the register rbb ships)."""
    return import_file(ImportInput.of_text(text, name=name, register=register),
                       importer=shape)


def import_bytes(data: bytes, *, name: str, limits: ReadingLimits | None = None,
                 register: MissionRegister | None = None) -> ImportResult:
    """A file's bytes, as an upload delivers them, read within ``limits`` (by default
    the ``RBB_*`` settings)."""
    try:
        limits = limits or ReadingLimits.from_env()
    except InputError as error:
        return ImportResult.refused(error, name)
    if len(data) > limits.max_file_bytes:
        return ImportResult.refused(too_large(name, len(data), limits), name)
    return import_file(ImportInput(name, data, limits=limits, register=register))


def import_path(path: Path, *, limits: ReadingLimits | None = None,
                register: MissionRegister | None = None) -> ImportResult:
    """A file on disk; its size is checked before it is read."""
    try:
        limits = limits or ReadingLimits.from_env()
        size = path.stat().st_size
        if size > limits.max_file_bytes:
            return ImportResult.refused(too_large(str(path), size, limits), str(path))
        data = path.read_bytes()
    except InputError as error:
        return ImportResult.refused(error, str(path))
    except OSError as error:
        return ImportResult.refused(InputError(
            f"cannot read the file: {error.strerror}", file=str(path)), str(path))
    return import_bytes(data, name=str(path), limits=limits, register=register)
