"""Reads admitted a few at a time: a worker process computes at most ``reads_at_once``
pages or API reads together; the others wait their turn on the event loop, in order of
arrival, holding no thread.

A page is CPU-bound Python. Computed eight at once in one process, the threads take turns
on the interpreter lock at every read of the store (each SQLite step, each PostgreSQL
round trip releases it), and a page cost a third more processor time than computed alone
(benches/RESULTS.md, "One page at a time"). Two at once keep the processor busy while one
waits on the store. What may take long, or waits on something else than the processor,
is not a read in this sense and keeps the whole thread pool: downloads and exports (a
report rendered as PDF takes seconds), evidence files, and every request that is not a
GET (uploads, writes, logins).
"""

from __future__ import annotations

import asyncio
import re

from starlette.types import ASGIApp, Receive, Scope, Send

LONG_READS = re.compile(
    r".*(/download/[^/]+|/downloads/[^/]+|\.csv|\.parquet|/evidence/[^/]+)|/static/.*")
"""GETs that may take long: they do not wait for (nor hold) a read's turn."""


class ReadAdmission:
    """ASGI middleware: at most ``at_once`` reads inside the app at a time."""

    def __init__(self, app: ASGIApp, at_once: int) -> None:
        self.app = app
        self.at_once = at_once
        self._turns: asyncio.Semaphore | None = None

    def _admits(self, scope: Scope) -> bool:
        return (scope["type"] == "http" and scope["method"] in ("GET", "HEAD")
                and LONG_READS.fullmatch(scope["path"]) is None)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if not self._admits(scope):
            await self.app(scope, receive, send)
            return
        if self._turns is None:  # made on the loop that serves (one per worker process)
            self._turns = asyncio.Semaphore(self.at_once)
        async with self._turns:
            await self.app(scope, receive, send)
