"""A framework component edited as form fields (rbb.services.framework_edits): the seed's
components survive the form unchanged, an edit changes only what it names, an item is
added with the next number or removed, a component added (its key, number and name) or
removed, and each refusal names the field."""

from __future__ import annotations

from decimal import Decimal

import pytest

from rbb.model import Document
from rbb.model.cycle import Period
from rbb.model.errors import InputError
from rbb.model.frameworks import Comparator, Component
from rbb.model.proposals import ProposalContent
from rbb.services.framework_edits import (
    ComponentForm,
    apply_form,
    check_component,
    component_form,
    form_from_fields,
    new_component,
    next_component_number,
    next_number,
    without,
    written_target,
)
from rbb.services.proposal_diff import WordOp, compare
from tests.conftest import BUDGET_SEED, imported

PERIOD = Period.parse("2025/26")


@pytest.fixture(scope="module")
def seed() -> Document:
    document = imported(BUDGET_SEED).document
    assert document is not None
    return document


def fields_of(form: ComponentForm) -> list[tuple[str, str]]:
    """The fields a browser posts for ``form`` (checkboxes unticked)."""
    found = [("name", form.name), ("external_factors", form.external_factors)]
    for ea in form.accomplishments:
        p = f"ea{ea.index}."
        found += [(p + "number", ea.number), (p + "text", ea.text)]
        for ind in ea.indicators:
            q = f"{p}ind{ind.index}."
            found += [(q + name, getattr(ind, name)) for name in (
                "number", "text", "comparator", "value", "unit", "tolerance", "printed")]
        for out in ea.outputs:
            q = f"{p}out{out.index}."
            found += [(q + "heading", out.heading), (q + "text", out.text),
                      (q + "quantities", out.quantities)]
    return found


def edited(component: Component, **changes: str) -> Component:
    fields = dict(fields_of(component_form(component, PERIOD)))
    fields.update(changes)
    typed = list(fields.items())
    return apply_form(form_from_fields(typed, component.key, component, PERIOD), component,
                      PERIOD)


def substantive(seed: Document) -> Component:
    return next(c for c in seed.components if c.key == "substantive")


def test_every_seed_component_comes_back_from_its_form_unchanged(seed: Document) -> None:
    for component in seed.components:
        assert edited(component) == component, component.key


def test_an_indicators_text_and_target_change_and_nothing_else(seed: Document) -> None:
    component = substantive(seed)
    # 1.1.2 is the second indicator of the first expected accomplishment: 15 for 2025/26
    after = edited(component, **{"ea0.ind1.text": "Human rights initiatives followed up",
                                 "ea0.ind1.comparator": "≥", "ea0.ind1.value": "95",
                                 "ea0.ind1.unit": "per cent"})
    indicator = after.expected_accomplishments[0].indicators[1]
    target = indicator.values[-1]
    assert indicator.text == "Human rights initiatives followed up"
    assert (target.period, target.value, target.comparator, target.text) == (
        PERIOD, Decimal(95), Comparator.AT_LEAST, "≥ 95 per cent")
    before = component.expected_accomplishments[0].indicators[1]
    assert indicator.values[0] == before.values[0]  # 2024/25: n/a, kept
    assert after.expected_accomplishments[1:] == component.expected_accomplishments[1:]


def test_an_output_is_added_and_one_removed(seed: Document) -> None:
    component = substantive(seed)
    outputs = component.expected_accomplishments[0].outputs
    after = edited(component, **{"ea0.out0.remove": "yes",
                                 "ea0.outnew.text": "Twelve town-hall meetings",
                                 "ea0.outnew.quantities": "12 meetings"})
    now = after.expected_accomplishments[0].outputs
    assert len(now) == len(outputs)  # one out, one in
    assert now[:-1] == outputs[1:]
    assert now[-1].text == "Twelve town-hall meetings"
    assert now[-1].quantities[0].value == Decimal(12)


def test_a_new_indicator_and_accomplishment_take_the_next_numbers(seed: Document) -> None:
    component = substantive(seed)
    form = component_form(component, PERIOD)
    assert form.accomplishments[0].indicators[-1].number == "1.1.3"  # after 1.1.2
    assert form.accomplishments[-1].number == "1.4"  # after 1.3
    assert next_number("2", ["2.1", "2.9", "3.10"]) == "2.10"
    after = edited(component, **{"eanew.text": "Wells dug in every district",
                                 "eanew.indnew.text": "Number of wells",
                                 "eanew.indnew.value": "40"})
    added = after.expected_accomplishments[-1]
    assert (added.number, added.indicators[0].number) == ("1.4", "1.4.1")
    assert added.indicators[0].values[0].text == "40"


