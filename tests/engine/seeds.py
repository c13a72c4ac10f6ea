"""The seeds, imported once, and doctored copies: one printed figure replaced on a
given line of the text, then imported like any report."""

from __future__ import annotations

from functools import cache

from rbb.importers import import_text
from rbb.model import Document

from ..conftest import BUDGET_SEED, PERFORMANCE_SEED, imported


def seed_document(which: str) -> Document:
    path = BUDGET_SEED if which == "budget" else PERFORMANCE_SEED
    result = imported(path)
    assert result.document is not None, f"the {which} seed did not import"
    assert result.document.financial_tables, f"the {which} seed has no financial tables"
    return result.document


@cache
def _text(which: str) -> str:
    path = BUDGET_SEED if which == "budget" else PERFORMANCE_SEED
    return path.read_text(encoding="utf-8")


def doctored_lines(which: str, line: int, old: str, new: str) -> list[str]:
    """The seed's lines with ``old`` replaced by ``new`` on (1-based) ``line`` only."""
    lines = _text(which).split("\n")
    assert old in lines[line - 1], f"{old!r} is not on line {line}: {lines[line - 1]!r}"
    lines[line - 1] = lines[line - 1].replace(old, new, 1)
    return lines


def doctored(which: str, line: int, old: str, new: str) -> Document:
    """The seed with ``old`` replaced by ``new`` on (1-based) ``line`` only."""
    seed_document(which)
    lines = doctored_lines(which, line, old, new)
    name = (BUDGET_SEED if which == "budget" else PERFORMANCE_SEED).name
    result = import_text("\n".join(lines), name=name)
    assert result.document is not None
    return result.document


def dropped(which: str, line: int) -> Document:
    """The seed without ``line`` (later lines move up by one)."""
    return dropped_lines(which, line, line)


def dropped_lines(which: str, first: int, last: int) -> Document:
    """The seed without lines ``first`` to ``last`` (later lines move up)."""
    seed_document(which)
    lines = _text(which).split("\n")
    del lines[first - 1 : last]
    name = (BUDGET_SEED if which == "budget" else PERFORMANCE_SEED).name
    result = import_text("\n".join(lines), name=name)
    assert result.document is not None
    return result.document
