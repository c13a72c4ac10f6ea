"""The import jobs table: a heartbeat keeps the jobs of a live process from being
failed as stale, and only that process's active jobs; finished jobs are pruned."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import Engine, select

from rbb.storage import schema
from rbb.storage.import_jobs import FAILED, QUEUED, RUNNING, STOPPED, ImportJobTable


def test_a_heartbeat_keeps_the_jobs_of_its_process_alive(engine: Engine) -> None:
    now = [datetime(2026, 1, 1, tzinfo=UTC)]
    table = ImportJobTable(engine, keep_seconds=10, stale_seconds=60, clock=lambda: now[0])
    table.add("alive", "ana", "test", "a.txt", "host:1:aa", max_jobs=5)
    table.add("queued", "ana", "test", "b.txt", "host:1:aa", max_jobs=5)
    table.add("dead", "ana", "test", "c.txt", "host:2:bb", max_jobs=5)
    table.start("alive")
    table.start("dead")
    now[0] += timedelta(seconds=50)
    table.heartbeat("host:1:aa")
    now[0] += timedelta(seconds=50)  # 100 s after the start, 50 s after the beat
    alive, queued, dead = (table.get(name) for name in ("alive", "queued", "dead"))
    assert alive is not None and alive.state == RUNNING
    assert queued is not None and queued.state == QUEUED
    assert dead is not None and (dead.state, dead.error) == (FAILED, STOPPED)
    now[0] += timedelta(seconds=11)  # the failed job is kept 10 s, then gone
    assert table.get("dead") is None
    table.add("next", "ana", "test", "d.txt", "host:1:aa", max_jobs=5)  # prunes
    with engine.connect() as connection:
        kept = set(connection.execute(select(schema.import_jobs.c.id)).scalars())
    assert kept == {"alive", "queued", "next"}
