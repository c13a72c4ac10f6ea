"""Load tests of the web app: `rbb serve` on SQLite and on PostgreSQL, driven by
concurrent keep-alive clients, against the targets of issue 12.

1. **Mixed load** (the seeds): the overview, a class history, a framework page and
   the main API endpoints; also while an editor's 19 MB upload is being parsed (a
   dry-run import through the API, one after another for the whole run: the parse
   must never hold up the readers). Target: no error, p99 under 200 ms.
2. **Pages with the cache on and with nothing cached** (``RBB_CACHE=off``: every
   request reads the store afresh, as the first one after a change does): the budget
   financial page, a framework component page and the JSON money table, one address
   at a time, with 1 and 2 worker processes (``rbb serve --workers``), against
   **datasette 0.65.5** started in the same run on the same facts (its own virtual
   environment, ``benches/.datasette-venv``, created when absent; it serves the
   SQLite store file itself, read-only with ``--immutable``). Targets: rbb nothing
   cached ≥ 5× datasette's requests/s, p99 < 200 ms for pages and < 100 ms for JSON.
3. **The first request after another process changed the store** (``rbb load`` of
   the budget, then the version check interval): at most 5× a request of /healthz.
4. **Generated stores** (benches/generated_store.py) of 50, 500 and 5,000
   documents: requests spread over every page of every document of the largest
   (cache on; p99 < 200 ms, 0 errors), and single requests of ``/``, ``/checks`` and
   ``/api/v1/findings`` with nothing cached on each size (< 100 ms on 5,000), the
   table docs/scale.md copies.
5. The profile of the uncached budget financial page (benches/profile_page.py).

Loopback only (127.0.0.1), and bounded: each run stops after ``SECONDS`` or
``MAX_REQUESTS`` requests, whichever comes first. The clients are a minimal
HTTP/1.1 implementation on asyncio streams, so that the load generator, which
shares the machine with the server, costs as little CPU as possible.

A quick run that only proves the code works::

    RBB_BENCH_WEB_SECONDS=3 RBB_BENCH_WEB_CLIENTS=5 RBB_BENCH_WEB_SIZES=50 \\
    RBB_BENCH_WEB_BACKENDS=sqlite RBB_BENCH_WEB_REPEATS=2 python benches/bench_web.py
"""

from __future__ import annotations

import asyncio
import http.client
import json
import os
import random
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
import uuid
from collections import Counter
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import httpx
from sqlalchemy import create_engine, text

from rbb.importers import import_path
from rbb.storage import DocumentStore, create_database_engine, upgrade
from rbb.storage.accounts import AccountStore, Role

if __package__ in (None, ""):  # run as a file by benches/run.py or by hand
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from benches import generated_store
from benches.common import machine

HERE = Path(__file__).resolve().parent
SEEDS = HERE.parent / "src" / "rbb" / "data" / "seeds"
POSTGRES = "postgresql+psycopg://postgres@127.0.0.1:5432/test"
HOST = "127.0.0.1"
CLIENTS = int(os.environ.get("RBB_BENCH_WEB_CLIENTS", "50"))
SECONDS = float(os.environ.get("RBB_BENCH_WEB_SECONDS", "15"))
"""Each load scenario's duration."""
SIZES = tuple(int(n) for n in os.environ.get("RBB_BENCH_WEB_SIZES", "50,500,5000").split(","))
"""Generated stores timed single-request; the largest also takes the spread load."""
BACKENDS = tuple(os.environ.get("RBB_BENCH_WEB_BACKENDS", "sqlite,postgresql").split(","))
REPEATS = int(os.environ.get("RBB_BENCH_WEB_REPEATS", "5"))
"""Changes timed for the first request after another process changed the store."""
PROFILE_REQUESTS = int(os.environ.get("RBB_BENCH_WEB_PROFILE_REQUESTS", "50"))
MAX_REQUESTS = 200_000
TARGET_P99_MS = 200.0
TARGET_JSON_P99_MS = 100.0
TARGET_RATIO = 5.0
"""rbb with nothing cached against datasette (requests/s); also the most the first
request after a change may cost, in requests of /healthz."""
TARGET_SINGLE_MS = 100.0
UPLOAD_BYTES = 19 * 1024 * 1024
EDITOR = "bench-editor"
DATASETTE = "0.65.5"
DATASETTE_VENV = HERE / ".datasette-venv"
CACHE_SECONDS = 1.0
"""``RBB_CACHE_SECONDS`` of the servers (the default): the version check interval."""
SINGLE_TIMEOUT = 300.0
SLOW_MS = 10_000.0
"""A single request slower than this is not repeated."""
START_SECONDS = 600.0
"""The longest a server may take to answer its first request."""

