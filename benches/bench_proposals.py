"""Budget preparation (issue 15): saving edits of a proposal, twenty editors at once,
and the workbook round trip, on SQLite and PostgreSQL.

1. **One edit saved** of the UNMIK proposal, copied from the embedded budget
   UNMIK:2025/26 and drafted for 2026/27 from it: the editor's whole step through
   ``ProposalService``: read the revision, apply one edit with what it derives (a cost
   estimate's change carried into its subtotal, gross, net and total requirements and
   the variances, as ``applied`` of the workbook reader does), ``save_content`` and
   ``findings`` of the new revision (what the editor's findings panel shows). Each save
   is a different edit (cost estimates, variance paragraphs, indicator texts, output
   texts, vacancy rates, in turn). The series runs in a process of its own, so its first
   save is cold (modules, statements and caches first used); the others are warm.
   Target: median < 150 ms.
2. **Twenty editors** of one proposal for 60 s through the REST API of a real `rbb
   serve`, each with its own account and API token and its own part (a money row or a
   text): GET the proposal (its ETag), GET that revision, change its part, POST it with
   ``If-Match``; a 409 (another revision landed, or a conflict of a merge) reads the
   head again and retries the same edit. Every edit of an editor is checked: its next
   read of the head, and the final revision, must hold the editor's part exactly as its
   accepted edits left it (a text holds every token the editor appended; a money row the
   sum of its increments). Targets: 0 lost, p99 of the accepted saves < 500 ms.
   The editors are benches/proposal_editors.py.
3. **Workbook export and import** of the drafted proposal: in process (median), and
   cold, as `rbb workbook export|import` commands in processes of their own; three
   cells edited with openpyxl before each import. Target: < 2 s each.

Loopback only, and bounded: the editors stop after ``EDIT_SECONDS`` or
``MAX_REQUESTS`` requests. A short run that only proves the code works::

    python benches/bench_proposals.py --quick     # or RBB_BENCH_PROPOSALS_QUICK=1
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from sqlalchemy import Engine

from rbb.importers import import_path
from rbb.model import Document, Period
from rbb.services.proposal_service import ProposalService
from rbb.services.proposal_workbook import Kind, Part, layouts, workbook
from rbb.services.proposal_workbook_reading import CellEdit, applied, value_at
from rbb.storage import DocumentStore, create_database_engine, upgrade
from rbb.storage.accounts import AccountStore, Role

if __package__ in (None, ""):  # run as a file by hand
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from benches.bench_web import (
    POSTGRES,
    Backend,
    Server,
    _attempt,
    _percentile,
    _postgres_available,
)
from benches.common import machine
from benches.proposal_editors import MAX_REQUESTS, TARGET_P99_MS, editor_parts, run_editors

HERE = Path(__file__).resolve().parent
SEED = HERE.parent / "src" / "rbb" / "data" / "seeds" / "unmik-budget-2025-26.txt"
SOURCE, NEXT = "UNMIK:2025/26", Period.parse("2026/27")
QUICK = os.environ.get("RBB_BENCH_PROPOSALS_QUICK", "") not in ("", "0") or (
    "--quick" in sys.argv)
SAVES = 3 if QUICK else int(os.environ.get("RBB_BENCH_PROPOSALS_SAVES", "30"))
EDITORS = 3 if QUICK else int(os.environ.get("RBB_BENCH_PROPOSALS_EDITORS", "20"))
EDIT_SECONDS = 3.0 if QUICK else float(os.environ.get("RBB_BENCH_PROPOSALS_SECONDS", "60"))
WORKBOOK_REPEATS = 1 if QUICK else 5
BACKENDS = tuple(os.environ.get("RBB_BENCH_PROPOSALS_BACKENDS",
                                "sqlite" if QUICK else "sqlite,postgresql").split(","))
TARGET_SAVE_MS = 150.0
TARGET_WORKBOOK_S = 2.0
EDITOR = "bench-ed"
ROOT = HERE.parent


def _met(ok: bool) -> str:
    return "met" if ok else "**missed**"


# --- the store ----------------------------------------------------------------------------


def engine_of(url: str, schema: str | None) -> Engine:
    return create_database_engine(url if schema is None else POSTGRES, schema=schema)


def seed_store(engine: Engine, editors: int = 0) -> tuple[int, int, list[tuple[str, str]]]:
    """The UNMIK budget 2025/26 stored, the editor ``bench-ed``, ``editors`` more editors
    with an API token each, and two proposals started by ``bench-ed``: copied from the
    budget and drafted from it for 2026/27. (copied id, drafted id, [(user, token)])."""
    from rbb.services.stored_findings import refresh_findings

    upgrade(engine)
    result = import_path(SEED)
    assert result.document is not None, result.diagnostics
    DocumentStore(engine).save(result.document, result.diagnostics)
    refresh_findings(engine)
    accounts = AccountStore(engine)
    accounts.add_user(EDITOR, "a budget officer who benchmarks 7", Role.EDITOR)
    tokens = []
    for n in range(1, editors + 1):
        name = f"bench-editor-{n:02d}"
        accounts.add_user(name, f"editor {n} of the same proposal, at once", Role.EDITOR)
        tokens.append((name, accounts.create_token(name, "bench")[1]))
    service = ProposalService(engine)
    copied = service.new_copied(SOURCE, by=EDITOR).id
    drafted = service.new_drafted(SOURCE, NEXT, by=EDITOR).id
    return copied, drafted, tokens


# --- 1. one edit saved --------------------------------------------------------------------


GROUPS = (("cost", Kind.AMOUNT), ("variance", Kind.TEXT), ("indicator text", Kind.TEXT),
          ("output text", Kind.TEXT), ("vacancy", Kind.RATE))
"""The kinds of edit a series takes in turn (those a document has)."""


def edit_parts(document: Document) -> list[Part]:
    """The input cells of the document (as the workbook addresses them), one group
    after another in turn: a cost estimate, a paragraph, an indicator, an output, a
    rate, then the next of each."""
    groups: dict[str, list[Part]] = {name: [] for name, _ in GROUPS}
    kinds = dict(GROUPS)
    for layout in layouts(document):
        for row in layout.rows:
            for cell in row.inputs:
                name = cell.part[0]
                if kinds.get(name) == cell.kind and cell.value is not None:
                    groups[name].append(cell.part)
    turns = [parts for parts in groups.values() if parts]
    ordered: list[Part] = []
    for index in range(max((len(parts) for parts in turns), default=0)):
        ordered += [parts[index] for parts in turns if index < len(parts)]
    return ordered


def one_edit(document: Document, part: Part, n: int) -> CellEdit:
    """Edit ``n`` of a series: an amount raised by n + 1 (thousands), a rate moved by a
    point, a text with a sentence added."""
    old = value_at(document, part)
    new: Decimal | str
    if part[0] == "cost":
        new = Decimal(str(old)) + n + 1
    elif part[0] == "vacancy":
        rate = Decimal(str(old))
        new = rate + 1 if rate < 99 else rate - 1
    else:
        new = f"{old} Revised in edit {n + 1} of the benchmark."
    return CellEdit(f"edit {n + 1}", part, old, new)


@dataclass(frozen=True, slots=True)
class SaveTiming:
    read_ms: float
    """The revision read and the edit applied, with what it derives."""
    save_ms: float
    findings_ms: float
    part: str

    @property
    def total_ms(self) -> float:
        return self.read_ms + self.save_ms + self.findings_ms


def save_series(service: ProposalService, proposal_id: int, count: int,
                by: str = EDITOR) -> list[SaveTiming]:
    """``count`` saves, each a different edit on the head, each followed by the findings
    of the revision it made."""
    head = service.show(proposal_id).proposal.head
    parts = edit_parts(service.document(proposal_id, head))
    timings = []
    for n in range(count):
        part = parts[n % len(parts)]
        start = time.perf_counter()
        content = service.content(proposal_id, head)
        document = applied(content.document, (one_edit(content.document, part, n),))
        read = time.perf_counter()
        saved = service.save_content(proposal_id,
                                     content.model_copy(update={"document": document}),
                                     based_on=head, by=by, comment=f"edit {n + 1}: {part[0]}")
        stored = time.perf_counter()
        service.findings(proposal_id, saved.number)
        done = time.perf_counter()
        timings.append(SaveTiming((read - start) * 1000, (stored - read) * 1000,
                                  (done - stored) * 1000, part[0]))
        head = saved.number
    return timings


def _series_in_a_process(url: str, schema: str | None, proposal_id: int, count: int
                         ) -> list[SaveTiming]:
    """The series in a new process, so that its first save is cold."""
    answer = subprocess.run(
        [sys.executable, "-m", "benches.bench_proposals", "--series", url, schema or "-",
         str(proposal_id), str(count)], cwd=ROOT, capture_output=True, text=True,
        check=False, timeout=1800)
    if answer.returncode != 0:
        raise RuntimeError(answer.stderr.strip()[-600:])
    return [SaveTiming(**row) for row in json.loads(answer.stdout.strip().splitlines()[-1])]


def _series_main(url: str, schema: str, proposal_id: str, count: str) -> None:
    engine = engine_of(url, None if schema == "-" else schema)
    timings = save_series(ProposalService(engine), int(proposal_id), int(count))
    print(json.dumps([{"read_ms": t.read_ms, "save_ms": t.save_ms,
                       "findings_ms": t.findings_ms, "part": t.part} for t in timings]))


def save_row(title: str, which: str, timings: list[SaveTiming]) -> str:
    """A row of the table: cold (the first), then the warm saves' median, p90, max."""
    warm = timings[1:] or timings
    totals = [t.total_ms for t in warm]
    median = statistics.median(totals)
    return (f"| {title} | {which} | {len(timings)} | {timings[0].total_ms:.0f} | "
            f"{median:.1f} | {_percentile(totals, 0.9):.1f} | {max(totals):.1f} | "
            f"{statistics.median(t.read_ms for t in warm):.1f} / "
            f"{statistics.median(t.save_ms for t in warm):.1f} / "
            f"{statistics.median(t.findings_ms for t in warm):.1f} | "
            f"{_met(median < TARGET_SAVE_MS)} |")


