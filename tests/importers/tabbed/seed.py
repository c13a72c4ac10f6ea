"""The seed text the tabbed tests read: the UNMIK 2025/26 budget report."""

from __future__ import annotations

from importlib import resources

SEED_NAME = "unmik-budget-2025-26.txt"


def seed_text() -> str:
    return resources.files("rbb.data.seeds").joinpath(SEED_NAME).read_text(encoding="utf-8")
