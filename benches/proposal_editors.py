"""The editors of benches/bench_proposals.py: each its own part of one proposal, saving
through the REST API of a real server (read the head and its ETag, change the part, POST
with ``If-Match``; on 409 read again and retry), each checking at every read, and in the
final revision, that its accepted edits are all there. Correct whether a stale save is
refused or merged."""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

import httpx

from benches.bench_web import _percentile
from rbb.model import Document, Stage
from rbb.services.proposal_workbook import main_table

MAX_REQUESTS = 20_000
"""All the editors' requests together, whatever the duration."""
TARGET_P99_MS = 500.0
"""The accepted saves' p99."""

JsonPath = tuple[str | int, ...]
"""Where an editor's part lives in the document's JSON."""


def editor_parts(document: Document, count: int) -> list[tuple[str, JsonPath]]:
    """``count`` different parts, money rows and texts in turn: ("money", path to the
    proposed cost estimate of a class) or ("text", path to a paragraph, an indicator's
    or an output's text)."""
    money: list[JsonPath] = []
    table = main_table(document)
    if table is not None:
        t = document.financial_tables.index(table)
        column = max((c for c in table.amount_columns() if c.stage is Stage.COST_ESTIMATES),
                     key=lambda c: c.period.start_year if c.period else 0).key
        money = [("financial_tables", t, "rows", r, "values", column)
                 for r, row in enumerate(table.rows)
                 if row.row_type.value == "item" and row.values.get(column) is not None]
    texts: list[JsonPath] = [("variance_explanations", e, "paragraphs", p, "text")
                          for e, x in enumerate(document.variance_explanations)
                          for p in range(len(x.paragraphs))]
    for c, component in enumerate(document.components):
        for a, ea in enumerate(component.expected_accomplishments):
            place = ("components", c, "expected_accomplishments", a)
            texts += [(*place, "indicators", i, "text") for i in range(len(ea.indicators))]
            texts += [(*place, "outputs", o, "text") for o in range(len(ea.outputs))]
    texts += [("paragraphs", p, "text") for p in range(len(document.paragraphs))]
    parts: list[tuple[str, JsonPath]] = []
    for n in range(max(len(money), len(texts))):
        parts += [("money", money[n])] if n < len(money) else []
        parts += [("text", texts[n])] if n < len(texts) else []
    if len(parts) < count:
        raise ValueError(f"the document has {len(parts)} parts for {count} editors")
    return parts[:count]


def _at(data: Any, path: JsonPath) -> Any:
    for step in path:
        data = data[step]
    return data


def _put(data: Any, path: JsonPath, value: Any) -> None:
    _at(data, path[:-1])[path[-1]] = value


@dataclass
class EditorRun:
    """What one editor did, and what it expects its part to hold now."""

    name: str
    kind: str
    path: JsonPath
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
              and p99 < TARGET_P99_MS)
        each = [len(r.accepted_ms) for r in self.runs]
        return (f"| {title} | {len(self.runs)} | {self.elapsed:.0f} | {len(accepted)} | "
                f"{min(each, default=0)}–{max(each, default=0)} | "
                f"{retried} | {conflicts} | {lost} | {errors} | "
                f"{_percentile(accepted, 0.5):.0f} | {p99:.0f} | {max(accepted, default=0):.0f} "
                f"| {self.first_revision} → {self.final_revision}"
                f"{'' if self.counted else ' (not one a save)'} | "
                f"{'met' if ok else '**missed**'} |")


def run_editors(url: str, proposal_id: int, editors: list[tuple[str, str]],
                parts: list[tuple[str, JsonPath]], seconds: float,
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