# --- 3. the workbook round trip ---------------------------------------------------------------


def edit_workbook(path: Path, document: Document, n: int) -> list[str]:
    """Three input cells of an exported workbook changed with openpyxl (a cost estimate
    and two texts, the first of each the sheets hold); their ``Sheet!cell``."""
    from openpyxl import load_workbook

    wanted = {Kind.AMOUNT: 1, Kind.TEXT: 2}
    book = load_workbook(path)
    where = []
    for layout in layouts(document):
        sheet = book[layout.sheet]
        rows = {sheet.cell(r, 1).value: r for r in range(2, sheet.max_row + 1)}
        for row in layout.rows:
            for cell in row.inputs:
                if wanted.get(cell.kind, 0) <= 0 or cell.value is None:
                    continue
                wanted[cell.kind] -= 1
                target = sheet.cell(rows[row.key], layout.headings.index(cell.heading) + 1)
                target.value = (Decimal(str(cell.value)) + n + 1 if cell.kind == Kind.AMOUNT
                                else f"{cell.value} Revised in workbook {n + 1}.")
                where.append(f"{layout.sheet}!{target.coordinate}")
    book.save(path)
    return where


def workbook_round_trips(service: ProposalService, proposal_id: int, folder: Path,
                         repeats: int) -> tuple[list[float], list[float]]:
    """``repeats`` exports of the head and imports of it edited, timed in seconds."""
    from rbb.services.proposal_workbook_reading import import_workbook

    exports, imports = [], []
    for n in range(repeats):
        path = folder / f"round-trip-{n}.xlsx"
        start = time.perf_counter()
        view = service.show(proposal_id)
        workbook(proposal_id, view.head.number, view.document).save(path)
        exports.append(time.perf_counter() - start)
        edit_workbook(path, view.document, n)
        start = time.perf_counter()
        done = import_workbook(service, proposal_id, path, by=EDITOR, comment="bench")
        imports.append(time.perf_counter() - start)
        assert done.saved == view.head.number + 1, done
    return exports, imports


