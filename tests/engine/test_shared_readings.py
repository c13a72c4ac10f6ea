"""A reading several checks share is made once per document, and never handed to
another document, even an equal one."""

from __future__ import annotations

from rbb.engine.checks.shared_readings import once_per_document
from rbb.model import Document

from .builders import document


def test_a_reading_is_made_once_for_each_document() -> None:
    made: list[Document] = []

    @once_per_document
    def title(doc: Document) -> str:
        made.append(doc)
        return doc.title

    first, equal = document(), document()
    assert first == equal and first is not equal
    assert [title(first), title(first), title(equal), title(first)] == [first.title] * 4
    assert [d is first for d in made] == [True, False]
