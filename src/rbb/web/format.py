"""Template filters. Temporary home of number formatting for the web until the
engine's presentation module (the one place for the UN way) replaces it."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal


def thousands(value: Decimal | None) -> str:
    """``36682.0`` → ``36 682.0``; negatives in parentheses; nil as a dash."""
    if value is None:
        return "n/a"
    if value == 0:
        return "—"
    rounded = abs(value).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    text = f"{rounded:,.1f}".replace(",", "\u2009")
    return f"({text})" if value < 0 else text
