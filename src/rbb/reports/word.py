"""The report as a Word document (python-docx), from the same view model as HTML.

Real Word tables whose header rows repeat on every page, headings numbered by
Word (I., A., 1.) in the Heading styles, table notes as footnotes, numbers
right-aligned, charts as PNG, A4 pages with the document symbol in the header
and page numbers in the footer. The file carries the document's date, not the
time it was written, so the same data gives the same document.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from typing import Any

import docx
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_TAB_ALIGNMENT
from docx.oxml.ns import qn
from docx.shared import Cm, Inches, Pt, RGBColor

from . import plotting
from .view import Block, Bullets, Chart, Paragraph, Report, Section, Subheading, Table
from .word_parts import (
    Footnotes,
    add_heading_numbering,
    cell_border,
    keep_row_together,
    number_paragraph,
    page_number_field,
    repeat_as_header,
    shade,
    table_rules,
)

FONT = "Times New Roman"
TEXT_WIDTH_CM = 17.2
FLAG_FILL = "FDE2CF"


class WordWriter:
    def __init__(self, report: Report) -> None:
        self.report = report
        self.doc: Any = docx.Document()
        self.footnotes = Footnotes()
        self._styles()
        self._page()
        add_heading_numbering(self.doc)

    # --- set-up -----------------------------------------------------------------

    def _styles(self) -> None:
        styles = self.doc.styles
        normal = styles["Normal"]
        normal.font.name = FONT
        normal.font.size = Pt(10)
        normal.paragraph_format.space_after = Pt(6)
        for level, size in ((1, 12), (2, 11), (3, 10.5), (4, 10)):
            style = styles[f"Heading {level}"]
            style.font.name = FONT
            style.font.size = Pt(size)
            style.font.bold = True
            style.font.italic = level == 4
            style.font.color.rgb = RGBColor(0, 0, 0)
            style.paragraph_format.space_before = Pt(12 if level < 3 else 8)
            style.paragraph_format.space_after = Pt(6)
            style.paragraph_format.keep_with_next = True
        title = styles["Title"]
        title.font.color.rgb = RGBColor(0, 0, 0)
        title.font.bold = True
        for name in ("Title", "List Bullet", "List Number", *(f"Heading {n}" for n in range(1, 5))):
            styles[name].font.name = FONT
            _drop_theme_fonts(styles[name])
        for name in ("List Bullet", "List Number"):
            styles[name].font.size = Pt(10)
            styles[name].paragraph_format.space_after = Pt(3)

    def _page(self) -> None:
        section = self.doc.sections[0]
        section.orientation = WD_ORIENT.PORTRAIT
        section.page_width, section.page_height = Cm(21.0), Cm(29.7)
        section.left_margin = section.right_margin = Cm(1.9)
        section.top_margin, section.bottom_margin = Cm(2.2), Cm(2.0)
        section.different_first_page_header_footer = True
        header = section.header.paragraphs[0]
        run = header.add_run(self.report.running_header)
        run.bold = True
        run.font.size = Pt(9)
        footer = section.footer.paragraphs[0]
        footer.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        page_number_field(footer)

    # --- document ---------------------------------------------------------------

    def write(self) -> bytes:
        self._masthead()
        for section in self.report.sections:
            self._section(section, 1)
        if self.report.findings:
            self.doc.add_heading("Annex. Findings of the checks", level=1)
            for finding in self.report.findings:
                self.doc.add_paragraph(finding, style="List Number")
        colophon = self.doc.add_paragraph()
        colophon_run = colophon.add_run(self.report.colophon)
        colophon_run.italic = True
        colophon_run.font.size = Pt(8)
        self.footnotes.attach(self.doc)
        self._properties()
        buffer = io.BytesIO()
        self.doc.save(buffer)
        return buffer.getvalue()

    def _properties(self) -> None:
        core = self.doc.core_properties
        masthead = self.report.masthead
        for name, value in (("title", masthead.title), ("subject", masthead.financing_of),
                            ("author", "rbb"), ("last_modified_by", "rbb"),
                            ("identifier", masthead.symbol or self.report.key),
                            ("keywords", self.report.kind),
                            ("comments", self.report.colophon)):
            setattr(core, name, core_property(value))
        day = _stamp(masthead.date)
        core.created = core.modified = day
        core.revision = 1

    def _masthead(self) -> None:
        m = self.report.masthead
        top = self.doc.add_paragraph()
        organ = top.add_run(m.body)
        organ.bold = True
        organ.font.size = Pt(16)
        if m.symbol:
            top.add_run("\t" + m.symbol).font.size = Pt(12)
            top.paragraph_format.tab_stops.add_tab_stop(Cm(TEXT_WIDTH_CM),
                                                        alignment=WD_TAB_ALIGNMENT.RIGHT)
        for line in (m.distribution, m.date, m.language):
            if line:
                p = self.doc.add_paragraph(line)
                p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
                p.paragraph_format.space_after = Pt(0)
        for line in (m.session, m.agenda_item):
            if line:
                self.doc.add_paragraph(line).paragraph_format.space_after = Pt(0)
        financing = self.doc.add_paragraph()
        financing.add_run(m.financing_of).bold = True
        self.doc.add_paragraph(m.title, style="Title").runs[0].font.size = Pt(16)
        self.doc.add_paragraph(m.subtitle).runs[0].font.size = Pt(12)
        if m.notice:
            self.doc.add_paragraph().add_run(m.notice).italic = True

    def _section(self, section: Section, depth: int) -> None:
        level = min(depth, 3)
        heading = self.doc.add_heading(section.title if section.numeral else section.heading,
                                       level=level)
        if section.numeral and section.numbered:
            number_paragraph(heading, depth - 1)
        if section.note is not None:
            self.footnotes.reference(heading, section.note.text)
        for block in section.blocks:
            self._block(block)
        for child in section.children:
            self._section(child, depth + 1)

    def _block(self, block: Block) -> None:
        if isinstance(block, Paragraph):
            self._paragraph(block)
        elif isinstance(block, Subheading):
            self.doc.add_heading(block.text, level=4)
        elif isinstance(block, Bullets):
            if block.heading:
                self.doc.add_paragraph().add_run(block.heading).italic = True
            for item in block.items:
                self.doc.add_paragraph(clean(item), style="List Bullet")
        elif isinstance(block, Chart):
            self._chart(block)
        elif isinstance(block, Table):
            self._table(block)

    def _paragraph(self, block: Paragraph) -> None:
        p = self.doc.add_paragraph()
        fmt = p.paragraph_format
        if block.label:
            indent = Cm(1.0) if block.letter is None else Cm(2.0)
            fmt.left_indent = indent
            fmt.first_line_indent = -Cm(1.0)
            fmt.tab_stops.add_tab_stop(indent)
            p.add_run(f"{block.label}\t")
        p.add_run(clean(block.text))

    def _chart(self, chart: Chart) -> None:
        width, _ = plotting.size_inches(chart)
        self.doc.add_picture(io.BytesIO(plotting.png(chart)), width=Inches(min(width, 6.5)))
        self.doc.paragraphs[-1].alignment = WD_ALIGN_PARAGRAPH.CENTER
        caption = self.doc.add_paragraph()
        caption.alignment = WD_ALIGN_PARAGRAPH.CENTER
        run = caption.add_run(f"{chart.title}. {chart.description}")
        run.italic = True
        run.font.size = Pt(8.5)

    # --- tables -----------------------------------------------------------------

    def _table(self, table: Table) -> None:
        notes = {n.marker: n.text for n in table.notes if n.marker}
        plain = [n.text for n in table.notes if not n.marker]
        title_paragraph = None
        if table.caption:
            self.doc.add_paragraph().add_run(table.caption).bold = True
        if table.title:
            title_paragraph = self.doc.add_paragraph()
            title_paragraph.add_run(table.title).bold = True
            if table.title_marker and table.title_marker in notes:
                self.footnotes.reference(title_paragraph, notes.pop(table.title_marker))
        if table.units:
            units = self.doc.add_paragraph()
            units.add_run(table.units).italic = True
        for paragraph in (title_paragraph, *self.doc.paragraphs[-1:]):
            if paragraph is not None:
                paragraph.paragraph_format.keep_with_next = True
                paragraph.paragraph_format.space_after = Pt(2)
        columns = len(table.columns)
        grid = self.doc.add_table(rows=len(table.header) + len(table.rows), cols=columns)
        grid.alignment = WD_TABLE_ALIGNMENT.CENTER
        grid.autofit = False
        table_rules(grid, margin_twips=40 if columns > 9 else 72)
        widths = _widths(table, columns)
        for column, width in zip(grid.columns, widths, strict=True):
            column.width = width
        rows = grid.rows
        size = Pt(7 if columns > 9 else 8.5)
        self._header(table, rows, widths, Pt(6.5) if columns > 9 else size, notes)
        for offset, row in enumerate(table.rows, start=len(table.header)):
            word_row = rows[offset]
            if not table.text:
                keep_row_together(word_row)
            for position, (cell, word_cell) in enumerate(zip(row.cells, word_row.cells,
                                                             strict=False)):
                word_cell.width = widths[position]
                _fill(word_cell, cell.text, size=size, right=cell.numeric,
                      bold=row.kind in ("subtotal", "total"), italic=cell.italic,
                      indent=cell.indent)
                if cell.flagged:
                    shade(word_cell, FLAG_FILL)
                if row.kind == "total":
                    cell_border(word_cell, top=True)
        for text in plain:
            anchor = title_paragraph or self.doc.paragraphs[-1]
            self.footnotes.reference(anchor, text)
        for finding in table.findings:
            p = self.doc.add_paragraph()
            run = p.add_run(f"Check finding: {finding}")
            run.italic = True
            run.font.size = Pt(8)
        self.doc.add_paragraph().paragraph_format.space_after = Pt(2)

    def _header(self, table: Table, rows: Any, widths: list[Any], size: Any,
                notes: dict[str, str]) -> None:
        occupied: set[tuple[int, int]] = set()
        for r, header_row in enumerate(table.header):
            word_row = rows[r]
            repeat_as_header(word_row)
            cells = word_row.cells
            column = 0
            for head in header_row:
                while (r, column) in occupied:
                    column += 1
                if column >= len(cells):
                    break
                target = cells[column]
                end_col = min(column + head.colspan - 1, len(cells) - 1)
                end_row = min(r + head.rowspan - 1, len(table.header) - 1)
                if end_col > column or end_row > r:
                    target = target.merge(rows[end_row].cells[end_col])
                for rr in range(r, end_row + 1):
                    for cc in range(column, end_col + 1):
                        occupied.add((rr, cc))
                paragraph = _fill(target, head.text, size=size,
                                  right=head.numeric and head.colspan == 1, italic=True,
                                  center=head.colspan > 1)
                if head.marker and head.marker in notes:
                    self.footnotes.reference(paragraph, notes.pop(head.marker))
                cell_border(target, bottom=r == len(table.header) - 1 or end_row > r)
                column = end_col + 1
            for position, cell in enumerate(cells):
                cell.width = widths[position]


def _drop_theme_fonts(style: Any) -> None:
    """Theme fonts (Calibri Light in the default template) override a named font."""
    fonts = style.element.rPr.rFonts if style.element.rPr is not None else None
    if fonts is None:
        return
    for attribute in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        key = qn(attribute)
        if key in fonts.attrib:
            del fonts.attrib[key]


def _widths(table: Table, columns: int) -> list[Any]:
    weights = list(table.widths[:columns]) if table.widths else []
    weights += [max(weights, default=10)] * (columns - len(weights))
    total = sum(weights) or 1
    return [Cm(TEXT_WIDTH_CM * w / total) for w in weights]


_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def clean(text: str) -> str:
    """Text Word can hold: control characters (a page break a PDF extraction left in
    the prose) are not allowed in WordprocessingML."""
    return _NOT_XML.sub(" ", text)


def _fill(cell: Any, text: str, *, size: Any, right: bool = False, bold: bool = False,
          italic: bool = False, indent: int = 0, center: bool = False) -> Any:
    """Write ``text`` into a cell (one paragraph per line) and return the last paragraph."""
    paragraph = cell.paragraphs[0]
    for number, line in enumerate(clean(text).split("\n")):
        if number:
            paragraph = cell.add_paragraph()
        fmt = paragraph.paragraph_format
        fmt.space_after = Pt(1)
        fmt.space_before = Pt(0)
        if right:
            paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        elif center:
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        if indent:
            fmt.left_indent = Cm(0.3 * indent)
        if line:
            run = paragraph.add_run(line)
            run.font.size = size
            run.bold = bold or None
            run.italic = italic or None
    return paragraph


CORE_PROPERTY_LIMIT = 255
"""python-docx refuses a longer core property (title, subject, comments...)."""


def core_property(text: str) -> str:
    """A core property within its limit (the colophon names the source file, a title
    can be long): cut with an ellipsis, without the characters XML cannot hold."""
    text = "".join(c for c in text if c in "\t\n\r" or (c >= " " and c not in "\ufffe\uffff"))
    if len(text) <= CORE_PROPERTY_LIMIT:
        return text
    return text[:CORE_PROPERTY_LIMIT - 1] + "\u2026"


def _stamp(date_text: str | None) -> dt.datetime:
    """The document's own date (noon UTC), so that the file does not change with the clock."""
    if date_text:
        try:
            day = dt.datetime.strptime(date_text, "%d %B %Y")
            return day.replace(hour=12, tzinfo=dt.UTC)
        except ValueError:
            pass
    return dt.datetime(2000, 1, 1, 12, tzinfo=dt.UTC)


def write_docx(report: Report) -> bytes:
    return WordWriter(report).write()
