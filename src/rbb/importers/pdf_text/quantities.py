"""The numbers a planned output states, each with the line it is printed on.

What counts as a quantity (and what only identifies: years, period labels,
ISO and document numbers, grades, dates) is one rule for every text shape,
``rbb.importers.quantities``. A PDF output wraps over several lines, so each
quantity found in the joined text is given back the line its number sits on.
"""

from __future__ import annotations

from rbb.model.frameworks import OutputQuantity

from ..quantities import output_quantities
from .layout import Joined


def quantities(text: Joined) -> list[OutputQuantity]:
    found: list[OutputQuantity] = []
    cursor = 0
    for quantity in output_quantities(text.text, None):
        at = text.text.find(quantity.text, cursor)
        if at < 0:
            at = cursor
        else:
            cursor = at + 1
        found.append(quantity.model_copy(update={"source_line": text.line_at(at)}))
    return found
