"""A bounded store of values by key, the least recently used dropped first, shared by
the threads of a process: what the web app keeps of document versions
(``web.library``) and the proposal service of revisions (``proposal_service``)."""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Generic, TypeVar

K = TypeVar("K", bound=Hashable)
V = TypeVar("V")


class Kept(Generic[K, V]):
    """The ``size`` values used last, by key. A value is never None (None says "not
    kept")."""

    def __init__(self, size: int) -> None:
        self.size = size
        self._values: OrderedDict[K, V] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: K) -> V | None:
        with self._lock:
            value = self._values.get(key)
            if value is not None:
                self._values.move_to_end(key)
            return value

    def put(self, key: K, value: V) -> None:
        with self._lock:
            self._values[key] = value
            self._values.move_to_end(key)
            while len(self._values) > self.size:
                self._values.popitem(last=False)

    def get_or_build(self, key: K, build: Callable[[], V]) -> V:
        """The value kept for ``key``, else ``build()`` kept. Built outside the lock:
        two threads may both build it, and the last one is kept."""
        value = self.get(key)
        if value is None:
            value = build()
            self.put(key, value)
        return value

    def __len__(self) -> int:
        return len(self._values)
