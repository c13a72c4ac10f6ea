"""The worker process of ``rbb.services.isolated_reading``: one file, one process.

It caps its own address space first (``RLIMIT_AS``; where the platform has no
such limit, time still bounds it), then reads the file with the importers and
sends back, through its pipe, the sections it enters and the result. A
``MemoryError`` is reported as such; anything worse ends the process, which
the caller reads as the end of the pipe.
"""

from __future__ import annotations

from multiprocessing.connection import Connection

from rbb.importers.limits import ReadingLimits

SECTION = "section"
RESULT = "result"
MEMORY = "memory"


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


def work(pipe: Connection, name: str, data: bytes, limits: ReadingLimits) -> None:
    """Read ``data`` as the file ``name`` and send the result; the entry point of the
    spawned process."""
    limit_memory(limits.memory_bytes)
    from rbb.importers import ImportInput, import_file, watching_sections

    try:
        with watching_sections(lambda section: pipe.send((SECTION, section))):
            result = import_file(ImportInput(name, data, limits=limits))
        del data
        pipe.send((RESULT, result))
    except MemoryError:
        pipe.send((MEMORY, None))
    finally:
        pipe.close()
