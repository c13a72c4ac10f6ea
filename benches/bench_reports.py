"""Reports: each format of each UNMIK report, ``--format all`` of each, and both reports.

Target: every format of one report in under 3 seconds; all formats
of both reports in under 10. In-process times are the median of a few runs with the
libraries loaded (a server's case); the ``rbb report --format all`` column is one cold
command line against a SQLite store (a user's case: it includes starting Python,
importing WeasyPrint and matplotlib, reading the store and running the checks).
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from rbb.engine.checks import run_checks
from rbb.importers import import_path
from rbb.reports import (
    ALL_FORMATS,
    ReportFormat,
    build_report,
    plotting,
    render_report,
    write_all,
)
from rbb.storage import DocumentStore, create_database_engine, upgrade

SEEDS = Path(__file__).resolve().parents[1] / "src" / "rbb" / "data" / "seeds"
REPORTS = (("unmik-budget-2025-26.txt", "2025/26", "budget"),
           ("unmik-performance-2021-22.txt", "2021/22", "performance"))
REPEAT = 3
RBB = Path(sys.executable).with_name("rbb")


def timed(action: Callable[[], object], repeat: int = REPEAT) -> float:
    """Median wall time in seconds; charts are drawn afresh every run (not cached)."""
    samples = []
    for _ in range(repeat):
        plotting.svg.cache_clear()
        plotting.png.cache_clear()
        start = time.perf_counter()
        action()
        samples.append(time.perf_counter() - start)
    return statistics.median(samples)


def run() -> str:
    documents = []
    for name, _, _ in REPORTS:
        result = import_path(SEEDS / name)
        assert result.document is not None, result.diagnostics
        documents.append(result.document)
    findings = run_checks(documents)
    render_report(build_report(documents[0]), ReportFormat.PDF)  # load fonts once
    rows = []
    both = 0.0
    with tempfile.TemporaryDirectory() as folder:
        db = _store(Path(folder), documents)
        for (name, period, kind), document in zip(REPORTS, documents, strict=True):
            others = [d for d in documents if d is not document]

            def build(d=document, o=others):  # type: ignore[no-untyped-def]
                return build_report(d, context_documents=o, findings=findings)

            report = build()
            cells = [f"{timed(build) * 1000:.0f} ms"]
            for fmt in (ReportFormat.HTML, ReportFormat.PDF, ReportFormat.DOCX,
                        ReportFormat.MARKDOWN):
                cells.append(f"{timed(lambda f=fmt, r=report: render_report(r, f)):.2f}")
            target = Path(folder) / kind

            def every(d=document, o=others, t=target):  # type: ignore[no-untyped-def]
                return write_all(d, t, context_documents=o, findings=findings)

            all_formats = timed(every)
            both += all_formats
            cold = _cold(db, period, kind, Path(folder) / f"cli-{kind}")
            rows.append(f"| {name} | {' | '.join(cells)} | {all_formats:.2f} | {cold:.2f} |")
    return (
        "## Reports (`rbb report`)\n\n"
        "Target: every format of one report in under 3 s; all formats of both reports in "
        f"under 10 s. Seconds (build in ms), median of {REPEAT} runs in one process; the "
        "last column is one cold `rbb report --format all` command.\n\n"
        "| report | build | HTML | PDF | Word | Markdown | all formats | cold CLI, all |\n"
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n" + "\n".join(rows) + "\n\n"
        f"All formats of both reports, in process: {both:.2f} s "
        f"({len(ALL_FORMATS)} formats each).\n"
    )


def _store(folder: Path, documents: list) -> str:  # type: ignore[type-arg]
    url = f"sqlite:///{folder / 'bench.sqlite'}"
    engine = create_database_engine(url)
    upgrade(engine)
    store = DocumentStore(engine)
    for document in documents:
        store.save(document)
    engine.dispose()
    return url


def _cold(db: str, period: str, kind: str, folder: Path) -> float:
    start = time.perf_counter()
    subprocess.run([str(RBB), "report", "-m", "UNMIK", "-p", period, "-k", kind,
                    "--format", "all", "-o", str(folder), "--db", db],
                   check=True, capture_output=True, env={**os.environ, "COLUMNS": "120"})
    return time.perf_counter() - start
