"""Reports of the Advisory Committee on a mission's budget, read into acabq_report
documents (docs/cycle.md, "Reports of the Advisory Committee").

The texts are in tests/data/legislative/acabq/ (SOURCES.md says where each comes
from); every figure asserted here was read from them by hand and is cited with its
line, or derived by hand in a comment."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from rbb.importers import ImportResult, import_path, import_text
from rbb.model import Document, DocumentKind, Period
from rbb.model.cycle import Stage
from rbb.model.errors import InputError
from rbb.model.legislative import FinancingPart, RecommendationKind, StageLevel
from rbb.storage import DocumentStore

DATA = Path(__file__).parents[2] / "data" / "legislative" / "acabq"
APPROVE, REDUCE = RecommendationKind.APPROVE, RecommendationKind.REDUCE
NOT_APPROVE, REQUEST = RecommendationKind.NOT_APPROVE, RecommendationKind.REQUEST


def read(name: str) -> ImportResult:
    return import_path(DATA / name)


def document(result: ImportResult) -> Document:
    assert result.document is not None, result.diagnostics
    return result.document


def stages(doc: Document) -> set[tuple[str, str, str, str | None, Decimal, int | None]]:
    return {(f.stage.value, f.period.label, f.level.value, f.key, f.amount, f.source_line)
            for f in doc.stage_figures}


def test_unmik_2024_25_the_paragraphs_its_budget_report_quotes() -> None:
    """A/78/744/Add.7 as the UNMIK budget report for 2025/26 quotes it (section V.B):
    the reduction of para. 20 (c) and the requests of paras. 20 (e), 22, 25 and 26."""
    result = read("unmik-2024-25-quoted.txt")
    doc = document(result)
    assert (doc.kind, doc.mission.code, doc.period, doc.symbol) == (
        DocumentKind.ACABQ_REPORT, "UNMIK", Period(2024), "A/78/744/Add.7")
    assert result.errors == () and result.warnings == ()
    assert [(r.kind, r.paragraph) for r in doc.recommendations] == [
        (REDUCE, "20 (c)"), (REQUEST, "20 (c)"),  # recommends a reduction; trusts
        (REQUEST, "20 (e)"), (REQUEST, "20 (e)"), (REQUEST, "20 (e)"),
        # reiterates the request; encourages; trusts
        (REQUEST, "22"), (REQUEST, "22"),  # looks forward to; trusts
        (REQUEST, "25"),  # notes ... and trusts
        (REQUEST, "26"),  # trusts
    ]
    reduction = doc.recommendations[0]
    # Line 19: "recommends a reduction of 5 per cent ($93,300) to the proposed resources
    # for communication and information technology"; $93,300 is 93.3 thousand.
    assert (reduction.amounts, reduction.amount_source_lines, reduction.class_code,
            reduction.source_line) == ((Decimal("93.3"),), (19,),
                                       "communications_and_information_technology", 19)
    # The request beside it names "facilities and infrastructure" only in a list of
    # assets, not as a budget line: no class is taken.
    assert doc.recommendations[1].class_code is None
    assert [r.source_line for r in doc.recommendations[5:]] == [22, 22, 24, 26]


def test_unmik_quoted_paragraphs_are_a_partial_document() -> None:
    """The excerpt lacks the Committee's recommended total: it is partial, stored only
    with --partial, and its coverage says what is missing."""
    result = read("unmik-2024-25-quoted.txt")
    doc = document(result)
    assert doc.coverage is not None and doc.coverage.missing_tables == ("stage_figures",)
    assert result.incomplete and not result.ok() and result.ok(partial=True)


def test_unifil_2007_08_summary_figures_and_acceptance() -> None:
    """The opening of the Committee's report on UNIFIL 2007/08 (one line of a web
    page's text): the figures above paragraph 1, and paragraph 1's acceptance."""
    result = read("unifil-2007-08-opening.txt")
    doc = document(result)
    assert (doc.mission.code, doc.period, doc.symbol) == ("UNIFIL", Period(2007), None)
    # "Appropriation for 2005/06 $94,252,900", "Expenditure for 2005/06 $91,264,200",
    # "Appropriation for 2006/07 $496,615,500", "Proposal submitted by the
    # Secretary-General for 2007/08 $713,586,800", "Recommendation of the Advisory
    # Committee for 2007/08 $713,586,800": all on line 1.
    assert stages(doc) == {
        ("appropriation", "2005/06", "total", None, Decimal("94252.9"), 1),
        ("expenditure", "2005/06", "total", None, Decimal("91264.2"), 1),
        ("appropriation", "2006/07", "total", None, Decimal("496615.5"), 1),
        ("cost_estimates", "2007/08", "total", None, Decimal("713586.8"), 1),
        ("acabq_recommended", "2007/08", "total", None, Decimal("713586.8"), 1),
    }
    # "Unencumbered balance for 2005/06 $2,988,700": 94,252.9 - 91,264.2 = 2,988.7.
    assert [(f.part, f.period, f.amount) for f in doc.financing] == [
        (FinancingPart.UNENCUMBERED_BALANCE, Period(2005), Decimal("2988.7"))]
    assert [(r.kind, r.paragraph, r.amounts) for r in doc.recommendations] == [
        (APPROVE, "1", ())]  # "recommends acceptance of the Secretary-General's proposal"
    # The preliminary expenditure and projected balance of 2006/07 are no stage: each is
    # said, on its line, and not placed.
    assert [(d.code, d.line) for d in result.warnings] == [("unplaced", 1), ("unplaced", 1)]
    assert "Preliminary status of expenditures for 2006/07" in result.warnings[0].message
    assert doc.coverage is not None and doc.coverage.complete


def test_unifil_interim_period_and_the_report_it_considered() -> None:
    """UNIFIL 1 July 2006 to 31 March 2007: a period other than a financial year, and
    the report of the Secretary-General it considered (A/61/588, paragraph 1)."""
    doc = document(read("unifil-2006-07-interim-opening.txt"))
    assert doc.period_dates == (date(2006, 7, 1), date(2007, 3, 31))
    assert doc.concerns == ("A/61/588",)
    assert doc.recommendations == ()  # "has considered" and a Council decision
    assert [(p.number, p.source_line) for p in doc.paragraphs] == [(1, 1), (2, 1)]
    assert doc.coverage is not None and not doc.coverage.complete


def test_a_report_that_names_no_period_is_refused_with_what_was_expected() -> None:
    """UNDOF's addendum of 1998 (A/52/860/Add.5) names no period in its title."""
    result = read("undof-1998-addendum-opening.txt")
    assert result.document is None
    [error] = result.errors
    assert error.file.endswith("undof-1998-addendum-opening.txt")
    assert "expected the period it covers ('for the period from 1 July YYYY to 30 June " \
           "YYYY'" in error.message


