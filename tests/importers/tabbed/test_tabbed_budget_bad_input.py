"""Damaged budget reports: the importer says exactly where, never raises, never
stores a half-read report as if it were whole."""

from __future__ import annotations

import random

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from rbb.importers import ImportResult, import_text
from rbb.model import Diagnostic, DiagnosticSeverity

from .seed import seed_text

SEED = seed_text()
LINES = SEED.split("\n")
INTERNATIONAL_STAFF = "International staff\t20 914.9\t21 139.4\t23 790.6\t2 651.2\t12.5"


def _import(text: str) -> ImportResult:
    return import_text(text, name="damaged.txt", shape="tabbed")


def _errors(result: ImportResult, code: str) -> list[Diagnostic]:
    return [d for d in result.errors if d.code == code]


def _line_of(printed: str) -> int:
    return next(n for n, line in enumerate(LINES, start=1) if line == printed)


def test_a_row_with_a_missing_column() -> None:
    """The variance percentage of International staff is not printed."""
    result = _import(SEED.replace(INTERNATIONAL_STAFF, INTERNATIONAL_STAFF.rsplit("\t", 1)[0]))
    assert not result.ok()
    (error,) = _errors(result, "missing-column")
    assert (error.file, error.line) == ("damaged.txt", _line_of(INTERNATIONAL_STAFF))
    assert "Variance: Percentage" in error.message and "expected 5 values" in error.message


def test_a_header_with_a_missing_column() -> None:
    header = "Category\tExpenditure (2023/24)\tApportionment (2024/25)\tCost estimates (2025/26)"
    assert SEED.count(header) == 2
    result = _import(SEED.replace(header, "Category\tExpenditure (2023/24)\tApportionment "
                                          "(2024/25)"))
    errors = _errors(result, "missing-column")
    assert [e.line for e in errors] == [69, 501]
    assert "cost_estimates_2025_26" in errors[0].message
    assert not result.ok()


def test_an_unknown_class_of_expenditure() -> None:
    result = _import(SEED.replace("Ground transportation\t137.1", "Ground transport fleet\t137.1"))
    (error,) = _errors(result, "unknown-class")
    assert error.line == 523
    assert "expected one of the standard classes of expenditure" in error.message
    assert "'Ground transport fleet'" in error.message
    assert not result.ok()


def test_a_corrupt_number_in_a_table_cell() -> None:
    result = _import(SEED.replace(INTERNATIONAL_STAFF, INTERNATIONAL_STAFF.replace("2 651.2",
                                                                                  "2 6S1.2")))
    (error,) = _errors(result, "bad-number")
    assert error.line == 511 and "2 6S1.2" in error.message
    assert error.text == INTERNATIONAL_STAFF.replace("2 651.2", "2 6S1.2")
    assert not result.ok()


def test_corrupt_numbers_in_other_tables_are_errors_too() -> None:
    damaged = SEED.replace("International staff\t11.5\t16.8", "International staff\t11.5\t1O.8")
    damaged = damaged.replace("Internal\t11\t40\t23", "Internal\t11\t4x\t23")
    result = _import(damaged)
    assert [e.line for e in _errors(result, "bad-number")] == [574, 602]


def test_truncated_after_the_financial_header() -> None:
    """The file ends just after ``(1) (2) (3) (4)=(3)-(2)`` of section II.A."""
    result = _import("\n".join(LINES[:503]))
    assert not result.ok()
    incomplete = _errors(result, "table-incomplete")
    assert incomplete and "Military and police personnel" in incomplete[0].message
    assert result.document is not None and result.document.coverage is not None
    missing = {e.title for e in result.document.coverage.missing_sections}
    assert {"Non-budgeted contributions", "Analysis of variances"} <= missing
    assert result.incomplete and not result.ok(partial=True)  # the table error stays
    assert all(e.line is not None for e in result.errors)


def test_cut_in_the_middle_of_the_frameworks() -> None:
    """The contents list names section II and the text ends before it: an excerpt, whose
    coverage names the financial resources table as missing (not an error of reading)."""
    result = _import("\n".join(LINES[:300]))
    assert not result.ok()
    assert result.document is not None and result.document.coverage is not None
    coverage = result.document.coverage
    assert "II 'Financial resources'" in coverage.listing()
    assert "financial_tables" in coverage.missing_tables


