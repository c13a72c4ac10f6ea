"""The reports' library API: render one format, or write several into a folder."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

from rbb.model import Document, Finding
from rbb.model.base import generated_file_name

from .build import build_report, report_key
from .formats import BUILT_IN, ReportFormat, report_formats
from .view import Report

ALL_FORMATS: tuple[ReportFormat, ...] = BUILT_IN

ANNOTATED = "-annotated"
"""What the file name of a report annotated with the check findings adds to its stem."""

Progress = Callable[[ReportFormat, Path], None]
"""Called after each file is written (the CLI advances its progress bar)."""

__all__ = ["ALL_FORMATS", "build_report", "render", "render_report", "report_filename",
           "write_all", "write_report"]


def render_report(report: Report, fmt: ReportFormat) -> bytes:
    """The bytes of a built report in one format."""
    return fmt.render(report)


def render(document: Document, fmt: ReportFormat, *,
           context_documents: Sequence[Document] = (),
           findings: Sequence[Finding] = (), annotate: bool = True) -> bytes:
    """The report of a stored document in one format (see ``build_report`` for the
    meaning of ``context_documents``, ``findings`` and ``annotate``)."""
    report = build_report(document, context_documents=context_documents, findings=findings,
                          annotate=annotate)
    return render_report(report, fmt)


def report_filename(document: Document | Report, fmt: ReportFormat, *,
                    annotated: bool = False) -> str:
    """``unmik-budget-2025-26.pdf``; ``unmik-budget-2025-26-annotated.pdf`` for the
    copy annotated with the check findings when ``annotated`` says it is one."""
    stem = document.key if isinstance(document, Report) else report_key(document)
    return generated_file_name(f"{stem}{ANNOTATED if annotated else ''}{fmt.extension}")


def write_report(report: Report, fmt: ReportFormat, path: Path) -> Path:
    """Render and write one file; the folder is created when missing."""
    path.parent.mkdir(parents=True, exist_ok=True)
    data = render_report(report, fmt)
    temporary = path.with_name(f".{path.name}.part")
    temporary.write_bytes(data)
    temporary.replace(path)
    return path


def write_all(document: Document, folder: Path, *,
              formats: Sequence[ReportFormat] | None = None,
              context_documents: Sequence[Document] = (), findings: Sequence[Finding] = (),
              progress: Progress | None = None, annotate: bool = True) -> list[Path]:
    """Every requested format of the document's report into ``folder``, named by
    :func:`report_filename` (every registered format unless ``formats`` names some).
    The view model and its charts are built once."""
    if formats is None:
        formats = report_formats()
    report = build_report(document, context_documents=context_documents, findings=findings,
                          annotate=annotate)
    written = []
    for fmt in formats:
        path = write_report(report, fmt, folder / report_filename(report, fmt))
        written.append(path)
        if progress is not None:
            progress(fmt, path)
    return written
