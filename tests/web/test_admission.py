"""Reads computed a few at a time in a process (``web/admission.py``, decision 29)."""

from __future__ import annotations

import asyncio
import inspect
import threading
import time

from fastapi.routing import APIRoute

from rbb.web import endpoints
from rbb.web.admission import LONG_READS, in_turns, set_reads_at_once, takes_turns


def test_every_read_of_every_resource_takes_turns_and_nothing_else_does() -> None:
    routes = [route for module in endpoints.RESOURCES
              for route in [*module.page.routes, *module.api.routes]
              if isinstance(route, APIRoute)]
    reads = [r for r in routes if r.methods <= {"GET", "HEAD"}]
    assert len(reads) > 50  # pages and API reads of every resource
    for route in routes:
        wrapped = getattr(route.dependant.call, "in_turns", False)
        assert wrapped == takes_turns(route.path, route.methods,
                                      getattr(route.endpoint, "__wrapped__", route.endpoint)), \
            route.path
    taking = {r.path for r in routes if getattr(r.dependant.call, "in_turns", False)}
    assert "/missions/{mission}/{period}/{kind}/financial" in taking
    assert "/documents/{mission}/{period}/{kind}/financial-tables/{table}" in taking
    # A download renders for seconds: it keeps the whole thread pool.
    download = "/missions/{mission}/{period}/{kind}/download/{name}"
    assert download in {r.path for r in reads} and download not in taking
    assert all("GET" in r.methods for r in routes
               if getattr(r.dependant.call, "in_turns", False))


def test_long_reads_are_told_by_their_path() -> None:
    assert LONG_READS.fullmatch("/missions/{mission}/{period}/{kind}/download/{name}")
    assert LONG_READS.fullmatch("/peacekeeping.csv")
    assert LONG_READS.fullmatch("/missions/{mission}/{period}/execution.parquet")
    assert not LONG_READS.fullmatch("/missions/{mission}/{period}/{kind}/financial")
    assert not LONG_READS.fullmatch("/documents/{mission}/{period}/{kind}/frameworks")


def test_no_more_reads_compute_together_than_there_are_turns() -> None:
    inside = 0
    most = 0
    lock = threading.Lock()

    def read() -> None:  # runs in the thread pool
        nonlocal inside, most
        with lock:
            inside += 1
            most = max(most, inside)
        time.sleep(0.02)  # a read waiting on the store keeps its turn
        with lock:
            inside -= 1

    computed = in_turns(read)
    assert inspect.iscoroutinefunction(computed) and in_turns(computed) is computed

    async def six_reads() -> None:
        await asyncio.gather(*(computed() for _ in range(6)))

    try:
        for at_once in (1, 2):
            set_reads_at_once(at_once)
            most = 0
            asyncio.run(six_reads())
            assert most == at_once
    finally:
        set_reads_at_once(2)


def test_the_route_takes_turns_and_the_modules_function_stays_as_it_was() -> None:
    from rbb.web.endpoints import financial_resources_view as view

    route = next(r for r in view.page.routes if isinstance(r, APIRoute)
                 and r.path == "/missions/{mission}/{period}/{kind}/financial")
    assert getattr(route.dependant.call, "in_turns", False)
    assert route.dependant.call.__wrapped__ is view.financial  # type: ignore[attr-defined]
    assert not getattr(view.financial, "in_turns", False)
