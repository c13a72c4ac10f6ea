"""Section V, "Actions to be taken by the General Assembly": a numbered
paragraph whose lettered items are the actions (``(a) To decide on the
treatment of the unencumbered balance of $685,900 ...``). Dollar amounts are
printed in dollars; the model holds thousands (``$685,900`` → ``685.9``,
``rbb.importers.cells.dollar_amounts``).
"""

from __future__ import annotations

from rbb.model.tables import GeneralAssemblyAction

from ..cells import dollar_amounts
from ..reading import Parts, Reading
from .outline import Section
from .paragraphs import Block, paragraphs, split_blocks


def read_actions(section: Section, reading: Reading, parts: Parts) -> None:
    blocks = split_blocks(section.body, reading)
    parts.rows(lambda d: d.paragraphs).extend(paragraphs(blocks, section.code))
    items = [block for block in blocks if block.letter is not None]
    if not items:
        items = [block for block in blocks if dollar_amounts(block.joined().text)[0]]
    actions = parts.rows(lambda d: d.general_assembly_actions)
    for block in items:
        actions.append(_action(block, section.code, reading))
    if not items and section.body:
        reading.warning("no-actions", "section 'Actions to be taken by the General Assembly' "
                        "names no action: expected items (a), (b) ...", section.body[0],
                        section.code)


def _action(block: Block, section: str, reading: Reading) -> GeneralAssemblyAction:
    joined = block.joined()
    amounts, unread = dollar_amounts(joined.text)
    by_number = {line.number: line for line in block.lines}
    for printed, at in unread:
        reading.error("bad-number", f"action of the General Assembly: expected an amount such "
                      f"as $685,900, found '{printed}'", by_number.get(joined.line_at(at)),
                      section)
    prefix = f"({block.letter}) " if block.letter else ""
    return GeneralAssemblyAction(
        text=prefix + joined.text, amounts=tuple(amount for amount, _ in amounts),
        amount_source_lines=tuple(joined.line_at(at) for _, at in amounts),
        source_line=block.line.number)