def test_a_report_that_names_no_mission_is_refused_with_what_was_expected() -> None:
    text = ("Budget performance for the period from 1 July 2035 to 30 June 2036 and proposed "
            "budget for the period from 1 July 2037 to 30 June 2038 for 14 field offices\n\n"
            "Report of the Advisory Committee on Administrative and Budgetary Questions\n\n"
            "1. The Advisory Committee recommends acceptance of the proposal.\n")
    result = import_text(text, name="offices.txt")
    assert result.document is None
    assert [(d.file, d.message.split(":")[0]) for d in result.errors] == [
        ("offices.txt", "no mission named")]


@pytest.fixture(scope="module")
def unsmv() -> ImportResult:
    return read("unsmv-2037-38-handwritten.txt")


def test_fictional_mission_identity_concerns_and_stages(unsmv: ImportResult) -> None:
    doc = document(unsmv)
    assert (doc.mission.code, doc.mission.provisional, doc.period, doc.symbol, doc.date) == (
        "UNSMV", True, Period(2037), "A/91/702/Add.3", date(2037, 4, 14))
    assert doc.concerns == ("A/91/588", "A/91/655")  # footnote 1, called by paragraph 1
    assert stages(doc) == {
        ("appropriation", "2035/36", "total", None, Decimal("84120"), 18),
        ("expenditure", "2035/36", "total", None, Decimal("82907.4"), 19),
        ("appropriation", "2036/37", "total", None, Decimal("86500"), 21),
        ("cost_estimates", "2037/38", "total", None, Decimal("88245.6"), 23),
        ("acabq_recommended", "2037/38", "total", None, Decimal("87872.3"), 24),
        # Paragraph 7: "The proposed resources for official travel amount to $612,400."
        ("cost_estimates", "2037/38", "class", "official_travel", Decimal("612.4"), 39),
    }
    # Paragraph 4 restates the proposal and paragraph 12 the recommended total as the
    # summary prints them: one figure each, no disagreement.
    assert not [d for d in unsmv.warnings if d.code == "stage-figure-disagrees"]
    assert doc.coverage is not None and doc.coverage.complete