PATHS = (
    "/missions/UNMIK/2025-26",
    "/missions/UNMIK/2021-22",
    "/missions/UNMIK/classes/international_staff",
    "/missions/UNMIK/2025-26/budget/frameworks/substantive",
    "/api/v1/missions",
    "/api/v1/documents",
    "/api/v1/missions/UNMIK/periods/2025-26",
    "/api/v1/documents/UNMIK/2025-26/budget/financial-tables/financial_resources",
    "/api/v1/missions/UNMIK/classes/international_staff",
    "/api/v1/findings",
)
FINANCIAL = "/missions/UNMIK/2025-26/budget/financial"
COMPONENT = "/missions/UNMIK/2025-26/budget/frameworks/substantive"
TABLE_JSON = "/api/v1/documents/UNMIK/2025-26/budget/financial-tables/financial_resources"
PAGES = ((FINANCIAL, "budget financial page", False),
         (COMPONENT, "framework component page", False),
         (TABLE_JSON, "JSON money table", True))
"""(address, name, is JSON) of the pages measured one at a time."""
FINDINGS_PAGE_SIZE = 100
"""Findings asked for per page of ``/api/v1/findings`` when it is paginated."""


# --- stores -------------------------------------------------------------------------


def seed_store(url: str, schema: str | None = None) -> str:
    """The two seeds with their stored findings, and an editor with an API token
    (returned) for the uploads."""
    from rbb.services.stored_findings import refresh_findings

    engine = create_database_engine(url, schema=schema)
    upgrade(engine)
    store = DocumentStore(engine)
    for name in generated_store.SEED_FILES:
        result = import_path(SEEDS / name)
        assert result.document is not None, result.diagnostics
        store.save(result.document, result.diagnostics)
    refresh_findings(engine)
    accounts = AccountStore(engine)
    accounts.add_user(EDITOR, f"uploads {uuid.uuid4().hex} while reading", Role.EDITOR)
    _, secret = accounts.create_token(EDITOR, "bench")
    engine.dispose()
    return secret


