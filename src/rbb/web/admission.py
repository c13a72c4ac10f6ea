"""Reads computed a few at a time: in a worker process, at most ``reads_at_once``
(``RBB_READS_AT_ONCE``) pages or API reads run their endpoint together; the others wait
for a turn on the event loop, holding no thread.

A page is CPU-bound Python. Computed eight at once in one process, the threads took turns
on the interpreter lock at every read of the store (each SQLite step, each PostgreSQL
round trip releases it), and a page cost a third more processor time than computed alone
(decision 29, benches/RESULTS.md "One page at a time"). Two at once keep the processor
busy while one waits on the store. The turn is taken around the endpoint alone: the
event loop keeps reading requests, routing them and sending answers meanwhile, and the
endpoint still runs in the thread pool, never on the loop.

What may take long, or waits on something else than the processor, takes no turn and
keeps the whole thread pool (``RBB_THREADS``): downloads and exports (a proposal's
report and workbook among them) (a report rendered
as PDF takes seconds), evidence files, ``async`` endpoints, and every route that is not
a GET (uploads, writes, logins).
"""

from __future__ import annotations

import asyncio
import functools
import inspect
import re
import weakref
from collections.abc import Callable, Sequence
from typing import Any

from fastapi.routing import APIRoute
from starlette.concurrency import run_in_threadpool

LONG_READS = re.compile(r".*(/download/|/downloads/|\.csv$|\.parquet$|/evidence/"
                        r"|/report\.\{format\}$|/workbook\.xlsx$|/workbook$).*")
"""GET routes that may take long: they take no turn (a proposal's report and workbook
are downloads too)."""

_at_once = 2
_turns: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, asyncio.Semaphore] = \
    weakref.WeakKeyDictionary()
"""The turns of each event loop (one per worker process; tests run several)."""


def set_reads_at_once(at_once: int) -> None:
    """The number of turns of this process (``create_app`` sets it from the settings)."""
    global _at_once
    _at_once = at_once
    _turns.clear()


def _loop_turns() -> asyncio.Semaphore:
    loop = asyncio.get_running_loop()
    turns = _turns.get(loop)
    if turns is None:
        turns = _turns.setdefault(loop, asyncio.Semaphore(_at_once))
    return turns


def takes_turns(path: str, methods: Sequence[str] | set[str] | None,
                endpoint: Callable[..., Any]) -> bool:
    """Whether a route's endpoint computes in turns: a plain function answering GET
    whose path is not one of ``LONG_READS``."""
    return (set(methods or ()) <= {"GET", "HEAD"} and bool(methods)
            and not inspect.iscoroutinefunction(endpoint)
            and LONG_READS.fullmatch(path) is None)


def in_turns(endpoint: Callable[..., Any]) -> Callable[..., Any]:
    """``endpoint`` (a plain function) run in the thread pool when a turn is free: an
    ``async`` function FastAPI awaits, reading its parameters through ``__wrapped__``.
    The route alone has it; the module's function stays as it was."""
    if getattr(endpoint, "in_turns", False):
        return endpoint

    @functools.wraps(endpoint)
    async def computed_in_turn(*args: Any, **kwargs: Any) -> Any:
        async with _loop_turns():
            return await run_in_threadpool(endpoint, *args, **kwargs)

    computed_in_turn.in_turns = True  # type: ignore[attr-defined]
    return computed_in_turn


class ReadRoute(APIRoute):
    """The route class of every router of the web app: a read's endpoint takes turns."""

    def __init__(self, path: str, endpoint: Callable[..., Any], **options: Any) -> None:
        if takes_turns(path, options.get("methods"), endpoint):
            endpoint = in_turns(endpoint)
        super().__init__(path, endpoint, **options)