@pytest.mark.parametrize(("changes", "message"), [
    ({"ea0.ind1.value": "lots"},
     "substantive 1.1.2 target: 'lots' is not a number (expected e.g. 95 or 4.5)"),
    ({"ea0.ind0.text": "  "}, "substantive 1.1.1 text: an indicator of achievement needs"),
    ({"ea0.ind1.value": "", "ea0.ind1.printed": "", "ea0.ind1.comparator": ""},
     "substantive 1.1.2 target: no value for 2025/26"),
    ({"ea0.ind1.value": "", "ea0.ind1.printed": "many"},
     "substantive 1.1.2 target: 'many' has no value"),
    ({"ea0.ind1.comparator": "≈"}, "substantive 1.1.2 comparator: '≈' is not one of"),
    ({"ea0.ind1.number": "1.1.1"}, "substantive 1.1.1 number: 1.1.1 is used twice"),
    ({"ea0.out2.quantities": "-5 field reports"},
     "substantive 1.1 output 3 quantities: '-5 field reports' is negative"),
    ({"ea0.ind0.comparator": "±"}, "substantive 1.1.1 tolerance: ± needs the tolerance"),
])
def test_each_refusal_names_the_field(seed: Document, changes: dict[str, str],
                                      message: str) -> None:
    with pytest.raises(InputError) as refused:
        edited(substantive(seed), **changes)
    assert str(refused.value).startswith(message)


def test_n_a_is_a_target_without_a_value(seed: Document) -> None:
    after = edited(substantive(seed), **{"ea0.ind1.value": "n/a"})
    target = after.expected_accomplishments[0].indicators[1].values[-1]
    assert (target.value, target.text) == (None, "n/a")


def test_a_component_from_elsewhere_is_held_to_the_same_rules() -> None:
    water = Component.model_validate({
        "key": "water_and_sanitation", "name": "Water", "expected_accomplishments": [{
            "number": "3.1", "text": "Clean water", "indicators": [{
                "number": "3.1.1", "text": "Households served", "values": [
                    {"period": "2024/25", "text": "80", "value": "80"}]}]}]})
    with pytest.raises(InputError, match=r"water_and_sanitation 3\.1\.1 target: no value "
                                         r"for 2025/26"):
        check_component(water, PERIOD)
    check_component(water, Period.parse("2024/25"))


def test_a_target_is_written_as_the_budget_prints_one() -> None:
    assert written_target(Decimal("2100"), None, None, None) == "2,100"
    assert written_target(Decimal("10.0"), "per cent", Comparator.PLUS_OR_MINUS,
                          Decimal(3)) == "10.0 per cent ± 3 per cent"
    assert written_target(None, None, None, None) == "n/a"


def test_two_revisions_compared_show_the_framework_changes(seed: Document) -> None:
    component = substantive(seed)
    after = edited(component, **{"ea0.ind1.value": "20", "ea0.ind1.text": "Human rights "
                                 "initiatives from the review followed up",
                                 "ea0.out0.remove": "yes"})
    new = seed.model_copy(update={"components": tuple(
        after if c.key == "substantive" else c for c in seed.components)})
    old_content, new_content = ProposalContent(document=seed), ProposalContent(document=new)
    changes = {t.where: t for t in compare(1, 1, old_content, 2, new_content).texts}
    target = changes["framework substantive 1.1.2 target 2025/26"]
    assert (target.old, target.new) == ("15", "20")
    assert (WordOp.ADDED, "20") in target.words
    assert "framework substantive 1.1.2 indicator" in changes
    removed = changes["framework substantive 1.1 output 1"]  # the first output, only it
    assert removed.new is None and removed.old == component.expected_accomplishments[
        0].outputs[0].text
    assert not [w for w in changes if w.startswith("framework substantive 1.1 output 2")]
    assert compare(1, 1, old_content, 1, old_content).same


# --- a component added or removed ----------------------------------------------------

def test_a_new_component_is_numbered_after_the_seeds_and_holds_only_its_name(
        seed: Document) -> None:
    # The seed numbers substantive 1 and support 2 (executive direction is unnumbered).
    assert next_component_number(seed.components) == 3
    assert next_component_number(()) == 1
    added = new_component(seed.components, " rule_of_law ", "3", " Rule   of law ",
                          "Courts  reopen.")
    assert (added.key, added.number, added.name, added.external_factors,
            added.expected_accomplishments) == ("rule_of_law", 3, "Rule of law",
                                                "Courts reopen.", ())


@pytest.mark.parametrize(("key", "number", "name", "message"), [
    ("support", "3", "Support", "key: the revision has a component support already"),
    ("rule-of-law", "3", "Rule of law", "key: 'rule-of-law' is not a component key"),
    ("", "3", "Rule of law", "key: '' is not a component key"),
    ("rule_of_law", "1", "Rule of law", "rule_of_law number: 1 is the number of "
                                        "component substantive (e.g. 3)"),
    ("rule_of_law", "0", "Rule of law", "rule_of_law number: '0' is not a component number"),
    ("rule_of_law", "3.1", "Rule of law", "rule_of_law number: '3.1' is not a component"),
    ("rule_of_law", "3", " ", "rule_of_law name: a component needs its name"),
    ("rule_of_law", "3", "x" * 501, "rule_of_law name: longer than 500 characters"),
])
def test_a_new_component_is_refused_naming_the_field(seed: Document, key: str, number: str,
                                                     name: str, message: str) -> None:
    with pytest.raises(InputError) as refused:
        new_component(seed.components, key, number, name)
    assert str(refused.value).startswith(message)


def test_a_component_removed_leaves_the_others_as_they_were(seed: Document) -> None:
    left = without(seed.components, "substantive")
    assert left == (seed.components[0], seed.components[2])
    with pytest.raises(InputError, match=r"^component: the revision has no component "
                                         r"rule_of_law"):
        without(seed.components, "rule_of_law")
