"""A long import reports the sections it reads, for the CLI's progress bar."""

from rbb.importers import import_path
from rbb.importers.reading import watching_sections
from tests.conftest import BUDGET_SEED, PERFORMANCE_SEED


def test_both_parsers_report_their_sections() -> None:
    for seed, expected in ((BUDGET_SEED, "II.A"), (PERFORMANCE_SEED, "III.A")):
        seen: list[str] = []
        with watching_sections(seen.append):
            import_path(seed)
        # The financial resources table sits in II.A of a budget, III.A of a performance report.
        assert expected in seen, seen
        assert "Summary" in seen or "Summary" in " ".join(seen)
