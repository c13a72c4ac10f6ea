"""Bad input: the seed with a line changed, cut or added. Every problem is an
error (or, for a line that cannot be placed, a warning) naming the file, the
line and what was expected; parse never raises."""

from __future__ import annotations

from decimal import Decimal

from rbb.importers import ImportResult, import_text
from rbb.model import Diagnostic, DiagnosticSeverity

from .seed import seed_lines

NAME = "broken.txt"


def _with(changes: dict[int, str], *, insert_after: dict[int, str] | None = None,
          keep: int | None = None) -> ImportResult:
    """The seed with line n replaced by ``changes[n]``; lines inserted; cut after ``keep``."""
    lines = seed_lines()[:keep] if keep else list(seed_lines())
    for number, text in changes.items():
        assert lines[number - 1].strip(), number  # a printed line, not a blank one
        lines[number - 1] = text
    for number, text in sorted((insert_after or {}).items(), reverse=True):
        lines.insert(number, text)
    return import_text("\n".join(lines), name=NAME)


def _only(result: ImportResult, code: str) -> Diagnostic:
    found = [d for d in result.diagnostics if d.code == code]
    assert found, [(d.code, d.line, d.message) for d in result.diagnostics]
    assert found[0].file == NAME
    return found[0]


def test_truncated_report_is_an_excerpt_without_the_financial_table() -> None:
    """The report prints no contents list; cut inside the support framework, its text
    ends before the section that holds the table by class: an excerpt, refused unless
    stored as partial, and the coverage says what it lacks."""
    result = _with({}, keep=4000)
    assert not result.errors
    assert result.incomplete and not result.ok() and result.ok(partial=True)
    assert result.document is not None and result.document.coverage is not None
    assert result.document.coverage.missing_tables == ("financial_tables",)
    assert result.document.coverage.listing() == "tables missing: financial resources"


def test_a_financial_section_without_its_table_is_an_error() -> None:
    # The same cut, with the headings of section III kept: the section is in the text,
    # so its table's absence is the report's error, not the excerpt's.
    text = "\n".join(seed_lines()[:4000])
    result = import_text(text + "\nIII. Resource performance\nA. Financial resources\n",
                         name=NAME)
    error = _only(result, "missing-section")
    assert error.severity is DiagnosticSeverity.ERROR
    assert "section III.A 'Financial resources'" in error.message
    assert not result.ok() and not result.ok(partial=True)


def test_missing_column_in_the_header() -> None:
    # 4051: "Apportionment  Expenditure  Amount Percentage"
    result = _with({4051: "Apportionment  Amount Percentage  "})
    error = _only(result, "missing-column")
    assert "expenditure" in error.message
    assert error.line == 4047  # the header's first line, "Category"
    assert not result.ok()


def test_unknown_class_label() -> None:
    # 4102: "Medical 69.2 40.2 29.0 41.9"
    result = _with({4102: "Medicines 69.2 40.2 29.0 41.9 "})
    error = _only(result, "unknown-class")
    assert "expected one of the standard classes of expenditure" in error.message
    assert (error.line, error.text) == (4102, "Medicines 69.2 40.2 29.0 41.9")
    assert not result.ok()


def test_corrupt_number_in_a_money_row() -> None:
    # 4088: "Official travel 319.8 180.4 139.4 43.6"
    result = _with({4088: "Official travel 319.8 18O.4 139.4 43.6 "})
    error = _only(result, "bad-number")
    assert (error.line, error.severity) == (4088, DiagnosticSeverity.ERROR)
    assert "Official travel" in error.message
    assert "18O.4" in error.message


def test_corrupt_last_row_does_not_swallow_the_next_table() -> None:
    # 59: " Total requirements  41 298.5  40 612.6  685.9 1.7"
    result = _with({59: " Total requirements  41 298.5  40 612.6  685.9 1.x "})
    assert _only(result, "bad-number").line == 59
    document = result.document
    assert document is not None
    assert len(document.incumbency) == 6


def test_missing_cell() -> None:
    # 4090: "Facilities and infrastructure  2 732.2  2 665.6  66.6 2.4"
    result = _with({4090: "Facilities and infrastructure  2 732.2  2 665.6  66.6 "})
    error = _only(result, "missing-cells")
    assert error.line == 4090
    assert "expected 4" in error.message


