"""The prose edits (docs/preparation.md, "Editing variance explanations, paragraphs and
requests"): texts checked with the field named, variances quoted from the table,
paragraphs numbered again through the document as the reports number them, and drafts
of an explanation from the attribution by cost driver."""

from __future__ import annotations

from decimal import Decimal

import pytest
from sqlalchemy import Engine

from rbb.model import Document, Period
from rbb.model.errors import InputError
from rbb.model.proposals import ProposalContent
from rbb.services import prose_edits as prose
from rbb.services.costing_service import CostingService, DocumentRef
from rbb.storage import DocumentStore
from tests.conftest import BUDGET_SEED, imported


@pytest.fixture(scope="module")
def seed() -> Document:
    result = imported(BUDGET_SEED)
    assert result.document is not None
    return result.document


def blank(seed: Document) -> Document:
    """The seed's money tables without any of its prose: text typed here is not the
    seed's."""
    return seed.model_copy(update={"paragraphs": (), "variance_explanations": (),
                                   "follow_up": ()})


def test_texts_are_bounded_and_free_of_control_characters() -> None:
    assert prose.clean(" Two lines\r\nof text. ", "paragraphs.0.text") == \
        "Two lines\nof text."
    for value, message in (("  ", "paragraphs.3.text: empty"),
                           ("x" * (prose.TEXT_LIMIT + 1), "10001 characters"),
                           ("bell\x07", "a control character (U+0007) at character 5"),
                           (42, "expected text")):
        with pytest.raises(InputError) as caught:
            prose.clean(value, "paragraphs.3.text")
        assert str(caught.value).startswith("paragraphs.3.text: ")
        assert message in str(caught.value)
    with pytest.raises(InputError, match="one line expected"):
        prose.clean("I.A\nI.B", "paragraphs.0.section", limit=prose.LABEL_LIMIT)


def test_the_variances_come_from_the_money_table_by_class(seed: Document) -> None:
    rows = {c.line: c for c in prose.class_variances(seed)}
    # International staff: 23 790.6 − 21 139.4 = 2 651.2; 2 651.2 ÷ 21 139.4 = 12.54 %.
    assert rows["international_staff"].amount == Decimal("2651.2")
    assert rows["international_staff"].percentage == Decimal("12.5")
    # Quick-impact projects: 200.0 over a nil apportionment, printed as 100.0 per cent.
    assert rows["quick_impact_projects"].percentage == Decimal("100.0")
    # Ten classes cross ±5 per cent or $100,000 in the seed, each explained.
    over = [c.line for c in rows.values() if c.over]
    assert len(over) == 10 and all(rows[line].explanation for line in over)
    assert not rows["national_professional_officers"].over  # (7.2), −0.3 per cent


def test_numbering_the_seed_again_changes_nothing(seed: Document) -> None:
    """The seed's paragraphs already run 1 to 53 (the summary unnumbered, 39 (a)–(e))."""
    assert prose.renumbered(seed) == seed


def test_an_explanation_quotes_the_table_and_takes_its_numbers(seed: Document) -> None:
    typed = ["Fewer flights between two sites.", "Fuel was cheaper."]
    edited = prose.with_explanation(ProposalContent(document=blank(seed)), "medical", typed)
    (medical,) = edited.document.variance_explanations
    assert medical.amount == Decimal("-6.8") and medical.percentage == Decimal("-7.1")
    # No paragraph before them: the explanation's paragraphs are 1 and 2.
    assert [(p.number, p.text) for p in medical.paragraphs] == [(1, typed[0]), (2, typed[1])]
    with pytest.raises(InputError, match=r"variance_explanations\.medical\.paragraphs\.1: empty"):
        prose.with_explanation(ProposalContent(document=seed), "medical", ["Fine.", " "])
    with pytest.raises(InputError, match="not a class of the money table"):
        prose.with_explanation(ProposalContent(document=seed), "gross_requirements", ["x"])
    removed = prose.with_explanation(ProposalContent(document=seed), "medical", [])
    assert "medical" not in {e.line for e in removed.document.variance_explanations}
    # Its copy in section III went with it; quick-impact projects' 52 became 51.
    assert len([p for p in removed.document.paragraphs if p.section == "III"]) == 10
    assert removed.document.variance_explanations[-1].paragraphs[0].number == 51


