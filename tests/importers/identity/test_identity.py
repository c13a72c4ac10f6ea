"""The identity of a report, read from texts written for these tests (texts.py): every
kind, every shape of mission name, periods that are not 1 July to 30 June."""

from __future__ import annotations

from datetime import date

import pytest

from rbb.importers.detect import DocumentMeta, detect
from rbb.model import DocumentKind, Period

from .texts import HEADS, OTHER_KINDS, Head, masthead

pytestmark = pytest.mark.usefixtures("printed_only")
"""The code and name printed, whatever the register of missions holds."""


def _period(meta: DocumentMeta) -> str:
    return meta.period.label if meta.period.is_financial_year else meta.period.stated


@pytest.mark.parametrize("head", HEADS + OTHER_KINDS, ids=lambda h: f"{h.code}-{h.kind}")
def test_each_shape_of_name_is_read_whole_and_nothing_more(head: Head) -> None:
    meta = detect(head.text, file=f"{head.code}.txt")
    assert (meta.kind.value, meta.mission.code, meta.mission.name, _period(meta)) == (
        head.kind, head.code, head.name, head.period)
    assert (meta.symbol, meta.date, meta.session, meta.agenda_item) == (
        head.symbol, _day(head.date), head.session, head.agenda_item)


def test_a_performance_report_that_names_the_next_budget_is_not_taken_for_a_budget() -> None:
    head = next(h for h in HEADS if h.kind == "performance")
    assert "proposed budget" in head.text
    assert detect(head.text, file="p.txt").kind is DocumentKind.PERFORMANCE


def test_a_revised_budget() -> None:
    text = (masthead("A/60/700", "6 March 2006", "Sixtieth session", "139")
            + "Financing of the United Nations Operation in Burundi\n\nRevised budget for the "
            "United Nations Operation in Burundi for the period from 1 July 2005 to 30 June 2006"
            "\n\nReport of the Secretary-General\n\nSummary\nThe present report contains the "
            "revised budget for the United Nations Operation in Burundi (ONUB) ...\n")
    meta = detect(text, file="revised.txt")
    assert (meta.kind, meta.mission.code, meta.mission.name, meta.period) == (
        DocumentKind.REVISED_BUDGET, "ONUB", "United Nations Operation in Burundi", Period(2005))
    assert meta.title.startswith("Revised budget for the United Nations Operation in Burundi")


def test_a_financing_report_with_cost_estimates_for_a_period_from_october() -> None:
    text = (masthead("A/C.5/49/40", "12 December 1994", "Forty-ninth session", "120 (b)")
            + "Financing of the United Nations Peacekeeping Force in Cyprus\n\nReport of the "
            "Secretary-General\n\n1. The present report contains the cost estimates of the "
            "United Nations Peacekeeping Force in Cyprus (UNFICYP) for the period from 1 "
            "October 1994 to 30 June 1995.\n")
    meta = detect(text, file="unficyp.txt")
    assert (meta.kind, meta.mission.code, meta.symbol, meta.agenda_item) == (
        DocumentKind.FINANCING_REPORT, "UNFICYP", "A/C.5/49/40", "120 (b)")
    # 1 October 1994 falls in the financial year that began on 1 July 1994
    assert (meta.period.label, meta.period.stated, meta.period.is_financial_year) == (
        "1994/95", "1 October 1994 to 30 June 1995", False)
    assert meta.title == ("Financing of the United Nations Peacekeeping Force in Cyprus: cost "
                          "estimates for the period from 1 October 1994 to 30 June 1995")


def test_a_financial_performance_report_before_results_based_budgeting() -> None:
    text = (masthead("A/56/801", "22 January 2002", "Fifty-sixth session", "141")
            + "Financing of the United Nations Mission in Sierra Leone\n\nFinancial performance "
            "report for the period from 1 July 2000 to 30 June 2001\n\nReport of the "
            "Secretary-General\n\n1. The financial performance of the United Nations Mission "
            "in Sierra Leone (UNAMSIL) for the period ...\n")
    meta = detect(text, file="unamsil.txt")
    assert (meta.kind, meta.mission.code, meta.period) == (
        DocumentKind.FINANCING_REPORT, "UNAMSIL", Period(2000))
    assert "financial performance for the period from 1 July 2000" in meta.title


def test_a_report_of_the_advisory_committee_is_its_own_kind() -> None:
    text = ("A/74/737/Add.9 General Assembly Distr.: General 21 April 2020 Original: English "
            "Seventy-fourth session Agenda item 163 Financing of the United Nations Mission in "
            "South Sudan Budget performance for the period from 1 July 2018 to 30 June 2019 and "
            "proposed budget for the period from 1 July 2020 to 30 June 2021 for the United "
            "Nations Mission in South Sudan Report of the Advisory Committee on Administrative "
            "and Budgetary Questions I. Introduction 1. The Advisory Committee has considered the "
            "reports of the Secretary-General on the United Nations Mission in South Sudan "
            "(UNMISS).")
    meta = detect(text, file="acabq.txt")
    # the period of the proposed budget, the last the title names
    assert (meta.kind, meta.mission.code, meta.period, meta.symbol, meta.date) == (
        DocumentKind.ACABQ_REPORT, "UNMISS", Period(2020), "A/74/737/Add.9", date(2020, 4, 21))
    assert meta.described() == ("a report of the Advisory Committee on UNMISS for 2020/21 "
                                "(A/74/737/Add.9)")


