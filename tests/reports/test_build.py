"""The view model: what a report prints when the document holds less, how headline
paragraphs are reconciled with the published ones, where stray prose goes, how
findings are placed, and how figures are spelled."""

from __future__ import annotations

from decimal import Decimal

from rbb.model import Finding, Severity
from rbb.model.tables import Paragraph as StoredParagraph
from rbb.reports import build_report, figures
from rbb.reports.headlines import Headline, figures_in, reconcile
from rbb.reports.view import Paragraph, Table
from tests.reports.fixtures import documents


def _headings(report: object) -> list[str]:
    return [s.heading for _, s in report.walk()]  # type: ignore[attr-defined]


def test_without_prose_the_headlines_are_written_from_the_figures() -> None:
    bare = documents()["budget"].model_copy(update={"paragraphs": ()})
    report = build_report(bare)
    summary = report.sections[0]
    generated = [b.text for b in summary.blocks if isinstance(b, Paragraph) and b.generated]
    assert generated[0].endswith("which amounts to $46,045,300.")
    assert "an increase of $2,360,600, or 5.4 per cent" in generated[1]
    assert generated[2] == (
        "The proposed budget provides for the deployment of 8 military observers, 10 United "
        "Nations police officers, 113 international staff, 33 National Professional "
        "Officers, 186 national General Service staff and 24 United Nations Volunteers.")
    assert generated[-1] == ("The actions to be taken by the General Assembly are set out "
                             "in section IV of the present report.")
    assert summary.blocks[-1].text == generated[-1]  # type: ignore[union-attr]  # after the tables
    actions = next(s for s in report.sections if s.title.startswith("Actions"))
    assert "appropriation of the amount of $46,045,300" in actions.blocks[0].text  # type: ignore[union-attr]


def test_sections_without_data_are_left_out_and_the_rest_renumbered() -> None:
    budget = documents()["budget"]
    only_money = budget.model_copy(update={
        "paragraphs": (), "components": (), "staffing_tables": (), "civilian_cost_estimates": (),
        "variance_explanations": (), "follow_up": (), "non_budgeted_contributions": (),
        "efficiency_gains": None, "vacancy_factors": (), "training_costs": (),
        "training_participants": (), "official_travel": (), "programmatic_activities": (),
        "quick_impact_projects": ()})
    headings = _headings(build_report(only_money))
    assert headings == ["Summary", "I. Financial resources", "A. Overall",
                        "II. Actions to be taken by the General Assembly"]


def test_a_published_paragraph_whose_figures_agree_is_kept() -> None:
    """Performance seed, Summary: the published sentence goes on to compare with
    2020/21, a period the store does not hold; its own figures are the engine's."""
    headline = Headline(__import__("re").compile("UNMIK incurred"),
                        "UNMIK incurred $40.6 million in expenditure for the reporting period, "
                        "representing a resource utilization rate of 98.3 per cent.")
    published = Paragraph(
        "UNMIK incurred $40.6 million in expenditure for the reporting period, representing "
        "a resource utilization rate of 98.3 per cent, compared with $39.7 million in "
        "expenditure and a resource utilization rate of 99.6 per cent in the 2020/21 period.",
        source_line=12)
    differences: list[str] = []
    assert reconcile(headline, published, differences.append) is published
    assert not differences


def test_a_published_paragraph_whose_figures_differ_is_regenerated() -> None:
    headline = Headline(__import__("re").compile("The proposed budget in"),
                        "The proposed budget in the amount of $46,045,300 represents ...")
    published = Paragraph("The proposed budget in the amount of $46,045,000 represents ...",
                          source_line=57)
    differences: list[str] = []
    printed = reconcile(headline, published, differences.append)
    assert printed.generated and printed.text == headline.text
    assert "line 57" in differences[0] and "46045000" in differences[0]


def test_figures_in_reads_amounts_rates_and_section_numerals() -> None:
    assert figures_in("an increase of $2,360,600, or 5.4 per cent, in section IV.") == \
        ["2360600", "5.4", "IV"]


def test_prose_no_section_claims_is_still_printed() -> None:
    budget = documents()["budget"]
    extra = (StoredParagraph(section="II.B.1", number=99, text="A sub-subsection's text."),
             StoredParagraph(section="VII", number=100, text="An unknown section's text."))
    report = build_report(budget.model_copy(update={"paragraphs": budget.paragraphs + extra}))
    sections = {s.key: s for _, s in report.walk()}
    assert any(isinstance(b, Paragraph) and b.number == 99 for b in sections["II.B"].blocks)
    assert report.sections[-1].title == "Other text of the report (VII)"


def test_a_finding_flags_the_cell_and_notes_the_table() -> None:
    """Seed line 511, International staff: a finding about its variance amount."""
    budget = documents()["budget"]
    finding = Finding(severity=Severity.ERROR, code="money.variance-amount",
                      document=str(budget.key), table="financial_resources",
                      row="international_staff", column="variance_amount", source_line=511,
                      printed=Decimal("2651.2"), computed=Decimal("2651.3"),
                      message="a made-up slip")
    report = build_report(budget, findings=[finding])
    table = next(b for _, s in report.walk() for b in s.blocks
                 if isinstance(b, Table) and b.key == "financial_resources")
    row = next(r for r in table.rows if r.source_line == 511)
    assert [c.flagged for c in row.cells] == [False, False, False, False, True, False]
    assert any("a made-up slip" in note for note in table.findings)
    assert any("a made-up slip" in f for f in report.findings)


def test_figures_are_spelled_as_the_reports_spell_them() -> None:
    assert figures.amount(Decimal("36682.0")) == "36\u2009682.0"
    assert figures.amount(Decimal("-119.7")) == "(119.7)"
    assert figures.amount(Decimal("0")) == "—"
    assert figures.percentage(Decimal("0.04")) == "0.04"
    assert figures.percentage(Decimal("-5")) == "(5.0)"
    assert figures.dollar_thousands(Decimal("5137.2")) == "$5,137.2"
    assert figures.dollar_thousands(Decimal("-479.1")) == "($479.1)"
    assert figures.signed_percentage(Decimal("-5.0")) == "(5.0%)"
    assert figures.signed_percentage(Decimal("47.5")) == "47.5%"
    assert figures.count(0) == "–" and figures.count(1700) == "1,700"
    assert figures.axis_tick(Decimal("10000.0")) == "10\u2009000"
    assert figures.axis_tick(Decimal("0")) == "0"


def test_a_draft_says_so_on_every_page() -> None:
    draft = documents()["budget"].model_copy(update={"draft": True})
    report = build_report(draft)
    assert report.running_header == "DRAFT — UNMIK budget report 2025/26"
    assert report.masthead.subtitle.startswith("Draft (not issued)")
