"""``rbb check`` on both seeds and on a generated store of 500 documents.

The store (benches/generated_store.py, size 500) holds 50 missions × 10 periods
(2016/17 to 2025/26), one report per mission and period, alternately the budget
seed and the performance seed with their periods shifted and every amount
multiplied by the mission's number (an integer factor keeps every identity of the
tables exact; the prose keeps the seed's amounts, so the prose checks report
differences, as a real audit would for unknown data). Target: the whole
500-document audit in under 10 seconds on SQLite.

Run alone with ``python benches/bench_check.py``: it prints the section and puts it
into benches/RESULTS.md under "## rbb check", leaving the other sections alone.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

from benches.common import machine, median_seconds
from benches.generated_store import build_store

HERE = Path(__file__).resolve().parent
SEEDS = HERE.parent / "src" / "rbb" / "data" / "seeds"
FILES = ("unmik-budget-2025-26.txt", "unmik-performance-2021-22.txt")
SIZE = 500
"""The generated store of benches/generated_store.py: 50 missions × 10 periods."""
TARGET_SECONDS = 10.0
STORED_TARGET_SECONDS = 5.0


def _cli(args: list[str]) -> int:
    """The command in a process of its own, as a user runs it (start-up included)."""
    command = [sys.executable, "-c", "from rbb.cli import main; main()", *args]
    return subprocess.run(command, stdout=subprocess.DEVNULL, check=False).returncode


def run() -> str:
    from rbb.engine import run_checks
    from rbb.storage import DocumentStore, create_database_engine

    with tempfile.TemporaryDirectory() as folder:
        devnull = os.devnull
        seed_db = f"sqlite:///{Path(folder) / 'seeds.sqlite'}"
        rows = []
        for name in FILES:
            args = [
                "check",
                str(SEEDS / name),
                "--format",
                "json",
                "--output",
                devnull,
                "--db",
                seed_db,
            ]
            seconds = median_seconds(lambda a=args: _cli(a), repeat=5)
            rows.append(f"| `rbb check {name}` | 1 | {seconds * 1000:.0f} ms |")
        url = f"sqlite:///{Path(folder) / 'bench.sqlite'}"
        start = time.perf_counter()
        built_store = build_store(url, SIZE, findings=False)
        built = time.perf_counter() - start
        engine = create_database_engine(url)
        store = DocumentStore(engine)
        audit = ["check", "--format", "json", "--output", devnull, "--db", url]
        refreshed = median_seconds(lambda: _cli([*audit, "--refresh"]), repeat=3)
        whole = median_seconds(lambda: _cli(audit), repeat=3)
        loading = median_seconds(store.load_all, repeat=3)
        loaded = store.load_all()
        checking = median_seconds(lambda: run_checks(loaded), repeat=3)
        findings = run_checks(loaded)
        engine.dispose()
    errors = sum(1 for f in findings if f.severity.value == "error")
    verdict = "met" if refreshed < TARGET_SECONDS else "NOT met"
    stored_verdict = "met" if whole < STORED_TARGET_SECONDS else "NOT met"
    rows.append(
        f"| `rbb check --refresh` on the generated store (SQLite): every finding computed "
        f"again and stored | {built_store.documents} | {refreshed:.2f} s |"
    )
    rows.append(
        f"| `rbb check` on the generated store (SQLite): the stored findings | "
        f"{built_store.documents} | {whole:.2f} s |"
    )
    return "\n".join(
        [
            "## rbb check",
            "",
            f"Machine: {machine()}  ",
            f"Date: {datetime.now(UTC).strftime('%Y-%m-%d %H:%M UTC')}  ",
            f"Targets: the whole {SIZE}-document audit computed again (`--refresh`) in under "
            f"{TARGET_SECONDS:.0f} s on SQLite — **{verdict}**; `rbb check` of the same "
            f"store, which reads the findings stored with the documents, in under "
            f"{STORED_TARGET_SECONDS:.0f} s — **{stored_verdict}**. Median wall time of the "
            "command run as a user runs it, in a process of its own (start-up, load, check, "
            "JSON to /dev/null; a large store is checked by one worker process per core, "
            "rbb/services/audit.py); benches/bench_check.py.",
            "",
            "| run | documents | time |",
            "| --- | ---: | ---: |",
            *rows,
            "",
            f"The same work in one process: loading from SQLite {loading:.2f} s, the checks "
            f"{checking:.2f} s ({checking / len(loaded) * 1000:.1f} ms a document), "
            f"{len(findings)} findings ({errors} errors: the prose keeps the seeds' amounts "
            f"while the tables are scaled). Building and storing the store took {built:.1f} s.",
            "",
        ]
    )


def _write(section: str) -> None:
    results = HERE / "RESULTS.md"
    text = results.read_text(encoding="utf-8") if results.exists() else "# Benchmark results\n"
    pattern = re.compile(r"^## rbb check\n.*?(?=^## |\Z)", re.MULTILINE | re.DOTALL)
    if pattern.search(text):
        text = pattern.sub(lambda _: section + "\n", text)
    else:
        text = text.rstrip("\n") + "\n\n" + section + "\n"
    results.write_text(text, encoding="utf-8")


if __name__ == "__main__":
    sys.path.insert(0, str(HERE.parent / "src"))
    output = run()
    print(output)
    _write(output)
    print(f"wrote {HERE / 'RESULTS.md'}")
