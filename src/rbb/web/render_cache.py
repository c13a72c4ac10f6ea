"""Rendered downloads: one render per key at a time, the results kept in a bounded cache.

A report's PDF takes seconds and tens of megabytes to render. Without this, twelve
visitors asking for the same PDF at once ran twelve renders side by side (40 s,
1 GB). Now the first request renders and the others wait for its result (*single
flight*); finished files are kept, bounded by their total size and their number,
and the least recently used go first. At most ``max_renders`` renders of
different keys run at once. The key names what a file is rendered from (document,
stored version, format), so a new version is rendered afresh.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from dataclasses import dataclass, field


@dataclass
class _Flight:
    """A render under way; the requests that wait for it read its outcome."""

    done: threading.Event = field(default_factory=threading.Event)
    body: bytes | None = None
    error: BaseException | None = None
    waiting: int = 0

    def wait(self) -> bytes:
        self.done.wait()
        if self.error is not None:
            raise self.error
        assert self.body is not None
        return self.body


class RenderCache:
    """Files by key: rendered once, kept while they fit (``max_bytes``, ``max_entries``)."""

    def __init__(self, max_bytes: int, max_entries: int, max_renders: int = 2) -> None:
        self.max_bytes = max_bytes
        self.max_entries = max_entries
        self._files: OrderedDict[Hashable, bytes] = OrderedDict()
        self._size = 0
        self._flights: dict[Hashable, _Flight] = {}
        self._lock = threading.Lock()
        self._slots = threading.BoundedSemaphore(max_renders)

    @property
    def size(self) -> int:
        """Bytes kept."""
        return self._size

    def __len__(self) -> int:
        return len(self._files)

    def waiting(self) -> int:
        """Requests waiting for a render another request is running (for monitoring)."""
        with self._lock:
            return sum(flight.waiting for flight in self._flights.values())

    def get(self, key: Hashable, render: Callable[[], bytes]) -> bytes:
        """The file for ``key``: kept, being rendered by another request, or rendered now."""
        with self._lock:
            kept = self._files.get(key)
            if kept is not None:
                self._files.move_to_end(key)
                return kept
            flight = self._flights.get(key)
            leader = flight is None
            if flight is None:
                flight = self._flights[key] = _Flight()
            else:
                flight.waiting += 1
        if not leader:
            return flight.wait()
        try:
            with self._slots:
                body = render()
        except BaseException as error:
            with self._lock:
                del self._flights[key]
            flight.error = error
            flight.done.set()
            raise
        with self._lock:
            self._keep(key, body)
            del self._flights[key]
        flight.body = body
        flight.done.set()
        return body

    def _keep(self, key: Hashable, body: bytes) -> None:
        if len(body) > self.max_bytes:
            return  # served, never kept: it alone would break the bound
        self._files[key] = body
        self._size += len(body)
        while self._size > self.max_bytes or len(self._files) > self.max_entries:
            _, evicted = self._files.popitem(last=False)
            self._size -= len(evicted)

    def clear(self) -> None:
        with self._lock:
            self._files.clear()
            self._size = 0
