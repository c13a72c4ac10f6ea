"""Command start-up: how long a command takes before it does its work (issue 12).

Each command runs in a new process, as a user runs it (the files are in the operating
system's cache; the interpreter and rbb are not), five times; the median is reported.
``rbb list`` reads a store holding the two seeds. Target: ``rbb --help`` and ``rbb list``
in under 0.3 s. Before commands imported only what they use (2026-12-02): ``rbb --help``
1.45 s, ``import rbb.cli`` 1.36 s on this machine (matplotlib, SQLAlchemy, Alembic and PIL
were loaded for every command).

``python benches/run.py bench_startup`` runs it alone and puts the section into
benches/RESULTS.md; ``python benches/bench_startup.py`` only prints it.
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

TARGET_SECONDS = 0.3
RUNS = 5


def _command() -> list[str]:
    """The ``rbb`` script installed beside this interpreter, else the same entry point."""
    script = Path(sys.executable).with_name("rbb")
    if script.exists():
        return [str(script)]
    return [sys.executable, "-c", "import sys; from rbb.cli import main; sys.argv[0] = 'rbb'; "
                                  "main()"]


def _median_run(argv: list[str]) -> float:
    """Median wall time of ``RUNS`` new processes, in seconds (one unmeasured run first
    compiles what a fresh checkout has not)."""
    subprocess.run(argv, capture_output=True, check=False, timeout=600)
    samples = []
    for _ in range(RUNS):
        start = time.perf_counter()
        done = subprocess.run(argv, capture_output=True, check=False, timeout=600)
        samples.append(time.perf_counter() - start)
        if done.returncode not in (0, 1):
            raise RuntimeError(f"{' '.join(argv)} failed: {done.stderr.decode()[-500:]}")
    return statistics.median(samples)


def run() -> str:
    from benches.common import machine

    rbb = _command()
    with tempfile.TemporaryDirectory() as folder:
        db = f"sqlite:///{Path(folder) / 'seeds.sqlite'}"
        subprocess.run([*rbb, "seed", "--db", db], capture_output=True, check=True,
                       timeout=600)
        cases = [
            ("`python -c 'import rbb.cli'`", [sys.executable, "-c", "import rbb.cli"], None),
            ("`rbb --help`", [*rbb, "--help"], TARGET_SECONDS),
            ("`rbb check --help`", [*rbb, "check", "--help"], TARGET_SECONDS),
            ("`rbb list` (SQLite, the two seeds)", [*rbb, "list", "--db", db], TARGET_SECONDS),
            ("`rbb check` (SQLite, the two seeds)",
             [*rbb, "check", "--format", "json", "--output", str(Path(folder) / "f.json"),
              "--db", db], None),
        ]
        rows = []
        verdicts = []
        for label, argv, target in cases:
            seconds = _median_run(argv)
            verdict = "" if target is None else ("met" if seconds < target else "NOT met")
            if target is not None:
                verdicts.append(verdict == "met")
            rows.append(f"| {label} | {seconds:.2f} s | {verdict} |")
    overall = "met" if all(verdicts) else "NOT met"
    return "\n".join([
        "## Command start-up",
        "",
        f"Machine: {machine()}  ",
        f"Date: {datetime.now(UTC).strftime('%Y-%m-%d %H:%M UTC')}  ",
        f"Target: `rbb --help`, `rbb <command> --help` and `rbb list` in under "
        f"{TARGET_SECONDS} s — **{overall}**. Median of {RUNS} new processes each "
        "(benches/bench_startup.py).",
        "",
        "| command | median | target |",
        "| --- | ---: | --- |",
        *rows,
        "",
    ])


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    print(run())
