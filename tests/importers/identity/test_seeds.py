"""The embedded UNMIK reports keep the identity they were read with before identity
was read from the structure of any report (values as printed on their first pages)."""

from __future__ import annotations

from datetime import date
from importlib import resources

from rbb.importers.detect import detect
from rbb.model import DocumentKind, Period


def _seed(name: str) -> str:
    return resources.files("rbb.data.seeds").joinpath(name).read_text(encoding="utf-8")


def test_the_budget_seed() -> None:
    meta = detect(_seed("unmik-budget-2025-26.txt"), file="budget")
    assert (meta.kind, meta.mission.code, meta.period, meta.symbol, meta.date, meta.session,
            meta.agenda_item) == (DocumentKind.BUDGET, "UNMIK", Period(2025), None,
                                  date(2025, 1, 20), "Seventy-ninth session", "161")
    assert meta.title == ("Budget for the United Nations Interim Administration Mission in "
                          "Kosovo for the period from 1 July 2025 to 30 June 2026")


def test_the_performance_seed_starts_at_its_summary() -> None:
    # the copy has no masthead: its symbol is the header of its pages
    meta = detect(_seed("unmik-performance-2021-22.txt"), file="performance")
    assert (meta.kind, meta.mission.code, meta.period, meta.symbol, meta.date, meta.session,
            meta.agenda_item) == (DocumentKind.PERFORMANCE, "UNMIK", Period(2021), "A/77/589",
                                  None, None, None)
    assert meta.title == ("Budget performance of the United Nations Interim Administration "
                          "Mission in Kosovo for the period from 1 July 2021 to 30 June 2022")


def test_the_budget_seed_as_one_line_has_the_same_identity() -> None:
    text = _seed("unmik-budget-2025-26.txt")
    assert detect(" ".join(text.split()), file="one-line") == detect(text, file="lines")
