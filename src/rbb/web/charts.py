"""Small server-side SVG charts: no script, no inline style (the CSP forbids both);
colours come from the stylesheet through the ``series-N`` classes. Every chart
repeats figures that a table beside it gives in full, so it is an image with a
title and a description for screen readers."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from decimal import Decimal
from html import escape

from markupsafe import Markup

from rbb.presentation import THIN_SPACE, format_amount, format_count

WIDTH, HEIGHT = 640, 260
LEFT, RIGHT, TOP, BOTTOM = 72, 16, 16, 64
Number = Decimal | int


def amount_tick(value: float) -> str:
    """An axis label in thousands of dollars (the axis is geometry; the label is exact)."""
    return format_amount(Decimal(str(round(value, 1))), separator=THIN_SPACE, nil="0")


def number_tick(value: float) -> str:
    exact = Decimal(str(value))
    places = 0 if exact == exact.to_integral_value() else 1
    return format_amount(exact, places=places, separator=THIN_SPACE, nil="0")


def count_tick(value: float) -> str:
    return format_count(round(value), nil="0")


def _ticks(top: float) -> list[float]:
    if top <= 0:
        return [0.0]
    raw = top / 4
    magnitude = 10 ** (len(str(int(raw))) - 1) if raw >= 1 else 1
    step = next(m * magnitude for m in (1, 2, 2.5, 5, 10) if m * magnitude >= raw)
    return [i * step for i in range(int(top // step) + 2)]


def _frame(title: str, description: str, body: list[str]) -> Markup:
    label = escape(title)
    return Markup(
        f'<svg class="chart" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" '
        f'xmlns="http://www.w3.org/2000/svg">'
        f'<title>{label}</title><desc>{escape(description)}</desc>{"".join(body)}</svg>')


def _axes(ticks: list[float], scale: Callable[[float], float],
          label: Callable[[float], str]) -> list[str]:
    body = []
    for tick in ticks:
        y = scale(tick)
        body.append(f'<line class="grid" x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{y:.1f}" '
                    f'y2="{y:.1f}"/>')
        body.append(f'<text class="tick" x="{LEFT - 6}" y="{y + 4:.1f}" '
                    f'text-anchor="end">{escape(label(tick))}</text>')
    return body


def _legend(names: Sequence[str]) -> list[str]:
    body = []
    x = LEFT
    for index, name in enumerate(names):
        body.append(f'<rect class="series-{index % 6}" x="{x}" y="{HEIGHT - 18}" width="12" '
                    f'height="12"/>')
        body.append(f'<text class="legend" x="{x + 16}" y="{HEIGHT - 8}">{escape(name)}</text>')
        x += 24 + 7 * len(name)
    return body


def line_chart(title: str, x_labels: Sequence[str],
               series: Sequence[tuple[str, Sequence[Number | None]]],
               label: Callable[[float], str]) -> Markup | None:
    """One line per series over the x labels (periods); gaps where a value is missing."""
    values = [float(v) for _, points in series for v in points if v is not None]
    if not values or not x_labels:
        return None
    top = max(max(values), 0.0)
    ticks = _ticks(top)
    high = ticks[-1] or 1.0
    plot_h = HEIGHT - TOP - BOTTOM
    step = (WIDTH - LEFT - RIGHT) / max(len(x_labels), 1)

    def sx(index: int) -> float:
        return LEFT + step * (index + 0.5)

    def sy(value: float) -> float:
        return TOP + plot_h * (1 - value / high)

    body = _axes(ticks, sy, label)
    for index, text in enumerate(x_labels):
        body.append(f'<text class="tick" x="{sx(index):.1f}" y="{HEIGHT - BOTTOM + 18}" '
                    f'text-anchor="middle">{escape(text)}</text>')
    for number, (_, points) in enumerate(series):
        css = f"series-{number % 6}"
        run: list[str] = []
        for index, value in enumerate(points):
            if value is None:
                if len(run) > 1:
                    body.append(f'<polyline class="{css} line" points="{" ".join(run)}"/>')
                run = []
                continue
            x, y = sx(index), sy(float(value))
            run.append(f"{x:.1f},{y:.1f}")
            body.append(f'<circle class="{css}" cx="{x:.1f}" cy="{y:.1f}" r="4">'
                        f'<title>{escape(label(float(value)))}</title></circle>')
        if len(run) > 1:
            body.append(f'<polyline class="{css} line" points="{" ".join(run)}"/>')
    body += _legend([name for name, _ in series])
    description = "; ".join(
        f"{name}: " + ", ".join(f"{x} {label(float(v))}" for x, v in zip(x_labels, points,
                                                                           strict=False)
                                if v is not None)
        for name, points in series)
    return _frame(title, description, body)


def bar_chart(title: str, categories: Sequence[str],
              series: Sequence[tuple[str, Sequence[Number | None]]],
              label: Callable[[float], str]) -> Markup | None:
    """Grouped bars: one group per category, one bar per series."""
    values = [float(v) for _, points in series for v in points if v is not None]
    if not values or not categories:
        return None
    ticks = _ticks(max(max(values), 0.0))
    high = ticks[-1] or 1.0
    plot_h = HEIGHT - TOP - BOTTOM
    group = (WIDTH - LEFT - RIGHT) / len(categories)
    bar = group * 0.8 / max(len(series), 1)

    def sy(value: float) -> float:
        return TOP + plot_h * (1 - value / high)

    body = _axes(ticks, sy, label)
    for index, text in enumerate(categories):
        x = LEFT + group * (index + 0.5)
        body.append(f'<text class="tick" x="{x:.1f}" y="{HEIGHT - BOTTOM + 18}" '
                    f'text-anchor="middle">{escape(text)}</text>')
        for number, (_, points) in enumerate(series):
            value = points[index] if index < len(points) else None
            if value is None:
                continue
            left = LEFT + group * index + group * 0.1 + bar * number
            y = sy(max(float(value), 0.0))
            body.append(f'<rect class="series-{number % 6}" x="{left:.1f}" y="{y:.1f}" '
                        f'width="{bar * 0.92:.1f}" height="{TOP + plot_h - y:.1f}">'
                        f'<title>{escape(text)}: {escape(label(float(value)))}</title></rect>')
    if len(series) > 1:
        body += _legend([name for name, _ in series])
    description = "; ".join(
        f"{name}: " + ", ".join(f"{c} {label(float(v))}" for c, v in zip(categories, points,
                                                                         strict=False)
                                if v is not None)
        for name, points in series)
    return _frame(title, description, body)
