"""The output formats of a report and the renderer of each.

HTML and PDF come from the same Jinja2 template (PDF through WeasyPrint), Markdown
from its own template, Word from :mod:`rbb.reports.word`. Each renderer takes the
view model and returns the file's bytes.
"""

from __future__ import annotations

import re
from enum import StrEnum

from .templating import render_template
from .view import Report


class ReportFormat(StrEnum):
    HTML = "html"
    DOCX = "docx"
    PDF = "pdf"
    MARKDOWN = "md"

    @property
    def extension(self) -> str:
        return f".{self.value}"

    @property
    def media_type(self) -> str:
        return _MEDIA_TYPES[self]


_MEDIA_TYPES = {
    ReportFormat.HTML: "text/html; charset=utf-8",
    ReportFormat.DOCX: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ReportFormat.PDF: "application/pdf",
    ReportFormat.MARKDOWN: "text/markdown; charset=utf-8",
}


def html_text(report: Report) -> str:
    return render_template("report.html.j2", report=report)


def markdown_text(report: Report) -> str:
    text = render_template("report.md.j2", report=report)
    text = re.sub(r"[ \t]+\n", lambda m: "  \n" if m.group() == "  \n" else "\n", text)
    return re.sub(r"\n{3,}", "\n\n", text).strip() + "\n"


def render_html(report: Report) -> bytes:
    return html_text(report).encode("utf-8")


def render_markdown(report: Report) -> bytes:
    return markdown_text(report).encode("utf-8")


EMBEDDED_DATA_NAME = "rbb-document.json"
"""The attachment that carries the document's data inside a PDF rbb rendered."""


def render_pdf(report: Report) -> bytes:
    """A4 pages with the running header and page numbers of report.css, and the
    document's canonical JSON attached (as Factur-X invoices carry their XML)."""
    from weasyprint import HTML, Attachment

    attachments = [Attachment(string=report.data_json, name=EMBEDDED_DATA_NAME,
                              description="rbb canonical JSON of this report's data",
                              relationship="Data")] if report.data_json else []
    pdf: bytes = HTML(string=html_text(report)).write_pdf(attachments=attachments)
    return pdf


def render_docx(report: Report) -> bytes:
    from .word import write_docx

    return write_docx(report)


RENDERERS = {
    ReportFormat.HTML: render_html,
    ReportFormat.DOCX: render_docx,
    ReportFormat.PDF: render_pdf,
    ReportFormat.MARKDOWN: render_markdown,
}
