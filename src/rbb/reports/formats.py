"""The output formats of a report, in one registry that plugins extend.

HTML and PDF come from the same Jinja2 template (PDF through WeasyPrint), Markdown
from its own template, Word from :mod:`rbb.reports.word`. Each format renders the
view model to the file's bytes. Another package adds a format with an entry point
of the group ``rbb.report_formats`` naming a :class:`ReportFormat` (docs/extending.md).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import ClassVar

from rbb import plugins
from rbb.model.errors import InputError

from .report_templates import render_template
from .view import Report

_NAME = re.compile(r"^[a-z][a-z0-9-]{0,15}$")


@dataclass(frozen=True, slots=True)
class ReportFormat:
    """A way of writing a report: its name on the command line and in the API, the
    file's extension and media type, and the function that renders it."""

    name: str
    extension: str
    """With its dot: ``.pdf``."""
    media_type: str
    label: str
    """What a download link says: ``Report as PDF``."""
    render: Callable[[Report], bytes]
    inline: bool = False
    """A browser shows it in place instead of saving it."""

    HTML: ClassVar[ReportFormat]
    DOCX: ClassVar[ReportFormat]
    PDF: ClassVar[ReportFormat]
    MARKDOWN: ClassVar[ReportFormat]

    def __post_init__(self) -> None:
        if not _NAME.match(self.name) or not re.match(r"^\.[a-z0-9.]{1,16}$", self.extension):
            raise ValueError(f"a report format is named in lower-case letters and digits and "
                             f"has an extension such as '.pdf' (got {self.name!r}, "
                             f"{self.extension!r})")


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
    from weasyprint import CSS, HTML, Attachment
    from weasyprint.text.fonts import FontConfiguration

    from .print_fonts import print_stylesheet

    attachments = [Attachment(string=report.data_json, name=EMBEDDED_DATA_NAME,
                              description="rbb canonical JSON of this report's data",
                              relationship="Data")] if report.data_json else []
    fonts = FontConfiguration()
    stylesheet = CSS(string=print_stylesheet(), font_config=fonts)
    pdf: bytes = HTML(string=html_text(report)).write_pdf(
        stylesheets=[stylesheet], font_config=fonts, attachments=attachments)
    return pdf


def render_docx(report: Report) -> bytes:
    from .word import write_docx

    return write_docx(report)


ReportFormat.HTML = ReportFormat("html", ".html", "text/html; charset=utf-8", "Report as HTML",
                                 render_html, inline=True)
ReportFormat.DOCX = ReportFormat(
    "docx", ".docx",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "Report as Word", render_docx)
ReportFormat.PDF = ReportFormat("pdf", ".pdf", "application/pdf", "Report as PDF", render_pdf,
                                inline=True)
ReportFormat.MARKDOWN = ReportFormat("md", ".md", "text/markdown; charset=utf-8",
                                     "Report as Markdown", render_markdown)

BUILT_IN: tuple[ReportFormat, ...] = (
    ReportFormat.HTML, ReportFormat.DOCX, ReportFormat.PDF, ReportFormat.MARKDOWN)
"""rbb's own formats, in the order they are listed and written."""


def report_formats() -> tuple[ReportFormat, ...]:
    """rbb's formats, then those of installed plugins; a name is used once."""
    found = list(BUILT_IN)
    for fmt in plugins.load(plugins.REPORT_FORMATS, ReportFormat):
        assert isinstance(fmt, ReportFormat)
        if any(f.name == fmt.name for f in found):
            raise plugins.PluginError(f"two report formats are named {fmt.name!r}; a plugin "
                                      "must choose a name of its own")
        found.append(fmt)
    return tuple(found)


def report_format(name: str) -> ReportFormat:
    """The format called ``name``; a clear error listing the formats otherwise."""
    formats = report_formats()
    for fmt in formats:
        if fmt.name == name:
            return fmt
    raise InputError(f"{name[:40]!r} is not a report format; expected one of "
                     f"{', '.join(f.name for f in formats)}")
