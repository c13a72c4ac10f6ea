"""The UNMIK 2025/26 budget report, imported once for every test that reads it."""

from __future__ import annotations

import pytest

from rbb.importers import ImportResult, import_text
from rbb.model import Document

from .seed import SEED_NAME, seed_text


@pytest.fixture(scope="session")
def seed() -> str:
    return seed_text()


@pytest.fixture(scope="session")
def seed_lines(seed: str) -> list[str]:
    """The seed's lines; ``seed_lines[n - 1]`` is line ``n`` as the facts cite it."""
    return seed.split("\n")


@pytest.fixture(scope="session")
def imported(seed: str) -> ImportResult:
    return import_text(seed, name=SEED_NAME)


@pytest.fixture(scope="session")
def budget(imported: ImportResult) -> Document:
    assert imported.document is not None
    return imported.document
