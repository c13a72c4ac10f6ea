"""The pieces of WordprocessingML python-docx has no API for: footnotes, multilevel
heading numbering, repeating header rows, cell shading and borders.

Each helper writes the markup Word itself writes, so the file opens cleanly in
Word and LibreOffice (ECMA-376 part 1, sections 17.11 footnotes, 17.9 numbering,
17.4.49 tblHeader).
"""

from __future__ import annotations

from typing import Any
from xml.sax.saxutils import escape

from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn

W = nsdecls("w")

HEADING_NUMBERING_ID = 901
"""numId (and abstractNumId) of the headings' I. / A. / 1. numbering."""

_SEQUENCES: dict[str, tuple[str, ...]] = {
    "tblPr": ("tblStyle", "tblpPr", "tblOverlap", "bidiVisual", "tblStyleRowBandSize",
              "tblStyleColBandSize", "tblW", "jc", "tblCellSpacing", "tblInd", "tblBorders",
              "shd", "tblLayout", "tblCellMar", "tblLook", "tblCaption", "tblDescription"),
    "tcPr": ("cnfStyle", "tcW", "gridSpan", "hMerge", "vMerge", "tcBorders", "shd", "noWrap",
             "tcMar", "textDirection", "tcFitText", "vAlign", "hideMark"),
    "pPr": ("pStyle", "keepNext", "keepLines", "pageBreakBefore", "framePr", "widowControl",
            "numPr", "suppressLineNumbers", "pBdr", "shd", "tabs", "suppressAutoHyphens",
            "kinsoku", "wordWrap", "overflowPunct", "topLinePunct", "autoSpaceDE",
            "autoSpaceDN", "bidi", "adjustRightInd", "snapToGrid", "spacing", "ind",
            "contextualSpacing", "mirrorIndents", "suppressOverlap", "jc", "textDirection",
            "textAlignment", "textboxTightWrap", "outlineLvl", "divId", "cnfStyle", "rPr",
            "sectPr", "pPrChange"),
}
"""The order ECMA-376 gives the children of these property elements: Word refuses a
file whose children are out of order."""


def _local(element: Any) -> str:
    return str(element.tag).rsplit("}", 1)[-1]


def insert_ordered(parent: Any, child: Any) -> None:
    """Add ``child`` to a property element at the place its schema sequence requires."""
    order = _SEQUENCES[_local(parent)]
    rank = order.index(_local(child))
    for existing in parent:
        name = _local(existing)
        if name in order and order.index(name) > rank:
            existing.addprevious(child)
            return
    parent.append(child)


def _text_runs(text: str, size_half_points: int) -> str:
    return (f'<w:r><w:rPr><w:sz w:val="{size_half_points}"/></w:rPr>'
            f'<w:t xml:space="preserve">{escape(text)}</w:t></w:r>')


class Footnotes:
    """Collects footnotes while the body is written, then adds the footnotes part."""

    def __init__(self) -> None:
        self._notes: list[str] = []

    def reference(self, paragraph: Any, text: str) -> int:
        """Append a footnote reference mark to ``paragraph``; the note says ``text``."""
        self._notes.append(text)
        number = len(self._notes)
        paragraph._p.append(parse_xml(
            f'<w:r {W}><w:rPr><w:vertAlign w:val="superscript"/></w:rPr>'
            f'<w:footnoteReference w:id="{number}"/></w:r>'))
        return number

    def __len__(self) -> int:
        return len(self._notes)

    def attach(self, document: Any) -> None:
        """Write ``word/footnotes.xml`` and relate it to the document (no-op when empty)."""
        if not self._notes:
            return
        notes = "".join(
            f'<w:footnote w:id="{n}"><w:p><w:pPr><w:spacing w:after="0"/></w:pPr>'
            f'<w:r><w:rPr><w:vertAlign w:val="superscript"/><w:sz w:val="16"/></w:rPr>'
            f'<w:footnoteRef/></w:r>{_text_runs(" " + text, 16)}</w:p></w:footnote>'
            for n, text in enumerate(self._notes, start=1))
        xml = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
               f'<w:footnotes {W}>'
               f'<w:footnote w:type="separator" w:id="-1"><w:p><w:pPr><w:spacing w:after="0"/>'
               f'</w:pPr><w:r><w:separator/></w:r></w:p></w:footnote>'
               f'<w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:pPr>'
               f'<w:spacing w:after="0"/></w:pPr><w:r><w:continuationSeparator/></w:r></w:p>'
               f'</w:footnote>{notes}</w:footnotes>')
        part = Part(PackURI("/word/footnotes.xml"), CT.WML_FOOTNOTES, xml.encode("utf-8"),
                    document.part.package)
        document.part.relate_to(part, RT.FOOTNOTES)
        settings = document.settings.element
        compat = settings.find(qn("w:compat"))
        footnote_pr = parse_xml(f'<w:footnotePr {W}><w:footnote w:id="-1"/>'
                                f'<w:footnote w:id="0"/></w:footnotePr>')
        if compat is not None:
            compat.addprevious(footnote_pr)
        else:
            settings.append(footnote_pr)


