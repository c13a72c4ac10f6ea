"""General Assembly resolutions on a mission's financing (issue 17), read from real
copies (tests/data/legislative/resolutions/SOURCES.md) and from a text written for
these tests on a fictional operation. Every figure asserted is transcribed by hand from
the text, with the line it is printed on, or derived by hand in a comment."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from rbb.cli import run
from rbb.importers import import_path, import_text
from rbb.importers.detect import DocumentMeta, detect
from rbb.importers.identity.renderings import flatten
from rbb.importers.identity.resolutions import read_resolution_head
from rbb.importers.legislative import resolution
from rbb.importers.source import SourceText
from rbb.model import DocumentKind, Period
from rbb.model.cycle import Stage
from rbb.model.legislative import DecisionKind, FinancingPart
from rbb.model.mission import Mission, mission_for_code
from rbb.model.mission_register import MissionRegister, shipped_register

RESOLUTIONS = Path(__file__).resolve().parents[2] / "data" / "legislative" / "resolutions"
FICTIONAL = RESOLUTIONS / "fictional-unmir-2031.txt"
UNIFIL = RESOLUTIONS / "unifil-56-214-b-pages-1-and-4.txt"
P = FinancingPart
K = DecisionKind


def _with_ruritania() -> MissionRegister:
    return MissionRegister(missions=(*shipped_register(), Mission(
        code="UNIMIR", name="United Nations Interim Mission in Ruritania")))


def _figures(result_document: object) -> set[tuple[object, ...]]:
    return {(f.part, f.for_part, f.period.label, f.amount, f.paragraph, f.source_line)
            for f in result_document.financing}  # type: ignore[attr-defined]


# --- the fictional operation: every part in the general wording ----------------------

def test_a_resolution_in_the_general_wording_is_read_whole() -> None:
    result = import_path(FICTIONAL, register=_with_ruritania())
    document = result.document
    assert document is not None and not result.errors
    assert (document.kind, document.mission.code, document.period.label) == (
        DocumentKind.GA_RESOLUTION, "UNIMIR", "2031/32")
    assert (document.symbol, document.date, document.session, document.agenda_item) == (
        "A/RES/85/412", date(2031, 6, 29), "Eighty-fifth session", "161")
    assert document.title == "85/412. Financing of the United Nations Interim Mission in Ruritania"
    assert document.concerns == ("A/85/611", "A/85/702")  # footnote 1, marked after the reports
    assert [(d.paragraph, d.kind, d.source_line) for d in document.decisions] == [
        ("1", K.OTHER, 17), ("2", K.OTHER, 19), ("3", K.REQUEST, 21), ("4", K.REQUEST, 24),
        ("5", K.APPROPRIATE, 32), ("6", K.APPORTION, 39), ("7", K.STAFF_ASSESSMENT, 42),
        ("8", K.CREDIT, 50), ("9", K.OTHER, 55), ("10", K.OTHER, 56)]
    # paragraph 4 begins on line 24 and the footnote block and page header between it
    # and paragraph 5 are not part of its text
    assert document.decisions[3].text == ("Also requests the Secretary-General to continue "
                                          "his efforts to reduce the vacancy rate of national "
                                          "staff;")
    # 57,310.0 + 3,480.2 + 512.7 + 220.5 = 61,523.4, the amount appropriated (paragraph 5);
    # 4,981.3 + 389.1 + 48.5 = 5,418.9, the share in the Tax Equalization Fund (paragraph 7)
    assert _figures(document) == {
        (P.APPROPRIATED, None, "2031/32", Decimal("61523.4"), "5", 33),
        (P.MAINTENANCE, None, "2031/32", Decimal("57310"), "5", 34),
        (P.SUPPORT_ACCOUNT, None, "2031/32", Decimal("3480.2"), "5", 35),
        (P.LOGISTICS_BASE, None, "2031/32", Decimal("512.7"), "5", 36),
        (P.REGIONAL_SERVICE_CENTRE, None, "2031/32", Decimal("220.5"), "5", 36),
        (P.APPORTIONED, None, "2031/32", Decimal("61523.4"), "6", 39),
        (P.STAFF_ASSESSMENT, None, "2031/32", Decimal("5418.9"), "7", 45),
        (P.STAFF_ASSESSMENT, P.MAINTENANCE, "2031/32", Decimal("4981.3"), "7", 46),
        (P.STAFF_ASSESSMENT, P.SUPPORT_ACCOUNT, "2031/32", Decimal("389.1"), "7", 47),
        (P.STAFF_ASSESSMENT, P.LOGISTICS_BASE, "2031/32", Decimal("48.5"), "7", 48),
        # "in respect of the financial period ended 30 June 2030": 2029/30
        (P.BALANCE_AND_REVENUE, None, "2029/30", Decimal("2704.3"), "8", 53),
        (P.COMMITMENT_AUTHORITY, None, "2031/32", Decimal("4000"), "10", 57),
    }
    assert [(s.stage, s.period.label, s.amount, s.source_line)
            for s in document.stage_figures] == [
        (Stage.APPROPRIATION, "2031/32", Decimal("57310"), 34)]


def test_an_amount_no_words_tie_to_a_part_is_reported_unplaced_and_kept() -> None:
    result = import_path(FICTIONAL, register=_with_ruritania())
    unplaced = [(w.code, w.line, w.text) for w in result.warnings]
    # the monthly rate of paragraph 6 (61,523,400 / 12 = 5,126,950) and the reserve of
    # paragraph 9 are no part of the appropriation: reported, never guessed
    assert unplaced == [("unplaced-amount", 41, "5,126,950"), ("unplaced-amount", 55,
                                                              "$1,250,000")]
    assert "a monthly rate" in result.warnings[0].message
    document = result.document
    assert document is not None
    reserve = next(d for d in document.decisions if d.paragraph == "9")
    assert (reserve.amounts, reserve.amount_source_lines) == ((Decimal("1250"),), (55,))
    assert Decimal("1250") not in {f.amount for f in document.financing}
    assert result.ok() and not result.ok(strict=True)


def test_the_same_text_as_one_line_a_paragraph_reads_the_same_figures() -> None:
    """A conversion that prints each paragraph on one line (and a PDF's page header
    left inline) changes the lines, never the figures."""
    lines = FICTIONAL.read_text().splitlines()
    joined = "\n".join(lines[:16]) + "\n" + " ".join(lines[16:])
    one = import_text(joined, name="one-line.txt", register=_with_ruritania()).document
    whole = import_path(FICTIONAL, register=_with_ruritania()).document
    assert one is not None and whole is not None
    assert {(f.part, f.for_part, f.period, f.amount) for f in one.financing} == {
        (f.part, f.for_part, f.period, f.amount) for f in whole.financing}
    assert {f.source_line for f in one.financing} == {17}
    assert [d.kind for d in one.decisions] == [d.kind for d in whole.decisions]


# --- UNIFIL, A/RES/56/214 B: pages 1 and 4 ------------------------------------------

def test_unifil_pages_one_and_four() -> None:
    result = import_path(UNIFIL)
    document = result.document
    assert document is not None and not result.errors
    # the title's last word is lost by the copy ("... Interim Force in"): the mission is
    # the one the preamble's reports are on, "... Interim Force in Lebanon"
    assert (document.mission.code, document.symbol, document.session, document.agenda_item,
            document.date) == ("UNIFIL", "A/RES/56/214 B", "Fifty-sixth session", "134 (b)",
                               date(2002, 7, 17))
    # page 3 (the appropriation) is missing: the latest period named is 1 July 2002 to
    # 30 June 2003 (line 42, the staff assessment of the Logistics Base)
    assert document.period == Period(2002)
    assert document.title == "56/214 B. Financing of the United Nations Interim Force in Lebanon"
    # the copy lost the footnote numbers: the first footnote naming reports
    assert document.concerns == ("A/56/822", "A/56/893")
    assert [(d.paragraph, d.kind) for d in document.decisions] == [
        ("18", K.CREDIT), ("19", K.CREDIT), ("20", K.STAFF_ASSESSMENT), ("21", K.OTHER),
        ("22", K.OTHER)]  # 22 "Encourages the Secretary-General": no request
    assert document.decisions[4].text.endswith("participating in the Force;")
    # paragraphs 18 and 19 state the same balance and income: placed once
    assert _figures(document) == {
        (P.UNENCUMBERED_BALANCE, None, "2000/01", Decimal("23343.1"), "18", 42),
        (P.OTHER_REVENUE, None, "2000/01", Decimal("12482"), "18", 42),
    }
    assert document.stage_figures == ()
    # paragraph 20: "the decrease in the staff assessment income of 420,200 dollars"
    assert [(w.line, w.text) for w in result.warnings] == [(42, "420,200")]


def test_rbb_import_stores_a_resolution(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'rbb.sqlite'}"
    assert run(["import", "--db", db, str(UNIFIL)]) == 0
    assert run(["import", "--db", db, "--strict", str(UNIFIL)]) == 1  # its unplaced amount


# --- real pages read by the paragraph layer, their identity given by hand -------------

def _meta(code: str, period: Period) -> DocumentMeta:
    mission = mission_for_code(code)
    assert mission is not None
    return DocumentMeta(kind=DocumentKind.GA_RESOLUTION, mission=mission, period=period,
                        title="given by the test")


def test_a_page_without_its_title_is_refused_but_its_paragraphs_read() -> None:
    path = RESOLUTIONS / "miponuh-53-222-b-page-3.txt"
    refused = import_path(path)
    assert refused.document is None
    assert "names no mission: expected its title" in refused.errors[0].message
    source = SourceText(name=path.name, text=path.read_text(), shape="legislative")
    document = resolution.read(source, _meta("MIPONUH", Period(1999))).document
    assert document is not None
    assert [(d.paragraph, d.kind) for d in document.decisions] == [
        ("5", K.OTHER), ("6", K.REQUEST), ("7", K.REQUEST), ("8", K.OTHER),
        ("9", K.APPROPRIATE)]
    # paragraph 9: "18,641,616 dollars gross (17,618,416 dollars net) for the maintenance
    # and liquidation ... for the period from 1 July 1999 to 30 June 2000, inclusive of
    # the amount of 927,537 dollars for the support account ... and the amount of
    # 181,879 dollars for the United Nations Logistics Base"
    assert document.decisions[4].amounts == (
        Decimal("18641.616"), Decimal("17618.416"), Decimal("927.537"), Decimal("181.879"))
    assert _figures(document) == {
        (P.APPROPRIATED, None, "1999/00", Decimal("18641.616"), "9", 1),
        (P.SUPPORT_ACCOUNT, None, "1999/00", Decimal("927.537"), "9", 1),
        (P.LOGISTICS_BASE, None, "1999/00", Decimal("181.879"), "9", 1),
    }
    # the total is inclusive of the support account and the Logistics Base: the
    # maintenance alone is not printed, so no stage figure is made up
    assert document.stage_figures == ()


def test_gross_amounts_are_placed_and_their_net_kept_with_the_decision() -> None:
    path = RESOLUTIONS / "unamet-54-20-b-page-1.txt"
    source = SourceText(name=path.name, text=path.read_text(), shape="legislative")
    # the page names no period: the test gives one, to read its paragraphs
    read = resolution.read(source, _meta("UNAMET", Period(1999)))
    document = read.document
    assert document is not None and not read.warnings
    assert {(f.part, f.amount, f.paragraph) for f in document.financing} == {
        (P.APPROPRIATED, Decimal("26913.8"), "2"), (P.APPORTIONED, Decimal("23241.6"), "3")}
    assert document.decisions[1].amounts == (Decimal("26913.8"), Decimal("26499.8"))


# --- refused: no period, no mission, no paragraph ------------------------------------

@pytest.mark.parametrize("name", ["unmik-65-300-opening.txt", "unmik-55-227-b-opening.txt",
                                  "monuc-62-256-opening.txt", "unamet-54-20-b-page-1.txt"])
def test_a_resolution_that_names_no_period_is_refused_with_what_was_expected(
        name: str) -> None:
    result = import_path(RESOLUTIONS / name)
    assert result.document is None
    error = result.errors[0]
    assert error.file is not None and error.file.endswith(name)
    assert error.message.startswith("a resolution of the General Assembly that names no "
                                    "period: expected the period of its appropriation")


def test_the_unmik_opening_names_its_symbol_adoption_and_title() -> None:
    text = (RESOLUTIONS / "unmik-65-300-opening.txt").read_text()
    head = read_resolution_head(flatten(text))
    assert (head.symbol, head.number, head.adopted, head.period) == (
        "A/RES/65/300", "65/300", date(2011, 6, 30), None)
    # with a paragraph written for this test that appropriates for 2011/12
    written = text + (" of the status of contributions;\n3. Decides to appropriate to the "
                      "Special Account for the Mission the amount of $100 for the period "
                      "from 1 July 2011 to 30 June 2012;\n")
    meta = detect(written, file="unmik.txt")
    assert (meta.kind, meta.mission.code, meta.period, meta.date, meta.session,
            meta.agenda_item) == (DocumentKind.GA_RESOLUTION, "UNMIK", Period(2011),
                                  date(2011, 6, 30), "Sixty-fifth session", "154")
    assert meta.title == ("65/300. Financing of the United Nations Interim Administration "
                          "Mission in Kosovo")
    assert meta.described() == ("a resolution of the General Assembly on the financing of "
                                "UNMIK for 2011/12 (A/RES/65/300)")
    document = import_text(written, name="unmik.txt").document
    assert document is not None
    # footnote 1 ("A/65/621 and A/65/711."), marked after the reports of the Secretary-General
    assert document.concerns == ("A/65/621", "A/65/711")
    assert [(d.paragraph, d.kind) for d in document.decisions] == [
        ("1", K.REQUEST), ("2", K.OTHER), ("3", K.APPROPRIATE)]
    # paragraph 1 runs to line 43; the footnotes and page header after it are not its text
    assert document.decisions[0].text.endswith("as well as other relevant resolutions;")


HEAD = """United Nations A/RES/90/120

