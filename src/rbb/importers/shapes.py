"""The text shapes a budget or performance report comes in, each an importer:
``tabbed`` (a word-processor conversion, tab-separated cells) and ``pdf_text``
(the text a PDF extraction gives, space-separated cells; a PDF file is turned into
that text by pdfplumber first).

Both read the report's identity the same way (``rbb.importers.detect``) and then
hand the numbered lines to the parser of their shape.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from rbb.model.errors import InputError

from . import pdf_text, tabbed
from .detect import REPORT, DocumentMeta, detect, names_a_period
from .importer import Importer, ImportInput, ImportResult
from .source import SourceText

Parser = Callable[[SourceText, DocumentMeta], ImportResult]


def guess_shape(text: str) -> str:
    """Word-processor conversions separate table cells with tabs; PDF text does not."""
    lines = [line for line in text.split("\n") if line.strip()]
    cells = sum(1 for line in lines if "\t" in line)
    return "tabbed" if lines and cells >= max(5, len(lines) // 50) else "pdf_text"


class ReportShape(Importer):
    """A report read from its text in one shape."""

    expects = REPORT

    def __init__(self, name: str, parse: Parser, *, reads_pdf: bool) -> None:
        self.name = name
        self._parse = parse
        self._reads_pdf = reads_pdf

    def identify(self, file: ImportInput) -> bool:
        if file.is_pdf:
            return self._reads_pdf and file.derived(_report_shape) is not None
        return file.derived(_report_shape) == self.name

    def extract(self, file: ImportInput) -> ImportResult:
        if file.problem is not None:
            return ImportResult.refused(file.problem, file.name)
        text = file.text or ""
        try:
            meta = detect(text, file=file.name, register=file.register)
        except InputError as error:
            return ImportResult.refused(error, file.name)
        if not meta.kind.read_in_full:
            return ImportResult.refused(InputError(
                f"identified as {meta.described()}; rbb reads its identity only (it imports "
                "budgets and performance reports)", file=file.name), file.name)
        result = self._parse(SourceText(name=file.name, text=text, shape=self.name), meta)
        return replace(result, text=text)


def _report_shape(file: ImportInput) -> str | None:
    """The shape of a report's text; None for a file that is not the text of a report."""
    text = file.text
    if text is None or not names_a_period(text):
        return None
    return guess_shape(text)


TABBED = ReportShape("tabbed", tabbed.parse, reads_pdf=False)
PDF_TEXT = ReportShape("pdf_text", pdf_text.parse, reads_pdf=True)