def test_fictional_mission_recommendations(unsmv: ImportResult) -> None:
    doc = document(unsmv)
    assert [(r.kind, r.paragraph, r.amounts, r.class_code, r.posts, r.source_line)
            for r in doc.recommendations] == [
        (REQUEST, "3", (), "ground_transportation", None, 33),
        (NOT_APPROVE, "5", (Decimal("90.06"),), "national_staff", 2, 37),
        (APPROVE, "5", (), None, 2, 37),
        (NOT_APPROVE, "6", (), None, 1, 38),
        (REDUCE, "7", (Decimal("61.24"),), "official_travel", None, 39),  # 10% of 612.4
        (REDUCE, "8", (Decimal("150"),), "consultants_and_consulting_services", None, 40),
        (REDUCE, "9", (Decimal("72"),), None, None, 41),
        (REQUEST, "10", (), None, None, 42),
        (REQUEST, "11", (Decimal("1212.6"), Decimal("2204.1")), None, None, 45),
        (APPROVE, "12", (Decimal("87872.3"),), None, None, 46),
    ]
    # The recommended total is the proposal less the reductions, derived by hand:
    # 88,245.6 - 90.06 - 61.24 - 150 - 72 = 87,872.3.
    reductions = sum(r.amounts[0] for r in doc.recommendations if r.kind in (REDUCE, NOT_APPROVE)
                     and r.amounts)
    assert Decimal("88245.6") - reductions == Decimal("87872.3")
    # Paragraph 5's first sentence is the Secretary-General's proposal, and paragraph
    # 10's second what the Committee was told: neither is a recommendation.
    assert not any(r.text.startswith(("The Secretary-General proposes", "The Committee was"))
                   for r in doc.recommendations)


def test_fictional_mission_unplaced_amounts_and_balances(unsmv: ImportResult) -> None:
    """Paragraph 9's $72,000 names no class: a warning on its line, never a guess; the
    projected expenditure of the summary (line 22) is no stage."""
    assert [(d.code, d.line) for d in unsmv.warnings] == [("unplaced", 22), ("unplaced", 41)]
    assert "$72,000" in unsmv.warnings[1].message
    doc = document(unsmv)
    # Line 20 and paragraph 11 (line 45) state the same balance; other revenue only in 11.
    assert [(f.part, f.period, f.amount, f.source_line) for f in doc.financing] == [
        (FinancingPart.UNENCUMBERED_BALANCE, Period(2035), Decimal("1212.6"), 20),
        (FinancingPart.OTHER_REVENUE, Period(2035), Decimal("2204.1"), 45)]
    assert [(p.section, p.number) for p in doc.paragraphs][:4] == [
        ("I", 1), ("II", 2), ("II", 3), ("III", 4)]


PDF_TEXT = """United Nations A/92/640/Add.2
General Assembly Distr.: General
3 May 2038
Original: English
Ninety-second session
Agenda item 148
Financing of the United Nations Observer Mission in Corvania
Proposed budget for the period from 1 July 2038 to 30 June 2039 of the
United Nations Observer Mission in Corvania (UNOMC)
Report of the Advisory Committee on Administrative and Budgetary
Questions
Proposal submitted by the Secretary-General for 2038/39 $31,400,000
1. The Advisory Committee has considered the report of the Secretary-
General on the proposed budget for UNOMC (A/92/611). The Committee
recommends a reduction of $1.2 million to the proposed requirements
under air operations, in view of the lower flight hours budgeted.
38-07123 (E) 120538
2/3
A/92/640/Add.2
2. The Committee recommends that the proposed resources for facilities
and infrastructure and ground transportation be reduced by $400,000.
"""
"""A report of a fictional mission as a PDF's text: wrapped lines, a word broken at a
line's end, a page's furniture between two paragraphs, no recommended total yet."""


