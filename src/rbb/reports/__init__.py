"""Reports: the Secretary-General's budget and performance reports regenerated
from the store, as HTML, Word, PDF and Markdown.

The CLI (``rbb report``) and the web app call this API::

    from rbb.reports import ReportFormat, render, write_all

    pdf = render(document, ReportFormat.PDF, context_documents=others, findings=findings)
    paths = write_all(document, folder, context_documents=others, findings=findings)

``build_report`` gives the view model every format is rendered from (sections of
blocks whose figures are already text); ``render_report`` renders a built model, so
several formats of one report share the work. See docs/reports.md.
"""

from .api import (
    ALL_FORMATS,
    build_report,
    render,
    render_report,
    report_filename,
    write_all,
    write_report,
)
from .build import report_key
from .formats import ReportFormat, report_format, report_formats
from .view import Report

__all__ = [
    "ALL_FORMATS", "Report", "ReportFormat", "build_report", "render", "render_report",
    "report_filename", "report_format", "report_formats", "report_key", "write_all",
    "write_report",
]
