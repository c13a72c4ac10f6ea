"""Every check has a stable code of its own, is documented (in the registry and in
docs/checks.md), a check a plugin registers runs after rbb's own, and the engine stays
independent of the importers and the storage (import-linter contract)."""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from rbb import plugins
from rbb.engine import check_document, documentation_by_code, registered_checks, run_checks
from rbb.engine.checks.registry import CHECKS, DocumentCheck

from .builders import document
from .seeds import doctored, seed_document

ROOT = Path(__file__).resolve().parents[2]


def test_every_code_is_documented() -> None:
    documented = (ROOT / "docs" / "checks.md").read_text(encoding="utf-8")
    assert [code for code in documentation_by_code() if f"`{code}`" not in documented] == []


def test_findings_use_registered_codes() -> None:
    documents = [
        seed_document("budget"),
        seed_document("performance"),
        doctored("budget", 531, "8 498.4", "8 489.4"),
    ]
    assert {f.code for f in run_checks(documents)} <= set(documentation_by_code())


def test_the_engine_imports_only_the_model() -> None:
    for path in (ROOT / "src" / "rbb" / "engine").rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                assert not node.module.startswith(
                    ("rbb.importers", "rbb.storage", "rbb.services", "rbb.cli", "rbb.web")
                ), path


def test_every_registered_check_has_a_code_of_its_own() -> None:
    codes = [check.code for check in CHECKS]
    assert len(codes) == len(set(codes))
    assert [code for code in codes if not re.fullmatch(r"[a-z]+\.[a-z-]+", code)] == []


def test_every_registered_check_is_documented() -> None:
    assert [c.code for c in CHECKS if not c.title.strip() or not c.documentation.strip()] == []
    assert documentation_by_code() == {c.code: c.documentation for c in CHECKS}


def test_each_check_finds_only_its_own_code() -> None:
    doctored_budget = doctored("budget", 531, "8 498.4", "8 489.4")
    for check in CHECKS:
        if isinstance(check, DocumentCheck):
            for document in (doctored_budget, seed_document("performance")):
                assert {f.code for f in check.function(document)} <= {check.code}, check.code


_SYNTHETIC = '''
from decimal import Decimal

from rbb.engine.checks.comparison import Where, error
from rbb.engine.checks.registry import CrossDocumentCheck, DocumentCheck


def check_titles(document):
    if "Invented" in document.title:
        yield error("synthetic.title", "the title is invented",
                    Where.of(document, section="Title"), printed=Decimal(1))


def check_count(documents):
    return [error("synthetic.count", f"{len(documents)} documents",
                  Where.of(documents[0]))] if len(documents) > 1 else []


CHECKS = [
    DocumentCheck("synthetic.title", "Invented titles", "No title is invented.",
                  check_titles),
    CrossDocumentCheck("synthetic.count", "Documents", "Counts the documents.", check_count),
]
TWICE = [DocumentCheck("money.gross", "Again", "A code rbb already has.", check_titles)]
'''


def _install(folder: Path, monkeypatch: pytest.MonkeyPatch, target: str) -> None:
    """A package whose entry point ``[rbb.checks] synthetic`` names ``target``."""
    info = folder / "synthetic_checks-1.0.dist-info"
    info.mkdir()
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: synthetic-checks\n"
                                   "Version: 1.0\n")
    (info / "entry_points.txt").write_text(f"[rbb.checks]\nsynthetic = {target}\n")
    (folder / "synthetic_checks.py").write_text(_SYNTHETIC)
    monkeypatch.syspath_prepend(str(folder))
    plugins.reset()


@pytest.fixture
def synthetic(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    _install(tmp_path, monkeypatch, "synthetic_checks:CHECKS")
    yield
    plugins.reset()


def test_a_registered_check_is_run_after_rbb_s_own(synthetic: None) -> None:
    registered = registered_checks()
    assert registered[:len(CHECKS)] == CHECKS
    assert [c.code for c in registered[len(CHECKS):]] == ["synthetic.title", "synthetic.count"]
    assert documentation_by_code()["synthetic.title"] == "No title is invented."
    invented = document().model_copy(update={"title": "Invented budget"})
    other = document(period="2024/25")
    findings = run_checks([invented, other])
    assert [(f.code, f.document, f.message) for f in findings
            if f.code.startswith("synthetic.")] == [
        ("synthetic.count", "UNMIK 2025/26 budget", "2 documents"),
        ("synthetic.title", "UNMIK 2025/26 budget", "the title is invented"),
    ]
    assert [f.code for f in check_document(other)] == []


def test_without_the_plugin_its_checks_are_gone() -> None:
    plugins.reset()
    assert not any(c.code.startswith("synthetic.") for c in registered_checks())


def test_a_plugin_check_with_a_code_rbb_has_is_refused(tmp_path: Path,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    _install(tmp_path, monkeypatch, "synthetic_checks:TWICE")
    try:
        with pytest.raises(plugins.PluginError, match=r"money\.gross is registered by more"):
            registered_checks()
    finally:
        plugins.reset()


def test_a_plugin_that_gives_something_else_is_named(tmp_path: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    _install(tmp_path, monkeypatch, "synthetic_checks:check_titles")
    try:
        with pytest.raises(plugins.PluginError, match=r"'synthetic'.*gives function; the group "
                           "expects DocumentCheck or CrossDocumentCheck"):
            registered_checks()
    finally:
        plugins.reset()
