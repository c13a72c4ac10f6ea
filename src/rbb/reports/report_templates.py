"""The Jinja2 templates: one set for HTML and PDF, one for Markdown.

The context of every template is the view model (:class:`rbb.reports.view.Report`)
and a few filters; templates never format a number, the cells arrive as text.
"""

from __future__ import annotations

import base64
import re
from functools import cache
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape
from markupsafe import Markup, escape

from . import plotting
from .markdown_escape import Md, markup, md_cell, md_inline, md_text
from .view import Cell, Chart, RowKind, Section, Table


def _blocktype(block: object) -> str:
    return type(block).__name__.lower()


def _lines(text: str) -> Markup:
    """Line breaks inside a cell (indicators of one accomplishment) as ``<br>``."""
    return Markup("<br>").join(escape(part) for part in text.split("\n"))


def _cell_class(cell: Cell) -> Markup:
    """The class (and title) attributes of a table cell; nothing for a plain one."""
    classes = [name for name, on in (("num", cell.numeric), (f"indent-{cell.indent}",
                                                             cell.indent > 0),
                                     ("em", cell.italic), ("flagged", cell.flagged)) if on]
    if not classes:
        return Markup("")
    title = ' title="See the findings of the checks"' if cell.flagged else ""
    return Markup(f' class="{" ".join(classes)}"{title}')


def _md_value(cell: Cell, kind: RowKind) -> Md:
    text = md_cell(cell.text)
    if kind in ("subtotal", "total") and cell.text:
        text = Md(f"**{text}**")
    elif cell.italic and cell.text:
        text = Md(f"*{text}*")
    return Md("\u2003" * cell.indent + text)


def _numeric_column(table: Table, position: int) -> bool:
    return any(row.cells[position].numeric for row in table.rows
               if position < len(row.cells))


def anchor(section: Section) -> str:
    """A stable HTML id for a section: ``s-II-A`` or ``s-summary``."""
    text = section.key or section.title
    return "s-" + re.sub(r"[^A-Za-z0-9]+", "-", text).strip("-").lower()


def chart_uri(chart: Chart) -> str:
    data = base64.b64encode(plotting.svg(chart).encode("utf-8")).decode("ascii")
    return f"data:image/svg+xml;base64,{data}"


@cache
def environment() -> Environment:
    """HTML and PDF: autoescaped."""
    env = _environment(autoescape=select_autoescape(enabled_extensions=("html", "html.j2"),
                                                    default_for_string=False))
    env.filters.update(lines=_lines, cell_class=_cell_class)
    env.globals.update(anchor=anchor, chart_uri=chart_uri)
    return env


@cache
def markdown_environment() -> Environment:
    """Markdown: every field escaped as Markdown (``rbb.reports.markdown_escape``)."""
    env = _environment(finalize=md_inline)
    env.filters.update(md_text=md_text, md_cell=md_cell, md_value=_md_value, markup=markup)
    return env


def _environment(**options: Any) -> Environment:
    env = Environment(loader=PackageLoader("rbb.reports", "templates"),
                      undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True,
                      keep_trailing_newline=True, **options)
    env.filters.update(blocktype=_blocktype, numeric_column=_numeric_column)
    return env


def render_template(name: str, **context: Any) -> str:
    env = markdown_environment() if name.endswith(".md.j2") else environment()
    return env.get_template(name).render(**context)
