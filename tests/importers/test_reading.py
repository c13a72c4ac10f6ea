"""What one reading of a report shares between the section readers: the diagnostics
(each on its line), the tables of the document as they are found, and the sections
started, for the CLI's progress bar."""

from __future__ import annotations

from decimal import Decimal

import pytest

from rbb.importers import import_path, watching_sections
from rbb.importers.detect import DocumentMeta
from rbb.importers.reading import Parts, Reading
from rbb.importers.source import Line
from rbb.model import DocumentKind, Mission, Period, SourceFile
from rbb.model.tables import AmountRow, Redeployments
from tests.conftest import BUDGET_SEED, PERFORMANCE_SEED

META = DocumentMeta(kind=DocumentKind.BUDGET, period=Period(2024), title="Budget",
                    mission=Mission(code="UNFICYP", name="United Nations Peacekeeping Force "
                                    "in Cyprus"))


def test_both_shapes_report_the_sections_they_read() -> None:
    for seed, expected in ((BUDGET_SEED, "II.A"), (PERFORMANCE_SEED, "III.A")):
        seen: list[str] = []
        with watching_sections(seen.append):
            import_path(seed)
        # The financial resources table sits in II.A of a budget, III.A of a performance report.
        assert expected in seen and "Summary" in seen, seen


def test_a_diagnostic_names_its_line_or_the_last_line_for_an_absence() -> None:
    reading = Reading("cyprus.txt", META, last_line=120)
    reading.unplaced(Line(14, "\tStray cell\t"), "II.B", "a table row")
    reading.error("missing-section", "no actions", None, "IV")
    placed, absent = reading.diagnostics
    assert (placed.line, placed.text, placed.section) == (14, "Stray cell", "II.B")
    assert placed.message == "could not place this line; expected a table row"
    assert (absent.line, absent.text) == (120, None)


def test_parts_become_the_tables_of_the_document() -> None:
    parts = Parts()
    contributions = parts.rows(lambda d: d.non_budgeted_contributions)
    contributions.append(AmountRow(label="Land", amount=Decimal("81.0"), source_line=7))
    assert parts.rows(lambda d: d.non_budgeted_contributions) is contributions
    assert not parts.found(lambda d: d.redeployments)
    parts.put(lambda d: d.redeployments, Redeployments(rows=()))
    assert parts.found(lambda d: d.redeployments)
    document = parts.document(META, SourceFile(name="cyprus.txt", sha256="0" * 64, shape="tabbed"))
    assert document.non_budgeted_contributions == (contributions[0],)
    assert document.redeployments == Redeployments(rows=())
    assert (document.mission.code, document.period) == ("UNFICYP", Period(2024))


def test_a_part_is_named_by_reading_one_field_of_a_document() -> None:
    with pytest.raises(TypeError, match=r"e\.g\. lambda d: d\.borrowing; got \(\)"):
        Parts().rows(lambda d: ())
