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
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

import httpx
from sqlalchemy import Engine

from rbb.importers import import_path
from rbb.model import Document, Period, Stage
from rbb.services.proposal_service import ProposalService
from rbb.services.proposal_workbook import Kind, Part, layouts, main_table, workbook
from rbb.services.proposal_workbook_reading import CellEdit, applied, value_at
from rbb.storage import DocumentStore, create_database_engine, upgrade
from rbb.storage.accounts import AccountStore, Role

if __package__ in (None, ""):  # run as a file by hand
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from benches.bench_web import POSTGRES, Backend, Server, _percentile, _postgres_available
from benches.common import machine

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
MAX_REQUESTS = 20_000
"""All the editors' requests together, whatever the duration."""
TARGET_SAVE_MS = 150.0
TARGET_EDITORS_P99_MS = 500.0
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


# --- 2. twenty editors through the REST API -------------------------------------------------

Path_ = tuple[str | int, ...]
"""Where an editor's part lives in the document's JSON."""


def editor_parts(document: Document, count: int) -> list[tuple[str, Path_]]:
    """``count`` different parts, money rows and texts in turn: ("money", path to the
    proposed cost estimate of a class) or ("text", path to a paragraph, an indicator's
    or an output's text)."""
    money: list[Path_] = []
    table = main_table(document)
    if table is not None:
        t = document.financial_tables.index(table)
        column = max((c for c in table.amount_columns() if c.stage is Stage.COST_ESTIMATES),
                     key=lambda c: c.period.start_year if c.period else 0).key
        money = [("financial_tables", t, "rows", r, "values", column)
                 for r, row in enumerate(table.rows)
                 if row.row_type.value == "item" and row.values.get(column) is not None]
    texts: list[Path_] = [("variance_explanations", e, "paragraphs", p, "text")
                          for e, x in enumerate(document.variance_explanations)
                          for p in range(len(x.paragraphs))]
    for c, component in enumerate(document.components):
        for a, ea in enumerate(component.expected_accomplishments):
            place = ("components", c, "expected_accomplishments", a)
            texts += [(*place, "indicators", i, "text") for i in range(len(ea.indicators))]
            texts += [(*place, "outputs", o, "text") for o in range(len(ea.outputs))]
    texts += [("paragraphs", p, "text") for p in range(len(document.paragraphs))]
    parts: list[tuple[str, Path_]] = []
    for n in range(max(len(money), len(texts))):
        parts += [("money", money[n])] if n < len(money) else []
        parts += [("text", texts[n])] if n < len(texts) else []
    if len(parts) < count:
        raise ValueError(f"the document has {len(parts)} parts for {count} editors")
    return parts[:count]


def _at(data: Any, path: Path_) -> Any:
    for step in path:
        data = data[step]
    return data


def _put(data: Any, path: Path_, value: Any) -> None:
    _at(data, path[:-1])[path[-1]] = value


@dataclass
class EditorRun:
    """What one editor did, and what it expects its part to hold now."""

    name: str
    kind: str
    path: Path_
    expected: Any = None
    tokens: list[str] = field(default_factory=list)
    accepted_ms: list[float] = field(default_factory=list)
    conflicts: int = 0
    retried: int = 0
    lost: int = 0
    errors: dict[str, int] = field(default_factory=dict)

    def check(self, value: Any) -> None:
        """The part as read from a head: every accepted edit must be there. A lost edit
        is counted once and what the head holds becomes what is expected."""
        if self.expected is None:
            self.expected = value
        elif self.kind == "text":
            missing = [t for t in self.tokens if t not in value]
            self.lost += len(missing)
            self.tokens = [t for t in self.tokens if t in value]
            self.expected = value
        elif Decimal(str(value)) != Decimal(str(self.expected)):
            self.lost += 1
            self.expected = value

    def edited(self, value: Any, n: int) -> tuple[Any, str | None]:
        """Edit ``n``: a token appended to the text, or n tenths added to the amount."""
        if self.kind == "text":
            token = f"[{self.name} edit {n}]"
            return f"{value} {token}", token
        return str(Decimal(str(value)) + Decimal(n) / 10), None

    def error(self, what: str) -> None:
        self.errors[what] = self.errors.get(what, 0) + 1