General Assembly
Distr.: General
2 July 2036
Ninetieth session
Agenda item 150

Resolution adopted by the General Assembly on 27 June 2036
90/120. Financing of the {name}
The General Assembly,
Having considered the reports of the Secretary-General on the financing of the
{name} 1 and the related report of the Advisory Committee,
{paragraphs}"""


def test_a_mission_outside_the_register_without_its_code_is_refused() -> None:
    text = HEAD.format(name="United Nations Observer Mission in Freedonia", paragraphs=(
        "1. Decides to appropriate the amount of $5,000,000 for the period from 1 July 2036 "
        "to 30 June 2037;\n"))
    result = import_text(text, name="freedonia.txt")
    assert result.document is None
    assert result.errors[0].message.startswith(
        "the mission 'United Nations Observer Mission in Freedonia' is not in rbb's register")


def test_the_period_is_the_latest_appropriated_for_maintenance() -> None:
    """An additional appropriation for the current period, the main one for the next,
    balances of an earlier one: the period is the next (written for this test)."""
    name = "United Nations Observer Mission in Freedonia (UNOMF)"
    text = HEAD.format(name=name, paragraphs=(
        "1. Decides to appropriate the additional amount of $1,200,000 for the maintenance of "
        "the Mission for the period from 1 July 2035 to 30 June 2036;\n"
        "2. Decides to appropriate the amount of US$9,799,600 for the period from 1 July "
        "2036 to 30 June 2037, inclusive of 9,000,000 dollars for the maintenance of the "
        "Mission and $799,600 for the support account for peacekeeping operations;\n"
        "3. Decides that the unencumbered balance of 46,045,300 United States dollars in "
        "respect of the financial period ended 30 June 2035 shall be credited;\n"
        "4. Further requests the Secretary-General to report on the $300,000 spent;\n"))
    result = import_text(text, name="freedonia.txt")
    document = result.document
    assert document is not None
    assert (document.mission.code, document.mission.provisional, document.period) == (
        "UNOMF", True, Period(2036))
    assert _figures(document) == {
        # HEAD prints 13 lines before the paragraphs: paragraph 1 is on line 14
        (P.APPROPRIATED, None, "2035/36", Decimal("1200"), "1", 14),
        (P.MAINTENANCE, None, "2035/36", Decimal("1200"), "1", 14),
        (P.APPROPRIATED, None, "2036/37", Decimal("9799.6"), "2", 15),
        (P.MAINTENANCE, None, "2036/37", Decimal("9000"), "2", 15),
        (P.SUPPORT_ACCOUNT, None, "2036/37", Decimal("799.6"), "2", 15),
        (P.UNENCUMBERED_BALANCE, None, "2034/35", Decimal("46045.3"), "3", 16),
    }
    assert {(s.period.label, s.amount) for s in document.stage_figures} == {
        ("2035/36", Decimal("1200")), ("2036/37", Decimal("9000"))}
    assert [(d.kind, w.line, w.text) for d, w in zip(
        document.decisions[3:], result.warnings, strict=True)] == [
        (K.REQUEST, 17, "$300,000")]


def test_a_resolution_without_operative_paragraphs_is_refused() -> None:
    text = HEAD.format(name="United Nations Observer Mission in Freedonia (UNOMF)", paragraphs=(
        "Noting its budget for the period from 1 July 2036 to 30 June 2037,\n"))
    result = import_text(text, name="preamble.txt")
    assert result.document is None
    assert "no operative paragraph; expected paragraphs numbered" in result.errors[0].message


def test_numbers_that_only_cite_paragraphs_start_none() -> None:
    """"as provided for in paragraph 16 above" and "resolutions 1874 (S-IV)" are no
    paragraphs: each paragraph is numbered one more than the one before."""
    text = HEAD.format(name="United Nations Observer Mission in Freedonia (UNOMF)", paragraphs=(
        "1. Decides to apportion among Member States the amount of $2,400,000 for the period "
        "from 1 July 2036 to 30 June 2037, at a monthly rate of $200,000, as provided for in\n"
        "paragraph 16 above and in resolution 55/235;\n"
        "2. Decides to appropriate the amount of $2,400,000 for the maintenance of the "
        "Mission for the period from 1 July 2036 to 30 June 2037;\n"))
    document = import_text(text, name="cited.txt").document
    assert document is not None
    assert [d.paragraph for d in document.decisions] == ["1", "2"]
    assert (P.APPORTIONED, None, "2036/37", Decimal("2400"), "1", 14) in _figures(document)


def test_amounts_in_each_printed_form_and_what_stays_unplaced() -> None:
    """Written for this test, in the wording of the Assembly's resolutions."""
    text = HEAD.format(name="United Nations Observer Mission in Freedonia (UNOMF)", paragraphs=(
        "1. Reiterates its request to the Secretary-General to report on the 202.4 million "
        "United States dollars outstanding;\n"
        "2. Decides to appropriate the additional amount of US$9,799,600 for the maintenance "
        "of the Mission for the period from 1 July 2036 to 30 June 2037, taking into account "
        "the amount of $220,897,200 already appropriated for the same period;\n"
        "3. Decides further that the increase of $214,000 in the estimated staff assessment "
        "income shall be added to the credits;\n"
        "4. Decides to appropriate the amount of $1,000 for the period from 1 July 2036 to "
        "30 June 2037, inclusive of $900 for the maintenance of the Mission and $100 for the "
        "Global Service Centre;\n"))
    result = import_text(text, name="forms.txt")
    document = result.document
    assert document is not None
    assert [d.kind for d in document.decisions] == [
        K.REQUEST, K.APPROPRIATE, K.STAFF_ASSESSMENT, K.APPROPRIATE]
    # 202.4 million dollars = 202,400 thousand; US$9,799,600 = 9,799.6 thousand
    assert document.decisions[0].amounts == (Decimal("202400"),)
    assert document.decisions[1].amounts == (Decimal("9799.6"), Decimal("220897.2"))
    assert _figures(document) == {
        (P.APPROPRIATED, None, "2036/37", Decimal("9799.6"), "2", 15),
        (P.MAINTENANCE, None, "2036/37", Decimal("9799.6"), "2", 15),
        (P.APPROPRIATED, None, "2036/37", Decimal("1"), "4", 17),
        (P.MAINTENANCE, None, "2036/37", Decimal("0.9"), "4", 17),
        (P.LOGISTICS_BASE, None, "2036/37", Decimal("0.1"), "4", 17),
    }
    # one paragraph a line, from line 14
    assert [(w.line, w.text) for w in result.warnings] == [
        (14, "202.4 million"), (15, "$220,897,200"), (16, "$214,000")]
    assert [w.message.split("(")[1].split(")")[0] for w in result.warnings] == [
        "an amount in a request", "an amount appropriated or apportioned before",
        "a change from an earlier figure"]


