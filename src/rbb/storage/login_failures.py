"""Failed logins, counted in the store.

Counters kept in one process's memory let a second process (or a restart) start
from nothing; in the store, every app instance serving it sees the same failures.
A key is ``user:NAME`` or ``client:ADDRESS``; rows older than the window are
pruned whenever a failure is recorded.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

from sqlalchemy import Engine, delete, insert, select

from . import schema

Clock = Callable[[], datetime]
MAX_KEY = 128


def _now() -> datetime:
    return datetime.now(UTC)


def _aware(moment: datetime) -> datetime:
    # SQLite hands back naive timestamps; everything rbb writes is UTC.
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


class LoginFailures:
    """At most ``limit`` failures per key within ``window_seconds``."""

    def __init__(self, engine: Engine, limit: int, window_seconds: float,
                 clock: Clock | None = None) -> None:
        self.engine = engine
        self.limit = limit
        self.window = timedelta(seconds=window_seconds)
        self.clock = clock or _now

    def retry_after(self, *keys: str) -> int | None:
        """Seconds until one more attempt is allowed for every key, or None: allowed now."""
        now = self.clock()
        f = schema.login_failures
        waits: list[int] = []
        with self.engine.connect() as connection:
            for key in keys:
                times = connection.execute(
                    select(f.c.failed_at).where(f.c.key == key[:MAX_KEY],
                                                f.c.failed_at > now - self.window)
                    .order_by(f.c.failed_at.desc()).limit(self.limit)).scalars().all()
                if len(times) >= self.limit:
                    # Allowed again when the oldest of the last ``limit`` leaves the window.
                    free_at = _aware(times[-1]) + self.window
                    waits.append(max(1, math.ceil((free_at - now).total_seconds())))
        return max(waits) if waits else None

    def fail(self, *keys: str) -> None:
        now = self.clock()
        f = schema.login_failures
        with self.engine.begin() as connection:
            connection.execute(delete(f).where(f.c.failed_at <= now - self.window))
            connection.execute(insert(f), [{"key": key[:MAX_KEY], "failed_at": now}
                                           for key in keys])

    def clear(self, key: str) -> None:
        f = schema.login_failures
        with self.engine.begin() as connection:
            connection.execute(delete(f).where(f.c.key == key[:MAX_KEY]))