def test_paragraphs_are_added_in_their_section_and_numbered(seed: Document) -> None:
    items = [prose.EditedParagraph(section="Planning assumptions", text="One."),
             prose.EditedParagraph(section="Partnerships", text="Two."),
             prose.EditedParagraph(section="Partnerships", text="(a) sub.", letter="A"),
             prose.EditedParagraph(section="Summary", text="Unnumbered.", numbered=False)]
    edited = prose.with_paragraphs(ProposalContent(document=blank(seed)), items)
    assert [(p.section, p.number, p.letter) for p in edited.document.paragraphs] == [
        ("Planning assumptions", 1, None), ("Partnerships", 2, None),
        ("Partnerships", 2, "a"), ("Summary", None, None)]
    with pytest.raises(InputError, match=r"paragraphs\.new\.section: empty"):
        prose.with_paragraphs(ProposalContent(document=seed),
                              [prose.EditedParagraph(section=" ", text="Text.")])
    with pytest.raises(InputError, match=r"paragraphs\.99: no paragraph 99"):
        prose.with_paragraphs(ProposalContent(document=seed),
                              [prose.EditedParagraph(section="I.A", text="x", position=99)])


def test_the_follow_up_is_checked_row_by_row(seed: Document) -> None:
    rows = [prose.EditedRequest(body="acabq", request="Report on fuel.", action="Done.",
                                reference="A/80/1")]
    edited = prose.with_follow_up(ProposalContent(document=blank(seed)), rows)
    assert edited.document.follow_up[0].reference == "A/80/1"
    assert edited.document.follow_up[0].heading is None
    for row, message in ((prose.EditedRequest(body="council", request="r", action="a"),
                          "follow_up.0.body"),
                         (prose.EditedRequest(body="acabq", request="r", action=""),
                          "follow_up.0.action: empty")):
        with pytest.raises(InputError, match=message):
            prose.with_follow_up(ProposalContent(document=seed), [row])


def test_a_draft_comes_from_the_attribution_of_the_tables_variance(
        sqlite_engine: Engine, seed: Document) -> None:
    """The drivers of UNMIK 2025/26 are read from its stored budget: the draft explains
    the variance of the proposal's table as ``rbb draft`` would."""
    DocumentStore(sqlite_engine).save(seed)
    costing = CostingService(sqlite_engine)
    drafts = prose.drafted_explanations(costing, blank(seed), ["ground_transportation",
                                                               "official_travel"])
    # Official travel: 315.8 both years, no variance, no draft.
    assert set(drafts) == {"ground_transportation"}
    draft = drafts["ground_transportation"]
    assert draft.amount == Decimal("-88.5") and draft.percentage == Decimal("-38.6")
    assert draft.paragraphs[0].text.startswith("The reduced requirements are attributable")
    other = blank(seed).model_copy(update={"mission": seed.mission.model_copy(
        update={"code": "MINUSCA"})})
    assert prose.drafted_explanations(costing, other, ["ground_transportation"]) == {}


def test_a_drafted_proposal_gets_its_draft_from_the_drivers_carried(
        sqlite_engine: Engine, seed: Document) -> None:
    """No drivers or budget of 2026/27 are stored: those of 2025/26 are carried forward,
    as ``rbb draft`` carries them. Unedited they change nothing, so a cost estimate
    typed higher is all residual."""
    DocumentStore(sqlite_engine).save(seed)
    costing = CostingService(sqlite_engine)
    drafted = costing.draft(DocumentRef.parse("UNMIK:2025/26"), Period.parse("2026/27"),
                            store=False).document
    table = next(t for t in drafted.financial_tables if t.key == "financial_resources")
    rows = tuple(r.model_copy(update={"values": {
        **r.values, "cost_estimates_2026_27": r.values["cost_estimates_2026_27"]
        + Decimal("50.0")}}) if r.line == "medical" else r for r in table.rows)
    edited = drafted.model_copy(update={"financial_tables": tuple(
        t.model_copy(update={"rows": rows}) if t is table else t
        for t in drafted.financial_tables)})
    (medical,) = [c for c in prose.class_variances(edited) if c.line == "medical"]
    # Medical: 89.4 carried, typed 139.4: a variance of 50.0, 55.9 per cent of 89.4.
    assert medical.amount == Decimal("50.0") and medical.percentage == Decimal("55.9")
    assert medical.over and medical.explanation is None
    draft = prose.drafted_explanations(costing, edited, ["medical"])["medical"]
    assert [p.text for p in draft.paragraphs] == [
        "A residual of 50.0 thousand dollars is not explained by the cost drivers."]
