"""``rbb check`` on both seeds and on a generated store of 500 documents.

The store holds 50 missions × 10 periods (2016/17 to 2025/26), one report per
mission and period, alternately the budget seed and the performance seed with
their periods shifted and every amount multiplied by the mission's number (an
integer factor keeps every identity of the tables exact; the prose keeps the
seed's amounts, so the prose checks report differences, as a real audit would
for unknown data). Target: the whole 500-document audit in under
10 seconds on SQLite.

Run alone with ``python benches/bench_check.py``: it prints the section and puts it
into benches/RESULTS.md under "## rbb check", leaving the other sections alone.
"""

from __future__ import annotations

import json
import os
import re
import sys
import tempfile
import time
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

from benches.common import machine, median_seconds

HERE = Path(__file__).resolve().parent
SEEDS = HERE.parent / "src" / "rbb" / "data" / "seeds"
FILES = ("unmik-budget-2025-26.txt", "unmik-performance-2021-22.txt")
MISSIONS = 50
PERIODS = 10
FIRST_PERIOD = 2016
TARGET_SECONDS = 10.0

# Fields of the data format that hold money (thousands of dollars): scaled.
_MONEY_LISTS = {
    "non_budgeted_contributions",
    "training_costs",
    "other_revenue",
    "official_travel",
    "programmatic_activities",
    "quick_impact_projects",
    "monthly_expenditure",
    "variance_explanations",
    "civilian_cost_estimates",
}
_PERIOD = re.compile(r"^(\d{4})/(\d{2})$")
_KEY = re.compile(r"_(\d{4})_(\d{2})$")


def _shift_label(label: str, years: int) -> str:
    match = _PERIOD.match(label)
    if match is None:
        return label
    start = int(match.group(1)) + years
    return f"{start}/{(start + 1) % 100:02d}"


def _shift_key(key: str, years: int) -> str:
    match = _KEY.search(key)
    if match is None:
        return key
    start = int(match.group(1)) + years
    return f"{key[: match.start()]}_{start}_{(start + 1) % 100:02d}"


def _scaled(value: Any, factor: int) -> Any:
    if value is None:
        return None
    return format(Decimal(value) * factor, "f")


def _periods(node: Any, years: int) -> Any:
    """Every period label and period-keyed column key, moved by ``years``."""
    if isinstance(node, dict):
        return {
            _shift_key(_shift_label(k, years), years): _periods(v, years) for k, v in node.items()
        }
    if isinstance(node, list):
        return [_periods(v, years) for v in node]
    if isinstance(node, str):
        return _shift_label(node, years)
    return node


def _money(body: dict[str, Any], factor: int) -> None:
    for table in body.get("financial_tables", []):
        percentages = {c["key"] for c in table["columns"] if c["role"] == "variance_percentage"}
        for row in table["rows"]:
            row["values"] = {
                k: (v if k in percentages else _scaled(v, factor)) for k, v in row["values"].items()
            }
    for name in _MONEY_LISTS:
        for row in body.get(name, []):
            row["amount"] = _scaled(row.get("amount"), factor)
    for action in body.get("general_assembly_actions", []):
        action["amounts"] = [_scaled(a, factor) for a in action.get("amounts", [])]
    gains = body.get("efficiency_gains")
    if gains:
        gains["approved_budget"] = _scaled(gains.get("approved_budget"), factor)
        for gain in gains.get("gains", []):
            gain["amount"] = _scaled(gain.get("amount"), factor)
    redeployments = body.get("redeployments")
    if redeployments:
        for row in redeployments.get("rows", []):
            for field in ("original_distribution", "redeployment", "revised_distribution"):
                row[field] = _scaled(row.get(field), factor)


def generate(seeds: list[Any]) -> list[Any]:
    """500 documents from the two seed documents (``rbb.model.Document``)."""
    from rbb.model import Document

    documents = []
    for mission in range(1, MISSIONS + 1):
        code = f"M{mission:02d}"
        for offset in range(PERIODS):
            seed = seeds[offset % 2]
            body = json.loads(seed.model_dump_json())
            years = FIRST_PERIOD + offset - seed.period.start_year
            body = _periods(body, years)
            _money(body, mission)
            body["mission"] = {"code": code, "name": f"Benchmark mission {mission}"}
            body["title"] = f"{code} {body['kind']} {body['period']}"
            documents.append(Document.model_validate(body))
    return documents


def _cli(args: list[str]) -> int:
    from rbb.cli import run as rbb

    return rbb(args)


def run() -> str:
    from rbb.engine import run_checks
    from rbb.importers import import_path
    from rbb.storage import DocumentStore, create_database_engine, upgrade

    seeds = []
    for name in FILES:
        document = import_path(SEEDS / name).document
        assert document is not None
        seeds.append(document)
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
        engine = create_database_engine(url)
        upgrade(engine)
        start = time.perf_counter()
        documents = generate(seeds)
        store = DocumentStore(engine)
        store.save_all((document, ()) for document in documents)
        built = time.perf_counter() - start
        audit = ["check", "--format", "json", "--output", devnull, "--db", url]
        whole = median_seconds(lambda: _cli(audit), repeat=3)
        loading = median_seconds(store.load_all, repeat=3)
        loaded = store.load_all()
        checking = median_seconds(lambda: run_checks(loaded), repeat=3)
        findings = run_checks(loaded)
        engine.dispose()
    errors = sum(1 for f in findings if f.severity.value == "error")
    verdict = "met" if whole < TARGET_SECONDS else "NOT met"
    rows.append(
        f"| `rbb check` on the generated store (SQLite) | {len(documents)} | {whole:.2f} s |"
    )
    return "\n".join(
        [
            "## rbb check",
            "",
            f"Machine: {machine()}  ",
            f"Date: {datetime.now(UTC).strftime('%Y-%m-%d %H:%M UTC')}  ",
            f"Target: the whole {MISSIONS * PERIODS}-document audit in under "
            f"{TARGET_SECONDS:.0f} s on SQLite — **{verdict}**. Median wall time of the whole "
            "command in process (load, check, JSON to /dev/null; a large store is shared "
        "between one worker process per core, rbb/services/audit.py); "
        "benches/bench_check.py.",
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