def test_pdf_text_wrapped_lines_and_furniture() -> None:
    result = import_text(PDF_TEXT, name="unomc.txt")
    doc = document(result)
    assert (doc.mission.code, doc.period, doc.symbol) == ("UNOMC", Period(2038),
                                                          "A/92/640/Add.2")
    assert doc.concerns == ("A/92/611",)  # "the report of the Secretary-\nGeneral"
    # "$1.2 million" under air operations, printed on line 15; paragraph 2 names two
    # classes for its $400,000 (line 21): unplaced, not guessed.
    assert [(r.kind, r.paragraph, r.amounts, r.amount_source_lines, r.class_code)
            for r in doc.recommendations] == [
        (REDUCE, "1", (Decimal("1200"),), (15,), "air_operations"),
        (REDUCE, "2", (Decimal("400"),), (21,), None)]
    assert [(d.code, d.line) for d in result.warnings] == [("unplaced", 21)]
    assert "facilities_and_infrastructure, ground_transportation" in \
        result.warnings[0].message
    assert "38-07123" not in doc.paragraphs[0].text  # the page's furniture is not text
    assert stages(doc) == {("cost_estimates", "2038/39", "total", None, Decimal("31400"), 12)}
    assert result.incomplete


@pytest.mark.parametrize(("sentence", "kind"), [
    ("The Committee recommends against the establishment of the post.", NOT_APPROVE),
    ("The Advisory Committee does not recommend approval of the two positions.", NOT_APPROVE),
    ("The Committee recommends that the General Assembly not approve the proposal.",
     NOT_APPROVE),
    ("The Committee recommends that the provision for fuel be reduced by 5 per cent.", REDUCE),
    ("The Committee has no objection to the proposed redeployment.", APPROVE),
    ("The Committee recommends that the General Assembly request the Secretary-General to "
     "report on the review.", REQUEST),
    ("The Committee expects the Mission to fill its vacant posts.", REQUEST),
    ("The Committee was informed that the Mission requests two vehicles.", None),
    ("The Committee notes that the Secretary-General recommends approval.", None),
    ("The General Assembly requested the Secretary-General to report.", None),
    ("In the Committee's view, the Mission expects delays.", None),
    ("The Fifth Committee requests a briefing.", None),
])
def test_kinds_of_recommendation(sentence: str, kind: RecommendationKind | None) -> None:
    """Handwritten sentences in the Committee's general wording (not from the texts)."""
    from rbb.importers.legislative.acabq_recommendations import kind_of

    assert kind_of(sentence) is kind


def test_stage_levels_of_a_group() -> None:
    text = ("Budget for the period from 1 July 2040 to 30 June 2041 of the United Nations "
            "Observer Mission in Corvania (UNOMC)\nReport of the Advisory Committee on "
            "Administrative and Budgetary Questions\n"
            "1. The proposed resources for operational costs amount to $9,870,500. The "
            "Advisory Committee recommends that the General Assembly appropriate an amount "
            "of $30,000,000 for the maintenance of the Mission.\n")
    doc = document(import_text(text, name="group.txt"))
    assert {(f.stage, f.level, f.key, f.amount) for f in doc.stage_figures} == {
        (Stage.COST_ESTIMATES, StageLevel.GROUP, "operational_costs", Decimal("9870.5")),
        (Stage.ACABQ_RECOMMENDED, StageLevel.TOTAL, None, Decimal("30000"))}


def test_commitment_authority_and_assessment_are_financing_figures() -> None:
    """Handwritten: a recommendation to authorize commitments for half a year and to
    assess them; neither amount is unplaced."""
    text = ("Budget for the period from 1 July 2040 to 30 June 2041 of the United Nations "
            "Observer Mission in Corvania (UNOMC)\nReport of the Advisory Committee on "
            "Administrative and Budgetary Questions\n"
            "1. The Advisory Committee recommends that the General Assembly authorize the "
            "Secretary-General to enter into commitments in an amount not exceeding "
            "$15,000,000 for the period from 1 July to 31 December 2040, and assess the "
            "amount of $15,000,000.\n")
    result = import_text(text, name="commitment.txt")
    doc = document(result)
    assert result.diagnostics == ()
    assert {(f.part, f.period.stated, f.amount) for f in doc.financing} == {
        (FinancingPart.COMMITMENT_AUTHORITY, "1 July 2040 to 31 December 2040",
         Decimal("15000")),
        (FinancingPart.APPORTIONED, "1 July 2040 to 30 June 2041", Decimal("15000"))}
    assert doc.recommendations[0].kind is APPROVE  # "recommends that the General Assembly
    # authorize"