def add_heading_numbering(document: Any) -> int:
    """A multilevel list for headings: ``I.``, ``A.``, ``1.`` (levels 0–2)."""
    numbering = document.part.numbering_part.element
    levels = "".join(
        f'<w:lvl w:ilvl="{level}"><w:start w:val="1"/><w:numFmt w:val="{fmt}"/>'
        f'<w:lvlText w:val="%{level + 1}."/><w:lvlJc w:val="left"/>'
        f'<w:pPr><w:tabs><w:tab w:val="num" w:pos="{567 * (level + 1)}"/></w:tabs>'
        f'<w:ind w:left="{567 * (level + 1)}" w:hanging="567"/></w:pPr></w:lvl>'
        for level, fmt in enumerate(("upperRoman", "upperLetter", "decimal")))
    abstract = parse_xml(f'<w:abstractNum {W} w:abstractNumId="{HEADING_NUMBERING_ID}">'
                         f'<w:multiLevelType w:val="multilevel"/>{levels}</w:abstractNum>')
    first_num = numbering.find(qn("w:num"))
    if first_num is not None:
        first_num.addprevious(abstract)
    else:
        numbering.append(abstract)
    numbering.append(parse_xml(f'<w:num {W} w:numId="{HEADING_NUMBERING_ID}">'
                               f'<w:abstractNumId w:val="{HEADING_NUMBERING_ID}"/></w:num>'))
    return HEADING_NUMBERING_ID


def number_paragraph(paragraph: Any, level: int) -> None:
    """Attach a heading paragraph to the heading numbering at ``level``."""
    insert_ordered(paragraph._p.get_or_add_pPr(), parse_xml(
        f'<w:numPr {W}><w:ilvl w:val="{level}"/><w:numId w:val="{HEADING_NUMBERING_ID}"/>'
        f'</w:numPr>'))


def repeat_as_header(row: Any) -> None:
    """Mark a table row as a header row that Word repeats on every page (tblHeader)."""
    tr_pr = row._tr.get_or_add_trPr()
    tr_pr.append(parse_xml(f'<w:tblHeader {W}/>'))


def keep_row_together(row: Any) -> None:
    row._tr.get_or_add_trPr().append(parse_xml(f'<w:cantSplit {W}/>'))


def shade(cell: Any, fill: str) -> None:
    insert_ordered(cell._tc.get_or_add_tcPr(), parse_xml(
        f'<w:shd {W} w:val="clear" w:color="auto" w:fill="{fill}"/>'))


def cell_border(cell: Any, *, top: bool = False, bottom: bool = False) -> None:
    edges = "".join(f'<w:{edge} w:val="single" w:sz="6" w:space="0" w:color="444444"/>'
                    for edge, on in (("top", top), ("bottom", bottom)) if on)
    if edges:
        insert_ordered(cell._tc.get_or_add_tcPr(),
                       parse_xml(f'<w:tcBorders {W}>{edges}</w:tcBorders>'))


def table_rules(table: Any, *, margin_twips: int = 72) -> None:
    """UN style: a rule above and below the table, none between cells; narrow cell
    margins so that a grid of thirteen grade bands fits the page."""
    tbl_pr = table._tbl.tblPr
    insert_ordered(tbl_pr, parse_xml(
        f'<w:tblCellMar {W}><w:left w:w="{margin_twips}" w:type="dxa"/>'
        f'<w:right w:w="{margin_twips}" w:type="dxa"/></w:tblCellMar>'))
    insert_ordered(tbl_pr, parse_xml(
        f'<w:tblBorders {W}><w:top w:val="single" w:sz="6" w:space="0" w:color="444444"/>'
        f'<w:left w:val="nil"/><w:bottom w:val="single" w:sz="6" w:space="0" '
        f'w:color="444444"/><w:right w:val="nil"/><w:insideH w:val="nil"/>'
        f'<w:insideV w:val="nil"/></w:tblBorders>'))


def page_number_field(paragraph: Any) -> None:
    """``PAGE / NUMPAGES`` as fields Word and LibreOffice update."""
    for index, field in enumerate(("PAGE", "NUMPAGES")):
        if index:
            paragraph.add_run("/")
        paragraph._p.append(parse_xml(
            f'<w:fldSimple {W} w:instr=" {field} "><w:r><w:t>1</w:t></w:r></w:fldSimple>'))
