"""Long work (reading and checking an upload) run in the background, with its progress
visible to whoever started it, through any process serving the store.

An interface hands a function that reports its steps (``Step``) and returns the
outcome as JSON, and gets a job id back at once. The work runs in a small pool of
threads of the process that accepted it (the reading itself runs in the bounded
worker process of :mod:`rbb.services.isolated_reading`); its state, steps and
outcome are kept in the store (``import_jobs``, migration 0008), so that the
owner's polls find it whichever process of ``rbb serve --workers N`` answers them.
The queue is bounded across processes: at most ``max_jobs`` jobs are queued,
running or kept (finished ones expire after ``keep_seconds``). A process that
dies mid-job stops its heartbeat; after ``stale_seconds`` the job is failed.
"""

from __future__ import annotations

import os
import secrets
import socket
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from sqlalchemy import Engine

from rbb.model.errors import BusyError, InputError, NotFoundError
from rbb.storage.import_jobs import Clock, ImportJobTable, JobLimitError, JobRow

Step = Callable[[str], None]
"""Told what the work is doing now (``reading II. Financial resources``)."""
Work = Callable[[Step], str]
"""The work itself: given its ``Step``, returns its outcome as JSON text."""


class JobState(StrEnum):
    QUEUED = "queued"
    RUNNING = "running"
    DONE = "done"
    FAILED = "failed"


@dataclass(frozen=True, slots=True)
class Job:
    """What an owner sees of a job: its state, the step it is at, how many steps it
    has taken, and once done its outcome as JSON (or the one-line reason it failed)."""

    id: str
    owner: str
    kind: str
    label: str
    state: JobState
    step: str | None
    steps: int
    result: str | None
    error: str | None
    finished_at: datetime | None


class TooManyJobsError(BusyError):
    """The queue is full: the client should wait for its jobs, then try again."""


def _job(row: JobRow) -> Job:
    return Job(row.id, row.owner, row.kind, row.label, JobState(row.state), row.step,
               row.steps, row.result, row.error, row.finished_at)


def worker_name() -> str:
    """This process among those serving the store: host, pid and a random boot id (a
    pid is reused after a restart)."""
    return f"{socket.gethostname()[:60]}:{os.getpid()}:{secrets.token_hex(4)}"


class WorkQueue:
    """Background jobs run in this process's threads, kept in the store, each visible
    only to its owner."""

    def __init__(self, engine: Engine, *, workers: int = 2, max_jobs: int = 32,
                 keep_seconds: float = 600, stale_seconds: float = 120,
                 heartbeat_seconds: float = 15, clock: Clock | None = None) -> None:
        self._table = ImportJobTable(engine, keep_seconds=keep_seconds,
                                     stale_seconds=stale_seconds, clock=clock)
        self._pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="rbb-job")
        self.max_jobs, self.heartbeat_seconds = max_jobs, heartbeat_seconds
        self.worker = worker_name()
        self._stopping = threading.Event()
        self._beating: threading.Thread | None = None
        self._lock = threading.Lock()

    def submit(self, owner: str, kind: str, label: str, work: Work) -> Job:
        """Queue ``work``; it is called with a function that records each step."""
        try:
            row = self._table.add(secrets.token_urlsafe(16), owner, kind, label, self.worker,
                                  self.max_jobs)
        except JobLimitError:
            raise TooManyJobsError(f"{self.max_jobs} jobs are queued or kept; wait for one "
                                   "to finish, then try again") from None
        self._start_heartbeat()
        self._pool.submit(self._run, row.id, work)
        return _job(row)

    def job(self, job_id: str, owner: str, kind: str) -> Job:
        """The job, for its owner only: another user's job (or a job of another kind) is
        as unknown as none."""
        row = self._table.get(job_id)
        if row is None or row.owner != owner or row.kind != kind:
            raise NotFoundError("no such job (jobs are kept for a while after they finish, "
                                "for the user who started them)")
        return _job(row)

    def shutdown(self) -> None:
        self._stopping.set()
        self._pool.shutdown(wait=True, cancel_futures=True)

    def _run(self, job_id: str, work: Work) -> None:
        self._table.start(job_id)
        try:
            result = work(lambda what: self._table.advance(job_id, what))
        except InputError as error:
            self._table.finish(job_id, error=str(error))
        except Exception as error:  # the job must end visibly, whatever the work raised
            self._table.finish(job_id, error=f"the job failed ({type(error).__name__})")
        else:
            self._table.finish(job_id, result=result)

    def _start_heartbeat(self) -> None:
        """One daemon thread per process keeps its waiting and running jobs alive."""
        with self._lock:
            if self._beating is None:
                self._beating = threading.Thread(target=self._beat, name="rbb-job-heartbeat",
                                                 daemon=True)
                self._beating.start()

    def _beat(self) -> None:
        while not self._stopping.wait(self.heartbeat_seconds):
            try:
                self._table.heartbeat(self.worker)
            except Exception:  # a store briefly unreachable: the next beat tries again
                continue
