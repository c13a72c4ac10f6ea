"""Long work (reading and checking an upload) run in the background, with its progress
visible to whoever started it.

An interface hands a function that reports its steps (``Progress``) and gets a job
id back at once; the job runs in a small pool of threads (the reading itself runs in
the bounded worker process of :mod:`rbb.services.isolated_reading`), and the owner
asks for its state until it is done. The queue is bounded: at most ``max_jobs``
jobs are kept (finished ones expire after ``keep_seconds``), so a client cannot
fill the server's memory with jobs.
"""

from __future__ import annotations

import secrets
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, replace
from enum import StrEnum
from typing import Generic, TypeVar

from rbb.model.errors import BusyError, InputError, NotFoundError

T = TypeVar("T")
Step = Callable[[str], None]
"""Told what the work is doing now (``reading II. Financial resources``)."""


class JobState(StrEnum):
    QUEUED = "queued"
    RUNNING = "running"
    DONE = "done"
    FAILED = "failed"


@dataclass(frozen=True, slots=True)
class Job(Generic[T]):
    """What an owner sees of a job: its state, the step it is at, how many steps it
    has taken, and once done its result (or the one-line reason it failed)."""

    id: str
    owner: str
    label: str
    state: JobState
    step: str | None
    steps: int
    result: T | None
    error: str | None
    finished_at: float | None


class TooManyJobsError(BusyError):
    """The queue is full: the client should wait for its jobs, then try again."""


class WorkQueue(Generic[T]):
    """Background jobs in a thread pool, each visible only to its owner."""

    def __init__(self, *, workers: int = 2, max_jobs: int = 32, keep_seconds: float = 600,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self._pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="rbb-job")
        self._jobs: dict[str, Job[T]] = {}
        self._lock = threading.Lock()
        self.max_jobs, self.keep_seconds, self._clock = max_jobs, keep_seconds, clock

    def submit(self, owner: str, label: str, work: Callable[[Step], T]) -> Job[T]:
        """Queue ``work``; it is called with a function that records each step."""
        with self._lock:
            self._expire()
            if len(self._jobs) >= self.max_jobs:
                raise TooManyJobsError(f"{self.max_jobs} jobs are queued or kept; wait for "
                                       "one to finish, then try again")
            job: Job[T] = Job(secrets.token_urlsafe(16), owner, label, JobState.QUEUED, None, 0,
                              None, None, None)
            self._jobs[job.id] = job
        self._pool.submit(self._run, job.id, work)
        return job

    def job(self, job_id: str, owner: str) -> Job[T]:
        """The job, for its owner only: another user's job is as unknown as none."""
        with self._lock:
            self._expire()
            found = self._jobs.get(job_id[:64])
        if found is None or found.owner != owner:
            raise NotFoundError("no such job (jobs are kept for a while after they finish, "
                                "for the user who started them)")
        return found

    def shutdown(self) -> None:
        self._pool.shutdown(wait=True, cancel_futures=True)

    def _run(self, job_id: str, work: Callable[[Step], T]) -> None:
        self._update(job_id, state=JobState.RUNNING)

        def step(what: str) -> None:
            with self._lock:
                job = self._jobs.get(job_id)
                if job is not None:
                    self._jobs[job_id] = replace(job, step=what[:200], steps=job.steps + 1)

        try:
            result = work(step)
        except InputError as error:
            self._update(job_id, state=JobState.FAILED, error=str(error),
                         finished_at=self._clock())
        except Exception as error:  # the job must end visibly, whatever the work raised
            self._update(job_id, state=JobState.FAILED,
                         error=f"the job failed ({type(error).__name__})",
                         finished_at=self._clock())
        else:
            self._update(job_id, state=JobState.DONE, result=result, finished_at=self._clock())

    def _update(self, job_id: str, **changes: object) -> None:
        with self._lock:
            job = self._jobs.get(job_id)
            if job is not None:
                self._jobs[job_id] = replace(job, **changes)  # type: ignore[arg-type]

    def _expire(self) -> None:
        now = self._clock()
        for job_id, job in list(self._jobs.items()):
            if job.finished_at is not None and now - job.finished_at > self.keep_seconds:
                del self._jobs[job_id]
