"""Hostile text in every field of the Markdown report stays text: rendered by a
CommonMark renderer (markdown-it-py, with raw HTML allowed as renderers do by
default), no tag, attribute or link of the text survives, and the structure (one
heading per section, the table's rows and columns) is the template's."""

from __future__ import annotations

from decimal import Decimal
from html.parser import HTMLParser
from itertools import count

import pytest

from rbb.reports import ReportFormat, render_report
from rbb.reports.view import (
    Bullets,
    Cell,
    Chart,
    ChartKind,
    HeaderCell,
    Masthead,
    Note,
    Paragraph,
    Report,
    Row,
    Section,
    Series,
    Subheading,
    Table,
)

markdown_it = pytest.importorskip("markdown_it")

ATTACKS = (
    '<img src=x onerror="alert(1)">',
    "<script>alert(2)</script>",
    "[see the annex](javascript:alert(3))",
    "![logo](http://attacker.invalid/pixel.png)",
    "&lt;img src=x onerror=alert(4)&gt; &#60;b&#62;",
    "a | b | c",
    "line one\n# a heading\n- an item\n\n<svg onload=alert(5)>",
    "*emphasis* `code` ~~struck~~ __strong__",
    "1. not a list\r\n===",
    "<https://attacker.invalid/>",
)

ALLOWED_TAGS = {"h1", "h2", "h3", "h4", "h5", "h6", "p", "strong", "em", "sup", "br", "hr",
                "table", "thead", "tbody", "tr", "th", "td", "ul", "ol", "li", "blockquote"}


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, list[tuple[str, str | None]]]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, attrs))

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def _hostile_report() -> Report:
    """Every text field of the view model holds one of the attacks, in turn."""
    n = count()

    def bad() -> str:
        return ATTACKS[next(n) % len(ATTACKS)]

    table = Table(key="t", header=((HeaderCell(bad()), HeaderCell("2025/26", numeric=True)),),
                  columns=(bad(), "2025/26"),
                  rows=(Row((Cell(bad()), Cell("1 234.5", numeric=True))),
                        Row((Cell(bad(), indent=1), Cell(bad(), numeric=True)), kind="total"),
                        Row((Cell(bad(), italic=True), Cell("-6.8", numeric=True)))),
                  caption=bad(), title=bad(), title_marker=bad(), units=bad(),
                  notes=(Note(bad(), bad()), Note("", bad())), findings=(bad(),))
    chart = Chart(key="c", title=bad(), kind=ChartKind.COLUMNS, categories=("a",),
                  series=(Series("s", (Decimal("1"),)),), axis_label="", description=bad())
    child = Section(title=bad(), numeral="A", blocks=[
        Paragraph(bad(), number=12), Paragraph(bad(), letter="a"), Paragraph(bad()),
        Subheading(bad()), Bullets((bad(), bad()), heading=bad()), chart, table],
        note=Note(bad(), bad()))
    masthead = Masthead(body=bad(), symbol=bad(), distribution=bad(), date=bad(),
                        language="English", session=bad(), agenda_item=bad(),
                        financing_of=bad(), title=bad(), subtitle=bad())
    return Report(key="k", kind="budget", masthead=masthead, running_header=bad(),
                  sections=[Section(title=bad(), numeral="I", children=[child]),
                            Section(title=bad(), numbered=False)],
                  findings=[bad(), bad()], colophon=bad())


def _rendered() -> tuple[str, _Tags]:
    markdown = render_report(_hostile_report(), ReportFormat.MARKDOWN).decode("utf-8")
    renderer = markdown_it.MarkdownIt("commonmark", {"html": True}).enable(
        ["table", "strikethrough"])
    parser = _Tags()
    parser.feed(renderer.render(markdown))
    return markdown, parser


def test_no_tag_or_link_of_the_text_survives_a_commonmark_renderer() -> None:
    _, parsed = _rendered()
    tags = {tag for tag, _ in parsed.tags}
    assert tags <= ALLOWED_TAGS, tags - ALLOWED_TAGS
    for tag, attrs in parsed.tags:
        # markdown-it aligns numeric columns with a style and starts the list of a
        # numbered paragraph at its number; nothing else has attributes.
        assert all(name in ("style", "start") for name, _ in attrs), (tag, attrs)


def test_the_structure_is_the_template_s() -> None:
    _, parsed = _rendered()
    tags = [tag for tag, _ in parsed.tags]
    # The title, then I, A and the unnumbered section, the subheading (####), the annex.
    assert sum(tags.count(h) for h in ("h1", "h2", "h3", "h4", "h5", "h6")) == 6
    assert tags.count("table") == 2  # the masthead and the one table
    assert tags.count("tr") == 3 + 1 + 3
    # The bullets; paragraph 12 (a list of one, as numbered paragraphs always are) and
    # the annex's two findings.
    assert tags.count("ul") == 1 and tags.count("ol") == 2
    assert tags.count("li") == 2 + 1 + 2
    assert tags.count("hr") == 1  # before the colophon


def test_each_attack_is_printed_as_the_text_it_is() -> None:
    _, parsed = _rendered()
    shown = " ".join("".join(parsed.text).split())
    for attack in ATTACKS:
        if "\n" not in attack and "\r" not in attack:
            assert attack in shown, attack
