"""The benchmarks' own code: every module imports, and the generated stores are the
sizes and addresses the results say (a benchmark is only run by ``make bench``)."""

from __future__ import annotations

import importlib
from pathlib import Path

import pytest

BENCHES = Path(__file__).resolve().parents[1] / "benches"


MODULES = sorted(p.stem for p in BENCHES.glob("*.py") if p.stem != "__init__")


@pytest.mark.parametrize("module", MODULES)
def test_every_bench_module_imports(module: str) -> None:
    importlib.import_module(f"benches.{module}")


def test_the_generated_stores_have_their_sizes_in_a_fixed_order() -> None:
    from benches.generated_store import keys

    assert [len(keys(size)) for size in (50, 500, 5000)] == [50, 500, 5040]
    assert keys(500) == keys(500)
    largest = keys(5000)
    assert len({(k.code, k.year, k.kind) for k in largest}) == 5040
    assert {k.year for k in largest} == set(range(1996, 2026))
    assert {k.period_slug for k in keys(50)} == {f"{y}-{(y + 1) % 100:02d}"
                                                 for y in range(2016, 2026)}


def test_the_spread_load_walks_every_document_page_in_a_fixed_shuffle() -> None:
    from benches.bench_web import spread_addresses

    addresses = spread_addresses(50)
    assert addresses == spread_addresses(50)
    assert addresses != sorted(addresses)
    # 25 budgets (3 components) and 25 performance reports (2): overview, financial
    # page, components, JSON table.
    assert len(addresses) == 25 * 6 + 25 * 5
    assert "/missions/M01/2016-17/budget/financial" in addresses
    assert ("/api/v1/documents/M05/2025-26/performance/financial-tables/financial_resources"
            in addresses)
