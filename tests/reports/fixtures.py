"""The two UNMIK reports, built and rendered once per test process, and the readers
that find a seed table's rows in what was generated."""

from __future__ import annotations

import re
from functools import cache

from rbb.engine.checks import run_checks
from rbb.model import Document, Finding
from rbb.reports import Report, ReportFormat, build_report, render_report
from tests.conftest import BUDGET_SEED, PERFORMANCE_SEED, imported
from tests.reports.seed_tables import (
    SeedRow,
    is_number,
    labels_match,
    normal_number,
    plain_line,
)

KINDS = ("budget", "performance")


@cache
def documents() -> dict[str, Document]:
    out = {}
    for kind, path in (("budget", BUDGET_SEED), ("performance", PERFORMANCE_SEED)):
        document = imported(path).document
        assert document is not None, imported(path).diagnostics
        out[kind] = document
    return out


@cache
def findings() -> tuple[Finding, ...]:
    return tuple(run_checks(list(documents().values())))


@cache
def report(kind: str) -> Report:
    others = [d for k, d in documents().items() if k != kind]
    return build_report(documents()[kind], context_documents=others, findings=findings())


@cache
def rendered(kind: str, fmt: ReportFormat) -> bytes:
    return render_report(report(kind), fmt)


@cache
def markdown(kind: str) -> str:
    return rendered(kind, ReportFormat.MARKDOWN).decode("utf-8")


# --- finding a table in generated text ---------------------------------------


def after_anchors(lines: tuple[str, ...] | list[str], anchors: tuple[str, ...]) -> int:
    """The index of the line after the last anchor, each found after the one before."""
    position = 0
    for anchor in anchors:
        position = next((i for i in range(position, len(lines))
                         if re.search(anchor, plain_line(lines[i]))), -1)
        assert position >= 0, f"anchor {anchor!r} not found"
        position += 1
    return position


def _cells(line: str) -> list[str]:
    parts = re.split(r"(?<!\\)\|", line.strip())[1:-1]
    return [p.replace("**", "").replace("\u2003", " ").strip().strip("*").strip()
            for p in parts]


def markdown_rows(text: str, anchors: tuple[str, ...]) -> list[tuple[str, tuple[str, ...]]]:
    """(label, normalised figures) of every pipe-table row after the anchors, up to the
    next heading; header and separator rows left out."""
    lines = text.splitlines()
    start = after_anchors(lines, anchors)
    rows: list[tuple[str, tuple[str, ...]]] = []
    header_next = True
    for line in lines[start:]:
        if line.startswith("#"):
            break
        if not line.startswith("|"):
            header_next = True
            continue
        cells = _cells(line)
        if header_next or set("".join(cells)) <= set("-: "):
            header_next = False
            continue
        label_cells: list[str] = []
        for cell in cells:
            if cell and is_number(cell):
                break
            if cell:
                label_cells.append(cell)
        figures = tuple(normal_number(c) for c in cells[len(label_cells):] if c and is_number(c))
        rows.append((" ".join(label_cells), figures))
    return rows


def compare_markdown(seed: list[SeedRow], rows: list[tuple[str, tuple[str, ...]]]) -> list[str]:
    """Each seed row, in order, is the next generated row with its label, with the same
    figures. Returns the mismatches."""
    problems: list[str] = []
    position = 0
    for expected in seed:
        found = next((i for i in range(position, len(rows))
                      if labels_match(expected.label, rows[i][0])), None)
        if found is None:
            problems.append(f"seed line {expected.line}: no row {expected.label!r} "
                            f"after generated row {position}")
            continue
        if rows[found][1] != expected.numbers:
            problems.append(f"seed line {expected.line} {expected.label!r}: printed "
                            f"{expected.numbers}, generated {rows[found][1]}")
        position = found + 1
    return problems
