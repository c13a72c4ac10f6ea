"""PDF files: the text of a published report (pdfplumber), and the importer of a PDF
that rbb rendered, which carries its data as an attachment (docs/decisions.md, 5).

The text follows the PDF's own drawing order (``use_text_flow``): a
word-processor PDF draws a table cell by cell, so a framework's planned
output comes out before its completed entry and remarks, the order the
``pdf_text`` parser expects, rather than interleaved line by line. Pages are
joined with a newline; the page furniture they repeat (symbol, job number)
is the parser's to drop.
"""

from __future__ import annotations

import io

from rbb.model import Diagnostic, DiagnosticSeverity, Document
from rbb.model.errors import InputError

from .detect import REPORT
from .importer import Importer, ImportInput, ImportResult

_MIN_TEXT = 20


def pdf_to_text(data: bytes, *, name: str) -> str:
    """The text of every page; InputError naming the file for a PDF that cannot
    be read, is encrypted, or carries no text layer (a scan)."""
    import pdfplumber  # slow to load: only when a PDF is read

    try:
        with pdfplumber.open(io.BytesIO(data)) as pdf:
            pages = [page.extract_text(use_text_flow=True) or "" for page in pdf.pages]
    except Exception as error:  # pdfminer raises many types for one cause
        raise InputError(_reason(error), file=name) from error
    text = "\n".join(page.rstrip("\n") for page in pages)
    if len(text.strip()) < _MIN_TEXT:
        raise InputError("the PDF has no text layer (a scanned image?): expected a report "
                         "whose text can be extracted", file=name)
    return text


def _reason(error: BaseException) -> str:
    """pdfplumber wraps pdfminer's errors: look through the wrapping for the cause."""
    causes = [error, *error.args, error.__cause__, error.__context__]
    names = " ".join(f"{type(cause).__name__} {cause}" for cause in causes if cause is not None)
    if "password" in names.lower() or "encrypt" in names.lower():
        return "the PDF is encrypted: expected an unprotected report"
    return f"the PDF cannot be read ({type(error).__name__}): expected a report exported as PDF"


EMBEDDED_DATA_NAME = "rbb-document.json"
"""The attachment rbb puts in every PDF report it renders (rbb.reports)."""


def embedded_document_json(data: bytes) -> str | None:
    """The canonical JSON a PDF rendered by rbb carries as an attachment, or None.

    A report rbb renders reads back to exactly the data it was rendered from,
    the way a Factur-X invoice carries its XML; any other PDF goes through its
    text. Never raises: an unreadable attachment is simply not there.
    """
    try:
        import pdfplumber
        from pdfminer.pdftypes import resolve1

        with pdfplumber.open(io.BytesIO(data)) as pdf:
            names = resolve1(pdf.doc.catalog.get("Names"))
            files = resolve1(names.get("EmbeddedFiles")) if isinstance(names, dict) else None
            pairs = resolve1(files.get("Names")) if isinstance(files, dict) else None
            if not isinstance(pairs, list):
                return None
            for key, spec in zip(pairs[::2], pairs[1::2], strict=False):
                label = key.decode("utf-8", "replace") if isinstance(key, bytes) else str(key)
                if label != EMBEDDED_DATA_NAME:
                    continue
                stream = resolve1(resolve1(resolve1(spec).get("EF")).get("F"))
                raw: bytes = stream.get_data()
                return raw.decode("utf-8")
    except Exception:  # an attachment that cannot be read is treated as absent
        return None
    return None


class RenderedPdf(Importer):
    """A PDF report rbb rendered: its attached data, exactly as rendered. A PDF
    whose attachment is missing or does not validate (an older format, a damaged
    file) is not this importer's; it is read from its text like any other."""

    name = "rbb_pdf"
    expects = REPORT

    def identify(self, file: ImportInput) -> bool:
        return file.is_pdf and file.derived(_attached_document) is not None

    def extract(self, file: ImportInput) -> ImportResult:
        document = file.derived(_attached_document)
        if document is None:
            return ImportResult.refused(InputError(
                "the PDF carries no data rendered by rbb: expected a PDF report rendered by "
                "rbb", file=file.name), file.name)
        note = Diagnostic(severity=DiagnosticSeverity.INFO, code="embedded-data",
                          message="this PDF was rendered by rbb: its attached data was read, "
                                  "exactly as rendered, instead of its text", file=file.name)
        return ImportResult(file.name, document, (note,))


def _attached_document(file: ImportInput) -> Document | None:
    text = embedded_document_json(file.data)
    if text is None:
        return None
    try:
        return Document.model_validate_json(text)
    except ValueError:
        return None
