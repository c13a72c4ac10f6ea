"""A report rbb renders to PDF imports back to the same data (the importer issue's
round trip), and a PDF whose attached data is unusable is read from its text."""

from __future__ import annotations

import hashlib
from functools import cache

import pytest

from rbb.importers import import_bytes
from rbb.model import DiagnosticSeverity, Document
from rbb.reports import ReportFormat, render
from tests.conftest import BUDGET_SEED, PERFORMANCE_SEED, imported


@cache
def rendered(kind: str) -> tuple[Document, bytes]:
    seed = BUDGET_SEED if kind == "budget" else PERFORMANCE_SEED
    document = imported(seed).document
    assert document is not None
    return document, render(document, ReportFormat.PDF)


@pytest.mark.parametrize("kind", ["budget", "performance"])
def test_a_rendered_pdf_imports_back_to_the_same_document(kind: str) -> None:
    document, pdf = rendered(kind)
    result = import_bytes(pdf, name=f"unmik-{kind}.pdf")
    assert result.ok(strict=True)
    assert result.document is not None
    assert result.document.model_copy(update={"source": document.source}) == document
    # The source is the PDF given, never what its attachment claims.
    assert result.document.source is not None
    assert (result.document.source.name, result.document.source.sha256,
            result.document.source.shape) == (f"unmik-{kind}.pdf",
                                              hashlib.sha256(pdf).hexdigest(), "pdf")
    assert [d.code for d in result.diagnostics] == ["embedded-data"]
    assert result.diagnostics[0].severity is DiagnosticSeverity.INFO


def test_damaged_attached_data_falls_back_to_the_text() -> None:
    from weasyprint import HTML, Attachment

    document, _ = rendered("performance")
    html = render(document, ReportFormat.HTML).decode("utf-8")
    damaged = HTML(string=html).write_pdf(attachments=[
        Attachment(string='{"kind": "budget", "broken', name="rbb-document.json")])
    result = import_bytes(damaged, name="damaged.pdf")
    assert "embedded-data" not in [d.code for d in result.diagnostics]
    assert result.document is not None
    # Read from its text: the identity and the financial table still come through.
    assert (result.document.mission.code, result.document.period.label) == ("UNMIK", "2021/22")
    assert result.document.financial_tables
