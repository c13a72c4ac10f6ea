"""The pieces of prose a document prints, each with where it is printed: paragraphs,
indicators and their actual results, outputs and their remarks, the actions of the
General Assembly and the follow-up. The checks of figures quoted in the prose read
them all, so they are gathered once per document.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from rbb.model import Document, DocumentKind

from .comparison import Where
from .shared_readings import once_per_document

SECTION = "Results-based budgeting frameworks"

@dataclass(frozen=True, slots=True)
class Text:
    """One piece of prose and where it is printed. ``own`` is False for text quoted
    from another document (a performance report's planned outputs are the budget's)."""

    kind: str
    text: str
    where: Where
    own: bool = True
    completed: int | None = None
    """For a remark: the number in the "Completed" column beside it."""


def _texts(document: Document) -> Iterator[Text]:
    performance = document.kind is DocumentKind.PERFORMANCE
    base = Where.of(document)
    for paragraph in document.paragraphs:
        number = f"para. {paragraph.number}" if paragraph.number else "paragraph"
        if paragraph.letter:
            number += f" ({paragraph.letter})"
        yield Text("paragraph", paragraph.text,
                   base.at(section=paragraph.section, row=number,
                           source_line=paragraph.source_line))
    for component in document.components:
        table = f"component {component.key}"
        for ea in component.expected_accomplishments:
            for indicator in ea.indicators:
                where = base.at(section=SECTION, table=table,
                                row=f"indicator {indicator.number}",
                                source_line=indicator.source_line)
                yield Text("indicator", indicator.text, where, own=not performance)
                if indicator.actual:
                    yield Text("actual", indicator.actual, where.at(column="actual"))
            for index, output in enumerate(ea.outputs, start=1):
                where = base.at(section=SECTION, table=table,
                                row=f"output {ea.number}.{index}",
                                source_line=output.source_line)
                yield Text("output", output.text, where, own=not performance)
                completions = [(output.completed_quantity, output.remarks,
                                output.completed_source_line or output.source_line)]
                completions += [(c.completed_quantity, c.remarks, c.source_line)
                                for c in output.further_completions]
                for quantity, remarks, line in completions:
                    if remarks:
                        yield Text("remark", remarks,
                                   where.at(column="remarks", source_line=line),
                                   completed=None if quantity is None else int(quantity))
    printed = {p.source_line for p in document.paragraphs}
    for action in document.general_assembly_actions:
        if action.source_line in printed:
            continue  # the same sentence is a numbered paragraph too
        yield Text("action", action.text,
                   base.at(section="Actions to be taken by the General Assembly",
                           source_line=action.source_line))
    for follow in document.follow_up:
        yield Text("follow_up", follow.action,
                   base.at(section="Follow-up", table=follow.body,
                           row=follow.reference, source_line=follow.source_line))


@once_per_document
def prose_texts(document: Document) -> tuple[Text, ...]:
    """Every piece of prose of the document, in print order within each kind."""
    return tuple(_texts(document))
