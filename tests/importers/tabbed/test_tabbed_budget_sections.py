"""Sections of a tabbed report are found by their headings, never by line numbers."""

from __future__ import annotations

from rbb.importers.coverage import read_contents
from rbb.importers.source import SourceText
from rbb.importers.tabbed.outline import Kind, split_regions


def _regions(text: str) -> list[tuple[Kind, str, str]]:
    lines = SourceText(name="t", text=text, shape="tabbed").lines
    return [(r.kind, r.label, r.title) for r in split_regions(lines)]


def test_the_seed_sections(seed: str) -> None:
    regions = _regions(seed)
    assert [(kind.value, label) for kind, label, _ in regions] == [
        ("contents", "Contents"), ("summary", "Summary"), ("prose", "I"), ("prose", "I.A"),
        ("prose", "I.B"), ("prose", "I.C"), ("frameworks", "I.D"), ("prose", "II"),
        ("financial_resources", "II.A"), ("non_budgeted_contributions", "II.B"),
        ("efficiency_gains", "II.C"), ("vacancy_factors", "II.D"), ("training", "II.E"),
        ("official_travel", "II.F"), ("programmatic_activities", "II.G"),
        ("quick_impact_projects", "II.H"), ("analysis_of_variances", "III"),
        ("general_assembly_actions", "IV"), ("prose", "V"),
        ("follow_up_general_assembly", "V.A"), ("follow_up_acabq", "V.B"), ("annex", "Annex")]


def test_kinds_come_from_titles_not_letters() -> None:
    text = "\n".join(["Summary", "", "II. Financial resources", "", "A. Overall", "",
                      "B. Training", "", "C. Vacancy factors", "", "III. Analysis of variances"])
    assert _regions(text)[2:] == [(Kind.FINANCIAL, "II.A", "Overall"),
                                  (Kind.TRAINING, "II.B", "Training"),
                                  (Kind.VACANCY, "II.C", "Vacancy factors"),
                                  (Kind.VARIANCES, "III", "Analysis of variances")]


def test_numerals_must_rise() -> None:
    """``III. Civilian staff`` inside section I is a staffing category, not section III."""
    text = "\n".join(["Summary", "I. Mandate and planned results", "D. Results-based budgeting "
                      "frameworks", "III. Civilian staff", "II. Financial resources"])
    assert [label for _, label, _ in _regions(text)] == ["Summary", "I", "I.D", "II"]


def test_contents_entries(seed: str) -> None:
    lines = SourceText(name="t", text=seed, shape="tabbed").lines
    entries = read_contents(lines)
    labels = [entry.label for entry in entries]
    assert (entries[0].title, entries[0].page) == ("Mandate and planned results", "5")
    assert labels[:6] == ["I", "I.A", "I.B", "I.C", "I.D", "II"]
    assert labels[-3:] == ["V", "V.A", "V.B"]
