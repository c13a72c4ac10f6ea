"""Every check has a stable code, is documented in docs/checks.md, and the engine stays
independent of the importers and the storage (import-linter contract)."""

from __future__ import annotations

import ast
from pathlib import Path

from rbb.engine import documentation_by_code, run_checks

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