def test_corrupt_incumbency_row() -> None:
    # 81: "International staff 113 100 11.5"
    result = _with({81: "International staff 113 1OO 11.5 "})
    error = _only(result, "bad-number")
    assert error.line == 81
    assert "expected three numbers" in error.message


def test_corrupt_small_table_rows() -> None:
    # 4224: "Investment revenue  (16.2)"; 4257: "31 July 2021  MINUSMA  32.5"
    result = _with({4224: "Investment revenue  (16.x) ", 4257: "31 July 2021  MINUSMA  3.2.5 "})
    lines = {d.line for d in result.errors}
    assert {4224, 4257} <= lines


def test_unknown_class_in_the_analysis_of_variances() -> None:
    # 4534: "Medical $29.0 41.9%"
    result = _with({4534: "Medicines $29.0 41.9% "})
    error = _only(result, "unknown-class")
    assert error.line == 4534
    assert "analysis of variances" in error.message


def test_corrupt_indicator_value_is_reported_on_its_line() -> None:
    # 1270: "2021/22: 500) "
    result = _with({1270: "2021/22: 5O0) "})
    error = _only(result, "bad-number")
    assert error.line == 1270
    assert "1.1.1" in error.message


def test_corrupt_period_label_in_indicator_values() -> None:
    # 1268: "Kosovo (2019/20: 754; 2020/21: 860; "
    result = _with({1268: "Kosovo (2019/20: 754; 2020/2x: 860; "})
    assert _only(result, "indicator-value").line == 1268


def test_corrupt_amount_of_an_action() -> None:
    # 4595: " (a) To decide on the treatment of the unencumbered balance of $685,900 "
    result = _with({4595: " (a) To decide on the treatment of the unencumbered balance of "
                          "$685,9O0 "})
    assert _only(result, "bad-number").line == 4595


def test_unplaced_line_in_a_framework_is_a_warning_with_its_text() -> None:
    # after 1253: "Planned indicators of achievement  Actual indicators of achievement"
    result = _with({}, insert_after={1253: "Stray text 42 that belongs nowhere"})
    warning = _only(result, "unplaced-line")
    assert warning.severity is DiagnosticSeverity.WARNING
    assert (warning.line, warning.text) == (1254, "Stray text 42 that belongs nowhere")
    assert result.ok() and not result.ok(strict=True)


def test_rows_left_after_a_table_that_stopped_are_reported() -> None:
    # 4228: "Voluntary contributions in cash  –": the dash lost, the table ends there
    result = _with({4228: "Voluntary contributions in cash  x "})
    lines = [d.line for d in result.warnings if d.code == "unplaced-line"]
    assert lines == [4228, 4230, 4232, 4234]


def test_a_report_with_only_its_summary_imports_with_errors() -> None:
    result = _with({}, keep=100)
    assert result.document is not None
    assert result.document.financial_table("financial_resources_summary") is not None
    assert not result.ok()


def test_every_diagnostic_names_file_and_line() -> None:
    result = _with({4102: "Medicines 69.2 40.2 29.0 41.9", 81: "International staff x y z",
                    1270: "2021/22: 5O0)"})
    assert result.diagnostics
    assert all(d.file == NAME and d.line is not None and d.text for d in result.diagnostics)


def test_another_mission_s_rows_and_categories() -> None:
    """Other missions print other rows of the same template: contingents with
    figures, a temporary positions row with its footnote mark, another
    component's name. Nothing is keyed to UNMIK's rows."""
    result = _with({
        4060: "Military contingents  12 345.6  12 000.0  345.6 2.8 ",  # was "– – – –"
        91: " International 24 22 8.3 ",
        1198: "  Component 1: political and rule of law ",
    }, insert_after={91: "Temporary positionsc 3 2 33.3 "})
    assert result.diagnostics == ()
    document = result.document
    assert document is not None
    table = document.financial_table("financial_resources")
    assert table is not None
    contingents = next(r for r in table.rows if r.line == "military_contingents")
    assert contingents.values["apportionment_2021_22"] == Decimal("12345.6")
    temporary = document.incumbency[-1]
    assert (temporary.category.value, temporary.approved, temporary.source_line) == \
        ("general_temporary_assistance", Decimal(3), 92)
    assert document.components[0].key == "political_and_rule_of_law"
