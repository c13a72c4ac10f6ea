"""The three-way merge of two revisions edited from the same one
(rbb.services.proposal_merge): its laws drawn by Hypothesis over JSON trees, then two
editors of the embedded UNMIK budget editing different indicators, the same paragraph,
the post actions, and a tree not from the seed."""

from __future__ import annotations

import copy
import json
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from rbb.model.post_actions import post_action
from rbb.model.proposals import Choice, ProposalContent
from rbb.services.proposal_merge import (
    JUSTIFICATION_SECTION,
    derived_content,
    merge,
    merge_contents,
)
from tests.conftest import BUDGET_SEED, imported

leaves = st.sampled_from([0, 1, "a", "b", None, True])
trees = st.recursive(
    leaves,
    lambda children: st.lists(children, max_size=3)
    | st.dictionaries(st.sampled_from(["a", "b", "c"]), children, max_size=3),
    max_leaves=12)
actions = st.lists(st.fixed_dictionaries({"id": st.sampled_from(["a1", "a2", "a3"]),
                                          "count": leaves}), max_size=3)
contents = st.fixed_dictionaries({"post_actions": actions, "document": trees})


def swapped(result: Any) -> list[str]:
    return sorted(json.dumps([c.path, c.base, c.theirs, c.mine]) for c in result.conflicts)


def plain(result: Any) -> list[str]:
    return sorted(json.dumps([c.path, c.base, c.mine, c.theirs]) for c in result.conflicts)


@given(contents, contents)
def test_an_edit_on_one_side_only_is_that_edit(base: Any, edited: Any) -> None:
    assert merge(base, edited, base).merged == edited
    assert merge(base, base, edited).merged == edited
    assert merge(base, base, edited).conflicts == merge(base, edited, base).conflicts == ()


@given(contents, contents, contents)
def test_a_conflict_is_the_same_whichever_side_saves(base: Any, mine: Any, theirs: Any
                                                     ) -> None:
    assert plain(merge(base, mine, theirs)) == swapped(merge(base, theirs, mine))


@given(st.dictionaries(st.sampled_from("abcdefgh"), trees, min_size=2),
       st.data())
def test_edits_of_different_fields_are_both_kept(base: dict[str, Any], data: Any) -> None:
    keys = sorted(base)
    split = data.draw(st.integers(1, len(keys) - 1))
    mine, theirs = dict(base), dict(base)
    for key in keys[:split]:
        mine[key] = data.draw(trees)
    for key in keys[split:]:
        theirs[key] = data.draw(trees)
    result = merge(base, mine, theirs)
    assert result.conflicts == ()
    assert result.merged == {**base, **{k: mine[k] for k in keys[:split]},
                             **{k: theirs[k] for k in keys[split:]}}


@given(actions, st.data())
def test_post_actions_merge_by_their_id(base: list[dict[str, Any]], data: Any) -> None:
    """An action added on one side, another edited or removed on the other: both land."""
    base = list({a["id"]: a for a in base}.values())
    tree = {"post_actions": base}
    added = {"id": "new", "count": 9}
    mine = {"post_actions": [*base, added]}
    theirs = {"post_actions": [{**a, "count": "edited"} for a in base[:1]] + base[1:]}
    if base and data.draw(st.booleans()):
        theirs = {"post_actions": base[1:]}
    merged = merge(tree, mine, theirs)
    assert merged.conflicts == ()
    assert merged.merged == {"post_actions": [*theirs["post_actions"], added]}


# --- the embedded UNMIK budget ------------------------------------------------------

@pytest.fixture(scope="module")
def seed() -> ProposalContent:
    document = imported(BUDGET_SEED).document
    assert document is not None
    return ProposalContent(document=document.model_copy(update={"draft": True}))


def indicator(tree: dict[str, Any], component: str, number: str) -> dict[str, Any]:
    found: dict[str, Any] = next(
        i for c in tree["document"]["components"] if c["key"] == component
        for a in c["expected_accomplishments"] for i in a["indicators"]
        if i["number"] == number)
    return found


