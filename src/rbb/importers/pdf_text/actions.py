"""Section V, "Actions to be taken by the General Assembly": a numbered
paragraph whose lettered items are the actions (``(a) To decide on the
treatment of the unencumbered balance of $685,900 ...``). Dollar amounts are
printed in dollars; the model holds thousands (``$685,900`` → ``685.9``).
"""

from __future__ import annotations

import re
from decimal import Decimal

from rbb.model.tables import GeneralAssemblyAction

from ..reading import Parts, Reading
from .layout import Joined
from .prose import Block, paragraphs, split_blocks
from .sections import Section

_DOLLARS = re.compile(
    r"\$\s?(?P<num>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)(?=[.,;:)]*(?:\s|$))"
    r"(?P<scale>\s+(?:million|billion))?")
_DOLLAR_SIGN = re.compile(r"\$\s?\S+")
_THOUSANDS = {"million": Decimal(1000), "billion": Decimal(1000000)}


def read_actions(section: Section, reading: Reading, parts: Parts) -> None:
    blocks = split_blocks(section.body, reading)
    parts.rows(lambda d: d.paragraphs).extend(paragraphs(blocks, section.code))
    items = [block for block in blocks if block.letter is not None]
    if not items:
        items = [block for block in blocks if _DOLLARS.search(block.joined().text)]
    actions = parts.rows(lambda d: d.general_assembly_actions)
    for block in items:
        actions.append(_action(block, section.code, reading))
    if not items and section.body:
        reading.warning("no-actions", "section 'Actions to be taken by the General Assembly' "
                        "names no action: expected items (a), (b) ...", section.body[0],
                        section.code)


def _action(block: Block, section: str, reading: Reading) -> GeneralAssemblyAction:
    joined = block.joined()
    amounts, lines = dollar_amounts(joined)
    by_number = {line.number: line for line in block.lines}
    read = {match.start() for match in _DOLLARS.finditer(joined.text)}
    for sign in _DOLLAR_SIGN.finditer(joined.text):
        if sign.start() not in read:
            reading.error("corrupt-number", f"action of the General Assembly: expected an amount "
                          f"such as $685,900, found '{sign.group(0)}'",
                          by_number.get(joined.line_at(sign.start())), section)
    prefix = f"({block.letter}) " if block.letter else ""
    return GeneralAssemblyAction(text=prefix + joined.text, amounts=tuple(amounts),
                                 amount_source_lines=tuple(lines), source_line=block.line.number)


def dollar_amounts(text: Joined) -> tuple[list[Decimal], list[int]]:
    """``$59,800`` → 59.8 and ``$1.2 million`` → 1200, in thousands of dollars."""
    amounts: list[Decimal] = []
    lines: list[int] = []
    for match in _DOLLARS.finditer(text.text):
        dollars = Decimal(match["num"].replace(",", ""))
        if match["scale"]:
            value = dollars * _THOUSANDS[match["scale"].split()[0]]
        else:
            value = dollars / 1000
            if value == value.to_integral():
                value = value.quantize(Decimal(1))
        amounts.append(value)
        lines.append(text.line_at(match.start("num")))
    return amounts, lines
