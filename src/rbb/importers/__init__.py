"""Importers: report text (or PDF) in, ``ImportResult`` (document, diagnostics) out.

One parser per text shape: ``tabbed`` (word-processor conversions, tab-separated
cells) and ``pdf_text`` (PDF text extraction, space-separated cells). Both
recognise sections and tables by their headings, never by line numbers.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from rbb.model import Diagnostic, DiagnosticSeverity, Document
from rbb.model.errors import InputError

from . import pdf_text, tabbed
from .detect import DocumentMeta, detect
from .result import ImportResult
from .source import SourceText, guess_shape

__all__ = ["DocumentMeta", "ImportResult", "import_path", "import_text"]

MAX_INPUT_BYTES = 20 * 1024 * 1024


def import_text(text: str, *, name: str, shape: str | None = None) -> ImportResult:
    """Parse the text of one report. Never raises on bad input: errors are diagnostics."""
    try:
        meta = detect(text, file=name)
    except InputError as error:
        return ImportResult(name, None, (_error(error, name),))
    source = SourceText(name=name, text=text, shape=shape or guess_shape(text))
    parser = tabbed.parse if source.shape == "tabbed" else pdf_text.parse
    try:
        result = replace(parser(source, meta), text=text)
    except Exception as error:  # a parser bug must not lose the user's work
        return ImportResult(name, None, (Diagnostic(
            severity=DiagnosticSeverity.ERROR, code="parser-failure",
            message=f"the {source.shape} parser failed on this input ({error!r}); "
                    "nothing was stored — please report it with the file",
            file=name),))
    return result


def import_bytes(data: bytes, *, name: str) -> ImportResult:
    """Text or PDF bytes, as a file upload delivers them."""
    if len(data) > MAX_INPUT_BYTES:
        return ImportResult(name, None, (_error(InputError(
            f"the file has {len(data):,} bytes; at most {MAX_INPUT_BYTES:,} are accepted",
            file=name), name),))
    if data.startswith(b"%PDF"):
        from .pdf import embedded_document_json, pdf_to_text

        embedded = embedded_document_json(data)
        if embedded is not None:
            restored = _embedded_result(embedded, name)
            if restored is not None:
                return restored
        try:
            text = pdf_to_text(data, name=name)
        except InputError as error:
            return ImportResult(name, None, (_error(error, name),))
        return import_text(text, name=name, shape="pdf_text")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        return ImportResult(name, None, (_error(InputError(
            "the file is not UTF-8 text (nor a PDF); expected the text of a report",
            file=name, line=line), name),))
    return import_text(text.replace("\r\n", "\n"), name=name)


def _embedded_result(text: str, name: str) -> ImportResult | None:
    """A PDF rbb rendered: its attached data, exactly; None if it does not validate
    (an older format, a damaged file), so that the text is read instead."""
    try:
        document = Document.model_validate_json(text)
    except ValueError:
        return None
    note = Diagnostic(severity=DiagnosticSeverity.INFO, code="embedded-data",
                      message="this PDF was rendered by rbb: its attached data was read, "
                              "exactly as rendered, instead of its text", file=name)
    return ImportResult(name, document, (note,))


def import_path(path: Path) -> ImportResult:
    try:
        data = path.read_bytes()
    except OSError as error:
        return ImportResult(str(path), None, (_error(InputError(
            f"cannot read the file: {error.strerror}", file=str(path)), str(path)),))
    return import_bytes(data, name=str(path))


def _error(error: InputError, name: str) -> Diagnostic:
    return Diagnostic(severity=DiagnosticSeverity.ERROR, code="input", message=error.detail,
                      file=error.file or name, line=error.line)
