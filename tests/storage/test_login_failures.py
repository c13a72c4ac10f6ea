"""Failed logins counted in the store: shared by every process, pruned after the window."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import Engine, func, select

from rbb.storage import schema as tables
from rbb.storage.login_failures import LoginFailures

START = datetime(2026, 1, 5, 9, 0, tzinfo=UTC)


class Clock:
    def __init__(self) -> None:
        self.now = START

    def __call__(self) -> datetime:
        return self.now


def rows(engine: Engine) -> int:
    with engine.connect() as connection:
        return int(connection.execute(
            select(func.count()).select_from(tables.login_failures)).scalar_one())


def test_two_limiters_on_one_store_share_the_count(engine: Engine) -> None:
    clock = Clock()
    first, second = (LoginFailures(engine, 3, 900, clock) for _ in range(2))
    first.fail("user:ana")
    second.fail("user:ana")
    assert first.retry_after("user:ana") is None
    first.fail("user:ana")
    assert second.retry_after("user:ana") == 900
    assert second.retry_after("user:bob") is None
    clock.now += timedelta(seconds=600)
    assert first.retry_after("client:10.0.0.1", "user:ana") == 300


def test_failures_leave_the_window_and_are_pruned(engine: Engine) -> None:
    clock = Clock()
    limiter = LoginFailures(engine, 2, 60, clock)
    limiter.fail("user:ana", "client:10.0.0.1")
    limiter.fail("user:ana", "client:10.0.0.1")
    assert limiter.retry_after("user:ana") == 60
    clock.now += timedelta(seconds=61)
    assert limiter.retry_after("user:ana") is None
    limiter.fail("user:bob")
    assert rows(engine) == 1  # the four old rows went


def test_clear_forgets_one_key(engine: Engine) -> None:
    limiter = LoginFailures(engine, 1, 60, Clock())
    limiter.fail("user:ana", "client:10.0.0.1")
    limiter.clear("user:ana")
    assert limiter.retry_after("user:ana") is None
    assert limiter.retry_after("client:10.0.0.1") == 60
