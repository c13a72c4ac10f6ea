"""The worker process of ``rbb.services.isolated_reading``: one file, one process.

It caps its own address space first (``RLIMIT_AS``; where the platform has no
such limit, time still bounds it) and lowers its own priority (``nice``), so
that a large reading never takes the processor from the server's answers, then
reads the file with the importers and sends back, through its pipe, the sections
it enters and the result. A ``MemoryError`` is reported as such; anything worse
ends the process, which the caller reads as the end of the pipe.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from multiprocessing.connection import Connection

from rbb.importers.limits import ReadingLimits
from rbb.model import Document, Finding, Mission


@dataclass(frozen=True, slots=True)
class Review:
    """What an editor is shown of an upload besides the document, computed in the
    worker so that a large upload costs the server nothing but the answer: the
    findings of the document's own checks (cross-document checks need the store and
    run where it is) and the number of its facts."""

    findings: tuple[Finding, ...]
    fact_count: int


SECTION = "section"
RESULT = "result"
REVIEW = "review"
MEMORY = "memory"
WORKER_NICENESS = 10
"""How much lower than its parent a worker is scheduled (``nice``; 19 is the lowest)."""


def limit_memory(size: int) -> None:
    """Cap this process's address space (never above a cap it already has)."""
    try:
        import resource
    except ImportError:  # not on this platform: the time limit still holds
        return
    _soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    if hard != resource.RLIM_INFINITY:
        size = min(size, hard)
    resource.setrlimit(resource.RLIMIT_AS, (size, hard))


def yield_the_processor(niceness: int = WORKER_NICENESS) -> None:
    """Lower this process's scheduling priority: a reading is background work, and the
    server's answers to readers come first when both want the processor."""
    try:
        os.nice(niceness)
    except (AttributeError, OSError):  # no nice on this platform: nothing to lower
        return


def work(pipe: Connection, name: str, data: bytes, limits: ReadingLimits,
         review: bool = False, missions: tuple[Mission, ...] | None = None) -> None:
    """Read ``data`` as the file ``name`` and send the result (with ``review``, first
    its :class:`Review`); the entry point of the spawned process. ``missions``: the
    register the report's mission is looked up in (None: the one rbb ships)."""
    limit_memory(limits.memory_bytes)
    yield_the_processor()
    from rbb.importers import ImportInput, import_file, watching_sections
    from rbb.model.mission_register import MissionRegister

    register = None if missions is None else MissionRegister(missions)
    try:
        with watching_sections(lambda section: pipe.send((SECTION, section))):
            result = import_file(ImportInput(name, data, limits=limits, register=register))
        del data
        if review and result.document is not None and not result.errors:
            pipe.send((REVIEW, _review(result.document)))
        pipe.send((RESULT, result))
    except MemoryError:
        pipe.send((MEMORY, None))
    finally:
        pipe.close()


def _review(document: Document) -> Review:
    from rbb.engine import check_document
    from rbb.model.facts import document_facts

    return Review(tuple(check_document(document)), len(document_facts(document)))