def test_stored_and_loaded_whole(store: DocumentStore) -> None:
    """What ``rbb import`` does (``services.imports.store_results``), on SQLite and
    PostgreSQL: the document comes back as read; the quoted excerpt only with
    ``partial``, marked partial."""
    from rbb.services.imports import store_results

    complete = read("unsmv-2037-38-handwritten.txt")
    assert store_results(store, [complete]).stored
    loaded = store.load("UNSMV", Period(2037), DocumentKind.ACABQ_REPORT)
    assert loaded.recommendations == document(complete).recommendations
    assert loaded.stage_figures == document(complete).stage_figures
    excerpt = read("unmik-2024-25-quoted.txt")
    with pytest.raises(InputError, match="partial document"):
        store_results(store, [excerpt])
    assert store_results(store, [excerpt], partial=True).stored
    assert store.load("UNMIK", Period(2024), DocumentKind.ACABQ_REPORT).partial


def test_lettered_recommendations_follow_the_words_that_lead_to_them() -> None:
    """Handwritten, in the older reports' form: the conclusion's lead names the Committee,
    its lettered items the actions."""
    text = ("Budget for the period from 1 July 2040 to 30 June 2041 of the United Nations "
            "Observer Mission in Corvania (UNOMC)\nReport of the Advisory Committee on "
            "Administrative and Budgetary Questions\n"
            "14. The Advisory Committee recommends that the General Assembly:\n"
            "(a) Appropriate the amount of $30,000,000 for the maintenance of the Mission for "
            "the period from 1 July 2040 to 30 June 2041;\n"
            "(b) Assess the amount of $30,000,000 at a monthly rate of $2,500,000.\n")
    result = import_text(text, name="lettered.txt")
    doc = document(result)
    assert [(r.kind, r.paragraph, r.amounts) for r in doc.recommendations] == [
        (APPROVE, "14 (a)", (Decimal("30000"),)),
        (APPROVE, "14 (b)", (Decimal("30000"), Decimal("2500")))]
    assert {(f.stage, f.amount, f.source_line) for f in doc.stage_figures} == {
        (Stage.ACABQ_RECOMMENDED, Decimal("30000"), 4)}
    assert [(f.part, f.amount) for f in doc.financing] == [
        (FinancingPart.APPORTIONED, Decimal("30000"))]
    # The monthly rate ($2,500,000 = 30,000 / 12 thousand) is neither: unplaced.
    assert [(d.code, d.line) for d in result.warnings] == [("unplaced", 5)]
    assert doc.coverage is not None and doc.coverage.complete


def test_bad_periods_and_amounts_are_errors_on_their_lines() -> None:
    """Handwritten bad input: a summary period whose second year does not follow, an
    amount longer than any amount; errors naming the line and what was expected."""
    text = ("Budget for the period from 1 July 2040 to 30 June 2041 of the United Nations "
            "Observer Mission in Corvania (UNOMC)\nReport of the Advisory Committee on "
            "Administrative and Budgetary Questions\n"
            "Proposal submitted by the Secretary-General for 2040/42 $31,000,000\n"
            "1. The Advisory Committee recommends a reduction of $1" + "0" * 40 + " under "
            "official travel.\n")
    result = import_text(text, name="bad.txt")
    assert [(d.code, d.line, d.file) for d in result.errors] == [
        ("bad-period", 3, "bad.txt"), ("bad-number", 4, "bad.txt")]
    assert "expected a period such as 2024/25" in result.errors[0].message
    assert "expected an amount such as $93,300" in result.errors[1].message
    assert not result.ok(partial=True)  # nothing is stored


def test_an_unbalanced_summary_amount_is_an_error_not_a_failure() -> None:
    """Found by mutating the UNIFIL opening: "($496,615,500" without its bracket."""
    text = DATA.joinpath("unifil-2007-08-opening.txt").read_text(encoding="utf-8").replace(
        "$496,615,500", "($496,615,500", 1)
    result = import_text(text, name="unbalanced.txt")
    assert [(d.code, d.line) for d in result.errors] == [("bad-number", 1)]
    assert "'($496,615,500'" in result.errors[0].message


