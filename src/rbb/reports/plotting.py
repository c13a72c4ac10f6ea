"""Charts drawn with matplotlib: SVG for HTML and PDF, PNG for Word.

Deterministic output (the same figures give the same bytes): the Agg canvas and
an object-oriented ``Figure`` (no pyplot state), a fixed SVG hash salt, and no
creation date or software stamp in the files. Text in the SVG stays text (in
DejaVu Sans, any sans-serif where it is missing): a third of the size of text
drawn as paths, searchable, and three to four times faster for WeasyPrint to
draw. Figures reach matplotlib as floats only here, at the edge: the tick labels
are written back through the presentation module.
"""

from __future__ import annotations

import io
from decimal import Decimal
from functools import lru_cache
from typing import Any

import matplotlib

matplotlib.use("Agg")

from matplotlib import rc_context
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter

from . import figures
from .view import Chart, ChartKind

COLOURS = ("#1f4e79", "#9dc3e6", "#c55a11", "#7f7f7f", "#548235", "#bf9000")
"""UN blue first; distinguishable in greyscale print."""

_STYLE: dict[str, Any] = {
    "svg.hashsalt": "rbb",
    "svg.fonttype": "none",
    "font.family": ["DejaVu Sans"],
    "font.size": 8.5,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.titlesize": 10,
}


def _tick(value: float, _position: float) -> str:
    return figures.axis_tick(Decimal(str(float(value))))


def _draw(chart: Chart) -> Figure:
    """The chart without a title: the caption under it (HTML, PDF, Word) names it."""
    many = len(chart.categories)
    figure = Figure(figsize=size_inches(chart), dpi=100)
    axes = figure.add_subplot()
    positions = list(range(many))
    series = [[float(v) for v in s.values] for s in chart.series]
    if chart.kind is ChartKind.BARS:
        colours = [COLOURS[2] if v < 0 else COLOURS[0] for v in series[0]]
        axes.barh(positions, series[0], color=colours)
        axes.set_yticks(positions, labels=list(chart.categories))
        axes.invert_yaxis()
        axes.axvline(0, color="#404040", linewidth=0.8)
        axes.xaxis.set_major_formatter(FuncFormatter(_tick))
        axes.set_xlabel(chart.axis_label)
    else:
        width = 0.8 / (len(series) if chart.kind is ChartKind.COLUMNS else 1)
        bottoms = [0.0] * many
        for n, values in enumerate(series):
            if chart.kind is ChartKind.STACKED:
                axes.bar(positions, values, 0.6, bottom=bottoms, color=COLOURS[n % len(COLOURS)],
                         label=chart.series[n].name)
                bottoms = [b + v for b, v in zip(bottoms, values, strict=True)]
            else:
                offset = (n - (len(series) - 1) / 2) * width
                axes.bar([p + offset for p in positions], values, width,
                         color=COLOURS[n % len(COLOURS)], label=chart.series[n].name)
        axes.set_xticks(positions, labels=list(chart.categories),
                        rotation=45 if many > 6 else 0, ha="right" if many > 6 else "center")
        axes.yaxis.set_major_formatter(FuncFormatter(_tick))
        axes.set_ylabel(chart.axis_label)
        if len(series) > 1:
            axes.legend(frameon=False, fontsize=7.5)
    axes.grid(axis="x" if chart.kind is ChartKind.BARS else "y", color="#d9d9d9",
              linewidth=0.6)
    axes.set_axisbelow(True)
    figure.tight_layout()
    return figure


@lru_cache(maxsize=64)
def svg(chart: Chart) -> str:
    """The chart as an SVG document (text)."""
    with rc_context(_STYLE):  # type: ignore[arg-type]
        figure = _draw(chart)
        buffer = io.StringIO()
        figure.savefig(buffer, format="svg", metadata={"Date": None, "Creator": None})
    text = buffer.getvalue()
    start = text.find("<svg")
    return text[start:] if start >= 0 else text


@lru_cache(maxsize=64)
def png(chart: Chart, dpi: int = 200) -> bytes:
    """The chart as a PNG image, for Word."""
    with rc_context(_STYLE):  # type: ignore[arg-type]
        figure = _draw(chart)
        buffer = io.BytesIO()
        figure.savefig(buffer, format="png", dpi=dpi, metadata={"Software": None})
    return buffer.getvalue()


def size_inches(chart: Chart) -> tuple[float, float]:
    """Horizontal bars grow with the number of categories; columns keep one height."""
    many = len(chart.categories)
    height = 0.3 * many + 0.9 if chart.kind is ChartKind.BARS else 3.0
    return 6.4, max(2.2, height)