def test_a_six_month_period_is_stated_as_such() -> None:
    text = (masthead("A/69/700", "4 December 2014", "Sixty-ninth session", "162")
            + "Budget for the United Nations Multidimensional Integrated Stabilization Mission "
            "in the Central African Republic (MINUSCA) for the period from 1 July 2014 to 31 "
            "December 2014\nReport of the Secretary-General\n")
    meta = detect(text, file="six.txt")
    assert (meta.kind, meta.mission.code, meta.period.label, meta.period.stated) == (
        DocumentKind.BUDGET, "MINUSCA", "2014/15", "1 July 2014 to 31 December 2014")
    assert (meta.period.start, meta.period.end) == (date(2014, 7, 1), date(2014, 12, 31))


def test_a_period_whose_start_omits_the_year_of_its_end() -> None:
    text = ("Budget for the United Nations Operation in Burundi (ONUB) for the period from "
            "1 January to 30 June 2005\nReport of the Secretary-General\n")
    assert detect(text, file="half.txt").period.stated == "1 January 2005 to 30 June 2005"


def test_the_support_account_is_read_as_a_phrase_and_needs_the_register_for_its_code() -> None:
    from rbb.model.errors import InputError

    text = (masthead("A/70/751", "2 March 2016", "Seventieth session", "147")
            + "Administrative and budgetary aspects of the financing of the United Nations "
            "peacekeeping operations\n\nBudget for the support account for peacekeeping "
            "operations for the period from 1 July 2016 to 30 June 2017\n\nReport of the "
            "Secretary-General\n")
    with pytest.raises(InputError, match="'support account for peacekeeping operations' is "
                                         "named without its code") as raised:
        detect(text, file="sa.txt")
    assert raised.value.file == "sa.txt"


def test_the_agenda_item_of_several_forces_does_not_name_the_mission() -> None:
    text = (masthead("A/58/600", "15 December 2003", "Fifty-eighth session", "128 (b)")
            + "Financing of the United Nations peacekeeping forces in the Middle East\n(b) "
            "United Nations Interim Force in Lebanon\nBudget for the United Nations Interim "
            "Force in Lebanon for the period from 1 July 2004 to 30 June 2005\nReport of the "
            "Secretary-General\nThe United Nations Interim Force in Lebanon (UNIFIL) ...\n")
    meta = detect(text, file="unifil.txt")
    assert (meta.mission.code, meta.mission.name) == (
        "UNIFIL", "United Nations Interim Force in Lebanon")


def test_a_name_stops_before_the_board_of_auditors() -> None:
    text = ("Summary\nThe present report contains the observations of the United Nations Board "
            "of Auditors and the Office of Internal Oversight Services (OIOS) and the budget "
            "performance of the United Nations Mission in Liberia (UNMIL) for the period from "
            "1 July 2008 to 30 June 2009. Performance of financial resources\n")
    meta = detect(text, file="unmil.txt")
    assert (meta.kind, meta.mission.code, meta.mission.name) == (
        DocumentKind.PERFORMANCE, "UNMIL", "United Nations Mission in Liberia")


def _day(text: str) -> date:
    from datetime import datetime

    return datetime.strptime(text, "%d %B %Y").date()


def test_an_older_financing_report_with_its_title_in_capitals() -> None:
    text = ("A/C.5/49/61\nGeneral Assembly\nDistr. GENERAL\n14 December 1994\nORIGINAL: "
            "ENGLISH\nForty-ninth session\nAgenda item 125\nFINANCING OF THE UNITED NATIONS "
            "PEACE-KEEPING FORCE IN CYPRUS\nReport of the Secretary-General\n1. The present "
            "report contains the cost estimates for the maintenance of the United Nations "
            "Peace-keeping Force in Cyprus (UNFICYP) for the period 16 December 1994-30 June "
            "1995.\n")
    meta = detect(text, file="caps.txt")
    assert (meta.kind, meta.mission.code, meta.mission.name) == (
        DocumentKind.FINANCING_REPORT, "UNFICYP", "United Nations Peace-keeping Force in Cyprus")
    assert (meta.period.stated, meta.symbol, meta.date, meta.session, meta.agenda_item) == (
        "16 December 1994 to 30 June 1995", "A/C.5/49/61", date(1994, 12, 14),
        "Forty-ninth session", "125")


def test_a_report_on_the_financing_of_a_mission() -> None:
    text = ("Report of the Secretary-General on the financing of the United Nations Observer "
            "Mission in Georgia\n1. The financial performance of the United Nations Observer "
            "Mission in Georgia (UNOMIG) for the period from 1 July 1999 to 30 June 2000 is "
            "set out below.\n")
    meta = detect(text, file="unomig.txt")
    assert (meta.kind, meta.mission.code, meta.period, meta.title) == (
        DocumentKind.FINANCING_REPORT, "UNOMIG", Period(1999),
        "Financing of the United Nations Observer Mission in Georgia: financial performance for "
        "the period from 1 July 1999 to 30 June 2000")


def test_the_register_entry_is_taken_for_a_code_it_knows() -> None:
    from rbb.importers import identity
    from rbb.model.mission import mission_for_code

    text = ("Budget for the United Nations Interim Administration Mission in Kosovo (UNMIK) for "
            "the period from 1 July 2030 to 30 June 2031\nReport of the Secretary-General\n")
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(identity, "mission_for_code", mission_for_code)
        registered = mission_for_code("UNMIK")
        assert registered is not None
        assert detect(text, file="unmik.txt").mission == registered
