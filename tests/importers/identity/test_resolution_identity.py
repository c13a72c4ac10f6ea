"""The identity of a General Assembly resolution on a mission's financing: its A/RES
symbol, the date the Assembly adopted it, its title and the period of its main
appropriation; no report's head is taken for one."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from rbb.importers.detect import detect, looks_like_resolution
from rbb.importers.identity.renderings import flatten
from rbb.importers.identity.resolutions import appropriation_period, is_resolution
from rbb.model import DocumentKind, Period
from rbb.model.errors import InputError

from .texts import HEADS, OTHER_KINDS, Head, masthead

RESOLUTIONS = Path(__file__).resolve().parents[2] / "data" / "legislative" / "resolutions"


@pytest.mark.parametrize("head", HEADS + OTHER_KINDS, ids=lambda h: f"{h.code}-{h.kind}")
def test_no_report_head_is_taken_for_a_resolution(head: Head) -> None:
    assert not looks_like_resolution(head.text)


@pytest.mark.parametrize("path", sorted(RESOLUTIONS.glob("*.txt")), ids=lambda p: p.stem)
def test_every_copy_of_a_resolution_is_headed_as_one(path: Path) -> None:
    assert looks_like_resolution(path.read_text())


def test_a_report_citing_a_resolution_by_its_symbol_stays_a_report() -> None:
    head = next(h for h in HEADS if h.kind == "budget")
    text = head.text + ("\nThe Assembly, in its resolution 78/300 (A/RES/78/300), decided to "
                        "appropriate ...\n") * 3
    assert detect(text, file="budget.txt").kind is DocumentKind.BUDGET


# Written for this test: an older copy without masthead, its heading in capitals.
OLDER = """RESOLUTION ADOPTED BY THE GENERAL ASSEMBLY
[on the report of the Fifth Committee (A/47/820)]
47/205. Financing of the United Nations Interim Force in Lebanon
The General Assembly,
1. Decides to appropriate to the Special Account referred to in paragraph 3 above the
amount of 73,600,000 dollars gross for the operation of the Force for the period from
19 January to 31 July 1993;
2. Decides also to appropriate the amount of 1,000,000 dollars for the period from
1 August 1992 to 18 January 1993;
85th plenary meeting
22 December 1992
"""


def test_an_older_copy_in_capitals_with_a_period_of_other_dates() -> None:
    meta = detect(OLDER, file="older.txt")
    assert (meta.kind, meta.mission.code, meta.symbol, meta.date) == (
        DocumentKind.GA_RESOLUTION, "UNIFIL", None, date(1992, 12, 22))
    # the latest period appropriated for: 19 January to 31 July 1993, which falls in the
    # financial year that began on 1 July 1992
    assert (meta.period.stated, meta.period.label) == ("19 January 1993 to 31 July 1993",
                                                       "1992/93")
    assert meta.title == "47/205. Financing of the United Nations Interim Force in Lebanon"


def test_the_appropriation_for_maintenance_outranks_a_later_period_named_otherwise() -> None:
    flat = flatten(
        "1. Decides to appropriate the amount of $5 for the maintenance of the Mission for "
        "the period from 1 July 2030 to 30 June 2031;\n2. Requests a report for the period "
        "from 1 July 2031 to 30 June 2032;\n3. Decides to appropriate $1 for the liquidation "
        "for the period from 1 July 2029 to 30 June 2030;\n")
    found = appropriation_period(flat)
    assert found is not None and found.group().endswith("30 June 2031")


def test_a_resolution_naming_no_mission_is_refused_with_its_title_expected() -> None:
    text = (masthead("A/RES/88/10", "1 July 2034", "Eighty-eighth session", "150")
            + "Resolution adopted by the General Assembly on 30 June 2034\nThe General "
            "Assembly,\n1. Decides to appropriate $3 for the period from 1 July 2034 to 30 "
            "June 2035;\n")
    assert is_resolution(flatten(text))
    with pytest.raises(InputError, match=r"names no mission: expected its title "
                                         r"'<session>/<number>\. Financing of the <mission>'"):
        detect(text, file="nameless.txt")


def test_a_resolution_described() -> None:
    text = (masthead("A/RES/88/11", "1 July 2034", "Eighty-eighth session", "151")
            + "Resolution adopted by the General Assembly on 30 June 2034\n88/11. Financing "
            "of the United Nations Mission in South Sudan\nThe General Assembly,\n1. Decides "
            "to appropriate $3 for the maintenance of the Mission for the period from 1 July "
            "2034 to 30 June 2035;\n")
    meta = detect(text, file="unmiss.txt")
    assert (meta.mission.code, meta.period, meta.date, meta.session, meta.agenda_item) == (
        "UNMISS", Period(2034), date(2034, 6, 30), "Eighty-eighth session", "151")
    assert meta.described() == ("a resolution of the General Assembly on the financing of "
                                "UNMISS for 2034/35 (A/RES/88/11)")