def _cli(*arguments: str) -> float:
    start = time.perf_counter()
    subprocess.run([sys.executable, "-c", "from rbb.cli import main; main()", *arguments],
                   check=True, capture_output=True, timeout=600)
    return time.perf_counter() - start


def workbook_cold(db: str, service: ProposalService, proposal_id: int, folder: Path
                  ) -> tuple[float, float]:
    """`rbb workbook export` and `rbb workbook import` as commands, each a new process."""
    path = folder / "cold.xlsx"
    exported = _cli("workbook", "export", str(proposal_id), "-o", str(path), "--db", db)
    edit_workbook(path, service.show(proposal_id).document, 100)
    imported = _cli("workbook", "import", str(proposal_id), str(path), "--by", EDITOR,
                    "-c", "bench, cold", "--db", db)
    return exported, imported


# --- the run --------------------------------------------------------------------------------


@contextmanager
def _backends(folder: Path) -> Iterator[list[Backend]]:
    backends = [Backend(name, folder) for name in BACKENDS]
    try:
        yield backends
    finally:
        for backend in backends:
            backend.drop()


def run() -> str:
    saves: list[str] = []
    editors: list[str] = []
    books: list[str] = []
    failures: list[str] = []
    with tempfile.TemporaryDirectory() as name, _backends(Path(name)) as backends:
        folder = Path(name)
        for backend in backends:
            title = backend.title
            if backend.name == "postgresql" and not _postgres_available():
                failures.append("PostgreSQL: no server at 127.0.0.1:5432")
                continue
            with _attempt(failures, f"{title}: the store"):
                url, schema = backend.store("proposals")
                engine = engine_of(url, schema)
                copied, drafted, tokens = seed_store(engine, EDITORS)
                service = ProposalService(engine)
                for which, pid in ((f"copied from {SOURCE}", copied),
                                   (f"drafted for {NEXT}", drafted)):
                    with _attempt(failures, f"{title}: saves, {which}"):
                        saves.append(save_row(title, which, _series_in_a_process(
                            url, schema, pid, SAVES + 1)))
                with _attempt(failures, f"{title}: workbook"):
                    exports, imports = workbook_round_trips(service, drafted, folder,
                                                            WORKBOOK_REPEATS)
                    cold_export, cold_import = workbook_cold(url, service, drafted, folder)
                    slowest = max([*exports, *imports, cold_export, cold_import])
                    books.append(
                        f"| {title} | {statistics.median(exports):.2f} | "
                        f"{statistics.median(imports):.2f} | {cold_export:.2f} | "
                        f"{cold_import:.2f} | {_met(slowest < TARGET_WORKBOOK_S)} |")
                with _attempt(failures, f"{title}: {EDITORS} editors"):
                    head = service.show(drafted).proposal.head
                    parts = editor_parts(service.document(drafted, head), EDITORS)
                    with Server.rbb(url) as server:
                        result = run_editors(f"http://127.0.0.1:{server.port}", drafted,
                                             tokens, parts, EDIT_SECONDS)
                    editors.append(result.row(title))
                    errors = {k: v for r in result.runs for k, v in r.errors.items()}
                    if errors:
                        failures.append(f"{title}: editors' errors {errors}")
                engine.dispose()
    return _section(saves, editors, books, failures)