@dataclass
class Backend:
    """Where one run's stores live: files in a folder, or schemas of PostgreSQL."""

    name: str
    folder: Path
    schemas: list[str] = field(default_factory=list)

    def store(self, label: str) -> tuple[str, str | None]:
        """(URL for ``rbb serve --db``, schema for ``create_database_engine``) of a new
        empty store called ``label``."""
        if self.name == "sqlite":
            return f"sqlite:///{self.folder / f'{label}.sqlite'}", None
        schema = f"rbb_bench_web_{label}_{uuid.uuid4().hex[:8]}"
        admin = create_engine(POSTGRES, connect_args={"connect_timeout": 3})
        try:
            with admin.begin() as connection:
                connection.execute(text(f'CREATE SCHEMA "{schema}"'))
        finally:
            admin.dispose()
        self.schemas.append(schema)
        return f"{POSTGRES}?options=-csearch_path%3D{schema}", schema

    def drop(self) -> None:
        if not self.schemas:
            return
        admin = create_engine(POSTGRES)
        with admin.begin() as connection:
            for schema in self.schemas:
                connection.execute(text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
        admin.dispose()

    @property
    def title(self) -> str:
        return "SQLite" if self.name == "sqlite" else "PostgreSQL"


def _postgres_available() -> bool:
    try:
        admin = create_engine(POSTGRES, connect_args={"connect_timeout": 3})
        with admin.connect() as connection:
            connection.execute(text("SELECT 1"))
        admin.dispose()
    except Exception:
        return False
    return True


# --- servers ------------------------------------------------------------------------


def _free_port() -> int:
    import socket

    with socket.socket() as probe:
        probe.bind((HOST, 0))
        port: int = probe.getsockname()[1]
        return port


class UnsupportedError(Exception):
    """The command refused an option this run asked for (say why in the results)."""


class Server:
    """A server in a child process of its own, answering /healthz (or ``ready``)."""

    def __init__(self, command: Sequence[str], env: dict[str, str] | None = None,
                 ready: str = "/healthz", port: int | None = None) -> None:
        self.port = port or _free_port()
        self.ready = ready
        self.log = tempfile.TemporaryFile()  # noqa: SIM115 (closed by __exit__)
        self.process = subprocess.Popen(list(command), env={**os.environ, **(env or {})},
                                        stdout=subprocess.DEVNULL, stderr=self.log)

    @classmethod
    def rbb(cls, db: str, *, cache: bool = True, workers: int = 1) -> Server:
        """`rbb serve`, with the page cache on or off and ``workers`` processes."""
        port = _free_port()
        command = [sys.executable, "-c", "from rbb.cli import main; main()", "serve",
                   "--host", HOST, "--port", str(port), "--db", db]
        if workers != 1:
            command += ["--workers", str(workers)]
        env = {"RBB_TRANSPARENCY": "on", "RBB_CACHE": "on" if cache else "off",
               "RBB_CACHE_SECONDS": f"{CACHE_SECONDS:.0f}"}
        return cls(command, env, port=port)

    def _stderr(self) -> str:
        self.log.seek(0)
        return self.log.read().decode(errors="replace")

    def __enter__(self) -> Server:
        # Generous: `rbb serve` brings stale stored findings up to date before serving.
        deadline = time.monotonic() + START_SECONDS
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(f"http://{HOST}:{self.port}{self.ready}",
                                            timeout=2):
                    return self
            except OSError:
                if self.process.poll() is not None:
                    message = self._stderr()
                    self.log.close()
                    if self.process.returncode == 2:  # a usage error: an unknown option
                        raise UnsupportedError(message.strip().splitlines()[-1] if message
                                               else "usage error") from None
                    raise RuntimeError(message) from None
                time.sleep(0.2)
        self.__exit__()
        raise RuntimeError(f"the server did not start within {START_SECONDS:.0f} s")

    def __exit__(self, *_: object) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self.log.close()


# --- the load generator ---------------------------------------------------------------


async def _get(reader: asyncio.StreamReader, writer: asyncio.StreamWriter,
               path: str) -> bytes:
    """One GET on a kept-alive connection; the status line (the body is read and
    dropped, with a Content-Length or chunked)."""
    writer.write(f"GET {path} HTTP/1.1\r\nHost: {HOST}\r\n\r\n".encode())
    await writer.drain()
    status = await reader.readline()
    length, chunked = 0, False
    while True:
        line = await reader.readline()
        if line in (b"\r\n", b""):
            break
        name, _, value = line.partition(b":")
        name = name.strip().lower()
        if name == b"content-length":
            length = int(value)
        elif name == b"transfer-encoding" and b"chunked" in value.lower():
            chunked = True
    if not chunked:
        await reader.readexactly(length)
        return status
    while True:
        size = int((await reader.readline()).split(b";")[0], 16)
        await reader.readexactly(size + 2)
        if size == 0:
            return status


@dataclass
class Load:
    """What one load run measured."""

    latencies: dict[str, list[float]]
    errors: Counter[str]
    elapsed: float

    @property
    def every(self) -> list[float]:
        return [v for values in self.latencies.values() for v in values]

    @property
    def rate(self) -> float:
        return len(self.every) / self.elapsed if self.elapsed else 0.0

    def p(self, share: float) -> float:
        return _percentile(self.every, share)

    def met(self, p99_ms: float) -> bool:
        return bool(self.every) and not self.errors and self.p(0.99) < p99_ms


async def _client(port: int, paths: Sequence[str], offset: int, deadline: float,
                  budget: list[int], load: Load) -> None:
    reader, writer = await asyncio.open_connection(HOST, port)
    index = offset
    try:
        while time.monotonic() < deadline and budget[0] > 0:
            budget[0] -= 1
            path = paths[index % len(paths)]
            index += 1
            start = time.perf_counter()
            status = await _get(reader, writer, path)
            load.latencies.setdefault(path, []).append((time.perf_counter() - start) * 1000)
            if not status.startswith(b"HTTP/1.1 200"):
                load.errors[f"{path}: {status.decode().strip()}"] += 1
    except (OSError, asyncio.IncompleteReadError, ValueError) as error:
        load.errors[f"connection: {error.__class__.__name__}"] += 1
    finally:
        writer.close()


async def _load_async(port: int, paths: Sequence[str], clients: int,
                      seconds: float) -> Load:
    load = Load({}, Counter(), 0.0)
    budget = [MAX_REQUESTS]
    start = time.monotonic()
    deadline = start + seconds
    # Clients start spread over the list, so that they do not read the same address
    # one after another (which a cache would make cheap).
    step = max(1, len(paths) // clients)
    tasks = [asyncio.ensure_future(_client(port, paths, n * step, deadline, budget, load))
             for n in range(clients)]
    _, pending = await asyncio.wait(tasks, timeout=seconds + 60)
    for task in pending:
        task.cancel()
        load.errors["no answer 60 s after the end of the run"] += 1
    load.elapsed = time.monotonic() - start
    return load


def _load(port: int, paths: Sequence[str], clients: int = CLIENTS,
          seconds: float = SECONDS) -> Load:
    return asyncio.run(_load_async(port, paths, clients, seconds))


def _warm(port: int, paths: Sequence[str]) -> None:
    for path in paths:
        with urllib.request.urlopen(f"http://{HOST}:{port}{path}", timeout=120) as response:
            assert response.status == 200, path


def _percentile(values: list[float], share: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


# --- 1. mixed load ----------------------------------------------------------------------


def _upload_body() -> bytes:
    """A 19 MB report: the performance seed's text repeated, as a long annex would be."""
    seed = (SEEDS / "unmik-performance-2021-22.txt").read_bytes()
    return (seed * (UPLOAD_BYTES // len(seed) + 1))[:UPLOAD_BYTES]


class Uploads:
    """An editor's dry-run imports of a 19 MB file, one after another, in a thread."""

    def __init__(self, port: int, token: str) -> None:
        self.port, self.token = port, token
        self.stop = threading.Event()
        self.done: list[tuple[int, float]] = []
        self.thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        body = _upload_body()
        with httpx.Client(base_url=f"http://{HOST}:{self.port}", timeout=300) as client:
            while not self.stop.is_set():
                start = time.perf_counter()
                answer = client.post("/api/v1/imports", params={"dry_run": "true"},
                                     headers={"Authorization": f"Bearer {self.token}"},
                                     files={"file": ("annex.txt", body, "text/plain")})
                self.done.append((answer.status_code, time.perf_counter() - start))

    def __enter__(self) -> Uploads:
        self.thread.start()
        return self

    def __exit__(self, *_: object) -> None:
        self.stop.set()
        self.thread.join()


def _mixed(db: str, uploading: str | None = None) -> tuple[str, list[str]]:
    """The mixed load on a warm server; with ``uploading`` (an editor's token), while
    the uploads run. A row of the summary, and one row per endpoint."""
    uploaded: list[float] = []
    with Server.rbb(db) as server:
        _warm(server.port, PATHS)
        if uploading is None:
            load = _load(server.port, PATHS)
        else:
            with Uploads(server.port, uploading) as uploads:
                load = _load(server.port, PATHS)
            statuses = Counter(status for status, _ in uploads.done)
            if not uploads.done:
                load.errors["no upload finished during the run"] += 1
            for status, count in statuses.items():
                if status not in (200, 422):
                    load.errors[f"upload: HTTP {status}"] += count
            uploaded = [seconds for _, seconds in uploads.done]
    every = load.every
    verdict = "met" if load.met(TARGET_P99_MS) else "**missed**"
    row = (f"{len(every)} | {load.rate:.0f} | {load.p(0.5):.1f} | {load.p(0.95):.1f} | "
           f"{load.p(0.99):.1f} | {max(every, default=0):.1f} | {sum(load.errors.values())} "
           f"| {verdict}")
    per_path = [f"| {path} | {len(values)} | {statistics.median(values):.1f} | "
                f"{_percentile(values, 0.99):.1f} |" for path, values in load.latencies.items()
                if values]
    if uploaded:
        per_path.append(f"| upload: POST /api/v1/imports?dry_run=true, 19 MB (ms) | "
                        f"{len(uploaded)} | {statistics.median(uploaded) * 1000:.0f} | "
                        f"{max(uploaded) * 1000:.0f} (max) |")
    per_path += [f"| error: {what} | {count} | | |" for what, count in load.errors.items()]
    return row, per_path


# --- 2. pages with and without the cache, and datasette ----------------------------------


@dataclass
class PageRun:
    backend: str
    name: str
    json: bool
    cache: bool
    workers: int
    load: Load | None
    skipped: str = ""

    def row(self) -> str:
        setting = f"{self.backend} | {self.name} | {'on' if self.cache else 'off'} | " \
                  f"{self.workers}"
        if self.load is None:
            return f"| {setting} | skipped: {self.skipped} | | | | | |"
        load, target = self.load, TARGET_JSON_P99_MS if self.json else TARGET_P99_MS
        return (f"| {setting} | {len(load.every)} | {load.rate:.0f} | {load.p(0.5):.1f} | "
                f"{load.p(0.99):.1f} | {sum(load.errors.values())} | "
                f"{'met' if load.met(target) else '**missed**'} (p99 < {target:.0f} ms) |")


def _pages(db: str, backend: str) -> list[PageRun]:
    """Each page alone under the load: cache on, nothing cached, and nothing cached
    with two workers."""
    runs = []
    for cache, workers, pages in ((True, 1, PAGES), (False, 1, PAGES), (False, 2, PAGES)):
        try:
            with Server.rbb(db, cache=cache, workers=workers) as server:
                # Each worker warm (templates compiled): new connections go to either.
                _warm(server.port, [path for path, _, _ in pages] * (2 * workers))
                for path, name, is_json in pages:
                    runs.append(PageRun(backend, name, is_json, cache, workers,
                                        _load(server.port, [path])))
        except UnsupportedError as refused:
            runs += [PageRun(backend, name, is_json, cache, workers, None,
                             f"`rbb serve --workers {workers}` refused ({refused})")
                     for _, name, is_json in pages]
    return runs


def _datasette_command() -> Path:
    """``datasette`` of its own virtual environment, made when absent."""
    command = DATASETTE_VENV / "bin" / "datasette"
    if not command.exists():
        subprocess.run([sys.executable, "-m", "venv", str(DATASETTE_VENV)], check=True)
        subprocess.run([str(DATASETTE_VENV / "bin" / "python"), "-m", "pip", "install",
                        "--quiet", f"datasette=={DATASETTE}"], check=True)
    return command


def _datasette(sqlite_file: Path) -> tuple[list[tuple[str, bool, Load]], str]:
    """datasette serving the SQLite store itself (``--immutable``: read-only, no locks):
    its facts table as HTML and as JSON (100 rows)."""
    with sqlite3.connect(sqlite_file) as connection:  # everything into the main file
        connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        facts = connection.execute("SELECT count(*) FROM facts").fetchone()[0]
    database = sqlite_file.stem
    port = _free_port()
    command = [str(_datasette_command()), "serve", "--immutable", str(sqlite_file),
               "--host", HOST, "--port", str(port)]
    html = f"/{database}/facts"
    data = f"/{database}/facts.json?_size=100"
    runs = []
    with Server(command, ready=f"/{database}/facts.json?_size=1", port=port):
        _warm(port, [html, data])
        runs.append(("facts table page (HTML)", False, _load(port, [html])))
        runs.append(("facts table JSON, 100 rows", True, _load(port, [data])))
    return runs, (f"datasette {DATASETTE} serving the SQLite store of the seeds "
                  f"(`--immutable`; {facts:,} facts), `{html}` and `{data}`")


def _comparison(pages: list[PageRun], datasette: list[tuple[str, bool, Load]]) -> list[str]:
    """rbb nothing cached (1 worker, and 2) against datasette, page by page."""
    theirs = {is_json: load for _, is_json, load in datasette}
    rows = []
    for run in pages:
        if run.cache or run.load is None:
            continue
        other = theirs.get(run.json)
        if other is None or not other.rate:
            continue
        ratio = run.load.rate / other.rate
        target = TARGET_JSON_P99_MS if run.json else TARGET_P99_MS
        verdict = "met" if ratio >= TARGET_RATIO and run.load.met(target) else "**missed**"
        rows.append(f"| {run.backend} | {run.name} | {run.workers} | {run.load.rate:.0f} | "
                    f"{run.load.p(0.99):.1f} | {other.rate:.0f} | {other.p(0.99):.1f} | "
                    f"{ratio:.1f}× | {verdict} |")
    return rows


# --- 3. the first request after another process changed the store ------------------------


def _budget_json(url: str, schema: str | None, folder: Path) -> Path:
    from rbb.services.data_format import to_json

    engine = create_database_engine(url if schema is None else POSTGRES, schema=schema)
    try:
        document = DocumentStore(engine).load("UNMIK", "2025/26", "budget")
    finally:
        engine.dispose()
    path = folder / f"budget-{uuid.uuid4().hex[:8]}.json"
    path.write_text(to_json(document), encoding="utf-8")
    return path


def _first_after_change(db: str, document: Path) -> str:
    """``rbb load`` of the budget (another process), the version check interval, then
    the budget financial page: its time against the median of /healthz, both on one
    new kept-alive connection (the server closes idle ones after 5 s; /healthz reads
    nothing of the store, so the page's request is still the first after the change)."""
    firsts, healthz, ratios = [], [], []

    def timed(connection: http.client.HTTPConnection, path: str) -> float:
        start = time.perf_counter()
        connection.request("GET", path)
        answer = connection.getresponse()
        answer.read()
        assert answer.status == 200, (path, answer.status)
        return (time.perf_counter() - start) * 1000

    with Server.rbb(db) as server:
        _warm(server.port, [FINANCIAL])
        for _ in range(REPEATS):
            subprocess.run([sys.executable, "-c", "from rbb.cli import main; main()", "load",
                            str(document), "--db", db], check=True,
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            time.sleep(CACHE_SECONDS + 0.3)
            connection = http.client.HTTPConnection(HOST, server.port, timeout=SINGLE_TIMEOUT)
            try:
                health = statistics.median(timed(connection, "/healthz") for _ in range(30))
                first = timed(connection, FINANCIAL)
            finally:
                connection.close()
            firsts.append(first)
            healthz.append(health)
            ratios.append(first / health)
    ratio = statistics.median(ratios)
    verdict = "met" if ratio <= TARGET_RATIO else "**missed**"
    return (f"{REPEATS} | {statistics.median(healthz):.2f} | "
            f"{', '.join(f'{ms:.1f}' for ms in firsts)} | {ratio:.1f}× | {verdict}")


# --- 4. generated stores: spread load and single requests ---------------------------------


def spread_addresses(size: int) -> list[str]:
    """Every page of every document of a generated store: its overview (the period's),
    financial page, framework component pages and JSON money table, in a fixed
    shuffled order."""
    budget, performance = generated_store.seeds()
    components = ([c.key for c in budget.components], [c.key for c in performance.components])
    addresses = []
    for key in generated_store.keys(size):
        page = f"/missions/{key.code}/{key.period_slug}/{key.kind}"
        # A document's own address redirects to its period's overview: ask for that.
        addresses += [f"/missions/{key.code}/{key.period_slug}", f"{page}/financial",
                      *(f"{page}/frameworks/{c}" for c in components[key.seed]),
                      f"/api/v1/documents/{key.code}/{key.period_slug}/{key.kind}"
                      "/financial-tables/financial_resources"]
    random.Random(12).shuffle(addresses)
    return addresses


def _spread(db: str, size: int, documents: int, workers: int) -> str:
    addresses = spread_addresses(size)
    with Server.rbb(db, workers=workers) as server:
        _warm(server.port, addresses[:2 * workers])
        load = _load(server.port, addresses)
    every = load.every
    verdict = "met" if load.met(TARGET_P99_MS) else "**missed**"
    errors = "; ".join(f"{what}: {count}" for what, count in load.errors.most_common(3))
    return (f"{documents:,} | {workers} | {len(addresses):,} | {len(every)} | "
            f"{load.rate:.0f} | "
            f"{load.p(0.5):.1f} | {load.p(0.95):.1f} | {load.p(0.99):.1f} | "
            f"{max(every, default=0):.1f} | {sum(load.errors.values())}"
            f"{f' ({errors})' if errors else ''} | {verdict}")


def _findings_address(port: int) -> str:
    """``/api/v1/findings``, asking for one page when the API offers pagination (its
    OpenAPI names the parameter)."""
    with urllib.request.urlopen(f"http://{HOST}:{port}/api/v1/openapi.json",
                                timeout=60) as response:
        operation = json.load(response)["paths"]["/findings"]["get"]
    names = {parameter["name"] for parameter in operation.get("parameters", [])}
    for name in ("limit", "page_size", "per_page", "size"):
        if name in names:
            return f"/api/v1/findings?{name}={FINDINGS_PAGE_SIZE}"
    return "/api/v1/findings"


def _single(db: str) -> dict[str, tuple[float, str]]:
    """Median of three requests of each address, one at a time, nothing cached (one
    only when it takes more than ``SLOW_MS``)."""
    timings: dict[str, tuple[float, str]] = {}
    with Server.rbb(db, cache=False) as server:
        findings = _findings_address(server.port)
        for name, path in (("/", "/"), ("/checks", "/checks"),
                           ("/api/v1/findings", findings)):
            samples = []
            for _ in range(3):
                start = time.perf_counter()
                try:
                    with urllib.request.urlopen(f"http://{HOST}:{server.port}{path}",
                                                timeout=SINGLE_TIMEOUT) as response:
                        response.read()
                except OSError as error:
                    timings[name] = (float("nan"), f"{error.__class__.__name__}")
                    break
                samples.append((time.perf_counter() - start) * 1000)
                if samples[-1] > SLOW_MS:  # one is enough to miss: keep the run short
                    break
            else:
                timings[name] = (statistics.median(samples), path)
    return timings


def _single_table(results: dict[str, dict[int, tuple[int, dict[str, tuple[float, str]]]]]
                  ) -> list[str]:
    sizes = sorted({size for by_size in results.values() for size in by_size})
    counts = {size: count for by_size in results.values()
              for size, (count, _) in by_size.items()}
    lines = ["| store | page | " + " | ".join(f"{counts[s]:,} documents, ms" for s in sizes)
             + f" | target (largest) < {TARGET_SINGLE_MS:.0f} ms |",
             "| --- | --- | " + " | ".join("---:" for _ in sizes) + " | --- |"]
    for backend, by_size in results.items():
        for page in ("/", "/checks", "/api/v1/findings"):
            cells, last = [], float("nan")
            for size in sizes:
                ms, note = by_size[size][1].get(page, (float("nan"), "not run"))
                last = ms
                cells.append(f"{ms:.1f}" if ms == ms else f"n/a ({note})")
            verdict = "met" if last == last and last < TARGET_SINGLE_MS else "**missed**"
            lines.append(f"| {backend} | `{page}` | " + " | ".join(cells) + f" | {verdict} |")
    return lines


# --- the whole run -------------------------------------------------------------------------


@contextmanager
def _backends(folder: Path) -> Iterator[list[Backend]]:
    # SQLite first: PostgreSQL copies its generated stores.
    chosen = [Backend(name, folder) for name in sorted(BACKENDS, key=lambda n: n != "sqlite")]
    try:
        yield chosen
    finally:
        for backend in chosen:
            backend.drop()


@contextmanager
def _attempt(failures: list[str], what: str) -> Iterator[None]:
    """A scenario that fails is reported as failed, and the others still run: one
    broken page must not cost the whole run's results."""
    try:
        yield
    except Exception as error:
        message = " ".join(str(error).split())[:300]
        failures.append(f"{what}: {error.__class__.__name__}: {message}")


def run() -> str:
    from benches.profile_page import profile

    mixed_rows: list[str] = []
    details: list[tuple[str, list[str]]] = []
    pages: list[PageRun] = []
    datasette: list[tuple[str, bool, Load]] = []
    datasette_note = "datasette (not run: no SQLite backend in this run)"
    firsts: list[str] = []
    spreads: list[str] = []
    singles: dict[str, dict[int, tuple[int, dict[str, tuple[float, str]]]]] = {}
    notes: list[str] = []
    failures: list[str] = []
    profile_text = ""
    with tempfile.TemporaryDirectory() as name, _backends(Path(name)) as backends:
        folder = Path(name)
        for backend in backends:
            title = backend.title
            if backend.name == "postgresql" and not _postgres_available():
                mixed_rows.append("| PostgreSQL | n/a (no server at 127.0.0.1:5432) | | | | "
                                  "| | | |")
                continue
            with _attempt(failures, f"{title}: the seeds' store"):
                url, schema = backend.store("seeds")
                token = seed_store(url if schema is None else POSTGRES, schema)
                with _attempt(failures, f"{title}: mixed load"):
                    row, per_path = _mixed(url)
                    mixed_rows.append(f"| {title} | {row} |")
                    details.append((title, per_path))
                if backend.name == "sqlite":
                    with _attempt(failures, f"{title}: mixed load while uploading"):
                        row, per_path = _mixed(url, uploading=token)
                        uploading = "SQLite, while 19 MB uploads are parsed"
                        mixed_rows.append(f"| {uploading} | {row} |")
                        details.append((uploading, per_path))
                with _attempt(failures, f"{title}: one page at a time"):
                    pages += _pages(url, title)
                if backend.name == "sqlite":
                    with _attempt(failures, "datasette"):
                        datasette, datasette_note = _datasette(folder / "seeds.sqlite")
                    with _attempt(failures, "profile"):
                        profile_text = profile(url, FINANCIAL, PROFILE_REQUESTS)
                with _attempt(failures, f"{title}: first request after a change"):
                    document = _budget_json(url, schema, folder)
                    firsts.append(f"| {title} | {_first_after_change(url, document)} |")
            for size in sorted(SIZES):
                with _attempt(failures, f"{title}: generated store of {size}"):
                    url, schema = backend.store(f"generated{size}")
                    built_sqlite = folder / f"generated{size}.sqlite"
                    if schema is not None and built_sqlite.exists():
                        built = generated_store.copy_store(f"sqlite:///{built_sqlite}",
                                                           POSTGRES, schema=schema)
                        notes.append(f"{title}, {built.documents:,} documents: copied from "
                                     "the SQLite store with its stored findings (COPY) in "
                                     f"{built.store_seconds:.0f} s")
                    else:
                        built = generated_store.build_store(
                            url if schema is None else POSTGRES, size, schema=schema)
                        notes.append(f"{title}, {built.documents:,} documents: stored in "
                                     f"{built.store_seconds:.0f} s, the findings of "
                                     f"{built.checked:,} computed and stored in "
                                     f"{built.findings_seconds:.0f} s")
                    with _attempt(failures, f"{title}: single requests, {size}"):
                        singles.setdefault(title, {})[size] = (built.documents, _single(url))
                    if size == max(SIZES):
                        for workers in (1, 2):
                            with _attempt(failures, f"{title}: spread load, {size}, "
                                                    f"{workers} worker(s)"):
                                row = _spread(url, size, built.documents, workers)
                                spreads.append(f"| {title} | {row} |")
    return _section(mixed_rows, details, pages, datasette, datasette_note, firsts, spreads,
                    singles, notes, profile_text, failures)


def _section(mixed_rows: list[str], details: list[tuple[str, list[str]]],
             pages: list[PageRun], datasette: list[tuple[str, bool, Load]],
             datasette_note: str, firsts: list[str], spreads: list[str],
             singles: dict[str, dict[int, tuple[int, dict[str, tuple[float, str]]]]],
             notes: list[str], profile_text: str, failures: list[str]) -> str:
    body = "\n".join(
        f"\n{name}, by endpoint:\n\n| endpoint | requests | p50 ms | p99 ms |\n"
        "| --- | ---: | ---: | ---: |\n" + "\n".join(per_path) for name, per_path in details)
    page_rows = [run.row() for run in pages]
    page_rows += [f"| datasette | {name} | | 1 | {len(load.every)} | {load.rate:.0f} | "
                  f"{load.p(0.5):.1f} | {load.p(0.99):.1f} | {sum(load.errors.values())} | |"
                  for name, _, load in datasette]
    return "\n".join([
        "## Web app under load (`rbb serve`)",
        "",
        f"Machine: {machine()}  ",
        f"Date: {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}  ",
        f"{CLIENTS} concurrent keep-alive clients for {SECONDS:.0f} s per scenario (at most "
        f"{MAX_REQUESTS:,} requests) on 127.0.0.1; transparency mode on, anonymous. Client "
        "and server share the machine. benches/bench_web.py.",
        "",
        *([f"**Failed, so missing below:** {'; '.join(failures)}.", ""] if failures else []),
        "### Mixed load on the seeds",
        "",
        f"Target: no error and p99 under {TARGET_P99_MS:.0f} ms. The clients cycle through "
        f"{len(PATHS)} pages and API endpoints (overview, class history, framework, "
        "missions, documents, period overview, money table, class history JSON, findings) "
        "with the cache on. The row 'while 19 MB uploads are parsed' runs the same load "
        "while an editor's dry-run imports of a 19 MB text (the performance seed repeated) "
        "follow one another through the API for the whole run. (On 2026-12-03, before "
        "uploads were read in a worker process and their own checks run there, a shorter "
        "run of the same scenario, 20 clients for 8 s, had p99 25,766 ms: every request "
        "waited for the parse.)",
        "",
        "| store | requests | req/s | p50 ms | p95 ms | p99 ms | max ms | errors | target |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |",
        *mixed_rows,
        body,
        "",
        "### One page at a time: cache on, nothing cached, and datasette",
        "",
        "Each page alone under the load, on the seeds. Cache off is `RBB_CACHE=off`: no "
        "snapshot reused, no page kept, every request reads the store afresh (what the "
        "first request after a change costs). Workers: `rbb serve --workers`. "
        f"Compared with {datasette_note}, measured in the same run.",
        "",
        "| store | page | cache | workers | requests | req/s | p50 ms | p99 ms | errors | "
        "target |",
        "| --- | --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | --- |",
        *page_rows,
        "",
        f"Against the targets: rbb with nothing cached ≥ {TARGET_RATIO:.0f}× datasette's "
        f"requests/s (HTML page against its facts table page, JSON against its facts JSON), "
        f"p99 < {TARGET_P99_MS:.0f} ms for pages and < {TARGET_JSON_P99_MS:.0f} ms for JSON.",
        "",
        "| store | rbb page, nothing cached | workers | rbb req/s | rbb p99 ms | "
        "datasette req/s | datasette p99 ms | ratio | target |",
        "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | --- |",
        *_comparison(pages, datasette),
        "",
        "### The first request after another process changed the store",
        "",
        f"With the server running (cache on, `RBB_CACHE_SECONDS={CACHE_SECONDS:.0f}`), "
        "`rbb load` stores the budget again from its JSON in a process of its own; after "
        f"the version check interval ({CACHE_SECONDS:.0f} s + 0.3 s), on a new kept-alive "
        f"connection, 30 requests of `/healthz` (which reads nothing of the store) and then "
        f"the first request of `{FINANCIAL}`: its time against the median of `/healthz`. "
        f"Target: at most {TARGET_RATIO:.0f}× (median of the repeats).",
        "",
        "| store | repeats | /healthz median ms | first request ms (each) | median ratio | "
        "target |",
        "| --- | ---: | ---: | --- | ---: | --- |",
        *firsts,
        "",
        "### Generated stores: spread load and single requests",
        "",
        "Stores of benches/generated_store.py (the seeds moved in time and scaled, per "
        "mission), with their findings stored. Spread load: cache on, the clients walk "
        "every document's overview, financial page, framework component pages and JSON "
        f"money table in a fixed shuffled order. Target: p99 < {TARGET_P99_MS:.0f} ms, "
        "0 errors.",
        "",
        "| store | documents | workers | addresses | requests | req/s | p50 ms | p95 ms | "
        "p99 ms | max ms | errors | target |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- | --- |",
        *spreads,
        "",
        "Single requests with nothing cached (`RBB_CACHE=off`), one at a time, median of 3, "
        "milliseconds (docs/scale.md copies this table). `/api/v1/findings` asks for "
        f"{FINDINGS_PAGE_SIZE} findings when the API is paginated. Target on the largest "
        f"store: < {TARGET_SINGLE_MS:.0f} ms.",
        "",
        *_single_table(singles),
        "",
        "Building the stores: " + "; ".join(notes) + ".",
        "",
        "### Profile of the uncached budget financial page",
        "",
        profile_text or "not run (no SQLite backend in this run)",
        "",
    ])


if __name__ == "__main__":
    print(run())