def test_two_editors_of_different_indicators_both_land(seed: ProposalContent) -> None:
    base = seed.model_dump(mode="json")
    mine, theirs = copy.deepcopy(base), copy.deepcopy(base)
    indicator(mine, "substantive", "1.1.1")["text"] = "Municipalities hold 40 meetings"
    indicator(theirs, "substantive", "1.1.2")["text"] = "Returns rise in every region"
    result = merge(base, mine, theirs)
    assert result.conflicts == ()
    assert indicator(result.merged, "substantive", "1.1.1")["text"] == (
        "Municipalities hold 40 meetings")
    assert indicator(result.merged, "substantive", "1.1.2")["text"] == (
        "Returns rise in every region")
    assert ProposalContent.model_validate(result.merged).document.components


def test_two_editors_of_the_same_paragraph_conflict_until_one_is_chosen(
        seed: ProposalContent) -> None:
    base = seed.model_dump(mode="json")
    mine, theirs = copy.deepcopy(base), copy.deepcopy(base)
    mine["document"]["paragraphs"][0]["text"] = "Mine."
    theirs["document"]["paragraphs"][0]["text"] = "Theirs."
    indicator(theirs, "substantive", "1.1.2")["text"] = "Also theirs"
    (conflict,) = merge(base, mine, theirs).conflicts
    assert conflict.path == "document/paragraphs/1/text"
    assert conflict.label == "Paragraphs › 1 › text"
    assert (conflict.base, conflict.mine, conflict.theirs) == (
        base["document"]["paragraphs"][0]["text"], "Mine.", "Theirs.")
    for choice, kept in ((Choice.MINE, "Mine."), (Choice.THEIRS, "Theirs.")):
        result = merge(base, mine, theirs, {conflict.path: choice})
        assert result.conflicts == ()
        assert result.merged["document"]["paragraphs"][0]["text"] == kept
        assert indicator(result.merged, "substantive", "1.1.2")["text"] == "Also theirs"


def test_a_conflict_names_the_indicator_as_a_reader_does(seed: ProposalContent) -> None:
    base = seed.model_dump(mode="json")
    mine, theirs = copy.deepcopy(base), copy.deepcopy(base)
    indicator(mine, "substantive", "1.1.2")["text"] = "one"
    indicator(theirs, "substantive", "1.1.2")["text"] = "two"
    (conflict,) = merge(base, mine, theirs).conflicts
    assert conflict.path == ("document/components/substantive/expected_accomplishments/1.1/"
                             "indicators/1.1.2/text")
    assert conflict.label == ("Frameworks › substantive › expected accomplishment 1.1 › "
                              "indicator 1.1.2 › text")


def test_money_rows_merge_by_line_and_a_slash_in_a_key_is_escaped() -> None:
    """A tree not from the seed: a row added on one side, another edited on the other."""
    def table(*rows: tuple[str, str]) -> dict[str, Any]:
        return {"document": {"financial_tables": [{"key": "t/1", "rows": [
            {"line": line, "values": {"x": value}} for line, value in rows]}]}}

    base = table(("fuel", "10"), ("rations", "20"))
    mine = table(("fuel", "11"), ("rations", "20"))
    theirs = table(("fuel", "10"), ("water", "5"), ("rations", "20"))
    assert merge(base, mine, theirs).merged == table(("fuel", "11"), ("water", "5"),
                                                     ("rations", "20"))
    (conflict,) = merge(base, mine, table(("fuel", "12"), ("rations", "20"))).conflicts
    assert conflict.path == "document/financial_tables/t%2F1/rows/fuel/values/x"
    assert conflict.label == "Money tables › t/1 › row fuel › values › x"


def test_a_record_removed_on_one_side_and_edited_on_the_other_conflicts() -> None:
    base = {"post_actions": [{"id": "a1", "count": 1}, {"id": "a2", "count": 2}]}
    mine = {"post_actions": [{"id": "a2", "count": 2}]}
    theirs = {"post_actions": [{"id": "a1", "count": 5}, {"id": "a2", "count": 2}]}
    (conflict,) = merge(base, mine, theirs).conflicts
    assert (conflict.path, conflict.label, conflict.mine) == (
        "post_actions/a1", "Post actions › a1", None)
    assert merge(base, mine, theirs, {"post_actions/a1": Choice.MINE}).merged == mine