def _section(saves: list[str], editors: list[str], books: list[str],
             failures: list[str]) -> str:
    return "\n".join([
        "## Budget preparation: saving edits, editors at once, the workbook",
        "",
        f"Machine: {machine()}  ",
        f"Date: {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}  ",
        "The UNMIK proposal copied from the embedded budget 2025/26 and drafted from it "
        "for 2026/27 (benches/bench_proposals.py" + (", quick mode" if QUICK else "") + ").",
        "",
        *([f"**Failed, so missing below:** {'; '.join(failures)}.", ""] if failures else []),
        "### One edit saved, with what it derives and the checks",
        "",
        f"Target: median < {TARGET_SAVE_MS:.0f} ms. Through `ProposalService`, in a process "
        f"of its own: {SAVES + 1} saves, each a different edit (cost estimate with its "
        "totals and variances, variance paragraph, indicator, output, vacancy rate in "
        "turn), each: the revision read and the edit applied, `save_content`, `findings` "
        "of the new revision. Cold is the first save of the process; the median, p90 and "
        f"max are of the {SAVES} warm saves after it, in milliseconds.",
        "",
        "| store | proposal | saves | cold | median | p90 | max | read / save / findings "
        "(median) | target |",
        "| --- | --- | ---: | ---: | ---: | ---: | ---: | --- | --- |",
        *saves,
        "",
        f"### {EDITORS} editors at once through the REST API",
        "",
        f"Targets: 0 lost changes, p99 of the accepted saves < {TARGET_P99_MS:.0f} "
        f"ms. `rbb serve` (1 worker) and {EDITORS} editors with API tokens, each its own part "
        "of the drafted proposal (money rows and texts in turn) for "
        f"{EDIT_SECONDS:.0f} s (at most {MAX_REQUESTS:,} requests): GET the head, GET "
        "the revision, change the part, POST it with `If-Match`; a 409 reads again and "
        "retries. Per editor: the fewest and the most edits one editor had accepted; "
        "retried: edits that needed at least one retry; conflicts: 409 answers; "
        "lost: accepted edits missing from a later head or from the final revision; "
        "revisions: the head before and after (each revision between is an accepted edit). "
        "Times of the accepted POSTs, ms.",
        "",
        "| store | editors | s | accepted | per editor | retried | conflicts | lost | errors "
        "| p50 | p99 | max | revisions | target |",
        "| --- | ---: | ---: | ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: "
        "| ---: | --- |",
        *editors,
        "",
        "### Workbook export and import",
        "",
        f"Target: < {TARGET_WORKBOOK_S:.0f} s each. The drafted proposal; in process, the "
        f"median of {WORKBOOK_REPEATS} (each import a workbook of the head with three cells "
        "edited by openpyxl, saved as a new revision); cold, `rbb workbook export` and "
        "`rbb workbook import` each in a new process. Seconds.",
        "",
        "| store | export | import | cold export (CLI) | cold import (CLI) | target |",
        "| --- | ---: | ---: | ---: | ---: | --- |",
        *books,
        "",
    ])


if __name__ == "__main__":
    if sys.argv[1:2] == ["--series"]:
        _series_main(*sys.argv[2:6])
    else:
        print(run())
