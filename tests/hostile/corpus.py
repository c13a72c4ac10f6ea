"""A corpus of hostile files, generated at test time (never committed): each is small
on disk and expands without bound, or is built to exhaust the stack, the clock or
an XML parser. Every generator writes one file into a folder and returns its path.

The gigabyte streams are built without inflating a gigabyte: deflate with a full
flush after each mebibyte of zeros makes every later mebibyte's compressed bytes
identical, so the stream is its head, one block repeated, and its tail.
"""

from __future__ import annotations

import itertools
import struct
import zipfile
import zlib
from collections.abc import Callable
from functools import cache
from pathlib import Path

GIB = 1 << 30
MIB = 1 << 20


@cache
def zeros_deflated(size: int = GIB, *, raw: bool = False) -> bytes:
    """``size`` zero bytes (a multiple of a mebibyte) as a zlib stream (raw deflate for
    a zip member), built from two compressed mebibytes."""
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15 if raw else 15)
    chunk = bytes(MIB)
    head = compressor.compress(chunk) + compressor.flush(zlib.Z_FULL_FLUSH)
    block = compressor.compress(chunk) + compressor.flush(zlib.Z_FULL_FLUSH)
    end = compressor.flush()
    stream = head + block * (size // MIB - 1)
    if raw:
        return stream + end
    # zlib's trailer: the Adler-32 of ``size`` zeros is (size mod 65521) << 16 | 1.
    return stream + end[:-4] + struct.pack(">I", ((size % 65521) << 16) | 1)


@cache
def zeros_crc32(size: int = GIB) -> int:
    crc, chunk = 0, bytes(MIB)
    for _ in range(size // MIB):
        crc = zlib.crc32(chunk, crc)
    return crc


# --- PDF -----------------------------------------------------------------------------

def _pdf(objects: list[bytes]) -> bytes:
    """A PDF whose object ``n`` is ``objects[n - 1]``; object 1 is the catalog."""
    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1, xref)
    return bytes(out)


def _stream(data: bytes, extra: bytes = b"", *, length: int | None = None) -> bytes:
    size = len(data) if length is None else length
    return b"<< /Length %d %s >>\nstream\n" % (size, extra) + data + b"\nendstream"


_FONT = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"
_TEXT = b"BT /F1 12 Tf 72 720 Td (Budget for the period from 1 July 2025 to 30 June 2026) Tj ET"


def _pages_pdf(contents: list[bytes], catalog_extra: bytes = b"",
               more: list[bytes] | None = None, page_extra: bytes = b"") -> bytes:
    """A PDF of one page per content stream (objects: catalog, pages, font, then each
    page and its stream), then ``more`` objects."""
    first = 4
    kids = b" ".join(b"%d 0 R" % (first + 2 * i) for i in range(len(contents)))
    objects = [b"<< /Type /Catalog /Pages 2 0 R %s >>" % catalog_extra,
               b"<< /Type /Pages /Kids [%s] /Count %d >>" % (kids, len(contents)), _FONT]
    for i, content in enumerate(contents):
        objects.append(b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] "
                       b"/Resources << /Font << /F1 3 0 R >> >> /Contents %d 0 R %s >>"
                       % (first + 2 * i + 1, page_extra))
        objects.append(content)
    return _pdf(objects + (more or []))


def pdf_inflate_bomb(folder: Path) -> Path:
    """36 KB of Flate that inflates to 10 MB of text operators on one page."""
    operators = b"BT /F1 1 Tf 0 0 Td " + b"(AAAAAAAAAAAAAAAAAAAAAAAA) Tj " * 350_000 + b"ET"
    content = _stream(zlib.compress(operators, 9), b"/Filter /FlateDecode")
    return _write(folder / "inflate-bomb.pdf", _pages_pdf([content]))