def test_driver_edits_merge_as_one_field(seed: ProposalContent) -> None:
    """Appended on one side, they land with the other side's edit of another part;
    appended on both, differently, they are one conflict (their order is their meaning,
    so never merged edit by edit), decided by a choice; the same on both, kept."""
    rate = "vacancy_factor.international_staff=10.0"
    base = seed.model_copy(update={"driver_edits": (rate,)})
    mine = base.model_copy(update={"driver_edits": (rate, "exchange_rate.EUR=0.95")})
    theirs = base.model_copy(update={"document": base.document.model_copy(
        update={"title": "Budget, edited"})})
    merged = merge_contents(base, mine, theirs).content
    assert merged is not None
    assert merged.driver_edits == mine.driver_edits
    assert merged.document.title == "Budget, edited"

    other = base.model_copy(update={"driver_edits": (rate, "exchange_rate.EUR=+2")})
    (conflict,) = merge_contents(base, mine, other).conflicts
    assert (conflict.path, conflict.label) == ("driver_edits", "driver edits")
    assert (conflict.base, conflict.mine, conflict.theirs) == (
        [rate], [rate, "exchange_rate.EUR=0.95"], [rate, "exchange_rate.EUR=+2"])
    chosen = merge_contents(base, mine, other, {"driver_edits": Choice.THEIRS}).content
    assert chosen is not None and chosen.driver_edits == other.driver_edits
    assert merge_contents(base, mine, mine).content == mine

    # Same length on all three sides (a restore, then an edit): still one field.
    restored = base.model_copy(update={"driver_edits": ("exchange_rate.EUR=+2",)})
    edited = base.model_copy(update={"driver_edits": ("exchange_rate.EUR=0.95",)})
    (whole,) = merge_contents(base, restored, edited).conflicts
    assert whole.path == "driver_edits"


def legal_officer(count: int = 1) -> Any:
    return post_action(id="legal", kind="establishment", component="substantive",
                       office="Office of Legal Affairs", grade="P-4", count=count,
                       functional_title="Legal Officer", justification="the caseload grew")


def test_post_actions_derive_the_tables_and_their_paragraphs(seed: ProposalContent) -> None:
    derived = derived_content(seed.model_copy(update={"post_actions": (legal_officer(),)}))
    (paragraph,) = [p for p in derived.document.paragraphs
                    if p.section == JUSTIFICATION_SECTION]
    assert paragraph.text.startswith("It is proposed to establish one post of Legal "
                                     "Officer (P-4) in the Office of Legal Affairs.")
    assert derived.document.staffing_tables != seed.document.staffing_tables
    # Saving it again replaces the paragraph, never adds another.
    again = derived_content(derived)
    assert again == derived
    assert derived_content(seed) == seed  # without actions, the tables stay as they are


def test_actions_added_on_both_sides_both_land_and_the_tables_follow(
        seed: ProposalContent) -> None:
    base = derived_content(seed.model_copy(update={"post_actions": (legal_officer(),)}))
    other = post_action(id="driver", kind="abolishment", component="support",
                        office="Security Section", grade="NGS", count=1)
    mine = derived_content(base.model_copy(update={"post_actions": (legal_officer(2),)}))
    theirs = derived_content(base.model_copy(update={
        "post_actions": (legal_officer(), other)}))
    result = merge_contents(base, mine, theirs)
    assert result.conflicts == () and result.content is not None
    merged = derived_content(result.content)
    assert [(a.id, a.count) for a in merged.post_actions] == [("legal", 2), ("driver", 1)]
    both = derived_content(seed.model_copy(update={
        "post_actions": (legal_officer(2), other)}))
    assert merged == both


def test_the_report_prints_the_justifications_beside_the_staffing_tables(
        seed: ProposalContent) -> None:
    from rbb.reports.build import build_report

    derived = derived_content(seed.model_copy(update={"post_actions": (legal_officer(),)}))
    found: list[str] = []

    def walk(sections: Any) -> None:
        for section in sections:
            found.extend(section.key for b in section.blocks
                         if "It is proposed to establish" in str(getattr(b, "text", "")))
            walk(section.children)

    walk(build_report(derived.document).sections)
    assert found == ["I.D"]  # Results-based budgeting frameworks
