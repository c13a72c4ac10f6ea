"""What an evidence file may be: its kind from its first bytes, its name agreeing, its
name made plain."""

from __future__ import annotations

import io
import zipfile

import pytest

from rbb.model.errors import InputError, TooLargeError
from rbb.model.evidence import safe_file_name, sniff


def _zip(*names: str) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name in names:
            archive.writestr(name, "<x/>")
    return buffer.getvalue()


XLSX = _zip("[Content_Types].xml", "xl/workbook.xml", "xl/worksheets/sheet1.xml")
DOCX = _zip("[Content_Types].xml", "word/document.xml")


@pytest.mark.parametrize(("name", "content", "media_type"), [
    ("survey.pdf", b"%PDF-1.7\n...", "application/pdf"),
    ("site.PNG", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "image/png"),
    ("patrol.jpeg", b"\xff\xd8\xff\xe0\x00\x10JFIF", "image/jpeg"),
    ("log.txt", "Patrols: 12\nVillages visités: 4\n".encode(), "text/plain"),
    ("patrols.csv", b"month,patrols\nJuly,12\n", "text/csv"),
    ("workplan.xlsx", XLSX, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    ("minutes.docx", DOCX,
     "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
])
def test_the_kinds_kept(name: str, content: bytes, media_type: str) -> None:
    assert sniff(name, content) == media_type


@pytest.mark.parametrize(("name", "content", "says"), [
    ("a.svg", b'<svg xmlns="http://www.w3.org/2000/svg"><script/></svg>', "not a kind"),
    ("a.txt", b"  <!DOCTYPE html><p>hi", "not a kind"),
    ("a.zip", _zip("payload.bin"), "not a kind"),
    ("a.xlsx", _zip("xl/workbook.xml"), "not a kind"),  # no [Content_Types].xml
    ("a.bin", b"\x00\x01\x02", "not a kind"),
    ("a.docx", XLSX, "does not end in .xlsx"),
    ("a.txt", b"%PDF-1.4", "does not end in .pdf"),
])
def test_the_kinds_refused(name: str, content: bytes, says: str) -> None:
    with pytest.raises(InputError, match=says) as raised:
        sniff(name, content)
    assert raised.value.file == name


def test_a_file_over_the_limit_is_refused_before_sniffing() -> None:
    with pytest.raises(TooLargeError):
        sniff("a.pdf", b"%PDF-" + b"0" * 100, limit=100)


@pytest.mark.parametrize(("given", "kept"), [
    ("../../etc/passwd.txt", "passwd.txt"),
    ("C:\\Users\\me\\report.pdf", "report.pdf"),
    ('<img src=x onerror="alert(1)">.png', "img src_x onerror_alert(1)_.png"),
    ("...", "evidence"),
    (None, "evidence"),
    ("x" * 300 + ".pdf", "x" * 110 + ".pdf"),
])
def test_names_are_made_plain(given: str | None, kept: str) -> None:
    assert safe_file_name(given) == kept