def pdf_zero_page(folder: Path) -> Path:
    """One page whose content stream is a gibibyte of zeros (1 MB on disk)."""
    content = _stream(zeros_deflated(), b"/Filter /FlateDecode")
    return _write(folder / "zero-page.pdf", _pages_pdf([content]))


def pdf_huge_attachment(folder: Path) -> Path:
    """A report page, and as ``rbb-document.json`` an attachment of a gibibyte."""
    text = _stream(_TEXT)
    attachment = _stream(zeros_deflated(), b"/Type /EmbeddedFile /Filter /FlateDecode")
    names = b"/Names << /EmbeddedFiles << /Names [(rbb-document.json) 6 0 R] >> >>"
    spec = b"<< /Type /Filespec /F (rbb-document.json) /EF << /F 7 0 R >> >>"
    return _write(folder / "huge-attachment.pdf",
                  _pages_pdf([text], names, more=[spec, attachment]))


def pdf_many_pages(folder: Path, pages: int = 5000) -> Path:
    """``pages`` small pages, each with a line of text (about 100 bytes a page)."""
    first, content = 4, 4 + pages
    kids = b" ".join(b"%d 0 R" % (first + i) for i in range(pages))
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>",
               b"<< /Type /Pages /Kids [%s] /Count %d >>" % (kids, pages), _FONT]
    page = (b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] "
            b"/Resources << /Font << /F1 3 0 R >> >> /Contents %d 0 R >>" % content)
    objects += [page] * pages
    objects.append(_stream(_TEXT))
    return _write(folder / "many-pages.pdf", _pdf(objects))


def pdf_deep_nesting(folder: Path, depth: int = 100_000) -> Path:
    """A page whose resources nest arrays 100,000 deep."""
    nested = b"[" * depth + b"]" * depth
    return _write(folder / "deep-nesting.pdf",
                  _pages_pdf([_stream(_TEXT)], page_extra=b"/Deep " + nested))


# --- YAML ----------------------------------------------------------------------------

def yaml_alias_bomb(folder: Path) -> Path:
    """Nine levels of nine aliases: under 1 KB that a loader expands to 387 million items."""
    lines = ['a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    letters = "abcdefghij"
    for before, name in itertools.pairwise(letters):
        lines.append(f"{name}: &{name} [" + ", ".join([f"*{before}"] * 9) + "]")
    return _write(folder / "alias-bomb.yaml", ("\n".join(lines) + "\n").encode())


def yaml_deep(folder: Path, depth: int = 100_000) -> Path:
    return _write(folder / "deep.yaml", b"mission: " + b"[" * depth + b"]" * depth + b"\n")


# --- XLSX (zip of XML, written directly) -------------------------------------------------

_CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
    'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-'
    'officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.'
    'openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>')
_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>')
_WORKBOOK = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
    '<sheets><sheet name="posts" sheetId="1" r:id="rId1"/></sheets></workbook>')
_WORKBOOK_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>')
_SHEET_HEAD = ('<?xml version="1.0" encoding="UTF-8"?>{doctype}'
               '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
               '<sheetData>')
_SHEET_TAIL = "</sheetData></worksheet>"