def test_a_pdf_of_a_resolution_reads_the_same_figures() -> None:
    """The Assembly publishes its resolutions as PDFs: the text layer is read here."""
    import html

    from weasyprint import HTML

    from rbb.importers import import_bytes

    body = html.escape(FICTIONAL.read_text())
    pdf = HTML(string=f"<html><body><pre style='font-size: 8pt'>{body}</pre></body></html>"
               ).write_pdf()
    assert pdf is not None
    result = import_bytes(pdf, name="unimir.pdf", register=_with_ruritania())
    whole = import_path(FICTIONAL, register=_with_ruritania()).document
    assert result.document is not None and whole is not None
    assert result.document.kind is DocumentKind.GA_RESOLUTION
    assert {(f.part, f.for_part, f.period, f.amount) for f in result.document.financing} == {
        (f.part, f.for_part, f.period, f.amount) for f in whole.financing}


def test_a_page_naming_the_special_account_reads_whole() -> None:
    """MONUC, A/RES/56/252 C, page 3 (one line): no masthead or title; the mission is
    the one whose Special Account paragraph 18 appropriates to."""
    result = import_path(RESOLUTIONS / "monuc-56-252-c-page-3.txt")
    document = result.document
    assert document is not None and not result.errors
    assert (document.mission.code, document.symbol, document.period, document.date) == (
        "MONUC", "A/RES/56/252 C", Period(2002), None)
    assert [(d.paragraph, d.kind) for d in document.decisions] == [
        ("14", K.REQUEST), ("15", K.REQUEST), ("16", K.OTHER), ("17", K.OTHER),
        ("18", K.APPROPRIATE), ("19", K.APPROPRIATE), ("20", K.APPORTION)]
    # the headings between paragraphs ("Budget estimates for the period from 1 July 2002
    # to 30 June 2003") and the footnote mark "6" are no paragraph's text
    assert document.decisions[4].text.endswith("resolution 55/275 of 14 June 2001;")
    # paragraph 19: 581,933,464 + 23,568,200 + 2,823,600 = 608,325,264 dollars
    assert _figures(document) == {
        (P.APPROPRIATED, None, "2002/03", Decimal("608325.264"), "19", 1),
        (P.MAINTENANCE, None, "2002/03", Decimal("581933.464"), "19", 1),
        (P.SUPPORT_ACCOUNT, None, "2002/03", Decimal("23568.2"), "19", 1),
        (P.LOGISTICS_BASE, None, "2002/03", Decimal("2823.6"), "19", 1),
        (P.APPORTIONED, None, "2002/03", Decimal("608325.264"), "20", 1),
    }
    assert [(s.period, s.amount) for s in document.stage_figures] == [
        (Period(2002), Decimal("581933.464"))]
    # paragraph 18's "41 million dollars, as previously authorized and apportioned" (for
    # 2000/01) and paragraph 20's monthly rate (608,325,264 / 12 = 50,693,772) are no
    # part of the 2002/03 financing
    assert [w.text for w in result.warnings] == ["41 million", "50,693,772"]
