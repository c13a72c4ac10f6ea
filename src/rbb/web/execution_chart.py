"""The execution dashboard's chart: cumulative expenditure by month against the
apportionment, then the projection to 30 June inside its band (server-side SVG like
``charts``: no script, no inline style, no font of its own; the table beside it gives
every figure)."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from html import escape

from markupsafe import Markup

from rbb.model.base import Exact

from .charts import BOTTOM, HEIGHT, LEFT, RIGHT, TOP, WIDTH, amount_tick
from .charts import _axes as axes
from .charts import _frame as frame
from .charts import _legend as legend
from .charts import _ticks as ticks_up_to

THOUSAND = Decimal(1000)


def band_chart(title: str, months: Sequence[str], cumulative: Sequence[Exact | None],
               projected: Sequence[Exact], low: Sequence[Exact], high: Sequence[Exact],
               apportionment: Exact) -> Markup | None:
    """Dollars in, thousands on the axis. ``cumulative`` is None after the as-of date;
    the projection and its band start from the last actual month."""
    if not months:
        return None
    values = [float(v / THOUSAND) for v in (*[c for c in cumulative if c is not None],
                                            *high, apportionment)]
    ticks = ticks_up_to(max(max(values), 0.0))
    top = ticks[-1] or 1.0
    plot_h = HEIGHT - TOP - BOTTOM
    step = (WIDTH - LEFT - RIGHT) / len(months)

    def sx(index: int) -> float:
        return LEFT + step * (index + 0.5)

    def sy(value: Decimal) -> float:
        return TOP + plot_h * (1 - float(value / THOUSAND) / top)

    body = axes(ticks, lambda v: TOP + plot_h * (1 - v / top), amount_tick)
    for index, text in enumerate(months):
        body.append(f'<text class="tick" x="{sx(index):.1f}" y="{HEIGHT - BOTTOM + 18}" '
                    f'text-anchor="middle">{escape(text)}</text>')
    actual = [(i, v) for i, v in enumerate(cumulative) if v is not None]
    start = actual[-1] if actual else None
    later = [i for i, v in enumerate(cumulative) if v is None]
    if later:
        upper = [(i, high[i]) for i in later]
        lower = [(i, low[i]) for i in reversed(later)]
        if start is not None:
            upper.insert(0, start)
            lower.append(start)
        outline = " ".join(f"{sx(i):.1f},{sy(v):.1f}" for i, v in upper + lower)
        body.append(f'<polygon class="series-1 band" fill-opacity="0.2" stroke="none" '
                    f'points="{outline}"/>')
        path = ([start] if start is not None else []) + [(i, projected[i]) for i in later]
        if len(path) > 1:
            body.append('<polyline class="series-1 line" stroke-dasharray="6 4" points="'
                        + " ".join(f"{sx(i):.1f},{sy(v):.1f}" for i, v in path) + '"/>')
    y = sy(apportionment)
    body.append(f'<line class="series-2 line" x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{y:.1f}" '
                f'y2="{y:.1f}"/>')
    if len(actual) > 1:
        body.append('<polyline class="series-0 line" points="'
                    + " ".join(f"{sx(i):.1f},{sy(v):.1f}" for i, v in actual) + '"/>')
    for i, v in actual:
        body.append(f'<circle class="series-0" cx="{sx(i):.1f}" cy="{sy(v):.1f}" r="3">'
                    f'<title>{escape(months[i])}: {escape(amount_tick(float(v / THOUSAND)))}'
                    '</title></circle>')
    body += legend(["Cumulative expenditure", "Projection and range", "Apportionment"])
    description = (
        "Cumulative expenditure: " + ", ".join(
            f"{months[i]} {amount_tick(float(v / THOUSAND))}" for i, v in actual)
        + f"; projected at 30 June {amount_tick(float(projected[-1] / THOUSAND))} "
        f"({amount_tick(float(low[-1] / THOUSAND))} to "
        f"{amount_tick(float(high[-1] / THOUSAND))}); apportionment "
        f"{amount_tick(float(apportionment / THOUSAND))} (thousands of dollars)")
    return frame(title, description, body)
