"""What every benchmark needs: a median timer and a description of the machine."""

from __future__ import annotations

import os
import platform
import statistics
import time
from collections.abc import Callable
from pathlib import Path

# Commands started by a benchmark (`rbb …` in a new process: "cold") run as on a user's
# machine, with Python's bytecode cache: a shell that sets PYTHONDONTWRITEBYTECODE (some
# sandboxes and CI images do) would have each of them compile rbb's few hundred modules
# from source, about 0.4 s a command on the 2-core machine of RESULTS.md.
os.environ.pop("PYTHONDONTWRITEBYTECODE", None)


def median_seconds(action: Callable[[], object], repeat: int) -> float:
    """Median wall time of ``repeat`` runs, in seconds."""
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        action()
        samples.append(time.perf_counter() - start)
    return statistics.median(samples)


def median_ms(action: Callable[[], object], repeat: int) -> float:
    return median_seconds(action, repeat) * 1000


def machine() -> str:
    """Cores, CPU model, memory and Python: the line RESULTS.md records."""
    cpu = "unknown CPU"
    memory = ""
    try:
        for line in Path("/proc/cpuinfo").read_text(encoding="utf-8").splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
        for line in Path("/proc/meminfo").read_text(encoding="utf-8").splitlines():
            if line.startswith("MemTotal"):
                memory = f", {int(line.split()[1]) // (1024 * 1024)} GiB"
    except OSError:
        pass
    return (f"{platform.system()} {platform.machine()}, {os.cpu_count()} cores ({cpu}){memory}, "
            f"Python {platform.python_version()}")