def test_a_row_dropped_from_the_financial_table() -> None:
    """Gross requirements goes missing from section II.A (not from the Summary)."""
    gross = "Gross requirements\t40 628.9\t43 684.7\t46 045.3\t2 360.6\t5.4\n"
    at = SEED.rindex(gross)
    result = _import(SEED[:at] + SEED[at + len(gross):])
    (error,) = _errors(result, "table-incomplete")
    assert "Gross requirements" in error.message and error.line == 535
    assert not result.ok()


def test_a_line_nobody_can_place_is_a_warning() -> None:
    result = _import(SEED.replace("Outputs\n\n- Advice and support",
                                  "Outputs\n\nSomething unexpected here.\n\n- Advice and support"))
    (warning,) = result.warnings
    assert (warning.code, warning.text) == ("unplaced-line", "Something unexpected here.")
    assert warning.line == 242
    assert result.ok() and not result.ok(strict=True)


def test_not_a_report_at_all() -> None:
    for text in ("", "\x00\x01binary", "Hello\tworld\n" * 20):
        result = _import(text)
        assert not result.ok() and result.document is None and result.errors


def test_a_bare_report_heading() -> None:
    result = _import("\n".join(LINES[:60]))
    assert not result.ok()
    assert all(d.line is not None for d in result.errors)


def _holds(result: ImportResult) -> None:
    """The property: ok, or errors/warnings that each name a line."""
    if result.document is None and [d.code for d in result.diagnostics] == ["input"]:
        return  # not recognised as a report at all (detect), said so without a line
    if result.ok(strict=True):
        return
    if result.ok(strict=True, partial=True):  # an excerpt: its coverage names what it lacks
        assert result.document is not None and result.document.coverage is not None
        missing = result.document.coverage.missing_sections
        assert missing and all(entry.line is not None for entry in missing)
        return
    flagged = [d for d in result.diagnostics if d.severity is not DiagnosticSeverity.INFO]
    assert flagged
    assert all(d.line is not None and d.file == "mutated.txt" for d in flagged), flagged


def _mutated(lines: list[str]) -> ImportResult:
    return import_text("\n".join(lines), name="mutated.txt", shape="tabbed")


_FAST = settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
_INDEX = st.integers(min_value=0, max_value=len(LINES) - 1)


@_FAST
@given(st.lists(_INDEX, min_size=1, max_size=5))
def test_dropping_lines(indexes: list[int]) -> None:
    drop = set(indexes)
    _holds(_mutated([line for n, line in enumerate(LINES) if n not in drop]))


@_FAST
@given(_INDEX)
def test_duplicating_a_line(index: int) -> None:
    _holds(_mutated(LINES[: index + 1] + LINES[index:]))


@_FAST
@given(_INDEX, st.integers(min_value=2, max_value=12), st.integers(min_value=0))
def test_shuffling_a_window_of_lines(start: int, size: int, seed: int) -> None:
    lines = list(LINES)
    window = lines[start: start + size]
    random.Random(seed).shuffle(window)
    lines[start: start + size] = window
    _holds(_mutated(lines))


_NUMBERED = [n for n, line in enumerate(LINES) if any(ch.isdigit() for ch in line)]


@_FAST
@given(st.sampled_from(_NUMBERED), st.integers(min_value=0), st.sampled_from("xO#,.("))
def test_corrupting_a_number(index: int, position: int, junk: str) -> None:
    line = LINES[index]
    digits = [n for n, ch in enumerate(line) if ch.isdigit()]
    at = digits[position % len(digits)]
    lines = list(LINES)
    lines[index] = line[:at] + junk + line[at + 1:]
    result = _mutated(lines)
    _holds(result)
    # 503-536: the column numbers and the rows of II.A. Not 501-502: a period garbled in
    # the header ("Cost estimates (x025/26)") falls back to the document's own period.
    if "\t" in line and junk in "xO#" and index + 1 in {503 + n for n in range(34)}:
        assert any(d.line == index + 1 for d in result.errors)


@settings(max_examples=10, deadline=None)
@given(st.integers(min_value=1, max_value=len(LINES)))
def test_cutting_the_file_anywhere(end: int) -> None:
    _holds(_mutated(LINES[:end]))
