"""The queue of background jobs: steps visible while running, a failure that ends the
job visibly, a bound on how many jobs are kept, expiry after they end."""

from __future__ import annotations

import threading
from collections.abc import Iterator

import pytest

from rbb.model.errors import InputError, NotFoundError
from rbb.services.background_work import JobState, Step, TooManyJobsError, WorkQueue

WAIT = 60.0


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def queue(clock: Clock) -> Iterator[WorkQueue[int]]:
    work: WorkQueue[int] = WorkQueue(workers=1, max_jobs=2, keep_seconds=10, clock=clock)
    yield work
    work.shutdown()


def _wait(queue: WorkQueue[int], job_id: str) -> JobState:
    done = threading.Event()
    for _ in range(int(WAIT * 100)):
        state = queue.job(job_id, "ana").state
        if state in (JobState.DONE, JobState.FAILED):
            return state
        done.wait(0.01)
    raise AssertionError("the job did not end")


def test_the_step_is_visible_while_the_job_runs(queue: WorkQueue[int]) -> None:
    stepped, release = threading.Event(), threading.Event()

    def work(step: Step) -> int:
        step("reading I. Mandate")
        stepped.set()
        release.wait(WAIT)
        return 42

    job = queue.submit("ana", "annex.txt", work)
    assert job.state is JobState.QUEUED
    assert stepped.wait(WAIT)
    seen = queue.job(job.id, "ana")
    assert (seen.state, seen.step, seen.steps, seen.result) == (
        JobState.RUNNING, "reading I. Mandate", 1, None)
    release.set()
    assert _wait(queue, job.id) is JobState.DONE
    assert queue.job(job.id, "ana").result == 42


def test_a_failure_ends_the_job_with_one_line(queue: WorkQueue[int]) -> None:
    def refused(step: Step) -> int:
        raise InputError("annex.txt: over RBB_MAX_FILE_MB")

    def broken(step: Step) -> int:
        raise KeyError("internal")

    first = queue.submit("ana", "annex.txt", refused)
    assert _wait(queue, first.id) is JobState.FAILED
    assert queue.job(first.id, "ana").error == "annex.txt: over RBB_MAX_FILE_MB"
    second = queue.submit("ana", "other.txt", broken)
    assert _wait(queue, second.id) is JobState.FAILED
    assert queue.job(second.id, "ana").error == "the job failed (KeyError)"


def test_jobs_are_bounded_and_expire_after_they_end(queue: WorkQueue[int],
                                                    clock: Clock) -> None:
    ids = [queue.submit("ana", f"{n}.txt", lambda step: 1).id for n in range(2)]
    for job_id in ids:
        _wait(queue, job_id)
    with pytest.raises(TooManyJobsError):
        queue.submit("ana", "third.txt", lambda step: 1)
    clock.now = 11  # both ended at 0 and are kept for 10 s
    third = queue.submit("ana", "third.txt", lambda step: 3)
    with pytest.raises(NotFoundError):
        queue.job(ids[0], "ana")
    assert _wait(queue, third.id) is JobState.DONE


def test_another_owner_cannot_see_a_job(queue: WorkQueue[int]) -> None:
    job = queue.submit("ana", "annex.txt", lambda step: 1)
    with pytest.raises(NotFoundError):
        queue.job(job.id, "bob")
