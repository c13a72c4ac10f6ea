"""Progress of a long import, section by section, for whoever is watching.

A context variable rather than a parameter so that both parsers can report
without every reader passing a callback along; nothing is reported when no
one listens.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar

SectionCallback = Callable[[str], None]

_listener: ContextVar[SectionCallback | None] = ContextVar("rbb_import_progress", default=None)


def section_started(label: str) -> None:
    """Parsers call this as they start reading a section (``II.A``, ``Summary``)."""
    listener = _listener.get()
    if listener is not None:
        listener(label)


@contextmanager
def watching_sections(callback: SectionCallback) -> Iterator[None]:
    token = _listener.set(callback)
    try:
        yield
    finally:
        _listener.reset(token)