def _xlsx(path: Path, rows: Callable[[], object], doctype: str = "") -> Path:
    """A workbook of one sheet ``posts`` without a <dimension>; ``rows`` yields the XML
    of its rows, written as it comes (a zip member streams)."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
        archive.writestr("[Content_Types].xml", _CONTENT_TYPES)
        archive.writestr("_rels/.rels", _RELS)
        archive.writestr("xl/workbook.xml", _WORKBOOK)
        archive.writestr("xl/_rels/workbook.xml.rels", _WORKBOOK_RELS)
        with archive.open("xl/worksheets/sheet1.xml", "w") as sheet:
            sheet.write(_SHEET_HEAD.format(doctype=doctype).encode())
            for row in rows():  # type: ignore[attr-defined]
                sheet.write(row.encode())
            sheet.write(_SHEET_TAIL.encode())
    return path


def _header() -> str:
    return '<row r="1"><c r="A1" t="inlineStr"><is><t>office</t></is></c></row>'


def xlsx_many_rows(folder: Path, rows: int = 150_000, name: str = "many-rows.xlsx") -> Path:
    """No <dimension>, and more rows than a drivers workbook ever has."""
    def generate() -> object:
        yield _header()
        batch = 10_000
        for start in range(2, rows + 2, batch):
            yield "".join(f'<row r="{n}"><c r="A{n}"><v>1</v></c></row>'
                          for n in range(start, min(start + batch, rows + 2)))
    return _xlsx(folder / name, generate)


def xlsx_far_row(folder: Path) -> Path:
    """Two rows, the second numbered 2,000,000: a reader fills in the rows between."""
    return _xlsx(folder / "far-row.xlsx", lambda: iter(
        [_header(), '<row r="2000000"><c r="A2000000"><v>1</v></c></row>']))


def xlsx_xxe(folder: Path) -> Path:
    """A cell whose value is an external entity (the server's /etc/passwd)."""
    doctype = '<!DOCTYPE worksheet [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
    return _xlsx(folder / "xxe.xlsx", lambda: iter(
        [_header(), '<row r="2"><c r="A2" t="inlineStr"><is><t>&xxe;</t></is></c></row>']),
        doctype)


def xlsx_billion_laughs(folder: Path) -> Path:
    entities = ['<!ENTITY lol0 "lol">'] + [
        f'<!ENTITY lol{i} "' + f"&lol{i - 1};" * 10 + '">' for i in range(1, 10)]
    doctype = "<!DOCTYPE worksheet [" + "".join(entities) + "]>"
    return _xlsx(folder / "billion-laughs.xlsx", lambda: iter(
        [_header(), '<row r="2"><c r="A2" t="inlineStr"><is><t>&lol9;</t></is></c></row>']),
        doctype)


def xlsx_zip_bomb(folder: Path) -> Path:
    """A workbook with a part that inflates to a gibibyte (about 1 MB on disk)."""
    path = xlsx_many_rows(folder, rows=3, name="zip-bomb.xlsx")
    _with_member(path, "xl/sharedStrings.xml", zeros_deflated(raw=True), GIB,
                 zeros_crc32())
    return path


def _with_member(path: Path, name: str, deflated: bytes, size: int, crc: int) -> None:
    """Rewrite the zip with one more member whose deflate stream is already made
    (zipfile would compress the gibibyte again to write it)."""
    with zipfile.ZipFile(path) as archive:
        members = [(info, archive.read(info.filename)) for info in archive.infolist()
                   if info.filename != name]
    entries = [(info.filename.encode(), zlib.compress(body, 1)[2:-4], len(body),
                zlib.crc32(body)) for info, body in members]
    entries.append((name.encode(), deflated, size, crc))
    out, central = bytearray(), bytearray()
    for filename, body, length, checksum in entries:
        offset = len(out)
        out += struct.pack("<IHHHHHIIIHH", 0x04034B50, 20, 0, 8, 0, 0, checksum, len(body),
                           length, len(filename), 0) + filename + body
        central += struct.pack("<IHHHHHHIIIHHHHHII", 0x02014B50, 20, 20, 0, 8, 0, 0,
                               checksum, len(body), length, len(filename), 0, 0, 0, 0, 0,
                               offset) + filename
    end = struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, len(entries), len(entries),
                      len(central), len(out), 0)
    path.write_bytes(bytes(out + central + end))


# --- JSON ----------------------------------------------------------------------------

def json_oversized(folder: Path, size: int = 2 * MIB) -> Path:
    """A JSON document of ``size`` bytes (tests set a small limit rather than write 165 MB)."""
    padding = "x" * (size - 20)
    return _write(folder / "oversized.json", f'{{"title": "{padding}"}}'.encode())


def _write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path
