"""Identity detection (``rbb.importers.detect``) on a 5 MB text of one line (issue 14).

A word-processor copy converted to one long line has no line ends to bound a
pattern's work; identity is read from a bounded head only, flattened by linear steps.
Cases: the budget seed flattened to one line and repeated to 5 MB; the same after 5 MB
of text built to make backtracking patterns slow (dot leaders, spaces, an open
parenthesis, "United Nations" without end); 5 MB that names no period (refused).
Target: each under 200 ms. Median of 7 runs.

``python benches/run.py bench_detect`` runs it alone and puts the section into
benches/RESULTS.md; ``python benches/bench_detect.py`` only prints it.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

HERE = Path(__file__).resolve().parent
SEED = HERE.parent / "src" / "rbb" / "data" / "seeds" / "unmik-budget-2025-26.txt"
SIZE = 5 * 1024 * 1024
TARGET_MS = 200.0
RUNS = 7


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _to_size(start: str, filler: str) -> str:
    return (start + " " + filler * (SIZE // len(filler) + 1))[:SIZE]


def cases() -> list[tuple[str, str]]:
    seed = _one_line(SEED.read_text(encoding="utf-8"))
    hostile = ". . . . . .   ( United Nations Mission in the for the period from 1 July | / "
    return [
        ("budget seed as one line, repeated", _to_size(seed, seed)),
        ("a title, then text built against backtracking", _to_size(seed[:2000], hostile)),
        ("no period named (refused)", _to_size("", "Summary of the report ( A/ 99 / ")),
    ]


def _detect(text: str) -> Callable[[], object]:
    from rbb.importers.detect import detect
    from rbb.model.errors import InputError

    def action() -> object:
        try:
            return detect(text, file="bench.txt")
        except InputError as error:
            return error

    return action


def run() -> str:
    from benches.common import median_ms

    rows = []
    worst = 0.0
    for label, text in cases():
        ms = median_ms(_detect(text), RUNS)
        worst = max(worst, ms)
        rows.append(f"| {label} | {len(text) / 1024 / 1024:.1f} MB | {ms:.1f} |")
    verdict = "met" if worst < TARGET_MS else "NOT met"
    return "\n".join([
        "## Identity detection (`detect`, one-line text)",
        "",
        f"Date: {datetime.now(UTC).strftime('%Y-%m-%d %H:%M UTC')}  ",
        f"Target: identity of a 5 MB one-line text in under {TARGET_MS:.0f} ms — **{verdict}** "
        f"(worst {worst:.1f} ms). Median of {RUNS} runs in one process; "
        "benches/bench_detect.py.",
        "",
        "| text | size | detect ms |",
        "| --- | ---: | ---: |",
        *rows,
        "",
    ])


if __name__ == "__main__":
    sys.path.insert(0, str(HERE.parent / "src"))
    sys.path.insert(0, str(HERE.parent))
    print(run())
