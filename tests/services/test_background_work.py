"""The queue of background jobs, kept in the store: steps visible while running, a
failure that ends the job visibly, a bound on how many jobs are kept (counted across
processes), expiry after they end, and a job whose process died failed, not left
running. Two queues on one store stand for two processes of ``rbb serve --workers``."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import Engine

from rbb.model.errors import InputError, NotFoundError
from rbb.services.background_work import JobState, Step, TooManyJobsError, WorkQueue

WAIT = 60.0
"""Longest a test waits for a job to end: a bound on a hung job, not a speed target."""
KIND = "test"


class Clock:
    def __init__(self) -> None:
        self.now = datetime(2026, 1, 1, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += timedelta(seconds=seconds)


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def queues(engine: Engine, clock: Clock) -> Iterator[Callable[[], WorkQueue]]:
    """Queues on one store, as many as a test asks for (one per simulated process); the
    heartbeat is off (an hour) so that only the test moves time."""
    made: list[WorkQueue] = []

    def make() -> WorkQueue:
        made.append(WorkQueue(engine, workers=1, max_jobs=2, keep_seconds=10,
                              stale_seconds=60, heartbeat_seconds=3600, clock=clock))
        return made[-1]

    yield make
    for queue in made:
        queue.shutdown()


@pytest.fixture
def queue(queues: Callable[[], WorkQueue]) -> WorkQueue:
    return queues()


def _wait(queue: WorkQueue, job_id: str, owner: str = "ana") -> JobState:
    pause = threading.Event()
    for _ in range(int(WAIT * 100)):
        state = queue.job(job_id, owner, KIND).state
        if state in (JobState.DONE, JobState.FAILED):
            return state
        pause.wait(0.01)
    raise AssertionError("the job did not end")


class Held:
    """Work that says its step, then waits to be released before answering."""

    def __init__(self, step: str | None = "reading I. Mandate", answer: str = "42") -> None:
        self.step, self.answer = step, answer
        self.stepped, self.release = threading.Event(), threading.Event()

    def __call__(self, step: Step) -> str:
        if self.step is not None:
            step(self.step)
        self.stepped.set()
        self.release.wait(WAIT)
        return self.answer


def test_the_step_is_visible_while_the_job_runs(queue: WorkQueue) -> None:
    held = Held()
    job = queue.submit("ana", KIND, "annex.txt", held)
    assert job.state is JobState.QUEUED and job.label == "annex.txt"
    assert held.stepped.wait(WAIT)
    seen = queue.job(job.id, "ana", KIND)
    assert (seen.state, seen.step, seen.steps, seen.result) == (
        JobState.RUNNING, "reading I. Mandate", 1, None)
    held.release.set()
    assert _wait(queue, job.id) is JobState.DONE
    assert queue.job(job.id, "ana", KIND).result == "42"


def test_another_process_sees_the_job_its_steps_and_its_outcome(
        queues: Callable[[], WorkQueue]) -> None:
    """A poll answered by another process of the server finds the job as it is."""
    started, other = queues(), queues()
    held = Held(answer='{"status": 201}')
    job = started.submit("ana", KIND, "annex.txt", held)
    assert held.stepped.wait(WAIT)
    seen = other.job(job.id, "ana", KIND)
    assert (seen.state, seen.step, seen.steps) == (JobState.RUNNING, "reading I. Mandate", 1)
    held.release.set()
    assert _wait(other, job.id) is JobState.DONE
    assert other.job(job.id, "ana", KIND).result == '{"status": 201}'


def test_a_failure_ends_the_job_with_one_line(queue: WorkQueue) -> None:
    def refused(step: Step) -> str:
        raise InputError("annex.txt: over RBB_MAX_FILE_MB")

    def broken(step: Step) -> str:
        raise KeyError("internal")

    first = queue.submit("ana", KIND, "annex.txt", refused)
    assert _wait(queue, first.id) is JobState.FAILED
    assert queue.job(first.id, "ana", KIND).error == "annex.txt: over RBB_MAX_FILE_MB"
    second = queue.submit("ana", KIND, "other.txt", broken)
    assert _wait(queue, second.id) is JobState.FAILED
    assert queue.job(second.id, "ana", KIND).error == "the job failed (KeyError)"


def test_jobs_are_bounded_and_expire_after_they_end(queue: WorkQueue, clock: Clock) -> None:
    ids = [queue.submit("ana", KIND, f"{n}.txt", lambda step: "1").id for n in range(2)]
    for job_id in ids:
        _wait(queue, job_id)
    with pytest.raises(TooManyJobsError, match="2 jobs are queued or kept"):
        queue.submit("ana", KIND, "third.txt", lambda step: "1")
    clock.advance(11)  # both ended at the start and are kept for 10 s
    third = queue.submit("ana", KIND, "third.txt", lambda step: "3")
    with pytest.raises(NotFoundError):
        queue.job(ids[0], "ana", KIND)
    assert _wait(queue, third.id) is JobState.DONE


def test_the_bound_counts_the_jobs_of_every_process(queues: Callable[[], WorkQueue]) -> None:
    first, second = queues(), queues()
    held = Held(step=None)
    try:
        first.submit("ana", KIND, "one.txt", held)
        second.submit("bob", KIND, "two.txt", held)
        with pytest.raises(TooManyJobsError):
            first.submit("ana", KIND, "three.txt", held)
        with pytest.raises(TooManyJobsError):
            second.submit("bob", KIND, "three.txt", held)
    finally:
        held.release.set()


def test_another_owner_or_kind_cannot_see_a_job(queue: WorkQueue) -> None:
    job = queue.submit("ana", KIND, "annex.txt", lambda step: "1")
    with pytest.raises(NotFoundError):
        queue.job(job.id, "bob", KIND)
    with pytest.raises(NotFoundError):
        queue.job(job.id, "ana", "another kind")
    with pytest.raises(NotFoundError):
        queue.job("no-such-job", "ana", KIND)
    assert _wait(queue, job.id) is JobState.DONE


def test_a_job_whose_process_stopped_is_failed_not_left_running(
        queues: Callable[[], WorkQueue], clock: Clock) -> None:
    """The process running the job beats no more (its heartbeat is off here, as if it
    had died): past the stale time, any process shows the job failed, and a late
    outcome does not bring it back."""
    dying, other = queues(), queues()
    held = Held()
    job = dying.submit("ana", KIND, "annex.txt", held)
    assert held.stepped.wait(WAIT)
    clock.advance(59)
    assert other.job(job.id, "ana", KIND).state is JobState.RUNNING
    clock.advance(2)
    failed = other.job(job.id, "ana", KIND)
    assert failed.state is JobState.FAILED
    assert failed.error is not None and "stopped before it ended" in failed.error
    held.release.set()
    dying.shutdown()
    assert other.job(job.id, "ana", KIND).state is JobState.FAILED
