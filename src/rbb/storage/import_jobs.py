"""Background import jobs kept in the store (migration 0008).

A job is started by one process of ``rbb serve --workers N`` and polled through any
of them, so its state lives here, not in the memory of the process running it. That
process writes each step and, while the job waits or runs, a heartbeat
(``updated_at``); a job whose heartbeat has stopped (its process died) is failed
the next time anyone looks. Finished jobs are kept ``keep`` after they end, then
pruned when the next job is added.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict, dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import Connection, Engine, delete, func, insert, select, text, update

from . import schema

Clock = Callable[[], datetime]
QUEUED, RUNNING, DONE, FAILED = "queued", "running", "done", "failed"
ACTIVE = (QUEUED, RUNNING)
MAX_LABEL, MAX_STEP, MAX_ID = 255, 200, 64
STOPPED = ("the server process running this job stopped before it ended (a restart or a "
           "crash); start the import again")


def _now() -> datetime:
    return datetime.now(UTC)


def _aware(moment: datetime | None) -> datetime | None:
    # SQLite hands back naive timestamps; everything rbb writes is UTC.
    if moment is None or moment.tzinfo:
        return moment
    return moment.replace(tzinfo=UTC)


@dataclass(frozen=True, slots=True)
class JobRow:
    """One job as stored: ``result`` is the outcome's JSON, ``error`` why the job failed."""

    id: str
    owner: str
    kind: str
    label: str
    state: str
    step: str | None
    steps: int
    result: str | None
    error: str | None
    worker: str
    created_at: datetime
    updated_at: datetime
    finished_at: datetime | None


class JobLimitError(Exception):
    """As many jobs as allowed are queued, running or kept."""


class ImportJobTable:
    """The ``import_jobs`` table: every write is one short transaction."""

    def __init__(self, engine: Engine, *, keep_seconds: float = 600,
                 stale_seconds: float = 120, clock: Clock | None = None) -> None:
        self.engine = engine
        self.keep = timedelta(seconds=keep_seconds)
        self.stale = timedelta(seconds=stale_seconds)
        self.clock = clock or _now

    def add(self, job_id: str, owner: str, kind: str, label: str, worker: str,
            max_jobs: int) -> JobRow:
        """Record a queued job, unless ``max_jobs`` are already queued, running or kept
        by any process (the count and the insert are one serialised transaction)."""
        now = self.clock()
        j = schema.import_jobs
        with self.engine.begin() as connection:
            self._lock(connection)
            self._expire(connection, now)
            count = connection.execute(select(func.count()).select_from(j)).scalar_one()
            if count >= max_jobs:
                raise JobLimitError(max_jobs)
            job = JobRow(id=job_id[:MAX_ID], owner=owner, kind=kind, label=label[:MAX_LABEL],
                         state=QUEUED, step=None, steps=0, result=None, error=None,
                         worker=worker, created_at=now, updated_at=now, finished_at=None)
            connection.execute(insert(j).values(**asdict(job)))
        return job

    def get(self, job_id: str) -> JobRow | None:
        """The job, None once expired. A poll only reads (a reader never waits for
        SQLite's writer), unless the job is found stale: then it is failed first."""
        now = self.clock()
        row = self._read(job_id)
        if row is not None and row.state in ACTIVE and row.updated_at < now - self.stale:
            with self.engine.begin() as connection:
                self._lock(connection)
                self._expire(connection, now)
            row = self._read(job_id)
        if row is None or (row.finished_at is not None and row.finished_at < now - self.keep):
            return None
        return row

    def _read(self, job_id: str) -> JobRow | None:
        j = schema.import_jobs
        with self.engine.connect() as connection:
            found = connection.execute(select(j).where(j.c.id == job_id[:MAX_ID])).first()
        return None if found is None else _row(found._mapping)

    def start(self, job_id: str) -> None:
        self._active_update(job_id, state=RUNNING)

    def advance(self, job_id: str, step: str) -> None:
        j = schema.import_jobs
        self._active_update(job_id, step=step[:MAX_STEP], steps=j.c.steps + 1)

    def finish(self, job_id: str, *, result: str | None = None,
               error: str | None = None) -> None:
        """Done with its result, or failed with ``error``; a job already failed as stale
        stays failed (its owner was told so)."""
        self._active_update(job_id, state=FAILED if error is not None else DONE,
                            result=result, error=error, finished_at=self.clock())

    def heartbeat(self, worker: str) -> None:
        """The jobs of ``worker`` that wait or run are alive."""
        j = schema.import_jobs
        with self.engine.begin() as connection:
            connection.execute(update(j).where(j.c.worker == worker, j.c.state.in_(ACTIVE))
                               .values(updated_at=self.clock()))

    def _active_update(self, job_id: str, **values: Any) -> None:
        j = schema.import_jobs
        with self.engine.begin() as connection:
            connection.execute(update(j).where(j.c.id == job_id, j.c.state.in_(ACTIVE))
                               .values(updated_at=self.clock(), **values))

    def _expire(self, connection: Connection, now: datetime) -> None:
        j = schema.import_jobs
        connection.execute(update(j).where(j.c.state.in_(ACTIVE),
                                           j.c.updated_at < now - self.stale)
                           .values(state=FAILED, error=STOPPED, finished_at=now,
                                   updated_at=now))
        connection.execute(delete(j).where(j.c.finished_at < now - self.keep))

    @staticmethod
    def _lock(connection: Connection) -> None:
        """Serialise counting and adding, and failing the stale, across processes:
        PostgreSQL locks the table against other writers; SQLite's first write (the
        prune) takes its one write lock."""
        if connection.dialect.name == "postgresql":
            connection.execute(text("LOCK TABLE import_jobs IN SHARE ROW EXCLUSIVE MODE"))


def _row(values: Any) -> JobRow:
    return JobRow(
        id=values["id"], owner=values["owner"], kind=values["kind"], label=values["label"],
        state=values["state"], step=values["step"], steps=int(values["steps"]),
        result=values["result"], error=values["error"], worker=values["worker"],
        created_at=_aware(values["created_at"]) or values["created_at"],
        updated_at=_aware(values["updated_at"]) or values["updated_at"],
        finished_at=_aware(values["finished_at"]))
