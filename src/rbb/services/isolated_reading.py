"""Reading an untrusted report in a worker process of its own, bounded in memory and time.

The importers bound what they can see (pages, inflated streams, text:
``rbb.importers.limits``), but a parser's memory and time are only bounded
from outside: each file is read by a fresh process (multiprocessing's
``spawn``, so the server's threads and state are not copied) whose address
space is capped with ``RLIMIT_AS`` and which is killed when its time is up.
A hostile file thus costs its worker, and the caller gets one error naming
the file and the limit, as an ``ImportResult`` like any other refusal.
"""

from __future__ import annotations

import multiprocessing
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from multiprocessing.connection import Connection
from pathlib import Path

from rbb.importers import ImportResult
from rbb.importers.limits import ReadingLimits, too_large
from rbb.model import Mission
from rbb.model.errors import InputError
from rbb.model.mission_register import MissionRegister

from . import reading_worker
from .reading_worker import Review

Progress = Callable[[str], None]
"""Told the section being read, as ``rbb.importers.watching_sections`` names it."""


@dataclass(frozen=True, slots=True)
class Upload:
    """A file that arrived as bytes (a web upload): its plain name and its content."""

    name: str
    data: bytes


def read_isolated(file: Path | Upload, *, limits: ReadingLimits | None = None,
                  progress: Progress | None = None,
                  register: MissionRegister | None = None) -> ImportResult:
    """Import one file in a worker within ``limits`` (by default the ``RBB_*`` settings).
    Never raises on bad input: a file over a limit is a refused result naming it."""
    return _isolated(file, limits, progress, review=False, register=register)[0]


def review_isolated(upload: Upload, *, limits: ReadingLimits | None = None,
                    progress: Progress | None = None, register: MissionRegister | None = None
                    ) -> tuple[ImportResult, Review | None]:
    """Read an upload in a worker as :func:`read_isolated` does, and run its own checks
    and count its facts there too (``None`` for a file that did not read)."""
    return _isolated(upload, limits, progress, review=True, register=register)


def _isolated(file: Path | Upload, limits: ReadingLimits | None, progress: Progress | None,
              *, review: bool, register: MissionRegister | None
              ) -> tuple[ImportResult, Review | None]:
    name = str(file) if isinstance(file, Path) else file.name
    try:
        limits = limits or ReadingLimits.from_env()
        data = _bytes(file, limits)
    except InputError as error:
        return ImportResult.refused(error, name), None
    return _in_worker(name, data, limits, progress, review=review,
                      missions=None if register is None else register.missions)


def read_all_isolated(paths: Sequence[Path], *, limits: ReadingLimits | None = None,
                      progress: Callable[[Path, str], None] | None = None,
                      register: MissionRegister | None = None) -> list[ImportResult]:
    """Each file in a worker of its own, in order (``progress`` is told the file too)."""
    results = []
    for path in paths:
        told = None if progress is None else _told(progress, path)
        results.append(read_isolated(path, limits=limits, progress=told, register=register))
    return results


def _told(progress: Callable[[Path, str], None], path: Path) -> Progress:
    return lambda section: progress(path, section)


def _bytes(file: Path | Upload, limits: ReadingLimits) -> bytes:
    """The file's content; a path's size is checked before it is read."""
    if isinstance(file, Upload):
        if len(file.data) > limits.max_file_bytes:
            raise too_large(file.name, len(file.data), limits)
        return file.data
    try:
        size = file.stat().st_size
        if size > limits.max_file_bytes:
            raise too_large(str(file), size, limits)
        return file.read_bytes()
    except OSError as error:
        raise InputError(f"cannot read the file: {error.strerror}", file=str(file)) from None


def _in_worker(name: str, data: bytes, limits: ReadingLimits, progress: Progress | None,
               *, review: bool, missions: tuple[Mission, ...] | None
               ) -> tuple[ImportResult, Review | None]:
    context = multiprocessing.get_context("spawn")
    receiver, sender = context.Pipe(duplex=False)
    worker = context.Process(target=reading_worker.work,
                             args=(sender, name, data, limits, review, missions),
                             name=f"rbb-reading-{name[-40:]}", daemon=True)
    worker.start()
    sender.close()  # the worker's end: closed here, so its death reads as end of file
    try:
        return _answer(receiver, worker, name, limits, progress)
    finally:
        receiver.close()
        if worker.is_alive():
            worker.kill()
        worker.join()


def _answer(receiver: Connection, worker: multiprocessing.process.BaseProcess, name: str,
            limits: ReadingLimits, progress: Progress | None
            ) -> tuple[ImportResult, Review | None]:
    import time

    review: Review | None = None
    deadline = time.monotonic() + limits.read_seconds
    while True:
        remaining = deadline - time.monotonic()
        if remaining <= 0 or not receiver.poll(remaining):
            worker.kill()
            return _refused(name, f"reading the file took longer than "
                                  f"{limits.amount('read_seconds')} seconds (RBB_READ_SECONDS) "
                                  "and was stopped; expected a report that reads in ordinary "
                                  "time"), None
        try:
            kind, payload = receiver.recv()
        except (EOFError, OSError):
            worker.join()
            return _refused(name, _death(worker.exitcode, limits)), None
        if kind == reading_worker.SECTION and progress is not None:
            progress(str(payload))
        elif kind == reading_worker.MEMORY:
            return _refused(name, _memory(limits)), None
        elif kind == reading_worker.REVIEW and isinstance(payload, Review):
            review = payload
        elif kind == reading_worker.RESULT and isinstance(payload, ImportResult):
            return payload, review


def _memory(limits: ReadingLimits) -> str:
    return (f"reading the file needs more than {limits.setting('memory_bytes')} of memory "
            "and was stopped; expected a report of ordinary size")


def _death(code: int | None, limits: ReadingLimits) -> str:
    """The worker ended without an answer: the memory limit (the usual cause) or a crash."""
    return (f"the worker reading the file stopped (exit code {code}), most likely at its "
            f"memory limit of {limits.setting('memory_bytes')}; expected a report of "
            "ordinary size")


def _refused(name: str, message: str) -> ImportResult:
    return ImportResult.refused(InputError(message, file=name), name)
