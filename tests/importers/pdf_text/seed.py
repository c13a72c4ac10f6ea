"""The seed the pdf_text tests read: the UNMIK 2021/22 performance report
(A/77/589) as PDF text extraction, imported once per test session."""

from __future__ import annotations

from functools import cache
from importlib import resources

from rbb.importers import ImportResult, import_text
from rbb.model import Document

SEED_NAME = "unmik-performance-2021-22.txt"


@cache
def seed_text() -> str:
    return resources.files("rbb.data.seeds").joinpath(SEED_NAME).read_text(encoding="utf-8")


def seed_lines() -> list[str]:
    """``seed_lines()[n - 1]`` is line ``n`` as the facts cite it."""
    return seed_text().split("\n")


def line(number: int) -> str:
    return seed_lines()[number - 1]


@cache
def seed_result() -> ImportResult:
    return import_text(seed_text(), name=SEED_NAME)


def seed_document() -> Document:
    document = seed_result().document
    assert document is not None
    return document
