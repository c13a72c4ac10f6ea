"""A report regenerated from a partial document says so on its front page, in every
format, with what the excerpt lacks; a whole document's front page is unchanged."""

from __future__ import annotations

import io
from pathlib import Path

from docx import Document as Docx

from rbb.importers import import_text
from rbb.model import Document
from rbb.reports.build import build_report
from rbb.reports.formats import html_text, markdown_text, render_docx

EXCERPT = Path(__file__).parents[1] / "data" / "partial" / "untomn-budget-excerpt.txt"


def _partial() -> Document:
    result = import_text(EXCERPT.read_text(encoding="utf-8"), name=EXCERPT.name)
    assert result.document is not None and result.incomplete
    return result.document.model_copy(update={"partial": True})


def test_every_format_says_the_report_was_regenerated_from_an_excerpt() -> None:
    report = build_report(_partial())
    notice = report.masthead.notice
    assert notice is not None and notice.startswith(
        "Partial document: regenerated from an excerpt of the report (sections the "
        "contents list names but the text lacks: I.C 'Results-based budgeting frameworks'")
    html = html_text(report)
    assert '<p class="notice partial" role="note">Partial document: regenerated from an ' \
        "excerpt of the report (sections the contents list names but the text lacks: I.C " \
        "&#39;Results-based budgeting frameworks&#39;" in html
    assert "\n> Partial document: regenerated from an excerpt" in markdown_text(report)
    word = Docx(io.BytesIO(render_docx(report)))
    assert any(p.text == notice for p in word.paragraphs)


def test_a_whole_document_has_no_notice() -> None:
    whole = _partial().model_copy(update={"partial": False})
    report = build_report(whole)
    assert report.masthead.notice is None
    assert "notice partial" not in html_text(report)
    assert "Partial document" not in markdown_text(report)
