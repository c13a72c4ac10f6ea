"""What an evidence file may be (docs/execution.md): its kind read from its first bytes,
never from the name or the type a browser claims; its name reduced to plain characters;
its size bounded. Every path that keeps evidence (web form, API, CLI) passes here."""

from __future__ import annotations

import io
import re
import zipfile

from .errors import InputError, TooLargeError
from .execution import MEDIA_TYPES

MAX_EVIDENCE_BYTES = 10 * 1024 * 1024
"""The largest evidence file kept (10 MB): a scanned report or a photograph."""
MAX_ZIP_MEMBERS = 2000
"""An XLSX or DOCX with more parts than this is not an office document a mission wrote."""

_UNSAFE = re.compile(r"[^A-Za-z0-9._ ()-]+")
_XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
_DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def safe_file_name(name: str | None) -> str:
    """The last part of a file's name in plain characters (``../x<b>.pdf`` becomes
    ``x_b_.pdf``): never a path, never markup, at most 120 characters."""
    base = (name or "evidence").replace("\\", "/").rsplit("/", 1)[-1]
    cleaned = _UNSAFE.sub("_", base).strip(" ._") or "evidence"
    if len(cleaned) > 120:
        stem, dot, ending = cleaned.rpartition(".")
        cleaned = (stem[:110] + dot + ending[:9]) if dot and len(ending) < 10 else cleaned[:120]
    return cleaned


def sniff(name: str, data: bytes, *, limit: int = MAX_EVIDENCE_BYTES) -> str:
    """The media type of an evidence file from its content, or an ``InputError`` naming
    the file and what is expected. The name's ending must agree with the content."""
    if len(data) > limit:
        raise TooLargeError(f"the file is {len(data):,} bytes; evidence may be at most "
                            f"{limit:,} bytes", file=name)
    if not data:
        raise InputError("the file is empty", file=name)
    media_type = _content_type(name, data)
    if media_type is None:
        raise InputError("is not a kind of evidence rbb keeps: expected a PDF, PNG or JPEG "
                         "image, plain text or CSV, or an XLSX or DOCX file", file=name)
    endings = MEDIA_TYPES[media_type]
    if not name.lower().endswith(endings):
        raise InputError(f"the content is {media_type} but the name does not end in "
                         f"{' or '.join(endings)}", file=name)
    return media_type


def _content_type(name: str, data: bytes) -> str | None:
    if data.startswith(b"%PDF-"):
        return "application/pdf"
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if data.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if data.startswith(b"PK\x03\x04"):
        return _office(data)
    if _plain_text(data):
        return "text/csv" if name.lower().endswith(".csv") else "text/plain"
    return None


def _office(data: bytes) -> str | None:
    """An XLSX or DOCX: a zip holding ``[Content_Types].xml`` and its main part (only
    the archive's directory is read, never a member)."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = archive.namelist()
    except (zipfile.BadZipFile, ValueError, OSError):
        return None
    if len(names) > MAX_ZIP_MEMBERS or "[Content_Types].xml" not in names:
        return None
    if "xl/workbook.xml" in names:
        return _XLSX
    if "word/document.xml" in names:
        return _DOCX
    return None


def _plain_text(data: bytes) -> bool:
    """UTF-8 text without control characters other than tab and line ends (and no
    markup a browser would run: an HTML or SVG file is not plain text evidence)."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return False
    if any((ord(ch) < 32 and ch not in "\t\r\n") or ch == "\x7f" for ch in text):
        return False
    head = text[:1024].lstrip().lower()
    return not head.startswith(("<!doctype", "<html", "<svg", "<?xml", "<script"))
