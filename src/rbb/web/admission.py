"""Reads computed a few at a time: in a worker process, at most ``reads_at_once``
(``RBB_READS_AT_ONCE``) pages or API reads run their Python together; the others wait
for a turn in their thread, blocked without the interpreter lock.

A page is CPU-bound Python. Computed eight at once in one process, the threads took turns
on the interpreter lock at every read of the store (each SQLite step, each PostgreSQL
round trip releases it), and a page cost a third more processor time than computed alone
(decision 29, benches/RESULTS.md "One page at a time"). Two at once keep the processor
busy while one waits on the store. The turn is taken in the thread pool, around the
endpoint alone: the event loop keeps reading requests and sending answers meanwhile.

What may take long, or waits on something else than the processor, takes no turn and
keeps the whole thread pool (``RBB_THREADS``): downloads and exports (a report rendered
as PDF takes seconds), evidence files, ``async`` endpoints, and every route that is not
a GET (uploads, writes, logins).
"""

from __future__ import annotations

import functools
import inspect
import re
import threading
from collections.abc import Callable, Sequence
from typing import Any

from fastapi.routing import APIRoute

LONG_READS = re.compile(r".*(/download/|/downloads/|\.csv$|\.parquet$|/evidence/).*")
"""GET routes that may take long: they take no turn."""

_turns = threading.Semaphore(2)
_holding = threading.local()
"""Whether this thread holds a turn: an endpoint that calls another's function keeps
its own turn rather than waiting for a second (two such at once would wait forever)."""


def set_reads_at_once(at_once: int) -> None:
    """The number of turns of this process (``create_app`` sets it from the settings)."""
    global _turns
    _turns = threading.Semaphore(at_once)


def takes_turns(path: str, methods: Sequence[str] | set[str] | None,
                endpoint: Callable[..., Any]) -> bool:
    """Whether a route's endpoint computes in turns: a plain function answering GET
    whose path is not one of ``LONG_READS``."""
    return (set(methods or ()) <= {"GET", "HEAD"} and bool(methods)
            and not inspect.iscoroutinefunction(endpoint)
            and LONG_READS.fullmatch(path) is None)


def in_turns(endpoint: Callable[..., Any]) -> Callable[..., Any]:
    """``endpoint`` computed when a turn is free (FastAPI reads its signature through
    ``__wrapped__``)."""
    if getattr(endpoint, "in_turns", False):
        return endpoint

    @functools.wraps(endpoint)
    def computed_in_turn(*args: Any, **kwargs: Any) -> Any:
        if getattr(_holding, "turn", False):
            return endpoint(*args, **kwargs)
        turns = _turns
        with turns:
            _holding.turn = True
            try:
                return endpoint(*args, **kwargs)
            finally:
                _holding.turn = False

    computed_in_turn.in_turns = True  # type: ignore[attr-defined]
    return computed_in_turn


class ReadRoute(APIRoute):
    """The route class of every router of the web app: a read's endpoint takes turns."""

    def __init__(self, path: str, endpoint: Callable[..., Any], **options: Any) -> None:
        if takes_turns(path, options.get("methods"), endpoint):
            endpoint = in_turns(endpoint)
        super().__init__(path, endpoint, **options)
