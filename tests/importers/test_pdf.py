"""PDF input: a PDF built from the seed's lines (WeasyPrint, a monospace <pre>),
read back with pdfplumber, imports to the same figures as the text; PDFs that
cannot be read are refused with the file named."""

from __future__ import annotations

import html
from collections import Counter
from decimal import Decimal
from functools import cache

import pytest

from rbb.importers import ImportResult, import_bytes, import_text
from rbb.importers.pdf import pdf_to_text
from rbb.model import Document
from rbb.model.errors import InputError
from rbb.model.facts import document_facts

from .pdf_text.seed import seed_document, seed_lines

_STYLE = ("@page { size: A3 landscape; margin: 1cm } "
          "pre { font-family: 'DejaVu Sans Mono', monospace; font-size: 7pt; line-height: 1.2 }")


def _pdf_of(lines: list[str]) -> bytes:
    from weasyprint import HTML

    body = html.escape("\n".join(lines))
    document = f"<html><head><style>{_STYLE}</style></head><body><pre>{body}</pre></body></html>"
    pdf: bytes = HTML(string=document).write_pdf()
    return pdf


@cache
def seed_pdf() -> bytes:
    """The seed as a PDF, once per test session (blank lines are layout, not text)."""
    return _pdf_of([text for text in seed_lines() if text.strip()])


@cache
def seed_pdf_text() -> str:
    return pdf_to_text(seed_pdf(), name="A-77-589.pdf")


@cache
def pdf_result() -> ImportResult:
    """What ``import_bytes`` does with a PDF: extract, then parse as ``pdf_text``."""
    return import_text(seed_pdf_text(), name="A-77-589.pdf", shape="pdf_text")


def _document() -> Document:
    document = pdf_result().document
    assert document is not None
    return document


def _figures(document: Document) -> Counter[tuple[str, str, str, str, Decimal | None]]:
    return Counter((f.section, f.table, f.row, f.column, f.value)
                   for f in document_facts(document))


def test_pdf_imports_without_errors_or_warnings() -> None:
    result = pdf_result()
    assert result.diagnostics == ()
    assert _document().source is not None
    assert _document().source.shape == "pdf_text"


def test_pdf_gives_the_same_figures_as_the_text() -> None:
    assert _figures(_document()) == _figures(seed_document())


def test_pdf_gives_the_same_frameworks_as_the_text() -> None:
    def shape(document: Document) -> list[tuple[str, int, int, int]]:
        return [(a.number, len(a.indicators), len(a.outputs),
                 sum(len(o.further_completions) for o in a.outputs))
                for c in document.components for a in c.expected_accomplishments]

    assert shape(_document()) == shape(seed_document()) == [
        ("1.1", 2, 11, 2), ("1.2", 1, 7, 0), ("1.3", 3, 8, 0), ("2.1", 8, 31, 19)]


def test_pdf_facts_cite_lines_of_the_extracted_text() -> None:
    lines = seed_pdf_text().split("\n")
    gross = next(f for f in document_facts(_document())
                 if f.table == "financial_resources" and f.row == "gross_requirements"
                 and f.column == "expenditure_2021_22")
    assert gross.source_line is not None
    assert "40 612.6" in lines[gross.source_line - 1]


def test_running_out_of_memory_inside_pdfminer_is_not_an_unreadable_pdf(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """pdfplumber wraps what pdfminer raises; a MemoryError (the reading worker's cap)
    still reaches the worker as itself, not as "the PDF cannot be read"."""
    import pdfplumber
    from pdfplumber.utils.exceptions import PdfminerException

    def out_of_memory(*_: object, **__: object) -> None:
        try:
            raise MemoryError
        except MemoryError as error:
            raise PdfminerException(error) from error

    monkeypatch.setattr(pdfplumber, "open", out_of_memory)
    with pytest.raises(MemoryError):
        pdf_to_text(b"%PDF-1.4", name="large.pdf")


def test_unreadable_pdf_is_refused_with_its_name() -> None:
    with pytest.raises(InputError, match=r"broken\.pdf: the PDF cannot be read"):
        pdf_to_text(b"%PDF-1.4 this is not a PDF", name="broken.pdf")
    result = import_bytes(b"%PDF-1.4 this is not a PDF", name="broken.pdf")
    assert result.document is None
    assert [(d.code, d.file) for d in result.errors] == [("input", "broken.pdf")]


def test_encrypted_pdf_is_refused() -> None:
    with pytest.raises(InputError, match="the PDF is encrypted"):
        pdf_to_text(_minimal_pdf("A report", encrypted=True), name="locked.pdf")


def test_pdf_without_text_is_refused() -> None:
    with pytest.raises(InputError, match="no text layer"):
        pdf_to_text(_pdf_of([""]), name="scan.pdf")


def test_pdf_with_text_that_is_not_a_report() -> None:
    result = import_bytes(_pdf_of(["Minutes of the staff picnic, held on a sunny day."]),
                          name="picnic.pdf")
    assert result.document is None
    assert "for the period from 1 July" in result.errors[0].message


def _minimal_pdf(text: str, *, encrypted: bool) -> bytes:
    """A one-page PDF written by hand; ``encrypted`` adds a standard security
    handler whose password is not empty, as a protected report has."""
    stream = f"BT /F1 12 Tf 72 712 Td ({text}) Tj ET".encode()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    if encrypted:
        objects.append(b"<< /Filter /Standard /V 1 /R 2 /O <" + b"11" * 32 + b"> /U <"
                       + b"22" * 32 + b"> /P -4 >>")
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    trailer = b"<< /Size %d /Root 1 0 R" % (len(objects) + 1)
    if encrypted:
        trailer += b" /Encrypt %d 0 R /ID [<%s> <%s>]" % (len(objects), b"ab" * 16, b"ab" * 16)
    out += b"trailer\n" + trailer + b" >>\nstartxref\n%d\n%%%%EOF\n" % xref
    return bytes(out)
