"""Text that is not a report, or a report rbb reads the identity of only, gets an error
naming the file and what was expected."""

from __future__ import annotations

import pytest

from rbb.importers import import_text
from rbb.importers.detect import detect
from rbb.model.errors import InputError

from .texts import masthead

pytestmark = pytest.mark.usefixtures("printed_only")
"""The code and name printed, whatever the register of missions holds."""


@pytest.mark.parametrize(("text", "expected"), [
    ("", "the file is empty; expected a budget"),
    ("   \n\n", "the file is empty; expected a budget"),
    ("Budget\x00\x01", "the file is binary"),
    ("Minutes of a meeting held on 3 May 2024.", "expected the period it covers"),
    ("Note for the period from 1 July 2024 to 30 June 2025 on the staff of the United Nations "
     "Interim Force in Lebanon (UNIFIL).", "cannot tell which kind of report this is: expected "
     "a budget ('Budget for the <mission> for the period ...')"),
    ("Budget for the period from 1 July 2024 to 30 June 2025 of 12 offices\nReport of the "
     "Secretary-General", "no mission named: expected its full name in the title"),
    ("Budget for the United Nations Mission in Liberia (UNMIL) for the period from 31 June 2024 "
     "to 30 June 2025", "the period 'for the period from 31 June 2024 to 30 June 2025' is not "
     "one: day is out of range"),
    ("Budget for the United Nations Mission in Liberia (UNMIL) for the period from 1 July 2025 "
     "to 30 June 2024", "cannot end"),
])
def test_bad_input_names_the_file_and_what_was_expected(text: str, expected: str) -> None:
    with pytest.raises(InputError) as raised:
        detect(text, file="upload.txt")
    assert raised.value.file == "upload.txt"
    assert expected in str(raised.value)
    assert str(raised.value).startswith("upload.txt: ")


def test_an_opening_of_a_report_of_the_advisory_committee_imports_as_partial() -> None:
    """Reports of the Advisory Committee are read (rbb.importers.legislative.acabq), no
    longer refused as "identity only": an opening without the Committee's recommended
    total is a partial document, its coverage naming the stage figures as missing, so
    that it is stored only with ``rbb import --partial``."""
    text = ("A/74/737/Add.9 General Assembly Distr.: General 21 April 2020 Seventy-fourth "
            "session Agenda item 163 Financing of the United Nations Mission in South Sudan "
            "Budget performance for the period from 1 July 2018 to 30 June 2019 and proposed "
            "budget for the period from 1 July 2020 to 30 June 2021 for the United Nations "
            "Mission in South Sudan (UNMISS) Report of the Advisory Committee on Administrative "
            "and Budgetary Questions")
    result = import_text(text, name="acabq.txt")
    assert result.document is not None and result.diagnostics == ()
    assert (result.document.kind.value, result.document.mission.code,
            result.document.period.label, result.document.symbol) == (
        "acabq_report", "UNMISS", "2020/21", "A/74/737/Add.9")
    assert result.document.coverage is not None
    assert result.document.coverage.missing_tables == ("stage_figures",)
    assert result.incomplete and result.ok(partial=True) and not result.ok()


def test_a_revised_budget_is_refused_naming_its_period_as_stated() -> None:
    text = (masthead("A/69/800", "2 March 2015", "Sixty-ninth session", "160")
            + "Revised budget for the United Nations Mission in Liberia (UNMIL) for the period "
            "from 1 January 2015 to 30 June 2015\nReport of the Secretary-General\n")
    result = import_text(text, name="revised.txt")
    assert result.document is None
    assert "identified as a revised budget of UNMIL for 1 January 2015 to 30 June 2015 " \
           "(A/69/800)" in result.diagnostics[0].message