def test_documents_considered_listed_at_the_end() -> None:
    """Handwritten, as older reports list them after the last paragraph, one a line
    without full stops: only the reports of the Secretary-General are concerns."""
    text = ("Budget for the period from 1 July 2040 to 30 June 2041 of the United Nations "
            "Observer Mission in Corvania (UNOMC)\nReport of the Advisory Committee on "
            "Administrative and Budgetary Questions\n"
            "1. The Advisory Committee recommends acceptance of the proposal.\n"
            "Documents considered by the Advisory Committee\n"
            "Report of the Secretary-General on the budget for UNOMC for the period from 1 July "
            "2040 to 30 June 2041 (A/94/612)\n"
            "Report of the Advisory Committee on UNOMC for 2039/40 (A/93/850/Add.4)\n"
            "General Assembly resolution 93/277 on the financing of UNOMC\n")
    assert document(import_text(text, name="listed.txt")).concerns == ("A/94/612",)


def test_a_pdf_of_the_report_reads_as_its_text(unsmv: ImportResult) -> None:
    """The handwritten report set as a PDF (WeasyPrint, lines wrapped at 90 characters,
    as a PDF's text layer gives them): the same records as the text, lines apart."""
    import html
    import textwrap

    from weasyprint import HTML

    from rbb.importers import import_bytes

    lines = [wrapped for line in (DATA / "unsmv-2037-38-handwritten.txt").read_text(
        encoding="utf-8").split("\n") if line.strip() for wrapped in textwrap.wrap(line, 90)]
    body = html.escape("\n".join(lines))
    pdf = HTML(string=f"<html><body><pre style='font-size:8pt'>{body}</pre></body></html>"
               ).write_pdf()
    result = import_bytes(pdf, name="unsmv.pdf")
    doc, text = document(result), document(unsmv)
    assert doc.kind is DocumentKind.ACABQ_REPORT and doc.concerns == text.concerns
    assert [(r.kind, r.paragraph, r.amounts, r.class_code, r.posts)
            for r in doc.recommendations] == [
        (r.kind, r.paragraph, r.amounts, r.class_code, r.posts) for r in text.recommendations]
    assert {(f.stage, f.period, f.key, f.amount) for f in doc.stage_figures} == {
        (f.stage, f.period, f.key, f.amount) for f in text.stage_figures}
    assert [d.code for d in result.warnings] == ["unplaced", "unplaced"]


def test_a_summary_amount_without_stage_and_period_is_unplaced() -> None:
    """Handwritten: "Expenditure as at 31 January 2041" names no period label."""
    text = ("Budget for the period from 1 July 2041 to 30 June 2042 of the United Nations "
            "Observer Mission in Corvania (UNOMC)\nReport of the Advisory Committee on "
            "Administrative and Budgetary Questions\n"
            "Appropriation for 2040/41\t$30,000,000\n"
            "Expenditure as at 31 January 2041\t$16,250,000\n"
            "Recommendation of the Advisory Committee for 2041/42\t$31,000,000\n"
            "1. The Advisory Committee recommends acceptance of the proposal.\n")
    result = import_text(text, name="as-at.txt")
    assert [(d.code, d.line) for d in result.warnings] == [("unplaced", 4)]
    assert "$16,250,000" in result.warnings[0].message
    assert {(f.stage, f.amount) for f in document(result).stage_figures} == {
        (Stage.APPROPRIATION, Decimal("30000")), (Stage.ACABQ_RECOMMENDED, Decimal("31000"))}


def test_paragraph_numbers_inside_a_line_only_in_sequence() -> None:
    """Handwritten, one line as a web page's text gives it: "in paragraph 3. The" is not
    paragraph 3 after paragraph 1; "2." is the next paragraph; "(a)" after a colon is a
    lettered sub-paragraph; a number starting a line may skip (an excerpt's gap)."""
    from rbb.importers.legislative.acabq_text import lay_out

    layout = lay_out("Title I. Introduction 1. As explained in paragraph 3. The Committee "
                     "agrees. 2. The Committee recommends: (a) One thing; (b) Another.\n"
                     "9. A paragraph quoted apart, as in section II. The Committee agrees.")
    assert [(p.label, p.section, p.passage.text) for p in layout.paragraphs] == [
        ("1", "I", "As explained in paragraph 3. The Committee agrees."),
        ("2", "I", "The Committee recommends:"),
        ("2 (a)", "I", "One thing;"),
        ("2 (b)", "I", "Another."),
        ("9", "I", "A paragraph quoted apart, as in section II. The Committee agrees.")]
    assert layout.head.text == "Title"
