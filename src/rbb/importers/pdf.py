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

import hashlib
import io
import itertools
from collections.abc import Iterator
from pathlib import PurePath
from typing import Any

from rbb.model import Diagnostic, DiagnosticSeverity, Document
from rbb.model.document import SourceFile
from rbb.model.errors import InputError

from .detect import REPORT
from .importer import Importer, ImportInput, ImportResult
from .limits import ReadingLimits
from .pdf_streams import Budget, inflating_within

_MIN_TEXT = 20


def pdf_to_text(data: bytes, *, name: str, limits: ReadingLimits | None = None) -> str:
    """The text of every page; InputError naming the file for a PDF that cannot
    be read, is encrypted, carries no text layer (a scan) or passes a limit (pages,
    inflated streams, extracted text: ``ReadingLimits``)."""
    import pdfplumber  # slow to load: only when a PDF is read

    limits = limits or ReadingLimits.from_env()
    budget = _text_budget(limits)
    pages: list[str] = []
    try:
        with inflating_within(budget), pdfplumber.open(io.BytesIO(data)) as pdf:
            for page in _pages(pdf, name, limits):
                pages.append(page.extract_text(use_text_flow=True) or "")
                page.close()  # a page's characters are not kept once its text is had
                if sum(map(len, pages)) > limits.max_text_bytes:
                    raise InputError(f"the PDF's text passes {_text(limits)}; expected a "
                                     "report of ordinary length", file=name)
    except (InputError, MemoryError):
        raise
    except Exception as error:  # pdfminer raises many types for one cause
        _reraise_memory_error(error)
        if budget.tripped is not None:
            raise InputError(budget.tripped, file=name) from None
        raise InputError(_reason(error), file=name) from error
    if budget.tripped is not None:  # pdfminer swallowed the stop: the text is incomplete
        raise InputError(budget.tripped, file=name)
    text = "\n".join(page.rstrip("\n") for page in pages)
    if len(text.strip()) < _MIN_TEXT:
        raise InputError("the PDF has no text layer (a scanned image?): expected a report "
                         "whose text can be extracted", file=name)
    return text


def _text(limits: ReadingLimits) -> str:
    return limits.setting("max_text_bytes")


def _text_budget(limits: ReadingLimits) -> Budget:
    return Budget(
        per_stream=limits.max_text_bytes, total=limits.max_inflated_bytes,
        stream_message=f"the PDF expands past {limits.amount('max_text_bytes')} of text in "
                       "one stream (RBB_MAX_TEXT_MB); "
                       "expected a report of ordinary length (a stream that inflates "
                       "without bound is a compression bomb)",
        total_message=f"the PDF's streams expand past "
                      f"{limits.setting('max_inflated_bytes')} together; expected a report "
                      "of ordinary length")


def _pages(pdf: Any, name: str, limits: ReadingLimits) -> Iterator[Any]:
    """pdfplumber's pages one at a time, after counting them: ``pdf.pages`` would keep
    every page (and its characters) until the file is closed."""
    from pdfminer.pdfpage import PDFPage
    from pdfplumber.page import Page

    count = sum(1 for _ in itertools.islice(PDFPage.create_pages(pdf.doc),
                                            limits.max_pdf_pages + 1))
    if count > limits.max_pdf_pages:
        raise InputError(f"the PDF has more than {limits.amount('max_pdf_pages')} pages "
                         "(RBB_MAX_PDF_PAGES); expected a report of ordinary length",
                         file=name)
    doctop: float = 0
    for number, page_object in enumerate(PDFPage.create_pages(pdf.doc), start=1):
        page = Page(pdf, page_object, page_number=number, initial_doctop=doctop)
        doctop += page.height
        yield page


def _reraise_memory_error(error: BaseException) -> None:
    """pdfplumber wraps whatever pdfminer raised, a ``MemoryError`` too (the reading
    worker's memory cap, docs/security.md): that one is not the PDF's fault and goes on
    as itself, whichever layer it reached first."""
    seen: set[int] = set()
    cause: BaseException | None = error
    while cause is not None and id(cause) not in seen:
        if isinstance(cause, MemoryError):
            raise cause from None
        seen.add(id(cause))
        cause = cause.__cause__ or cause.__context__


def _reason(error: BaseException) -> str:
    """pdfplumber wraps pdfminer's errors: look through the wrapping for the cause."""
    causes = [error, *error.args, error.__cause__, error.__context__]
    names = " ".join(f"{type(cause).__name__} {cause}" for cause in causes if cause is not None)
    if "password" in names.lower() or "encrypt" in names.lower():
        return "the PDF is encrypted: expected an unprotected report"
    return f"the PDF cannot be read ({type(error).__name__}): expected a report exported as PDF"


EMBEDDED_DATA_NAME = "rbb-document.json"
"""The attachment rbb puts in every PDF report it renders (rbb.reports)."""


def embedded_document_json(data: bytes, *, name: str = "",
                           limits: ReadingLimits | None = None) -> str | None:
    """The canonical JSON a PDF rendered by rbb carries as an attachment, or None.

    A report rbb renders reads back to exactly the data it was rendered from,
    the way a Factur-X invoice carries its XML; any other PDF goes through its
    text. An unreadable attachment is simply not there; one that inflates past
    ``max_attachment_bytes`` is an InputError, so that its size costs one error.
    """
    limits = limits or ReadingLimits.from_env()
    size = limits.setting("max_attachment_bytes")
    message = (f"the PDF's attachment {EMBEDDED_DATA_NAME} expands past {size}; expected "
               "the data of one report")
    budget = Budget(per_stream=limits.max_attachment_bytes, total=limits.max_inflated_bytes,
                    stream_message=message, total_message=message)
    try:
        import pdfplumber
        from pdfminer.pdftypes import resolve1

        with inflating_within(budget), pdfplumber.open(io.BytesIO(data)) as pdf:
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
    except MemoryError:
        raise
    except Exception as error:  # an attachment that cannot be read is treated as absent
        _reraise_memory_error(error)
        if budget.tripped is not None:
            raise InputError(budget.tripped, file=name) from None
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
        if isinstance(document, InputError):
            return ImportResult.refused(document, file.name)
        if document is None:
            return ImportResult.refused(InputError(
                "the PDF carries no data rendered by rbb: expected a PDF report rendered by "
                "rbb", file=file.name), file.name)
        note = Diagnostic(severity=DiagnosticSeverity.INFO, code="embedded-data",
                          message="this PDF was rendered by rbb: its attached data was read, "
                                  "exactly as rendered, instead of its text", file=file.name)
        return ImportResult(file.name, _from_this_file(document, file), (note,))


def _from_this_file(document: Document, file: ImportInput) -> Document:
    """The source a document keeps is the PDF it was read from: the name and SHA-256 of
    the file given, never what its attachment claims."""
    source = SourceFile(name=PurePath(file.name).name or "upload.pdf",
                        sha256=hashlib.sha256(file.data).hexdigest(), shape="pdf")
    return document.model_copy(update={"source": source})


def _attached_document(file: ImportInput) -> Document | InputError | None:
    """The attached document; an InputError when the attachment passes its limit (the
    file is still this importer's, to be refused with that error)."""
    try:
        text = embedded_document_json(file.data, name=file.name, limits=file.limits)
    except InputError as error:
        return error
    if text is None:
        return None
    try:
        return Document.model_validate_json(text)
    except ValueError:
        return None
