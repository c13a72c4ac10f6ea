"""``incumbency_rows``: the incumbency table read from words (any rendering) as the
model's rows, held against the hand transcription of the openings
(tests/data/openings/transcriptions.yaml), never against rbb's own reading."""

from __future__ import annotations

from decimal import Decimal

import pytest

from rbb.engine.checks.staffing_tables import check_incumbency
from rbb.importers.summary_tables import (
    INCUMBENCY,
    SummaryRow,
    SummaryTable,
    incumbency_rows,
    read_summary_tables,
)
from rbb.model import Document, DocumentKind, IncumbencyRow, Period, PersonnelCategory
from rbb.model.mission import mission_for_code

from .test_openings import opening, transcriptions

P = PersonnelCategory
# What each transcribed label is, written by hand from the template's categories.
CATEGORY = {
    "Military observers": P.MILITARY_OBSERVERS,
    "Military contingents": P.MILITARY_CONTINGENTS,
    "International staff": P.INTERNATIONAL_STAFF,
    "National staff": P.NATIONAL_STAFF,
    "International staff: Posts": P.INTERNATIONAL_STAFF,
    "National staff: Posts": P.NATIONAL_STAFF,
    "International staff: General temporary assistance": P.GENERAL_TEMPORARY_ASSISTANCE,
    "National staff: General temporary assistance": P.GENERAL_TEMPORARY_ASSISTANCE,
    "Temporary positions: International staff": P.GENERAL_TEMPORARY_ASSISTANCE,
    "Temporary positions: National staff": P.GENERAL_TEMPORARY_ASSISTANCE,
}
WITH_INCUMBENCY = sorted(name for name, entry in transcriptions().items()
                         if "incumbency" in entry)


def _rows(name: str) -> tuple[tuple[IncumbencyRow, ...], str]:
    _, text = opening(name)
    table = read_summary_tables(text, name=name).table(INCUMBENCY)
    assert table is not None, name
    return incumbency_rows(table), text


def _digits(text: str) -> str:
    return "".join(ch for ch in text if ch.isdigit())


def test_the_openings_with_an_incumbency_table_include_both_layouts() -> None:
    columns = {tuple(transcriptions()[n]["incumbency"]["columns"]) for n in WITH_INCUMBENCY}
    assert ("approved", "planned", "actual_average", "vacancy_rate") in columns
    assert ("approved", "actual_average", "vacancy_rate") in columns


@pytest.mark.parametrize("name", WITH_INCUMBENCY)
def test_rows_equal_the_transcription(name: str) -> None:
    section = transcriptions()[name]["incumbency"]
    rows, text = _rows(name)
    lines = text.split("\n")
    expected = section["rows"]
    assert len(rows) == len(expected), name
    planned = "planned" in section["columns"]
    for row, printed in zip(rows, expected, strict=True):
        label = f"{printed['group']}: {printed['category']}" if "group" in printed \
            else printed["category"]
        # a printed dash (null in the transcription) is kept as 0, like every table of rbb
        values = [Decimal(v) if v is not None else Decimal(0) for v in printed["values"]]
        ours = [row.approved, *([row.planned_average] if planned else []), row.actual_average,
                row.vacancy_rate]
        assert (row.label, row.category, ours) == (label, CATEGORY[label], values), name
        if not planned:
            assert row.planned_average is None
        # the row's line is the line printing its first cell
        first = printed["values"][0]
        assert row.source_line is not None
        assert first is None or _digits(first) in _digits(lines[row.source_line - 1]), name


def test_the_unifil_rates_hold_against_the_planned_average_not_the_approved() -> None:
    """UNIFIL 2006/07 (transcription): international staff 406 approved, 180 planned,
    165 actual, 8.3 printed = (180 - 165) / 180; against approved it would be
    (406 - 165) / 406 = 59.4. Every row's rate holds against its planned average."""
    rows, _ = _rows("unifil-2006-07-performance.txt")
    document = Document(kind=DocumentKind.PERFORMANCE, mission=mission_for_code("UNIFIL"),
                        period=Period(2006), title="UNIFIL performance 2006/07",
                        incumbency=rows)
    assert list(check_incumbency(document)) == []
    as_if_approved = document.model_copy(update={"incumbency": tuple(
        row.model_copy(update={"planned_average": None}) for row in rows)})
    findings = list(check_incumbency(as_if_approved))
    assert {f.row for f in findings} >= {"international_staff", "national_staff"}
    assert all("approved" in f.message for f in findings)


def test_the_unmee_rate_is_held_against_its_planned_average() -> None:
    """UNMEE 2005/06 prints 7.2 for military observers: 230 approved, 228 planned,
    211 actual. (228 - 211) / 228 = 7.46 -> 7.5 (against approved (230 - 211) / 230 =
    8.3): the printed figure agrees with neither, and the check says so against the
    planned average."""
    rows, _ = _rows("unmee-2005-06-performance.txt")
    document = Document(kind=DocumentKind.PERFORMANCE, mission=mission_for_code("UNMEE"),
                        period=Period(2005), title="UNMEE performance 2005/06",
                        incumbency=rows)
    [finding] = check_incumbency(document)
    assert (finding.printed, finding.computed, finding.source_line) == \
        (Decimal("7.2"), Decimal("7.5"), rows[0].source_line)
    assert "planned average 228" in finding.message


def test_a_category_the_model_has_no_name_for_is_left_out() -> None:
    # handwritten: a row the words reader knows (correction officers) but no category holds
    cells = ()
    table = SummaryTable(key=INCUMBENCY, title="Human resources incumbency performance",
                         unit="persons", columns=("approved", "actual_average", "vacancy_rate"),
                         rows=(SummaryRow(label="Correction officers",
                                          code="correction_officers", group=None,
                                          cells=cells),), title_line=1)
    assert incumbency_rows(table) == ()
