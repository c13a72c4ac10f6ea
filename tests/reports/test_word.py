"""The Word report, read back with python-docx: real tables whose header rows repeat,
right-aligned numbers, headings numbered by Word, table notes as footnotes; and,
where LibreOffice is installed, a conversion to PDF that succeeds."""

from __future__ import annotations

import io
import shutil
import subprocess
import zipfile
from pathlib import Path
from typing import Any

import docx
import pytest
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn

from rbb.reports import ReportFormat
from tests.reports.fixtures import rendered


def _open(kind: str) -> Any:
    return docx.Document(io.BytesIO(rendered(kind, ReportFormat.DOCX)))


def _texts(row: Any) -> list[str]:
    return [cell.text for cell in row.cells]


def test_tables_are_real_word_tables_with_repeating_header_rows() -> None:
    document = _open("budget")
    assert len(document.tables) > 30
    for table in document.tables:
        first = table.rows[0]._tr
        assert first.trPr is not None and first.trPr.find(qn("w:tblHeader")) is not None


def test_the_financial_table_prints_the_seed_row_right_aligned() -> None:
    """Line 511 of the seed: International staff 20 914.9 21 139.4 23 790.6 2 651.2 12.5."""
    document = _open("budget")
    rows = [row for table in document.tables for row in table.rows
            if row.cells[0].text == "International staff" and len(row.cells) == 6]
    assert rows, "no row of the financial resources table"
    cells = rows[0].cells
    assert [c.text.replace("\u2009", " ") for c in cells[1:]] == [
        "20 914.9", "21 139.4", "23 790.6", "2 651.2", "12.5"]
    assert all(c.paragraphs[0].alignment == WD_ALIGN_PARAGRAPH.RIGHT for c in cells[1:])


def test_a_two_row_header_spans_its_columns() -> None:
    document = _open("budget")
    table = next(t for t in document.tables if t.rows[0].cells[0].text == "Category"
                 and "Variance" in _texts(t.rows[0]))
    first = table.rows[0]._tr
    second = table.rows[1]._tr
    assert first.trPr.find(qn("w:tblHeader")) is not None
    assert second.trPr.find(qn("w:tblHeader")) is not None
    assert "Amount" in _texts(table.rows[1]) and "Percentage" in _texts(table.rows[1])


@pytest.mark.parametrize(("kind", "titles"), [
    ("budget", ["Mandate and planned results", "Financial resources",
                "Analysis of variances", "Actions to be taken by the General Assembly"]),
    ("performance", ["Introduction", "Mandate performance", "Resource performance",
                     "Analysis of variances", "Actions to be taken by the General Assembly"]),
])
def test_headings_are_numbered_by_word(kind: str, titles: list[str]) -> None:
    document = _open(kind)
    numbered = []
    for paragraph in document.paragraphs:
        if paragraph.style.name != "Heading 1":
            continue
        num_pr = paragraph._p.pPr.find(qn("w:numPr"))
        if num_pr is not None:
            assert num_pr.find(qn("w:ilvl")).get(qn("w:val")) == "0"
            numbered.append(paragraph.text)
        else:
            assert paragraph.text in ("Summary", "Annex. Findings of the checks")
    assert numbered[:len(titles)] == titles
    letters = [p for p in document.paragraphs if p.style.name == "Heading 2"
               and p._p.pPr.find(qn("w:numPr")) is not None]
    assert letters, "lettered subsections (A., B.) are numbered too"
    numbering = document.part.numbering_part.element.xml
    assert 'w:val="upperRoman"' in numbering and 'w:val="upperLetter"' in numbering


def test_table_notes_are_footnotes() -> None:
    data = rendered("budget", ReportFormat.DOCX)
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        footnotes = package.read("word/footnotes.xml").decode("utf-8")
        body = package.read("word/document.xml").decode("utf-8")
        types = package.read("[Content_Types].xml").decode("utf-8")
    assert "Represents the highest level of approved/proposed strength." in footnotes
    assert "The following abbreviations are used in the tables" in footnotes
    assert "Analysis is provided for variances of at least plus or minus 5 per cent" in \
        footnotes
    references = body.count("<w:footnoteReference ")
    assert references == footnotes.count("<w:footnoteRef/>") >= 5
    assert "footnotes+xml" in types


def test_charts_are_png_pictures() -> None:
    data = rendered("budget", ReportFormat.DOCX)
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        images = [n for n in package.namelist() if n.startswith("word/media/")]
        assert images and all(package.read(n)[:8] == b"\x89PNG\r\n\x1a\n" for n in images)


def test_properties_carry_the_document_not_the_clock() -> None:
    core = _open("budget").core_properties
    assert core.created.date().isoformat() == "2025-01-20"
    assert core.title.startswith("Budget for the United Nations Interim Administration")


def _libreoffice() -> str | None:
    return shutil.which("libreoffice") or shutil.which("soffice")


@pytest.mark.skipif(_libreoffice() is None, reason="LibreOffice is not installed")
def test_libreoffice_converts_it_to_pdf(tmp_path: Path) -> None:
    source = tmp_path / "unmik-performance-2021-22.docx"
    source.write_bytes(rendered("performance", ReportFormat.DOCX))
    office = _libreoffice()
    assert office is not None
    result = subprocess.run(
        [office, f"-env:UserInstallation=file://{tmp_path / 'profile'}", "--headless",
         "--convert-to", "pdf", "--outdir", str(tmp_path), str(source)],
        capture_output=True, text=True, timeout=240, check=False)
    converted = tmp_path / "unmik-performance-2021-22.pdf"
    assert result.returncode == 0 and converted.exists(), result.stderr or result.stdout
    assert converted.read_bytes().startswith(b"%PDF")
    assert converted.stat().st_size > 50_000


def test_property_elements_keep_the_schema_order() -> None:
    """Word refuses a document whose table, cell or paragraph properties are out of the
    order ECMA-376 gives them (LibreOffice is more forgiving, so test it here)."""
    from lxml import etree

    from rbb.reports.word_parts import _SEQUENCES

    data = rendered("budget", ReportFormat.DOCX)
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        root = etree.fromstring(package.read("word/document.xml"))
    for name, order in _SEQUENCES.items():
        for element in root.iter(qn(f"w:{name}")):
            children = [c.tag.rsplit("}", 1)[-1] for c in element]
            ranks = [order.index(c) for c in children if c in order]
            assert ranks == sorted(ranks), (name, children)
