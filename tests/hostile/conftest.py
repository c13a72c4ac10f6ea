"""The hostile corpus, generated once per session, and ``rbb`` run as a user runs it:
a separate process whose address space is capped at 1 GiB, so a limit that does not
hold fails its test instead of taking the machine."""

from __future__ import annotations

import multiprocessing
import os
import resource
import subprocess
import sys
from collections.abc import Callable
from multiprocessing.connection import Connection
from pathlib import Path

import pytest

from . import corpus

MEMORY = 1 << 30
"""The whole of one rbb command, the reading worker included."""

ENV = {"RBB_READ_MEMORY_MB": "768", "RBB_READ_SECONDS": "120", "COLUMNS": "250"}
"""The worker's own cap sits below the command's."""

_RUN = """
import resource, sys
if __name__ == "__main__":
    resource.setrlimit(resource.RLIMIT_AS, ({memory}, {memory}))
    from rbb.cli import run
    sys.exit(run(sys.argv[1:]))
"""


@pytest.fixture(scope="session")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> Callable[[str], Path]:
    """``hostile("pdf_zero_page")``: that corpus file, generated on first use."""
    folder = tmp_path_factory.mktemp("hostile")
    made: dict[str, Path] = {}

    def get(name: str) -> Path:
        if name not in made:
            made[name] = getattr(corpus, name)(folder)
        return made[name]
    return get


def run_rbb(*args: str, cwd: Path, env: dict[str, str] | None = None,
            ) -> subprocess.CompletedProcess[str]:
    """``rbb ARGS`` under RLIMIT_AS, with its own SQLite store in ``cwd``."""
    script = cwd / "run_rbb.py"
    script.write_text(_RUN.format(memory=MEMORY))
    environment = {**os.environ, **ENV, "RBB_DATABASE_URL": f"sqlite:///{cwd / 'rbb.sqlite'}",
                   **(env or {})}
    return subprocess.run([sys.executable, str(script), *args], cwd=cwd, env=environment,
                          capture_output=True, text=True, timeout=300, check=False)


def assert_refused(done: subprocess.CompletedProcess[str], *expected: str) -> str:
    """Exit code 1, each expected text in the output (lines joined), no traceback."""
    output = " ".join((done.stdout + done.stderr).split())
    assert "Traceback" not in output, output[-3000:]
    assert done.returncode == 1, output[-3000:]
    for text in expected:
        assert text in output, output[-3000:]
    return output


def in_limited_child(function: Callable[..., object], *args: object) -> object:
    """``function(*args)`` in a forked child of the test process whose address space may
    grow by at most 1 GiB: a web test posts its bomb there, so a limit that does not hold
    fails the test (the child's MemoryError, or its death) instead of taking the machine."""
    context = multiprocessing.get_context("fork")
    receiver, sender = context.Pipe(duplex=False)
    child = context.Process(target=_limited, args=(sender, function, args))
    child.start()
    sender.close()
    try:
        if not receiver.poll(300):
            raise AssertionError("the child did not answer in 300 s")
        kind, value = receiver.recv()
    except EOFError:
        raise AssertionError("the child died (its memory limit?)") from None
    finally:
        child.join(10)
        if child.is_alive():
            child.kill()
    if kind == "error":
        raise AssertionError(f"the child raised {value}")
    return value


def _limited(sender: Connection, function: Callable[..., object], args: tuple[object, ...],
             ) -> None:
    size = int(Path("/proc/self/status").read_text().split("VmSize:")[1].split()[0]) * 1024
    resource.setrlimit(resource.RLIMIT_AS, (size + MEMORY, resource.RLIM_INFINITY))
    try:
        sender.send(("value", function(*args)))
    except BaseException as error:
        sender.send(("error", repr(error)[:2000]))
    finally:
        sender.close()
        os._exit(0)
