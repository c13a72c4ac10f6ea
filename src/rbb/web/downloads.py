"""Downloads of a stored document: every report format, the canonical JSON, the
facts CSV and the data package. A name is only ever one of the fixed names
listed here: nothing in a URL reaches the file system."""

from __future__ import annotations

import io
import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import Path

from fastapi.responses import Response

from rbb.model import Document, DocumentKey
from rbb.model.base import generated_file_name
from rbb.model.errors import NotFoundError
from rbb.model.facts import document_facts, facts_csv
from rbb.reports import ReportFormat, render, report_formats
from rbb.services.data_format import to_json
from rbb.services.datapackage import write_datapackage

from .library import Snapshot
from .paths import document_path, key_slug

REPORT_POLICY = ("default-src 'none'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
                 "font-src 'self' data:; sandbox; frame-ancestors 'none'")


@dataclass(frozen=True, slots=True)
class Format:
    name: str
    """``pdf``, ``json`` ... (the API's ``{format}``)."""
    extension: str
    media_type: str
    label: str
    report: ReportFormat | None
    """The report format it renders; None for a data format."""
    inline: bool = False
    annotated: bool = False
    """The reviewer's copy of the report: the check findings marked, noted and listed in
    an annex (``pdf-annotated``); the report itself is clean, as sent for submission."""


DATA_FORMATS: tuple[Format, ...] = (
    Format("json", "json", "application/json", "Canonical JSON (the data format)", None),
    Format("facts", "facts.csv", "text/csv; charset=utf-8", "Facts CSV (every number with "
           "its source line)", None),
    Format("datapackage", "datapackage.zip", "application/zip", "Frictionless data package "
           "(ZIP)", None),
)


ANNOTATED = "-annotated"


def formats() -> tuple[Format, ...]:
    """Every report format (rbb's and plugins'), each clean and then annotated with the
    check findings, then the data formats."""
    reports = tuple(
        Format(f.name + (ANNOTATED if annotated else ""), f.extension.removeprefix("."),
               f.media_type, f.label + (", annotated with check findings" if annotated
                                        else ""), f, f.inline, annotated)
        for f in report_formats() for annotated in (False, True))
    return reports + DATA_FORMATS


def format_named(name: str) -> Format:
    found = next((f for f in formats() if f.name == name), None)
    if found is None:
        raise NotFoundError(f"{name[:40]!r} is not a download format; expected one of "
                            f"{', '.join(f.name for f in formats())}")
    return found


@dataclass(frozen=True, slots=True)
class DownloadLink:
    format: str
    label: str
    filename: str
    href: str
    available: bool


def filename(key: DocumentKey, fmt: Format) -> str:
    """``UNMIK-2025-26-budget.pdf`` (``UNMIK-2025-26-budget-annotated.pdf``): also the
    ``Content-Disposition`` file name."""
    annotated = ANNOTATED if fmt.annotated else ""
    return generated_file_name(f"{key_slug(key)}{annotated}.{fmt.extension}")


def download_list(key: DocumentKey) -> list[DownloadLink]:
    return [DownloadLink(format=f.name, label=f.label, filename=filename(key, f),
                         href=document_path(key, f"download/{filename(key, f)}"),
                         available=True) for f in formats()]


def format_for_filename(key: DocumentKey, name: str) -> Format:
    for fmt in formats():
        if name == filename(key, fmt):
            return fmt
    raise NotFoundError(f"{name[:80]!r} is not a download of this document "
                        f"(see {document_path(key, 'downloads')})")


def report(snapshot: Snapshot, document: Document, fmt: ReportFormat, *,
           annotate: bool = True) -> bytes:
    """The regenerated report, with the mission's other reports as context (figures
    of earlier periods) and, annotated, the check findings of this one."""
    others = [d for d in snapshot.documents(document.mission.code) if d.key != document.key]
    findings = [stored.finding for stored in snapshot.findings_of(document.key)] \
        if annotate else []
    return render(document, fmt, context_documents=others, findings=findings,
                  annotate=annotate)


def content(snapshot: Snapshot, document: Document, fmt: Format) -> bytes:
    if fmt.report is not None:
        return report(snapshot, document, fmt.report, annotate=fmt.annotated)
    if fmt.name == "json":
        return to_json(document).encode("utf-8")
    if fmt.name == "facts":
        return facts_csv(document_facts(document)).encode("utf-8")
    return datapackage_zip(document)


def datapackage_zip(document: Document) -> bytes:
    with tempfile.TemporaryDirectory(prefix="rbb-package-") as folder:
        root = Path(folder)
        write_datapackage([document], root)
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
            for path in sorted(root.iterdir()):
                archive.write(path, arcname=f"{key_slug(document.key)}/{path.name}")
    return buffer.getvalue()


def download_response(snapshot: Snapshot, key: DocumentKey, name: str) -> Response:
    fmt = format_for_filename(key, name)
    return file_response(snapshot, key, fmt)


def render_key(snapshot: Snapshot, key: DocumentKey, fmt: Format) -> tuple[object, ...]:
    """What a download is rendered from: the document as stored (its row and when it was
    stored) and, because a report also prints the mission's other reports and the
    findings of the checks over the whole store, the store's version."""
    summary = snapshot.summary(key)
    return (key_slug(key), summary.id, summary.stored_at.isoformat(), snapshot.version,
            fmt.name)


def file_response(snapshot: Snapshot, key: DocumentKey, fmt: Format) -> Response:
    document = snapshot.document(key)
    body = snapshot.renders.get(render_key(snapshot, key, fmt),
                                lambda: content(snapshot, document, fmt))
    disposition = "inline" if fmt.inline else "attachment"
    headers = {"Content-Disposition": f'{disposition}; filename="{filename(key, fmt)}"',
               "Cache-Control": "no-cache"}
    if fmt.name == "html":
        # The generated report keeps its own styles; it runs no script and is sandboxed.
        headers["Content-Security-Policy"] = REPORT_POLICY
    return Response(body, media_type=fmt.media_type, headers=headers)
