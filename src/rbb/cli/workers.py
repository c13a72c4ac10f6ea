"""The worker processes of ``rbb serve --workers N``.

uvicorn's own workers accept connections from one shared socket, and whichever
worker is waiting takes the next: under 50 keep-alive clients one of two workers
held 33 connections and the other 17, so that one queued twice the requests and set
the p99. Here each worker listens on a socket of its own bound to the same address
(``SO_REUSEPORT``) and the kernel spreads new connections over them evenly. Where
the system has no such option (not Linux), uvicorn's workers are used.

The supervisor keeps the address bound for as long as it runs, starts the workers,
starts a worker again when one dies, and stops them all on SIGINT or SIGTERM (each
finishes the requests it has, as a single uvicorn does).
"""

from __future__ import annotations

import multiprocessing
import signal
import socket
import sys
import threading
import time
from multiprocessing.process import BaseProcess
from types import FrameType
from typing import Any

QUICK_EXIT_SECONDS = 10.0
"""A worker that ends by itself with an error this soon after it started (a store it
cannot open, say) is not started again: the command stops and says so. One killed by a
signal is started again whenever it dies."""
STOP_SECONDS = 30.0
"""How long the workers have to finish their requests after SIGTERM."""


def spreads_connections() -> bool:
    """Whether the kernel spreads connections over sockets sharing an address."""
    return sys.platform.startswith("linux") and hasattr(socket, "SO_REUSEPORT")


def listening_socket(host: str, port: int, *, listen: bool = True) -> socket.socket:
    family, kind, proto, _, address = socket.getaddrinfo(
        host, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE)[0]
    sock = socket.socket(family, kind, proto)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)
    try:
        sock.bind(address)
        if listen:
            sock.listen(2048)
    except OSError:
        sock.close()
        raise
    return sock


def _worker(factory: str, host: str, port: int, options: dict[str, Any]) -> None:
    import uvicorn

    sock = listening_socket(host, port)
    server = uvicorn.Server(uvicorn.Config(factory, factory=True, host=host, port=port,
                                           **options))
    server.run(sockets=[sock])


class WorkerStartError(RuntimeError):
    """A worker died just after it started."""


def supervise(factory: str, host: str, port: int, workers: int,
              options: dict[str, Any]) -> None:
    """Run ``workers`` processes serving ``factory`` on ``host:port`` until SIGINT or
    SIGTERM; OSError when the address is taken, WorkerStartError when a worker dies on
    start."""
    held = listening_socket(host, port, listen=False)  # taken: fail before any worker
    context = multiprocessing.get_context("spawn")
    stop = threading.Event()

    def start() -> tuple[BaseProcess, float]:
        process = context.Process(target=_worker, args=(factory, host, port, options),
                                  daemon=False)
        process.start()
        return process, time.monotonic()

    def on_signal(_number: int, _frame: FrameType | None) -> None:
        stop.set()

    previous = {number: signal.signal(number, on_signal)
                for number in (signal.SIGINT, signal.SIGTERM)}
    running = [start() for _ in range(workers)]
    try:
        while not stop.wait(0.5):
            for index, (process, started) in enumerate(running):
                if process.is_alive():
                    continue
                failed = process.exitcode is not None and process.exitcode > 0
                if failed and time.monotonic() - started < QUICK_EXIT_SECONDS:
                    raise WorkerStartError(f"a worker process stopped with status "
                                           f"{process.exitcode} just after it started (its "
                                           "messages are above)")
                running[index] = start()
    finally:
        for process, _ in running:
            if process.is_alive():
                process.terminate()
        deadline = time.monotonic() + STOP_SECONDS
        for process, _ in running:
            process.join(max(0.0, deadline - time.monotonic()))
            if process.is_alive():
                process.kill()
                process.join()
        held.close()
        for number, handler in previous.items():
            signal.signal(number, handler)
