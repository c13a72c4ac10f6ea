"""The UNMIK seeds rewritten as another mission's reports in another period
(``tests/data/rewritten/make_rewritten.py``: names, places, years, symbols and sessions
changed, every figure and line break kept) import exactly as the seeds do: nothing of
the importer is keyed to UNMIK or to the seeds' wording."""

from __future__ import annotations

import importlib.util
import re
from collections.abc import Callable
from functools import cache
from pathlib import Path
from types import ModuleType

import pytest

from rbb.engine.checks import run_checks
from rbb.importers import ImportResult
from rbb.model import Document
from rbb.model.facts import document_facts
from rbb.services.data_format import to_json
from tests.conftest import BUDGET_SEED, PERFORMANCE_SEED, imported

REWRITTEN = Path(__file__).parents[1] / "data" / "rewritten"
PAIRS = ((BUDGET_SEED, REWRITTEN / "unpama-budget-2034-35.txt"),
         (PERFORMANCE_SEED, REWRITTEN / "unpama-performance-2030-31.txt"))
NAMES = ("budget", "performance")
FORBIDDEN = re.compile(r"unmik|kosovo|interim\s+administration\s+mission", re.IGNORECASE)
_SYMBOL = re.compile(r"\b[AS]/(?:[A-Z.]+/)*\d[\w./]*\d")


@cache
def _script() -> ModuleType:
    spec = importlib.util.spec_from_file_location("make_rewritten",
                                                  REWRITTEN / "make_rewritten.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def rewrite(text: str) -> str:
    """What the script makes of a piece of the seeds: the names, modulo which the
    rewritten reports equal the seeds."""
    function: Callable[[str], str] = _script().rewrite
    return function(text)


def _documents(index: int) -> tuple[Document, Document]:
    seed, rewritten = (imported(path) for path in PAIRS[index])
    for result in (seed, rewritten):
        assert result.ok(strict=True), result.diagnostics
        assert result.document is not None
    assert seed.document is not None and rewritten.document is not None
    return seed.document, rewritten.document


def test_the_committed_texts_are_what_the_script_makes() -> None:
    for seed, rewritten in PAIRS:
        assert rewritten.read_text(encoding="utf-8") == rewrite(seed.read_text(encoding="utf-8"))


@pytest.mark.parametrize("index", [0, 1], ids=NAMES)
def test_neither_the_text_nor_the_document_names_unmik_or_the_seeds_symbols(index: int) -> None:
    seed_path, path = PAIRS[index]
    text = path.read_text(encoding="utf-8")
    seed_text = seed_path.read_text(encoding="utf-8")
    symbols = set(_SYMBOL.findall(seed_text))
    assert symbols  # A/77/589, S/RES/1244, A/RES/76/274 ...
    result: ImportResult = imported(path)
    assert result.document is not None
    stored = to_json(result.document)
    for where in (text, stored):
        assert FORBIDDEN.search(where) is None
        assert not [symbol for symbol in symbols if symbol in where]
    assert result.document.mission.code == "UNPAMA"
    assert result.document.period.label == ("2034/35", "2030/31")[index]


@pytest.mark.parametrize("index", [0, 1], ids=NAMES)
def test_the_same_coverage_as_the_seed(index: int) -> None:
    seed, rewritten = _documents(index)
    assert seed.coverage is not None and rewritten.coverage is not None
    assert seed.coverage.complete and rewritten.coverage.complete
    expected = [(s.label, rewrite(s.title), s.line) for s in seed.coverage.sections]
    assert [(s.label, s.title, s.line) for s in rewritten.coverage.sections] == expected
    assert rewritten.coverage.tables == seed.coverage.tables
    assert [(e.label, e.title, e.page, e.line, e.in_text) for e in rewritten.coverage.contents] \
        == [(e.label, rewrite(e.title), e.page, e.line, e.in_text)
            for e in seed.coverage.contents]


@pytest.mark.parametrize("index", [0, 1], ids=NAMES)
def test_the_same_figures_in_the_same_places(index: int) -> None:
    seed, rewritten = _documents(index)
    facts = [(f.section, f.value, f.unit, f.source_line) for f in document_facts(seed)]
    assert len(facts) > 400  # the seeds' every figure: 1552 and 411 facts
    assert [(f.section, f.value, f.unit, f.source_line)
            for f in document_facts(rewritten)] == facts


def test_the_same_findings_modulo_names() -> None:
    seeds = [_documents(index)[0] for index in (0, 1)]
    rewritten = [_documents(index)[1] for index in (0, 1)]
    expected = [(f.code, f.severity, f.source_line, f.printed, f.computed, rewrite(f.message))
                for f in run_checks(seeds)]
    assert expected, "the seeds have findings (docs/checks.md lists them)"
    assert [(f.code, f.severity, f.source_line, f.printed, f.computed, f.message)
            for f in run_checks(rewritten)] == expected
