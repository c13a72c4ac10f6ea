"""The view model of a regenerated report: sections of blocks whose figures are
already text.

Every output format reads this one structure: the Jinja2 templates (HTML, PDF,
Markdown) and the Word writer. Nothing below formats a number: the builders
fill cells through :mod:`rbb.presentation` (and the thin wrappers of
:mod:`rbb.reports.figures`), so the four formats cannot print a figure
differently.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum
from typing import Literal

RowKind = Literal["item", "heading", "subtotal", "total"]


@dataclass(frozen=True, slots=True)
class Cell:
    """One printed cell. ``numeric`` cells are right-aligned and never wrap."""

    text: str
    numeric: bool = False
    indent: int = 0
    italic: bool = False
    flagged: bool = False
    """A check finding concerns this figure: it is printed as published and marked."""


@dataclass(frozen=True, slots=True)
class Row:
    cells: tuple[Cell, ...]
    kind: RowKind = "item"
    source_line: int | None = None

    @property
    def label_only(self) -> bool:
        """A heading row with nothing but its label: one cell across the table."""
        return self.kind == "heading" and not any(c.text for c in self.cells[1:])


@dataclass(frozen=True, slots=True)
class HeaderCell:
    text: str
    colspan: int = 1
    rowspan: int = 1
    numeric: bool = False
    marker: str | None = None
    """The marker of a table note about this column (``a``)."""


@dataclass(frozen=True, slots=True)
class Note:
    """A table note: printed under the table in HTML, PDF and Markdown, a real
    footnote in Word."""

    marker: str
    """``a``, ``b``: the mark in the title or a column heading; empty for a plain note."""
    text: str


@dataclass(frozen=True, slots=True)
class Table:
    key: str
    header: tuple[tuple[HeaderCell, ...], ...]
    rows: tuple[Row, ...]
    columns: tuple[str, ...]
    """One flat label per column (``Variance: Amount``): the Markdown header."""
    caption: str | None = None
    """``Table 1``: the number line above the title."""
    title: str | None = None
    title_marker: str | None = None
    units: str | None = None
    """``(Thousands of United States dollars)``."""
    notes: tuple[Note, ...] = ()
    findings: tuple[str, ...] = ()
    """Check findings about this table's figures, as sentences."""
    text: bool = False
    """A table of prose (frameworks, follow-up) rather than figures."""
    widths: tuple[int, ...] = ()
    """Relative column widths; empty lets the renderer choose."""
    source_line: int | None = None


@dataclass(frozen=True, slots=True)
class Paragraph:
    text: str
    number: int | None = None
    letter: str | None = None
    generated: bool = False
    """Built from the figures by :mod:`rbb.reports.headlines`, not reproduced prose."""
    source_line: int | None = None

    @property
    def label(self) -> str:
        if self.letter:
            return f"({self.letter})"
        return f"{self.number}." if self.number is not None else ""


@dataclass(frozen=True, slots=True)
class Bullets:
    items: tuple[str, ...]
    heading: str | None = None
    source_line: int | None = None


@dataclass(frozen=True, slots=True)
class Subheading:
    text: str
    source_line: int | None = None


class ChartKind(StrEnum):
    COLUMNS = "columns"
    """Vertical bars, one series or grouped series, by category."""
    BARS = "bars"
    """Horizontal bars: one series by category (long labels)."""
    STACKED = "stacked"
    """Vertical bars, series stacked."""


@dataclass(frozen=True, slots=True)
class Series:
    name: str
    values: tuple[Decimal, ...]


@dataclass(frozen=True, slots=True)
class Chart:
    """A chart of figures that a table beside it prints (same numbers, same order)."""

    key: str
    title: str
    kind: ChartKind
    categories: tuple[str, ...]
    series: tuple[Series, ...]
    axis_label: str
    description: str
    """Alternative text: what the chart shows, in one sentence."""
    source_line: int | None = None


Block = Paragraph | Table | Bullets | Subheading | Chart


@dataclass(slots=True)
class Section:
    title: str
    numeral: str | None = None
    """``I``, ``A`` or ``1``, assigned once the sections present are known."""
    blocks: list[Block] = field(default_factory=list)
    children: list[Section] = field(default_factory=list)
    numbered: bool = True
    key: str = ""
    note: Note | None = None
    """A footnote on the heading (the threshold rule of "Analysis of variances")."""

    @property
    def heading(self) -> str:
        return f"{self.numeral}. {self.title}" if self.numeral else self.title

    def is_empty(self) -> bool:
        return not self.blocks and all(child.is_empty() for child in self.children)


@dataclass(frozen=True, slots=True)
class Masthead:
    """The front page lines of a General Assembly document."""

    body: str
    symbol: str | None
    distribution: str
    date: str | None
    language: str
    session: str | None
    agenda_item: str | None
    financing_of: str
    title: str
    subtitle: str
    notice: str | None = None
    """Of a partial document: that it was read from an excerpt, and what it lacks."""


@dataclass(slots=True)
class Report:
    key: str
    """``unmik-budget-2025-26``: the file stem of every format."""
    kind: str
    masthead: Masthead
    running_header: str
    """What the PDF prints at the top of every page: the document symbol."""
    sections: list[Section]
    findings: list[str] = field(default_factory=list)
    colophon: str = ""
    data_json: str = ""
    """The document's canonical JSON, embedded in the PDF so that rbb can read the
    report it rendered back to exactly the same data (docs/decisions.md)."""

    def walk(self) -> list[tuple[int, Section]]:
        """Every section with its depth (1 for I., 2 for A., 3 below), in order."""
        out: list[tuple[int, Section]] = []

        def visit(section: Section, depth: int) -> None:
            out.append((depth, section))
            for child in section.children:
                visit(child, depth + 1)

        for section in self.sections:
            visit(section, 1)
        return out

    def charts(self) -> list[Chart]:
        return [b for _, s in self.walk() for b in s.blocks if isinstance(b, Chart)]