def _editor(client: httpx.Client, proposal_id: int, run: EditorRun, deadline: float,
            budget: list[int], lock: threading.Lock) -> None:
    """One editor's loop: read the head, edit its part, save on it; on 409 read again and
    retry the same edit."""
    base = f"/api/v1/proposals/{proposal_id}"

    def spend() -> bool:
        with lock:
            budget[0] -= 1
            return budget[0] >= 0 and time.monotonic() < deadline

    n = 0
    try:
        while spend():
            n += 1
            tried = 0
            while True:
                head = client.get(base)
                if head.status_code != 200:
                    run.error(f"GET {base}: {head.status_code}")
                    return
                etag = head.headers["etag"]
                read = client.get(f"{base}/revisions/{etag.strip(chr(34))}")
                if read.status_code != 200 or not spend():
                    if read.status_code != 200:
                        run.error(f"GET the revision: {read.status_code}")
                    return
                document = read.json()
                run.check(_at(document, run.path))
                new, token = run.edited(_at(document, run.path), n)
                _put(document, run.path, new)
                start = time.perf_counter()
                answer = client.post(f"{base}/revisions", headers={"If-Match": etag}, json={
                    "document": document, "comment": f"{run.name}: edit {n}"})
                elapsed = (time.perf_counter() - start) * 1000
                if answer.status_code == 201:
                    run.accepted_ms.append(elapsed)
                    run.expected = new
                    if token:
                        run.tokens.append(token)
                    run.retried += tried > 0
                    break
                if answer.status_code != 409:
                    run.error(f"POST {answer.status_code}: {answer.text[:160]}")
                    return
                run.conflicts += 1
                tried += 1
                if not spend():
                    return
    except httpx.HTTPError as error:
        run.error(f"{error.__class__.__name__}: {error}")


@dataclass
class EditorsResult:
    runs: list[EditorRun]
    elapsed: float
    first_revision: int
    final_revision: int

    @property
    def counted(self) -> bool:
        """Every revision saved during the run is an accepted edit, and the reverse."""
        return self.final_revision - self.first_revision == len(self.accepted)

    @property
    def accepted(self) -> list[float]:
        return [ms for run in self.runs for ms in run.accepted_ms]

    def row(self, title: str) -> str:
        accepted = self.accepted
        conflicts = sum(r.conflicts for r in self.runs)
        retried = sum(r.retried for r in self.runs)
        lost = sum(r.lost for r in self.runs)
        errors = sum(sum(r.errors.values()) for r in self.runs)
        p99 = _percentile(accepted, 0.99)
        ok = (bool(accepted) and lost == 0 and errors == 0 and self.counted
              and p99 < TARGET_EDITORS_P99_MS)
        each = [len(r.accepted_ms) for r in self.runs]
        return (f"| {title} | {len(self.runs)} | {self.elapsed:.0f} | {len(accepted)} | "
                f"{min(each, default=0)}–{max(each, default=0)} | "
                f"{retried} | {conflicts} | {lost} | {errors} | "
                f"{_percentile(accepted, 0.5):.0f} | {p99:.0f} | {max(accepted, default=0):.0f} "
                f"| {self.first_revision} → {self.final_revision}"
                f"{'' if self.counted else ' (not one a save)'} | {_met(ok)} |")


def run_editors(url: str, proposal_id: int, editors: list[tuple[str, str]],
                parts: list[tuple[str, Path_]], seconds: float,
                max_requests: int = MAX_REQUESTS) -> EditorsResult:
    """The editors (user, API token) at ``url`` for ``seconds``, each on its own part,
    then the final revision checked against every editor's accepted edits."""
    runs = [EditorRun(name, kind, path) for (name, _), (kind, path) in zip(editors, parts,
                                                                             strict=True)]
    budget, lock = [max_requests], threading.Lock()
    clients = [httpx.Client(base_url=url, timeout=120,
                            headers={"Authorization": f"Bearer {token}"})
               for _, token in editors]
    reader = clients[0]
    try:
        first = _head(reader, proposal_id)
        start = time.monotonic()
        threads = [threading.Thread(target=_editor, args=(client, proposal_id, run,
                                                          start + seconds, budget, lock))
                   for client, run in zip(clients, runs, strict=True)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(seconds + 300)
        elapsed = time.monotonic() - start
        head = _head(reader, proposal_id)
        final = reader.get(f"/api/v1/proposals/{proposal_id}/revisions/{head}").json()
    finally:
        for client in clients:
            client.close()
    for run in runs:
        run.check(_at(final, run.path))
    return EditorsResult(runs, elapsed, first, head)


def _head(client: httpx.Client, proposal_id: int) -> int:
    """The proposal's head revision, from its ETag."""
    answer = client.get(f"/api/v1/proposals/{proposal_id}")
    answer.raise_for_status()
    return int(answer.headers["etag"].strip('"'))


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


@contextmanager
def _attempt(failures: list[str], what: str) -> Iterator[None]:
    try:
        yield
    except Exception as error:
        message = " ".join(str(error).split())[:300]
        failures.append(f"{what}: {error.__class__.__name__}: {message}")


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
        f"Targets: 0 lost changes, p99 of the accepted saves < {TARGET_EDITORS_P99_MS:.0f} "
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
