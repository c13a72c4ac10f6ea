"""A mission's name is cut at the first word that cannot belong to it (names written
for these tests, in the forms operations' names take)."""

from __future__ import annotations

import pytest

from rbb.importers.identity.names import name_before_code, read_name
from rbb.importers.identity.renderings import flatten


@pytest.mark.parametrize(("text", "name", "code"), [
    ("United Nations Interim Administration Mission in Kosovo Contents Page I. Mandate and "
     "planned results", "United Nations Interim Administration Mission in Kosovo", None),
    ("United Nations Mission in Liberia for the period from 1 July 2010",
     "United Nations Mission in Liberia", None),
    ("United Nations Operation in Côte d’Ivoire (UNOCI) for the period",
     "United Nations Operation in Côte d’Ivoire", "UNOCI"),
    ("United Nations Transitional Administration for Eastern Slavonia, Baranja and Western "
     "Sirmium (UNTAES), established by", "United Nations Transitional Administration for "
     "Eastern Slavonia, Baranja and Western Sirmium", "UNTAES"),
    ("United Nations Iraq-Kuwait Observation Mission Report of the Secretary-General",
     "United Nations Iraq-Kuwait Observation Mission", None),
    ("United Nations Support Office for the African Union Mission in Somalia (UNSOA) and",
     "United Nations Support Office for the African Union Mission in Somalia", "UNSOA"),
    ("United Nations Mission in Kosovo UNMIK incurred", "United Nations Mission in Kosovo",
     None),
    ("United Nations Mission in the Sudan. The Mission", "United Nations Mission in the Sudan",
     None),
    ("Regional Service Centre in Entebbe, Uganda, for the period",
     "Regional Service Centre in Entebbe, Uganda", None),
    ("United Nations Mission A/65/700 in Liberia for the period",
     "United Nations Mission in Liberia", None),
    ("United Nations Interim Force in Lebanon Budget for the United Nations Interim Force",
     "United Nations Interim Force in Lebanon", None),
])
def test_a_name_ends_at_the_first_word_that_cannot_belong(text: str, name: str,
                                                           code: str | None) -> None:
    read = read_name(text, 0)
    assert read is not None
    assert (read.name, read.code) == (name, code)


@pytest.mark.parametrize("text", [
    "United Nations Board of Auditors and the Office of Internal Oversight Services",
    "United Nations peacekeeping forces in the Middle East",
    "period from 1 July 2024 to 30 June 2025",
    "Contents Page",
])
def test_no_name_begins_here(text: str) -> None:
    assert read_name(text, 0) is None


def test_a_name_read_back_from_its_code_stops_at_the_words_before_it() -> None:
    flat = ("The observations of the United Nations Board of Auditors and the United Nations "
            "Mission in Liberia (UNMIL) for the period")
    read = name_before_code(flat, flat.index("(UNMIL)"))
    assert read is not None
    assert (read.name, read.code) == ("United Nations Mission in Liberia", "UNMIL")
    # an office that is no operation's name is not taken for one
    flat = "the Board of Auditors and the Internal Audit Division (IAD) for the period"
    assert name_before_code(flat, flat.index("(IAD)")) is None


def test_a_page_header_is_never_part_of_a_name() -> None:
    # a PDF page break in the middle of a title: footer, barcode, header, page number
    flat = flatten("Budget for the United Nations Interim Force\n10-23456\n*1023456*\n"
                   "A/65/700\n2\nin Lebanon for the period from 1 July 2011 to 30 June 2012")
    assert flat == ("Budget for the United Nations Interim Force in Lebanon for the period "
                    "from 1 July 2011 to 30 June 2012")


def test_a_year_wrapped_onto_a_line_of_its_own_is_text_not_a_page_number() -> None:
    assert flatten("for the period from 1 July 2011 to 30 June\n2012\n\n7\n") == (
        "for the period from 1 July 2011 to 30 June 2012")


def test_a_word_broken_at_a_line_end_is_joined_again() -> None:
    assert flatten("Budget for the United Nations Organization Stabiliza-\ntion Mission in the "
                   "Democratic Republic of the Congo\nReport of the Secretary-\nGeneral") == (
        "Budget for the United Nations Organization Stabilization Mission in the Democratic "
        "Republic of the Congo Report of the Secretary-General")


def test_a_line_of_text_repeated_is_kept_and_a_repeated_header_dropped() -> None:
    text = "\n".join(["Financing of the United Nations Interim Administration",
                      "Mission in Kosovo", "UNMIK", "Budget for the United Nations Interim "
                      "Administration", "Mission in Kosovo", "UNMIK", "for the period", "UNMIK",
                      "Mission in Kosovo"])
    assert flatten(text) == (
        "Financing of the United Nations Interim Administration Mission in Kosovo Budget for "
        "the United Nations Interim Administration Mission in Kosovo for the period Mission in "
        "Kosovo")
